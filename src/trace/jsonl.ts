/**
 * Events as JSON: one serialiser for any event (bigint times as decimal strings, bytes as hex),
 * the JSON-lines trace format built on it (a stable, versioned schema), and its reader.
 */
import type { NdisEvent } from "../ndis/index.ts";
import { hex } from "../util/hex.ts";

/** Version of the JSONL event schema (the `v` field of every line). */
export const TRACE_SCHEMA_VERSION = 1;

/** A value made JSON-safe: bigints become decimal strings, `Uint8Array`s lower-case hex. */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return hex(value);
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonSafe(v);
    return out;
  }
  return value;
}

/** Any event as a JSON text (`JSON.stringify` alone throws on an event's bigint time). */
export function eventToJson(event: NdisEvent): string {
  return JSON.stringify(toJsonSafe(event));
}

/** One event as a JSON line of the trace schema: `{"v":1,…}`, time in ns as a string, bytes as hex. */
export function eventToJsonLine(
  event: NdisEvent | { readonly host: string; readonly [key: string]: unknown },
): string {
  return JSON.stringify({ v: TRACE_SCHEMA_VERSION, ...(toJsonSafe(event) as object) });
}

/** An event as read back from a JSONL trace: the event's fields, JSON-safe. */
export interface TraceEvent {
  readonly v: number;
  readonly seq: number;
  /** Scheduler time in nanoseconds, as a decimal string (`BigInt(time)` gives it back). */
  readonly time: string;
  readonly host: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Reads a JSONL trace (one event a line, blank lines skipped); throws on a line of another schema. */
export function readJsonlTrace(text: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const event = JSON.parse(line) as Partial<TraceEvent>;
    if (event.v !== TRACE_SCHEMA_VERSION)
      throw new Error(
        `line ${i + 1}: trace schema version ${String(event.v)}, expected ${TRACE_SCHEMA_VERSION}`,
      );
    events.push(event as TraceEvent);
  }
  return events;
}
