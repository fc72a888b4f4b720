/**
 * VC and data-path misuse under random interleavings (deleting, activating and sending in any
 * state, deleting another driver's VC, re-sending NBLs in flight, returning receives twice,
 * completing activations nobody pended, closing the AF under VCs): every contract the core
 * reports is accounted for by exactly one specific rule, never by a catch-all.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { atmVcParameters } from "../../src/drivers/atm-media.ts";
import {
  NDIS_STATUS_SUCCESS,
  NdisCmActivateVc,
  NdisCmDeactivateVc,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  NdisCoSendNetBufferLists,
  type NdisHandle,
  NdisMCoActivateVcComplete,
  NdisReturnNetBufferLists,
  type NET_BUFFER_LIST,
} from "../../src/ndis/index.ts";
import { Verifier } from "../../src/verifier/index.ts";
import { clientNbl, clientPool, handles } from "../ndis/vc-helpers.ts";
import { makeWorld } from "../support/world.ts";

const KINDS = [
  "create",
  "createByCm",
  "activate",
  "deactivate",
  "delete",
  "deleteOther",
  "send",
  "resend",
  "inject",
  "hold",
  "returnHeld",
  "completeActivation",
  "closeAf",
  "step",
] as const;

type Op = { readonly t: (typeof KINDS)[number]; readonly i: number };

const op: fc.Arbitrary<Op> = fc.record({ t: fc.constantFrom(...KINDS), i: fc.nat(7) });

/** Two client VCs and one of the call manager's, activated, so that misuse meets traffic. */
const PRELUDE: readonly Op[] = [
  { t: "create", i: 0 },
  { t: "create", i: 1 },
  { t: "createByCm", i: 2 },
  { t: "activate", i: 0 },
  { t: "activate", i: 1 },
  { t: "activate", i: 2 },
];

interface Vc {
  readonly handle: NdisHandle<"Vc">;
  readonly vci: number;
  readonly creator: string;
  readonly other: string;
}

describe("classification of the core's VC and data-path reports", () => {
  it("every contract is claimed by one specific rule, whatever the misuse and the schedule", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.array(op, { maxLength: 40 }),
        fc.boolean(),
        (seed, ops, pendActivation) => {
          const w = makeWorld({ seed, medium: { pendActivation } });
          const h = handles(w);
          const pool = clientPool(w);
          const vcs: Vc[] = [];
          const sent: NET_BUFFER_LIST[] = [];
          const run = <T>(driver: string, fn: () => T): T => w.host.runAs(driver, fn);
          const pick = (i: number) => vcs[i % Math.max(1, vcs.length)];
          for (const o of [...PRELUDE, ...ops]) {
            const vc = pick(o.i);
            switch (o.t) {
              case "create":
              case "createByCm": {
                const [creator, other, binding] =
                  o.t === "create" ? [w.client.name, "TESTCM", h.client] : ["TESTCM", w.client.name, h.cm];
                const r = run(creator, () => NdisCoCreateVc(binding, h.af, null));
                if (r.NdisVcHandle !== null)
                  vcs.push({ handle: r.NdisVcHandle, vci: 300 + vcs.length, creator, other });
                break;
              }
              case "activate":
                if (vc !== undefined)
                  run("TESTCM", () => NdisCmActivateVc(vc.handle, atmVcParameters(0, vc.vci)));
                break;
              case "deactivate":
                if (vc !== undefined) run("TESTCM", () => NdisCmDeactivateVc(vc.handle));
                break;
              case "delete":
              case "deleteOther":
                if (vc !== undefined)
                  run(o.t === "delete" ? vc.creator : vc.other, () => NdisCoDeleteVc(vc.handle));
                break;
              case "send":
                if (vc !== undefined && vc.creator === w.client.name) {
                  const nbl = clientNbl(w, pool, vc.handle, new Uint8Array([o.i]));
                  sent.push(nbl);
                  run(w.client.name, () => NdisCoSendNetBufferLists(vc.handle, nbl, 0));
                }
                break;
              case "resend": {
                const nbl = sent[o.i % Math.max(1, sent.length)];
                if (vc !== undefined && nbl !== undefined) {
                  nbl.Next = null;
                  run(w.client.name, () => NdisCoSendNetBufferLists(vc.handle, nbl, 0));
                }
                break;
              }
              case "inject":
                if (vc !== undefined) w.link?.b.send({ vpi: 0, vci: vc.vci, payload: new Uint8Array([o.i]) });
                break;
              case "hold":
                w.client.hooks.returnReceives = o.i % 2 === 0;
                break;
              case "returnHeld": {
                const held = w.client.hooks.held[o.i % Math.max(1, w.client.hooks.held.length)];
                if (held !== undefined) {
                  held.Next = null;
                  run(w.client.name, () => NdisReturnNetBufferLists(h.client, held, 0));
                }
                break;
              }
              case "completeActivation":
                if (vc !== undefined)
                  w.host.runAtDispatch("COMINI", () =>
                    NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc.handle, atmVcParameters(0, vc.vci)),
                  );
                break;
              case "closeAf":
                if (w.client.af().state === "open") w.client.closeAf(w.host);
                break;
              case "step":
                for (let k = 0; k <= o.i; k++) w.scheduler.step();
                break;
            }
          }
          w.settle();
          const verifier = new Verifier({ mode: "strict" });
          for (const e of w.events) verifier.observe(e);
          verifier.attach(w.host);
          verifier.checkQuiescence();
          const found = verifier.violations();
          expect(found.filter((v) => v.rule.category === "general").map((v) => v.message)).toEqual([]);
          const contracts = w.events.filter((e) => e.type === "contract").length;
          expect(found.reduce((n, v) => n + v.evidence.length, 0)).toBe(contracts);
        },
      ),
      { numRuns: 150 },
    );
  });
});
