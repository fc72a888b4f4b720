/**
 * The UNI call manager as an MCM: a CoNDIS miniport with integrated call management. It
 * registers the Q.2931 address family with NdisMCmRegisterAddressFamilyEx; each adapter is one UNI
 * (uni.ts), given the NdisMCm* DDI table, whose ILMI (0/16) and signaling (SSCOP + Q.2931 on 0/5)
 * run directly on its medium; it never calls NdisCoSendNetBufferLists. It carries its clients' call data itself:
 * MiniportCoSendNetBufferLists puts each NBL on the call's VPI/VCI, and frames arriving on an
 * active call VC are indicated to the client.
 */
import type { AtmFrame, MediumPort } from "../../media/medium.ts";
import {
  type DRIVER_INITIALIZE,
  makeTag,
  NDIS_MEDIUM,
  type NDIS_NBL_POOL,
  NDIS_OBJECT_TYPE,
  NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL,
  NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  NDIS_STATUS_VC_NOT_ACTIVATED,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisFreeNetBufferList,
  NdisFreeNetBufferListPool,
  type NdisHandle,
  NdisMCmCreateVc,
  NdisMCmRegisterAddressFamilyEx,
  NdisMCoIndicateReceiveNetBufferLists,
  NdisMCoSendNetBufferListsComplete,
  NdisMDeregisterMiniportDriver,
  NdisMRegisterMiniportDriver,
  NdisMSetMiniportAttributes,
  NdisSetOptionalHandlers,
  type NET_BUFFER_LIST,
  netBufferData,
} from "../../ndis/index.ts";
import { ILMI_VCI } from "../../signaling/ilmi/index.ts";
import type { UniCall } from "./call-record.ts";
import { MCM_DDI } from "./ddi.ts";
import { isCall, uniCmHandlers } from "./handlers.ts";
import type { UniSignalingTiming } from "./signaling.ts";
import { UNI_ADDRESS_FAMILY } from "./stubs.ts";
import { SIGNALING_VCI, Uni, type UniContext } from "./uni.ts";

const POOL_TAG = makeTag("lbMU");

/** Frames the MCM carried for its clients. */
export interface UniMcmCounters {
  dataOut: number;
  dataIn: number;
  /** Frames on a VC no active call holds, dropped. */
  unknownVc: number;
}

/** The MCM's per-adapter context (its MiniportAdapterContext): one UNI. */
export interface UniMcmAdapter extends UniContext {
  readonly name: string;
  readonly handle: NdisHandle<"Miniport">;
  readonly port: MediumPort;
  readonly pool: NDIS_NBL_POOL;
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
  const adapterOf = new WeakMap<Uni, UniMcmAdapter>();
  const adapterOfCall = (call: UniCall) => adapterOf.get(call.af.uni);

