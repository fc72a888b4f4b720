/**
 * The IRQL rules of the Static Driver Verifier NDIS rule set, checked at run time: each DDI call
 * is compared with the IRQL its page states (DDIS annotations), grouped by the SDV rule that
 * covers it. The core's irql-too-high report of the same call is kept as evidence.
 */
import type { KIRQL } from "../../ndis/irql.ts";
import { irqlAllows, irqlName } from "../../ndis/irql.ts";
import { ddiDescriptor, handleKeyOf, implementedDdis } from "../annotations.ts";
import { defineRule, type Rule } from "../rule.ts";

function irqlRule(id: string, sdvRule: string, statement: string): Rule {
  return defineRule({
    id,
    name: sdvRule,
    statement,
    category: "irql",
    level: "must",
    sdvRule,
    reference: "condis-sap-af.md §5.2, §6; each DDI page's req.irql",
    covers: { ddis: implementedDdis().filter((d) => ddiDescriptor(d)?.rule === sdvRule), handlers: [] },
    monitor: {
      event: (e) => {
        if (e.type !== "ddi-call") return undefined;
        const d = ddiDescriptor(e.ddi);
        if (d?.rule !== sdvRule || irqlAllows(d.irql, e.irql as KIRQL)) return undefined;
        const needs = d.irql === "PASSIVE" ? "PASSIVE_LEVEL" : "IRQL <= DISPATCH_LEVEL";
        return {
          event: e,
          message: `${e.ddi} called at ${irqlName(e.irql as KIRQL)}; its page requires ${needs}`,
          object: handleKeyOf(e.args) ?? null,
        };
      },
      contract: (c) => c.code === "irql-too-high" && c.ddi !== null && ddiDescriptor(c.ddi)?.rule === sdvRule,
    },
  });
}

/** The IRQL rules for the DDI families the model implements. */
export const IRQL_RULES: readonly Rule[] = [
  irqlRule(
    "CONDIS-IRQL-001",
    "Irql_CallManager_Function",
    "A stand-alone call manager calls each NdisCm* function at the IRQL its page states.",
  ),
  irqlRule(
    "CONDIS-IRQL-002",
    "Irql_MCM_Function",
    "An MCM calls each NdisMCm* function at the IRQL its page states.",
  ),
  irqlRule(
    "CONDIS-IRQL-003",
    "Irql_Protocol_Driver_Function",
    "A protocol driver calls each NdisCl*, binding and protocol-registration function at the IRQL its page states.",
  ),
  irqlRule(
    "CONDIS-IRQL-004",
    "Irql_Miniport_Driver_Function",
    "A miniport calls its registration and attribute functions (NdisM*) at PASSIVE_LEVEL.",
  ),
  irqlRule(
    "CONDIS-IRQL-005",
    "Irql_Miscellaneous_Function",
    "Memory, spin-lock, work-item, timer and optional-handler calls are made at the IRQL their pages state.",
  ),
];
