import type { Nanoseconds, Scheduler, TaskHandle, TaskInit } from "./scheduler.ts";

/** Options of the real-time scheduler. */
export interface RealTimeSchedulerInit {
  /** Answers `choose(n)`; default always 0 (the first alternative). */
  readonly pickChoice?: (n: number, label: string) => number;
  /** Called when a task throws; default rethrows on the event loop. */
  readonly onError?: (error: unknown, task: TaskInit) => void;
}

// setTimeout takes a signed 32-bit millisecond count; past it Node fires after 1 ms instead.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The scheduler of the CLI and the UDP medium: tasks run on Node's event loop, timers on real
 * time. This is the edge module that may touch timers; nothing in the core does.
 */
export class RealTimeScheduler implements Scheduler {
  private nextId = 1;
  private readonly live = new Map<number, { cancel: () => void }>();
  private readonly origin = process.hrtime.bigint();
  private readonly pickChoice: (n: number, label: string) => number;
  private readonly onError: (error: unknown, task: TaskInit) => void;

  constructor(init: RealTimeSchedulerInit = {}) {
    this.pickChoice = init.pickChoice ?? (() => 0);
    this.onError =
      init.onError ??
      ((error) => {
        throw error;
      });
  }

  post(task: TaskInit): TaskHandle {
    const id = this.nextId++;
    this.queue(id, task);
    return { id };
  }

  setTimer(delay: Nanoseconds, task: TaskInit): TaskHandle {
    if (delay < 0n) throw new RangeError(`setTimer "${task.label}": negative delay ${delay}`);
    const id = this.nextId++;
    if (delay === 0n) this.queue(id, task);
    else this.arm(id, this.now() + delay, task);
    return { id };
  }

  cancel(handle: TaskHandle): boolean {
    const entry = this.live.get(handle.id);
    if (entry === undefined) return false;
    entry.cancel();
    this.live.delete(handle.id);
    return true;
  }

  now(): Nanoseconds {
    return process.hrtime.bigint() - this.origin;
  }

  choose(n: number, label: string): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`choose(${n}) "${label}": n must be >= 1`);
    if (n === 1) return 0;
    const value = this.pickChoice(n, label);
    if (!Number.isInteger(value) || value < 0 || value >= n) {
      throw new RangeError(`choice picker answered ${value} for choose(${n}) "${label}"`);
    }
    return value;
  }

  /** Number of tasks and timers not yet run. */
  get size(): number {
    return this.live.size;
  }

  /** Resolves once no task or timer is pending (polling the event loop). */
  async whenIdle(): Promise<void> {
    while (this.live.size > 0) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Queues the task behind every task already posted (setImmediate runs in FIFO order). */
  private queue(id: number, task: TaskInit): void {
    const immediate = setImmediate(() => this.run(id, task));
    this.live.set(id, { cancel: () => clearImmediate(immediate) });
  }

  /**
   * Waits for `due`, then queues the task rather than running it from the timers phase: a
   * timeout can otherwise overtake a task posted before it whose setImmediate has not run yet.
   */
  private arm(id: number, due: Nanoseconds, task: TaskInit): void {
    // Rounded up so that the timer never fires before its delay; capped, then re-armed.
    const wait = Math.min(MAX_TIMEOUT_MS, Number((due - this.now() + 999_999n) / 1_000_000n));
    const timer = setTimeout(
      () => {
        if (wait === MAX_TIMEOUT_MS && this.now() < due) this.arm(id, due, task);
        else this.queue(id, task);
      },
      Math.max(wait, 1),
    );
    this.live.set(id, { cancel: () => clearTimeout(timer) });
  }

  private run(id: number, task: TaskInit): void {
    if (!this.live.delete(id)) return;
    try {
      task.run();
    } catch (error) {
      this.onError(error, task);
    }
  }
}
