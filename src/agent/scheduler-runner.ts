/**
 * The agent's runner: what the drivers' `NdisTimerScheduler` is to a UNI, this is to one agent
 * port. The port's machines (ILMI through `MachineTimers`, SSCOP through `SscopLink`, Q.2931
 * through `CallControlRuntime`) all take a `Scheduler` and get this one, so the agent drives its
 * machines the way the drivers drive theirs. It adds no timing of its own: every task goes straight
 * to the agent's scheduler, which keeps the due times; the runner only knows which tasks are
 * still outstanding, so that a port's teardown can be checked to leave none behind.
 */
import type { Nanoseconds, Scheduler, TaskHandle, TaskInit } from "../sched/scheduler.ts";

/** A `Scheduler` over the agent's scheduler that counts the tasks of one port still to run. */
export class SchedulerRunner implements Scheduler {
  private readonly scheduler: Scheduler;
  /** Ids of the tasks posted through the runner that have neither run nor been cancelled. */
  private readonly outstanding = new Set<number>();

  constructor(scheduler: Scheduler) {
    this.scheduler = scheduler;
  }

  post(task: TaskInit): TaskHandle {
    return this.submit(task, (t) => this.scheduler.post(t));
  }

  setTimer(delay: Nanoseconds, task: TaskInit): TaskHandle {
    return this.submit(task, (t) => this.scheduler.setTimer(delay, t));
  }

  cancel(handle: TaskHandle): boolean {
    // Not outstanding: it already ran or was cancelled (or is not the port's), as the scheduler would say.
    if (!this.outstanding.delete(handle.id)) return false;
    return this.scheduler.cancel(handle);
  }

  now(): Nanoseconds {
    return this.scheduler.now();
  }

  choose(n: number, label: string): number {
    return this.scheduler.choose(n, label);
  }

  /** How many tasks posted through the runner have neither run nor been cancelled. */
  get pending(): number {
    return this.outstanding.size;
  }

  /** Hands the task to the scheduler, unchanged but for leaving the outstanding set when it runs. */
  private submit(task: TaskInit, schedule: (task: TaskInit) => TaskHandle): TaskHandle {
    // The id is known once the scheduler answers, and a task never runs inside post/setTimer.
    let id: number | undefined;
    const handle = schedule({
      label: task.label,
      owner: task.owner,
      run: () => {
        if (id !== undefined) this.outstanding.delete(id);
        task.run();
      },
    });
    id = handle.id;
    this.outstanding.add(id);
    return handle;
  }
}
