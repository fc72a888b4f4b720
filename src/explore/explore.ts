/**
 * An exploration: N schedules of one scenario in one form, schedule j with seed `seed + j`
 * (mod 2³²), each under a strategy's pickers. A shard I/N takes the schedules j with j mod N = I,
 * so the N shards together run exactly the schedules of the unsharded exploration. `dfs` instead
 * runs the delay-bounded search (dfs.ts) in its order, unsharded. It stops at the first violation
 * and returns its replay.
 */
import { DelayBoundedSearch, prefixPickers } from "./dfs.ts";
import { formatFaultPlan, isNoFaults } from "./faults.ts";
import type { ReplayFile } from "./replay.ts";
import { type Finding, type RunOptions, runSchedule, type ScheduleResult } from "./runner.ts";
import type { CmForm, Scenario } from "./scenario.ts";
import { type StrategyName, type StrategyOptions, strategyPickers } from "./strategies.ts";

/** A slice of the schedules: index in [0, count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What to explore. */
export interface ExploreInit extends StrategyOptions, RunOptions {
  readonly scenario: Scenario;
  readonly form: CmForm;
  readonly strategy: StrategyName;
  /** Schedules of the whole (unsharded) exploration. */
  readonly schedules: number;
  /** Seed of schedule 0 (default 1). */
  readonly seed?: number;
  readonly shard?: Shard;
  /** Written into each replay file. */
  readonly condisVersion: string;
}

/** A violation the exploration found, with the replay that reproduces it. */
export interface FoundViolation extends Finding {
  readonly seed: number;
  /** Which schedule of the exploration (0-based) found it. */
  readonly schedule: number;
  readonly replay: ReplayFile;
}

/** What an exploration did. */
export interface ExploreSummary {
  readonly scenario: string;
  readonly form: CmForm;
  readonly strategy: StrategyName;
  readonly shard: Shard | null;
  /** Schedules run. */
  readonly schedules: number;
  /** The seeds of the schedules run, in order (random and pct; empty for dfs). */
  readonly seeds: readonly number[];
  /** dfs: true when every schedule within the delay bound ran (none left); null for the others. */
  readonly exhausted: boolean | null;
  readonly violations: readonly FoundViolation[];
  readonly elapsedMs: number;
}

/** "I/N" as a shard, or undefined when it is not one (N ≥ 1, 0 ≤ I < N, both decimal integers). */
export function parseShard(text: string): Shard | undefined {
  const m = /^(0|[1-9][0-9]*)\/([1-9][0-9]*)$/.exec(text);
  if (m === null) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index < count && Number.isSafeInteger(count) ? { index, count } : undefined;
}

/** The schedule numbers (0-based) a shard runs out of `schedules`. */
export function shardSchedules(schedules: number, shard?: Shard): number[] {
  const out: number[] = [];
  const { index, count } = shard ?? { index: 0, count: 1 };
  for (let j = index; j < schedules; j += count) out.push(j);
  return out;
}

/** The replay file of a violation found by schedule `j`. */
function found(
  init: ExploreInit,
  seed: number,
  j: number,
  result: ScheduleResult,
  v: Finding,
): FoundViolation {
  return {
    ...v,
    seed,
    schedule: j,
    replay: {
      format: "condis-replay",
      version: 1,
      condis: init.condisVersion,
      scenario: init.scenario.name,
      form: init.form,
      strategy: init.strategy,
      ...(init.strategy === "random" ? {} : { depth: init.depth ?? 3 }),
      seed,
      ...(init.faults === undefined || isNoFaults(init.faults)
        ? {}
        : { faults: formatFaultPlan(init.faults) }),
      decisions: [...result.decisions],
      violation: { rule: v.rule, message: v.message, eventIndex: v.eventIndex },
    },
  };
}

/** Runs the exploration (synchronously). */
export function explore(init: ExploreInit): ExploreSummary {
  const started = performance.now();
  const base = init.seed ?? 1;
  const seeds: number[] = [];
  const violations: FoundViolation[] = [];
  let schedules = 0;
  let exhausted: boolean | null = null;
  if (init.strategy === "dfs") {
    if (init.shard !== undefined && init.shard.count > 1)
      throw new RangeError("explore: dfs cannot be sharded");
    // DFS's option 0 of a fault draw is the fault itself: every frame would be lost.
    if (init.faults !== undefined && !isNoFaults(init.faults))
      throw new RangeError("explore: dfs takes no fault plan");
    const search = new DelayBoundedSearch(init.depth ?? 3);
    for (
      let prefix = search.next();
      prefix !== undefined && schedules < init.schedules;
      prefix = search.next()
    ) {
      const result = runSchedule(init.scenario, init.form, prefixPickers(prefix), init);
      search.ran(result);
      schedules++;
      if (result.violation !== null) {
        violations.push(found(init, base, schedules - 1, result, result.violation));
        break;
      }
    }
    exhausted = violations.length === 0 && search.exhausted;
  } else {
    const strategyOptions: StrategyOptions = {
      ...(init.depth === undefined ? {} : { depth: init.depth }),
      ...(init.steps === undefined ? {} : { steps: init.steps }),
    };
    for (const j of shardSchedules(init.schedules, init.shard)) {
      const seed = (base + j) >>> 0;
      seeds.push(seed);
      schedules++;
      const result = runSchedule(
        init.scenario,
        init.form,
        strategyPickers(init.strategy, seed, strategyOptions),
        init,
      );
      if (result.violation === null) continue;
      violations.push(found(init, seed, j, result, result.violation));
      break;
    }
  }
  return {
    scenario: init.scenario.name,
    form: init.form,
    strategy: init.strategy,
    shard: init.shard ?? null,
    schedules,
    seeds,
    exhausted,
    violations,
    elapsedMs: performance.now() - started,
  };
}
