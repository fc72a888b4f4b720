/**
 * Call-control timers (Q.2931 call control / ATM Forum UNI 3.1, and T360/T361 of Q.2963.1 connection modification) and
 * the per-interface configuration: timer values,
 * retransmission counts, the side of the UNI and the cause location written into our Cause IEs.
 */
import { type Nanoseconds, seconds } from "../../sched/index.ts";
import { CauseLocation } from "../q2931/index.ts";

/**
 * Timers of one call; T360 (MODIFY REQUEST sent) and T361 (MODIFY ACKNOWLEDGE asking for CONNECTION
 * AVAILABLE sent) are Q.2963.1's.
 */
export type CallTimerName = "T303" | "T308" | "T310" | "T313" | "T322" | "T360" | "T361";
/** Timers of one party (endpoint) of a point-to-multipoint call. */
export type PartyTimerName = "T398" | "T399";
/** Timers of the whole interface: SAAL loss (T309) and the restart procedures (T316, T317). */
export type InterfaceTimerName = "T309" | "T316" | "T317";
/** Every call-control timer. */
export type TimerName = CallTimerName | PartyTimerName | InterfaceTimerName;

/** Which side of the UNI this call control runs on. */
export type Side = "user" | "network";

/** Timer values in nanoseconds. */
export type TimerValues = { readonly [T in TimerName]: Nanoseconds };

/**
 * UNI 3.1 timer values (Q.2931 call control / ATM Forum UNI 3.1: linux-atm and ngatm agree except on T310 and T399, where
 * UNI 3.1 and linux give 10 s and 14 s), and Q.2963.1's T360 and T361 as linux-atm sets them.
 */
export const UNI31_TIMERS: TimerValues = Object.freeze({
  T303: seconds(4),
  T308: seconds(30),
  T309: seconds(10),
  T310: seconds(10),
  T313: seconds(4),
  T316: seconds(120),
  T317: seconds(90),
  T322: seconds(4),
  T360: seconds(30),
  T361: seconds(20),
  T398: seconds(4),
  T399: seconds(14),
});

/** Transmissions allowed before a timer's last expiry gives up (Q.2931 call control / ATM Forum UNI 3.1 "Retries"). */
export interface RetryCounts {
  /** SETUP sends (ngatm: 2). */
  readonly T303: number;
  /** RELEASE sends. */
  readonly T308: number;
  /** RESTART sends. */
  readonly T316: number;
  /** STATUS ENQUIRY sends. */
  readonly T322: number;
}

/** The retransmission counts of ngatm (`unidef.h`), which the reference follows. */
export const DEFAULT_RETRIES: RetryCounts = Object.freeze({ T303: 2, T308: 2, T316: 2, T322: 2 });

/** The configuration of one interface's call control. */
export interface CallControlConfig {
  readonly side: Side;
  readonly timers: TimerValues;
  readonly retries: RetryCounts;
  /** Location written into the Cause IEs we originate (user: 0; network: private network serving the local user). */
  readonly causeLocation: number;
}

/** Options of {@link callControlConfig}. */
export interface CallControlConfigInit {
  readonly side: Side;
  readonly timers?: Partial<TimerValues>;
  readonly retries?: Partial<RetryCounts>;
  readonly causeLocation?: number;
}

/** A checked configuration from defaults and overrides; throws RangeError on a nonsensical value. */
export function callControlConfig(init: CallControlConfigInit): CallControlConfig {
  const timers: TimerValues = { ...UNI31_TIMERS, ...init.timers };
  for (const [name, value] of Object.entries(timers)) {
    if (typeof value !== "bigint" || value <= 0n) {
      throw new RangeError(`call control config: timer ${name} = ${String(value)} must be a positive bigint`);
    }
  }
  const retries: RetryCounts = { ...DEFAULT_RETRIES, ...init.retries };
  for (const [name, value] of Object.entries(retries)) {
    if (!Number.isInteger(value) || value < 1 || value > 10) {
      throw new RangeError(
        `call control config: retries of ${name} = ${value} must be an integer in [1, 10]`,
      );
    }
  }
  const causeLocation =
    init.causeLocation ??
    (init.side === "user" ? CauseLocation.USER : CauseLocation.PRIVATE_NETWORK_LOCAL_USER);
  if (!Number.isInteger(causeLocation) || causeLocation < 0 || causeLocation > 15) {
    throw new RangeError(`call control config: cause location ${causeLocation} must be in [0, 15]`);
  }
  return Object.freeze({ side: init.side, timers, retries, causeLocation });
}
