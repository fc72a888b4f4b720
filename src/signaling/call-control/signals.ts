/**
 * What goes into and comes out of a call's state machine: requests (primitives from the call manager on
 * the user side, from the switch's call routing on the network side), received messages and decode
 * errors, timer expiries, and the effects a transition returns (messages to send, timers to start and
 * stop, indications upward).
 */
import type { Nanoseconds } from "../../sched/index.ts";
import type {
  AddPartyIes,
  AtmTrafficDescriptor,
  CauseIe,
  ConnectIes,
  ConnectionIdentifier,
  ModifyRequestIes,
  ProgressIes,
  Q2931DecodeError,
  Q2931Message,
  SetupIes,
  StatusReport,
} from "../q2931/index.ts";
import type { CallTimerName, PartyTimerName } from "./config.ts";

/** A call on one interface: its call reference value and whether this side allocated it. */
export interface CallKey {
  readonly value: number;
  /** True when we allocated the value (we send flag 0, the peer sends flag 1). */
  readonly mine: boolean;
}

/** A party of a point-to-multipoint call: its endpoint reference value and whether this side allocated it. */
export interface PartyKey {
  readonly value: number;
  /** True when we allocated the value (we send flag 0 in the Endpoint reference IE). */
  readonly mine: boolean;
}

/** A cause for a request: a cause value (our location is added) or a whole Cause IE. */
export type CauseSpec = number | CauseIe;

/** ADD PARTY IEs as a request gives them: the machine allocates the endpoint reference. */
export type AddPartyRequestIes = Omit<AddPartyIes, "endpointReference">;

/** Requests from the layer above, for one call. */
export type CallRequest =
  /** Send SETUP (U0 → U1, N0 → N6). A point-to-multipoint bearer gets endpoint reference 0 when absent. */
  | { readonly name: "setup.request"; readonly ies: SetupIes }
  /** Send CALL PROCEEDING (U6 → U9, N1 → N3). */
  | { readonly name: "proceeding.request"; readonly ies?: ProgressIes }
  /** Send ALERTING (U6/U9 → U7, N1/N3 → N4). */
  | { readonly name: "alerting.request"; readonly ies?: ProgressIes }
  /** Accept the call: send CONNECT (U6/U7/U9 → U8 with T313, N1/N3/N4 → N10). */
  | { readonly name: "setup.response"; readonly ies?: ConnectIes }
  /** Refuse an offered call with RELEASE COMPLETE (U6 → U0, N1 → N0). */
  | { readonly name: "reject.request"; readonly cause: CauseSpec }
  /** Clear the call: send RELEASE and start T308 (→ U11 / N12). */
  | { readonly name: "release.request"; readonly cause: CauseSpec }
  /** Send STATUS ENQUIRY (optionally about one party) and start T322. */
  | { readonly name: "status-enquiry.request"; readonly party?: PartyKey }
  /** Add a party to an active point-to-multipoint call: ADD PARTY with a new endpoint reference, T399. */
  | { readonly name: "add-party.request"; readonly ies: AddPartyRequestIes }
  /** Accept a party that ADD PARTY offered: ADD PARTY ACKNOWLEDGE (P2 → P7). */
  | { readonly name: "add-party.response"; readonly party: PartyKey }
  /** Refuse a party that ADD PARTY offered: ADD PARTY REJECT (P2 → P0); RELEASE if it was the last party. */
  | { readonly name: "add-party.reject"; readonly party: PartyKey; readonly cause: CauseSpec }
  /** Drop a party: DROP PARTY and T398 (→ P5); RELEASE instead when it is the last party. */
  | { readonly name: "drop-party.request"; readonly party: PartyKey; readonly cause: CauseSpec }
  /** Q.2963.1: ask for a new traffic descriptor on an active point-to-point call (MODIFY REQUEST, T360). */
  | { readonly name: "modify.request"; readonly ies: ModifyRequestIes }
  /**
   * Accept the peer's MODIFY REQUEST: MODIFY ACKNOWLEDGE. With `confirm` (default: what the request
   * asked for) it carries a report type asking for CONNECTION AVAILABLE, awaited under T361.
   */
  | { readonly name: "modify.response"; readonly confirm?: boolean }
  /** Refuse the peer's MODIFY REQUEST: MODIFY REJECT with the cause. */
  | { readonly name: "modify.reject"; readonly cause: CauseSpec }
  /** Send the CONNECTION AVAILABLE the peer's MODIFY ACKNOWLEDGE asked for. */
  | { readonly name: "connection-available.request" };

/** The name of a request. */
export type CallRequestName = CallRequest["name"];

