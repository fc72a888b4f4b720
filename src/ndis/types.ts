import type { NDIS_HANDLE } from "./handle.ts";

/** NDIS_OBJECT_HEADER: the type and revision NDIS checks on every characteristics structure. */
export interface NDIS_OBJECT_HEADER {
  readonly Type: number;
  readonly Revision: number;
  /** Ignored by the model (there is no C layout); kept so that C-shaped code reads naturally. */
  readonly Size?: number;
}

/** NDIS_OBJECT_TYPE_* values used by the structures of this model. */
export const NDIS_OBJECT_TYPE = {
  NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS: 0x81,
  NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES: 0x9e,
  NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES: 0x9f,
  NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS: 0x8a,
  NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS: 0x95,
  NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS: 0x90,
  NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS: 0x91,
  NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS: 0xa5,
  NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS: 0xa6,
  NDIS_OBJECT_TYPE_OPEN_PARAMETERS: 0x87,
  NDIS_OBJECT_TYPE_BIND_PARAMETERS: 0x86,
} as const;

/** NDIS_MEDIUM values (ndis.h enumeration order). */
export const NDIS_MEDIUM = {
  NdisMedium802_3: 0,
  NdisMedium802_5: 1,
  NdisMediumFddi: 2,
  NdisMediumWan: 3,
  NdisMediumLocalTalk: 4,
  NdisMediumDix: 5,
  NdisMediumArcnetRaw: 6,
  NdisMediumArcnet878_2: 7,
  NdisMediumAtm: 8,
  NdisMediumWirelessWan: 9,
  NdisMediumIrda: 10,
  NdisMediumBpc: 11,
  NdisMediumCoWan: 12,
  NdisMedium1394: 13,
} as const;

/** An NDIS_MEDIUM value. */
export type NDIS_MEDIUM = number;

/** NDIS_AF: an address-family code. */
export type NDIS_AF = number;

/** CO_ADDRESS_FAMILY_* codes. */
export const CO_ADDRESS_FAMILY = {
  CO_ADDRESS_FAMILY_Q2931: 0x1,
  CO_ADDRESS_FAMILY_PSCHED: 0x2,
  CO_ADDRESS_FAMILY_L2TP: 0x3,
  CO_ADDRESS_FAMILY_IRDA: 0x4,
  CO_ADDRESS_FAMILY_1394: 0x5,
  CO_ADDRESS_FAMILY_PPP: 0x6,
  CO_ADDRESS_FAMILY_INFINIBAND: 0x7,
  CO_ADDRESS_FAMILY_TAPI: 0x800,
  CO_ADDRESS_FAMILY_TAPI_PROXY: 0x801,
  CO_ADDRESS_FAMILY_PROXY: 0x80000000,
} as const;

/** CO_ADDRESS_FAMILY: the family a call manager offers, with its version. */
export interface CO_ADDRESS_FAMILY {
  AddressFamily: NDIS_AF;
  MajorVersion: number;
  MinorVersion: number;
}

/** SAP types of the ATM address family (atm.h). */
export const SAP_TYPE = {
  SAP_TYPE_NSAP: 0x00000001,
  SAP_TYPE_E164: 0x00000002,
} as const;

/** CO_SAP: an address-family-specific description of the incoming calls a client wants. */
export interface CO_SAP {
  readonly SapType: number;
  /** Bytes of `Sap` that are meaningful; must not exceed `Sap.length`. */
  readonly SapLength: number;
  readonly Sap: Uint8Array;
}

/** NDIS_OPEN_PARAMETERS (the fields the model uses). */
export interface NDIS_OPEN_PARAMETERS {
  readonly Header: NDIS_OBJECT_HEADER;
  readonly AdapterName: string;
  readonly MediumArray: readonly NDIS_MEDIUM[];
}

/** NDIS_BIND_PARAMETERS (the fields the model uses). */
export interface NDIS_BIND_PARAMETERS {
  readonly Header: NDIS_OBJECT_HEADER;
  readonly AdapterName: string;
  readonly MediaType: NDIS_MEDIUM;
  /** True when the adapter is connection-oriented (NDIS_MAC_OPTION / CoNDIS miniport). */
  readonly ConnectionOriented: boolean;
}

/** NDIS_PNP_EVENT codes the model delivers through ProtocolNetPnPEvent. */
export const NET_PNP_EVENT_CODE = {
  NetEventSetPower: 0,
  NetEventQueryPower: 1,
  NetEventQueryRemoveDevice: 2,
  NetEventCancelRemoveDevice: 3,
  NetEventReconfigure: 4,
  NetEventBindList: 5,
  NetEventBindsComplete: 6,
  NetEventPnPCapabilities: 7,
  NetEventPause: 8,
  NetEventRestart: 9,
} as const;

/** NET_PNP_EVENT_NOTIFICATION (the fields the model uses). */
export interface NET_PNP_EVENT_NOTIFICATION {
  readonly NetPnPEvent: { readonly NetEvent: number };
}

/** NDIS_MINIPORT_INIT_PARAMETERS (the fields the model uses). */
export interface NDIS_MINIPORT_INIT_PARAMETERS {
  readonly AdapterName: string;
  /** What the host attached to this adapter (a medium port, for the reference miniports). */
  readonly Attachment: unknown;
}

/** NDIS_HALT_ACTION. */
export const NDIS_HALT_ACTION = {
  NdisHaltDeviceDisabled: 0,
  NdisHaltDeviceInstanceDeInitialized: 1,
} as const;

/** Registration attributes of NdisMSetMiniportAttributes (the fields the model uses). */
export interface NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES {
  readonly Header: NDIS_OBJECT_HEADER;
  readonly MiniportAdapterContext: NDIS_HANDLE;
  readonly AttributeFlags?: number;
}

/** General attributes of NdisMSetMiniportAttributes (the fields the model uses). */
export interface NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES {
  readonly Header: NDIS_OBJECT_HEADER;
  readonly MediaType: NDIS_MEDIUM;
  readonly MtuSize?: number;
}

/** NDIS_MINIPORT_ADAPTER_ATTRIBUTES: one of the attribute structures, told apart by Header.Type. */
export type NDIS_MINIPORT_ADAPTER_ATTRIBUTES =
  | NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES
  | NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;

/** EX_POOL_PRIORITY of NdisAllocateMemoryWithTagPriority. */
export const EX_POOL_PRIORITY = {
  LowPoolPriority: 0,
  NormalPoolPriority: 16,
  HighPoolPriority: 32,
} as const;

/** DRIVER_OBJECT: what DriverEntry receives (the fields the model uses). */
export interface DRIVER_OBJECT {
  readonly DriverName: string;
  /** Set by DriverEntry; the host calls it when the driver is unloaded. */
  DriverUnload: ((DriverObject: DRIVER_OBJECT) => void) | undefined;
}

/** DRIVER_INITIALIZE: a driver's entry point. Returns an NTSTATUS. */
export type DRIVER_INITIALIZE = (DriverObject: DRIVER_OBJECT, RegistryPath: string) => number;

/**
 * What the host looks for on an adapter's attachment (a medium port): a hook to run the
 * miniport's receive-side code as its DPC, and an observer of every frame, so frames join the
 * host's event stream.
 */
export interface NdisAttachmentHooks {
  connectInterrupts?(run: (label: string, fn: () => void) => void): void;
  observeFrames?(
    listener: (
      direction: "tx" | "rx",
      frame: { readonly vpi: number; readonly vci: number; readonly payload: Uint8Array },
    ) => void,
  ): () => void;
}
