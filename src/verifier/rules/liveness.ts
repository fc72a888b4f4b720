/**
 * Liveness at quiescence: when the caller reports the scheduler idle, every request whose handler
 * returned NDIS_STATUS_PENDING must have been completed, and every NBL must be back with its
 * owner. A run stopped by a step limit is not quiescent and is reported separately
 * (Verifier.checkQuiescence), never as these violations.
 */
import type { NdisEvent } from "../../ndis/index.ts";
import { completionsOf, completionsOfAll } from "../annotations.ts";
import type { HostView } from "../host-view.ts";
import type { OutstandingNbl } from "../object-states.ts";
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

const HOLDER = /^(sent|indicated) on (\S+ \d+)$/;

/** Per holder kind: the handler that took the NBLs, and the call that gives them back. */
const OWED = {
  sent: { handler: "MiniportCoSendNetBufferLists", back: "NdisMCoSendNetBufferListsComplete" },
  indicated: { handler: "ProtocolCoReceiveNetBufferLists", back: "NdisReturnNetBufferLists" },
} as const;

/**
 * The NBLs a live host lists as not with their owner, one finding per VC and direction. The
 * offence is the last return of the handler that took them (the miniport's send handler, the
 * protocol's receive handler) on that VC.
 */
function nblFindings(views: readonly HostView[]): Finding[] {
  return views.flatMap((view) => {
    const groups = new Map<string, OutstandingNbl[]>();
    for (const nbl of view.objects.outstandingNbls() ?? []) {
      const list = groups.get(nbl.holder) ?? [];
      list.push(nbl);
      groups.set(nbl.holder, list);
    }
    return [...groups].flatMap(([holder, nbls]): Finding[] => {
      const [, kind, vc] = HOLDER.exec(holder) ?? [];
      const owed = kind === "sent" || kind === "indicated" ? OWED[kind] : undefined;
      // Before the verifier attached, the stream showed no such return: blame the latest event.
      const event: NdisEvent | undefined =
        (owed !== undefined && vc !== undefined ? view.objects.lastExit(owed.handler, vc) : undefined) ??
        view.lastEvent();
      if (event === undefined) return [];
      const owners = [...new Set(nbls.map((n) => n.owner))].join(", ");
      const ids = nbls.map((n) => n.id).join(", ");
      return [
        {
          event,
          message: `${nbls.length} NBL(s) of "${owners}" (${ids}) still ${holder}${owed === undefined ? "" : `: ${owed.back} was never called for them`}; the system is idle`,
          object: vc ?? null,
        },
      ];
    });
  });
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
    reference: "docs/semantics.md",
    covers: { ddis: completionsOfAll(PENDABLE_HANDLERS), handlers: [...PENDABLE_HANDLERS] },
    monitor: { quiescence: findings },
  }),
  defineRule({
    id: "CONDIS-LIVE-002",
    name: "NetBufferLists_BackAtQuiescence",
    statement:
      "When the system is idle, every NBL is back with its owner: each send completed by the miniport, each receive returned by the protocol.",
    category: "liveness",
    level: "must",
    reference: "docs/semantics.md 'Ownership of NBLs'",
    covers: {
      ddis: ["NdisMCoSendNetBufferListsComplete", "NdisReturnNetBufferLists"],
      handlers: ["MiniportCoSendNetBufferLists", "ProtocolCoReceiveNetBufferLists"],
    },
    monitor: { quiescence: nblFindings },
  }),
];
