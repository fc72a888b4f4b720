/** Every scenario the explorer knows by name: the correct built-in ones and the buggy targets. */
import type { Scenario } from "./scenario.ts";
import { CORRECT_SCENARIOS } from "./scenarios.ts";
import { MORE_SCENARIOS } from "./scenarios-more.ts";
import { BUGGY_TARGETS } from "./targets/index.ts";

/** The built-in scenarios, then the buggy targets. */
export const SCENARIOS: readonly Scenario[] = [...CORRECT_SCENARIOS, ...MORE_SCENARIOS, ...BUGGY_TARGETS];

/** The scenario called `name`, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
