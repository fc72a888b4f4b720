/**
 * The UNI call manager as an MCM: a CoNDIS miniport with integrated call management. It
 * registers the Q.2931 address family with NdisMCmRegisterAddressFamilyEx; each adapter is one UNI
 * (uni.ts), given the NdisMCm* DDI table, whose ILMI (0/16) and signaling (SSCOP + Q.2931 on 0/5)
 * run directly on its medium; it never calls NdisCoSendNetBufferLists. It carries its clients' call
 * data itself, on the reference miniport's VC data path (`../vc-data-path.ts`):
 * MiniportCoSendNetBufferLists puts each NBL on the call's VPI/VCI and completes it from the
 * adapter's DPC, frames arriving on an active call VC are indicated to the client, and a call VC
 * with sends in flight is deactivated (NdisMCmDeactivateVc, which is synchronous) only once they
 * have completed.
 */
import type { MediumPort } from "../../media/medium.ts";
import {
  type DRIVER_INITIALIZE,
  makeTag,
  NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  NDIS_STATUS_VC_NOT_ACTIVATED,
  type NdisHandle,
  NdisMCmCreateVc,
  NdisMCmRegisterAddressFamilyEx,
  NdisMCoSendNetBufferListsComplete,
  NdisSetOptionalHandlers,
  type NET_BUFFER_LIST,
} from "../../ndis/index.ts";
import { ILMI_VCI, ILMI_VPI } from "../../signaling/ilmi/index.ts";
import { SIGNALING_VCI, SIGNALING_VPI } from "../../signaling/q2931/index.ts";
import { coMiniportDriverEntry, setAtmAdapterAttributes } from "../co-miniport-driver.ts";
import { type DataPathCounters, type DataPathVc, newDataPathVc, VcDataPath } from "../vc-data-path.ts";
import { MCM_DDI } from "./ddi.ts";
import { isCall, uniCmHandlers } from "./handlers.ts";
import type { UniSignalingTiming } from "./signaling.ts";
import { UNI_ADDRESS_FAMILY } from "./stubs.ts";
import type { AfUni, UniCall } from "./types.ts";
import { Uni, type UniContext } from "./uni.ts";

/** The pool tag of the MCM's receive NBLs and its data-path DPC timer. */
const UNI_MCM_TAG = makeTag("lbMU");

/** Frames the MCM carried for its clients. */
export type UniMcmCounters = DataPathCounters;

/** The MCM's per-adapter context (its MiniportAdapterContext): one UNI. */
export interface UniMcmAdapter extends UniContext {
  readonly name: string;
  readonly handle: NdisHandle<"Miniport">;
  readonly port: MediumPort;
  /** The call VCs' data path: active VCs by VPI/VCI, the receive pool, the send-completion DPC. */
  readonly data: VcDataPath;
  readonly counters: UniMcmCounters;
  halted: boolean;
}

/** Options of the MCM. */
export interface UniMcmInit {
  /** SSCOP and Q.2931 timer overrides. */
  readonly timing?: UniSignalingTiming;
}

