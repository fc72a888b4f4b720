/** Virtual time in nanoseconds. */
export type Nanoseconds = bigint;

/** One unit of deferred work: a pended completion, a frame on a medium, a timer, a work item. */
export interface TaskInit {
  /** What the task does, for traces and schedule listings ("deliver frame 0/5", "T303 expiry"). */
  readonly label: string;
  /** The host (or agent, or medium) on whose behalf the task runs. */
  readonly owner: string;
  readonly run: () => void;
}

/** A handle to a posted task or timer, used to cancel it. */
export interface TaskHandle {
  readonly id: number;
}

/** A task the controlled scheduler could run next. */
export interface EnabledTask {
  readonly id: number;
  readonly label: string;
  readonly owner: string;
  /** Virtual time at which the task becomes due (now, for a plain post). */
  readonly due: Nanoseconds;
}

/**
 * Where all deferred work goes. Drivers, the NDIS core, media and the agent never touch timers,
 * promises or sockets: they post here, so the same code runs in real time and under a controlled,
 * replayable schedule.
 */
export interface Scheduler {
  /** Runs `task.run` later, as a separate step. */
  post(task: TaskInit): TaskHandle;
  /** Runs `task.run` once `delay` nanoseconds of (virtual) time have passed. */
  setTimer(delay: Nanoseconds, task: TaskInit): TaskHandle;
  /** Cancels a posted task or timer; true when it had not run yet. */
  cancel(handle: TaskHandle): boolean;
  /** The scheduler's current time in nanoseconds (virtual, or real since the scheduler was made). */
  now(): Nanoseconds;
  /**
   * A nondeterministic choice in [0, n): a driver that may complete synchronously or pend asks here,
   * never Math.random, so the explorer controls it and a seed replays it.
   */
  choose(n: number, label: string): number;
}

/** Nanoseconds from milliseconds, for readable timer values. */
export function ms(value: number): Nanoseconds {
  return BigInt(Math.round(value * 1_000_000));
}

/** Nanoseconds from seconds. */
export function seconds(value: number): Nanoseconds {
  return BigInt(Math.round(value * 1_000_000_000));
}
