import { describe, expect, it } from "vitest";
import {
  type CmForm,
  explore,
  findScenario,
  randomPickers,
  runSchedule,
  type Scenario,
} from "../../src/explore/index.ts";

function scenario(name: string): Scenario {
  const s = findScenario(name);
  if (s === undefined) throw new Error(`no scenario ${name}`);
  return s;
}

const FORMS: readonly CmForm[] = ["stand-alone", "mcm"];

describe("unbind-race, agent-restart, call-storm: no violation in either form", () => {
  const cases: [string, number][] = [
    ["unbind-race", 20],
    ["agent-restart", 20],
    ["call-storm", 8],
  ];
  for (const [name, schedules] of cases)
    for (const form of FORMS)
      for (const strategy of ["random", "pct"] as const)
        it(`${name} (${form}) with ${strategy}: ${schedules} schedules, 0 violations`, {
          timeout: 60_000,
        }, () => {
          const summary = explore({
            scenario: scenario(name),
            form,
            strategy,
            schedules,
            condisVersion: "t",
          });
          expect(summary.violations).toEqual([]);
          expect(summary.schedules).toBe(schedules);
        });
});

describe("each scenario's own invariants can fail", () => {
  it("agent-restart: a run whose restart action does not restart the agent is a violation", () => {
    const base = scenario("agent-restart");
    const cut: Scenario = {
      ...base,
      build(scheduler, form, faults) {
        const instance = base.build(scheduler, form, faults);
        return {
          ...instance,
          actions: instance.actions.map((a) => (a.label.startsWith("restart") ? { ...a, run: () => {} } : a)),
        };
      },
    };
    const v = runSchedule(cut, "mcm", randomPickers(1)).violation;
    expect(v?.rule).toBe("explore.agent-restart.restarted");
    expect(runSchedule(base, "mcm", randomPickers(1)).violation).toBeNull();
  });
});
