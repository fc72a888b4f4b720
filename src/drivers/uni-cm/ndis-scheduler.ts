/**
 * The `Scheduler` that the signaling stack (SscopLink, CallControlRuntime) runs on inside a driver:
 * every task and timer is multiplexed onto one NDIS timer object, and time is
 * NdisGetCurrentSystemTime, so all of the call manager's deferred work goes through NDIS, as a
 * driver's must.
 */
import {
  type AnyNdisHandle,
  CondisChoose,
  type NDIS_TIMER_OBJECT,
  NdisAllocateTimerObject,
  NdisCancelTimerObject,
  NdisFreeTimerObject,
  NdisGetCurrentSystemTime,
  NdisSetTimerObject,
} from "../../ndis/index.ts";
import type { Nanoseconds, Scheduler, TaskHandle, TaskInit } from "../../sched/index.ts";

interface Entry {
  readonly handle: TaskHandle;
  /** Due time in 100-ns system-time units. */
  readonly due: bigint;
  readonly task: TaskInit;
}

/** A Scheduler over one NDIS timer object of the driver behind `owner`. */
export class NdisTimerScheduler implements Scheduler {
  private readonly timer: NDIS_TIMER_OBJECT | null;
  private readonly entries = new Map<number, Entry>();
  private nextId = 1;
  private armedAt: bigint | undefined;
  private closed = false;

  constructor(owner: AnyNdisHandle, tag = 0x67695355) {
    this.timer = NdisAllocateTimerObject(owner, {
      AllocationTag: tag,
      TimerFunction: () => this.fire(),
      FunctionContext: null,
    }).TimerObject;
  }

  /** False when the timer object could not be allocated (nothing will ever run). */
  get usable(): boolean {
    return this.timer !== null && !this.closed;
  }

  post(task: TaskInit): TaskHandle {
    return this.setTimer(0n, task);
  }

  setTimer(delay: Nanoseconds, task: TaskInit): TaskHandle {
    const handle: TaskHandle = { id: this.nextId++ };
    if (this.closed) return handle;
    // Round up: a timer never fires before its delay has passed.
    const ticks = delay <= 0n ? 0n : (delay + 99n) / 100n;
    this.entries.set(handle.id, { handle, due: NdisGetCurrentSystemTime() + ticks, task });
    this.arm();
    return handle;
  }

  cancel(handle: TaskHandle): boolean {
    const had = this.entries.delete(handle.id);
    if (had) this.arm();
    return had;
  }

  now(): Nanoseconds {
    return NdisGetCurrentSystemTime() * 100n;
  }

  choose(n: number, label: string): number {
    return CondisChoose(n, label);
  }

  /** Drops every task, cancels and frees the timer object; later calls do nothing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.entries.clear();
    if (this.timer !== null) {
      NdisCancelTimerObject(this.timer);
      NdisFreeTimerObject(this.timer);
    }
  }

  /** (Re)sets the NDIS timer for the earliest entry, or cancels it when there is none. */
  private arm(): void {
    if (this.timer === null || this.closed) return;
    let earliest: bigint | undefined;
    for (const e of this.entries.values()) if (earliest === undefined || e.due < earliest) earliest = e.due;
    if (earliest === this.armedAt) return;
    this.armedAt = earliest;
    if (earliest === undefined) {
      NdisCancelTimerObject(this.timer);
      return;
    }
    const wait = earliest - NdisGetCurrentSystemTime();
    NdisSetTimerObject(this.timer, -(wait > 0n ? wait : 0n), 0, null);
  }

  /** The timer fired: runs every due task in due order (a task may add or cancel others). */
  private fire(): void {
    this.armedAt = undefined;
    const now = NdisGetCurrentSystemTime();
    const due = [...this.entries.values()]
      .filter((e) => e.due <= now)
      .sort((a, b) => (a.due === b.due ? a.handle.id - b.handle.id : a.due < b.due ? -1 : 1));
    for (const e of due) {
      if (this.closed) return;
      if (!this.entries.delete(e.handle.id)) continue;
      e.task.run();
    }
    this.arm();
  }
}
