import type { SscopConfig } from "./config.ts";
import { step } from "./machine.ts";
import type { ReleaseSource } from "./pdu.ts";
import type {
  AaIndication,
  AaRequest,
  LowerEffect,
  LowerInput,
  MaaRequest,
  SscopInput,
  SscopTimer,
} from "./signals.ts";
import { initialSscopState, type SscopState } from "./state.ts";

/** SSCF-UNI states (Q.2130), with their "SSCF/SSCOP" state labels. */
export const SscfPhaseLabel = {
  Idle: "1/2",
  OutgoingConnectionPending: "2/2",
  OutgoingDisconnectionPending: "3/4",
  OutgoingResynchronizationPending: "2/5",
  DataTransferReady: "4/10",
} as const;

/** An SSCF-UNI state name. */
export type SscfPhase = keyof typeof SscfPhaseLabel;

/** Signals from the SAAL user (Q.2931) to SSCF-UNI. */
export type AalRequest =
  | { readonly name: "AAL-ESTABLISH.request" }
  | { readonly name: "AAL-RELEASE.request" }
  | { readonly name: "AAL-DATA.request"; readonly data: Uint8Array }
  | { readonly name: "AAL-UNITDATA.request"; readonly data: Uint8Array };

/** Signals from SSCF-UNI up to the SAAL user. AAL-ESTABLISH.indication while connected means data may have been lost. */
export type AalIndication =
  | { readonly name: "AAL-ESTABLISH.indication" }
  | { readonly name: "AAL-ESTABLISH.confirm" }
  | { readonly name: "AAL-RELEASE.indication"; readonly source: ReleaseSource }
  | { readonly name: "AAL-RELEASE.confirm" }
  | { readonly name: "AAL-DATA.indication"; readonly data: Uint8Array }
  | { readonly name: "AAL-UNITDATA.indication"; readonly data: Uint8Array };

/** SSCF-UNI over its SSCOP entity. */
export interface SscfUniState {
  readonly phase: SscfPhase;
  readonly sscop: SscopState;
}

/** One input of the SSCF-UNI + SSCOP pair. */
export type SscfUniInput =
  | LowerInput
  | { readonly kind: "timer"; readonly timer: SscopTimer }
  | { readonly kind: "aal"; readonly signal: AalRequest }
  | { readonly kind: "maa"; readonly signal: MaaRequest };

/** One effect of the pair: SSCOP's lower effects unchanged, AA signals turned into AAL signals. */
export type SscfUniEffect = LowerEffect | { readonly kind: "aal"; readonly signal: AalIndication };

/** The next state and the effects, in order. */
export interface SscfUniStep {
  readonly state: SscfUniState;
  readonly effects: readonly SscfUniEffect[];
  /** Set when a user signal was not acted on (state does not allow it, or SSCOP refused it). */
  readonly ignored?: string;
}

/** A fresh SSCF-UNI in 1/2 over a fresh SSCOP. */
export function initialSscfUniState(config?: SscopConfig): SscfUniState {
  return { phase: "Idle", sscop: initialSscopState(config) };
}

/**
 * SSCF-UNI as a pure transition over SSCOP (Q.2130, Q.2110 SSCOP / Q.2130 SSCF-UNI): AAL requests become AA
 * requests; incoming establishment, resynchronisation and recovery are answered at once (with
 * buffer release) and reported as AAL-ESTABLISH.indication.
 */
export function sscfUniStep(state: SscfUniState, input: SscfUniInput): SscfUniStep {
  let phase = state.phase;
  let sscop = state.sscop;
  const effects: SscfUniEffect[] = [];
  const pending: SscopInput[] = [];
  let ignored: string | undefined;
  const aal = (signal: AalIndication): void => {
    effects.push({ kind: "aal", signal });
  };
  const toSscop = (signal: AaRequest): void => {
    pending.push({ kind: "aa", signal });
  };
  const refuse = (name: string): void => {
    ignored = `${name} in SSCF-UNI state ${SscfPhaseLabel[phase]} (${phase}): not allowed`;
  };

  if (input.kind === "aal") {
    const signal = input.signal;
    switch (signal.name) {
      case "AAL-ESTABLISH.request":
        if (phase === "Idle" || phase === "OutgoingDisconnectionPending") {
          phase = "OutgoingConnectionPending";
          toSscop({ name: "AA-ESTABLISH.request" });
        } else if (phase === "DataTransferReady") {
          phase = "OutgoingResynchronizationPending";
          toSscop({ name: "AA-RESYNC.request" });
        } else refuse(signal.name);
        break;
      case "AAL-RELEASE.request":
        if (phase === "Idle") aal({ name: "AAL-RELEASE.confirm" });
        else if (phase === "OutgoingDisconnectionPending") refuse(signal.name);
        else {
          phase = "OutgoingDisconnectionPending";
          toSscop({ name: "AA-RELEASE.request" });
        }
        break;
      case "AAL-DATA.request":
        if (phase === "DataTransferReady") toSscop({ name: "AA-DATA.request", data: signal.data });
        else refuse(signal.name);
        break;
      case "AAL-UNITDATA.request":
        toSscop({ name: "AA-UNITDATA.request", data: signal.data });
        break;
    }
  } else pending.push(input);

  const fromSscop = (signal: AaIndication): void => {
    switch (signal.name) {
      case "AA-ESTABLISH.indication":
        if (phase !== "Idle") return;
        phase = "DataTransferReady";
        toSscop({ name: "AA-ESTABLISH.response" });
        aal({ name: "AAL-ESTABLISH.indication" });
        return;
      case "AA-ESTABLISH.confirm":
        if (phase !== "OutgoingConnectionPending") return;
        phase = "DataTransferReady";
        aal({ name: "AAL-ESTABLISH.confirm" });
        return;
      case "AA-RELEASE.indication":
        if (phase === "Idle" || phase === "OutgoingDisconnectionPending") return;
        phase = "Idle";
        aal({ name: "AAL-RELEASE.indication", source: signal.source });
        return;
      case "AA-RELEASE.confirm":
        if (phase !== "OutgoingDisconnectionPending") return;
        phase = "Idle";
        aal({ name: "AAL-RELEASE.confirm" });
        return;
      case "AA-DATA.indication":
        if (phase === "DataTransferReady") aal({ name: "AAL-DATA.indication", data: signal.data });
        return;
      case "AA-RECOVER.indication":
        if (phase !== "DataTransferReady") return;
        toSscop({ name: "AA-RECOVER.response" });
        aal({ name: "AAL-ESTABLISH.indication" });
        return;
      case "AA-RESYNC.indication":
        if (phase !== "DataTransferReady") return;
        toSscop({ name: "AA-RESYNC.response" });
        aal({ name: "AAL-ESTABLISH.indication" });
        return;
      case "AA-RESYNC.confirm":
        phase = "DataTransferReady";
        aal({ name: "AAL-ESTABLISH.confirm" });
        return;
      case "AA-UNITDATA.indication":
        aal({ name: "AAL-UNITDATA.indication", data: signal.data });
        return;
    }
  };

  // SSCF's own answers (AA-ESTABLISH.response, ...) run after the step that caused them.
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const result = step(sscop, next);
    sscop = result.state;
    if (result.ignored !== undefined && ignored === undefined) ignored = result.ignored;
    for (const effect of result.effects) {
      if (effect.kind === "aa") fromSscop(effect.signal);
      else effects.push(effect);
    }
  }
  const next: SscfUniState = { phase, sscop };
  return ignored === undefined ? { state: next, effects } : { state: next, effects, ignored };
}
