/**
 * `condis/trace`: captures (pcap and pcapng with the SunATM link type, writers and readers), the
 * JSON-safe event serialiser and the JSONL trace format, and the timeline formatter.
 */
export {
  eventToJson,
  eventToJsonLine,
  readJsonlTrace,
  TRACE_SCHEMA_VERSION,
  type TraceEvent,
  toJsonSafe,
} from "../trace/jsonl.ts";
export * from "../trace/pcap.ts";
export * from "../trace/pcapng.ts";
export * from "../trace/sunatm.ts";
export { formatTime, timelineLine } from "../trace/timeline.ts";
