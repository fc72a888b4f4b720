import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DialResult } from "../../src/drivers/clients/dialer.ts";
import { NDIS_STATUS_NOT_ACCEPTED, NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS } from "../../src/ndis/index.ts";
import { callWorld } from "./call-world.ts";

type Op =
  | { readonly t: "dial"; readonly count: number; readonly size: number; readonly hold: boolean }
  | { readonly t: "hang-up"; readonly i: number }
  | { readonly t: "echo-hang-up" }
  | { readonly t: "loss"; readonly host: 0 | 1; readonly perMille: number }
  | { readonly t: "bounce"; readonly host: 0 | 1 }
  | { readonly t: "run"; readonly ms: number }
  | { readonly t: "mode"; readonly answer: "accept" | "reject" | "pend" }
  | { readonly t: "answer"; readonly accept: boolean }
  | { readonly t: "deregister" }
  | { readonly t: "unload"; readonly host: 0 | 1 }
  | { readonly t: "multi"; readonly leaves: readonly number[]; readonly count: number }
  | { readonly t: "drop-leaf"; readonly i: number; readonly leaf: number }
  | { readonly t: "a-echo-hang-up" }
  | { readonly t: "modify"; readonly i: number; readonly cells: number }
  | { readonly t: "echo-modify"; readonly cells: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ count: fc.nat(6), size: fc.integer({ min: 4, max: 3000 }), hold: fc.boolean() })
      .map((r) => ({ t: "dial", ...r }) as const),
  },
  { weight: 2, arbitrary: fc.nat(10).map((i) => ({ t: "hang-up", i }) as const) },
  { weight: 1, arbitrary: fc.constant({ t: "echo-hang-up" } as const) },
  {
    weight: 1,
    arbitrary: fc
      .record({ host: fc.constantFrom(0 as const, 1 as const), perMille: fc.integer({ min: 0, max: 400 }) })
      .map((r) => ({ t: "loss", ...r }) as const),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0 as const, 1 as const).map((host) => ({ t: "bounce", host }) as const),
  },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4000 }).map((ms) => ({ t: "run", ms }) as const) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom("accept" as const, "reject" as const, "pend" as const)
      .map((answer) => ({ t: "mode", answer }) as const),
  },
  { weight: 1, arbitrary: fc.boolean().map((accept) => ({ t: "answer", accept }) as const) },
  { weight: 1, arbitrary: fc.constant({ t: "deregister" } as const) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        leaves: fc.array(fc.constantFrom(1, 2, 3), { minLength: 1, maxLength: 3 }),
        count: fc.nat(4),
      })
      .map((r) => ({ t: "multi", ...r }) as const),
  },
  {
    weight: 1,
    arbitrary: fc.record({ i: fc.nat(10), leaf: fc.nat(3) }).map((r) => ({ t: "drop-leaf", ...r }) as const),
  },
  { weight: 1, arbitrary: fc.constant({ t: "a-echo-hang-up" } as const) },
  {
    weight: 2,
    arbitrary: fc
      .record({ i: fc.nat(10), cells: fc.integer({ min: 1, max: 100_000 }) })
      .map((r) => ({ t: "modify", ...r }) as const),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 100_000 }).map((cells) => ({ t: "echo-modify", cells }) as const),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0 as const, 1 as const).map((host) => ({ t: "unload", host }) as const),
  },
);

