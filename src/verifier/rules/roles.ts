/** Role rules: the stand-alone and MCM forms, required handlers, registered roles, parameters, exceptions. */
import {
  allHandlers,
  completionsOfAll,
  ddiDescriptor,
  handlerDescriptor,
  implementedDdis,
} from "../annotations.ts";
import { defineRule, type Rule } from "../rule.ts";
import { fromDdi, roleFault } from "./match.ts";

const REGISTRATION = ["NdisRegisterProtocolDriver", "NdisMRegisterMiniportDriver", "NdisSetOptionalHandlers"];
const ROLE_CHECKED = [
  "NdisCmRegisterAddressFamilyEx",
  "NdisMCmRegisterAddressFamilyEx",
  "NdisClOpenAddressFamilyEx",
];
/** DDIs whose parameter checks are reported as bad-parameter (other than registration and NdisFreeMemory). */
const PARAMETER_CHECKED = dedupe([
  "NdisClRegisterSap",
  "NdisCmRegisterAddressFamilyEx",
  "NdisMCmRegisterAddressFamilyEx",
  "NdisAllocateMemoryWithTagPriority",
  "NdisMSetMiniportAttributes",
  "NdisSetOptionalHandlers",
  "NdisCoCreateVc",
  "NdisCoOidRequest",
  "NdisAllocateNetBufferAndNetBufferList",
  "NdisMCoIndicateReceiveNetBufferLists",
  "NdisWriteErrorLogEntry",
  "NdisAllocateNetBufferListPool",
  "NdisAllocateTimerObject",
  "NdisSetTimerObject",
  "NdisQueueIoWorkItem",
  "NdisClMakeCall",
  "NdisCmActivateVc",
  "NdisMCmActivateVc",
  "NdisMCmOidRequest",
  "NdisMCoIndicateStatusEx",
  "NdisCmDispatchIncomingCloseCall",
  "NdisMCmDispatchIncomingCloseCall",
  "NdisCmDispatchIncomingDropParty",
  "NdisMCmDispatchIncomingDropParty",
  // A completion whose Status is no NDIS_STATUS (cm-checks.ts completesWithPending).
  ...completionsOfAll(allHandlers()),
]);

function dedupe(names: readonly string[]): string[] {
  return [...new Set(names)];
}

const byCaller = (caller: string) => implementedDdis().filter((d) => ddiDescriptor(d)?.caller === caller);

/** The role rules. */
export const ROLE_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-ROLE-001",
    name: "Cm_StandAloneForms",
    statement: "A stand-alone call manager calls the NdisCm* forms, never the NdisMCm* forms of an MCM.",
    category: "roles",
    level: "semantics",
    reference: "docs/semantics.md Q14",
    covers: { ddis: byCaller("mcm"), handlers: [] },
    monitor: { contract: (c) => c.code === "wrong-form" && c.ddi?.startsWith("NdisMCm") === true },
  }),
  defineRule({
    id: "CONDIS-ROLE-002",
    name: "Mcm_MiniportForms",
    statement: "An MCM calls the NdisMCm* forms, never the stand-alone NdisCm* forms.",
    category: "roles",
    level: "semantics",
    reference: "docs/semantics.md Q14",
    covers: { ddis: byCaller("call-manager"), handlers: [] },
    monitor: { contract: (c) => c.code === "wrong-form" && c.ddi?.startsWith("NdisCm") === true },
  }),
  defineRule({
    id: "CONDIS-ROLE-003",
    name: "Characteristics_RequiredHandlers",
    statement:
      "A driver registers every required handler of its role (non-NULL entries in each characteristics structure).",
    category: "roles",
    level: "must",
    reference: "docs/semantics.md 'Required handlers'",
    covers: {
      ddis: REGISTRATION,
      handlers: allHandlers().filter((h) => handlerDescriptor(h)?.required === true),
    },
    monitor: { contract: (c) => c.code === "missing-handler" },
  }),
  defineRule({
    id: "CONDIS-ROLE-004",
    name: "Role_RegisteredBeforeUse",
    statement:
      "A driver calls call-manager or client DDIs only for a role it registered (call-manager or client handlers, or an MCM).",
    category: "roles",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: ROLE_CHECKED, handlers: [] },
    monitor: { contract: (c, site) => roleFault(c, site) },
  }),
  defineRule({
    id: "CONDIS-ROLE-005",
    name: "Mcm_NoCoSendNetBufferLists",
    statement:
      "An MCM never calls NdisCoSendNetBufferLists: it transmits on its medium directly, signalling included.",
    category: "roles",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisCoSendNetBufferLists"], handlers: [] },
    monitor: { contract: (c) => c.code === "mcm-used-co-send" },
  }),
  defineRule({
    id: "CONDIS-ROLE-006",
    name: "CallManager_SignalingVcOnly",
    statement:
      "A stand-alone call manager reaches the network only through the signaling VCs it created with a NULL AF handle, never by sending on a client's VC.",
    category: "roles",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisCoSendNetBufferLists"], handlers: [] },
    monitor: { contract: (c) => c.code === "cm-send-off-signaling" },
  }),
  defineRule({
    id: "CONDIS-PRM-001",
    name: "Parameter_WellFormed",
    statement:
      "Structures passed to NDIS are well formed (CO_SAP, CO_ADDRESS_FAMILY, attributes, optional handlers, lengths, NBL chains and counts, the AF a VC or OID names).",
    category: "roles",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: PARAMETER_CHECKED, handlers: [] },
    monitor: { contract: (c) => c.code === "bad-parameter" && fromDdi(c, ...PARAMETER_CHECKED) },
  }),
  defineRule({
    id: "CONDIS-DRV-001",
    name: "Handler_Returns",
    statement: "A handler returns to NDIS: it never throws (a C driver would bug-check).",
    category: "roles",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: [], handlers: allHandlers() },
    monitor: { contract: (c) => c.code === "driver-exception" },
  }),
];
