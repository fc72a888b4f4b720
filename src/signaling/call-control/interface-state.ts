/**
 * The state, inputs and effects of one interface's call control: every call on the signalling link,
 * keyed by call reference, plus the interface-wide restart procedures and link supervision.
 */
import type { Nanoseconds } from "../../sched/index.ts";
import type {
  CauseIe,
  ConnectionIdentifier,
  Q2931DecodeError,
  Q2931Message,
  RestartIes,
  SetupIes,
  StatusReport,
} from "../q2931/index.ts";
import type { Call } from "./call.ts";
import type { CallControlConfig, CallTimerName, InterfaceTimerName, PartyTimerName } from "./config.ts";
import type { CallIndication, CallKey, CallRequest, InterfaceIndication, PartyKey } from "./signals.ts";

/** Global call state of a restart process: REST0 (0x00), REST1 (0x3D, RESTART sent), REST2 (0x3E, RESTART received). */
export type RestartStateCode = 0x00 | 0x3d | 0x3e;

/** The two restart processes (Q.2931 Reset-Start and Reset-Respond). */
export interface RestartProcesses {
  /** Our RESTART: REST0 or REST1. */
  readonly start: 0x00 | 0x3d;
  /** The peer's RESTART: REST0 or REST2. */
  readonly respond: 0x00 | 0x3e;
  /** The RESTART we sent, for T316 retransmission and to match RESTART ACKNOWLEDGE. */
  readonly sent?: RestartIes | undefined;
  /** The RESTART we received, echoed in RESTART ACKNOWLEDGE. */
  readonly received?: RestartIes | undefined;
  /** T316 expiries so far. */
  readonly t316Expiries: number;
}

/** The state of one interface. */
export interface InterfaceState {
  readonly config: CallControlConfig;
  /** Calls by {@link callId}; a call leaves the table when it reaches the Null state. */
  readonly calls: ReadonlyMap<string, Call>;
  /** Next call reference value to try when we allocate one. */
  readonly nextCallReference: number;
  readonly restart: RestartProcesses;
  /** False between the loss of the signalling link and its re-establishment. */
  readonly linkUp: boolean;
  /** Interface timers running now. */
  readonly timers: readonly InterfaceTimerName[];
}

/** A timer the interface asks the runtime to run: an interface timer, a call timer, or a party timer. */
export type TimerRef =
  | { readonly timer: InterfaceTimerName; readonly call?: undefined; readonly party?: undefined }
  | { readonly timer: CallTimerName; readonly call: CallKey; readonly party?: undefined }
  | { readonly timer: PartyTimerName; readonly call: CallKey; readonly party: PartyKey };

/** Inputs of the interface. */
export type InterfaceInput =
  /** A message that decoded; `report` asks for a STATUS after processing (causes 99/100). */
  | { readonly kind: "message"; readonly message: Q2931Message; readonly report?: StatusReport }
  /** A frame that failed to decode. */
  | { readonly kind: "decode-error"; readonly error: Q2931DecodeError }
  /** A new outgoing call: allocates a call reference and sends SETUP. */
  | { readonly kind: "setup"; readonly ies: SetupIes }
  /** A request for an existing call. */
  | { readonly kind: "request"; readonly call: CallKey; readonly request: CallRequest }
  /** Restart the VCs of a class (0: the one named, 1: a VPC, 2: all) with RESTART and T316. */
  | {
      readonly kind: "restart.request";
      readonly restartClass: number;
      readonly connectionIdentifier?: ConnectionIdentifier;
    }
  /** Local clearing after restart.indication is done: RESTART ACKNOWLEDGE, T317 stops. */
  | { readonly kind: "restart.response" }
  | ({ readonly kind: "timer" } & TimerRef)
  /** The signalling link (SAAL) was lost: calls not active are cleared, active ones wait T309. */
  | { readonly kind: "link-released" }
  /** The signalling link is (again) established: T309 stops, active calls check their peers. */
  | { readonly kind: "link-established" };

/** Effects of an interface step, in order. */
export type InterfaceEffect =
  | { readonly kind: "send"; readonly message: Q2931Message }
  | ({ readonly kind: "startTimer"; readonly duration: Nanoseconds } & TimerRef)
  | ({ readonly kind: "stopTimer" } & TimerRef)
  | { readonly kind: "indication"; readonly call: CallKey; readonly indication: CallIndication }
  | { readonly kind: "indication"; readonly call?: undefined; readonly indication: InterfaceIndication };

/** What one interface step returns. */
export interface InterfaceStep {
  readonly state: InterfaceState;
  readonly effects: readonly InterfaceEffect[];
  /** Set when a request was refused; nothing happened. */
  readonly refused?: string;
  /** The call a `setup` input created. */
  readonly call?: CallKey;
  /** The party an add-party.request created. */
  readonly party?: PartyKey;
}

/** A fresh interface with no calls, both restart processes in REST0 and the link up. */
export function newInterface(config: CallControlConfig): InterfaceState {
  return {
    config,
    calls: new Map(),
    nextCallReference: 1,
    restart: { start: 0x00, respond: 0x00, t316Expiries: 0 },
    linkUp: true,
    timers: [],
  };
}

/** A cause the interface originates, with the configured location. */
export function interfaceCause(state: InterfaceState, value: number, diagnostic?: Uint8Array): CauseIe {
  return diagnostic === undefined || diagnostic.length === 0
    ? { location: state.config.causeLocation, value }
    : { location: state.config.causeLocation, value, diagnostic };
}
