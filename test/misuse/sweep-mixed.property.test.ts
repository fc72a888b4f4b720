/**
 * The sweep with mixed arguments: each parameter of a DDI gets, at random, its valid value, a
 * live handle of any kind, or a bad value, and the DDI is called by the client or the call
 * manager, at PASSIVE_LEVEL or inside a spin lock. Whatever the mix, no raw JavaScript error
 * escapes and a refused call leaves state intact (CONDIS_PROPERTY_RUNS sets the run count).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DdiName, NdisHandle } from "../../src/index.ts";
import { BAD_VALUES, callWith, parametersOf, sweepWorld, sweptDdis } from "./sweep-world.ts";

const RUNS = Number(process.env.CONDIS_PROPERTY_RUNS ?? 25);
const SEED = Number(process.env.CONDIS_PROPERTY_SEED ?? 7);

type Pick =
  | { readonly kind: "valid" }
  | { readonly kind: "live"; readonly which: number }
  | { readonly kind: "bad"; readonly which: number };

const pick: fc.Arbitrary<Pick> = fc.oneof(
  fc.constant({ kind: "valid" } as const),
  fc.record({ kind: fc.constant("live" as const), which: fc.nat(3) }),
  fc.record({ kind: fc.constant("bad" as const), which: fc.nat(BAD_VALUES.length - 1) }),
);

describe("misuse sweep, mixed arguments", () => {
  it.each(sweptDdis())("%s: no raw exception", (ddi: DdiName) => {
    const parameters = parametersOf(ddi);
    fc.assert(
      fc.property(
        fc.array(pick, { minLength: parameters.length, maxLength: parameters.length }),
        fc.boolean(),
        fc.constantFrom("inside a driver", "inside a spin lock"),
        (picks, asCm, context) => {
          const s = sweepWorld();
          const live: unknown[] = [
            s.w.client.bindings[0]!.handle as NdisHandle<"Binding">,
            s.w.client.af().handle,
            s.valid("NdisVcHandle")?.value,
            s.valid("NdisSapHandle")?.value,
          ];
          const args = parameters.map((p, i) => {
            const choice = picks[i]!;
            if (choice.kind === "valid") return s.valid(p)?.value ?? null;
            if (choice.kind === "live") return live[choice.which];
            return s.value(BAD_VALUES[choice.which]!);
          });
          const outcome = callWith(s, ddi, args, context, asCm ? "TESTCM" : undefined);
          expect(outcome.kind, JSON.stringify(outcome)).not.toBe("raw-exception");
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
