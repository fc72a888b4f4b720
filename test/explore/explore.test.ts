import { describe, expect, it } from "vitest";
import {
  type CmForm,
  explore,
  findScenario,
  minimise,
  parseReplay,
  parseShard,
  randomPickers,
  runReplay,
  runSchedule,
  type Scenario,
  type StrategyName,
  shardSchedules,
} from "../../src/explore/index.ts";

function scenario(name: string): Scenario {
  const s = findScenario(name);
  if (s === undefined) throw new Error(`no scenario ${name}`);
  return s;
}

const run = (name: string, form: CmForm, strategy: StrategyName, schedules: number, seed = 1) =>
  explore({ scenario: scenario(name), form, strategy, schedules, seed, condisVersion: "test" });

describe("buggy targets: found, and the replay reproduces the violation", () => {
  const expected = {
    "buggy/early-sap": "explore.pending-past-bound",
    "buggy/dereg-twice": "CONDIS-CMP-001",
    "buggy/dereg-never": "explore.pending-past-bound",
  } as const;
  for (const [name, rule] of Object.entries(expected))
    for (const strategy of ["random", "pct"] as const)
      it(`${name} with ${strategy}: ${rule} within 50 schedules`, () => {
        const summary = run(name, "stand-alone", strategy, 50);
        const v = summary.violations[0];
        expect(v?.rule).toBe(rule);
        if (v === undefined) return;
        // It stopped at the schedule that found it.
        expect(summary.seeds.at(-1)).toBe(v.seed);
        // The replay file survives JSON and reproduces the same rule at the same event.
        const parsed = parseReplay(JSON.parse(JSON.stringify(v.replay)));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.replay.violation).toEqual({ rule, message: v.message, eventIndex: v.eventIndex });
        const again = runReplay(parsed.replay);
        expect(again.reproduced).toBe(true);
        expect(again.violation).toEqual({ rule: v.rule, message: v.message, eventIndex: v.eventIndex });
      });

  it("buggy/early-sap is schedule-dependent: some seeds are clean, some drop the SAP", () => {
    const rules = [1, 2, 3, 4, 5, 6, 7, 8].map(
      (seed) => run("buggy/early-sap", "stand-alone", "random", 1, seed).violations[0]?.rule ?? "clean",
    );
    expect(rules).toContain("clean");
    expect(rules).toContain("explore.pending-past-bound");
  });
});

describe("correct scenarios: no violation", () => {
  const cases: [string, CmForm][] = [
    ["sap-churn", "stand-alone"],
    ["sap-churn", "mcm"],
    ["dereg-under-call", "stand-alone"],
    ["dereg-under-call", "mcm"],
    ["early-sap", "stand-alone"],
    ["early-sap", "mcm"],
  ];
  for (const [name, form] of cases)
    for (const strategy of ["random", "pct"] as const)
      it(`${name} (${form}) with ${strategy}: 12 schedules, 0 violations`, () => {
        const summary = run(name, form, strategy, 12);
        expect(summary.violations).toEqual([]);
        expect(summary.seeds).toHaveLength(12);
      });
});

