/**
 * VC life-time rules: who deletes a VC and when (deactivated, its call closed), handlers that
 * must answer at once, VC creation on an open AF, and the data path against the VC's state (a
 * miniport indicates only on an active VC and finishes its sends before a deactivation completes;
 * a protocol sends only on an active VC).
 */
import type { NdisEvent } from "../../ndis/index.ts";
import { handleKeyOf, isPending, statusOf } from "../annotations.ts";
import type { Site } from "../host-view.ts";
import { defineRule, type Finding, type Rule } from "../rule.ts";
import { CALL_VC_SITES, callStateOf, fromDdi, insideDdi, vcHasCall } from "./match.ts";

const DELETE = ["NdisCoDeleteVc", "NdisMCmDeleteVc"];
const CREATE = ["NdisCoCreateVc", "NdisMCmCreateVc"];
const NEVER_PENDING = [
  "ProtocolCoCreateVc",
  "MiniportCoCreateVc",
  "ProtocolCoDeleteVc",
  "MiniportCoDeleteVc",
];
/** The never-pending handlers whose PENDING return the core does not report itself. */
const UNCHECKED_NEVER_PENDING: ReadonlySet<string> = new Set(["ProtocolCoDeleteVc", "MiniportCoDeleteVc"]);

/**
 * The creator deletes a VC that is still deactivating: the core answers NDIS_STATUS_CLOSING
 * without a report (a delete by another driver is the creator rule's, an active VC the core's).
 */
function deleteWhileDeactivating(e: NdisEvent, site: Site): Finding | undefined {
  if (e.type !== "ddi-call" || !DELETE.includes(e.ddi)) return undefined;
  const key = handleKeyOf(e.args);
  const object = key === undefined ? undefined : site.view.objectOf(key);
  if (key === undefined || object === undefined || site.view.stateOfKey(key) !== "Deactivating")
    return undefined;
  // With a call still on the VC the core reports the delete itself (CONDIS-VC-008).
  if (callStateOf(site, object) !== "None") return undefined;
  const creator = site.view.objects.creatorOf(object);
  if (creator !== undefined && creator !== null && e.driver !== null && e.driver !== creator)
    return undefined;
  return {
    event: e,
    message: `${e.ddi} on ${object} while its deactivation is pending: delete a VC only once Ndis(M)CmDeactivateVc has completed`,
    object,
  };
}

/** A delete handler that returned PENDING (the core takes it as a refusal and says nothing). */
function deletePended(e: NdisEvent, site: Site): Finding | undefined {
  if (e.type !== "handler-exit" || !UNCHECKED_NEVER_PENDING.has(e.handler)) return undefined;
  if (!isPending(statusOf(e.result))) return undefined;
  const object = site.handler?.event.object ?? null;
  return {
    event: e,
    message: `${e.handler} of "${e.driver ?? "?"}" returned NDIS_STATUS_PENDING${object === null ? "" : ` for ${object}`}; it must answer at once`,
    object,
  };
}

/** The VC rules. */
export const VC_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-VC-001",
    name: "Vc_DeleteByCreator",
    statement:
      "Only the driver that created a VC deletes it, with the form it created it with (NdisCoDeleteVc or NdisMCmDeleteVc).",
    category: "vc",
    level: "must",
    reference: "docs/semantics.md 'Only the creator deletes'",
    covers: { ddis: DELETE, handlers: ["ProtocolCoDeleteVc"] },
    monitor: { contract: (c) => c.code === "vc-delete-by-non-creator" },
  }),
  defineRule({
    id: "CONDIS-VC-002",
    name: "Vc_DeleteAfterDeactivate",
    statement:
      "A VC is deleted only once it is deactivated: never while it is active, activating or deactivating.",
    category: "vc",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: DELETE, handlers: [] },
    monitor: {
      event: deleteWhileDeactivating,
      contract: (c, site) => c.code === "wrong-state" && fromDdi(c, ...DELETE) && !vcHasCall(c, site),
    },
  }),
  defineRule({
    id: "CONDIS-VC-003",
    name: "CreateDeleteVc_NeverPending",
    statement:
      "ProtocolCoCreateVc, MiniportCoCreateVc, ProtocolCoDeleteVc and MiniportCoDeleteVc answer at once, never with NDIS_STATUS_PENDING.",
    category: "vc",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: [...CREATE, ...DELETE], handlers: NEVER_PENDING },
    monitor: {
      event: deletePended,
      contract: (c) => c.code === "pending-from-never-pending-handler",
    },
  }),
  defineRule({
    id: "CONDIS-VC-004",
    name: "DeactivateVc_AfterSendsComplete",
    statement:
      "A miniport completes every send on a VC (NdisMCoSendNetBufferListsComplete) before it completes the VC's deactivation.",
    category: "vc",
    level: "must",
    reference: "docs/semantics.md 'A deactivation with sends in flight'",
    covers: {
      ddis: ["NdisMCoDeactivateVcComplete", "NdisMCoSendNetBufferListsComplete", "NdisMCmDeactivateVc"],
      handlers: ["MiniportCoDeactivateVc"],
    },
    monitor: {
      contract: (c, site) =>
        c.code === "vc-not-ready" && c.ddi === null && !insideDdi(site, ...CALL_VC_SITES),
    },
  }),
  defineRule({
    id: "CONDIS-VC-005",
    name: "IndicateReceive_OnActiveVc",
    statement: "A miniport indicates receives (NdisMCoIndicateReceiveNetBufferLists) only on an active VC.",
    category: "vc",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisMCoIndicateReceiveNetBufferLists"], handlers: ["ProtocolCoReceiveNetBufferLists"] },
    monitor: {
      contract: (c) => c.code === "vc-not-ready" && fromDdi(c, "NdisMCoIndicateReceiveNetBufferLists"),
    },
  }),
  defineRule({
    id: "CONDIS-VC-006",
    name: "Send_OnActiveVc",
    statement:
      "A protocol sends only on an active VC (otherwise NDIS completes each NBL with NDIS_STATUS_VC_NOT_ACTIVATED).",
    category: "vc",
    level: "semantics",
    reference: "docs/semantics.md OQ-10",
    covers: { ddis: ["NdisCoSendNetBufferLists"], handlers: ["ProtocolCoSendNetBufferListsComplete"] },
    monitor: { contract: (c) => c.code === "vc-not-ready" && fromDdi(c, "NdisCoSendNetBufferLists") },
  }),
  defineRule({
    id: "CONDIS-VC-007",
    name: "CreateVc_OnOpenAf",
    statement: "NdisCoCreateVc names an address family that is open (not opening or closing).",
    category: "vc",
    level: "semantics",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisCoCreateVc"], handlers: [] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, "NdisCoCreateVc") },
  }),
  defineRule({
    id: "CONDIS-VC-008",
    name: "Vc_DeleteAfterCloseCall",
    statement:
      "A VC is deleted only once its call is closed: never while a make-call, an incoming call, an established call or a close is outstanding on it.",
    category: "vc",
    level: "must",
    reference: "OQ-2, OQ-3",
    covers: { ddis: DELETE, handlers: ["ProtocolClCloseCallComplete"] },
    monitor: {
      contract: (c, site) => c.code === "wrong-state" && fromDdi(c, ...DELETE) && vcHasCall(c, site),
    },
  }),
];
