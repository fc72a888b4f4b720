/**
 * Party and QoS misuse under random interleavings (adding, dropping, completing and dispatching
 * drops on any party in any state, closing with parties left, QoS changes and their completions
 * at any time, with call managers that answer at once, pend, complete inside or fail): every
 * contract the core reports is accounted for by exactly one specific rule, never by a catch-all.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClAddParty,
  NdisClCloseCall,
  NdisClDropParty,
  NdisClMakeCall,
  NdisClModifyCallQoS,
  NdisCoCreateVc,
  type NdisHandle,
} from "../../src/ndis/index.ts";
import { Verifier } from "../../src/verifier/index.ts";
import { CALL_PARAMS, callForms } from "../support/buggy-drivers/call-world.ts";
import { makeWorld } from "../support/world.ts";

/** Completion statuses: mostly SUCCESS, sometimes PENDING (never allowed) or a failure. */
const STATUSES: readonly NDIS_STATUS[] = [
  NDIS_STATUS_SUCCESS,
  NDIS_STATUS_SUCCESS,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_FAILURE,
];

/** How the call manager answers ProtocolCmMakeCall, AddParty, DropParty and ModifyCallQoS. */
const ANSWERS = ["sync", "pend", "inside-pending", "inside-success", "fail"] as const;

const KINDS = [
  "makeCall",
  "makeComplete",
  "add",
  "drop",
  "close",
  "addComplete",
  "dropComplete",
  "incomingDrop",
  "modifyQoS",
  "qosComplete",
  "incomingQoS",
  "answer",
  "step",
] as const;

type Op = { readonly t: (typeof KINDS)[number]; readonly i: number; readonly j: number };

/** Party operations often, so that adds and drops meet each other and their completions. */
const WEIGHT: Partial<Record<Op["t"], number>> = {
  add: 3,
  drop: 3,
  addComplete: 2,
  dropComplete: 2,
  answer: 2,
};

const op: fc.Arbitrary<Op> = fc.oneof(
  ...KINDS.map((t) => ({
    arbitrary: fc.record({ t: fc.constant(t), i: fc.nat(7), j: fc.nat(7) }),
    weight: WEIGHT[t] ?? 1,
  })),
);

