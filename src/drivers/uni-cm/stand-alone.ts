/**
 * The stand-alone UNI call manager: a protocol driver that binds to a CoNDIS ATM miniport,
 * creates and activates its signaling VCs (0/5 for Q.2931, 0/16 for ILMI) with a NULL AF handle
 * in ProtocolBindAdapterEx, registers the Q.2931 address family, and sends every signaling
 * frame with NdisCoSendNetBufferLists. SSCOP comes up on 0/5 when the binding restarts; calls
 * (calls.ts) get VCs the miniport carries by their VPI/VCI, activated with NdisCmActivateVc.
 */
import {
  type DRIVER_INITIALIZE,
  NDIS_MEDIUM,
  type NDIS_NBL_POOL,
  NDIS_OBJECT_TYPE,
  NDIS_RECEIVE_FLAGS_RESOURCES,
  NDIS_RETURN_FLAGS_DISPATCH_LEVEL,
  NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisAllocateIoWorkItem,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisCloseAdapterEx,
  NdisCmActivateVc,
  NdisCmDeactivateVc,
  NdisCmRegisterAddressFamilyEx,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  NdisCompleteUnbindAdapterEx,
  NdisCoSendNetBufferLists,
  NdisDeregisterProtocolDriver,
  NdisFreeIoWorkItem,
  NdisFreeNetBufferList,
  NdisFreeNetBufferListPool,
  type NdisHandle,
  NdisOpenAdapterEx,
  NdisQueueIoWorkItem,
  NdisRegisterProtocolDriver,
  NdisReturnNetBufferLists,
  NdisSetOptionalHandlers,
  type NET_BUFFER_LIST,
  NET_PNP_EVENT_CODE,
} from "../../ndis/index.ts";
import { ILMI_VCI, ILMI_VPI } from "../../signaling/ilmi/index.ts";
import { atmVcParameters } from "../atm-media.ts";
import { UniCalls } from "./calls.ts";
import { UniCmCore } from "./core.ts";
import { uniCmHandlers } from "./handlers.ts";
import type { UniSignalingTiming } from "./signaling.ts";
import { UNI_ADDRESS_FAMILY } from "./stubs.ts";

/** A signaling VC of the call manager (its ProtocolVcContext). */
interface SignalingVc {
  readonly kind: "ilmi" | "q2931";
  handle: NdisHandle<"Vc"> | null;
  active: boolean;
}

/** The call manager's per-binding context. */
export interface UniCmBinding {
  readonly adapterName: string;
  handle: NdisHandle<"Binding"> | null;
  readonly core: UniCmCore;
  /** Its calls and signaling (SSCOP + Q.2931 on 0/5). */
  readonly calls: UniCalls;
  pool: NDIS_NBL_POOL | null;
  readonly vcs: SignalingVc[];
  linkUp: boolean;
  /** Sends handed to NDIS and not yet completed. */
  sendsInFlight: number;
  unbind: {
    readonly context: NdisHandle<"UnbindContext">;
    pended: boolean;
    phase: "closing-afs" | "deactivating" | "draining" | "done";
  } | null;
  /** SSCOP frames received on 0/5. */
  q2931Frames: number;
  /** An unbind step is queued on a work item. */
  stepQueued: boolean;
}

/** Options of the stand-alone call manager. */
export interface UniCallManagerInit {
  /** SSCOP and Q.2931 timer overrides. */
  readonly timing?: UniSignalingTiming;
}

