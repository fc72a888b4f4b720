/**
 * The verifier's window on the role-type annotations (src/ndis/*-descriptors.ts) and on the
 * summaries events carry. Rules read IRQLs, completions and required handlers from here instead
 * of repeating them.
 */
import { DDIS, type DdiDescriptor } from "../ndis/ddi-descriptors.ts";
import type { ArgSummary } from "../ndis/events.ts";
import type { HandleKind } from "../ndis/handle.ts";
import { HANDLERS, type HandlerDescriptor } from "../ndis/handler-descriptors.ts";
import * as ndis from "../ndis/index.ts";
import { NDIS_STATUS_PENDING } from "../ndis/status.ts";

/** The annotations of a DDI, if the model describes it. */
export function ddiDescriptor(name: string): DdiDescriptor | undefined {
  return (DDIS as Readonly<Record<string, DdiDescriptor>>)[name];
}

/** The annotations of a handler, if the model describes it. */
export function handlerDescriptor(name: string): HandlerDescriptor | undefined {
  return (HANDLERS as Readonly<Record<string, HandlerDescriptor>>)[name];
}

/** True when the model implements the DDI (the NDIS library exports a function of that name). */
export function isImplemented(ddi: string): boolean {
  return typeof (ndis as Readonly<Record<string, unknown>>)[ddi] === "function";
}

/** Every described DDI the model implements, in descriptor order. */
export function implementedDdis(): string[] {
  return Object.keys(DDIS).filter(isImplemented);
}

/** Every described handler, in descriptor order. */
export function allHandlers(): string[] {
  return Object.keys(HANDLERS);
}

/** The DDIs that complete `handler` after it returned PENDING, as its role type says. */
export function completionsOf(handler: string): string[] {
  return [...(handlerDescriptor(handler)?.completedBy ?? [])].filter(isImplemented);
}

/** The completion DDIs of several handlers, deduplicated, in order. */
export function completionsOfAll(handlers: readonly string[]): string[] {
  return [...new Set(handlers.flatMap(completionsOf))];
}

/** Every kind of handle NDIS issues; `satisfies` keeps the list in step with HandleKind. */
const HANDLE_KINDS = [
  "Protocol",
  "MiniportDriver",
  "Miniport",
  "Binding",
  "BindContext",
  "UnbindContext",
  "Af",
  "Sap",
  "Vc",
  "Party",
] as const satisfies readonly HandleKind[];

const HANDLE_SUMMARY = new RegExp(`^(?:${HANDLE_KINDS.join("|")}) \\d+\\.\\d+$`);

/** True for the summary of an NDIS handle in an event ("Sap 3.1": kind, slot, generation). */
export function isHandleSummary(value: ArgSummary | undefined): value is string {
  return typeof value === "string" && HANDLE_SUMMARY.test(value);
}

/** The first NDIS handle among an event's arguments: the object the call is about. */
export function handleKeyOf(args: Readonly<Record<string, ArgSummary>>): string | undefined {
  for (const value of Object.values(args)) if (isHandleSummary(value)) return value;
  return undefined;
}

/** The kind of a handle summary or an object name ("Sap 3.1" and "Sap 5" are both "Sap"). */
export function kindOf(name: string): string {
  const space = name.indexOf(" ");
  return space < 0 ? name : name.slice(0, space);
}

/** The NDIS_STATUS a handler or DDI returned: the value itself, or its `status` field. */
export function statusOf(result: ArgSummary | undefined): number | undefined {
  if (typeof result === "number") return result;
  if (typeof result === "object" && result !== null && !Array.isArray(result)) {
    const status = (result as Readonly<Record<string, ArgSummary>>).status;
    if (typeof status === "number") return status;
  }
  return undefined;
}

/** True when a status is NDIS_STATUS_PENDING. */
export function isPending(status: number | undefined): boolean {
  return status === NDIS_STATUS_PENDING;
}

/** Follows a path of field names into an argument summary. */
export function field(value: ArgSummary | undefined, ...path: readonly string[]): ArgSummary | undefined {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = (current as Readonly<Record<string, ArgSummary>>)[key];
  }
  return current;
}
