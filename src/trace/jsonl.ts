/** The event stream as JSON lines: one event a line, a stable, versioned schema. */
import type { NdisEvent } from "../ndis/index.ts";
import { hex } from "../util/hex.ts";

/** Version of the JSONL event schema (the `v` field of every line). */
export const TRACE_SCHEMA_VERSION = 1;

function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return hex(value);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v);
    return out;
  }
  return value;
}

/** One event as a JSON line (time in ns as a string, bytes as hex). */
export function eventToJsonLine(
  event: NdisEvent | { readonly host: string; readonly [key: string]: unknown },
): string {
  return JSON.stringify({ v: TRACE_SCHEMA_VERSION, ...(jsonSafe(event) as object) });
}
