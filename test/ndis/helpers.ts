/** Small queries over a world's event stream for the NDIS tests. */
import type { NdisEvent } from "../../src/ndis/index.ts";

/** How many times NDIS entered `handler`. */
export function entries(events: readonly NdisEvent[], handler: string): number {
  return events.filter((e) => e.type === "handler-enter" && e.handler === handler).length;
}

/** The contract codes reported, in order. */
export function codes(events: readonly NdisEvent[]): string[] {
  return events.flatMap((e) => (e.type === "contract" ? [e.code] : []));
}

/** The handler-enter events of `handler`. */
export function handlerEntries(
  events: readonly NdisEvent[],
  handler: string,
): Extract<NdisEvent, { type: "handler-enter" }>[] {
  return events.filter(
    (e): e is Extract<NdisEvent, { type: "handler-enter" }> =>
      e.type === "handler-enter" && e.handler === handler,
  );
}

/** Index of the first event matching `pred` (throws when none). */
export function indexOf(events: readonly NdisEvent[], pred: (e: NdisEvent) => boolean): number {
  const i = events.findIndex(pred);
  if (i < 0) throw new Error("no such event");
  return i;
}