/** The UNI MCM driver. */
export function uniMcm(init: UniMcmInit = {}): { DriverEntry: DRIVER_INITIALIZE; adapters: UniMcmAdapter[] } {
  const adapters: UniMcmAdapter[] = [];
  /** The adapter of each UNI, for the data path (a call's context names its UNI). */
  const adapterOf = new WeakMap<AfUni, UniMcmAdapter>();
  const adapterOfCall = (call: UniCall) => adapterOf.get(call.af.uni);
  /** The data-path state of each call VC the MCM has activated. */
  const dataVcs = new WeakMap<UniCall, DataPathVc>();
  const dataVcOf = (call: UniCall, handle: NdisHandle<"Vc">): DataPathVc => {
    let vc = dataVcs.get(call);
    if (vc === undefined || vc.handle !== handle) {
      vc = newDataPathVc(handle);
      dataVcs.set(call, vc);
    }
    return vc;
  };

  /** MiniportCoSendNetBufferLists: on the call VC's data path, as the reference miniport sends. */
  const send = (vcCtx: unknown, nbls: NET_BUFFER_LIST): void => {
    if (!isCall(vcCtx) || vcCtx.vc === null) return;
    const adapter = adapterOfCall(vcCtx);
    const vc = dataVcOf(vcCtx, vcCtx.vc);
    if (adapter !== undefined && !adapter.halted) adapter.data.send(vc, nbls);
    else {
      // The call is no longer the MCM's (its adapter halted): refused at once, as an inactive VC.
      for (let nbl: NET_BUFFER_LIST | null = nbls; nbl !== null; nbl = nbl.Next)
        nbl.Status = NDIS_STATUS_VC_NOT_ACTIVATED;
      NdisMCoSendNetBufferListsComplete(vc.handle, nbls, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    }
  };

  const DriverEntry = coMiniportDriverEntry({
    co: {
      CoCreateVcHandler: null,
      CoDeleteVcHandler: null,
      // NDIS does not call these for an MCM's VCs (NdisMCmActivateVc is synchronous).
      CoActivateVcHandler: () => NDIS_STATUS_SUCCESS,
      CoDeactivateVcHandler: () => NDIS_STATUS_SUCCESS,
      CoSendNetBufferListsHandler: send,
      CoOidRequestHandler: () => NDIS_STATUS_NOT_SUPPORTED,
    },
    moreOptionalHandlers: (NdisDriverHandle) =>
      NdisSetOptionalHandlers(
        NdisDriverHandle,
        // NDIS never calls the VC completions for an MCM, but every entry must be non-NULL.
        uniCmHandlers({ activate: () => {}, deactivate: () => {} }),
      ),
    initialize: (NdisMiniportHandle, _ctx, params) => {
      const port = params.Attachment as MediumPort | undefined;
      if (port === undefined || typeof port.send !== "function") return NDIS_STATUS_FAILURE;
      const data = VcDataPath.create(NdisMiniportHandle, port, UNI_MCM_TAG);
      if (data === undefined) return NDIS_STATUS_RESOURCES;
      const adapter: UniMcmAdapter = {
        name: params.AdapterName,
        handle: NdisMiniportHandle,
        port,
        uni: new Uni(
          {
            name: params.AdapterName,
            ddi: MCM_DDI,
            owner: () => NdisMiniportHandle,
            // The MCM transmits its signaling on the medium itself.
            sendSignaling: (vci, bytes) =>
              port.send({ vpi: vci === ILMI_VCI ? ILMI_VPI : SIGNALING_VPI, vci, payload: bytes }),
            createVc: (af, call) => NdisMCmCreateVc(NdisMiniportHandle, af, call).NdisVcHandle,
            dataActive: (call) => {
              const wire = call.connection;
              if (call.vc !== null && wire !== undefined) data.activate(dataVcOf(call, call.vc), wire);
            },
            // NdisMCmDeactivateVc is synchronous: with sends in flight the MCM waits for their
            // completions (as MiniportCoDeactivateVc pends) and deactivates from the DPC.
            dataDrain: (call, deactivate) => {
              const vc = dataVcs.get(call);
              if (vc === undefined || data.deactivate(vc, deactivate)) deactivate();
            },
          },
          { linkUp: port.linkUp, timing: init.timing },
        ),
        data,
        counters: data.counters,
        halted: false,
      };
      adapterOf.set(adapter.uni, adapter);
      setAtmAdapterAttributes(NdisMiniportHandle, adapter);
      port.onReceive((frame) => {
        if (adapter.halted) return;
        if (frame.vpi === 0 && (frame.vci === ILMI_VCI || frame.vci === SIGNALING_VCI))
          adapter.uni.receiveSignaling(frame.vci, frame.payload);
        else data.receive(frame);
      });
      port.onLinkState(() => {
        if (!adapter.halted) adapter.uni.link(port.linkUp);
      });
      adapters.push(adapter);
      return NdisMCmRegisterAddressFamilyEx(NdisMiniportHandle, { ...UNI_ADDRESS_FAMILY });
    },
    restart: (ctx) => {
      // ILMI starts, and SSCOP comes up on 0/5 with the adapter.
      (ctx as UniMcmAdapter).uni.start();
      return NDIS_STATUS_SUCCESS;
    },
    halt: (ctx) => {
      const adapter = ctx as UniMcmAdapter;
      adapter.uni.core.notifyCloseAll();
      // Sends in flight complete (and deactivations waiting for them finish) before the calls go.
      adapter.data.flush();
      adapter.uni.close();
      adapter.data.halt();
      adapter.halted = true;
    },
  });
  return { DriverEntry, adapters };
}
