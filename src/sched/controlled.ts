import { SeededRandom } from "./random.ts";
import type { EnabledTask, Nanoseconds, Scheduler, TaskHandle, TaskInit } from "./scheduler.ts";

/** Picks which enabled task runs next; gets the tasks due now, in posting order. */
export type TaskPicker = (enabled: readonly EnabledTask[]) => number;

/** Answers a driver's `choose(n)`. */
export type ChoicePicker = (n: number, label: string) => number;

/** Options of a controlled scheduler. */
export interface ControlledSchedulerInit {
  /** Seed of the default pickers; the whole run is a pure function of it. Default 1. */
  readonly seed?: number;
  /** Replaces the seeded task picker (the explorer's strategies plug in here). */
  readonly pickTask?: TaskPicker;
  /** Replaces the seeded choice picker. */
  readonly pickChoice?: ChoicePicker;
}

/** One decision the scheduler took, so that a run can be printed and replayed. */
export type Decision =
  | { readonly kind: "task"; readonly index: number; readonly label: string; readonly owner: string }
  | { readonly kind: "choice"; readonly n: number; readonly value: number; readonly label: string };

interface Pending {
  readonly id: number;
  readonly seq: number;
  readonly due: Nanoseconds;
  readonly init: TaskInit;
}

/** What `runUntilIdle` ended with. */
export interface RunResult {
  readonly steps: number;
  /** True when no task was left; false when the step limit stopped the run. */
  readonly idle: boolean;
}

/**
 * A scheduler on a virtual clock that never goes backwards. At each step the tasks due at the
 * earliest pending time are enabled and the picker chooses one; when none is due, the clock jumps
 * to the next timer. Given the seed (or the pickers), a run is fully determined.
 */
export class ControlledScheduler implements Scheduler {
  private clock: Nanoseconds = 0n;
  private nextId = 1;
  private seq = 0;
  private steps = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly pickTask: TaskPicker;
  private readonly pickChoice: ChoicePicker;
  private readonly log: Decision[] = [];
  /** The seed the default pickers use. */
  readonly seed: number;

  constructor(init: ControlledSchedulerInit = {}) {
    this.seed = init.seed ?? 1;
    const random = new SeededRandom(this.seed);
    this.pickTask = init.pickTask ?? ((enabled) => random.below(enabled.length));
    this.pickChoice = init.pickChoice ?? ((n) => random.below(n));
  }

  post(task: TaskInit): TaskHandle {
    return this.add(this.clock, task);
  }

  setTimer(delay: Nanoseconds, task: TaskInit): TaskHandle {
    if (delay < 0n) throw new RangeError(`setTimer "${task.label}": negative delay ${delay}`);
    return this.add(this.clock + delay, task);
  }

  cancel(handle: TaskHandle): boolean {
    return this.pending.delete(handle.id);
  }

  now(): Nanoseconds {
    return this.clock;
  }

  choose(n: number, label: string): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`choose(${n}) "${label}": n must be >= 1`);
    const value = n === 1 ? 0 : this.pickChoice(n, label);
    if (!Number.isInteger(value) || value < 0 || value >= n) {
      throw new RangeError(`choice picker answered ${value} for choose(${n}) "${label}"`);
    }
    this.log.push({ kind: "choice", n, value, label });
    return value;
  }

  /** The tasks that could run now: those due at the earliest pending time, in posting order. */
  enabled(): EnabledTask[] {
    return this.enabledPending().map((p) => ({
      id: p.id,
      label: p.init.label,
      owner: p.init.owner,
      due: p.due,
    }));
  }

  /** Number of tasks run so far. */
  get stepCount(): number {
    return this.steps;
  }

  /** Number of tasks and timers not yet run. */
  get size(): number {
    return this.pending.size;
  }

  /** Runs one task chosen by the picker; false when nothing is pending. */
  step(): boolean {
    const enabled = this.enabledPending();
    const first = enabled[0];
    if (first === undefined) return false;
    const index =
      enabled.length === 1
        ? 0
        : this.pickTask(
            enabled.map((p) => ({ id: p.id, label: p.init.label, owner: p.init.owner, due: p.due })),
          );
    const chosen = enabled[index];
    if (chosen === undefined) throw new RangeError(`task picker answered ${index} of ${enabled.length}`);
    this.runPending(chosen, index);
    return true;
  }

  /** Runs the task with this id if it is enabled now; false otherwise. */
  runTask(id: number): boolean {
    const enabled = this.enabledPending();
    const index = enabled.findIndex((p) => p.id === id);
    const chosen = enabled[index];
    if (chosen === undefined) return false;
    this.runPending(chosen, index);
    return true;
  }

  /** Steps until nothing is pending or `maxSteps` tasks have run. */
  runUntilIdle(maxSteps = 1_000_000): RunResult {
    let steps = 0;
    while (steps < maxSteps && this.step()) steps++;
    return { steps, idle: this.pending.size === 0 };
  }

  /**
   * Steps until virtual time would pass `until` (tasks due exactly then still run), then moves the
   * clock to `until`. When `maxSteps` stops the run first, the clock stays where the last task left
   * it: jumping ahead would make the tasks still due before `until` run late.
   */
  runUntil(until: Nanoseconds, maxSteps = 1_000_000): RunResult {
    let steps = 0;
    for (;;) {
      const first = this.enabledPending()[0];
      if (first === undefined || first.due > until) {
        if (this.clock < until) this.clock = until;
        break;
      }
      if (steps >= maxSteps) break;
      this.step();
      steps++;
    }
    return { steps, idle: this.pending.size === 0 };
  }

  /** Every decision taken so far, in order. */
  decisions(): readonly Decision[] {
    return this.log;
  }

  private add(due: Nanoseconds, init: TaskInit): TaskHandle {
    const id = this.nextId++;
    this.pending.set(id, { id, seq: this.seq++, due, init });
    return { id };
  }

  private enabledPending(): Pending[] {
    let earliest: Nanoseconds | undefined;
    for (const p of this.pending.values()) if (earliest === undefined || p.due < earliest) earliest = p.due;
    if (earliest === undefined) return [];
    const due = earliest;
    return [...this.pending.values()].filter((p) => p.due === due).sort((a, b) => a.seq - b.seq);
  }

  private runPending(chosen: Pending, index: number): void {
    this.pending.delete(chosen.id);
    this.steps++;
    if (chosen.due > this.clock) this.clock = chosen.due;
    this.log.push({ kind: "task", index, label: chosen.init.label, owner: chosen.init.owner });
    chosen.init.run();
  }
}
