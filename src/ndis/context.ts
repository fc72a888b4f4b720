import type { Host } from "./host.ts";
import type { KIRQL } from "./irql.ts";
import type { DriverRecord } from "./objects.ts";

/** A held spin lock and the IRQL to restore on release. */
export interface HeldLock {
  readonly lock: object;
  readonly oldIrql: KIRQL;
  readonly dpr: boolean;
}

/** One execution context: whose code runs, on which host, at which IRQL. */
export interface Frame {
  readonly host: Host;
  readonly driver: DriverRecord | null;
  irql: KIRQL;
  /** The handler NDIS called, when the frame is a handler invocation. */
  readonly handler: string | null;
  /** The object the frame works for ("Sap 3"), so allocations can be attributed to it. */
  readonly subject: string | null;
  readonly locks: HeldLock[];
}

// Hosts never nest inside each other (crossing hosts goes through the scheduler), so one stack
// serves the whole process; handle-less DDIs find their host on top of it.
const stack: Frame[] = [];

/** The frame of the code running now, if any. */
export function currentFrame(): Frame | undefined {
  return stack[stack.length - 1];
}

/** Nesting depth of driver code. */
export function frameDepth(): number {
  return stack.length;
}

/** Runs `fn` inside `frame`, restoring the stack even when it throws. */
export function runInFrame<T>(frame: Frame, fn: () => T): T {
  stack.push(frame);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}
