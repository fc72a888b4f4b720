import { type AnyNdisHandle, type HandleKind, isHandleShaped, type NdisHandle } from "./handle.ts";

/** Why a handle did not resolve. */
export type HandleFault = "null" | "malformed" | "foreign" | "wrong-kind" | "stale";

/** The outcome of resolving a handle. */
export type Resolution<T> =
  | { readonly ok: true; readonly object: T }
  | { readonly ok: false; readonly fault: HandleFault };

interface Slot {
  generation: number;
  kind: HandleKind | undefined;
  object: unknown;
}

/**
 * One host's handle table. Slots are reused with a new generation, so a handle kept past its
 * object's death never resolves to the object that took its slot.
 */
export class HandleTable {
  private readonly slots: Slot[] = [];
  private readonly free: number[] = [];
  private liveCount = 0;
  private readonly hostName: string;

  constructor(hostName: string) {
    this.hostName = hostName;
  }

  /** Issues a handle of `kind` for `object`. */
  issue<K extends HandleKind>(kind: K, object: unknown): NdisHandle<K> {
    let index = this.free.pop();
    if (index === undefined) {
      index = this.slots.length;
      this.slots.push({ generation: 0, kind: undefined, object: undefined });
    }
    const slot = this.slots[index]!;
    slot.generation += 1;
    slot.kind = kind;
    slot.object = object;
    this.liveCount++;
    return Object.freeze({
      kind,
      host: this.hostName,
      slot: index,
      generation: slot.generation,
    }) as unknown as NdisHandle<K>;
  }

  /** Resolves `handle` to its object if it is live, of `kind`, and of this host. */
  resolve<T>(handle: unknown, kind: HandleKind): Resolution<T> {
    if (handle === null || handle === undefined) return { ok: false, fault: "null" };
    if (!isHandleShaped(handle)) return { ok: false, fault: "malformed" };
    if (handle.host !== this.hostName) return { ok: false, fault: "foreign" };
    const slot = this.slots[handle.slot];
    if (slot === undefined || slot.generation !== handle.generation || slot.kind === undefined) {
      return { ok: false, fault: "stale" };
    }
    if (slot.kind !== kind || handle.kind !== kind) return { ok: false, fault: "wrong-kind" };
    return { ok: true, object: slot.object as T };
  }

  /** Kills a handle: it never resolves again. False when it was not live. */
  revoke(handle: AnyNdisHandle): boolean {
    const slot = this.slots[handle.slot];
    if (slot === undefined || slot.generation !== handle.generation || slot.kind === undefined) return false;
    slot.kind = undefined;
    slot.object = undefined;
    this.free.push(handle.slot);
    this.liveCount--;
    return true;
  }

  /** True when `handle` resolves to a live object. */
  isLive(handle: AnyNdisHandle): boolean {
    const slot = this.slots[handle.slot];
    return slot !== undefined && slot.generation === handle.generation && slot.kind !== undefined;
  }

  /** Number of live handles. */
  get size(): number {
    return this.liveCount;
  }

  /** Live handles of one kind (for end-of-run invariants). */
  liveOf(kind: HandleKind): number {
    let n = 0;
    for (const slot of this.slots) if (slot.kind === kind) n++;
    return n;
  }
}