describe("shards", () => {
  it("parses I/N and rejects anything else", () => {
    expect(parseShard("0/2")).toEqual({ index: 0, count: 2 });
    expect(parseShard("3/4")).toEqual({ index: 3, count: 4 });
    for (const bad of ["2/2", "1/0", "-1/2", "a/b", "1/2/3", "01/2", " 0/2", "0/2.5"])
      expect(parseShard(bad)).toBeUndefined();
  });

  it("the N shards cover exactly the unsharded schedules, each once", () => {
    for (const schedules of [0, 1, 7, 100])
      for (const count of [1, 2, 3, 8]) {
        const parts = Array.from({ length: count }, (_, index) =>
          shardSchedules(schedules, { index, count }),
        );
        const union = parts.flat().sort((a, b) => a - b);
        expect(union).toEqual(shardSchedules(schedules));
      }
  });

  it("the seeds two shards run are exactly those of the unsharded exploration", () => {
    const all = explore({
      scenario: scenario("sap-churn"),
      form: "mcm",
      strategy: "random",
      schedules: 6,
      seed: 40,
      condisVersion: "t",
    });
    const shards = [0, 1].map((index) =>
      explore({
        scenario: scenario("sap-churn"),
        form: "mcm",
        strategy: "random",
        schedules: 6,
        seed: 40,
        shard: { index, count: 2 },
        condisVersion: "t",
      }),
    );
    expect(all.seeds).toEqual([40, 41, 42, 43, 44, 45]);
    expect(shards.flatMap((s) => s.seeds).sort((a, b) => a - b)).toEqual(all.seeds);
    expect(shards[0]?.seeds).toEqual([40, 42, 44]);
  });
});

describe("minimise", () => {
  for (const name of ["buggy/early-sap", "buggy/dereg-twice"])
    it(`${name}: a replay no longer than the original that still breaks the same rule`, () => {
      const v = run(name, "stand-alone", "random", 50).violations[0];
      expect(v).toBeDefined();
      if (v === undefined) return;
      const m = minimise(v.replay);
      expect(m.before).toBe(v.replay.decisions.length);
      expect(m.after).toBe(m.replay.decisions.length);
      expect(m.after).toBeLessThanOrEqual(m.before);
      expect(m.replay.violation.rule).toBe(v.rule);
      const again = runReplay(m.replay);
      expect(again.violation?.rule).toBe(v.rule);
      expect(again.reproduced).toBe(true);
    });
});

describe("replay files", () => {
  it("names the field that is wrong", () => {
    const v = run("buggy/dereg-twice", "stand-alone", "random", 5).violations[0];
    expect(v).toBeDefined();
    const good = JSON.parse(JSON.stringify(v?.replay)) as Record<string, unknown>;
    const broken = (patch: Record<string, unknown>) => {
      const r = parseReplay({ ...good, ...patch });
      return r.ok ? "ok" : r.error;
    };
    expect(broken({})).toBe("ok");
    expect(broken({ version: 2 })).toMatch(/^version:/);
    expect(broken({ scenario: "nope" })).toMatch(/^scenario:/);
    expect(broken({ form: "x" })).toMatch(/^form:/);
    expect(broken({ strategy: "bfs" })).toMatch(/^strategy:/);
    expect(broken({ seed: -1 })).toMatch(/^seed:/);
    expect(broken({ decisions: [1, -2] })).toMatch(/^decisions:/);
    expect(broken({ violation: { rule: "x" } })).toMatch(/^violation:/);
    expect(parseReplay(null)).toEqual({ ok: false, error: "not a JSON object" });
  });
});

describe("one schedule", () => {
  it("is a pure function of the pickers: the same seed gives the same decisions and events", () => {
    const once = () => runSchedule(scenario("sap-churn"), "mcm", randomPickers(9));
    const [a, b] = [once(), once()];
    expect(a.decisions.length).toBeGreaterThan(0);
    expect(b.decisions).toEqual(a.decisions);
    expect(b.options).toEqual(a.options);
    expect(b.events).toBe(a.events);
    expect(a.violation).toBeNull();
  });

  it("a request pending past the bound of virtual time is a violation; under a longer bound it is not", () => {
    const never = scenario("buggy/dereg-never");
    expect(runSchedule(never, "stand-alone", randomPickers(1)).violation?.rule).toBe(
      "explore.pending-past-bound",
    );
    // With a bound longer than the run, the end invariant (the SAP ended deregistered) reports it instead.
    expect(runSchedule(never, "stand-alone", randomPickers(1), { pendingBound: 100 }).violation?.rule).toBe(
      "explore.buggy/dereg-never.sap-deregistered",
    );
  });
});
