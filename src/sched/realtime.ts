import type { Nanoseconds, Scheduler, TaskHandle, TaskInit } from "./scheduler.ts";

/** Options of the real-time scheduler. */
export interface RealTimeSchedulerInit {
  /** Answers `choose(n)`; default always 0 (the first alternative). */
  readonly pickChoice?: (n: number, label: string) => number;
  /** Called when a task throws; default rethrows on the event loop. */
  readonly onError?: (error: unknown, task: TaskInit) => void;
}

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
    const immediate = setImmediate(() => this.run(id, task));
    this.live.set(id, { cancel: () => clearImmediate(immediate) });
    return { id };
  }

  setTimer(delay: Nanoseconds, task: TaskInit): TaskHandle {
    const id = this.nextId++;
    const timer = setTimeout(() => this.run(id, task), Number(delay / 1_000_000n));
    this.live.set(id, { cancel: () => clearTimeout(timer) });
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
    return n <= 1 ? 0 : this.pickChoice(n, label);
  }

  /** Number of tasks and timers not yet run. */
  get size(): number {
    return this.live.size;
  }

  /** Resolves once no task or timer is pending (polling the event loop). */
  async whenIdle(): Promise<void> {
    while (this.live.size > 0) await new Promise((resolve) => setImmediate(resolve));
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
