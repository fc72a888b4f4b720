/**
 * The reference CoNDIS miniport: an ATM-style adapter over a medium port. Frames carry their
 * VC's VPI/VCI (from the ATM media parameters of the activation). It implements every handler
 * of NDIS_MINIPORT_CO_CHARACTERISTICS, completes sends from a DPC so they can be in flight while
 * a VC is deactivated, and indicates receives with or without NDIS_RECEIVE_FLAGS_RESOURCES.
 */
import { type MediumPort, validVc } from "../../media/medium.ts";
import {
  type DRIVER_INITIALIZE,
  type MINIPORT_CO_ACTIVATE_VC,
  type MINIPORT_CO_CREATE_VC,
  type MINIPORT_CO_DEACTIVATE_VC,
  type MINIPORT_CO_DELETE_VC,
  type MINIPORT_CO_OID_REQUEST,
  type MINIPORT_CO_SEND_NET_BUFFER_LISTS,
  type MINIPORT_INITIALIZE,
  makeTag,
  NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  type NdisHandle,
  NdisMCoActivateVcComplete,
  NdisMCoDeactivateVcComplete,
  NdisMCoIndicateStatusEx,
} from "../../ndis/index.ts";
import { atmMediaParametersOf } from "../atm-media.ts";
import { coMiniportDriverEntry, setAtmAdapterAttributes } from "../co-miniport-driver.ts";
import { type DataPathCounters, type DataPathVc, newDataPathVc, VcDataPath } from "../vc-data-path.ts";
import { answerOid } from "./oid-answers.ts";

/** Options of the reference miniport. */
export interface CoMiniportInit {
  /** Answer MiniportCoActivateVc with PENDING and complete from a DPC (default: synchronously). */
  readonly pendActivation?: boolean;
  /** Indicate receives with NDIS_RECEIVE_FLAGS_RESOURCES: protocols must copy (default: false). */
  readonly receiveWithResources?: boolean;
  /**
   * Refuse to re-activate a VC that is already active (a QoS change) with NDIS_STATUS_FAILURE: a
   * miniport that cannot take new parameters on a live VC (default: false).
   */
  readonly failReactivation?: boolean;
}

/** Per-VC state (the MiniportVcContext): the shared data-path state plus the adapter. */
export interface CoMiniportVc extends DataPathVc {
  readonly adapter: CoMiniportAdapter;
  deleted: boolean;
}

/** Per-adapter state (the MiniportAdapterContext). */
export interface CoMiniportAdapter {
  readonly handle: NdisHandle<"Miniport">;
  readonly port: MediumPort;
  /** The VC data path: active VCs by VPI/VCI, send completions and pended activations for the DPC. */
  readonly data: VcDataPath;
  readonly counters: DataPathCounters;
  halted: boolean;
}

/** The pool tag of the miniport's receive NBLs and its DPC timer. */
const CO_MINIPORT_TAG = makeTag("lbNM");
/** The default AAL5 MTU of classical IP over ATM (RFC 2225). */
const ATM_MTU = 9180;

/** The reference CoNDIS miniport driver. */
export function coMiniport(init: CoMiniportInit = {}): {
  DriverEntry: DRIVER_INITIALIZE;
  adapters: CoMiniportAdapter[];
} {
  const adapters: CoMiniportAdapter[] = [];

  const initialize: MINIPORT_INITIALIZE = (NdisMiniportHandle, _ctx, params) => {
    const port = params.Attachment as MediumPort | undefined;
    if (port === undefined || typeof port.send !== "function") return NDIS_STATUS_FAILURE;
    const data = VcDataPath.create(NdisMiniportHandle, port, CO_MINIPORT_TAG, {
      receiveWithResources: init.receiveWithResources === true,
    });
    if (data === undefined) return NDIS_STATUS_RESOURCES;
    const self: CoMiniportAdapter = {
      handle: NdisMiniportHandle,
      port,
      data,
      counters: data.counters,
      halted: false,
    };
    setAtmAdapterAttributes(NdisMiniportHandle, self, ATM_MTU);
    port.onReceive((frame) => {
      if (!self.halted) data.receive(frame);
    });
    port.onLinkState((up) => {
      if (self.halted) return;
      NdisMCoIndicateStatusEx(self.handle, null, {
        SourceHandle: self.handle,
        PortNumber: 0,
        StatusCode: up ? NDIS_STATUS.NDIS_STATUS_MEDIA_CONNECT : NDIS_STATUS.NDIS_STATUS_MEDIA_DISCONNECT,
        Flags: 0,
        StatusBuffer: null,
      });
    });
    adapters.push(self);
    return NDIS_STATUS_SUCCESS;
  };

  const createVc: MINIPORT_CO_CREATE_VC = (ctx, NdisVcHandle) => {
    const vc: CoMiniportVc = {
      ...newDataPathVc(NdisVcHandle),
      adapter: ctx as CoMiniportAdapter,
      deleted: false,
    };
    return { status: NDIS_STATUS_SUCCESS, MiniportVcContext: vc };
  };

  const deleteVc: MINIPORT_CO_DELETE_VC = (ctx) => {
    const vc = ctx as CoMiniportVc;
    vc.adapter.data.forget(vc);
    vc.deleted = true;
    return NDIS_STATUS_SUCCESS;
  };

  const activateVc: MINIPORT_CO_ACTIVATE_VC = (ctx, CallParameters) => {
    const vc = ctx as CoMiniportVc;
    const data = vc.adapter.data;
    const atm = atmMediaParametersOf(CallParameters);
    if (atm === undefined) return NDIS_STATUS_INVALID_DATA;
    const { Vpi, Vci } = atm.ConnectionId;
    const other = data.carrier(Vpi, Vci);
    if ((other !== undefined && other !== vc) || !validVc(Vpi, Vci)) return NDIS_STATUS_INVALID_DATA;
    if (vc.wire !== undefined && init.failReactivation === true) return NDIS_STATUS_FAILURE;
    if (init.pendActivation === true) {
      data.defer(() => {
        data.activate(vc, { vpi: Vpi, vci: Vci });
        NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc.handle, CallParameters);
      });
      return NDIS_STATUS_PENDING;
    }
    data.activate(vc, { vpi: Vpi, vci: Vci });
    return NDIS_STATUS_SUCCESS;
  };

  const deactivateVc: MINIPORT_CO_DEACTIVATE_VC = (ctx) => {
    const vc = ctx as CoMiniportVc;
    // Sends still in flight finish first; then the deactivation completes from the DPC.
    const done = vc.adapter.data.deactivate(vc, () =>
      NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, vc.handle),
    );
    return done ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PENDING;
  };

  const sendNbls: MINIPORT_CO_SEND_NET_BUFFER_LISTS = (ctx, NetBufferLists) => {
    const vc = ctx as CoMiniportVc;
    vc.adapter.data.send(vc, NetBufferLists);
  };

  const oidRequest: MINIPORT_CO_OID_REQUEST = (ctx, _vc, request) =>
    answerOid(ctx as CoMiniportAdapter, request);

  const DriverEntry = coMiniportDriverEntry({
    initialize,
    halt: (ctx) => {
      const adapter = ctx as CoMiniportAdapter;
      adapter.data.halt();
      adapter.halted = true;
    },
    co: {
      CoCreateVcHandler: createVc,
      CoDeleteVcHandler: deleteVc,
      CoActivateVcHandler: activateVc,
      CoDeactivateVcHandler: deactivateVc,
      CoSendNetBufferListsHandler: sendNbls,
      CoOidRequestHandler: oidRequest,
    },
  });
  return { DriverEntry, adapters };
}
