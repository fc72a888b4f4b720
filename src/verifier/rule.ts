/**
 * The rule model: a rule is a stable id, an SDV-style name, a one-line statement, the DDIs and
 * handlers it covers, a level and a severity, and a monitor over the event stream.
 */
import type { NdisEvent } from "../ndis/index.ts";
import type { HostView, Site } from "./host-view.ts";

/** A contract event: a problem the NDIS core detected and reported on its stream. */
export type ContractEvent = Extract<NdisEvent, { type: "contract" }>;

/**
 * "must": a documented obligation (enforced in both modes); "semantics": a choice recorded in
 * docs/semantics.md (enforced in strict mode only).
 */
export type RuleLevel = "must" | "semantics";

/** How bad a violation is for a reader: an error breaks the contract, a warning a condis choice. */
export type Severity = "error" | "warning";

/** The families of the catalogue. */
export type RuleCategory =
  | "irql"
  | "locking"
  | "completion"
  | "sap"
  | "af"
  | "handles"
  | "lifecycle"
  | "vc"
  | "calls"
  | "data-path"
  | "resources"
  | "roles"
  | "liveness"
  | "general";

/** A finding of a stream or quiescence monitor, before the verifier makes it a violation. */
export interface Finding {
  /** The event that broke the rule. */
  readonly event: NdisEvent;
  readonly message: string;
  /** The object concerned ("Sap 3.1", "Af 4"), when known. */
  readonly object: string | null;
}

/**
 * How a rule watches a run. `event` sees every event as it arrives (with the derived state of
 * its host); `contract` claims a contract event the core reported (exactly one rule may claim
 * each one), and `offending` may point at an earlier event as the offence; `quiescence` runs
 * when the caller says the system is idle.
 */
export interface Monitor {
  readonly event?: (event: NdisEvent, site: Site) => Finding | undefined;
  readonly contract?: (contract: ContractEvent, site: Site) => boolean;
  /** For a claimed contract: the offending event, when the rule knows better than the call site. */
  readonly offending?: (contract: ContractEvent, site: Site) => NdisEvent | undefined;
  readonly quiescence?: (views: readonly HostView[]) => Finding[];
}

/** What a rule covers: DDIs (driver → NDIS) and handlers (NDIS → driver) by their ndis.h names. */
export interface Coverage {
  readonly ddis: readonly string[];
  readonly handlers: readonly string[];
}

/** One rule of the catalogue. */
export interface Rule {
  /** Stable id ("CONDIS-SAP-001"): never reused, never renumbered. */
  readonly id: string;
  /** SDV-style name ("Irql_CallManager_Function", "SpinLockBalanced"). */
  readonly name: string;
  /** One line: what a correct driver does. */
  readonly statement: string;
  readonly category: RuleCategory;
  readonly level: RuleLevel;
  readonly severity: Severity;
  /** The Static Driver Verifier rule it mirrors, when there is one. */
  readonly sdvRule: string | null;
  /** Where the obligation is written down (reference section or semantics.md question). */
  readonly reference: string;
  readonly covers: Coverage;
  readonly monitor: Monitor;
}

/** A rule definition: level decides the default severity. */
export type RuleInit = Omit<Rule, "severity" | "sdvRule"> & {
  readonly severity?: Severity;
  readonly sdvRule?: string;
};

/** Builds a rule: errors for documented MUSTs, warnings for semantics.md choices, unless told. */
export function defineRule(init: RuleInit): Rule {
  return {
    ...init,
    severity: init.severity ?? (init.level === "must" ? "error" : "warning"),
    sdvRule: init.sdvRule ?? null,
  };
}
