/**
 * Call misuse under random interleavings (making, closing, completing, dispatching and deleting
 * on any VC in any state, with call managers that answer at once, pend, complete inside, forget
 * to activate or deactivate, or fail, and clients that accept, pend, reject or answer twice):
 * every contract the core reports is accounted for by exactly one specific rule, never by a
 * catch-all.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClCloseCall,
  NdisClIncomingCallComplete,
  NdisClMakeCall,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  NdisCoSendNetBufferLists,
  type NdisHandle,
  NdisMCmCreateVc,
  NdisMCmDeleteVc,
} from "../../src/ndis/index.ts";
import { Verifier } from "../../src/verifier/index.ts";
import { clientNbl, clientPool } from "../ndis/vc-helpers.ts";
import { CALL_PARAMS, callForms } from "../support/buggy-drivers/call-world.ts";
import { syncPolicy } from "../support/drivers/policy.ts";
import { makeWorld } from "../support/world.ts";

/** Completion statuses: mostly SUCCESS, sometimes PENDING (never allowed) or a failure. */
const STATUSES: readonly NDIS_STATUS[] = [
  NDIS_STATUS_SUCCESS,
  NDIS_STATUS_SUCCESS,
  NDIS_STATUS_SUCCESS,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_FAILURE,
];

/** How the call manager answers ProtocolCmMakeCall and ProtocolCmCloseCall. */
const CM_ANSWERS = ["correct", "pend", "no-vc-change", "inside-pending", "inside-success", "fail"] as const;
/** How the client answers ProtocolClIncomingCall. */
const CLIENT_ANSWERS = ["accept", "pend", "reject", "inside-pending", "inside-success"] as const;

const KINDS = [
  "create",
  "createByCm",
  "activate",
  "deactivate",
  "delete",
  "deleteOther",
  "makeCall",
  "closeCall",
  "makeComplete",
  "closeComplete",
  "dispatch",
  "connected",
  "incomingClose",
  "incomingComplete",
  "send",
  "sendThenClose",
  "registerSap",
  "deregisterSap",
  "deregisterThenDispatch",
  "cmAnswer",
  "clientAnswer",
  "step",
] as const;

type Op = { readonly t: (typeof KINDS)[number]; readonly i: number; readonly j: number };

/** Call operations often, VC life-time operations now and then (a deleted VC ends its calls). */
const WEIGHT: Partial<Record<Op["t"], number>> = {
  makeCall: 4,
  closeCall: 4,
  makeComplete: 3,
  closeComplete: 3,
  dispatch: 4,
  connected: 3,
  incomingClose: 3,
  incomingComplete: 3,
  sendThenClose: 3,
  deregisterThenDispatch: 2,
  cmAnswer: 3,
  clientAnswer: 2,
  step: 2,
};

const op: fc.Arbitrary<Op> = fc.oneof(
  ...KINDS.map((t) => ({
    arbitrary: fc.record({ t: fc.constant(t), i: fc.nat(7), j: fc.nat(7) }),
    weight: WEIGHT[t] ?? 1,
  })),
);

/**
 * Two client VCs and two of the call manager's, a SAP, an outgoing call and an incoming one, so
 * that misuse meets live calls.
 */
const PRELUDE: readonly Op[] = [
  { t: "registerSap", i: 0, j: 0 },
  { t: "create", i: 0, j: 0 },
  { t: "create", i: 0, j: 0 },
  { t: "createByCm", i: 0, j: 0 },
  { t: "createByCm", i: 0, j: 0 },
  { t: "activate", i: 2, j: 0 },
  { t: "activate", i: 3, j: 0 },
  { t: "makeCall", i: 0, j: 0 },
  { t: "dispatch", i: 2, j: 0 },
];

interface Vc {
  readonly handle: NdisHandle<"Vc">;
  readonly vci: number;
  readonly byClient: boolean;
}

