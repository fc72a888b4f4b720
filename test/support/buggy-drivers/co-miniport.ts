/**
 * A CoNDIS miniport for the VC, data-path and OID fixtures ("BUGMP"). Like the reference
 * miniport it pends sends (and, when told, activations and OIDs) and finishes a deactivation only
 * after the sends in flight; unlike it, it completes only when the fixture runs `flush()`, so a
 * fixture decides what is left outstanding, and each fault breaks one rule.
 */
import {
  type DRIVER_INITIALIZE,
  NDIS_MEDIUM,
  type NDIS_NBL_POOL,
  NDIS_OBJECT_TYPE,
  NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL,
  NDIS_RECEIVE_FLAGS_RESOURCES,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisFreeNetBufferList,
  type NdisHandle,
  NdisMCoActivateVcComplete,
  NdisMCoDeactivateVcComplete,
  NdisMCoIndicateReceiveNetBufferLists,
  NdisMCoOidRequestComplete,
  NdisMCoSendNetBufferListsComplete,
  NdisMDeregisterMiniportDriver,
  NdisMRegisterMiniportDriver,
  NdisMSetMiniportAttributes,
  NdisSetOptionalHandlers,
  type NET_BUFFER_LIST,
} from "../../../src/ndis/index.ts";

/** How each handler misbehaves (none: it behaves like the reference miniport). */
export interface CoMiniportFaults {
  /** MiniportCoCreateVc answers NDIS_STATUS_PENDING. */
  readonly createVcPending?: boolean;
  /** MiniportCoDeleteVc answers NDIS_STATUS_PENDING. */
  readonly deleteVcPending?: boolean;
  /** MiniportCoActivateVc: at once (default), PENDING then flush(), or completed inside and then SUCCESS. */
  readonly activate?: "sync" | "pend" | "complete-inside";
  /** MiniportCoDeactivateVc with sends in flight: PENDING until they complete (default), or SUCCESS at once. */
  readonly deactivate?: "wait-for-sends" | "ignore-sends";
  /** MiniportCoOidRequest: SUCCESS at once (default), PENDING then flush(), or completed inside and then SUCCESS. */
  readonly oid?: "sync" | "pend" | "complete-inside";
}

/** The miniport's VC (its MiniportVcContext). */
export interface BugVc {
  readonly handle: NdisHandle<"Vc">;
  active: boolean;
  inFlight: number;
  deactivatePending: boolean;
}

/** The buggy CoNDIS miniport. */
export interface BuggyCoMiniport {
  readonly name: string;
  readonly DriverEntry: DRIVER_INITIALIZE;
  readonly vcs: BugVc[];
  /** Completions waiting for flush(). */
  readonly queue: (() => void)[];
  /** The adapter's handle. */
  adapter(): NdisHandle<"Miniport">;
  /** Runs every queued completion, oldest first (run it as the miniport's code). */
  flush(): void;
  /** Indicates one received NBL on a VC (run it as the miniport's code); returns the NBL. */
  indicate(vc: NdisHandle<"Vc">, flags?: number): NET_BUFFER_LIST | null;
}

