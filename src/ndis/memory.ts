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
    if (!Number.isInteger(Length) || Length < 0 || Length > 0x7fffffff) {
      host.contract("bad-parameter", `NdisAllocateMemoryWithTagPriority: bad Length ${Length}`, {
        ddi: "NdisAllocateMemoryWithTagPriority",
      });
      return null;
    }
    const frame = currentFrame();
    return host.memory.allocate(owner.name, Length, Tag >>> 0, frame?.subject ?? null);
  });
}

/** NdisFreeMemory: frees a block; a double free is reported and changes nothing. */
export function NdisFreeMemory(VirtualAddress: NdisMemory, Length: number, MemoryFlags: number): void {
  const host = hostForDdi("NdisFreeMemory");
  host.ddi("NdisFreeMemory", { VirtualAddress, Length, MemoryFlags }, () => {
    host.memory.free(VirtualAddress, "NdisFreeMemory", currentFrame()?.driver?.name ?? null);
  });
}
