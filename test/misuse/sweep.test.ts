import { describe, expect, it } from "vitest";
import * as condis from "../../src/index.ts";
import { DDIS } from "../../src/index.ts";
import { BAD_VALUES, CONTEXTS, callBadly, sweepWorld, sweptDdis } from "./sweep-world.ts";

// DDIs that take no parameter have no argument to misuse; they are swept for the calling context only.
const NO_PARAMETERS = new Set(["NdisAllocateSpinLock", "NdisGetCurrentSystemTime"]);

describe("misuse sweep", () => {
  it("sweeps every DDI the package exports", () => {
    const exported = Object.keys(condis).filter((name) => {
      const value = (condis as Record<string, unknown>)[name];
      // Functions named Ndis…, not classes (NdisUsageError).
      return /^Ndis[A-Z]/.test(name) && typeof value === "function" && !/^class\b/.test(String(value));
    });
    expect(sweptDdis().sort()).toEqual(exported.sort());
    expect(sweptDdis()).toEqual(Object.keys(DDIS));
  });

  it.each(sweptDdis().filter((d) => !NO_PARAMETERS.has(d)))(
    "%s: every bad argument, from every context, is refused without a raw exception and leaves state intact",
    (ddi) => {
      const problems: string[] = [];
      for (const context of CONTEXTS) {
        for (const bad of BAD_VALUES) {
          const s = sweepWorld();
          const outcome = callBadly(s, ddi, bad, context);
          if (outcome.kind !== "refused") problems.push(`${bad} / ${context}: ${JSON.stringify(outcome)}`);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it.each([...NO_PARAMETERS])("%s: outside any driver it throws NdisUsageError", (ddi) => {
    const s = sweepWorld();
    expect(callBadly(s, ddi as keyof typeof DDIS, "undefined", "outside any driver")).toEqual({
      kind: "refused",
      how: "NdisUsageError no-driver-context",
    });
  });
});
