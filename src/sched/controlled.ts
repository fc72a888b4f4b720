import { type Decision, DecisionLog, type DecisionLogLimits } from "./decision-log.ts";
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
  /** Bounds of the decision log (decisions kept, labels kept); see DecisionLog. */
  readonly decisionLog?: DecisionLogLimits;
}

export type { Decision } from "./decision-log.ts";

/** A task waiting to run; it is its own `EnabledTask` (the picker gets these, not copies). */
interface Pending extends EnabledTask {
  readonly run: () => void;
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
 *
 * Pending tasks sit in one FIFO per due time (posting order), and the distinct due times in a
 * sorted list, so a step costs the same however many tasks wait: nothing is re-sorted or filtered.
 */
export class ControlledScheduler implements Scheduler {
  private clock: Nanoseconds = 0n;
  private nextId = 1;
  private steps = 0;
  /** Every pending task by id, for cancel. */
  private readonly pending = new Map<number, Pending>();
  /** The pending tasks due at each time, in posting order. */
  private readonly byDue = new Map<Nanoseconds, Pending[]>();
  /** The keys of `byDue`, ascending. */
  private readonly dues: Nanoseconds[] = [];
  private readonly pickTask: TaskPicker | undefined;
  private readonly pickChoice: ChoicePicker;
  private readonly random: SeededRandom;
  private readonly log: DecisionLog;
  /** The seed the default pickers use. */
  readonly seed: number;

  constructor(init: ControlledSchedulerInit = {}) {
    this.seed = init.seed ?? 1;
    const random = new SeededRandom(this.seed);
    this.random = random;
    this.pickTask = init.pickTask;
    this.pickChoice = init.pickChoice ?? ((n) => random.below(n));
    this.log = new DecisionLog(init.decisionLog);
  }

  post(task: TaskInit): TaskHandle {
    return this.add(this.clock, task);
  }

  setTimer(delay: Nanoseconds, task: TaskInit): TaskHandle {
    if (delay < 0n) throw new RangeError(`setTimer "${task.label}": negative delay ${delay}`);
    return this.add(this.clock + delay, task);
  }

  cancel(handle: TaskHandle): boolean {
    const p = this.pending.get(handle.id);
    if (p === undefined) return false;
    const queue = this.byDue.get(p.due) as Pending[];
    this.removeAt(queue, queue.indexOf(p), p);
    return true;
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
    this.log.choice(n, value, label);
    return value;
  }

  /** The tasks that could run now: those due at the earliest pending time, in posting order. */
  enabled(): EnabledTask[] {
    return this.earliest().map((p) => ({ id: p.id, label: p.label, owner: p.owner, due: p.due }));
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
    const enabled = this.earliest();
    const count = enabled.length;
    if (count === 0) return false;
    let index = 0;
    if (count > 1) {
      // The default picker draws exactly as it did when it was handed the list: below(count).
      index = this.pickTask === undefined ? this.random.below(count) : this.pickTask(enabled.slice());
    }
    const chosen = enabled[index];
    if (chosen === undefined) throw new RangeError(`task picker answered ${index} of ${count}`);
    this.runPending(enabled, chosen, index);
    return true;
  }

  /** Runs the task with this id if it is enabled now; false otherwise. */
  runTask(id: number): boolean {
    const enabled = this.earliest();
    const index = enabled.findIndex((p) => p.id === id);
    const chosen = enabled[index];
    if (chosen === undefined) return false;
    this.runPending(enabled, chosen, index);
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
      const first = this.dues[0];
      if (first === undefined || first > until) {
        if (this.clock < until) this.clock = until;
        break;
      }
      if (steps >= maxSteps) break;
      this.step();
      steps++;
    }
    return { steps, idle: this.pending.size === 0 };
  }

  /**
   * The decisions kept, in order, made into objects now (the log itself is compact). It is bounded
   * (see ControlledSchedulerInit.decisionLog): after a very long run the oldest are gone, which
   * {@link decisionsOmitted} counts, and the labels of all but the latest read as "".
   */
  decisions(): readonly Decision[] {
    return this.log.toArray();
  }

  /** Decisions taken since the start, kept or not. */
  get decisionCount(): number {
    return this.log.total;
  }

  /** Decisions dropped from the front of the log by its bound (0: the log replays the whole run). */
  decisionsOmitted(): number {
    return this.log.omitted;
  }

  private add(due: Nanoseconds, init: TaskInit): TaskHandle {
    const id = this.nextId++;
    const p: Pending = { id, label: init.label, owner: init.owner, due, run: init.run };
    this.pending.set(id, p);
    const queue = this.byDue.get(due);
    if (queue !== undefined) queue.push(p);
    else {
      this.byDue.set(due, [p]);
      this.insertDue(due);
    }
    return { id };
  }

  /** Inserts a new due time into the ascending list (timers mostly land at or near its end). */
  private insertDue(due: Nanoseconds): void {
    const dues = this.dues;
    let i = dues.length;
    if (i > 0 && (dues[i - 1] as Nanoseconds) > due) {
      let lo = 0;
      let hi = i;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((dues[mid] as Nanoseconds) < due) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    dues.splice(i, 0, due);
  }

  private earliest(): Pending[] {
    const first = this.dues[0];
    return first === undefined ? [] : (this.byDue.get(first) as Pending[]);
  }

  private removeAt(queue: Pending[], index: number, p: Pending): void {
    this.pending.delete(p.id);
    if (index === 0) queue.shift();
    else queue.splice(index, 1);
    if (queue.length === 0) {
      this.byDue.delete(p.due);
      const at = this.dues.indexOf(p.due);
      this.dues.splice(at, 1);
    }
  }

  private runPending(queue: Pending[], chosen: Pending, index: number): void {
    this.removeAt(queue, index, chosen);
    this.steps++;
    if (chosen.due > this.clock) this.clock = chosen.due;
    this.log.task(index, chosen.label, chosen.owner);
    chosen.run();
  }
}
