/**
 * Completion contracts: each pended request completed exactly once, only after PENDING, never
 * with PENDING as its status, with the status its page allows, on the object of that request.
 * The handlers in scope are those whose requests the model implements; their completion DDIs
 * come from the role-type annotations (`completedBy`).
 */
import { completionsOf, completionsOfAll } from "../annotations.ts";
import { defineRule, type Rule } from "../rule.ts";
import { completionFault, fromDdi } from "./match.ts";

/**
 * The handlers that may pend whose requests the model implements today (SAP register and
 * deregister, AF open and close, CM-initiated close, bind and unbind). Calls, parties, VC
 * activation and OID requests join when the core implements them.
 */
export const PENDABLE_HANDLERS = [
  "ProtocolCmRegisterSap",
  "ProtocolCmDeregisterSap",
  "ProtocolCmOpenAf",
  "ProtocolCmCloseAf",
  "ProtocolClNotifyCloseAf",
  "ProtocolBindAdapterEx",
  "ProtocolUnbindAdapterEx",
] as const;

const ALL = { ddis: completionsOfAll(PENDABLE_HANDLERS), handlers: [...PENDABLE_HANDLERS] };
const REFERENCE = "condis-sap-af.md §4.4, §4.8, §4.13; docs/semantics.md Q13";

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
    monitor: { contract: (c, site) => completionFault(c, site) === "double" },
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
    reference: "condis-sap-af.md §4.8; docs/semantics.md Q4",
    covers: { ddis: completionsOf("ProtocolCmDeregisterSap"), handlers: ["ProtocolCmDeregisterSap"] },
    monitor: { contract: (c) => c.code === "deregister-sap-complete-not-success" },
  }),
  defineRule({
    id: "CONDIS-CMP-006",
    name: "CloseAfComplete_Success",
    statement: "Ndis(M)CmCloseAddressFamilyComplete is called only with NDIS_STATUS_SUCCESS.",
    category: "completion",
    level: "must",
    reference: "condis-sap-af.md §3.5",
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
    reference: "condis-sap-af.md §3.5, §7",
    covers: { ddis: [], handlers: ["ProtocolCmCloseAf"] },
    monitor: {
      contract: (c, site) =>
        c.code === "wrong-state" && c.ddi === null && site.lastExit?.handler === "ProtocolCmCloseAf",
    },
  }),
];
