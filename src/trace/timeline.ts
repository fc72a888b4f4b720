/**
 * A readable timeline of a run: one line per DDI call, handler, state change and frame,
 * indented by nesting, with the host and driver named.
 */
import type { NdisEvent } from "../ndis/index.ts";

/** DDIs too frequent, or too routine (resource set-up and release), to be worth a line in the default timeline. */
const QUIET = new Set([
  "NdisAllocateMemoryWithTagPriority",
  "NdisFreeMemory",
  "NdisGetCurrentSystemTime",
  "NdisSetTimerObject",
  "NdisCancelTimerObject",
  "NdisAllocateNetBufferAndNetBufferList",
  "NdisFreeNetBufferList",
  "NdisAllocateIoWorkItem",
  "NdisFreeIoWorkItem",
  "NdisQueueIoWorkItem",
  "NdisAllocateSpinLock",
  "NdisAcquireSpinLock",
  "NdisReleaseSpinLock",
  "NdisMSetMiniportAttributes",
  "NdisSetOptionalHandlers",
  "NdisAllocateNetBufferListPool",
  "NdisFreeNetBufferListPool",
  "NdisAllocateTimerObject",
  "NdisFreeTimerObject",
]);

/** Formats virtual nanoseconds as seconds with millisecond precision. */
export function formatTime(ns: bigint): string {
  const ms = ns / 1_000_000n;
  return `${ms / 1000n}.${(ms % 1000n).toString().padStart(3, "0")}s`;
}

/** One event as a timeline line, or undefined when the event is not shown. */
export function timelineLine(event: NdisEvent, verbose = false): string | undefined {
  const who = `${event.host}${event.driver === null ? "" : `/${event.driver}`}`;
  const indent = "  ".repeat(Math.max(0, event.depth - 1));
  const at = formatTime(event.time).padStart(9);
  switch (event.type) {
    case "ddi-call":
      if (!verbose && QUIET.has(event.ddi)) return undefined;
      return `${at} ${indent}${who} → ${event.ddi}`;
    case "ddi-return":
      return verbose ? `${at} ${indent}${who} ← ${event.ddi} = ${JSON.stringify(event.result)}` : undefined;
    case "handler-enter":
      return `${at} ${indent}${who} ⇒ ${event.handler}${event.object === null ? "" : ` (${event.object})`}`;
    case "handler-exit":
      return verbose
        ? `${at} ${indent}${who} ⇐ ${event.handler} = ${JSON.stringify(event.result)}`
        : undefined;
    case "state":
      return verbose || /^(Sap|Af) /.test(event.object)
        ? `${at} ${indent}${event.host}: ${event.object} ${event.from} → ${event.to}`
        : undefined;
    case "frame":
      return `${at} ${indent}${event.host}: ${event.direction === "tx" ? "sent" : "received"} ${event.payload.length} bytes on ${event.vpi}/${event.vci} (${event.adapter})`;
    case "contract":
      return `${at} ${indent}${who} !! ${event.code}: ${event.message}`;
    case "note":
      return `${at} ${indent}${who} note: ${event.message}`;
    case "log":
      return `${at} ${indent}${who} event log 0x${event.errorCode.toString(16)}`;
    default:
      return verbose ? `${at} ${indent}${who} ${event.type}` : undefined;
  }
}