describe("calls under loss, link failures and hang-ups from either side", () => {
  it("every dial ends once, no echo is ever wrong, nothing leaks, and the verifier is content", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.constantFrom("cm" as const, "mcm" as const, "cm-pended" as const),
        fc.array(op, { maxLength: 14 }),
        (seed, kind, ops) => {
          const w = callWorld(
            kind === "cm-pended"
              ? { kind: "cm", seed, miniport: { pendActivation: true, receiveWithResources: true } }
              : { kind, seed },
          );
          const sap = w.b.as(w.b.echo.name, () => w.b.echo.listen("echo", w.b.sap(1)));
          // A leaf on the caller's own host (selector 3); selector 2 on B is never registered.
          w.a.as(w.a.echo.name, () => w.a.echo.listen("own", w.a.sap(3)));
          w.run(2);
          expect(sap.state).toBe("registered");
          const dials: DialResult[] = [];
          const hosts = [w.a, w.b] as const;
          const unloaded: boolean[] = [false, false];
          for (const o of ops) {
            switch (o.t) {
              case "dial":
                dials.push(
                  w.a.as(w.a.dialer.name, () =>
                    w.a.dialer.dial(w.b.address(1), o.count, o.size, { hold: o.hold }),
                  ),
                );
                break;
              case "hang-up": {
                const r = dials[o.i % Math.max(1, dials.length)];
                if (r !== undefined) w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
                break;
              }
              case "echo-hang-up":
                w.b.as(w.b.echo.name, () => w.b.echo.hangUp());
                break;
              case "loss":
                hosts[o.host].link.setFaults({ drop: o.perMille });
                break;
              case "bounce":
                hosts[o.host].link.down();
                w.run(0.5);
                hosts[o.host].link.up();
                break;
              case "run":
                w.run(o.ms / 1000);
                break;
              case "mode":
                w.b.echo.answerMode = o.answer;
                break;
              case "answer":
                w.b.as(w.b.echo.name, () =>
                  w.b.echo.answerPending(o.accept ? NDIS_STATUS_SUCCESS : NDIS_STATUS_NOT_ACCEPTED),
                );
                break;
              case "multi": {
                const to = o.leaves.map((l) => (l === 3 ? w.a.address(3) : w.b.address(l)));
                dials.push(w.a.as(w.a.dialer.name, () => w.a.dialer.dialMultipoint(to, o.count, 64)));
                break;
              }
              case "drop-leaf": {
                const r = dials[o.i % Math.max(1, dials.length)];
                if (r !== undefined) w.a.as(w.a.dialer.name, () => w.a.dialer.dropLeaf(r, o.leaf));
                break;
              }
              case "a-echo-hang-up":
                w.a.as(w.a.echo.name, () => w.a.echo.hangUp());
                break;
              case "modify": {
                // A QoS change (Q.2963.1) on one of the dials, whatever its state: refused at once
                // unless it is a connected point-to-point call.
                const r = dials[o.i % Math.max(1, dials.length)];
                if (r !== undefined)
                  w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, o.cells * 48));
                break;
              }
              case "echo-modify":
                for (const call of w.b.echo.connectedCalls())
                  w.b.as(w.b.echo.name, () => w.b.echo.modifyPeakRate(call, o.cells * 48));
                break;
              case "unload":
                if (unloaded[o.host] !== true) hosts[o.host].host.removeAdapter("ATM0");
                unloaded[o.host] = true;
                break;
              case "deregister":
                // Calls already offered on the SAP are not affected; new ones find no route.
                w.b.as(w.b.echo.name, () => w.b.echo.deregisterSap(sap));
                break;
            }
          }
          // The network becomes quiet; pended answers are given; the dialer hangs up whatever still
          // waits for lost echoes.
          for (const h of hosts) {
            h.link.setFaults({});
            h.link.up();
          }
          w.b.echo.answerMode = "accept";
          w.run(5);
          w.b.as(w.b.echo.name, () => w.b.echo.answerPending(NDIS_STATUS_SUCCESS));
          w.run(60);
          for (const r of dials)
            if (r.state === "connected") w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
          w.run(10);
          for (const r of dials) {
            if (unloaded[0] !== true) expect(["done", "failed"]).toContain(r.state);
            // Every QoS change the dialer asked for has completed.
            expect(r.qos).not.toContain(NDIS_STATUS_PENDING);
            expect(r.mismatched).toBe(0);
            expect(r.echoed).toBeLessThanOrEqual(r.sent);
          }
          if (unloaded[0] !== true && unloaded[1] !== true) expect(w.b.echo.calls.size).toBe(0);
          hosts.forEach((h, i) => {
            if (unloaded[i] !== true) h.host.removeAdapter("ATM0");
          });
          w.run(10);
          for (const h of hosts) {
            const snap = h.host.snapshot();
            expect(
              snap.vcs.length + snap.saps.length + snap.afs.length + snap.liveBlocks + snap.liveNbls,
            ).toBe(0);
          }
          expect(w.contracts()).toEqual([]);
          expect(w.verifier.checkQuiescence().violations).toEqual([]);
          expect(w.verifier.violations().map((v) => `${v.rule.id}: ${v.message}`)).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.CONDIS_PROPERTY_RUNS ?? 50) },
    );
  });
});
