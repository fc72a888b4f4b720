import { currentFrame } from "./context.ts";
import { DISPATCH_LEVEL, irqlName } from "./irql.ts";

/** NDIS_SPIN_LOCK. */
export interface NDIS_SPIN_LOCK {
  readonly id: number;
}

let nextLock = 1;
const held = new WeakMap<NDIS_SPIN_LOCK, true>();

/** NdisAllocateSpinLock: a new, free spin lock (the out-parameter becomes the result). */
export function NdisAllocateSpinLock(): NDIS_SPIN_LOCK {
  const lock = Object.freeze({ id: nextLock++ });
  const host = currentFrame()?.host;
  host?.ddi("NdisAllocateSpinLock", {}, () => lock);
  return lock;
}

/** NdisFreeSpinLock. */
export function NdisFreeSpinLock(SpinLock: NDIS_SPIN_LOCK): void {
  const host = currentFrame()?.host;
  host?.ddi("NdisFreeSpinLock", { SpinLock: SpinLock.id }, () => {
    if (held.has(SpinLock))
      host.contract("spin-lock-misuse", `NdisFreeSpinLock: lock ${SpinLock.id} is held`, {
        ddi: "NdisFreeSpinLock",
      });
  });
}

function acquire(SpinLock: NDIS_SPIN_LOCK, dpr: boolean): void {
  const ddi = dpr ? "NdisDprAcquireSpinLock" : "NdisAcquireSpinLock";
  const frame = currentFrame();
  if (frame === undefined) return;
  frame.host.ddi(ddi, { SpinLock: SpinLock.id }, () => {
    if (held.has(SpinLock)) {
      frame.host.contract("spin-lock-misuse", `${ddi}: lock ${SpinLock.id} is already held (deadlock)`, {
        ddi,
      });
      return;
    }
    if (dpr && frame.irql !== DISPATCH_LEVEL) {
      frame.host.contract(
        "spin-lock-misuse",
        `${ddi} called at ${irqlName(frame.irql)}; it requires DISPATCH_LEVEL`,
        { ddi },
      );
    }
    held.set(SpinLock, true);
    frame.locks.push({ lock: SpinLock, oldIrql: frame.irql, dpr });
    frame.irql = DISPATCH_LEVEL;
  });
}

function release(SpinLock: NDIS_SPIN_LOCK, dpr: boolean): void {
  const ddi = dpr ? "NdisDprReleaseSpinLock" : "NdisReleaseSpinLock";
  const frame = currentFrame();
  if (frame === undefined) return;
  frame.host.ddi(ddi, { SpinLock: SpinLock.id }, () => {
    const index = frame.locks.findIndex((h) => h.lock === SpinLock);
    const entry = frame.locks[index];
    if (entry === undefined) {
      frame.host.contract("spin-lock-misuse", `${ddi}: lock ${SpinLock.id} is not held in this context`, {
        ddi,
      });
      return;
    }
    if (entry.dpr !== dpr) {
      frame.host.contract(
        "spin-lock-misuse",
        `${ddi}: lock ${SpinLock.id} was taken with ${entry.dpr ? "NdisDprAcquireSpinLock" : "NdisAcquireSpinLock"}`,
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
