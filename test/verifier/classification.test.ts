/**
 * Misuse under random interleavings (stale handles, closing with SAPs, unbinding at any time):
 * every contract the core reports is accounted for by exactly one specific rule (as the first
 * report of a violation or as a consequence of one), never by a catch-all.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NdisClDeregisterSap, type NdisHandle, NdisUnbindAdapter } from "../../src/ndis/index.ts";
import { Verifier } from "../../src/verifier/index.ts";
import { makeWorld } from "../support/world.ts";

type Op =
  | { readonly t: "register" }
  | { readonly t: "deregister"; readonly i: number }
  | { readonly t: "stale"; readonly i: number }
  | { readonly t: "closeAf" }
  | { readonly t: "step"; readonly n: number }
  | { readonly t: "unbind" };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ t: "register" } as const) },
  { weight: 4, arbitrary: fc.nat(20).map((i) => ({ t: "deregister", i }) as const) },
  { weight: 2, arbitrary: fc.nat(20).map((i) => ({ t: "stale", i }) as const) },
  { weight: 2, arbitrary: fc.constant({ t: "closeAf" } as const) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }).map((n) => ({ t: "step", n }) as const) },
  { weight: 1, arbitrary: fc.constant({ t: "unbind" } as const) },
);

describe("classification of the core's reports", () => {
  it("every contract is claimed by one specific rule, whatever the misuse and the schedule", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.constantFrom("cm" as const, "mcm" as const),
        fc.array(op, { maxLength: 30 }),
        (seed, kind, ops) => {
          const w = makeWorld({
            kind,
            seed,
            policy: { openAf: "choose", closeAf: "choose", registerSap: "choose", deregisterSap: "choose" },
          });
          const retired: NdisHandle<"Sap">[] = [];
          for (const o of ops) {
            const af = w.client.bindings[0]?.afs[0];
            switch (o.t) {
              case "register":
                if (af?.handle !== null && af !== undefined) w.client.registerSap(w.host, undefined, af);
                break;
              case "deregister": {
                const live = w.client.saps.filter((s) => s.state === "registered" && s.handle !== null);
                const sap = live[o.i % Math.max(1, live.length)];
                if (sap?.handle === null || sap === undefined) break;
                retired.push(sap.handle);
                w.client.deregisterSap(w.host, sap);
                break;
              }
              case "stale": {
                const handle = retired[o.i % Math.max(1, retired.length)];
                if (handle !== undefined) w.host.runAs(w.client.name, () => NdisClDeregisterSap(handle));
                break;
              }
              case "closeAf":
                if (af !== undefined && af.handle !== null) w.client.closeAf(w.host, af);
                break;
              case "step":
                for (let k = 0; k < o.n; k++) w.scheduler.step();
                break;
              case "unbind": {
                const binding = w.client.bindings[0]?.handle;
                if (binding !== null && binding !== undefined)
                  w.host.runAs(w.client.name, () => NdisUnbindAdapter(binding));
                break;
              }
            }
          }
          w.settle();
          w.host.removeAdapter("ATM0");
          w.settle();
          const verifier = new Verifier({ mode: "strict" });
          for (const e of w.events) verifier.observe(e);
          verifier.checkQuiescence();
          const found = verifier.violations();
          expect(found.filter((v) => v.rule.category === "general").map((v) => v.message)).toEqual([]);
          const contracts = w.events.filter((e) => e.type === "contract").length;
          expect(found.reduce((n, v) => n + v.evidence.length, 0)).toBe(contracts);
        },
      ),
      { numRuns: 100 },
    );
  });
});
