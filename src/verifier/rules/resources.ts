/** Memory rules: the per-SAP area, leaks at unload, double and foreign frees. */
import { completionsOf } from "../annotations.ts";
import { defineRule, type Rule } from "../rule.ts";
import { fromDdi } from "./match.ts";

/** The memory rules. */
export const RESOURCE_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-MEM-001",
    name: "Sap_AreaFreedAtDeregistration",
    statement:
      "By the time its deregistration completes, a call manager has freed the per-SAP area (CallMgrSapContext) and every block it allocated for the SAP.",
    category: "resources",
    level: "must",
    reference: "docs/semantics.md Q5",
    covers: {
      ddis: [...completionsOf("ProtocolCmDeregisterSap"), "NdisFreeMemory"],
      handlers: ["ProtocolCmDeregisterSap"],
    },
    monitor: { contract: (c) => c.code === "sap-area-not-freed" },
  }),
  defineRule({
    id: "CONDIS-MEM-002",
    name: "Memory_FreedAtUnload",
    statement: "A driver has freed every block, NBL and NBL pool it allocated by the time it is unloaded.",
    category: "resources",
    level: "must",
    sdvRule: "MemoryUsage",
    reference: "SDV MemoryUsage rule set",
    covers: {
      ddis: [
        "NdisAllocateMemoryWithTagPriority",
        "NdisFreeMemory",
        "NdisAllocateNetBufferListPool",
        "NdisFreeNetBufferListPool",
      ],
      handlers: ["MiniportDriverUnload"],
    },
    monitor: {
      contract: (c) => c.code === "memory-leak-at-unload",
      // The allocation never freed is the offence.
      offending: (c, site) => (c.driver === null ? undefined : site.view.blocksOf(c.driver)[0]?.alloc),
    },
  }),
  defineRule({
    id: "CONDIS-MEM-003",
    name: "Memory_NoDoubleFree",
    statement: "A block from NdisAllocateMemoryWithTagPriority is freed exactly once.",
    category: "resources",
    level: "must",
    reference: "SDV MemoryUsage rule set",
    covers: { ddis: ["NdisFreeMemory"], handlers: [] },
    // An NBL freed twice is the NBL rules' (NdisFreeNetBufferList).
    monitor: { contract: (c) => c.code === "double-free" && !fromDdi(c, "NdisFreeNetBufferList") },
  }),
  defineRule({
    id: "CONDIS-MEM-004",
    name: "Memory_FreeOnlyAllocated",
    statement:
      "NdisFreeMemory is given only blocks that NdisAllocateMemoryWithTagPriority returned to the calling driver, with MemoryFlags 0.",
    category: "resources",
    level: "must",
    reference: "SDV MemoryUsage rule set",
    covers: { ddis: ["NdisFreeMemory"], handlers: [] },
    monitor: { contract: (c) => c.code === "bad-parameter" && fromDdi(c, "NdisFreeMemory") },
  }),
];
