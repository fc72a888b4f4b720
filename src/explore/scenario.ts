/**
 * What the explorer runs: a scenario is a world factory (hosts and the call-manager form), a
 * sequence of client actions, each at a virtual time and optionally once a condition holds, and
 * the invariants checked at the end.
 */
import type { ControlledScheduler } from "../sched/index.ts";
import type { FaultPlan } from "./faults.ts";
import type { ExploreWorld } from "./world.ts";

/** The call-manager form of a scenario's hosts. */
export type CmForm = "stand-alone" | "mcm";

/** The call-manager forms, in the order `--list` shows them. */
export const CM_FORMS: readonly CmForm[] = ["stand-alone", "mcm"];

/** One client action. Actions run in order: one runs only after the one before it. */
export interface ScenarioAction {
  readonly label: string;
  /** Earliest virtual time (seconds from the start); default 0. */
  readonly at?: number;
  /** Runs only once this holds (checked between scheduler steps, so "at once" after it holds). */
  readonly when?: () => boolean;
  readonly run: () => void;
}

/** An end invariant that does not hold: what it found. */
export interface InvariantFailure {
  /** Stable id of the invariant ("explore.sap-churn.agent-addresses"). */
  readonly rule: string;
  readonly message: string;
}

/** One built instance of a scenario: its world, its actions, and its end checks. */
export interface ScenarioInstance {
  readonly world: ExploreWorld;
  readonly actions: readonly ScenarioAction[];
  /** Virtual seconds by which every action should have run and settled. */
  readonly end: number;
  /** Checked at the scenario's end (before teardown); empty when every invariant holds. */
  readonly check: () => readonly InvariantFailure[];
}

/** A scenario the explorer can run. */
export interface Scenario {
  /** "sap-churn", "buggy/early-sap". */
  readonly name: string;
  readonly description: string;
  /** True for the built-in buggy targets (each is meant to fail). */
  readonly buggy: boolean;
  /** Builds a fresh instance on `scheduler` in the given form, every link under `faults`. */
  build(scheduler: ControlledScheduler, form: CmForm, faults: FaultPlan): ScenarioInstance;
}
