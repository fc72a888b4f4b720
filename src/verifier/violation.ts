/** What a violation carries, and the error thrown at the offending call in "throw" mode. */
import type { NdisEvent } from "../ndis/index.ts";
import type { Decision } from "../sched/index.ts";
import type { ContractEvent, Rule } from "./rule.ts";

/** What replays the run that broke the rule: the scheduler's seed and the decisions it took. */
export interface Replay {
  readonly seed: number;
  /** The scheduler's decisions up to the violation, in order. */
  readonly decisions: readonly Decision[];
}

/** The events that led to a violation (every attached host, in arrival order). */
export interface TracePrefix {
  readonly events: readonly NdisEvent[];
  /** Earlier events left out to keep the prefix within the verifier's `traceLimit`. */
  readonly omitted: number;
}

/** One broken rule. */
export interface Violation {
  /** Position among this run's violations, from 1. */
  readonly index: number;
  readonly rule: Rule;
  readonly host: string;
  /** The driver whose code broke the rule, when known. */
  readonly driver: string | null;
  /** The object concerned ("Sap 3.1", "Af 4"), when known. */
  readonly object: string | null;
  readonly message: string;
  /** The offending event: the DDI call, handler return or frame that broke the rule. */
  readonly event: NdisEvent;
  /** The core's own reports about it (the first one found it; later ones are consequences). */
  readonly evidence: ContractEvent[];
  readonly trace: TracePrefix;
  readonly replay: Replay | null;
}

/** Thrown at the offending call when the verifier runs in "throw" mode. */
export class VerifierViolationError extends Error {
  readonly violation: Violation;

  constructor(violation: Violation) {
    super(`${violation.rule.id} ${violation.rule.name}: ${violation.message}`);
    this.name = "VerifierViolationError";
    this.violation = violation;
  }
}
