import { describe, expect, it } from "vitest";
import {
  DEFAULT_REORDER,
  explore,
  exploreWorld,
  type FaultPlan,
  findScenario,
  formatFaultPlan,
  parseFaultPlan,
  parseReplay,
  randomPickers,
  runReplay,
  runSchedule,
  type Scenario,
} from "../../src/explore/index.ts";
import { ms, seconds } from "../../src/sched/index.ts";

function scenario(name: string): Scenario {
  const s = findScenario(name);
  if (s === undefined) throw new Error(`no scenario ${name}`);
  return s;
}

function plan(text: string): FaultPlan {
  const p = parseFaultPlan(text);
  if (!p.ok) throw new Error(p.error);
  return p.plan;
}

const LOSSY = "loss=0.1,dup=0.05,reorder";

describe("fault plans", () => {
  it("parses loss, dup, reorder and delay, and prints them back canonically", () => {
    expect(plan("loss=0.1,dup=0.05,reorder,delay=2ms")).toEqual({
      loss: 100,
      dup: 50,
      reorder: DEFAULT_REORDER,
      delay: ms(2),
    });
    expect(plan("reorder=500us").reorder).toBe(500_000n);
    expect(plan("delay=1.5ms").delay).toBe(1_500_000n);
    expect(plan("none")).toEqual({ loss: 0, dup: 0, reorder: 0n, delay: 0n });
    for (const text of ["loss=0.1,dup=0.05,reorder", "reorder=2ms,delay=500us", "loss=1", "none"])
      expect(formatFaultPlan(plan(text))).toBe(text);
    expect(formatFaultPlan(plan("delay=2ms,loss=0.25"))).toBe("loss=0.25,delay=2ms");
  });

  it("rejects a bad plan with one line that names the fault", () => {
    const cases: [string, RegExp][] = [
      ["loss", /^loss: expected a probability/],
      ["loss=1.5", /^loss: expected a probability/],
      ["loss=0.0001", /^loss: expected a probability/],
      ["dup=-0.1", /^dup: expected a probability/],
      ["delay", /^delay: expected a duration/],
      ["delay=2", /^delay: expected a duration/],
      ["reorder=1ns", /^reorder: expected a duration in whole µs/],
      ["delay=11s", /^delay: expected a duration/],
      ["jitter=1ms", /^unknown fault "jitter"/],
      ["loss=0.1,loss=0.2", /^"loss" given twice/],
      ["loss=0.1=2", /expected KEY or KEY=VALUE/],
    ];
    for (const [text, message] of cases) {
      const p = parseFaultPlan(text);
      expect(p.ok, text).toBe(false);
      if (!p.ok) {
        expect(p.error, text).toMatch(message);
        expect(p.error).not.toContain("\n");
      }
    }
  });
});

describe("a schedule under a fault plan", () => {
  it("the same seed with the same plan replays identically, and the fault draws are decisions", () => {
    const faults = plan(LOSSY);
    const once = () => runSchedule(scenario("sap-churn"), "stand-alone", randomPickers(5), { faults });
    const [a, b] = [once(), once()];
    expect(b.decisions).toEqual(a.decisions);
    expect(b.options).toEqual(a.options);
    expect(b.events).toBe(a.events);
    // The loss and duplication draws (1 in 1000) and the reorder delays (0–1000 µs) are among them.
    expect(a.options).toContain(1000);
    expect(a.options).toContain(1001);
    const clean = runSchedule(scenario("sap-churn"), "stand-alone", randomPickers(5));
    expect(clean.options).not.toContain(1000);
  });

  it("a violation under a plan writes the plan into its replay, and the replay reproduces it", () => {
    const summary = explore({
      scenario: scenario("buggy/dereg-twice"),
      form: "stand-alone",
      strategy: "random",
      schedules: 50,
      faults: plan("loss=0.05,reorder"),
      condisVersion: "t",
    });
    const v = summary.violations[0];
    expect(v?.rule).toBe("CONDIS-CMP-001");
    if (v === undefined) return;
    expect(v.replay.faults).toBe("loss=0.05,reorder");
    const parsed = parseReplay(JSON.parse(JSON.stringify(v.replay)));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const again = runReplay(parsed.replay);
    expect(again.reproduced).toBe(true);
    expect(again.decisions).toEqual(v.replay.decisions);
    // Without its plan the same decisions are a different run.
    const { faults: _dropped, ...withoutPlan } = parsed.replay;
    expect(runReplay(withoutPlan).decisions).not.toEqual(v.replay.decisions);
    expect(parseReplay({ ...parsed.replay, faults: "loss=2" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^faults:/),
    });
  });

  it("dfs takes no fault plan (its option 0 would lose every frame)", () => {
    expect(() =>
      explore({
        scenario: scenario("sap-churn"),
        form: "mcm",
        strategy: "dfs",
        schedules: 1,
        faults: plan("loss=0.1"),
        condisVersion: "t",
      }),
    ).toThrow(/dfs takes no fault plan/);
  });
});

describe("sap-churn under loss=0.1,dup=0.05,reorder", () => {
  for (const form of ["stand-alone", "mcm"] as const)
    it(`${form}: 200 schedules, 0 violations`, { timeout: 120_000 }, () => {
      const summary = explore({
        scenario: scenario("sap-churn"),
        form,
        strategy: "random",
        schedules: 200,
        faults: plan(LOSSY),
        condisVersion: "t",
      });
      expect(summary.violations).toEqual([]);
      expect(summary.schedules).toBe(200);
    });
});

describe("the run loop", () => {
  it("an action with a time and a condition runs at its time even when the world is quiet until the end", () => {
    let ranAt: bigint | undefined;
    // A world with no network traffic: only the action's own time can stop the clock.
    const quiet: Scenario = {
      name: "quiet",
      description: "",
      buggy: false,
      build(scheduler, _form, faults) {
        const world = exploreWorld(scheduler, [], faults);
        return {
          world,
          end: 5,
          actions: [{ label: "at 3", at: 3, when: () => true, run: () => (ranAt = scheduler.now()) }],
          check: () => [],
        };
      },
    };
    const result = runSchedule(quiet, "stand-alone", randomPickers(1));
    expect(result.violation).toBeNull();
    expect(ranAt).toBe(seconds(3));
  });
});
