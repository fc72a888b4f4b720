import { currentFrame } from "./context.ts";
import type { AnyNdisHandle } from "./handle.ts";
import { hostForDdi } from "./host.ts";
import type { NdisMemory } from "./memory-tracker.ts";
import { ownerOfHandle } from "./owner.ts";

/**
 * NdisAllocateMemoryWithTagPriority: a tracked block owned by the driver behind `NdisHandle`
 * (its protocol, miniport, binding or adapter handle), or null when the handle is bad.
 */
export function NdisAllocateMemoryWithTagPriority(
  NdisHandle: AnyNdisHandle,
  Length: number,
  Tag: number,
  Priority: number,
): NdisMemory | null {
  const host = hostForDdi("NdisAllocateMemoryWithTagPriority", NdisHandle);
  return host.ddi("NdisAllocateMemoryWithTagPriority", { NdisHandle, Length, Tag, Priority }, () => {
    const owner = ownerOfHandle(host, NdisHandle, "NdisAllocateMemoryWithTagPriority");
    if (owner === undefined) return null;
    const bad = !isUint(Length, 0x7fffffff)
      ? `Length (${String(Length)})`
      : !isUint(Tag, 0xffffffff)
        ? `Tag (${String(Tag)}) is not a ULONG`
        : !isUint(Priority, 0xffffffff)
          ? `Priority (${String(Priority)}) is not an EX_POOL_PRIORITY`
          : undefined;
    if (bad !== undefined) {
      host.contract("bad-parameter", `NdisAllocateMemoryWithTagPriority: bad ${bad}`, {
        ddi: "NdisAllocateMemoryWithTagPriority",
      });
      return null;
    }
    const frame = currentFrame();
    return host.memory.allocate(owner.name, Length, Tag, frame?.subject ?? null);
  });
}

/**
 * NdisFreeMemory: frees a block. A double free, a block of another driver, or non-zero
 * MemoryFlags (which must be zero for NdisAllocateMemoryWithTagPriority memory) is reported and
 * changes nothing. Length is ignored for such memory, as the page says.
 */
export function NdisFreeMemory(VirtualAddress: NdisMemory, Length: number, MemoryFlags: number): void {
  const host = hostForDdi("NdisFreeMemory");
  host.ddi("NdisFreeMemory", { VirtualAddress, Length, MemoryFlags }, () => {
    if (MemoryFlags !== 0) {
      host.contract(
        "bad-parameter",
        `NdisFreeMemory: MemoryFlags (${String(MemoryFlags)}) must be 0 for NdisAllocateMemoryWithTagPriority memory; nothing was freed`,
        { ddi: "NdisFreeMemory" },
      );
      return;
    }
    host.memory.free(VirtualAddress, "NdisFreeMemory", currentFrame()?.driver?.name ?? null);
  });
}

function isUint(value: unknown, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max;
}
