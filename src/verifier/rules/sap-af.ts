/** SAP and address-family ordering rules: the documented MUSTs and the docs/semantics.md choices. */
import { completionsOf } from "../annotations.ts";
import { defineRule, type Rule } from "../rule.ts";
import { fromDdi } from "./match.ts";

const NOTIFY = ["NdisCmNotifyCloseAddressFamily", "NdisMCmNotifyCloseAddressFamily"];
const REGISTER_AF = ["NdisCmRegisterAddressFamilyEx", "NdisMCmRegisterAddressFamilyEx"];

/** The SAP rules. */
export const SAP_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-SAP-001",
    name: "Sap_DeregisterAfterRegistration",
    statement: "NdisClDeregisterSap is not called while the SAP's registration is still pending.",
    category: "sap",
    level: "semantics",
    reference: "docs/semantics.md Q3",
    covers: { ddis: ["NdisClDeregisterSap"], handlers: ["ProtocolClRegisterSapComplete"] },
    monitor: { contract: (c) => c.code === "deregister-while-registering" },
  }),
  defineRule({
    id: "CONDIS-SAP-002",
    name: "Sap_CmDeregisterSucceeds",
    statement:
      "A call manager does not fail ProtocolCmDeregisterSap: it answers SUCCESS, or PENDING then SUCCESS.",
    category: "sap",
    level: "semantics",
    reference: "docs/semantics.md Q4",
    covers: { ddis: completionsOf("ProtocolCmDeregisterSap"), handlers: ["ProtocolCmDeregisterSap"] },
    monitor: { contract: (c) => c.code === "cm-failed-deregistration" },
  }),
  defineRule({
    id: "CONDIS-SAP-003",
    name: "Sap_CallMgrSapContextAgrees",
    statement:
      "A registration completed inside ProtocolCmRegisterSap returns the CallMgrSapContext it gave the completion.",
    category: "sap",
    level: "semantics",
    reference: "docs/semantics.md Q13",
    covers: { ddis: completionsOf("ProtocolCmRegisterSap"), handlers: ["ProtocolCmRegisterSap"] },
    monitor: { contract: (c) => c.code === "sap-context-mismatch" },
  }),
  defineRule({
    id: "CONDIS-SAP-004",
    name: "Sap_RegisterOnOpenAf",
    statement: "NdisClRegisterSap is called only on an address family that is open (not opening or closing).",
    category: "sap",
    level: "semantics",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisClRegisterSap"], handlers: [] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, "NdisClRegisterSap") },
  }),
];

/** The address-family rules. */
export const AF_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-AF-001",
    name: "Af_CloseWithoutSaps",
    statement: "A client deregisters its SAPs before it calls NdisClCloseAddressFamily.",
    category: "af",
    level: "semantics",
    reference: "docs/semantics.md Q8",
    covers: { ddis: ["NdisClCloseAddressFamily"], handlers: [] },
    monitor: { contract: (c) => c.code === "af-closed-with-saps" },
  }),
  defineRule({
    id: "CONDIS-AF-002",
    name: "Af_ClosedBeforeBindingCloses",
    statement: "A client closes every address family it opened on a binding before NdisCloseAdapterEx.",
    category: "af",
    level: "must",
    reference: "docs/semantics.md Q7",
    covers: { ddis: ["NdisCloseAdapterEx"], handlers: ["ProtocolUnbindAdapterEx"] },
    monitor: { contract: (c) => c.code === "binding-closed-with-open-afs" },
  }),
  defineRule({
    id: "CONDIS-AF-003",
    name: "Af_NotifyCloseBeforeUnbind",
    statement:
      "A call manager has every client close its AF (Ndis(M)CmNotifyCloseAddressFamily) before its binding closes or it halts.",
    category: "af",
    level: "must",
    reference: "docs/semantics.md Q7",
    covers: {
      ddis: [...NOTIFY, "NdisCloseAdapterEx"],
      handlers: ["ProtocolUnbindAdapterEx", "MiniportHaltEx"],
    },
    monitor: { contract: (c) => c.code === "notify-close-not-issued" },
  }),
  defineRule({
    id: "CONDIS-AF-004",
    name: "Af_CloseOnce",
    statement: "NdisClCloseAddressFamily is called only on an open address family, once.",
    category: "af",
    level: "semantics",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisClCloseAddressFamily"], handlers: [] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, "NdisClCloseAddressFamily") },
  }),
  defineRule({
    id: "CONDIS-AF-005",
    name: "Af_NotifyCloseOnce",
    statement:
      "Ndis(M)CmNotifyCloseAddressFamily is called only on an open address family with no notification outstanding.",
    category: "af",
    level: "semantics",
    reference: "docs/semantics.md",
    covers: { ddis: NOTIFY, handlers: ["ProtocolClNotifyCloseAf"] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, ...NOTIFY) },
  }),
  defineRule({
    id: "CONDIS-AF-006",
    name: "Af_OneCallManagerPerAdapter",
    statement: "Only one call manager registers a given address family on an adapter.",
    category: "af",
    level: "semantics",
    reference: "docs/semantics.md",
    covers: { ddis: REGISTER_AF, handlers: [] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, ...REGISTER_AF) },
  }),
  defineRule({
    id: "CONDIS-AF-007",
    name: "Af_CloseWithoutVcs",
    statement: "A client deletes the VCs of an address family before it calls NdisClCloseAddressFamily.",
    category: "af",
    level: "semantics",
    reference: "docs/semantics.md 'An AF that still has VCs'",
    covers: { ddis: ["NdisClCloseAddressFamily", "NdisCoDeleteVc", "NdisMCmDeleteVc"], handlers: [] },
    monitor: { contract: (c) => c.code === "af-closed-with-vcs" },
  }),
];
