/**
 * The `dfs` strategy: bounded exhaustive search by delay bounding (Emmi, Qadeer, Rakamarić, POPL
 * 2011). The deterministic scheduler always picks option 0 (the first enabled task in posting
 * order, the first `choose` option); picking option k costs k delays. A schedule is the prefix
 * of decisions it deviates in, then option 0; the search visits every schedule whose delays sum
 * to at most the bound, each once (two schedules differ at the first position they branch at).
 */
import type { Pickers, ScheduleResult } from "./runner.ts";

/** A schedule still to run: `parent`'s first `at` decisions, then `alt`, then option 0. */
interface Branch {
  readonly parent: readonly number[];
  readonly at: number;
  readonly alt: number;
  readonly delays: number;
}

/** Pickers that answer from `prefix` in order, then option 0. */
export function prefixPickers(prefix: readonly number[]): Pickers {
  let i = 0;
  const next = (n: number) => {
    const d = prefix[i++] ?? 0;
    return d < n ? d : 0;
  };
  return { pickTask: (enabled) => next(enabled.length), pickChoice: (n) => next(n) };
}

/** The delay-bounded search's frontier: which schedule to run next, and what a run opens up. */
export class DelayBoundedSearch {
  private readonly stack: (Branch | null)[] = [null];
  private current: { prefix: readonly number[]; delays: number } | null = null;

  private readonly bound: number;

  /** A search that allows at most `bound` delays per schedule. */
  constructor(bound: number) {
    this.bound = bound;
  }

  /** True when every schedule within the bound has been run. */
  get exhausted(): boolean {
    return this.stack.length === 0;
  }

  /** The next schedule's prefix, or undefined when exhausted. */
  next(): readonly number[] | undefined {
    const b = this.stack.pop();
    if (b === undefined) return undefined;
    const prefix = b === null ? [] : [...b.parent.slice(0, b.at), b.alt];
    this.current = { prefix, delays: b === null ? 0 : b.delays };
    return prefix;
  }

  /** Records what the schedule `next` gave did: its untried options within the bound join the frontier. */
  ran(result: ScheduleResult): void {
    const c = this.current;
    if (c === null) return;
    const branches: Branch[] = [];
    for (let at = c.prefix.length; at < result.decisions.length; at++) {
      const n = result.options[at] ?? 1;
      for (let alt = 1; alt < n && c.delays + alt <= this.bound; alt++)
        branches.push({ parent: result.decisions, at, alt, delays: c.delays + alt });
    }
    // Pushed last-first, so the earliest deviation runs next.
    for (let i = branches.length - 1; i >= 0; i--) this.stack.push(branches[i] as Branch);
  }
}
