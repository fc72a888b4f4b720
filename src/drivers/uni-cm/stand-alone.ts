/**
 * The stand-alone UNI call manager: a protocol driver that binds to a CoNDIS ATM miniport,
 * creates and activates its signaling VCs (0/5 for Q.2931, 0/16 for ILMI) with a NULL AF handle
 * in ProtocolBindAdapterEx, registers the Q.2931 address family, and sends every signaling
 * frame with NdisCoSendNetBufferLists. Each binding is one UNI (uni.ts), given the NdisCm* DDI
 * table; it starts when the binding restarts, and its calls get VCs the miniport carries by their
 * VPI/VCI, activated with NdisCmActivateVc.
 */
import {
  type DRIVER_INITIALIZE,
  makeTag,
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
import { SIGNALING_VCI } from "../../signaling/q2931/index.ts";
import { atmVcParameters } from "../atm-media.ts";
import { CM_DDI } from "./ddi.ts";
import { uniCmHandlers } from "./handlers.ts";
import type { UniSignalingTiming } from "./signaling.ts";
import { UNI_ADDRESS_FAMILY } from "./stubs.ts";
import { Uni, type UniContext } from "./uni.ts";

/** The pool tag of a binding's NBL pool, which its signaling frames are sent from ("USig" in a pool dump). */
const SIGNALING_POOL_TAG = makeTag("giSU");

/** A signaling VC of the call manager (its ProtocolVcContext). */
interface SignalingVc {
  /** The binding it belongs to. */
  readonly binding: UniCmBinding;
  /** 5 (Q.2931 over SSCOP) or 16 (ILMI), on VPI 0. */
  readonly vci: number;
  handle: NdisHandle<"Vc"> | null;
  active: boolean;
}

/** The call manager's per-binding context (its ProtocolBindingContext): one UNI. */
export interface UniCmBinding extends UniContext {
  readonly adapterName: string;
  handle: NdisHandle<"Binding"> | null;
  pool: NDIS_NBL_POOL | null;
  readonly vcs: SignalingVc[];
  /** Sends handed to NDIS and not yet completed. */
  sendsInFlight: number;
  unbind: {
    readonly context: NdisHandle<"UnbindContext">;
    pended: boolean;
    phase: "closing-afs" | "deactivating" | "draining" | "done";
  } | null;
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

  const send = (b: UniCmBinding, vci: number, bytes: Uint8Array): void => {
    const vc = b.vcs.find((v) => v.vci === vci);
    if (vc === undefined || b.pool === null || vc.handle === null || !vc.active || b.unbind?.phase === "done")
      return;
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
      if (b.uni.core.afs.size > 0) return;
      u.phase = "deactivating";
      b.uni.close();
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
            if (indication.StatusCode === NDIS_STATUS.NDIS_STATUS_MEDIA_DISCONNECT) b.uni.link(false);
            if (indication.StatusCode === NDIS_STATUS.NDIS_STATUS_MEDIA_CONNECT)
              b.uni.link(true, b.unbind === null);
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
            for (const bytes of frames) b.uni.receiveSignaling(vc.vci, bytes);
          },
          CoSendNetBufferListsCompleteHandler: (vcCtx, nbls) => {
            const b = (vcCtx as SignalingVc).binding;
            for (
              let nbl: NET_BUFFER_LIST | null = nbls, next: NET_BUFFER_LIST | null;
              nbl !== null;
              nbl = next
            ) {
              next = nbl.Next;
              NdisFreeNetBufferList(nbl);
              b.sendsInFlight--;
            }
            scheduleUnbindStep(b);
          },
        });
        if (co !== NDIS_STATUS_SUCCESS) return co;
        return NdisSetOptionalHandlers(
          NdisDriverHandle,
          uniCmHandlers({
            // The signaling VCs' own activations and deactivations.
            activate: (status, vcCtx) => {
              const vc = vcCtx as SignalingVc;
              vc.active = status === NDIS_STATUS_SUCCESS;
            },
            deactivate: (_status, vcCtx) => {
              const vc = vcCtx as SignalingVc;
              vc.active = false;
              scheduleUnbindStep(vc.binding);
            },
          }),
        );
      },
      BindAdapterHandlerEx: (_ctx, BindContext, params) => {
        if (protocolHandle === null) return NDIS_STATUS_FAILURE;
        const b: UniCmBinding = {
          adapterName: params.AdapterName,
          handle: null,
          uni: new Uni(
            {
              name: params.AdapterName,
              ddi: CM_DDI,
              owner: () => b.handle as NdisHandle<"Binding">,
              sendSignaling: (vci, bytes) => send(b, vci, bytes),
              createVc: (af, call) =>
                b.handle === null ? null : NdisCoCreateVc(b.handle, af, call).NdisVcHandle,
            },
            { linkUp: true, timing: init.timing },
          ),
          pool: null,
          vcs: [],
          sendsInFlight: 0,
          unbind: null,
          stepQueued: false,
        };
        b.vcs.push(
          { binding: b, vci: SIGNALING_VCI, handle: null, active: false },
          { binding: b, vci: ILMI_VCI, handle: null, active: false },
        );
        b.uni.core.onAllClosed = () => scheduleUnbindStep(b);
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
        b.pool = NdisAllocateNetBufferListPool(b.handle, {
          PoolTag: SIGNALING_POOL_TAG,
          fAllocateNetBuffer: true,
        });
        // The signaling VCs to the network control agent: NULL AF handle, activated at once.
        for (const vc of b.vcs) {
          const created = NdisCoCreateVc(b.handle, null, vc);
          if (created.NdisVcHandle === null) continue;
          vc.handle = created.NdisVcHandle;
          const status = NdisCmActivateVc(vc.handle, atmVcParameters(ILMI_VPI, vc.vci));
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
        b.uni.core.notifyCloseAll();
        scheduleUnbindStep(b);
        return NDIS_STATUS_PENDING;
      },
      OpenAdapterCompleteHandlerEx: () => {},
      CloseAdapterCompleteHandlerEx: () => {},
      NetPnPEventHandler: (ctx, event) => {
        // Sends may start once the binding runs: the ILMI agent starts then.
        if (event.NetPnPEvent.NetEvent === NET_PNP_EVENT_CODE.NetEventRestart) {
          const b = bindingOf(ctx);
          // ILMI starts, and SSCOP comes up on 0/5 with the binding.
          if (b.unbind === null) b.uni.start();
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
