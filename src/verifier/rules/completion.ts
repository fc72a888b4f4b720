/**
 * Completion contracts: each pended request completed exactly once, only after PENDING, never
 * with PENDING as its status, with the status its page allows, on the object of that request.
 * The handlers in scope are those whose requests the model implements; their completion DDIs
 * come from the role-type annotations (`completedBy`).
 */
import type { NdisEvent } from "../../ndis/index.ts";
import { completionsOf, completionsOfAll, isPending, statusOf } from "../annotations.ts";
import type { Site } from "../host-view.ts";
import { defineRule, type Finding, type Rule } from "../rule.ts";
import { completionFault, fromDdi } from "./match.ts";

/**
 * The handlers that may pend whose requests the model implements today (SAP register and
 * deregister, AF open and close, CM-initiated close, bind and unbind, VC activation and
 * deactivation at the miniport, OID requests to a protocol or a miniport, make-call, close-call
 * and incoming call, add and drop party, client-requested QoS changes).
 */
export const PENDABLE_HANDLERS = [
  "ProtocolCmRegisterSap",
  "ProtocolCmDeregisterSap",
  "ProtocolCmOpenAf",
  "ProtocolCmCloseAf",
  "ProtocolClNotifyCloseAf",
  "ProtocolBindAdapterEx",
  "ProtocolUnbindAdapterEx",
  "MiniportCoActivateVc",
  "MiniportCoDeactivateVc",
  "ProtocolCoOidRequest",
  "MiniportCoOidRequest",
  "ProtocolCmMakeCall",
  "ProtocolCmCloseCall",
  "ProtocolClIncomingCall",
  "ProtocolCmAddParty",
  "ProtocolCmDropParty",
  "ProtocolCmModifyCallQoS",
] as const;

/**
 * Handlers whose completion inside the handler the core accepts whatever the handler returns
 * next (it treats the request as pended), so the verifier checks the return itself. For the
 * others the core reports a non-PENDING return after such a completion (double-completion).
 */
const INSIDE_UNCHECKED: ReadonlySet<string> = new Set([
  "MiniportCoActivateVc",
  "MiniportCoDeactivateVc",
  "ProtocolCoOidRequest",
  "MiniportCoOidRequest",
]);

const ALL = { ddis: completionsOfAll(PENDABLE_HANDLERS), handlers: [...PENDABLE_HANDLERS] };
const REFERENCE = "docs/semantics.md Q13, OQ-17";

/** A handler that completed its request inside and then returned something other than PENDING. */
function completedInsideThenReturned(e: NdisEvent, site: Site): Finding | undefined {
  if (e.type !== "handler-exit" || !INSIDE_UNCHECKED.has(e.handler)) return undefined;
  const request = site.handler?.request;
  if (request?.completedInside !== true || isPending(statusOf(e.result))) return undefined;
  return {
    event: e,
    message: `${e.handler} completed its request inside the handler (${request.completion?.ddi ?? "its completion"}), then returned a final status: the request is completed twice`,
    object: request.key,
  };
}

/** The completion rules. */
export const COMPLETION_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-CMP-001",
    name: "Completion_ExactlyOnce",
    statement:
      "A pended request is completed exactly once: no second …Complete, and no non-PENDING return after completing inside the handler.",
    category: "completion",
    level: "must",
    reference: REFERENCE,
    covers: ALL,
    monitor: {
      event: completedInsideThenReturned,
      contract: (c, site) => completionFault(c, site) === "double",
    },
  }),
  defineRule({
    id: "CONDIS-CMP-002",
    name: "Completion_OnlyAfterPending",
    statement: "A …Complete is called only for a request whose handler returned NDIS_STATUS_PENDING.",
    category: "completion",
    level: "must",
    reference: REFERENCE,
    covers: ALL,
    monitor: { contract: (c, site) => completionFault(c, site) === "without-pending" },
  }),
  defineRule({
    id: "CONDIS-CMP-003",
    name: "Completion_StatusNotPending",
    statement: "A …Complete never passes NDIS_STATUS_PENDING as the final status.",
    category: "completion",
    level: "must",
    reference: REFERENCE,
    covers: ALL,
    monitor: { contract: (c) => c.code === "completion-with-pending-status" },
  }),
  defineRule({
    id: "CONDIS-CMP-004",
    name: "Completion_MatchesRequest",
    statement:
      "A …Complete names the object of the request it completes, not one whose outstanding request is of another kind.",
    category: "completion",
    level: "must",
    reference: REFERENCE,
    covers: ALL,
    monitor: { contract: (c, site) => completionFault(c, site) === "other-request" },
  }),
  defineRule({
    id: "CONDIS-CMP-005",
    name: "DeregisterSapComplete_Success",
    statement: "Ndis(M)CmDeregisterSapComplete is called only with NDIS_STATUS_SUCCESS.",
    category: "completion",
    level: "must",
    reference: "docs/semantics.md Q4",
    covers: { ddis: completionsOf("ProtocolCmDeregisterSap"), handlers: ["ProtocolCmDeregisterSap"] },
    monitor: { contract: (c) => c.code === "deregister-sap-complete-not-success" },
  }),
  defineRule({
    id: "CONDIS-CMP-006",
    name: "CloseAfComplete_Success",
    statement: "Ndis(M)CmCloseAddressFamilyComplete is called only with NDIS_STATUS_SUCCESS.",
    category: "completion",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: completionsOf("ProtocolCmCloseAf"), handlers: ["ProtocolCmCloseAf"] },
    monitor: {
      contract: (c) => c.code === "wrong-state" && fromDdi(c, ...completionsOf("ProtocolCmCloseAf")),
    },
  }),
  defineRule({
    id: "CONDIS-CMP-007",
    name: "CmCloseAf_DocumentedStatus",
    statement:
      "ProtocolCmCloseAf returns NDIS_STATUS_SUCCESS, NDIS_STATUS_PENDING or NDIS_STATUS_NOT_ACCEPTED.",
    category: "completion",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: [], handlers: ["ProtocolCmCloseAf"] },
    monitor: {
      contract: (c, site) =>
        c.code === "wrong-state" && c.ddi === null && site.lastExit?.handler === "ProtocolCmCloseAf",
    },
  }),
];
