import type { Nanoseconds, RealTimeScheduler, Scheduler, TaskHandle, TaskInit } from "../src/sched/index.ts";

/**
 * The real-time scheduler as the stack sees it, with a switch that stops the world: SSCOP polls
 * for as long as its link is up, so without `stop()` its timers would keep Node running. Posts go
 * straight through; only timers are tracked.
 */
export class StoppableScheduler implements Scheduler {
  private stopped = false;
  private readonly timers = new Set<number>();
  private readonly inner: RealTimeScheduler;

  constructor(inner: RealTimeScheduler) {
    this.inner = inner;
  }

  post(task: TaskInit): TaskHandle {
    return this.stopped ? { id: 0 } : this.inner.post(task);
  }

  setTimer(delay: Nanoseconds, task: TaskInit): TaskHandle {
    if (this.stopped) return { id: 0 };
    const handle = this.inner.setTimer(delay, {
      label: task.label,
      owner: task.owner,
      run: () => {
        this.timers.delete(handle.id);
        task.run();
      },
    });
    this.timers.add(handle.id);
    return handle;
  }

  cancel(handle: TaskHandle): boolean {
    this.timers.delete(handle.id);
    return this.inner.cancel(handle);
  }

  now(): Nanoseconds {
    return this.inner.now();
  }

  choose(n: number, label: string): number {
    return this.inner.choose(n, label);
  }

  /** Cancels every timer and ignores whatever is posted or armed from now on. */
  stop(): void {
    this.stopped = true;
    for (const id of this.timers) this.inner.cancel({ id });
    this.timers.clear();
  }
}