/** Builds the buggy CoNDIS miniport. */
export function buggyCoMiniport(faults: CoMiniportFaults = {}): BuggyCoMiniport {
  const vcs: BugVc[] = [];
  const queue: (() => void)[] = [];
  let adapter: NdisHandle<"Miniport"> | null = null;
  let pool: NDIS_NBL_POOL | null = null;

  const completeSends = (vc: BugVc, nbls: NET_BUFFER_LIST[]) => () => {
    for (let i = 0; i < nbls.length; i++) (nbls[i] as NET_BUFFER_LIST).Next = nbls[i + 1] ?? null;
    vc.inFlight -= nbls.length;
    NdisMCoSendNetBufferListsComplete(vc.handle, nbls[0] as NET_BUFFER_LIST, 0);
    if (vc.deactivatePending && vc.inFlight === 0) {
      vc.deactivatePending = false;
      NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, vc.handle);
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
        SetOptionsHandler: (handle) =>
          NdisSetOptionalHandlers(handle, {
            Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS, Revision: 1 },
            CoCreateVcHandler: (_ctx, NdisVcHandle) => {
              if (faults.createVcPending === true) return { status: NDIS_STATUS_PENDING };
              const vc: BugVc = {
                handle: NdisVcHandle,
                active: false,
                inFlight: 0,
                deactivatePending: false,
              };
              vcs.push(vc);
              return { status: NDIS_STATUS_SUCCESS, MiniportVcContext: vc };
            },
            CoDeleteVcHandler: () =>
              faults.deleteVcPending === true ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS,
            CoActivateVcHandler: (ctx, CallParameters) => {
              const vc = ctx as BugVc;
              const complete = () => {
                vc.active = true;
                NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc.handle, CallParameters);
              };
              if (faults.activate === "pend") {
                queue.push(complete);
                return NDIS_STATUS_PENDING;
              }
              if (faults.activate === "complete-inside") complete();
              vc.active = true;
              return NDIS_STATUS_SUCCESS;
            },
            CoDeactivateVcHandler: (ctx) => {
              const vc = ctx as BugVc;
              vc.active = false;
              if (vc.inFlight === 0 || faults.deactivate === "ignore-sends") return NDIS_STATUS_SUCCESS;
              vc.deactivatePending = true;
              return NDIS_STATUS_PENDING;
            },
            CoSendNetBufferListsHandler: (ctx, NetBufferLists) => {
              const vc = ctx as BugVc;
              const nbls: NET_BUFFER_LIST[] = [];
              for (let nbl: NET_BUFFER_LIST | null = NetBufferLists; nbl !== null; nbl = nbl.Next) {
                nbl.Status = NDIS_STATUS_SUCCESS;
                nbls.push(nbl);
              }
              vc.inFlight += nbls.length;
              queue.push(completeSends(vc, nbls));
            },
            CoOidRequestHandler: (_ctx, _vc, request) => {
              const complete = () => {
                if (adapter !== null) NdisMCoOidRequestComplete(adapter, null, request, NDIS_STATUS_SUCCESS);
              };
              if (faults.oid === "pend") {
                queue.push(complete);
                return NDIS_STATUS_PENDING;
              }
              if (faults.oid === "complete-inside") complete();
              return NDIS_STATUS_SUCCESS;
            },
          }),
        InitializeHandlerEx: (handle) => {
          adapter = handle;
          NdisMSetMiniportAttributes(handle, {
            Header: {
              Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
              Revision: 1,
            },
            MiniportAdapterContext: null,
          });
          NdisMSetMiniportAttributes(handle, {
            Header: {
              Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
              Revision: 1,
            },
            MediaType: NDIS_MEDIUM.NdisMediumAtm,
          });
          pool = NdisAllocateNetBufferListPool(handle, { PoolTag: 0x504d4742, fAllocateNetBuffer: true });
          return NDIS_STATUS_SUCCESS;
        },
        HaltHandlerEx: () => {},
        UnloadHandler: () => {
          if (NdisMiniportDriverHandle !== null) NdisMDeregisterMiniportDriver(NdisMiniportDriverHandle);
        },
        PauseHandler: () => NDIS_STATUS_SUCCESS,
        RestartHandler: () => NDIS_STATUS_SUCCESS,
        ShutdownHandlerEx: () => {},
        ReturnNetBufferListsHandler: (_ctx, NetBufferLists) => {
          let nbl: NET_BUFFER_LIST | null = NetBufferLists;
          while (nbl !== null) {
            const next: NET_BUFFER_LIST | null = nbl.Next;
            NdisFreeNetBufferList(nbl);
            nbl = next;
          }
        },
        CancelSendHandler: () => {},
      },
    );
    return status;
  };

  return {
    name: "BUGMP",
    DriverEntry,
    vcs,
    queue,
    adapter: () => {
      if (adapter === null) throw new Error("BUGMP: no adapter");
      return adapter;
    },
    flush: () => {
      for (let work = queue.shift(); work !== undefined; work = queue.shift()) work();
    },
    indicate: (vc, flags = 0) => {
      if (pool === null) return null;
      const bytes = new Uint8Array([0xbe, 0xef]);
      const nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, bytes, 0, bytes.length);
      if (nbl === null) return null;
      nbl.SourceHandle = vc;
      NdisMCoIndicateReceiveNetBufferLists(vc, nbl, 1, NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL | flags);
      if ((flags & NDIS_RECEIVE_FLAGS_RESOURCES) !== 0) NdisFreeNetBufferList(nbl);
      return nbl;
    },
  };
}
