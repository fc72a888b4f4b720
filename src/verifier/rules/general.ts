/**
 * The catch-all rules: a contract the core reported that no specific rule claims is still a
 * violation, never dropped. They are not counted as catalogue rules; a report naming one points
 * at a rule still to be written.
 */
import { defineRule, type Rule } from "../rule.ts";

/** Id of the catch-all for documented MUSTs. */
export const UNCLASSIFIED_MUST = "CONDIS-GEN-001";
/** Id of the catch-all for docs/semantics.md choices. */
export const UNCLASSIFIED_SEMANTICS = "CONDIS-GEN-002";

/** The catch-all rules (claimed by the verifier itself, after every specific rule declined). */
export const GENERAL_RULES: readonly Rule[] = [
  defineRule({
    id: UNCLASSIFIED_MUST,
    name: "NdisContract_Unclassified",
    statement: "The NDIS core found a broken documented obligation that no specific rule covers yet.",
    category: "general",
    level: "must",
    reference: "src/ndis/events.ts ContractCode",
    covers: { ddis: [], handlers: [] },
    monitor: {},
  }),
  defineRule({
    id: UNCLASSIFIED_SEMANTICS,
    name: "NdisSemantics_Unclassified",
    statement:
      "The NDIS core found a departure from a docs/semantics.md choice that no specific rule covers yet.",
    category: "general",
    level: "semantics",
    reference: "docs/semantics.md",
    covers: { ddis: [], handlers: [] },
    monitor: {},
  }),
];
