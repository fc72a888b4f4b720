/**
 * A bare NDIS 6 protocol driver (not CoNDIS) for life-cycle fixtures: it binds to every adapter
 * and closes on unbind, unless a fault replaces a step.
 */
import {
  type DRIVER_INITIALIZE,
  NDIS_MEDIUM,
  NDIS_OBJECT_TYPE,
  type NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
  type NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_SUCCESS,
  NdisCloseAdapterEx,
  type NdisHandle,
  NdisOpenAdapterEx,
  NdisRegisterProtocolDriver,
} from "../../../src/ndis/index.ts";

/** What a bare protocol's bind step gets. */
export interface BindStep {
  readonly protocol: NdisHandle<"Protocol">;
  readonly BindContext: NdisHandle<"BindContext">;
  readonly AdapterName: string;
  /** The clean open: NdisOpenAdapterEx for the ATM medium; records the binding. */
  open(): NDIS_STATUS;
}

/** Faults of a bare protocol. */
export interface BareProtocolInit {
  readonly name: string;
  /** Replaces the bind (default: open the adapter and succeed). */
  readonly bind?: (step: BindStep) => NDIS_STATUS;
  /** Replaces the unbind (default: close the binding and succeed). */
  readonly unbind?: () => NDIS_STATUS;
  /** Characteristics to drop (a missing required handler). */
  readonly omit?: readonly (keyof NDIS_PROTOCOL_DRIVER_CHARACTERISTICS)[];
  /** Registers a second time from DriverEntry. */
  readonly registerTwice?: boolean;
}

/** A bare protocol: its DriverEntry, its protocol handle and its bindings. */
export interface BareProtocol {
  readonly DriverEntry: DRIVER_INITIALIZE;
  handle(): NdisHandle<"Protocol">;
  readonly bindings: NdisHandle<"Binding">[];
}

/** Builds a bare protocol driver. */
export function bareProtocol(init: BareProtocolInit): BareProtocol {
  let protocol: NdisHandle<"Protocol"> | null = null;
  const bindings: NdisHandle<"Binding">[] = [];
  const chars: Record<string, unknown> = {
    Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, Revision: 2 },
    MajorNdisVersion: 6,
    MinorNdisVersion: 0,
    Name: init.name,
    BindAdapterHandlerEx: (
      _ctx: unknown,
      BindContext: NdisHandle<"BindContext">,
      params: { AdapterName: string },
    ) => {
      if (protocol === null) return NDIS_STATUS_FAILURE;
      const self = protocol;
      const step: BindStep = {
        protocol: self,
        BindContext,
        AdapterName: params.AdapterName,
        open: () => {
          const r = NdisOpenAdapterEx(
            self,
            null,
            {
              Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_OPEN_PARAMETERS, Revision: 1 },
              AdapterName: params.AdapterName,
              MediumArray: [NDIS_MEDIUM.NdisMediumAtm],
            },
            BindContext,
          );
          if (r.NdisBindingHandle !== null) bindings.push(r.NdisBindingHandle);
          return r.status;
        },
      };
      return init.bind !== undefined ? init.bind(step) : step.open();
    },
    UnbindAdapterHandlerEx: () => {
      if (init.unbind !== undefined) return init.unbind();
      const binding = bindings.shift();
      if (binding !== undefined) NdisCloseAdapterEx(binding);
      return NDIS_STATUS_SUCCESS;
    },
    OpenAdapterCompleteHandlerEx: () => {},
    CloseAdapterCompleteHandlerEx: () => {},
    NetPnPEventHandler: () => NDIS_STATUS_SUCCESS,
  };
  for (const key of init.omit ?? []) delete chars[key];
  const characteristics = chars as unknown as NDIS_PROTOCOL_DRIVER_CHARACTERISTICS;
  const DriverEntry: DRIVER_INITIALIZE = () => {
    const result = NdisRegisterProtocolDriver(null, characteristics);
    protocol = result.NdisProtocolHandle;
    if (init.registerTwice === true) NdisRegisterProtocolDriver(null, characteristics);
    return result.status;
  };
  return {
    DriverEntry,
    bindings,
    handle: () => {
      if (protocol === null) throw new Error(`${init.name}: not registered`);
      return protocol;
    },
  };
}
