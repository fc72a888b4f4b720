/**
 * One schedule of a scenario: the scenario's world on a controlled scheduler whose every task pick
 * and `choose` answer comes from a strategy, run to the scenario's end plus a horizon of virtual
 * time (a networked world never goes idle), then torn down. The first violation ends the run: a
 * strict verifier rule, a request pending past a bound of virtual time, a failed end invariant, an
 * action whose condition never held, a block, NBL or object left after teardown, or a throw.
 */
import type { NdisEvent } from "../ndis/index.ts";
import { type ChoicePicker, ControlledScheduler, seconds, type TaskPicker } from "../sched/index.ts";
import { type FaultPlan, faultBounds, NO_FAULTS } from "./faults.ts";
import type { CmForm, Scenario } from "./scenario.ts";
import type { ExploreWorld } from "./world.ts";

/** The two pickers a strategy gives the scheduler. */
export interface Pickers {
  readonly pickTask: TaskPicker;
  readonly pickChoice: ChoicePicker;
}

/** Bounds of a run, in virtual seconds and steps. */
export interface RunLimits {
  /** Virtual time run past the scenario's end (default 10 s; more under a fault plan: faultBounds). */
  readonly horizon?: number;
  /** A request pending longer than this is a violation (default 5 s; more under a fault plan). */
  readonly pendingBound?: number;
  /** Most scheduler steps before the run counts as stuck (default 500,000). */
  readonly maxSteps?: number;
}

/** Bounds of a run and the fault plan of its links. */
export interface RunOptions extends RunLimits {
  /** What every link does to its frames (default: nothing). */
  readonly faults?: FaultPlan;
}

/** A violation the run found. */
export interface Finding {
  /** The verifier's rule id ("CONDIS-SAP-004") or the explorer's own ("explore.pending-past-bound"). */
  readonly rule: string;
  readonly message: string;
  /** Index in the run's event stream (every host, in order) of the offending event; -1 for none. */
  readonly eventIndex: number;
}

/** What one schedule did. */
export interface ScheduleResult {
  readonly violation: Finding | null;
  /** Every answer the pickers gave, in order (only real choices: two or more options). */
  readonly decisions: readonly number[];
  /** How many options each decision had (enabled tasks, or the n of `choose`). */
  readonly options: readonly number[];
  readonly steps: number;
  readonly events: number;
}

const TEARDOWN_SPAN = 20;

function eventIndexOf(events: readonly NdisEvent[], e: NdisEvent): number {
  const i = events.indexOf(e);
  return i >= 0 ? i : events.findIndex((x) => x.host === e.host && x.seq === e.seq);
}

function verifierFinding(world: ExploreWorld): Finding | null {
  const v = world.verifier.violations()[0];
  if (v === undefined) return null;
  return {
    rule: v.rule.id,
    message: `${v.rule.name}: ${v.message}`,
    eventIndex: eventIndexOf(world.events, v.event),
  };
}

/** A request pending for longer than `bound` seconds of virtual time, as a finding. */
function overdue(world: ExploreWorld, bound: number): Finding | null {
  const now = world.scheduler.now();
  for (const r of world.verifier.checkQuiescence({ idle: false }).outstanding) {
    const index = world.events.findIndex((e) => e.host === r.host && e.seq === r.since);
    const since = world.events[index]?.time ?? 0n;
    if (now - since > seconds(bound))
      return {
        rule: "explore.pending-past-bound",
        message: `${r.host}: ${r.handler} on ${r.object ?? r.key} pending for more than ${bound} s of virtual time`,
        eventIndex: index,
      };
  }
  return null;
}

