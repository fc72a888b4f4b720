import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_PENDING,
  NdisClDeregisterSap,
  type NdisHandle,
  NdisUnbindAdapter,
} from "../../src/ndis/index.ts";
import type { ClientSap } from "../support/drivers/client.ts";
import { makeWorld } from "../support/world.ts";
import { codes, entries } from "./helpers.ts";

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
  { weight: 1, arbitrary: fc.nat(20).map((i) => ({ t: "stale", i }) as const) },
  { weight: 1, arbitrary: fc.constant({ t: "closeAf" } as const) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }).map((n) => ({ t: "step", n }) as const) },
  { weight: 1, arbitrary: fc.constant({ t: "unbind" } as const) },
);

/** Codes the deliberate misuse of the run may report: stale handles used on purpose, closing with SAPs left. */
const PROVOKED = new Set(["invalid-handle", "af-closed-with-saps", "wrong-state"]);

describe("SAP life cycle under random interleavings", () => {
  it("always ends with no live SAP, no leaked block, no stale handle accepted, every request completed once", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.constantFrom("cm" as const, "mcm" as const),
        fc.array(op, { maxLength: 40 }),
        (seed, kind, ops) => {
          const w = makeWorld({
            kind,
            seed,
            policy: { openAf: "choose", closeAf: "choose", registerSap: "choose", deregisterSap: "choose" },
          });
          const retired: NdisHandle<"Sap">[] = [];
          let deregistrationsAccepted = 0;
          let staleAttempts = 0;
          const registered = (): ClientSap[] => w.client.saps.filter((s) => s.state === "registered");
          for (const o of ops) {
            const af = w.client.bindings[0]?.afs[0];
            switch (o.t) {
              case "register":
                if (af?.state === "open") w.client.registerSap(w.host, undefined, af);
                break;
              case "deregister": {
                const live = registered();
                const sap = live[o.i % Math.max(1, live.length)];
                if (sap === undefined || sap.handle === null) break;
                retired.push(sap.handle);
                const status = w.client.deregisterSap(w.host, sap);
                expect(status).toBe(NDIS_STATUS_PENDING);
                deregistrationsAccepted++;
                break;
              }
              case "stale": {
                const handle = retired[o.i % Math.max(1, retired.length)];
                if (handle === undefined) break;
                const status = w.host.runAs(w.client.name, () => NdisClDeregisterSap(handle));
                expect(status).toBe(NDIS_STATUS_FAILURE);
                staleAttempts++;
                break;
              }
              case "closeAf":
                if (af?.state === "open") w.client.closeAf(w.host, af);
                break;
              case "step":
                for (let k = 0; k < o.n; k++) w.scheduler.step();
                break;
              case "unbind": {
                const binding = w.client.bindings[0]?.handle;
                if (binding !== null && binding !== undefined)
                  w.host.runAs(w.client.name, () => NdisUnbindAdapter(binding as NdisHandle<"Binding">));
                break;
              }
            }
          }
          w.settle();
          w.host.removeAdapter("ATM0");
          w.settle();

          const snap = w.host.snapshot();
          expect(snap.saps).toEqual([]);
          expect(snap.afs).toEqual([]);
          expect(snap.liveBlocks).toBe(0);
          // Every registration completed exactly once; every accepted deregistration exactly once.
          for (const sap of w.client.saps) expect(sap.registerCompletions).toBe(1);
          const deregistered = w.client.saps.reduce((n, s) => n + s.deregisterCompletions, 0);
          const byTeardown = entries(w.events, "ProtocolCmDeregisterSap");
          expect(deregistered).toBe(byTeardown);
          expect(deregistrationsAccepted).toBeLessThanOrEqual(byTeardown);
          // A stale handle never reached the call manager: each stale attempt was refused and reported.
          const unexpected = codes(w.events).filter((c) => !PROVOKED.has(c));
          expect(unexpected).toEqual([]);
          // Each SAP was deregistered at the CM at most once, so the stale attempts never reached it.
          for (const sap of w.client.saps) expect(sap.deregisterCompletions).toBeLessThanOrEqual(1);
          if (staleAttempts > 0)
            expect(codes(w.events).some((c) => c === "invalid-handle" || c === "wrong-state")).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
