/**
 * The reference CoNDIS miniport: an ATM-style adapter over a medium port. Frames carry their
 * VC's VPI/VCI (from the ATM media parameters of the activation). It implements every handler
 * of NDIS_MINIPORT_CO_CHARACTERISTICS, completes sends from a DPC so they can be in flight while
 * a VC is deactivated, and indicates receives with or without NDIS_RECEIVE_FLAGS_RESOURCES.
 */
import type { MediumPort } from "../../media/medium.ts";
import {
  type DRIVER_INITIALIZE,
  type MINIPORT_CO_ACTIVATE_VC,
  type MINIPORT_CO_CREATE_VC,
  type MINIPORT_CO_DEACTIVATE_VC,
  type MINIPORT_CO_DELETE_VC,
  type MINIPORT_CO_OID_REQUEST,
  type MINIPORT_CO_SEND_NET_BUFFER_LISTS,
  type MINIPORT_INITIALIZE,
  type MINIPORT_RETURN_NET_BUFFER_LISTS,
  makeTag,
  NDIS_MEDIUM,
  type NDIS_NBL_POOL,
  NDIS_OBJECT_TYPE,
  NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL,
  NDIS_RECEIVE_FLAGS_RESOURCES,
  NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL,
  NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  NDIS_STATUS_VC_NOT_ACTIVATED,
  type NDIS_TIMER_OBJECT,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisAllocateTimerObject,
  NdisFreeNetBufferList,
  NdisFreeNetBufferListPool,
  NdisFreeTimerObject,
  type NdisHandle,
  NdisMCoActivateVcComplete,
  NdisMCoDeactivateVcComplete,
  NdisMCoIndicateReceiveNetBufferLists,
  NdisMCoIndicateStatusEx,
  NdisMCoSendNetBufferListsComplete,
  NdisMDeregisterMiniportDriver,
  NdisMRegisterMiniportDriver,
  NdisMSetMiniportAttributes,
  NdisSetOptionalHandlers,
  NdisSetTimerObject,
  type NET_BUFFER_LIST,
  netBufferData,
} from "../../ndis/index.ts";
import { atmMediaParametersOf } from "../atm-media.ts";
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

/** Per-VC state (the MiniportVcContext). */
export interface CoMiniportVc {
  readonly adapter: CoMiniportAdapter;
  readonly handle: NdisHandle<"Vc">;
  vpi: number | undefined;
  vci: number | undefined;
  active: boolean;
  /** Sends handed to the wire whose completion is still queued. */
  inFlight: number;
  /** A deactivation waiting for the sends in flight. */
  deactivatePending: boolean;
  deleted: boolean;
}

/** Per-adapter state (the MiniportAdapterContext). */
export interface CoMiniportAdapter {
  readonly handle: NdisHandle<"Miniport">;
  readonly port: MediumPort;
  readonly pool: NDIS_NBL_POOL;
  readonly timer: NDIS_TIMER_OBJECT;
  /** Active VCs by "vpi/vci". */
  readonly byVc: Map<string, CoMiniportVc>;
  /** Send completions and activation completions waiting for the DPC. */
  readonly completions: (() => void)[];
  readonly counters: { framesIn: number; framesOut: number; unknownVc: number };
  halted: boolean;
}

const key = (vpi: number, vci: number): string => `${vpi}/${vci}`;
const POOL_TAG = makeTag("lbNM");

