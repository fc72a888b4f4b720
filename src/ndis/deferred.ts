import type { TaskHandle } from "../sched/scheduler.ts";
import { currentFrame } from "./context.ts";
import type { AnyNdisHandle, NDIS_HANDLE } from "./handle.ts";
import { hostForDdi } from "./host.ts";
import { PASSIVE_LEVEL } from "./irql.ts";
import type { DriverRecord } from "./objects.ts";
import { ownerOfHandle } from "./owner.ts";
import {
  type NDIS_STATUS,
  NDIS_STATUS_BAD_CHARACTERISTICS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_SUCCESS,
} from "./status.ts";
import { NdisUsageError } from "./usage-error.ts";

/** NDIS_IO_WORKITEM_ROUTINE: runs at PASSIVE_LEVEL on a system worker. */
export type NDIS_IO_WORKITEM_ROUTINE = (
  WorkItemContext: NDIS_HANDLE,
  NdisIoWorkItemHandle: NDIS_IO_WORKITEM,
) => void;

/** An NDIS I/O work item (NDIS_HANDLE from NdisAllocateIoWorkItem). */
export interface NDIS_IO_WORKITEM {
  readonly id: number;
}

/** NDIS_TIMER_FUNCTION (NdisTimerFunction): runs at DISPATCH_LEVEL. */
export type NDIS_TIMER_FUNCTION = (
  SystemSpecific1: null,
  FunctionContext: NDIS_HANDLE,
  SystemSpecific2: null,
  SystemSpecific3: null,
) => void;

/** NDIS_TIMER_CHARACTERISTICS. */
export interface NDIS_TIMER_CHARACTERISTICS {
  readonly AllocationTag: number;
  readonly TimerFunction: NDIS_TIMER_FUNCTION;
  readonly FunctionContext: NDIS_HANDLE;
}

/** A timer object from NdisAllocateTimerObject. */
export interface NDIS_TIMER_OBJECT {
  readonly id: number;
}

interface WorkItemRecord {
  readonly driver: DriverRecord;
  queued: boolean;
}

interface TimerRecord {
  readonly driver: DriverRecord;
  readonly characteristics: NDIS_TIMER_CHARACTERISTICS;
  task: TaskHandle | undefined;
  context: NDIS_HANDLE;
  periodMs: number;
}

let nextId = 1;
const workItems = new WeakMap<NDIS_IO_WORKITEM, WorkItemRecord>();
const timers = new WeakMap<NDIS_TIMER_OBJECT, TimerRecord>();

/** NdisAllocateIoWorkItem: a work item owned by the driver behind `NdisObjectHandle`. */
export function NdisAllocateIoWorkItem(NdisObjectHandle: AnyNdisHandle): NDIS_IO_WORKITEM | null {
  const host = hostForDdi("NdisAllocateIoWorkItem", NdisObjectHandle);
  return host.ddi("NdisAllocateIoWorkItem", { NdisObjectHandle }, () => {
    const driver = ownerOfHandle(host, NdisObjectHandle, "NdisAllocateIoWorkItem");
    if (driver === undefined) return null;
    const item = Object.freeze({ id: nextId++ });
    workItems.set(item, { driver, queued: false });
    return item;
  });
}

/** NdisQueueIoWorkItem: runs `Routine` later at PASSIVE_LEVEL in the owning driver's context. */
export function NdisQueueIoWorkItem(
  NdisIoWorkItemHandle: NDIS_IO_WORKITEM,
  Routine: NDIS_IO_WORKITEM_ROUTINE,
  WorkItemContext: NDIS_HANDLE,
): void {
  const host = hostForDdi("NdisQueueIoWorkItem");
  host.ddi("NdisQueueIoWorkItem", { NdisIoWorkItemHandle: NdisIoWorkItemHandle?.id ?? null }, () => {
    const record = workItems.get(NdisIoWorkItemHandle);
    if (record === undefined) {
      host.contract("invalid-handle", "NdisQueueIoWorkItem: not a live work item", {
        ddi: "NdisQueueIoWorkItem",
      });
      return;
    }
    if (typeof Routine !== "function") {
      host.contract("bad-parameter", "NdisQueueIoWorkItem: Routine is not a function", {
        ddi: "NdisQueueIoWorkItem",
      });
      return;
    }
    record.queued = true;
    host.post(
      `work item ${NdisIoWorkItemHandle.id} of ${record.driver.name}`,
      record.driver,
      () => {
        record.queued = false;
        Routine(WorkItemContext, NdisIoWorkItemHandle);
      },
      PASSIVE_LEVEL,
    );
  });
}

/** NdisFreeIoWorkItem. */
export function NdisFreeIoWorkItem(NdisIoWorkItemHandle: NDIS_IO_WORKITEM): void {
  const host = hostForDdi("NdisFreeIoWorkItem");
  host.ddi("NdisFreeIoWorkItem", { NdisIoWorkItemHandle: NdisIoWorkItemHandle?.id ?? null }, () => {
    if (!workItems.delete(NdisIoWorkItemHandle)) {
      host.contract("invalid-handle", "NdisFreeIoWorkItem: not a live work item", {
        ddi: "NdisFreeIoWorkItem",
      });
    }
  });
}

