/** The records NDIS keeps for each object it tracks, with their named states. */

import type { CO_CALL_PARAMETERS } from "./call-parameters.ts";
import type {
  NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
  NDIS_CO_CLIENT_OPTIONAL_HANDLERS,
  NDIS_MINIPORT_CO_CHARACTERISTICS,
  NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
  NDIS_PROTOCOL_CO_CHARACTERISTICS,
  NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
} from "./characteristics.ts";
import type { NDIS_HANDLE, NdisHandle } from "./handle.ts";
import type { CO_ADDRESS_FAMILY, CO_SAP, DRIVER_OBJECT, NDIS_MEDIUM } from "./types.ts";

/** A loaded driver. */
export interface DriverRecord {
  readonly name: string;
  readonly DriverObject: DRIVER_OBJECT;
  state: "Loading" | "Loaded" | "Unloading" | "Unloaded";
  protocol: ProtocolRecord | undefined;
  miniport: MiniportDriverRecord | undefined;
}

/** A registered protocol driver (client and/or stand-alone call manager). */
export interface ProtocolRecord {
  readonly driver: DriverRecord;
  readonly handle: NdisHandle<"Protocol">;
  readonly characteristics: NDIS_PROTOCOL_DRIVER_CHARACTERISTICS;
  readonly ProtocolDriverContext: NDIS_HANDLE;
  co: NDIS_PROTOCOL_CO_CHARACTERISTICS | undefined;
  cm: NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS | undefined;
  cl: NDIS_CO_CLIENT_OPTIONAL_HANDLERS | undefined;
  state: "SettingOptions" | "Registered" | "Deregistered";
  readonly bindings: Set<BindingRecord>;
}

/** A registered miniport driver (a CoNDIS miniport, or an MCM when it has call-manager handlers). */
export interface MiniportDriverRecord {
  readonly driver: DriverRecord;
  readonly handle: NdisHandle<"MiniportDriver">;
  readonly characteristics: NDIS_MINIPORT_DRIVER_CHARACTERISTICS;
  readonly MiniportDriverContext: NDIS_HANDLE;
  co: NDIS_MINIPORT_CO_CHARACTERISTICS | undefined;
  cm: NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS | undefined;
  state: "SettingOptions" | "Registered" | "Deregistered";
  readonly adapters: Set<AdapterRecord>;
}

/** Adapter (miniport instance) states. */
export type AdapterState =
  | "Initializing"
  | "Paused"
  | "Restarting"
  | "Running"
  | "Pausing"
  | "Halting"
  | "Halted";

/** One adapter of a miniport driver. */
export interface AdapterRecord {
  readonly name: string;
  readonly miniport: MiniportDriverRecord;
  readonly handle: NdisHandle<"Miniport">;
  readonly attachment: unknown;
  state: AdapterState;
  MiniportAdapterContext: NDIS_HANDLE;
  medium: NDIS_MEDIUM;
  readonly bindings: Set<BindingRecord>;
  readonly afs: Set<AfRegistration>;
  /** Every VC on this adapter (client, call-manager, signaling and MCM VCs). */
  readonly vcs: Set<VcRecord>;
  /** Set while removal is under way: no new bindings. */
  removing: boolean;
}

/** Binding states (NDIS 6: a binding opens Paused and is restarted once bound). */
export type BindingState = "Opening" | "Paused" | "Restarting" | "Running" | "Pausing" | "Closing" | "Closed";

/** A protocol's open of an adapter. */
export interface BindingRecord {
  readonly protocol: ProtocolRecord;
  readonly adapter: AdapterRecord;
  readonly handle: NdisHandle<"Binding">;
  readonly ProtocolBindingContext: NDIS_HANDLE;
  state: BindingState;
  /** True once ProtocolBindAdapterEx has completed with SUCCESS. */
  bound: boolean;
  /** True while ProtocolUnbindAdapterEx is in progress. */
  unbinding: boolean;
  /** AFs this protocol registered as a call manager on this binding. */
  readonly cmAfs: Set<AfRegistration>;
  /** AF opens this protocol made as a client on this binding. */
  readonly clientAfs: Set<AfOpen>;
  /** VCs this protocol takes part in through this binding (created or peer). */
  readonly vcs: Set<VcRecord>;
}

/** An address family a call manager (or MCM) registered on one adapter. */
export interface AfRegistration {
  readonly id: number;
  readonly kind: "cm" | "mcm";
  readonly adapter: AdapterRecord;
  /** The call manager's binding (stand-alone CM only). */
  readonly binding: BindingRecord | undefined;
  readonly driver: DriverRecord;
  readonly AddressFamily: CO_ADDRESS_FAMILY;
  readonly handlers: NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS;
  /** ProtocolBindingContext of the CM's binding, or the MCM's MiniportAdapterContext. */
  readonly CallMgrBindingContext: NDIS_HANDLE;
  state: "Registered" | "Dead";
  readonly opens: Set<AfOpen>;
}

/** AF open states (reference §3.6 REC). */
export type AfState = "Opening" | "Open" | "Closing" | "Closed";