/** The stand-alone UNI call manager driver. */
export function uniCallManager(
  name = "UNICM",
  init: UniCallManagerInit = {},
): { DriverEntry: DRIVER_INITIALIZE; bindings: UniCmBinding[] } {
  const bindings: UniCmBinding[] = [];
  let protocolHandle: NdisHandle<"Protocol"> | null = null;
  const bindingOf = (ctx: unknown) => ctx as UniCmBinding;

  const send = (b: UniCmBinding, vc: SignalingVc, bytes: Uint8Array): void => {
    if (b.pool === null || vc.handle === null || !vc.active || b.unbind?.phase === "done") return;
    const nbl = NdisAllocateNetBufferAndNetBufferList(b.pool, 0, 0, bytes, 0, bytes.length);
    if (nbl === null) return;
    nbl.SourceHandle = vc.handle;
    b.sendsInFlight++;
    NdisCoSendNetBufferLists(vc.handle, nbl, 0);
  };

  /**
   * Schedules the next unbind step on a PASSIVE work item: the step closes the adapter, which
   * must not happen inside the handler (a close-AF or a receive) that made it possible.
   */
  const scheduleUnbindStep = (b: UniCmBinding): void => {
    if (b.unbind === null || b.unbind.phase === "done" || b.handle === null || b.stepQueued) return;
    const item = NdisAllocateIoWorkItem(b.handle);
    if (item === null) return;
    b.stepQueued = true;
    NdisQueueIoWorkItem(
      item,
      () => {
        NdisFreeIoWorkItem(item);
        b.stepQueued = false;
        advanceUnbind(b);
      },
      b,
    );
  };

  /** Moves an unbind forward: AFs closed → signaling VCs deactivated and deleted → sends drained → close. */
  const advanceUnbind = (b: UniCmBinding): void => {
    const u = b.unbind;
    if (u === null) return;
    if (u.phase === "closing-afs") {
      if (b.core.afs.size > 0) return;
      u.phase = "deactivating";
      b.calls.close();
      b.core.close();
      for (const vc of b.vcs) {
        if (vc.handle === null || !vc.active) continue;
        const status = NdisCmDeactivateVc(vc.handle);
        if (status !== NDIS_STATUS_PENDING) vc.active = false;
      }
    }
    if (u.phase === "deactivating") {
      if (b.vcs.some((vc) => vc.active)) return;
      u.phase = "draining";
    }
    if (u.phase === "draining") {
      if (b.sendsInFlight > 0) return;
      u.phase = "done";
      for (const vc of b.vcs) {
        if (vc.handle !== null) NdisCoDeleteVc(vc.handle);
        vc.handle = null;
      }
      if (b.pool !== null) NdisFreeNetBufferListPool(b.pool);
      b.pool = null;
      const handle = b.handle;
      b.handle = null;
      if (handle !== null) NdisCloseAdapterEx(handle);
      if (u.pended) NdisCompleteUnbindAdapterEx(u.context);
    }
  };

  const DriverEntry: DRIVER_INITIALIZE = (DriverObject) => {
    const result = NdisRegisterProtocolDriver(null, {
      Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, Revision: 2 },
      MajorNdisVersion: 6,
      MinorNdisVersion: 0,
      Name: name,
      SetOptionsHandler: (NdisDriverHandle) => {
        const co = NdisSetOptionalHandlers(NdisDriverHandle, {
          Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS, Revision: 1 },
          CoAfRegisterNotifyHandler: () => {},
          CoStatusHandlerEx: (ctx, vcCtx, indication) => {
            const b = bindingOf(ctx);
            if (vcCtx !== null) return;
            if (indication.StatusCode === NDIS_STATUS.NDIS_STATUS_MEDIA_DISCONNECT && b.linkUp) {
              b.linkUp = false;
              b.core.linkLost();
              b.calls.linkLost();
            }
            if (indication.StatusCode === NDIS_STATUS.NDIS_STATUS_MEDIA_CONNECT && !b.linkUp) {
              b.linkUp = true;
              b.core.linkRestored();
              if (b.unbind === null) b.calls.start();
            }
          },
          CoReceiveNetBufferListsHandler: (ctx, vcCtx, nbls, _n, flags) => {
            const b = bindingOf(ctx);
            const vc = vcCtx as SignalingVc;
            // Copy the frames and give the NBLs back first: what they trigger may tear the VC down.
            const frames: Uint8Array[] = [];
            for (let nbl: NET_BUFFER_LIST | null = nbls; nbl !== null; nbl = nbl.Next) {
              for (let nb = nbl.FirstNetBuffer; nb !== null; nb = nb.Next)
                frames.push(nb.Data.slice(nb.DataOffset, nb.DataOffset + nb.DataLength));
            }
            if ((flags & NDIS_RECEIVE_FLAGS_RESOURCES) === 0 && b.handle !== null)
              NdisReturnNetBufferLists(b.handle, nbls, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
            for (const bytes of frames) {
              if (vc.kind === "ilmi") b.core.receiveIlmi(bytes);
              else {
                b.q2931Frames++;
                b.calls.receive(bytes);
              }
            }
          },
          CoSendNetBufferListsCompleteHandler: (vcCtx, nbls) => {
            const b = bindings.find((x) => x.vcs.includes(vcCtx as SignalingVc));
            for (
              let nbl: NET_BUFFER_LIST | null = nbls, next: NET_BUFFER_LIST | null;
              nbl !== null;
              nbl = next
            ) {
              next = nbl.Next;
              NdisFreeNetBufferList(nbl);
              if (b !== undefined) b.sendsInFlight--;
            }
            if (b !== undefined) scheduleUnbindStep(b);
          },
        });
        if (co !== NDIS_STATUS_SUCCESS) return co;
        return NdisSetOptionalHandlers(
          NdisDriverHandle,
          uniCmHandlers(
            () => bindings,
            (ctx, af, h) => bindingOf(ctx).core.openAf(ctx, af, h),
            {
              // The signaling VCs' own activations and deactivations.
              activate: (status, vcCtx) => {
                const vc = vcCtx as SignalingVc;
                vc.active = status === NDIS_STATUS_SUCCESS;
              },
              deactivate: (_status, vcCtx) => {
                const vc = vcCtx as SignalingVc;
                vc.active = false;
                const b = bindings.find((x) => x.vcs.includes(vc));
                if (b !== undefined) scheduleUnbindStep(b);
              },
            },
          ),
        );
      },
      BindAdapterHandlerEx: (_ctx, BindContext, params) => {
        if (protocolHandle === null) return NDIS_STATUS_FAILURE;
        const b: UniCmBinding = {
          adapterName: params.AdapterName,
          handle: null,
          core: undefined as unknown as UniCmCore,
          calls: undefined as unknown as UniCalls,
          pool: null,
          vcs: [
            { kind: "q2931", handle: null, active: false },
            { kind: "ilmi", handle: null, active: false },
          ],
          linkUp: true,
          sendsInFlight: 0,
          unbind: null,
          q2931Frames: 0,
          stepQueued: false,
        };
        const ilmiVc = b.vcs[1] as SignalingVc;
        (b as { core: UniCmCore }).core = new UniCmCore({
          form: "cm",
          owner: () => b.handle as NdisHandle<"Binding">,
          sendIlmi: (bytes) => send(b, ilmiVc, bytes),
          linkUp: () => b.linkUp,
        });
        b.core.onAllClosed = () => scheduleUnbindStep(b);
        const q2931Vc = b.vcs[0] as SignalingVc;
        const vcOf = (call: { vc: NdisHandle<"Vc"> | null }) => call.vc as NdisHandle<"Vc">;
        (b as { calls: UniCalls }).calls = new UniCalls(
          {
            form: "cm",
            owner: () => b.handle as NdisHandle<"Binding">,
            sendSignaling: (bytes) => send(b, q2931Vc, bytes),
            createVc: (af, call) =>
              b.handle === null ? null : NdisCoCreateVc(b.handle, af, call).NdisVcHandle,
            deleteVc: (vc) => NdisCoDeleteVc(vc),
            activateVc: (call, params) => NdisCmActivateVc(vcOf(call), params),
            deactivateVc: (call) => NdisCmDeactivateVc(vcOf(call)),
          },
          b.core,
          init.timing,
        );
        const open = NdisOpenAdapterEx(
          protocolHandle,
          b,
          {
            Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_OPEN_PARAMETERS, Revision: 1 },
            AdapterName: params.AdapterName,
            MediumArray: [NDIS_MEDIUM.NdisMediumAtm],
          },
          BindContext,
        );
        if (open.status !== NDIS_STATUS_SUCCESS || open.NdisBindingHandle === null) return open.status;
        b.handle = open.NdisBindingHandle;
        b.pool = NdisAllocateNetBufferListPool(b.handle, { PoolTag: 0x67695355, fAllocateNetBuffer: true });
        // The signaling VCs to the network control agent: NULL AF handle, activated at once.
        for (const vc of b.vcs) {
          const created = NdisCoCreateVc(b.handle, null, vc);
          if (created.NdisVcHandle === null) continue;
          vc.handle = created.NdisVcHandle;
          const status = NdisCmActivateVc(
            vc.handle,
            atmVcParameters(ILMI_VPI, vc.kind === "ilmi" ? ILMI_VCI : 5),
          );
          vc.active = status === NDIS_STATUS_SUCCESS;
        }
        bindings.push(b);
        NdisCmRegisterAddressFamilyEx(b.handle, { ...UNI_ADDRESS_FAMILY });
        return NDIS_STATUS_SUCCESS;
      },
      UnbindAdapterHandlerEx: (UnbindContext, ctx) => {
        const b = bindingOf(ctx);
        // Every step of the teardown runs later from a work item; the unbind completes then.
        b.unbind = { context: UnbindContext, pended: true, phase: "closing-afs" };
        b.core.notifyCloseAll();
        scheduleUnbindStep(b);
        return NDIS_STATUS_PENDING;
      },
      OpenAdapterCompleteHandlerEx: () => {},
      CloseAdapterCompleteHandlerEx: () => {},
      NetPnPEventHandler: (ctx, event) => {
        // Sends may start once the binding runs: the ILMI agent starts then.
        if (event.NetPnPEvent.NetEvent === NET_PNP_EVENT_CODE.NetEventRestart) {
          const b = bindingOf(ctx);
          b.core.startIlmi();
          // SSCOP comes up on 0/5 with the binding.
          if (b.unbind === null && b.linkUp) b.calls.start();
        }
        return NDIS_STATUS_SUCCESS;
      },
    });
    protocolHandle = result.NdisProtocolHandle;
    DriverObject.DriverUnload = () => {
      if (protocolHandle !== null) NdisDeregisterProtocolDriver(protocolHandle);
    };
    return result.status;
  };
  return { DriverEntry, bindings };
}
