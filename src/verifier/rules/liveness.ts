/**
 * Liveness at quiescence: when the caller reports the scheduler idle, every request whose handler
 * returned NDIS_STATUS_PENDING must have been completed. A run stopped by a step limit is not
 * quiescent and is reported separately (Verifier.checkQuiescence), never as this violation.
 */
import { completionsOf, completionsOfAll } from "../annotations.ts";
import type { HostView } from "../host-view.ts";
import { defineRule, type Finding, type Rule } from "../rule.ts";
import { PENDABLE_HANDLERS } from "./completion.ts";

function findings(views: readonly HostView[]): Finding[] {
  return views.flatMap((view) =>
    view.requests.outstanding().map((r) => {
      const object = view.objectOf(r.key);
      const named = object === undefined ? r.key : `${r.key} (${object})`;
      return {
        event: r.exit ?? r.enter,
        message: `${r.handler} returned NDIS_STATUS_PENDING for ${named} and ${completionsOf(r.handler).join(" / ") || "its completion"} was never called; the system is idle`,
        object: r.key,
      };
    }),
  );
}

/** The liveness rules. */
export const LIVENESS_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-LIVE-001",
    name: "Pended_CompletedAtQuiescence",
    statement:
      "When the system is idle, no request is left pending: every handler that returned NDIS_STATUS_PENDING has been completed.",
    category: "liveness",
    level: "must",
    reference: "condis-sap-af.md §4.8, §4.13; issue 7 (liveness at quiescence)",
    covers: { ddis: completionsOfAll(PENDABLE_HANDLERS), handlers: [...PENDABLE_HANDLERS] },
    monitor: { quiescence: findings },
  }),
];
