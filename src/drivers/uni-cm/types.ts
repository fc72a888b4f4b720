/**
 * The types the parts of the UNI call manager share, below every part that implements them: the
 * platform seam the stand-alone call manager and the MCM each fill, the AF, SAP, call and party
 * records (the contexts NDIS hands back), and what an AF's UNI offers the handlers and the call
 * table. It imports no implementation module of uni-cm, so the parts import it and never each other
 * in a circle: uni.ts builds the AF/SAP core (core.ts) and the calls (calls.ts), and they see their
 * UNI only through AfUni.
 */
import type {
  AnyNdisHandle,
  CO_CALL_PARAMETERS,
  NDIS_STATUS,
  NdisHandle,
  NdisMemory,
  PROTOCOL_CM_CLOSE_AF,
  PROTOCOL_CM_DEREGISTER_SAP,
  PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE,
  PROTOCOL_CM_OPEN_AF,
  PROTOCOL_CM_REG_SAP,
} from "../../ndis/index.ts";
import type { CallKey, PartyKey } from "../../signaling/call-control/index.ts";
import type { EndSystem } from "../../signaling/ilmi/index.ts";
import type {
  AtmTrafficDescriptor,
  BroadbandLowLayerInformation,
  SetupIes,
} from "../../signaling/q2931/index.ts";
import type { ATM_SAP } from "../atm-sap.ts";
import type { UniCmDdi } from "./ddi.ts";
import type { NdisTimerScheduler } from "./ndis-scheduler.ts";

/** What the driver hosting a UNI gives it. */
export interface UniPlatform {
  /** Names the UNI in traces (its adapter's name). */
  readonly name: string;
  /** The DDIs of the driver's form. */
  readonly ddi: UniCmDdi;
  /** The handle memory and timers are charged to (the binding, or the miniport adapter). */
  owner(): AnyNdisHandle;
  /** Sends one frame on VPI 0 / `vci` (5: SSCOP, 16: ILMI). */
  sendSignaling(vci: number, bytes: Uint8Array): void;
  /** Creates a VC for an incoming call with the SAP's AF (NdisCoCreateVc / NdisMCmCreateVc). */
  createVc(af: NdisHandle<"Af">, call: UniCall): NdisHandle<"Vc"> | null;
  /**
   * A call manager that carries its clients' data itself (an MCM): the call's VC is now active and
   * carries data on its VPI/VCI. A stand-alone call manager leaves data to the miniport.
   */
  dataActive?(call: UniCall): void;
  /**
   * An MCM: the call's VC stops carrying data, and `deactivate` runs now, or once the sends in
   * flight on it have completed.
   */
  dataDrain?(call: UniCall, deactivate: () => void): void;
}

/** What the handlers and the incoming calls need of a UNI's AF/SAP core (UniCmCore). */
export interface UniAfSaps {
  readonly openAf: PROTOCOL_CM_OPEN_AF;
  readonly closeAf: PROTOCOL_CM_CLOSE_AF;
  readonly notifyCloseAfComplete: PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE;
  readonly registerSap: PROTOCOL_CM_REG_SAP;
  readonly deregisterSap: PROTOCOL_CM_DEREGISTER_SAP;
  /** The SAPs an incoming call may be offered on, in registration order. */
  listeningSaps(): UniCmSap[];
}

/** What the handlers need of a UNI's calls (UniCalls): one entry per call manager handler. */
export interface UniCallEntries {
  createVc(af: UniCmAf, vc: NdisHandle<"Vc">): { status: NDIS_STATUS; ProtocolVcContext?: UniCall };
  deleteVc(call: UniCall): NDIS_STATUS;
  makeCall(
    call: UniCall,
    params: CO_CALL_PARAMETERS,
    party: NdisHandle<"Party"> | null,
  ): { status: NDIS_STATUS; CallMgrPartyContext?: UniParty | null };
  closeCall(call: UniCall): NDIS_STATUS;
  addParty(
    call: UniCall,
    params: CO_CALL_PARAMETERS,
    handle: NdisHandle<"Party">,
  ): { status: NDIS_STATUS; CallMgrPartyContext?: UniParty };
  dropParty(party: UniParty): NDIS_STATUS;
  modifyCallQoS(call: UniCall, params: CO_CALL_PARAMETERS): NDIS_STATUS;
  incomingCallComplete(status: NDIS_STATUS, call: UniCall, params: CO_CALL_PARAMETERS): void;
  activateComplete(status: NDIS_STATUS, call: UniCall): void;
  deactivateComplete(status: NDIS_STATUS, call: UniCall): void;
}

/** The UNI an AF was opened on, as its records, the handlers and the AF/SAP core see it (uni.ts's Uni). */
export interface AfUni {
  readonly platform: UniPlatform;
  readonly core: UniAfSaps;
  readonly calls: UniCallEntries;
  /** The UNI's one runner (its NDIS timer object). */
  scheduler(): NdisTimerScheduler;
}

/** The call manager's per-AF area (its CallMgrAfContext). */
export interface UniCmAf {
  /** The UNI it was opened on. */
  readonly uni: AfUni;
  readonly handle: NdisHandle<"Af">;
  readonly area: NdisMemory;
  readonly saps: Set<UniCmSap>;
  closePending: boolean;
  notifyPending: boolean;
}

