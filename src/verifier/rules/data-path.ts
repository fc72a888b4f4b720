/**
 * NET_BUFFER_LIST ownership rules: every NBL has one holder at a time (its owner, the miniport it
 * was sent to, or the protocol it was indicated to) and goes back exactly once, to its owner.
 * The core's nbl-ownership and nbl-double-completion reports are told apart by the DDI that made
 * them; the NBLs still out at quiescence are the liveness rule's (liveness.ts).
 */
import { defineRule, type Rule } from "../rule.ts";
import { fromDdi } from "./match.ts";

const REFERENCE = "docs/semantics.md 'Ownership of NBLs'";

/** The NBL rules. */
export const NBL_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-NBL-001",
    name: "SendNetBufferListsComplete_Once",
    statement:
      "A miniport completes each NBL sent to it exactly once, on the VC it was sent on (NdisMCoSendNetBufferListsComplete).",
    category: "data-path",
    level: "must",
    reference: REFERENCE,
    covers: {
      ddis: ["NdisMCoSendNetBufferListsComplete"],
      handlers: ["MiniportCoSendNetBufferLists", "ProtocolCoSendNetBufferListsComplete"],
    },
    monitor: {
      contract: (c) => c.code === "nbl-double-completion" && fromDdi(c, "NdisMCoSendNetBufferListsComplete"),
    },
  }),
  defineRule({
    id: "CONDIS-NBL-002",
    name: "ReturnNetBufferLists_OnlyIndicated",
    statement:
      "A protocol returns with NdisReturnNetBufferLists only NBLs indicated to it without NDIS_RECEIVE_FLAGS_RESOURCES, each exactly once.",
    category: "data-path",
    level: "must",
    reference: REFERENCE,
    covers: {
      ddis: ["NdisReturnNetBufferLists"],
      handlers: ["ProtocolCoReceiveNetBufferLists", "MiniportReturnNetBufferLists"],
    },
    monitor: {
      contract: (c) => c.code === "nbl-double-completion" && fromDdi(c, "NdisReturnNetBufferLists"),
    },
  }),
  defineRule({
    id: "CONDIS-NBL-003",
    name: "SendNetBufferLists_OnlyHeld",
    statement:
      "A protocol sends only NBLs it allocated and holds: not one still in flight, one indicated to it, or another driver's.",
    category: "data-path",
    level: "must",
    reference: REFERENCE,
    covers: { ddis: ["NdisCoSendNetBufferLists", "NdisAllocateNetBufferAndNetBufferList"], handlers: [] },
    monitor: { contract: (c) => c.code === "nbl-ownership" && fromDdi(c, "NdisCoSendNetBufferLists") },
  }),
  defineRule({
    id: "CONDIS-NBL-004",
    name: "IndicateReceive_OnlyHeld",
    statement: "A miniport indicates only NBLs it allocated and holds (not ones still indicated or foreign).",
    category: "data-path",
    level: "must",
    reference: REFERENCE,
    covers: {
      ddis: ["NdisMCoIndicateReceiveNetBufferLists", "NdisAllocateNetBufferAndNetBufferList"],
      handlers: [],
    },
    monitor: {
      contract: (c) => c.code === "nbl-ownership" && fromDdi(c, "NdisMCoIndicateReceiveNetBufferLists"),
    },
  }),
  defineRule({
    id: "CONDIS-NBL-005",
    name: "FreeNetBufferList_OnlyHeld",
    statement: "A driver frees an NBL once, and only while it holds it (not while it is sent or indicated).",
    category: "data-path",
    level: "must",
    reference: REFERENCE,
    covers: { ddis: ["NdisFreeNetBufferList"], handlers: [] },
    monitor: {
      contract: (c) =>
        (c.code === "nbl-ownership" || c.code === "double-free") && fromDdi(c, "NdisFreeNetBufferList"),
    },
  }),
  defineRule({
    id: "CONDIS-NBL-006",
    name: "NetBufferListPool_FreedEmpty",
    statement: "NdisFreeNetBufferListPool is called only once every NBL of the pool has been freed.",
    category: "data-path",
    level: "must",
    reference: REFERENCE,
    covers: { ddis: ["NdisFreeNetBufferListPool", "NdisFreeNetBufferList"], handlers: [] },
    monitor: { contract: (c) => c.code === "nbl-ownership" && fromDdi(c, "NdisFreeNetBufferListPool") },
  }),
  defineRule({
    id: "CONDIS-NBL-007",
    name: "SendNetBufferLists_SourceHandle",
    statement: "A protocol sets SourceHandle of every NBL it sends to the NdisVcHandle it sends on.",
    category: "data-path",
    level: "semantics",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisCoSendNetBufferLists"], handlers: [] },
    monitor: { contract: (c) => c.code === "bad-parameter" && fromDdi(c, "NdisCoSendNetBufferLists") },
  }),
];