/** Indications to the layer above, for one call. */
export type CallIndication =
  /** A SETUP offered a call (U6 / N1). */
  | { readonly name: "setup.indication"; readonly ies: SetupIes }
  /** CALL PROCEEDING received. */
  | { readonly name: "proceeding.indication"; readonly ies: ProgressIes }
  /** ALERTING received. */
  | { readonly name: "alerting.indication"; readonly ies: ProgressIes }
  /** CONNECT received: the call is active. */
  | { readonly name: "setup.confirm"; readonly ies: ConnectIes }
  /** CONNECT ACKNOWLEDGE received by the called user (U8 → U10). */
  | { readonly name: "setup-complete.indication" }
  /**
   * The call is being cleared for a reason other than our own release or reject request: the peer's
   * RELEASE or RELEASE COMPLETE, a timer, a protocol error, restart or loss of the signalling link.
   */
  | { readonly name: "release.indication"; readonly cause: readonly CauseIe[] }
  /** The call reference is released (the call is in the Null state); the last indication of every call. */
  | { readonly name: "release.confirm"; readonly cause: readonly CauseIe[] }
  /** A STATUS arrived: the peer's call state and cause (30 when it answers our STATUS ENQUIRY). */
  | {
      readonly name: "status.indication";
      readonly peerState: number;
      readonly cause: CauseIe;
      readonly party?: PartyKey;
      readonly peerPartyState?: number;
    }
  /** Our STATUS ENQUIRY got no answer after the last T322 expiry. */
  | { readonly name: "status-enquiry.failed" }
  /** A faulty or unexpected message was answered (STATUS, RELEASE COMPLETE) or ignored, as §3.5 prescribes. */
  | {
      readonly name: "error.indication";
      readonly cause: number;
      readonly messageType: number;
      readonly answer: "status" | "release" | "ignored";
      readonly reason: string;
    }
  /** ADD PARTY received (P0 → P2). */
  | { readonly name: "add-party.indication"; readonly party: PartyKey; readonly ies: AddPartyIes }
  /** ADD PARTY ACKNOWLEDGE received (P1 → P7). */
  | { readonly name: "add-party.confirm"; readonly party: PartyKey }
  /** ADD PARTY REJECT received (P1 → P0). */
  | { readonly name: "add-party-reject.indication"; readonly party: PartyKey; readonly cause: CauseIe }
  /** The party is being dropped by the peer (DROP PARTY received, answered) or by a timer. */
  | { readonly name: "drop-party.indication"; readonly party: PartyKey; readonly cause: CauseIe }
  /** The party is gone (P0) after our drop: DROP PARTY ACKNOWLEDGE, a crossing DROP PARTY, or T398. */
  | { readonly name: "drop-party.confirm"; readonly party: PartyKey; readonly cause?: CauseIe }
  /** Q.2963.1: the peer asks for a new traffic descriptor; answer with modify.response or modify.reject. */
  | { readonly name: "modify.indication"; readonly ies: ModifyRequestIes }
  /**
   * MODIFY ACKNOWLEDGE for our MODIFY REQUEST: `trafficDescriptor` is in force. With
   * `confirmRequested`, the peer waits for connection-available.request.
   */
  | {
      readonly name: "modify.confirm";
      readonly trafficDescriptor: AtmTrafficDescriptor;
      readonly confirmRequested: boolean;
    }
  /** MODIFY REJECT for our MODIFY REQUEST: the old traffic descriptor stays. */
  | { readonly name: "modify-reject.indication"; readonly cause: CauseIe }
  /** The CONNECTION AVAILABLE our MODIFY ACKNOWLEDGE asked for arrived, or T361 expired without it. */
  | { readonly name: "connection-available.indication"; readonly timedOut: boolean };

/** The name of an indication. */
export type CallIndicationName = CallIndication["name"];

/** The modification indications of call control. */
export type ModifyIndication = Extract<
  CallIndication,
  {
    name:
      | "modify.indication"
      | "modify.confirm"
      | "modify-reject.indication"
      | "connection-available.indication";
  }
>;

/** A timer of one call (a party timer names its party). */
export type CallTimer =
  | { readonly timer: CallTimerName; readonly party?: undefined }
  | { readonly timer: PartyTimerName; readonly party: PartyKey };

/** One input of a call's machine. */
export type CallInput =
  | { readonly kind: "request"; readonly request: CallRequest }
  /** A decoded message for this call; `report` asks for a STATUS after processing (causes 99/100). */
  | { readonly kind: "message"; readonly message: Q2931Message; readonly report?: StatusReport }
  /** A message for this call that failed to decode after its header. */
  | { readonly kind: "decode-error"; readonly error: Q2931DecodeError }
  | ({ readonly kind: "timer" } & CallTimer)
  /** Clear without messages: RESTART, loss of the signalling link, T309. */
  | { readonly kind: "clear-locally"; readonly cause: CauseIe }
  /** The signalling link came back: an active call checks its peer with STATUS ENQUIRY. */
  | { readonly kind: "resynchronise" };

/** One effect of a transition, to be performed in order. */
export type CallEffect =
  | { readonly kind: "send"; readonly message: Q2931Message }
  /** Start the timer, replacing it if it runs. */
  | ({ readonly kind: "startTimer"; readonly duration: Nanoseconds } & CallTimer)
  | ({ readonly kind: "stopTimer" } & CallTimer)
  | { readonly kind: "indication"; readonly indication: CallIndication };

/** Upward indications of the interface as a whole (restart procedures, link supervision). */
export type InterfaceIndication =
  /** RESTART received: the calls it names were cleared; answer with `restart.response` before T317. */
  | {
      readonly name: "restart.indication";
      readonly restartClass: number;
      readonly connectionIdentifier?: ConnectionIdentifier;
    }
  /** RESTART ACKNOWLEDGE received for our RESTART. */
  | { readonly name: "restart.confirm" }
  /** A restart procedure failed: no RESTART ACKNOWLEDGE after the last T316, or no response before T317. */
  | { readonly name: "restart.error"; readonly timer: "T316" | "T317"; readonly reason: string }
  /** A STATUS on the global call reference. */
  | { readonly name: "restart.status"; readonly peerState: number; readonly cause: CauseIe }
  /** A faulty or unexpected message on the global or an unknown call reference was answered or ignored. */
  | {
      readonly name: "error.indication";
      readonly cause: number;
      readonly messageType: number;
      readonly answer: "status" | "release" | "ignored";
      readonly reason: string;
    };