/** The reference CoNDIS miniport driver. */
export function coMiniport(init: CoMiniportInit = {}): {
  DriverEntry: DRIVER_INITIALIZE;
  adapters: CoMiniportAdapter[];
} {
  const adapters: CoMiniportAdapter[] = [];

  /** Queues work for the adapter's DPC (a zero-delay timer), so completions come after the call returns. */
  const defer = (adapter: CoMiniportAdapter, work: () => void): void => {
    adapter.completions.push(work);
    if (adapter.completions.length === 1) NdisSetTimerObject(adapter.timer, 0n, 0, adapter);
  };

  const runCompletions = (adapter: CoMiniportAdapter): void => {
    const work = adapter.completions.splice(0);
    for (const w of work) w();
  };

  const initialize: MINIPORT_INITIALIZE = (NdisMiniportHandle, _ctx, params) => {
    const port = params.Attachment as MediumPort | undefined;
    if (port === undefined || typeof port.send !== "function") return NDIS_STATUS_FAILURE;
    const pool = NdisAllocateNetBufferListPool(NdisMiniportHandle, {
      PoolTag: POOL_TAG,
      fAllocateNetBuffer: true,
    });
    if (pool === null) return NDIS_STATUS_RESOURCES;
    let adapter: CoMiniportAdapter | undefined;
    const timer = NdisAllocateTimerObject(NdisMiniportHandle, {
      AllocationTag: POOL_TAG,
      TimerFunction: () => {
        if (adapter !== undefined) runCompletions(adapter);
      },
      FunctionContext: null,
    });
    if (timer.TimerObject === null) {
      NdisFreeNetBufferListPool(pool);
      return NDIS_STATUS_RESOURCES;
    }
    adapter = {
      handle: NdisMiniportHandle,
      port,
      pool,
      timer: timer.TimerObject,
      byVc: new Map(),
      completions: [],
      counters: { framesIn: 0, framesOut: 0, unknownVc: 0 },
      halted: false,
    };
    const self = adapter;
    NdisMSetMiniportAttributes(NdisMiniportHandle, {
      Header: {
        Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
        Revision: 1,
      },
      MiniportAdapterContext: self,
    });
    NdisMSetMiniportAttributes(NdisMiniportHandle, {
      Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, Revision: 1 },
      MediaType: NDIS_MEDIUM.NdisMediumAtm,
      MtuSize: 9180,
    });
    port.onReceive((frame) => {
      if (self.halted) return;
      self.counters.framesIn++;
      const vc = self.byVc.get(key(frame.vpi, frame.vci));
      if (vc === undefined || !vc.active) {
        self.counters.unknownVc++;
        return;
      }
      const nbl = NdisAllocateNetBufferAndNetBufferList(
        self.pool,
        0,
        0,
        frame.payload.slice(),
        0,
        frame.payload.length,
      );
      if (nbl === null) return;
      nbl.SourceHandle = vc.handle;
      const resources = init.receiveWithResources === true;
      NdisMCoIndicateReceiveNetBufferLists(
        vc.handle,
        nbl,
        1,
        NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL | (resources ? NDIS_RECEIVE_FLAGS_RESOURCES : 0),
      );
      if (resources) NdisFreeNetBufferList(nbl);
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
      adapter: ctx as CoMiniportAdapter,
      handle: NdisVcHandle,
      vpi: undefined,
      vci: undefined,
      active: false,
      inFlight: 0,
      deactivatePending: false,
      deleted: false,
    };
    return { status: NDIS_STATUS_SUCCESS, MiniportVcContext: vc };
  };

  const deleteVc: MINIPORT_CO_DELETE_VC = (ctx) => {
    const vc = ctx as CoMiniportVc;
    unmap(vc);
    vc.deleted = true;
    return NDIS_STATUS_SUCCESS;
  };

  const unmap = (vc: CoMiniportVc): void => {
    if (vc.vpi !== undefined && vc.vci !== undefined && vc.adapter.byVc.get(key(vc.vpi, vc.vci)) === vc)
      vc.adapter.byVc.delete(key(vc.vpi, vc.vci));
  };

  const activateVc: MINIPORT_CO_ACTIVATE_VC = (ctx, CallParameters) => {
    const vc = ctx as CoMiniportVc;
    const atm = atmMediaParametersOf(CallParameters);
    if (atm === undefined) return NDIS_STATUS_INVALID_DATA;
    const { Vpi, Vci } = atm.ConnectionId;
    const other = vc.adapter.byVc.get(key(Vpi, Vci));
    if ((other !== undefined && other !== vc) || Vpi > 0xff || Vci > 0xffff) return NDIS_STATUS_INVALID_DATA;
    if (vc.active && init.failReactivation === true) return NDIS_STATUS_FAILURE;
    const apply = () => {
      unmap(vc);
      vc.vpi = Vpi;
      vc.vci = Vci;
      vc.active = true;
      vc.adapter.byVc.set(key(Vpi, Vci), vc);
    };
    if (init.pendActivation === true) {
      defer(vc.adapter, () => {
        apply();
        NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc.handle, CallParameters);
      });
      return NDIS_STATUS_PENDING;
    }
    apply();
    return NDIS_STATUS_SUCCESS;
  };

  const deactivateVc: MINIPORT_CO_DEACTIVATE_VC = (ctx) => {
    const vc = ctx as CoMiniportVc;
    vc.active = false;
    unmap(vc);
    if (vc.inFlight === 0) return NDIS_STATUS_SUCCESS;
    // Sends are still in flight: finish them first, then complete the deactivation.
    vc.deactivatePending = true;
    return NDIS_STATUS_PENDING;
  };

  const sendNbls: MINIPORT_CO_SEND_NET_BUFFER_LISTS = (ctx, NetBufferLists) => {
    const vc = ctx as CoMiniportVc;
    const adapter = vc.adapter;
    const nbls: NET_BUFFER_LIST[] = [];
    for (let nbl: NET_BUFFER_LIST | null = NetBufferLists; nbl !== null; nbl = nbl.Next) nbls.push(nbl);
    for (const nbl of nbls) {
      if (!vc.active || vc.vpi === undefined || vc.vci === undefined) {
        nbl.Status = NDIS_STATUS_VC_NOT_ACTIVATED;
        continue;
      }
      for (let nb = nbl.FirstNetBuffer; nb !== null; nb = nb.Next) {
        adapter.port.send({ vpi: vc.vpi, vci: vc.vci, payload: netBufferData(nb) });
        adapter.counters.framesOut++;
      }
      nbl.Status = NDIS_STATUS_SUCCESS;
    }
    vc.inFlight += nbls.length;
    defer(adapter, () => {
      for (let i = 0; i < nbls.length; i++) (nbls[i] as NET_BUFFER_LIST).Next = nbls[i + 1] ?? null;
      vc.inFlight -= nbls.length;
      NdisMCoSendNetBufferListsComplete(
        vc.handle,
        nbls[0] as NET_BUFFER_LIST,
        NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL,
      );
      if (vc.deactivatePending && vc.inFlight === 0) {
        vc.deactivatePending = false;
        NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, vc.handle);
      }
    });
  };

  const oidRequest: MINIPORT_CO_OID_REQUEST = (ctx, _vc, request) =>
    answerOid(ctx as CoMiniportAdapter, request);

  const returnNbls: MINIPORT_RETURN_NET_BUFFER_LISTS = (_ctx, NetBufferLists) => {
    let nbl: NET_BUFFER_LIST | null = NetBufferLists;
    while (nbl !== null) {
      const next: NET_BUFFER_LIST | null = nbl.Next;
      NdisFreeNetBufferList(nbl);
      nbl = next;
    }
  };

  const DriverEntry: DRIVER_INITIALIZE = (DriverObject, RegistryPath) => {
    const { status, NdisMiniportDriverHandle } = NdisMRegisterMiniportDriver(
      DriverObject,
      RegistryPath,
      null,
      {
        Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS, Revision: 2 },
        MajorNdisVersion: 6,
        MinorNdisVersion: 0,
        SetOptionsHandler: (NdisDriverHandle) =>
          NdisSetOptionalHandlers(NdisDriverHandle, {
            Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS, Revision: 1 },
            CoCreateVcHandler: createVc,
            CoDeleteVcHandler: deleteVc,
            CoActivateVcHandler: activateVc,
            CoDeactivateVcHandler: deactivateVc,
            CoSendNetBufferListsHandler: sendNbls,
            CoOidRequestHandler: oidRequest,
          }),
        InitializeHandlerEx: initialize,
        HaltHandlerEx: (ctx) => {
          const adapter = ctx as CoMiniportAdapter;
          runCompletions(adapter);
          adapter.halted = true;
          NdisFreeTimerObject(adapter.timer);
          NdisFreeNetBufferListPool(adapter.pool);
        },
        UnloadHandler: () => {
          if (NdisMiniportDriverHandle !== null) NdisMDeregisterMiniportDriver(NdisMiniportDriverHandle);
        },
        PauseHandler: () => NDIS_STATUS_SUCCESS,
        RestartHandler: () => NDIS_STATUS_SUCCESS,
        ShutdownHandlerEx: () => {},
        ReturnNetBufferListsHandler: returnNbls,
        CancelSendHandler: () => {},
      },
    );
    return status;
  };
  return { DriverEntry, adapters };
}
