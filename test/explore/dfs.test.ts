import { describe, expect, it } from "vitest";
import {
  DelayBoundedSearch,
  explore,
  findScenario,
  parseReplay,
  runReplay,
  type Scenario,
  type ScheduleResult,
} from "../../src/explore/index.ts";

function scenario(name: string): Scenario {
  const s = findScenario(name);
  if (s === undefined) throw new Error(`no scenario ${name}`);
  return s;
}

/** Every vector x with x[i] < options[i] and sum(x) ≤ bound, as strings. */
function within(options: readonly number[], bound: number): string[] {
  let all: number[][] = [[]];
  for (const n of options) all = all.flatMap((v) => Array.from({ length: n }, (_, k) => [...v, k]));
  return all.filter((v) => v.reduce((a, b) => a + b, 0) <= bound).map((v) => v.join(","));
}

describe("delay-bounded search", () => {
  // A fake system: every run takes three decisions with 2, 3 and 2 options.
  const options = [2, 3, 2];
  const run = (prefix: readonly number[]): ScheduleResult => ({
    violation: null,
    decisions: options.map((_, i) => prefix[i] ?? 0),
    options,
    steps: 3,
    events: 0,
  });
  for (const bound of [0, 1, 2, 3, 4, 9])
    it(`bound ${bound}: every schedule with at most ${bound} delays, each once, then exhausted`, () => {
      const search = new DelayBoundedSearch(bound);
      const seen: string[] = [];
      for (let p = search.next(); p !== undefined; p = search.next()) {
        const r = run(p);
        seen.push(r.decisions.join(","));
        search.ran(r);
      }
      expect(search.exhausted).toBe(true);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual(within(options, bound).sort());
    });
});

describe("explore --strategy dfs", () => {
  it("sap-churn (mcm), delay bound 1: the whole bounded space, 0 violations", () => {
    const s = explore({
      scenario: scenario("sap-churn"),
      form: "mcm",
      strategy: "dfs",
      depth: 1,
      schedules: 500,
      condisVersion: "t",
    });
    expect(s.violations).toEqual([]);
    expect(s.exhausted).toBe(true);
    expect(s.schedules).toBeGreaterThan(1);
    expect(s.seeds).toEqual([]);
  });

  it("finds buggy/dereg-twice, and its replay reproduces the violation", () => {
    const s = explore({
      scenario: scenario("buggy/dereg-twice"),
      form: "stand-alone",
      strategy: "dfs",
      depth: 2,
      schedules: 50,
      condisVersion: "t",
    });
    const v = s.violations[0];
    expect(v?.rule).toBe("CONDIS-CMP-001");
    expect(s.exhausted).toBe(false);
    const parsed = parseReplay(JSON.parse(JSON.stringify(v?.replay)));
    expect(parsed.ok && parsed.replay.strategy).toBe("dfs");
    if (parsed.ok) expect(runReplay(parsed.replay).reproduced).toBe(true);
  });

  it("cannot be sharded", () => {
    expect(() =>
      explore({
        scenario: scenario("sap-churn"),
        form: "mcm",
        strategy: "dfs",
        schedules: 5,
        shard: { index: 0, count: 2 },
        condisVersion: "t",
      }),
    ).toThrow(/dfs cannot be sharded/);
  });
});