/** The call manager's per-SAP area (its CallMgrSapContext). */
export interface UniCmSap {
  readonly area: NdisMemory;
  readonly handle: NdisHandle<"Sap">;
  readonly af: UniCmAf;
  readonly sap: ATM_SAP;
  readonly key: string;
  /** The end system it listens on, or undefined for a SAP without an address. */
  readonly endSystem: EndSystem | undefined;
  state: "registering" | "registered" | "deregistering";
}

/**
 * Where a call stands in the call manager:
 * - idle: a client's VC with no call (before a make-call, or after a close);
 * - waiting-link: a make-call waits for SSCOP to come up;
 * - calling: SETUP sent, no CONNECT yet;
 * - activating: the VC is being activated (CONNECT received, or an incoming SETUP);
 * - offered: an incoming call is dispatched and the client's answer is pending;
 * - accepted: CONNECT sent for an incoming call, CONNECT ACKNOWLEDGE awaited;
 * - connected: data flows;
 * - incoming-close: the network cleared the call; the client's NdisClCloseCall is awaited;
 * - closing: the client closes: RELEASE sent (its answer awaited), then the VC is deactivated;
 * - deleting: an incoming call was refused or has closed: its VC is deactivated, then deleted;
 * - deleted: the record is gone.
 */
export type CallPhase =
  | "idle"
  | "waiting-link"
  | "calling"
  | "activating"
  | "offered"
  | "accepted"
  | "connected"
  | "incoming-close"
  | "closing"
  | "deleting"
  | "deleted";

/** The VC as the call manager drives it. */
export type VcPhase = "inactive" | "activating" | "active" | "deactivating";

/**
 * A party of a point-to-multipoint call this side roots (its CallMgrPartyContext): adding (SETUP
 * or ADD PARTY out), active, dropping (DROP PARTY out, or the network dropped it and the client's
 * NdisClDropParty is awaited), gone.
 */
export interface UniParty {
  readonly kind: "party";
  readonly call: UniCall;
  readonly handle: NdisHandle<"Party">;
  /** The endpoint in Q.2931 call control, while it has one. */
  key: PartyKey | undefined;
  phase: "adding" | "active" | "dropping" | "gone";
  params: CO_CALL_PARAMETERS;
}

/**
 * A Q.2963.1 QoS change under way on a connected point-to-point call:
 * - client: the client's ProtocolCmModifyCallQoS; MODIFY REQUEST is out (`requested`), or the VC is
 *   being re-activated with `params` after MODIFY ACKNOWLEDGE (`reactivating`); `old` and
 *   `oldTrafficDescriptor` are what a failure restores;
 * - incoming: the peer's MODIFY REQUEST; the VC is being re-activated with `params`;
 * - restoring: a re-activation after MODIFY ACKNOWLEDGE failed, so MODIFY REQUEST is out to put the
 *   network back to the old traffic descriptor (the client already had its FAILURE).
 */
export type QosChange =
  | {
      readonly kind: "client";
      readonly params: CO_CALL_PARAMETERS;
      readonly trafficDescriptor: AtmTrafficDescriptor;
      readonly old: CO_CALL_PARAMETERS;
      readonly oldTrafficDescriptor: AtmTrafficDescriptor;
      phase: "requested" | "reactivating";
    }
  | {
      readonly kind: "incoming";
      readonly params: CO_CALL_PARAMETERS;
      readonly trafficDescriptor: AtmTrafficDescriptor;
    }
  | { readonly kind: "restoring" };

/** The call manager's context of one call VC. */
export interface UniCall {
  readonly kind: "call";
  readonly direction: "outgoing" | "incoming";
  readonly af: UniCmAf;
  readonly area: NdisMemory;
  /** The SAP an incoming call was offered on (not used once dispatched: the SAP may go). */
  readonly sap: UniCmSap | undefined;
  vc: NdisHandle<"Vc"> | null;
  phase: CallPhase;
  vcPhase: VcPhase;
  /** The call in Q.2931 call control, while it has one. */
  key: CallKey | undefined;
  setup: SetupIes | undefined;
  /** The call parameters in force (the client's, with the VC filled in). */
  params: CO_CALL_PARAMETERS | undefined;
  /** The VC the network assigned. */
  connection: { vpi: number; vci: number } | undefined;
  /** The BLLI of the SETUP the SAP matched (CONNECT names it when the SETUP offered several). */
  blli: BroadbandLowLayerInformation | undefined;
  /** The network no longer has the call (RELEASE, RELEASE COMPLETE, link loss). */
  networkGone: boolean;
  /** The first clearing cause. */
  cause: number | undefined;
  /** True for a point-to-multipoint call (the client passed a party context to its make-call). */
  multipoint: boolean;
  /** The parties of a point-to-multipoint call, in the order they were added. */
  parties: UniParty[];
  /** The traffic descriptor in force on the network: the SETUP's, then the last one a modification agreed. */
  trafficDescriptor: AtmTrafficDescriptor | undefined;
  /** The QoS change under way, if any. */
  qos: QosChange | undefined;
  afterActivate: ((status: NDIS_STATUS) => void) | undefined;
  afterDeactivate: (() => void) | undefined;
  /** A re-activation of the active VC (a QoS change) is under way: what follows it. */
  afterReactivate: ((status: NDIS_STATUS) => void) | undefined;
  /** A deactivation asked for while the VC was being re-activated: it runs after the re-activation. */
  deactivateAfterReactivate: (() => void) | undefined;
}
