import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ClientSapState } from "../../src/drivers/clients/sap-client.ts";
import { atmSap, registeredAddress, uniWorld } from "../support/uni-world.ts";

type Op =
  | { readonly t: "register"; readonly sel: number }
  | { readonly t: "deregister"; readonly i: number }
  | { readonly t: "down" | "up" | "restart" }
  | { readonly t: "loss"; readonly perMille: number }
  | { readonly t: "step"; readonly n: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }).map((sel) => ({ t: "register", sel }) as const) },
  { weight: 4, arbitrary: fc.nat(10).map((i) => ({ t: "deregister", i }) as const) },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ t: "down" } as const, { t: "up" } as const, { t: "restart" } as const),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 600 }).map((perMille) => ({ t: "loss", perMille }) as const),
  },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 40 }).map((n) => ({ t: "step", n }) as const) },
);

describe("UNI call manager and agent under loss, link failures and restarts", () => {
  it("every request completes once, nothing leaks, and once the network is quiet agent and host agree", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.constantFrom("cm" as const, "mcm" as const),
        fc.array(op, { maxLength: 25 }),
        (seed, kind, ops) => {
          const w = uniWorld({ kind, seed });
          const saps: ClientSapState[] = [];
          let deregistrations = 0;
          for (const o of ops) {
            switch (o.t) {
              case "register":
                if (w.client.afOpen)
                  saps.push(w.asClient(() => w.client.registerSap(`s${saps.length}`, atmSap(o.sel))));
                break;
              case "deregister": {
                const live = saps.filter((s) => s.state === "registered");
                const sap = live[o.i % Math.max(1, live.length)];
                if (sap !== undefined && w.asClient(() => w.client.deregisterSap(sap)) === 0x103)
                  deregistrations++;
                break;
              }
              case "down":
                w.link.down();
                break;
              case "up":
                w.link.up();
                break;
              case "restart":
                w.agent.restart();
                break;
              case "loss":
                w.link.setFaults({ drop: o.perMille });
                break;
              case "step":
                for (let k = 0; k < o.n; k++) w.scheduler.step();
                break;
            }
          }
          // The network becomes quiet: no loss, the link up; then everything settles.
          w.link.setFaults({});
          w.link.up();
          w.settle();
          for (const sap of saps) expect(["registered", "deregistered", "failed"]).toContain(sap.state);
          const done = w.client.reports.filter((r) => r.what === "sap-deregistered").length;
          expect(done).toBe(deregistrations);
          const registered = new Set(
            saps
              .filter((s) => s.state === "registered")
              .map((s) => registeredAddress(s.sap.Sap[36 + 16 + 4 + 8 + 19] ?? 0)),
          );
          const held = new Set(w.agent.view().addresses.map((a) => a.address));
          expect([...held].sort()).toEqual([...registered].sort());
          expect(w.verifier.checkQuiescence().violations).toEqual([]);
          expect(w.verifier.violations().map((v) => `${v.rule.id}: ${v.message}`)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
