/** Every verifier fixture: for each rule, one or more deliberately buggy drivers. */
import type { Fixture } from "./fixture.ts";
import { CALL_COMPLETION_FIXTURES, CALL_LIVENESS_FIXTURES } from "./fixtures-call-completion.ts";
import { CALL_FIXTURES } from "./fixtures-calls.ts";
import { COMPLETION_FIXTURES, SAP_FIXTURES } from "./fixtures-completion.ts";
import { NBL_FIXTURES, NBL_LIVENESS_FIXTURES, NBL_PARAMETER_FIXTURES } from "./fixtures-data-path.ts";
import { IRQL_FIXTURES, LOCK_FIXTURES } from "./fixtures-irql-locks.ts";
import { BINDING_FIXTURES, MINIPORT_FIXTURES, REGISTRATION_FIXTURES } from "./fixtures-lifecycle.ts";
import { AF_FIXTURES, HANDLE_FIXTURES } from "./fixtures-objects.ts";
import { PARTY_COMPLETION_FIXTURES, PARTY_FIXTURES, PARTY_LIVENESS_FIXTURES } from "./fixtures-parties.ts";
import { LIVENESS_FIXTURES, MEMORY_FIXTURES, ROLE_FIXTURES } from "./fixtures-resources.ts";
import { AF_VC_FIXTURES, ROLE_VC_FIXTURES, VC_FIXTURES } from "./fixtures-vc.ts";
import { VC_COMPLETION_FIXTURES, VC_LIVENESS_FIXTURES } from "./fixtures-vc-completion.ts";

export type { Fixture, RunOptions, VerifiedRun } from "./fixture.ts";

/** All fixtures, in catalogue order. */
export const FIXTURES: readonly Fixture[] = [
  ...IRQL_FIXTURES,
  ...LOCK_FIXTURES,
  ...COMPLETION_FIXTURES,
  ...VC_COMPLETION_FIXTURES,
  ...CALL_COMPLETION_FIXTURES,
  ...PARTY_COMPLETION_FIXTURES,
  ...SAP_FIXTURES,
  ...AF_FIXTURES,
  ...AF_VC_FIXTURES,
  ...HANDLE_FIXTURES,
  ...BINDING_FIXTURES,
  ...REGISTRATION_FIXTURES,
  ...MINIPORT_FIXTURES,
  ...VC_FIXTURES,
  ...CALL_FIXTURES,
  ...PARTY_FIXTURES,
  ...NBL_FIXTURES,
  ...MEMORY_FIXTURES,
  ...ROLE_FIXTURES,
  ...ROLE_VC_FIXTURES,
  ...NBL_PARAMETER_FIXTURES,
  ...LIVENESS_FIXTURES,
  ...VC_LIVENESS_FIXTURES,
  ...CALL_LIVENESS_FIXTURES,
  ...PARTY_LIVENESS_FIXTURES,
  ...NBL_LIVENESS_FIXTURES,
];
