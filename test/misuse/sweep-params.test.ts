/**
 * The sweep one parameter at a time: for every DDI that a driver can call successfully with the
 * sweep's live values, each parameter in turn gets each bad value while the others stay valid.
 * The call must then be refused (a report or a failure status), leave state intact, and throw
 * nothing. `…Context` parameters are opaque to NDIS (any value is legal) and are not swept, nor
 * are parameters a page says are ignored; a number is no misuse of a numeric parameter.
 */
import { describe, expect, it } from "vitest";
import type { DdiName } from "../../src/index.ts";
import { BAD_VALUES, callWith, parametersOf, sweepWorld, sweptDdis } from "./sweep-world.ts";

/** Parameters for which any number is legal, so 42 is no misuse of them. */
const NUMERIC = new Set([
  "Length",
  "Tag",
  "Priority",
  "ErrorCode",
  "...ErrorValues",
  "MillisecondsPeriod",
  "Size",
  "ContextSize",
  "ContextBackFill",
]);
/** Parameters a DDI's page says it ignores. */
const IGNORED: Readonly<Record<string, readonly string[]>> = {
  // "If the memory was allocated with NdisAllocateMemoryWithTagPriority … this parameter is ignored."
  NdisFreeMemory: ["Length"],
};

/** The arguments of a call with every parameter valid, or undefined when one has no valid value. */
function validArgs(ddi: DdiName, s = sweepWorld()): unknown[] | undefined {
  const args: unknown[] = [];
  for (const p of parametersOf(ddi)) {
    const v = s.valid(p);
    if (v === undefined) return undefined;
    args.push(v.value);
  }
  return args;
}

/** DDIs whose valid call the sweep can make, and that NDIS accepts from a client thread. */
const accepted = sweptDdis().filter((ddi) => {
  const s = sweepWorld();
  const args = validArgs(ddi, s);
  return (
    args !== undefined &&
    parametersOf(ddi).length > 0 &&
    callWith(s, ddi, args, "inside a driver").kind === "silent"
  );
});

describe("misuse sweep, one parameter at a time", () => {
  it("covers the DDIs that take a driver's own objects and plain values", () => {
    expect(accepted).toEqual(
      expect.arrayContaining([
        "NdisAllocateMemoryWithTagPriority",
        "NdisFreeMemory",
        "NdisFreeSpinLock",
        "NdisAcquireSpinLock",
        "NdisAllocateIoWorkItem",
        "NdisQueueIoWorkItem",
        "NdisFreeIoWorkItem",
        "NdisAllocateTimerObject",
        "NdisSetTimerObject",
        "NdisCancelTimerObject",
        "NdisFreeTimerObject",
        "NdisWriteErrorLogEntry",
        "NdisCoDeleteVc",
        "NdisClDeregisterSap",
        "NdisAllocateNetBufferListPool",
        "NdisAllocateNetBufferAndNetBufferList",
        "NdisFreeNetBufferList",
      ]),
    );
  });

  it.each(accepted)("%s: each bad parameter, the others valid, is refused and leaves state intact", (ddi) => {
    const problems: string[] = [];
    const parameters = parametersOf(ddi);
    // Inside a spin lock too, where the valid call is accepted at DISPATCH_LEVEL.
    const contexts = (["inside a driver", "inside a spin lock"] as const).filter((context) => {
      const s = sweepWorld();
      return callWith(s, ddi, validArgs(ddi, s)!, context).kind === "silent";
    });
    expect(contexts).toContain("inside a driver");
    for (const context of contexts) {
      for (const [i, p] of parameters.entries()) {
        if (/Context$/.test(p) || IGNORED[ddi]?.includes(p) === true) continue;
        for (const bad of BAD_VALUES) {
          if (bad === "number" && NUMERIC.has(p)) continue;
          const s = sweepWorld();
          const args = validArgs(ddi, s)!;
          args[i] = s.value(bad);
          const outcome = callWith(s, ddi, args, context);
          if (outcome.kind !== "refused")
            problems.push(`${p} = ${bad} / ${context}: ${JSON.stringify(outcome)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
