/** A minimal CoNDIS miniport (or, with call-manager handlers, the adapter half of an MCM) for tests. */
import {
  type DRIVER_INITIALIZE,
  type NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
  NDIS_MEDIUM,
  NDIS_OBJECT_TYPE,
  NDIS_STATUS_SUCCESS,
  type NdisHandle,
  NdisMDeregisterMiniportDriver,
  NdisMRegisterMiniportDriver,
  NdisMSetMiniportAttributes,
  NdisSetOptionalHandlers,
} from "../../../src/ndis/index.ts";
import { miniportCo } from "./stubs.ts";

/** What a test miniport's adapter is told and keeps. */
export interface TestAdapter {
  readonly name: string;
  readonly handle: NdisHandle<"Miniport">;
  halted: boolean;
}

/** Options of the test miniport. */
export interface TestMiniportInit {
  /** Call-manager handlers make it an MCM. */
  readonly cm?: () => NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS;
  /** Runs at the end of MiniportInitializeEx (an MCM registers its AF here). */
  readonly onInitialize?: (adapter: TestAdapter) => void;
  /** Runs in MiniportHaltEx (an MCM notifies clients here). */
  readonly onHalt?: (adapter: TestAdapter) => void;
  /** Overrides the medium reported in the general attributes. */
  readonly medium?: number;
  /** Fault injection: NULL CoCreateVc/CoDeleteVc handlers (allowed for an MCM only). */
  readonly nullVcHandlers?: boolean;
}

/** The test miniport driver: its DriverEntry and the adapters it has initialised. */
export function testMiniport(init: TestMiniportInit = {}): {
  DriverEntry: DRIVER_INITIALIZE;
  adapters: TestAdapter[];
} {
  const adapters: TestAdapter[] = [];
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
          const co = NdisSetOptionalHandlers(
            NdisDriverHandle,
            miniportCo(init.cm !== undefined || init.nullVcHandlers === true),
          );
          if (co !== NDIS_STATUS_SUCCESS || init.cm === undefined) return co;
          return NdisSetOptionalHandlers(NdisDriverHandle, init.cm());
        },
        InitializeHandlerEx: (NdisMiniportHandle, _ctx, params) => {
          const adapter: TestAdapter = {
            name: params.AdapterName,
            handle: NdisMiniportHandle,
            halted: false,
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
            MediaType: init.medium ?? NDIS_MEDIUM.NdisMediumAtm,
          });
          adapters.push(adapter);
          init.onInitialize?.(adapter);
          return NDIS_STATUS_SUCCESS;
        },
        HaltHandlerEx: (ctx) => {
          const adapter = ctx as TestAdapter;
          init.onHalt?.(adapter);
          adapter.halted = true;
        },
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