/** A pended request's phase: the handler is still running, or it returned PENDING. */
export type RequestPhase = "in-handler" | "pending";

/** One client's open of one registered AF (an NdisAfHandle). */
export interface AfOpen {
  readonly id: number;
  readonly registration: AfRegistration;
  readonly clientBinding: BindingRecord;
  readonly handle: NdisHandle<"Af">;
  readonly ClientAfContext: NDIS_HANDLE;
  CallMgrAfContext: NDIS_HANDLE;
  state: AfState;
  /** The CM's open or close request while it is outstanding. */
  request: { readonly op: "open" | "close"; phase: RequestPhase } | undefined;
  /** A CM-initiated close (NdisCmNotifyCloseAddressFamily) while it is outstanding. */
  notify: { phase: RequestPhase | "client-closing" } | undefined;
  readonly saps: Set<SapRecord>;
  readonly vcs: Set<VcRecord>;
}

/** SAP states (reference §4.13). */
export type SapState = "Registering" | "Registered" | "Deregistering" | "Freed";

/** One registered SAP (an NdisSapHandle). */
export interface SapRecord {
  readonly id: number;
  readonly af: AfOpen;
  readonly handle: NdisHandle<"Sap">;
  readonly ProtocolSapContext: NDIS_HANDLE;
  readonly Sap: CO_SAP;
  CallMgrSapContext: NDIS_HANDLE;
  state: SapState;
  /** The outstanding register or deregister request at the call manager. */
  request: { readonly op: "register" | "deregister"; phase: RequestPhase; completed: boolean } | undefined;
  /** True once the client called NdisClDeregisterSap: its handle is dead for the client. */
  clientReleased: boolean;
}

/** VC states (reference VC §2.5). Deactivated VCs go back to Created: they may be re-activated or deleted. */
export type VcState = "Created" | "Activating" | "Active" | "Deactivating" | "Deleted";

/** One protocol's side of a VC: its binding and its VC context. */
export interface VcSide {
  readonly binding: BindingRecord;
  context: NDIS_HANDLE;
}

/** A virtual connection (an NdisVcHandle). */
export interface VcRecord {
  readonly id: number;
  readonly handle: NdisHandle<"Vc">;
  readonly adapter: AdapterRecord;
  /** Who created it: the client, the stand-alone call manager, or the MCM. */
  readonly creator: "client" | "cm" | "mcm";
  readonly creatorDriver: DriverRecord;
  /** The AF open it belongs to; undefined for a call manager's signaling VC (NULL AF handle). */
  readonly af: AfOpen | undefined;
  /** The client's side (absent on a signaling VC). */
  client: VcSide | undefined;
  /** The stand-alone call manager's side (absent on an MCM adapter). */
  cm: VcSide | undefined;
  /** The MCM's VC context (absent unless the adapter is an MCM's). */
  mcmContext: NDIS_HANDLE;
  /** The miniport's VC context (from MiniportCoCreateVc, or the MCM's context). */
  miniportContext: NDIS_HANDLE;
  state: VcState;
  /** Parameters of the last successful activation. */
  parameters: CO_CALL_PARAMETERS | undefined;
  /** An activation or deactivation outstanding at the miniport. */
  request:
    | {
        readonly op: "activate" | "deactivate";
        phase: RequestPhase;
        readonly parameters?: CO_CALL_PARAMETERS;
        readonly previous: VcState;
      }
    | undefined;
  /** NBLs sent on this VC and not yet completed. */
  sendsInFlight: number;
  /** The call on this VC (a VC carries one call at a time). */
  call: CallRecord;
}

/** Call states on a VC. "Accepted": the client accepted an incoming call, CallConnected not yet dispatched. */
export type CallState =
  | "None"
  | "MakeCallPending"
  | "Offered"
  | "Accepted"
  | "Connected"
  | "IncomingClose"
  | "Closing";

/** The call a VC carries, and the request outstanding on it. */
export interface CallRecord {
  state: CallState;
  /** The request in progress at the other side, and its phase. */
  request: { readonly op: "make" | "incoming" | "close"; phase: RequestPhase } | undefined;
  /** For an incoming call: the SAP it was dispatched on. */
  sap: SapRecord | undefined;
  /** The parties of a point-to-multipoint call. */
  readonly parties: Set<PartyRecord>;
  /** A QoS change requested by the client and outstanding at the call manager. */
  qos: RequestPhase | undefined;
}

/** Party states of a point-to-multipoint call. */
export type PartyState = "Adding" | "Active" | "Dropping";

/** One party (an NdisPartyHandle). */
export interface PartyRecord {
  readonly id: number;
  readonly handle: NdisHandle<"Party">;
  readonly vc: VcRecord;
  readonly ProtocolPartyContext: NDIS_HANDLE;
  CallMgrPartyContext: NDIS_HANDLE;
  state: PartyState;
  request: { readonly op: "add" | "drop"; phase: RequestPhase } | undefined;
  /** True once the client called NdisClDropParty (OQ-8: the handle stays valid until the drop completes). */
  clientDropped: boolean;
}
