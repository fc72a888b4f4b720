/**
 * What registering a CoNDIS miniport over a medium port takes, shared by the reference CO miniport
 * and the UNI MCM: NdisMRegisterMiniportDriver with the NDIS 6.0 characteristics, the
 * NDIS_MINIPORT_CO_CHARACTERISTICS (and, for an MCM, its call-manager handlers) from
 * MiniportSetOptions, and an ATM adapter's registration and general attributes.
 */
import {
  type DRIVER_INITIALIZE,
  type MINIPORT_HALT,
  type MINIPORT_INITIALIZE,
  type MINIPORT_RESTART,
  NDIS_MEDIUM,
  type NDIS_MINIPORT_CO_CHARACTERISTICS,
  NDIS_OBJECT_TYPE,
  type NDIS_STATUS,
  NDIS_STATUS_SUCCESS,
  type NdisHandle,
  NdisMDeregisterMiniportDriver,
  NdisMRegisterMiniportDriver,
  NdisMSetMiniportAttributes,
  NdisSetOptionalHandlers,
} from "../ndis/index.ts";
import type { VcDataPath } from "./vc-data-path.ts";

/** An adapter context that carries its VCs' data on a shared data path. */
export interface DataPathAdapter {
  readonly data: VcDataPath;
}

/** The handlers of a CoNDIS miniport driver. */
export interface CoMiniportHandlers {
  readonly initialize: MINIPORT_INITIALIZE;
  readonly halt: MINIPORT_HALT;
  /** MiniportRestart (default: SUCCESS at once). */
  readonly restart?: MINIPORT_RESTART;
  /** NDIS_MINIPORT_CO_CHARACTERISTICS without its header. */
  readonly co: Omit<NDIS_MINIPORT_CO_CHARACTERISTICS, "Header">;
  /** More optional handlers to register in MiniportSetOptions (an MCM's call-manager handlers). */
  readonly moreOptionalHandlers?: (
    NdisDriverHandle: Parameters<typeof NdisSetOptionalHandlers>[0],
  ) => NDIS_STATUS;
}

/**
 * DriverEntry of a CoNDIS miniport whose adapter contexts are DataPathAdapters: the receive NBLs
 * return to the adapter's data path; unload deregisters the driver.
 */
export function coMiniportDriverEntry(handlers: CoMiniportHandlers): DRIVER_INITIALIZE {
  return (DriverObject, RegistryPath) => {
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
            ...handlers.co,
          });
          if (co !== NDIS_STATUS_SUCCESS || handlers.moreOptionalHandlers === undefined) return co;
          return handlers.moreOptionalHandlers(NdisDriverHandle);
        },
        InitializeHandlerEx: handlers.initialize,
        HaltHandlerEx: handlers.halt,
        UnloadHandler: () => {
          if (NdisMiniportDriverHandle !== null) NdisMDeregisterMiniportDriver(NdisMiniportDriverHandle);
        },
        PauseHandler: () => NDIS_STATUS_SUCCESS,
        RestartHandler: handlers.restart ?? (() => NDIS_STATUS_SUCCESS),
        ShutdownHandlerEx: () => {},
        ReturnNetBufferListsHandler: (ctx, nbls) => (ctx as DataPathAdapter).data.returnNetBufferLists(nbls),
        CancelSendHandler: () => {},
      },
    );
    return status;
  };
}

/** The registration and general attributes of an ATM adapter (MiniportInitializeEx). */
export function setAtmAdapterAttributes(
  NdisMiniportHandle: NdisHandle<"Miniport">,
  MiniportAdapterContext: DataPathAdapter,
  MtuSize?: number,
): void {
  NdisMSetMiniportAttributes(NdisMiniportHandle, {
    Header: {
      Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
      Revision: 1,
    },
    MiniportAdapterContext,
  });
  NdisMSetMiniportAttributes(NdisMiniportHandle, {
    Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, Revision: 1 },
    MediaType: NDIS_MEDIUM.NdisMediumAtm,
    ...(MtuSize === undefined ? {} : { MtuSize }),
  });
}
