/** Helpers for driving the pure SSCOP machine in unit tests. */
import { type SscopConfigInit, sscopConfig } from "../../../src/signaling/sscop/config.ts";
import { step } from "../../../src/signaling/sscop/machine.ts";
import type { Pdu, PduOf, PduTypeName } from "../../../src/signaling/sscop/pdu.ts";
import type {
  AaIndication,
  AaRequest,
  MaaErrorCode,
  SscopEffect,
  SscopInput,
  SscopTimer,
} from "../../../src/signaling/sscop/signals.ts";
import { initialSscopState, type SscopState } from "../../../src/signaling/sscop/state.ts";

/** The state after a run of inputs and every effect they produced, in order. */
export interface Run {
  readonly state: SscopState;
  readonly effects: readonly SscopEffect[];
}

/** Applies inputs one after the other. */
export function run(state: SscopState, ...inputs: SscopInput[]): Run {
  const effects: SscopEffect[] = [];
  let s = state;
  for (const input of inputs) {
    const result = step(s, input);
    s = result.state;
    effects.push(...result.effects);
  }
  return { state: s, effects };
}

/** Input: a received PDU. */
export const pdu = (p: Pdu): SscopInput => ({ kind: "pdu", pdu: p });
/** Input: a user signal. */
export const aa = (signal: AaRequest): SscopInput => ({ kind: "aa", signal });
/** Input: a timer expiry. */
export const timer = (t: SscopTimer): SscopInput => ({ kind: "timer", timer: t });
/** Input: AA-DATA.request with the given octets. */
export const data = (...octets: number[]): SscopInput =>
  aa({ name: "AA-DATA.request", data: Uint8Array.from(octets) });

/** PDUs sent, in order. */
export function sent(effects: readonly SscopEffect[]): Pdu[] {
  return effects.flatMap((e) => (e.kind === "send" ? [e.pdu] : []));
}

/** PDUs of one type sent, in order. */
export function sentOf<T extends PduTypeName>(effects: readonly SscopEffect[], type: T): PduOf<T>[] {
  return sent(effects).filter((p): p is PduOf<T> => p.type === type);
}

/** Upward AA signals, in order. */
export function indications(effects: readonly SscopEffect[]): AaIndication[] {
  return effects.flatMap((e) => (e.kind === "aa" ? [e.signal] : []));
}

/** Names of the upward AA signals. */
export function indicationNames(effects: readonly SscopEffect[]): string[] {
  return indications(effects).map((s) => s.name);
}

/** MAA-ERROR letters (with counts when non-zero, as "V3"). */
export function maaErrors(effects: readonly SscopEffect[]): string[] {
  return effects.flatMap((e) =>
    e.kind === "maa" && e.signal.name === "MAA-ERROR.indication"
      ? [`${e.signal.code as MaaErrorCode}${e.signal.count > 0 ? e.signal.count : ""}`]
      : [],
  );
}

/** Delivered data, as arrays of octets. */
export function delivered(effects: readonly SscopEffect[]): number[][] {
  return indications(effects).flatMap((s) => (s.name === "AA-DATA.indication" ? [Array.from(s.data)] : []));
}

/** Timers started ("+POLL") and stopped ("-IDLE"), in order. */
export function timerOps(effects: readonly SscopEffect[]): string[] {
  return effects.flatMap((e) =>
    e.kind === "startTimer" ? [`+${e.timer}`] : e.kind === "stopTimer" ? [`-${e.timer}`] : [],
  );
}

/** Running timers, sorted. */
export function runningTimers(state: SscopState): SscopTimer[] {
  return (Object.keys(state.timers) as SscopTimer[]).filter((t) => state.timers[t]).sort();
}

/** A fresh machine with overrides of the SSCF-UNI defaults. */
export function fresh(config: SscopConfigInit = {}): SscopState {
  return initialSscopState(sscopConfig(config));
}

/** An initiator in state 10: AA-ESTABLISH.request, then BGAK granting `peerWindow`. */
export function readyInitiator(config: SscopConfigInit = {}, peerWindow = 128): SscopState {
  return run(
    fresh(config),
    aa({ name: "AA-ESTABLISH.request" }),
    pdu({ type: "BGAK", nMR: peerWindow, uu: new Uint8Array(0) }),
  ).state;
}

/** A responder in state 10: BGN (N(SQ) 1, granting `peerWindow`), then AA-ESTABLISH.response. */
export function readyResponder(config: SscopConfigInit = {}, peerWindow = 128): SscopState {
  return run(
    fresh(config),
    pdu({ type: "BGN", nSQ: 1, nMR: peerWindow, uu: new Uint8Array(0) }),
    aa({ name: "AA-ESTABLISH.response" }),
  ).state;
}

/** An SD PDU with one octet of data equal to its number (mod 256). */
export const sd = (nS: number, octet = nS & 0xff): SscopInput =>
  pdu({ type: "SD", nS, data: Uint8Array.of(octet) });
