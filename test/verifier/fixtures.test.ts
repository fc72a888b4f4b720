import { describe, expect, it } from "vitest";
import { ruleById, VerifierViolationError } from "../../src/verifier/index.ts";
import { FIXTURES } from "../support/buggy-drivers/fixtures.ts";

const cases = FIXTURES.flatMap((f) =>
  f.kinds.map((kind) => ({ f, kind, title: `${f.rule} (${kind}): ${f.bug}` })),
);

describe("each buggy driver breaks exactly its rule", () => {
  it.each(cases)("$title", ({ f, kind }) => {
    const w = f.run(kind, { mode: "strict" });
    const q = w.verifier.checkQuiescence(w.scheduler.runUntilIdle(100_000));
    expect(q.outcome).toBe("quiescent");
    const found = w.verifier.violations();
    expect(found.map((v) => v.rule.id)).toEqual([f.rule]);
    const v = found[0]!;
    expect(v.event).toMatchObject(f.event(kind));
    expect(v.evidence).toHaveLength(f.evidence ?? 1);
    expect(q.violations.map((x) => x.rule.id)).toEqual(f.atQuiescence === true ? [f.rule] : []);
    // The replay data is the run's: its seed and the scheduler's decisions up to the violation.
    expect(v.replay?.seed).toBe(w.scheduler.seed);
    expect(v.replay?.decisions).toEqual(w.scheduler.decisions().slice(0, v.replay?.decisions.length));
    // The trace prefix ends where the violation was found and contains the offending event.
    expect(v.trace.events).toContain(v.event);
  });
});

describe("modes", () => {
  it.each(cases)("permissive: $title", ({ f, kind }) => {
    const w = f.run(kind, { mode: "permissive" });
    w.verifier.checkQuiescence();
    const rule = ruleById(f.rule)!;
    const expected = rule.level === "must" ? [f.rule] : [];
    expect(w.verifier.violations().map((v) => v.rule.id)).toEqual(expected);
  });

  it.each(cases.filter(({ f }) => f.atQuiescence !== true))(
    "throw at the offending call: $title",
    ({ f, kind }) => {
      let thrown: unknown;
      try {
        f.run(kind, { mode: "strict", onViolation: "throw" });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(VerifierViolationError);
      const v = (thrown as VerifierViolationError).violation;
      expect(v.rule.id).toBe(f.rule);
      expect(v.event).toMatchObject(f.event(kind));
    },
  );
});
