/** Every verifier fixture: for each rule, one or more deliberately buggy drivers. */
import type { Fixture } from "./fixture.ts";
import { COMPLETION_FIXTURES, SAP_FIXTURES } from "./fixtures-completion.ts";
import { IRQL_FIXTURES, LOCK_FIXTURES } from "./fixtures-irql-locks.ts";
import { BINDING_FIXTURES, MINIPORT_FIXTURES, REGISTRATION_FIXTURES } from "./fixtures-lifecycle.ts";
import { AF_FIXTURES, HANDLE_FIXTURES } from "./fixtures-objects.ts";
import { LIVENESS_FIXTURES, MEMORY_FIXTURES, ROLE_FIXTURES } from "./fixtures-resources.ts";

export type { Fixture, RunOptions } from "./fixture.ts";

/** All fixtures, in catalogue order. */
export const FIXTURES: readonly Fixture[] = [
  ...IRQL_FIXTURES,
  ...LOCK_FIXTURES,
  ...COMPLETION_FIXTURES,
  ...SAP_FIXTURES,
  ...AF_FIXTURES,
  ...HANDLE_FIXTURES,
  ...BINDING_FIXTURES,
  ...REGISTRATION_FIXTURES,
  ...MINIPORT_FIXTURES,
  ...MEMORY_FIXTURES,
  ...ROLE_FIXTURES,
  ...LIVENESS_FIXTURES,
];
