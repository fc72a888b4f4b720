import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { atmVcParameters } from "../../src/drivers/atm-media.ts";
import {
  NDIS_STATUS_SUCCESS,
  NdisCmActivateVc,
  NdisCmDeactivateVc,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  NdisFreeNetBufferList,
  type NdisHandle,
  type NET_BUFFER_LIST,
} from "../../src/ndis/index.ts";
import { makeWorld } from "../support/world.ts";
import { codes } from "./helpers.ts";
import { clientPool, clientSend, handles } from "./vc-helpers.ts";

type Op =
  | { readonly t: "create" }
  | { readonly t: "activate" | "deactivate" | "delete" | "inject"; readonly i: number }
  | { readonly t: "send"; readonly i: number; readonly n: number }
  | { readonly t: "step"; readonly n: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ t: "create" } as const),
  fc.record({
    t: fc.constantFrom("activate" as const, "deactivate" as const, "delete" as const, "inject" as const),
    i: fc.nat(5),
  }),
  fc.record({ t: fc.constant("send" as const), i: fc.nat(5), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ t: fc.constant("step" as const), n: fc.integer({ min: 1, max: 5 }) }),
);

/** Codes this workload provokes on purpose: sends on inactive VCs, deletes of active or closing VCs. */
const PROVOKED = new Set(["vc-not-ready", "wrong-state"]);

describe("the data path under random interleavings", () => {
  it("completes every NBL exactly once, returns every receive, and leaks nothing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.array(op, { maxLength: 40 }),
        fc.boolean(),
        (seed, ops, pendActivation) => {
          const w = makeWorld({ seed, medium: { pendActivation } });
          const h = handles(w);
          const pool = clientPool(w);
          const vcs: { handle: NdisHandle<"Vc">; vci: number; deleted: boolean }[] = [];
          const completedIds = new Map<NET_BUFFER_LIST, number>();
          let sent = 0;
          w.client.hooks.sendComplete = (_ctx, nbls) => {
            for (
              let nbl: NET_BUFFER_LIST | null = nbls, next: NET_BUFFER_LIST | null;
              nbl !== null;
              nbl = next
            ) {
              next = nbl.Next;
              completedIds.set(nbl, (completedIds.get(nbl) ?? 0) + 1);
              NdisFreeNetBufferList(nbl);
            }
          };
          const pick = (i: number) => {
            const live = vcs.filter((v) => !v.deleted);
            return live[i % Math.max(1, live.length)];
          };
          for (const o of ops) {
            switch (o.t) {
              case "create": {
                const r = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null));
                expect(r.status).toBe(NDIS_STATUS_SUCCESS);
                vcs.push({ handle: r.NdisVcHandle!, vci: 100 + vcs.length, deleted: false });
                break;
              }
              case "activate": {
                const vc = pick(o.i);
                if (vc !== undefined)
                  w.host.runAs("TESTCM", () => NdisCmActivateVc(vc.handle, atmVcParameters(0, vc.vci)));
                break;
              }
              case "deactivate": {
                const vc = pick(o.i);
                if (vc !== undefined) w.host.runAs("TESTCM", () => NdisCmDeactivateVc(vc.handle));
                break;
              }
              case "delete": {
                const vc = pick(o.i);
                if (
                  vc !== undefined &&
                  w.host.runAs(w.client.name, () => NdisCoDeleteVc(vc.handle)) === NDIS_STATUS_SUCCESS
                )
                  vc.deleted = true;
                break;
              }
              case "send": {
                const vc = pick(o.i);
                if (vc === undefined) break;
                for (let k = 0; k < o.n; k++) clientSend(w, pool, vc.handle, new Uint8Array([k, o.i]));
                sent += o.n;
                break;
              }
              case "inject": {
                const vc = pick(o.i);
                if (vc !== undefined) w.link!.b.send({ vpi: 0, vci: vc.vci, payload: new Uint8Array([o.i]) });
                break;
              }
              case "step":
                for (let k = 0; k < o.n; k++) w.scheduler.step();
                break;
            }
          }
          w.settle();
          for (const vc of vcs.filter((v) => !v.deleted)) {
            w.host.runAs("TESTCM", () => NdisCmDeactivateVc(vc.handle));
            w.settle();
            expect(w.host.runAs(w.client.name, () => NdisCoDeleteVc(vc.handle))).toBe(NDIS_STATUS_SUCCESS);
          }
          const snap = w.host.snapshot();
          expect(snap.outstandingNbls).toEqual([]);
          expect(snap.vcs).toEqual([]);
          expect(snap.liveNbls).toBe(0);
          expect(completedIds.size).toBe(sent);
          expect([...completedIds.values()].every((n) => n === 1)).toBe(true);
          expect(codes(w.events).filter((c) => !PROVOKED.has(c))).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
