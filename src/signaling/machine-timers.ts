/**
 * Named timers of a pure signaling state machine (the ILMI IMEs) on a `Scheduler`: the machine's
 * startTimer effect (re)arms a timer, stopTimer cancels it, and the expiry is fed back to the
 * machine. Inside a driver the scheduler is the UNI's NdisTimerScheduler (NDIS timer objects); in
 * the agent it is the port's SchedulerRunner over the agent's scheduler.
 */
import type { Nanoseconds, Scheduler, TaskHandle } from "../sched/scheduler.ts";

/** The keyed timers of one machine. */
export class MachineTimers {
  private readonly scheduler: Scheduler;
  private readonly owner: string;
  private readonly armed = new Map<string, TaskHandle>();

  constructor(scheduler: Scheduler, owner: string) {
    this.scheduler = scheduler;
    this.owner = owner;
  }

  /** (Re)arms the timer `key`; `fire` runs once `delay` has passed, unless it is stopped first. */
  start(key: string, delay: Nanoseconds, fire: () => void): void {
    this.stop(key);
    const handle = this.scheduler.setTimer(delay, {
      label: `${key} expiry`,
      owner: this.owner,
      run: () => {
        if (this.armed.get(key) !== handle) return;
        this.armed.delete(key);
        fire();
      },
    });
    this.armed.set(key, handle);
  }

  /** Cancels the timer `key` if it is armed. */
  stop(key: string): void {
    const handle = this.armed.get(key);
    if (handle === undefined) return;
    this.armed.delete(key);
    this.scheduler.cancel(handle);
  }

  /** Cancels every timer. */
  stopAll(): void {
    for (const handle of this.armed.values()) this.scheduler.cancel(handle);
    this.armed.clear();
  }

  /** How many timers are armed. */
  get size(): number {
    return this.armed.size;
  }
}