/** NdisAllocateTimerObject: the out-parameter TimerObject becomes a field of the result. */
export function NdisAllocateTimerObject(
  NdisHandle: AnyNdisHandle,
  TimerCharacteristics: NDIS_TIMER_CHARACTERISTICS,
): { status: NDIS_STATUS; TimerObject: NDIS_TIMER_OBJECT | null } {
  const host = hostForDdi("NdisAllocateTimerObject", NdisHandle);
  return host.ddi(
    "NdisAllocateTimerObject",
    { NdisHandle },
    () => {
      const driver = ownerOfHandle(host, NdisHandle, "NdisAllocateTimerObject");
      if (driver === undefined) return { status: NDIS_STATUS_FAILURE, TimerObject: null };
      if (
        typeof TimerCharacteristics !== "object" ||
        typeof TimerCharacteristics?.TimerFunction !== "function"
      ) {
        host.contract("bad-parameter", "NdisAllocateTimerObject: TimerCharacteristics has no TimerFunction", {
          ddi: "NdisAllocateTimerObject",
        });
        return { status: NDIS_STATUS_BAD_CHARACTERISTICS, TimerObject: null };
      }
      const timer = Object.freeze({ id: nextId++ });
      timers.set(timer, {
        driver,
        characteristics: TimerCharacteristics,
        task: undefined,
        context: TimerCharacteristics.FunctionContext,
        periodMs: 0,
      });
      return { status: NDIS_STATUS_SUCCESS, TimerObject: timer };
    },
    (r) => r.status,
  );
}

/**
 * NdisSetTimerObject: DueTime in 100-ns units, negative for relative (absolute times are taken
 * as relative to now). Returns TRUE when the timer was already queued.
 */
export function NdisSetTimerObject(
  TimerObject: NDIS_TIMER_OBJECT,
  DueTime: bigint,
  MillisecondsPeriod: number,
  FunctionContext?: NDIS_HANDLE,
): boolean {
  const host = hostForDdi("NdisSetTimerObject");
  return host.ddi(
    "NdisSetTimerObject",
    { TimerObject: TimerObject?.id ?? null, DueTime, MillisecondsPeriod },
    () => {
      const record = timers.get(TimerObject);
      if (record === undefined) {
        host.contract("invalid-handle", "NdisSetTimerObject: not a live timer object", {
          ddi: "NdisSetTimerObject",
        });
        return false;
      }
      if (typeof DueTime !== "bigint" || !Number.isInteger(MillisecondsPeriod) || MillisecondsPeriod < 0) {
        host.contract(
          "bad-parameter",
          `NdisSetTimerObject: DueTime must be a LARGE_INTEGER (bigint) and MillisecondsPeriod a count of ms, got ${typeof DueTime} and ${String(MillisecondsPeriod)}`,
          { ddi: "NdisSetTimerObject" },
        );
        return false;
      }
      const wasQueued = record.task !== undefined && host.scheduler.cancel(record.task);
      if (FunctionContext !== undefined) record.context = FunctionContext;
      record.periodMs = MillisecondsPeriod;
      const delayNs = (DueTime < 0n ? -DueTime : DueTime) * 100n;
      const fire = (): void => {
        record.task = undefined;
        if (record.periodMs > 0) arm(BigInt(record.periodMs) * 1_000_000n);
        record.characteristics.TimerFunction(null, record.context, null, null);
      };
      const arm = (delay: bigint): void => {
        record.task = host.scheduler.setTimer(delay, {
          label: `timer ${TimerObject.id} of ${record.driver.name}`,
          owner: host.name,
          run: () => host.runDpc(record.driver, `timer ${TimerObject.id} of ${record.driver.name}`, fire),
        });
      };
      arm(delayNs);
      return wasQueued;
    },
  );
}

/** NdisCancelTimerObject: TRUE when the timer was queued and is now cancelled. */
export function NdisCancelTimerObject(TimerObject: NDIS_TIMER_OBJECT): boolean {
  const host = hostForDdi("NdisCancelTimerObject");
  return host.ddi("NdisCancelTimerObject", { TimerObject: TimerObject?.id ?? null }, () => {
    const record = timers.get(TimerObject);
    if (record === undefined) {
      host.contract("invalid-handle", "NdisCancelTimerObject: not a live timer object", {
        ddi: "NdisCancelTimerObject",
      });
      return false;
    }
    if (record.periodMs > 0 && currentFrame()?.irql !== PASSIVE_LEVEL) {
      // The page: cancelling a periodic timer requires PASSIVE_LEVEL (Irql_Timer_Function).
      host.contract(
        "irql-too-high",
        "NdisCancelTimerObject called at DISPATCH_LEVEL on a periodic timer; its page requires PASSIVE_LEVEL (Irql_Timer_Function)",
        { ddi: "NdisCancelTimerObject" },
      );
    }
    if (record.task === undefined) return false;
    const cancelled = host.scheduler.cancel(record.task);
    record.task = undefined;
    record.periodMs = 0;
    return cancelled;
  });
}

/** NdisFreeTimerObject: the timer must not be queued. */
export function NdisFreeTimerObject(TimerObject: NDIS_TIMER_OBJECT): void {
  const host = hostForDdi("NdisFreeTimerObject");
  host.ddi("NdisFreeTimerObject", { TimerObject: TimerObject?.id ?? null }, () => {
    const record = timers.get(TimerObject);
    if (record === undefined) {
      host.contract("invalid-handle", "NdisFreeTimerObject: not a live timer object", {
        ddi: "NdisFreeTimerObject",
      });
      return;
    }
    if (record.task !== undefined) host.scheduler.cancel(record.task);
    timers.delete(TimerObject);
  });
}

/**
 * condis's own: asks the scheduler for a nondeterministic choice in [0, n), so a driver that may
 * complete synchronously or pend lets the explorer decide, and a seed replays it.
 */
export function CondisChoose(n: number, label: string): number {
  const host = currentFrame()?.host;
  if (host === undefined) throw new NdisUsageError(`CondisChoose("${label}")`);
  return host.scheduler.choose(n, `${host.name}: ${label}`);
}