/** Removes the adapters, unloads every driver (last loaded first), runs to idle; what is left over. */
function teardown(world: ExploreWorld, maxSteps: number): Finding | null {
  const s = world.scheduler;
  for (const h of world.hosts) if (h.host.snapshot().adapters.length > 0) h.host.removeAdapter("ATM0");
  s.runUntil(s.now() + seconds(TEARDOWN_SPAN), maxSteps);
  for (const h of world.hosts)
    for (const d of [...h.drivers].reverse()) if (h.host.drivers.has(d)) h.host.unloadDriver(d);
  const { idle } = s.runUntilIdle(maxSteps);
  world.verifier.checkQuiescence({ idle });
  const found = verifierFinding(world);
  if (found !== null) return found;
  const last = world.events.length - 1;
  if (!idle)
    return {
      rule: "explore.teardown-not-idle",
      message: "work left after every driver was unloaded",
      eventIndex: last,
    };
  for (const h of world.hosts) {
    const snap = h.host.snapshot();
    const left = {
      blocks: snap.liveBlocks,
      NBLs: snap.liveNbls,
      objects: snap.saps.length + snap.afs.length + snap.vcs.length,
    };
    const leaked = Object.entries(left).filter(([, n]) => n > 0);
    if (leaked.length > 0)
      return {
        rule: "explore.leak",
        message: `${h.name} after teardown: ${leaked.map(([k, n]) => `${n} ${k}`).join(", ")}`,
        eventIndex: last,
      };
  }
  return null;
}

/** Runs one schedule of `scenario` in `form` with `pickers` (decisions recorded). */
export function runSchedule(
  scenario: Scenario,
  form: CmForm,
  pickers: Pickers,
  limits: RunOptions = {},
): ScheduleResult {
  const decisions: number[] = [];
  const options: number[] = [];
  const scheduler = new ControlledScheduler({
    pickTask: (enabled) => {
      const i = pickers.pickTask(enabled);
      decisions.push(i);
      options.push(enabled.length);
      return i;
    },
    pickChoice: (n, label) => {
      const i = pickers.pickChoice(n, label);
      decisions.push(i);
      options.push(n);
      return i;
    },
  });
  const maxSteps = limits.maxSteps ?? 500_000;
  const faults = limits.faults ?? NO_FAULTS;
  const bounds = faultBounds(faults);
  let steps = 0;
  let world: ExploreWorld | undefined;
  const thrown = (error: unknown): Finding => ({
    rule: "explore.exception",
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    eventIndex: (world?.events.length ?? 0) - 1,
  });
  let violation: Finding | null;
  try {
    const instance = scenario.build(scheduler, form, faults);
    world = instance.world;
    const w = world;
    const end = seconds(instance.end + (limits.horizon ?? bounds.horizon));
    let next = 0;
    const due = () => {
      const a = instance.actions[next];
      return a !== undefined && scheduler.now() >= seconds(a.at ?? 0) && (a.when?.() ?? true);
    };
    for (;;) {
      while (due()) instance.actions[next++]?.run();
      if (w.verifier.violations().length > 0) break;
      const first = scheduler.enabled()[0];
      const a = instance.actions[next];
      // The next action's time, when still to come: the clock stops there even in a quiet world
      // (with a condition too, which is checked then).
      const at = a === undefined ? undefined : seconds(a.at ?? 0);
      if (at !== undefined && at > scheduler.now() && at <= end && (first === undefined || first.due > at)) {
        scheduler.runUntil(at, 0);
        continue;
      }
      if (first === undefined || first.due > end || steps >= maxSteps) {
        // A quiet world still lives until the end: the clock moves there (nothing is due before).
        scheduler.runUntil(end, 0);
        break;
      }
      scheduler.step();
      steps++;
    }
    violation =
      verifierFinding(w) ??
      overdue(w, limits.pendingBound ?? bounds.pendingBound) ??
      instance.check().map((f) => ({ ...f, eventIndex: w.events.length - 1 }))[0] ??
      (next < instance.actions.length
        ? {
            rule: "explore.action-not-run",
            message: `action "${instance.actions[next]?.label}" never became due`,
            eventIndex: w.events.length - 1,
          }
        : null) ??
      (steps >= maxSteps
        ? {
            rule: "explore.step-limit",
            message: `${maxSteps} steps before the end`,
            eventIndex: w.events.length - 1,
          }
        : null) ??
      teardown(w, maxSteps);
  } catch (error) {
    violation = thrown(error);
  }
  return { violation, decisions, options, steps, events: world?.events.length ?? 0 };
}
