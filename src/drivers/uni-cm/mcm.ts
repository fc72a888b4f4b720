/**
 * The UNI call manager as an MCM: a CoNDIS miniport with integrated call management. It
 * registers the Q.2931 address family with NdisMCmRegisterAddressFamilyEx, runs its ILMI agent
 * directly on its medium (0/16), uses the NdisMCm* forms, and never calls NdisCoSendNetBufferLists.
 */
import type { MediumPort } from "../../media/medium.ts";
import {
  type DRIVER_INITIALIZE,
  NDIS_MEDIUM,
  NDIS_OBJECT_TYPE,
  NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_SUCCESS,
  NDIS_STATUS_VC_NOT_ACTIVATED,
  type NdisHandle,
  NdisMCmRegisterAddressFamilyEx,
  NdisMCoSendNetBufferListsComplete,
  NdisMDeregisterMiniportDriver,
  NdisMRegisterMiniportDriver,
  NdisMSetMiniportAttributes,
  NdisSetOptionalHandlers,
  type NET_BUFFER_LIST,
} from "../../ndis/index.ts";
import { ILMI_VCI, ILMI_VPI } from "../../signaling/ilmi/index.ts";
import { UniCmCore } from "./core.ts";
import { callStubs, UNI_ADDRESS_FAMILY } from "./stubs.ts";

/** The MCM's per-adapter context. */
export interface UniMcmAdapter {
  readonly name: string;
  readonly handle: NdisHandle<"Miniport">;
  readonly port: MediumPort;
  readonly core: UniCmCore;
  halted: boolean;
  /** Q.2931 frames received on 0/5 (calls arrive with the call layer). */
  q2931Frames: number;
}

/** The UNI MCM driver. */
export function uniMcm(): { DriverEntry: DRIVER_INITIALIZE; adapters: UniMcmAdapter[] } {
  const adapters: UniMcmAdapter[] = [];
  const coreOfAf = (afCtx: unknown) => adapters.find((a) => a.core.afs.has(afCtx as never))?.core;
  const coreOfSap = (sapCtx: unknown) => coreOfAf((sapCtx as { af: unknown }).af);

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
            CoActivateVcHandler: () => NDIS_STATUS_SUCCESS,
            CoDeactivateVcHandler: () => NDIS_STATUS_SUCCESS,
            CoSendNetBufferListsHandler: (vcCtx, nbls) => {
              // Client data arrives with calls; until then every send completes unactivated.
              for (let nbl: NET_BUFFER_LIST | null = nbls; nbl !== null; nbl = nbl.Next)
                nbl.Status = NDIS_STATUS_VC_NOT_ACTIVATED;
              const handle = (vcCtx as { NdisVcHandle: NdisHandle<"Vc"> }).NdisVcHandle;
              NdisMCoSendNetBufferListsComplete(handle, nbls, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
            },
            CoOidRequestHandler: () => NDIS_STATUS_NOT_SUPPORTED,
          });
          if (co !== NDIS_STATUS_SUCCESS) return co;
          return NdisSetOptionalHandlers(NdisDriverHandle, {
            ...callStubs(),
            CmOpenAfHandler: (ctx, af, h) => (ctx as UniMcmAdapter).core.openAf(ctx, af, h),
            CmCloseAfHandler: (afCtx) => coreOfAf(afCtx)?.closeAf(afCtx) ?? NDIS_STATUS_FAILURE,
            CmRegisterSapHandler: (afCtx, sap, h) =>
              coreOfAf(afCtx)?.registerSap(afCtx, sap, h) ?? { status: NDIS_STATUS_FAILURE },
            CmDeregisterSapHandler: (sapCtx) =>
              coreOfSap(sapCtx)?.deregisterSap(sapCtx) ?? NDIS_STATUS_FAILURE,
            CmNotifyCloseAfCompleteHandler: (afCtx, s) => coreOfAf(afCtx)?.notifyCloseAfComplete(afCtx, s),
            // NDIS never calls these for an MCM, but every entry must be non-NULL.
            CmActivateVcCompleteHandler: () => {},
            CmDeactivateVcCompleteHandler: () => {},
          });
        },
        InitializeHandlerEx: (NdisMiniportHandle, _ctx, params) => {
          const port = params.Attachment as MediumPort | undefined;
          if (port === undefined || typeof port.send !== "function") return NDIS_STATUS_FAILURE;
          const adapter: UniMcmAdapter = {
            name: params.AdapterName,
            handle: NdisMiniportHandle,
            port,
            core: new UniCmCore({
              form: "mcm",
              owner: () => NdisMiniportHandle,
              // The MCM transmits its signaling on the medium itself.
              sendIlmi: (bytes) => port.send({ vpi: ILMI_VPI, vci: ILMI_VCI, payload: bytes }),
              linkUp: () => port.linkUp,
            }),
            halted: false,
            q2931Frames: 0,
          };
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
            if (frame.vpi === ILMI_VPI && frame.vci === ILMI_VCI) adapter.core.receiveIlmi(frame.payload);
            else if (frame.vpi === 0 && frame.vci === 5) adapter.q2931Frames++;
          });
          port.onLinkState((up) => {
            if (!adapter.halted && up) adapter.core.linkRestored();
          });
          adapters.push(adapter);
          return NdisMCmRegisterAddressFamilyEx(NdisMiniportHandle, { ...UNI_ADDRESS_FAMILY });
        },
        RestartHandler: (ctx) => {
          (ctx as UniMcmAdapter).core.startIlmi();
          return NDIS_STATUS_SUCCESS;
        },
        HaltHandlerEx: (ctx) => {
          const adapter = ctx as UniMcmAdapter;
          adapter.core.notifyCloseAll();
          adapter.core.stopIlmi();
          adapter.halted = true;
        },
        UnloadHandler: () => {
          if (NdisMiniportDriverHandle !== null) NdisMDeregisterMiniportDriver(NdisMiniportDriverHandle);
        },
        PauseHandler: () => NDIS_STATUS_SUCCESS,
        ShutdownHandlerEx: () => {},
        ReturnNetBufferListsHandler: () => {},
        CancelSendHandler: () => {},
      },
    );
    return status;
  };
  return { DriverEntry, adapters };
}
