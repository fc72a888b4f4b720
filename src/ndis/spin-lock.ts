import { currentFrame, type Frame } from "./context.ts";
import type { Host } from "./host.ts";
import { DISPATCH_LEVEL } from "./irql.ts";
import { NdisUsageError } from "./usage-error.ts";

/** NDIS_SPIN_LOCK. */
export interface NDIS_SPIN_LOCK {
  readonly id: number;
}

type LockDdi =
  | "NdisFreeSpinLock"
  | "NdisAcquireSpinLock"
  | "NdisReleaseSpinLock"
  | "NdisDprAcquireSpinLock"
  | "NdisDprReleaseSpinLock";

interface LockState {
  readonly id: number;
  freed: boolean;
}

let nextLock = 1;
// Locks are known by identity: a copy ({ ...lock }) or a hand-made { id } is not a lock.
const issued = new WeakMap<object, LockState>();
const held = new WeakMap<object, true>();

/** The running driver code's frame; a spin-lock call outside driver code has no host to report to. */
function frameFor(ddi: string): Frame {
  const frame = currentFrame();
  if (frame === undefined) throw new NdisUsageError(ddi);
  return frame;
}

/** The lock's state, as the call's `SpinLock` argument summary: its id, or what it is instead. */
function inspect(SpinLock: unknown): { state: LockState | undefined; summary: number | string } {
  const state = typeof SpinLock === "object" && SpinLock !== null ? issued.get(SpinLock) : undefined;
  if (state === undefined) return { state, summary: `<not a lock: ${typeof SpinLock}>` };
  return { state, summary: state.freed ? `<freed lock ${state.id}>` : state.id };
}

/**
 * The live lock behind `SpinLock`, or undefined after reporting it (never allocated: NULL, a
 * number, a copy or a hand-made object; or freed with NdisFreeSpinLock).
 */
function liveLock(host: Host, ddi: LockDdi, SpinLock: unknown, state: LockState | undefined) {
  if (state === undefined) {
    const fault = SpinLock === null || SpinLock === undefined ? "null" : "malformed";
    host.contract(
      "invalid-handle",
      `${ddi}: SpinLock (${String(SpinLock)}) is not a lock from NdisAllocateSpinLock`,
      {
        ddi,
        fault,
      },
    );
    return undefined;
  }
  if (state.freed) {
    host.contract("invalid-handle", `${ddi}: lock ${state.id} was freed with NdisFreeSpinLock`, {
      ddi,
      fault: "stale",
    });
    return undefined;
  }
  return state;
}

/** NdisAllocateSpinLock: a new, free spin lock (the out-parameter becomes the result). */
export function NdisAllocateSpinLock(): NDIS_SPIN_LOCK {
  const frame = frameFor("NdisAllocateSpinLock");
  const lock = Object.freeze({ id: nextLock++ });
  issued.set(lock, { id: lock.id, freed: false });
  frame.host.ddi("NdisAllocateSpinLock", {}, () => lock);
  return lock;
}

/** NdisFreeSpinLock: a held, freed or unknown lock is reported and changes nothing. */
export function NdisFreeSpinLock(SpinLock: NDIS_SPIN_LOCK): void {
  const ddi = "NdisFreeSpinLock";
  const { host } = frameFor(ddi);
  const { state, summary } = inspect(SpinLock);
  host.ddi(ddi, { SpinLock: summary }, () => {
    const lock = liveLock(host, ddi, SpinLock, state);
    if (lock === undefined) return;
    if (held.has(SpinLock)) {
      host.contract("spin-lock-misuse", `${ddi}: lock ${lock.id} is held`, { ddi });
      return;
    }
    lock.freed = true;
  });
}

function acquire(SpinLock: NDIS_SPIN_LOCK, dpr: boolean): void {
  const ddi = dpr ? "NdisDprAcquireSpinLock" : "NdisAcquireSpinLock";
  const frame = frameFor(ddi);
  const { state, summary } = inspect(SpinLock);
  frame.host.ddi(ddi, { SpinLock: summary }, () => {
    const lock = liveLock(frame.host, ddi, SpinLock, state);
    if (lock === undefined) return;
    if (held.has(SpinLock)) {
      frame.host.contract("spin-lock-misuse", `${ddi}: lock ${lock.id} is already held (deadlock)`, { ddi });
      return;
    }
    // Below DISPATCH_LEVEL an NdisDpr* acquisition is an IRQL violation (Irql_Synch_Function,
    // reported by the call itself); the lock is still taken, and the IRQL left alone.
    held.set(SpinLock, true);
    frame.locks.push({ lock: SpinLock, oldIrql: frame.irql, dpr });
    if (!dpr) frame.irql = DISPATCH_LEVEL;
  });
}

function release(SpinLock: NDIS_SPIN_LOCK, dpr: boolean): void {
  const ddi = dpr ? "NdisDprReleaseSpinLock" : "NdisReleaseSpinLock";
  const frame = frameFor(ddi);
  const { state, summary } = inspect(SpinLock);
  frame.host.ddi(ddi, { SpinLock: summary }, () => {
    const lock = liveLock(frame.host, ddi, SpinLock, state);
    if (lock === undefined) return;
    const index = frame.locks.findIndex((h) => h.lock === SpinLock);
    const entry = frame.locks[index];
    if (entry === undefined) {
      frame.host.contract("spin-lock-misuse", `${ddi}: lock ${lock.id} is not held in this context`, { ddi });
      return;
    }
    if (entry.dpr !== dpr) {
      frame.host.contract(
        "spin-lock-misuse",
        `${ddi}: lock ${lock.id} was taken with ${entry.dpr ? "NdisDprAcquireSpinLock" : "NdisAcquireSpinLock"}`,
        { ddi },
      );
    }
    frame.locks.splice(index, 1);
    held.delete(SpinLock);
    frame.irql = dpr ? frame.irql : entry.oldIrql;
  });
}

/** NdisAcquireSpinLock: raises to DISPATCH_LEVEL and takes the lock. */
export function NdisAcquireSpinLock(SpinLock: NDIS_SPIN_LOCK): void {
  acquire(SpinLock, false);
}

/** NdisReleaseSpinLock: releases the lock and restores the IRQL it was taken at. */
export function NdisReleaseSpinLock(SpinLock: NDIS_SPIN_LOCK): void {
  release(SpinLock, false);
}

/** NdisDprAcquireSpinLock: takes the lock; the caller must already run at DISPATCH_LEVEL. */
export function NdisDprAcquireSpinLock(SpinLock: NDIS_SPIN_LOCK): void {
  acquire(SpinLock, true);
}

/** NdisDprReleaseSpinLock: releases a lock taken with NdisDprAcquireSpinLock. */
export function NdisDprReleaseSpinLock(SpinLock: NDIS_SPIN_LOCK): void {
  release(SpinLock, true);
}