describe("classification of the core's party and QoS reports", () => {
  it("every contract is claimed by one specific rule, whatever the misuse and the schedule", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.constantFrom("cm" as const, "mcm" as const),
        fc.constantFrom(...ANSWERS),
        fc.array(op, { maxLength: 40 }),
        (seed, kind, initial, ops) => {
          const w = kind === "cm" ? makeWorld({ seed, medium: {} }) : makeWorld({ seed, kind });
          const f = callForms(kind);
          const cm = (w.cm?.hooks ?? w.mcm?.hooks)!;
          const asCm = <T>(fn: () => T): T => w.host.runAs(kind === "cm" ? "TESTCM" : "TESTMCM", fn);
          const asClient = <T>(fn: () => T): T => w.host.runAs(w.client.name, fn);
          const vcs: NdisHandle<"Vc">[] = [];
          const parties: NdisHandle<"Party">[] = [];
          for (let n = 0; n < 2; n++) {
            const ctx: { vc: NdisHandle<"Vc"> | null } = { vc: null };
            const r = asClient(() =>
              NdisCoCreateVc(w.client.bindings[0]!.handle!, w.client.af().handle!, ctx),
            );
            ctx.vc = r.NdisVcHandle;
            if (r.NdisVcHandle !== null) vcs.push(r.NdisVcHandle);
          }
          let answer: (typeof ANSWERS)[number] = initial;
          const vcOf = (ctx: unknown) => (ctx as { vc: NdisHandle<"Vc"> }).vc;
          const respond = (complete: () => void): NDIS_STATUS => {
            switch (answer) {
              case "sync":
                return NDIS_STATUS_SUCCESS;
              case "pend":
                return NDIS_STATUS_PENDING;
              case "inside-pending":
              case "inside-success":
                complete();
                return answer === "inside-pending" ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS;
              case "fail":
                return NDIS_STATUS_NOT_SUPPORTED;
            }
          };
          cm.makeCall = (ctx, _params, party) => {
            const vc = vcOf(ctx);
            f.activate(vc, 200 + vcs.indexOf(vc));
            const status = respond(() => f.makeCallComplete(NDIS_STATUS_SUCCESS, vc, party));
            return { status, CallMgrPartyContext: { party } };
          };
          cm.closeCall = (ctx) => {
            f.deactivate(vcOf(ctx));
            return NDIS_STATUS_SUCCESS;
          };
          cm.addParty = (_ctx, _params, party) => ({
            status: respond(() => f.addPartyComplete(NDIS_STATUS_SUCCESS, party)),
            CallMgrPartyContext: { party },
          });
          cm.dropParty = (partyCtx) => {
            const party = (partyCtx as { party: NdisHandle<"Party"> } | null)?.party;
            return respond(() => {
              if (party !== undefined) f.dropPartyComplete(NDIS_STATUS_SUCCESS, party);
            });
          };
          cm.modifyQoS = (ctx) => respond(() => f.modifyCallQoSComplete(NDIS_STATUS_SUCCESS, vcOf(ctx)));
          const make = (vc: NdisHandle<"Vc">) => {
            const r = asClient(() => NdisClMakeCall(vc, CALL_PARAMS, { first: true }));
            if (r.NdisPartyHandle !== null) parties.push(r.NdisPartyHandle);
          };
          // The first call is made with a correct answer, so that parties meet a live call.
          const vc0 = vcs[0];
          const first = answer;
          answer = "sync";
          if (vc0 !== undefined) make(vc0);
          answer = first;
          for (const o of ops) {
            const vc = vcs[o.i % Math.max(1, vcs.length)];
            const party = parties[o.i % Math.max(1, parties.length)];
            const status = STATUSES[o.j % STATUSES.length] as NDIS_STATUS;
            switch (o.t) {
              case "makeCall":
                if (vc !== undefined) make(vc);
                break;
              case "makeComplete":
                if (vc !== undefined) asCm(() => f.makeCallComplete(status, vc));
                break;
              case "add":
                if (vc !== undefined) {
                  const r = asClient(() => NdisClAddParty(vc, { n: parties.length }, CALL_PARAMS));
                  if (r.NdisPartyHandle !== null) parties.push(r.NdisPartyHandle);
                }
                break;
              case "drop":
                if (party !== undefined) asClient(() => NdisClDropParty(party, null, 0));
                break;
              case "close":
                if (vc !== undefined) asClient(() => NdisClCloseCall(vc, party ?? null, null, 0));
                break;
              case "addComplete":
                if (party !== undefined) asCm(() => f.addPartyComplete(status, party));
                break;
              case "dropComplete":
                if (party !== undefined) asCm(() => f.dropPartyComplete(status, party));
                break;
              case "incomingDrop":
                if (party !== undefined) asCm(() => f.dispatchIncomingDropParty(NDIS_STATUS_SUCCESS, party));
                break;
              case "modifyQoS":
                if (vc !== undefined) asClient(() => NdisClModifyCallQoS(vc, CALL_PARAMS));
                break;
              case "qosComplete":
                if (vc !== undefined) asCm(() => f.modifyCallQoSComplete(status, vc));
                break;
              case "incomingQoS":
                if (vc !== undefined) asCm(() => f.dispatchIncomingCallQoSChange(vc));
                break;
              case "answer":
                answer = ANSWERS[o.j % ANSWERS.length] ?? "sync";
                break;
              case "step":
                for (let k = 0; k <= o.i; k++) w.scheduler.step();
                break;
            }
          }
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
      { numRuns: 150 },
    );
  });
});
