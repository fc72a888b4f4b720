import type { Host } from "./host.ts";

/** A block from NdisAllocateMemoryWithTagPriority. Drivers keep their state in `bytes` or beside it. */
export interface NdisMemory {
  /** The block's bytes. */
  readonly bytes: Uint8Array;
  readonly Length: number;
  /** The four-character pool tag, as the number a C driver writes ('paSC' and so on). */
  readonly Tag: number;
}

interface BlockInfo {
  readonly id: number;
  readonly owner: string;
  readonly tag: string;
  readonly length: number;
  readonly subject: string | null;
}

/** Tracks every block a host's drivers allocate, so double frees and leaks are reported. */
export class MemoryTracker {
  private readonly live = new Map<NdisMemory, BlockInfo>();
  /** Live blocks by the object they were allocated for, so per-object checks stay O(blocks of it). */
  private readonly bySubject = new Map<string, Set<NdisMemory>>();
  private readonly freed = new WeakSet<NdisMemory>();
  private nextBlock = 1;
  private readonly host: Host;

  constructor(host: Host) {
    this.host = host;
  }

  /** Records a new block of `owner`, attributed to `subject` ("Sap 3") when known. */
  allocate(owner: string, length: number, tag: number, subject: string | null): NdisMemory {
    const block: NdisMemory = Object.freeze({ bytes: new Uint8Array(length), Length: length, Tag: tag });
    const info = { id: this.nextBlock++, owner, tag: tagName(tag), length, subject };
    this.live.set(block, info);
    if (subject !== null) {
      const set = this.bySubject.get(subject) ?? new Set();
      set.add(block);
      this.bySubject.set(subject, set);
    }
    this.host.emit({ type: "alloc", block: info.id, tag: info.tag, length, owner, subject });
    return block;
  }

  /**
   * Frees a block; false (and a report) when it is not a live block, or when `caller` (the
   * running driver) is not the driver that allocated it: the caller is blamed and the owner's
   * block stays allocated.
   */
  free(block: unknown, ddi: string, caller: string | null): boolean {
    const info = typeof block === "object" && block !== null ? this.live.get(block as NdisMemory) : undefined;
    if (info === undefined) {
      const twice = typeof block === "object" && block !== null && this.freed.has(block as NdisMemory);
      this.host.contract(
        twice ? "double-free" : "bad-parameter",
        `${ddi}: ${twice ? "block freed twice" : "not a block from NdisAllocateMemoryWithTagPriority"}`,
        {
          ddi,
        },
      );
      return false;
    }
    if (caller !== null && caller !== info.owner) {
      this.host.contract(
        "bad-parameter",
        `${ddi}: block ${info.id} belongs to driver "${info.owner}", not to the caller "${caller}"; it stays allocated`,
        { ddi },
      );
      return false;
    }
    this.live.delete(block as NdisMemory);
    this.freed.add(block as NdisMemory);
    if (info.subject !== null) {
      const set = this.bySubject.get(info.subject);
      set?.delete(block as NdisMemory);
      if (set?.size === 0) this.bySubject.delete(info.subject);
    }
    this.host.emit({ type: "free", block: info.id, owner: info.owner });
    return true;
  }

  /** True while `block` is allocated. */
  isLive(block: unknown): boolean {
    return typeof block === "object" && block !== null && this.live.has(block as NdisMemory);
  }

  /** Live blocks of one driver. */
  liveOf(owner: string): { id: number; tag: string; length: number; subject: string | null }[] {
    return [...this.live.values()].filter((b) => b.owner === owner);
  }

  /** Live blocks attributed to `subject`. */
  liveFor(subject: string): { id: number; tag: string; owner: string }[] {
    const blocks = this.bySubject.get(subject);
    if (blocks === undefined) return [];
    return [...blocks].flatMap((b) => {
      const info = this.live.get(b);
      return info === undefined ? [] : [info];
    });
  }

  /** Number of live blocks on the host. */
  get size(): number {
    return this.live.size;
  }
}

/** The pool tag as its four characters, least significant byte first (as in a debugger). */
export function tagName(tag: number): string {
  let s = "";
  for (let i = 0; i < 4; i++) {
    const c = (tag >>> (8 * i)) & 0xff;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ".";
  }
  return s;
}

/** A pool tag from four characters, as the C literal 'abcd' would give on x86 (last char lowest). */
export function makeTag(chars: string): number {
  if (chars.length !== 4) throw new RangeError(`a pool tag has four characters, got "${chars}"`);
  let tag = 0;
  for (let i = 0; i < 4; i++) tag = (tag << 8) | (chars.charCodeAt(i) & 0xff);
  return tag >>> 0;
}
