/** The rule catalogue: every rule the verifier checks, in a stable order. */
export { GENERAL_RULES } from "./rules/general.ts";

import type { Rule } from "./rule.ts";
import { CALL_RULES } from "./rules/calls.ts";
import { COMPLETION_RULES } from "./rules/completion.ts";
import { NBL_RULES } from "./rules/data-path.ts";
import { GENERAL_RULES } from "./rules/general.ts";
import { HANDLE_RULES } from "./rules/handles.ts";
import { IRQL_RULES } from "./rules/irql.ts";
import { BINDING_RULES, MINIPORT_RULES, REGISTRATION_RULES } from "./rules/lifecycle.ts";
import { LIVENESS_RULES } from "./rules/liveness.ts";
import { LOCKING_RULES } from "./rules/locking.ts";
import { PARTY_RULES, QOS_RULES } from "./rules/parties.ts";
import { RESOURCE_RULES } from "./rules/resources.ts";
import { ROLE_RULES } from "./rules/roles.ts";
import { AF_RULES, SAP_RULES } from "./rules/sap-af.ts";
import { VC_RULES } from "./rules/vc.ts";

/** The rules with a specific monitor (the counted catalogue). */
export const SPECIFIC_RULES: readonly Rule[] = [
  ...IRQL_RULES,
  ...LOCKING_RULES,
  ...COMPLETION_RULES,
  ...SAP_RULES,
  ...AF_RULES,
  ...HANDLE_RULES,
  ...BINDING_RULES,
  ...REGISTRATION_RULES,
  ...MINIPORT_RULES,
  ...VC_RULES,
  ...CALL_RULES,
  ...PARTY_RULES,
  ...QOS_RULES,
  ...NBL_RULES,
  ...RESOURCE_RULES,
  ...ROLE_RULES,
  ...LIVENESS_RULES,
];

/** Every rule, the catch-alls last. */
export const RULES: readonly Rule[] = [...SPECIFIC_RULES, ...GENERAL_RULES];

const byId = new Map(RULES.map((r) => [r.id, r]));

/** The rule with this id. */
export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
