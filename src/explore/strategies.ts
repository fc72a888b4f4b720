/**
 * Scheduling strategies: each makes, from a seed, the task and choice pickers of one schedule.
 * `random` picks uniformly among the enabled tasks and the options of each `choose`. `pct` is
 * probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): every task gets a random
 * priority when first seen, the highest-priority enabled task runs, and at d−1 random steps the
 * task about to run drops to a priority below every initial one; choices stay uniform.
 */
import { type EnabledTask, SeededRandom } from "../sched/index.ts";
import type { Pickers } from "./runner.ts";

/** The strategies by name (`dfs` is in dfs.ts). */
export const STRATEGIES = ["random", "pct", "dfs"] as const;
/** A strategy's name. */
export type StrategyName = (typeof STRATEGIES)[number];

/** The strategies whose schedules come from a seed. */
export type SeededStrategy = Exclude<StrategyName, "dfs">;

/** Settings of a strategy. */
export interface StrategyOptions {
  /** PCT's bug depth d (d−1 priority change points); DFS's delay bound; default 3. */
  readonly depth?: number;
  /** PCT's estimate of the steps of a run (where change points fall); default 2000. */
  readonly steps?: number;
}

/** Uniform over enabled tasks and `choose` options. */
export function randomPickers(seed: number): Pickers {
  const random = new SeededRandom(seed);
  return { pickTask: (enabled) => random.below(enabled.length), pickChoice: (n) => random.below(n) };
}

/** PCT with depth d from `seed`. */
export function pctPickers(seed: number, options: StrategyOptions = {}): Pickers {
  const depth = options.depth ?? 3;
  const k = options.steps ?? 2000;
  const random = new SeededRandom(seed);
  const changeAt = new Map<number, number>();
  // Change point i (1-based) at a step in [1, k]; it lowers the priority to i, below every initial one.
  for (let i = 1; i < depth; i++) changeAt.set(1 + random.below(k), i);
  const priority = new Map<number, number>();
  let step = 0;
  const prio = (t: EnabledTask) => {
    let p = priority.get(t.id);
    if (p === undefined) {
      p = depth + random.nextUint32();
      priority.set(t.id, p);
    }
    return p;
  };
  return {
    pickTask: (enabled) => {
      step++;
      const highest = () => {
        let best = 0;
        for (let i = 1; i < enabled.length; i++)
          if (prio(enabled[i] as EnabledTask) > prio(enabled[best] as EnabledTask)) best = i;
        return best;
      };
      const lowered = changeAt.get(step);
      const top = enabled[highest()];
      // At a change point the task that would run drops below every other: a preemption.
      if (lowered !== undefined && top !== undefined) priority.set(top.id, lowered);
      return highest();
    },
    pickChoice: (n) => random.below(n),
  };
}

/** The pickers of `strategy` for `seed`. */
export function strategyPickers(
  strategy: StrategyName,
  seed: number,
  options: StrategyOptions = {},
): Pickers {
  return strategy === "pct" ? pctPickers(seed, options) : randomPickers(seed);
}
