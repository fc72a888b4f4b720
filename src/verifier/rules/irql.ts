/**
 * The IRQL rules of the Static Driver Verifier NDIS rule set, checked at run time: each DDI call
 * is compared with the IRQL its page states (DDIS annotations), grouped by the SDV rule its page
 * names in `req.ddi-compliance`. The core's irql-too-high / irql-too-low report of the same call is
 * kept as evidence; a requirement that depends on the arguments (NdisCancelTimerObject on a
 * periodic timer) is found by the core alone and claimed here.
 */
import type { KIRQL } from "../../ndis/irql.ts";
import { irqlAllows, irqlName, irqlRequirementText } from "../../ndis/irql.ts";
import { ddiDescriptor, handleKeyOf, implementedDdis } from "../annotations.ts";
import { defineRule, type Rule } from "../rule.ts";

const IRQL_CODES = new Set(["irql-too-high", "irql-too-low"]);

function irqlRule(id: string, sdvRule: string, statement: string): Rule {
  return defineRule({
    id,
    name: sdvRule,
    statement,
    category: "irql",
    level: "must",
    sdvRule,
    reference: `https://learn.microsoft.com/windows-hardware/drivers/devtest/ndis-${sdvRule.toLowerCase().replaceAll("_", "-")}; each DDI page's req.irql`,
    covers: { ddis: implementedDdis().filter((d) => ddiDescriptor(d)?.rule === sdvRule), handlers: [] },
    monitor: {
      event: (e) => {
        if (e.type !== "ddi-call") return undefined;
        const d = ddiDescriptor(e.ddi);
        if (d?.rule !== sdvRule || irqlAllows(d.irql, e.irql as KIRQL)) return undefined;
        return {
          event: e,
          message: `${e.ddi} called at ${irqlName(e.irql as KIRQL)}; its page requires ${irqlRequirementText(d.irql)}`,
          object: handleKeyOf(e.args) ?? null,
        };
      },
      contract: (c) => IRQL_CODES.has(c.code) && c.ddi !== null && ddiDescriptor(c.ddi)?.rule === sdvRule,
    },
  });
}

/** The IRQL rules for the DDI families the model implements: one per rule the pages name. */
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
    "Memory, work-item, error-log and optional-handler calls are made at the IRQL their pages state.",
  ),
  irqlRule(
    "CONDIS-IRQL-006",
    "Irql_Connection_Function",
    "A protocol driver calls each NdisCo* function (VCs, sends, OID requests) at the IRQL its page states.",
  ),
  irqlRule(
    "CONDIS-IRQL-007",
    "Irql_MCO_Function",
    "A CoNDIS miniport calls each NdisMCo* function at the IRQL its page states.",
  ),
  irqlRule(
    "CONDIS-IRQL-008",
    "Irql_Synch_Function",
    "Spin locks are acquired at IRQL <= DISPATCH_LEVEL and released, or taken and dropped with the NdisDpr* forms, at DISPATCH_LEVEL.",
  ),
  irqlRule(
    "CONDIS-IRQL-009",
    "Irql_Timer_Function",
    "Timer objects are allocated, set, cancelled and freed at IRQL <= DISPATCH_LEVEL, and a periodic timer is cancelled at PASSIVE_LEVEL.",
  ),
  irqlRule(
    "CONDIS-IRQL-010",
    "Irql_NetBuffer_Function",
    "NET_BUFFER_LIST pools and NET_BUFFER_LISTs are allocated and freed at the IRQL their pages state.",
  ),
  irqlRule(
    "CONDIS-IRQL-011",
    "Irql_SendRcv_Function",
    "A protocol driver returns indicated NET_BUFFER_LISTs at the IRQL its page states.",
  ),
];
