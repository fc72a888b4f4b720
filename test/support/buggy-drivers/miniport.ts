/** A bare CoNDIS miniport for fixtures: the test miniport's shape, with faults in its initialisation. */
import {
  type DRIVER_INITIALIZE,
  NDIS_MEDIUM,
  NDIS_OBJECT_TYPE,
  NDIS_STATUS_SUCCESS,
  NdisAcquireSpinLock,
  NdisAllocateSpinLock,
  type NdisHandle,
  NdisMDeregisterMiniportDriver,
  NdisMRegisterMiniportDriver,
  NdisMSetMiniportAttributes,
  NdisReleaseSpinLock,
  NdisSetOptionalHandlers,
} from "../../../src/ndis/index.ts";
import { miniportCo } from "../drivers/stubs.ts";

/** Faults of a bare miniport. */
export interface BareMiniportInit {
  /** MiniportInitializeEx succeeds without setting the general attributes (no medium). */
  readonly skipGeneralAttributes?: boolean;
  /** Sets the general attributes while holding a spin lock (at DISPATCH_LEVEL). */
  readonly attributesAtDispatch?: boolean;
}

/** A bare miniport: its DriverEntry and the handles of the adapters it initialised. */
export function bareMiniport(init: BareMiniportInit = {}): {
  DriverEntry: DRIVER_INITIALIZE;
  adapters: NdisHandle<"Miniport">[];
} {
  const adapters: NdisHandle<"Miniport">[] = [];
  const DriverEntry: DRIVER_INITIALIZE = (DriverObject, RegistryPath) => {
    const { status, NdisMiniportDriverHandle } = NdisMRegisterMiniportDriver(
      DriverObject,
      RegistryPath,
      null,
      {
        Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS, Revision: 2 },
        MajorNdisVersion: 6,
        MinorNdisVersion: 0,
        SetOptionsHandler: (handle) => NdisSetOptionalHandlers(handle, miniportCo(false)),
        InitializeHandlerEx: (handle) => {
          adapters.push(handle);
          NdisMSetMiniportAttributes(handle, {
            Header: {
              Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
              Revision: 1,
            },
            MiniportAdapterContext: null,
          });
          if (init.skipGeneralAttributes === true) return NDIS_STATUS_SUCCESS;
          const lock = init.attributesAtDispatch === true ? NdisAllocateSpinLock() : undefined;
          if (lock !== undefined) NdisAcquireSpinLock(lock);
          NdisMSetMiniportAttributes(handle, {
            Header: {
              Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
              Revision: 1,
            },
            MediaType: NDIS_MEDIUM.NdisMediumAtm,
          });
          if (lock !== undefined) NdisReleaseSpinLock(lock);
          return NDIS_STATUS_SUCCESS;
        },
        HaltHandlerEx: () => {},
        UnloadHandler: () => {
          if (NdisMiniportDriverHandle !== null) NdisMDeregisterMiniportDriver(NdisMiniportDriverHandle);
        },
        PauseHandler: () => NDIS_STATUS_SUCCESS,
        RestartHandler: () => NDIS_STATUS_SUCCESS,
        ShutdownHandlerEx: () => {},
        ReturnNetBufferListsHandler: () => {},
        CancelSendHandler: () => {},
      },
    );
    return status;
  };
  return { DriverEntry, adapters };
}