  /** MiniportCoSendNetBufferLists: each NBL goes out on the call's VC; all complete at once. */
  const send = (vcCtx: unknown, nbls: NET_BUFFER_LIST): void => {
    if (!isCall(vcCtx) || vcCtx.vc === null) return;
    const call = vcCtx;
    const handle = vcCtx.vc;
    const adapter = adapterOfCall(call);
    const vc = call.connection;
    for (let nbl: NET_BUFFER_LIST | null = nbls; nbl !== null; nbl = nbl.Next) {
      if (adapter === undefined || adapter.halted || call.vcPhase !== "active" || vc === undefined) {
        nbl.Status = NDIS_STATUS_VC_NOT_ACTIVATED;
        continue;
      }
      for (let nb = nbl.FirstNetBuffer; nb !== null; nb = nb.Next) {
        adapter.port.send({ vpi: vc.vpi, vci: vc.vci, payload: netBufferData(nb).slice() });
        adapter.counters.dataOut++;
      }
      nbl.Status = NDIS_STATUS_SUCCESS;
    }
    NdisMCoSendNetBufferListsComplete(handle, nbls, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
  };

  /** A frame on a call VC: indicated to the client of the active call that holds the VC. */
  const receiveData = (adapter: UniMcmAdapter, frame: AtmFrame): void => {
    const call = adapter.uni.callOnVc(frame.vpi, frame.vci);
    if (call === undefined || call.vc === null || call.vcPhase !== "active") {
      adapter.counters.unknownVc++;
      return;
    }
    const nbl = NdisAllocateNetBufferAndNetBufferList(
      adapter.pool,
      0,
      0,
      frame.payload.slice(),
      0,
      frame.payload.length,
    );
    if (nbl === null) return;
    nbl.SourceHandle = call.vc;
    adapter.counters.dataIn++;
    NdisMCoIndicateReceiveNetBufferLists(call.vc, nbl, 1, NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
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
        SetOptionsHandler: (NdisDriverHandle) => {
          const co = NdisSetOptionalHandlers(NdisDriverHandle, {
            Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS, Revision: 1 },
            CoCreateVcHandler: null,
            CoDeleteVcHandler: null,
            // NDIS does not call these for an MCM's VCs (NdisMCmActivateVc is synchronous).
            CoActivateVcHandler: () => NDIS_STATUS_SUCCESS,
            CoDeactivateVcHandler: () => NDIS_STATUS_SUCCESS,
            CoSendNetBufferListsHandler: send,
            CoOidRequestHandler: () => NDIS_STATUS_NOT_SUPPORTED,
          });
          if (co !== NDIS_STATUS_SUCCESS) return co;
          return NdisSetOptionalHandlers(
            NdisDriverHandle,
            // NDIS never calls the VC completions for an MCM, but every entry must be non-NULL.
            uniCmHandlers({ activate: () => {}, deactivate: () => {} }),
          );
        },
        InitializeHandlerEx: (NdisMiniportHandle, _ctx, params) => {
          const port = params.Attachment as MediumPort | undefined;
          if (port === undefined || typeof port.send !== "function") return NDIS_STATUS_FAILURE;
          const pool = NdisAllocateNetBufferListPool(NdisMiniportHandle, {
            PoolTag: POOL_TAG,
            fAllocateNetBuffer: true,
          });
          if (pool === null) return NDIS_STATUS_RESOURCES;
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
                sendSignaling: (vci, bytes) => port.send({ vpi: 0, vci, payload: bytes }),
                createVc: (af, call) => NdisMCmCreateVc(NdisMiniportHandle, af, call).NdisVcHandle,
              },
              { linkUp: port.linkUp, timing: init.timing },
            ),
            pool,
            counters: { dataOut: 0, dataIn: 0, unknownVc: 0 },
            halted: false,
          };
          adapterOf.set(adapter.uni, adapter);
          NdisMSetMiniportAttributes(NdisMiniportHandle, {
            Header: {
              Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
              Revision: 1,
            },
            MiniportAdapterContext: adapter,
          });
          NdisMSetMiniportAttributes(NdisMiniportHandle, {
            Header: {
              Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
              Revision: 1,
            },
            MediaType: NDIS_MEDIUM.NdisMediumAtm,
          });
          port.onReceive((frame) => {
            if (adapter.halted) return;
            if (frame.vpi === 0 && (frame.vci === ILMI_VCI || frame.vci === SIGNALING_VCI))
              adapter.uni.receiveSignaling(frame.vci, frame.payload);
            else receiveData(adapter, frame);
          });
          port.onLinkState(() => {
            if (!adapter.halted) adapter.uni.link(port.linkUp);
          });
          adapters.push(adapter);
          return NdisMCmRegisterAddressFamilyEx(NdisMiniportHandle, { ...UNI_ADDRESS_FAMILY });
        },
        RestartHandler: (ctx) => {
          // ILMI starts, and SSCOP comes up on 0/5 with the adapter.
          (ctx as UniMcmAdapter).uni.start();
          return NDIS_STATUS_SUCCESS;
        },
        HaltHandlerEx: (ctx) => {
          const adapter = ctx as UniMcmAdapter;
          adapter.uni.core.notifyCloseAll();
          adapter.uni.close();
          adapter.halted = true;
          NdisFreeNetBufferListPool(adapter.pool);
        },
        UnloadHandler: () => {
          if (NdisMiniportDriverHandle !== null) NdisMDeregisterMiniportDriver(NdisMiniportDriverHandle);
        },
        PauseHandler: () => NDIS_STATUS_SUCCESS,
        ShutdownHandlerEx: () => {},
        ReturnNetBufferListsHandler: (_ctx, nbls) => {
          for (
            let nbl: NET_BUFFER_LIST | null = nbls, next: NET_BUFFER_LIST | null;
            nbl !== null;
            nbl = next
          ) {
            next = nbl.Next;
            NdisFreeNetBufferList(nbl);
          }
        },
        CancelSendHandler: () => {},
      },
    );
    return status;
  };
  return { DriverEntry, adapters };
}