describe("classification of the core's call reports", () => {
  it("every contract is claimed by one specific rule, whatever the misuse and the schedule", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.constantFrom("cm" as const, "mcm" as const),
        fc.boolean(),
        fc.array(op, { maxLength: 50 }),
        (seed, kind, pendActivation, ops) => {
          // A deregistration may pend (the scheduler chooses), so a dispatch can meet it.
          const policy = { ...syncPolicy(), deregisterSap: "choose" as const };
          const w =
            kind === "cm"
              ? makeWorld({ seed, policy, medium: { pendActivation } })
              : makeWorld({ seed, kind, policy });
          const f = callForms(kind);
          const cmName = kind === "cm" ? "TESTCM" : "TESTMCM";
          const cm = (w.cm?.hooks ?? w.mcm?.hooks)!;
          const binding = w.client.bindings[0]!.handle!;
          const af = w.client.af().handle!;
          const pool = kind === "cm" ? clientPool(w) : undefined;
          const vcs: Vc[] = [];
          const asCm = <T>(fn: () => T): T => w.host.runAs(cmName, fn);
          const asClient = <T>(fn: () => T): T => w.host.runAs(w.client.name, fn);
          const pick = (i: number) => vcs[i % Math.max(1, vcs.length)];
          const vcOf = (ctx: unknown) => (ctx as { vc: NdisHandle<"Vc"> }).vc;
          let cmAnswer: (typeof CM_ANSWERS)[number] = "correct";
          let clientAnswer: (typeof CLIENT_ANSWERS)[number] = "accept";
          const vciOf = (h: NdisHandle<"Vc">) => vcs.find((v) => v.handle === h)?.vci;
          cm.makeCall = (ctx) => {
            const vc = vcOf(ctx);
            switch (cmAnswer) {
              case "correct":
                return {
                  status:
                    f.activate(vc, vciOf(vc)) === NDIS_STATUS_SUCCESS
                      ? NDIS_STATUS_SUCCESS
                      : NDIS_STATUS_PENDING,
                };
              case "pend":
                f.activate(vc, vciOf(vc));
                return { status: NDIS_STATUS_PENDING };
              case "no-vc-change":
                return { status: NDIS_STATUS_SUCCESS };
              case "inside-pending":
              case "inside-success":
                f.makeCallComplete(NDIS_STATUS_SUCCESS, vc);
                return { status: cmAnswer === "inside-pending" ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS };
              case "fail":
                return { status: NDIS_STATUS_NOT_SUPPORTED };
            }
          };
          cm.closeCall = (ctx) => {
            const vc = vcOf(ctx);
            switch (cmAnswer) {
              case "correct":
                return f.deactivate(vc) === NDIS_STATUS_PENDING ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS;
              case "pend":
                f.deactivate(vc);
                return NDIS_STATUS_PENDING;
              case "no-vc-change":
                return NDIS_STATUS_SUCCESS;
              case "inside-pending":
              case "inside-success":
                f.closeCallComplete(NDIS_STATUS_SUCCESS, vc);
                return cmAnswer === "inside-pending" ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS;
              case "fail":
                return NDIS_STATUS_FAILURE;
            }
          };
          w.client.hooks.incomingCall = (_sap, ctx) => {
            switch (clientAnswer) {
              case "accept":
                return NDIS_STATUS_SUCCESS;
              case "pend":
                return NDIS_STATUS_PENDING;
              case "reject":
                return NDIS_STATUS_NOT_SUPPORTED;
              case "inside-pending":
              case "inside-success":
                NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, vcOf(ctx), CALL_PARAMS);
                return clientAnswer === "inside-pending" ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS;
            }
          };
          for (const o of [...PRELUDE, ...ops]) {
            const vc = pick(o.i);
            const status = STATUSES[o.j % STATUSES.length] as NDIS_STATUS;
            switch (o.t) {
              case "create":
              case "createByCm": {
                const ctx: { vc: NdisHandle<"Vc"> | null } = { vc: null };
                const r =
                  o.t === "create"
                    ? asClient(() => NdisCoCreateVc(binding, af, ctx))
                    : asCm(() =>
                        kind === "cm"
                          ? NdisCoCreateVc(w.cm!.bindings[0]!.handle!, af, ctx)
                          : NdisMCmCreateVc(w.mcm!.adapters[0]!.handle, af, ctx),
                      );
                ctx.vc = r.NdisVcHandle;
                if (r.NdisVcHandle !== null)
                  vcs.push({ handle: r.NdisVcHandle, vci: 300 + vcs.length, byClient: o.t === "create" });
                break;
              }
              case "activate":
                if (vc !== undefined) asCm(() => f.activate(vc.handle, vc.vci));
                break;
              case "deactivate":
                if (vc !== undefined) asCm(() => f.deactivate(vc.handle));
                break;
              case "delete":
              case "deleteOther": {
                if (vc === undefined) break;
                // "delete": by the VC's creator; "deleteOther": by the other side.
                const byClient = vc.byClient === (o.t === "delete");
                if (byClient) asClient(() => NdisCoDeleteVc(vc.handle));
                else asCm(() => (kind === "cm" ? NdisCoDeleteVc(vc.handle) : NdisMCmDeleteVc(vc.handle)));
                break;
              }
              case "makeCall":
                if (vc !== undefined) asClient(() => NdisClMakeCall(vc.handle, CALL_PARAMS, null));
                break;
              case "closeCall":
                if (vc !== undefined) asClient(() => NdisClCloseCall(vc.handle, null, null, 0));
                break;
              case "makeComplete":
                if (vc !== undefined) asCm(() => f.makeCallComplete(status, vc.handle));
                break;
              case "closeComplete":
                if (vc !== undefined) asCm(() => f.closeCallComplete(status, vc.handle));
                break;
              case "dispatch": {
                const sap = w.core().sapHandles[o.j % Math.max(1, w.core().sapHandles.length)];
                if (vc !== undefined && sap !== undefined) asCm(() => f.dispatchIncomingCall(sap, vc.handle));
                break;
              }
              case "connected":
                if (vc !== undefined) asCm(() => f.dispatchCallConnected(vc.handle));
                break;
              case "incomingClose":
                if (vc !== undefined) asCm(() => f.dispatchIncomingCloseCall(status, vc.handle));
                break;
              case "incomingComplete":
                if (vc !== undefined)
                  asClient(() =>
                    NdisClIncomingCallComplete(
                      status === NDIS_STATUS_FAILURE ? NDIS_STATUS_NOT_SUPPORTED : status,
                      vc.handle,
                      CALL_PARAMS,
                    ),
                  );
                break;
              case "send":
              case "sendThenClose":
                if (vc !== undefined && pool !== undefined && vc.byClient) {
                  const nbl = clientNbl(w, pool, vc.handle, new Uint8Array([o.j]));
                  asClient(() => NdisCoSendNetBufferLists(vc.handle, nbl, 0));
                }
                if (vc !== undefined && o.t === "sendThenClose")
                  asClient(() => NdisClCloseCall(vc.handle, null, null, 0));
                break;
              case "registerSap":
                w.client.registerSap(w.host);
                break;
              case "deregisterSap":
              case "deregisterThenDispatch": {
                const saps = w.client.saps;
                const sap = saps.filter((s) => s.state === "registered")[o.j % 2];
                if (sap !== undefined) w.client.deregisterSap(w.host, sap);
                const handle = w.core().sapHandles[saps.indexOf(sap as (typeof saps)[number])];
                if (o.t === "deregisterThenDispatch" && vc !== undefined && handle !== undefined)
                  asCm(() => f.dispatchIncomingCall(handle, vc.handle));
                break;
              }
              case "cmAnswer":
                cmAnswer = CM_ANSWERS[o.j % CM_ANSWERS.length] ?? "correct";
                break;
              case "clientAnswer":
                clientAnswer = CLIENT_ANSWERS[o.j % CLIENT_ANSWERS.length] ?? "accept";
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
      { numRuns: 200 },
    );
  });
});
