/** One-line renderings of events for the human report (statuses by name, arguments compact). */
import type { ArgSummary, NdisEvent } from "../ndis/index.ts";
import { irqlName, type KIRQL } from "../ndis/irql.ts";
import { ndisStatusName } from "../ndis/status.ts";
import { statusOf } from "./annotations.ts";

const MAX_ARG = 48;

function compact(value: ArgSummary, depth = 0): string {
  if (value === null) return "NULL";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (depth >= 1) return Array.isArray(value) ? `[${value.length}]` : "{…}";
  if (Array.isArray(value)) return `[${value.map((v) => compact(v, depth + 1)).join(", ")}]`;
  const parts = Object.entries(value).map(([k, v]) => `${k}: ${compact(v, depth + 1)}`);
  return `{${parts.join(", ")}}`;
}

function clip(text: string): string {
  return text.length > MAX_ARG ? `${text.slice(0, MAX_ARG - 1)}…` : text;
}

/** An argument list: `Status=NDIS_STATUS_SUCCESS, NdisSapHandle=Sap 3.1`. */
export function formatArgs(args: Readonly<Record<string, ArgSummary>>): string {
  return Object.entries(args)
    .map(([key, value]) =>
      typeof value === "number" && /status/i.test(key)
        ? `${key}=${ndisStatusName(value)}`
        : `${key}=${clip(compact(value))}`,
    )
    .join(", ");
}

/** A DDI or handler result: the status by name, then any other out-values. */
export function formatResult(result: ArgSummary): string {
  const status = statusOf(result);
  if (status === undefined) return clip(compact(result));
  if (typeof result !== "object" || result === null || Array.isArray(result)) return ndisStatusName(status);
  const rest = Object.entries(result)
    .filter(([key]) => key !== "status")
    .map(([key, value]) => `, ${key}=${clip(compact(value))}`);
  return `${ndisStatusName(status)}${rest.join("")}`;
}

/** An IRQL by name. */
export function formatIrql(irql: number): string {
  return irqlName(irql as KIRQL);
}

/** One event as a line (without indentation, sequence number or driver). */
export function formatEvent(e: NdisEvent): string {
  switch (e.type) {
    case "ddi-call":
      return `${e.ddi}(${formatArgs(e.args)}) at ${formatIrql(e.irql)}`;
    case "ddi-return":
      return e.result === null ? `${e.ddi} returned` : `${e.ddi} returned ${formatResult(e.result)}`;
    case "handler-enter":
      return `NDIS calls ${e.handler}(${formatArgs(e.args)}) [${e.roleType}] at ${formatIrql(e.irql)}`;
    case "handler-exit":
      return e.result === null ? `${e.handler} returned` : `${e.handler} returned ${formatResult(e.result)}`;
    case "state":
      return `${e.object}: ${e.from} -> ${e.to}`;
    case "alloc":
      return `block #${e.block} '${e.tag}' ${e.length} bytes allocated by ${e.owner}${e.subject === null ? "" : ` for ${e.subject}`}`;
    case "free":
      return `block #${e.block} of ${e.owner} freed`;
    case "contract":
      return `core reports ${e.code} (${e.level}): ${e.message}`;
    case "task":
      return `scheduler runs task "${e.label}"`;
    case "note":
      return `note: ${e.message}`;
    default: {
      // Event kinds the core adds later (frames, …) print generically until they get a line.
      const fields = Object.entries(e).filter(
        ([k]) => !["type", "seq", "time", "host", "driver", "depth"].includes(k),
      );
      const shown = fields.map(
        ([k, v]) => `${k}=${v instanceof Uint8Array ? `<${v.length} bytes>` : String(v)}`,
      );
      return `${(e as { type: string }).type} ${shown.join(", ")}`;
    }
  }
}
