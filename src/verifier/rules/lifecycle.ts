/** Registration, binding and miniport life-cycle rules. */
import { defineRule, type Rule } from "../rule.ts";
import { fromDdi } from "./match.ts";

const DEREGISTER = ["NdisDeregisterProtocolDriver", "NdisMDeregisterMiniportDriver"];
const REGISTER = ["NdisRegisterProtocolDriver", "NdisMRegisterMiniportDriver"];

/** The binding rules. */
export const BINDING_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-BND-001",
    name: "Unbind_ClosesBinding",
    statement: "ProtocolUnbindAdapterEx (or the unbind it pends) closes the binding with NdisCloseAdapterEx.",
    category: "lifecycle",
    level: "must",
    reference: "docs/semantics.md",
    covers: {
      ddis: ["NdisCloseAdapterEx", "NdisCompleteUnbindAdapterEx"],
      handlers: ["ProtocolUnbindAdapterEx"],
    },
    monitor: { contract: (c) => c.code === "unbind-without-close" },
  }),
  defineRule({
    id: "CONDIS-BND-002",
    name: "CloseAdapter_InUnbind",
    statement:
      "NdisCloseAdapterEx is called only on the unbind path (or by a failing bind); NdisUnbindAdapter asks for an unbind.",
    category: "lifecycle",
    level: "must",
    reference: "docs/semantics.md 'Open and close of adapters'",
    covers: { ddis: ["NdisCloseAdapterEx"], handlers: ["ProtocolUnbindAdapterEx", "ProtocolBindAdapterEx"] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, "NdisCloseAdapterEx") },
  }),
  defineRule({
    id: "CONDIS-BND-003",
    name: "Bind_StatusMatchesBinding",
    statement:
      "ProtocolBindAdapterEx succeeds only with its binding open, and fails only with its binding closed.",
    category: "lifecycle",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisOpenAdapterEx", "NdisCompleteBindAdapterEx"], handlers: ["ProtocolBindAdapterEx"] },
    monitor: {
      contract: (c, site) =>
        c.code === "wrong-state" &&
        c.ddi === null &&
        (site.lastExit?.handler === "ProtocolBindAdapterEx" ||
          site.ddi?.event.ddi === "NdisCompleteBindAdapterEx"),
    },
  }),
  defineRule({
    id: "CONDIS-BND-004",
    name: "OpenAdapter_InBind",
    statement: "NdisOpenAdapterEx is called once per bind, with the protocol's own BindContext.",
    category: "lifecycle",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisOpenAdapterEx"], handlers: ["ProtocolBindAdapterEx"] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, "NdisOpenAdapterEx") },
  }),
];

/** The driver-registration rules. */
export const REGISTRATION_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-REG-001",
    name: "SetOptionalHandlers_InSetOptions",
    statement: "NdisSetOptionalHandlers is called only from ProtocolSetOptions or MiniportSetOptions.",
    category: "lifecycle",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisSetOptionalHandlers"], handlers: ["ProtocolSetOptions", "MiniportSetOptions"] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, "NdisSetOptionalHandlers") },
  }),
  defineRule({
    id: "CONDIS-REG-002",
    name: "Deregister_AfterUnbind",
    statement: "A driver deregisters only once NDIS has unbound it everywhere (no binding, no adapter left).",
    category: "lifecycle",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: DEREGISTER, handlers: ["MiniportDriverUnload"] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, ...DEREGISTER) },
  }),
  defineRule({
    id: "CONDIS-REG-003",
    name: "Register_FromDriverEntry",
    statement:
      "A driver registers once, from its DriverEntry, with NDIS 6 characteristics and a protocol name of its own.",
    category: "lifecycle",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: REGISTER, handlers: [] },
    monitor: { contract: (c) => c.code === "bad-parameter" && fromDdi(c, ...REGISTER) },
  }),
];

/** The miniport rules. */
export const MINIPORT_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-MP-001",
    name: "MiniportInitialize_SetsAttributes",
    statement:
      "A MiniportInitializeEx that succeeds has set its adapter attributes with NdisMSetMiniportAttributes.",
    category: "lifecycle",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisMSetMiniportAttributes"], handlers: ["MiniportInitializeEx"] },
    monitor: {
      contract: (c, site) =>
        c.code === "wrong-state" && c.ddi === null && site.lastExit?.handler === "MiniportInitializeEx",
    },
  }),
  defineRule({
    id: "CONDIS-MP-002",
    name: "SetMiniportAttributes_InInitialize",
    statement: "NdisMSetMiniportAttributes is called only from MiniportInitializeEx.",
    category: "lifecycle",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisMSetMiniportAttributes"], handlers: ["MiniportInitializeEx"] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, "NdisMSetMiniportAttributes") },
  }),
];
