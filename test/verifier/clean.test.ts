/**
 * The clean test drivers (stand-alone CM and MCM, client, miniport) across the scenarios of
 * test/ndis that are not deliberate misuse: the strict verifier finds nothing, and at the end the
 * system is quiescent with no request left pending.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DISPATCH_LEVEL,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SAP_IN_USE,
  NdisAcquireSpinLock,
  NdisAllocateIoWorkItem,
  NdisAllocateSpinLock,
  NdisAllocateTimerObject,
  NdisCancelTimerObject,
  NdisDprAcquireSpinLock,
  NdisDprReleaseSpinLock,
  NdisFreeIoWorkItem,
  NdisFreeTimerObject,
  type NdisHandle,
  NdisQueueIoWorkItem,
  NdisReleaseSpinLock,
  NdisSetTimerObject,
  NdisUnbindAdapter,
} from "../../src/ndis/index.ts";
import { Verifier } from "../../src/verifier/index.ts";
import { testSap } from "../support/drivers/client.ts";
import type { CmPolicy } from "../support/drivers/policy.ts";
import { makeWorld, type World } from "../support/world.ts";

const kinds = ["cm", "mcm"] as const;
const policy = (p: Partial<CmPolicy>): CmPolicy => ({
  openAf: "sync",
  closeAf: "sync",
  registerSap: "sync",
  deregisterSap: "sync",
  ...p,
});

/** Replays a world's whole stream into a strict verifier and checks quiescence at its end. */
function verify(w: World): string[] {
  const verifier = new Verifier({ mode: "strict", replay: w.scheduler });
  for (const e of w.events) verifier.observe(e);
  const q = verifier.checkQuiescence(w.scheduler.runUntilIdle(100_000));
  expect(q.outcome).toBe("quiescent");
  expect(q.outstanding).toEqual([]);
  return verifier.violations().map((v) => `${v.rule.id} ${v.rule.name}: ${v.message}`);
}

const answers = ["sync", "pend", "pend-manual", "complete-inside"] as const;

describe.each(kinds)("clean drivers, strict mode (%s)", (kind) => {
  const cmDriver = kind === "cm" ? "TESTCM" : "TESTMCM";
  const releaseAll = (w: World) => {
    while (w.host.runAs(cmDriver, () => w.core().releaseOne())) w.settle();
    w.settle();
  };

  it.each(answers)("SAP life cycle and AF close with every request answered %s", (answer) => {
    const w = makeWorld({
      kind,
      policy: { openAf: answer, closeAf: answer, registerSap: answer, deregisterSap: answer },
    });
    releaseAll(w);
    const { sap } = w.client.registerSap(w.host);
    const second = w.client.registerSap(w.host, testSap(2)).sap;
    releaseAll(w);
    w.client.deregisterSap(w.host, sap);
    w.client.deregisterSap(w.host, second);
    releaseAll(w);
    w.client.closeAf(w.host);
    releaseAll(w);
    expect(w.client.af().state).toBe("closed");
    expect(verify(w)).toEqual([]);
  });

  it("Q1 switch, Q9 buffer, Q16 duplicate SAP", () => {
    const w = makeWorld({ kind, options: { registerSapSyncReturn: true } });
    const a = w.client.registerSap(w.host, testSap(3)).sap;
    const b = w.client.registerSap(w.host, testSap(3)).sap;
    w.client.deregisterSap(w.host, a);
    w.client.deregisterSap(w.host, b);
    expect(verify(w)).toEqual([]);
  });

  it.each([NDIS_STATUS_RESOURCES, NDIS_STATUS_INVALID_DATA, NDIS_STATUS_SAP_IN_USE])(
    "a call manager refusing a registration (%s) or an open is no violation",
    (failure) => {
      const w = makeWorld({ kind, policy: policy({ registerSap: { fail: failure } }) });
      w.client.registerSap(w.host);
      const refused = makeWorld({ kind, policy: policy({ openAf: { fail: failure } }) });
      expect(verify(w)).toEqual([]);
      expect(verify(refused)).toEqual([]);
    },
  );

  it("Q8: closing with only deregistering SAPs, and a NOT_ACCEPTED close", () => {
    const w = makeWorld({ kind, policy: policy({ deregisterSap: "pend-manual" }) });
    const { sap } = w.client.registerSap(w.host);
    w.client.deregisterSap(w.host, sap);
    w.client.closeAf(w.host);
    releaseAll(w);
    const refusing = makeWorld({ kind, policy: policy({ closeAf: { fail: NDIS_STATUS_NOT_ACCEPTED } }) });
    refusing.client.closeAf(refusing.host);
    expect(verify(w)).toEqual([]);
    expect(verify(refusing)).toEqual([]);
  });

  it("Q17: a pended open completed at DISPATCH_LEVEL", () => {
    const w = makeWorld({ kind, policy: policy({ openAf: "pend-manual" }) });
    w.host.runAtDispatch(cmDriver, () => w.core().releaseOne());
    w.settle();
    expect(verify(w)).toEqual([]);
  });

  it("8.8: the call manager goes away and has the client close first", () => {
    const w = makeWorld({ kind, policy: policy({ deregisterSap: "pend", closeAf: "pend" }) });
    w.client.registerSap(w.host);
    if (kind === "cm") w.host.unloadDriver("TESTCM");
    else w.host.removeAdapter("ATM0");
    w.settle();
    expect(w.host.snapshot().liveBlocks).toBe(0);
    expect(verify(w)).toEqual([]);
  });

  it("NdisUnbindAdapter, then removing the adapter with every request pended", () => {
    const w = makeWorld({
      kind,
      policy: { openAf: "pend", closeAf: "pend", registerSap: "pend", deregisterSap: "pend" },
    });
    w.client.registerSap(w.host);
    w.settle();
    const binding = w.client.bindings[0]!.handle as NdisHandle<"Binding">;
    w.host.runAs(w.client.name, () => NdisUnbindAdapter(binding));
    w.settle();
    w.host.removeAdapter("ATM0");
    w.settle();
    expect(verify(w)).toEqual([]);
  });

  it("spin locks, work items and timers used as documented", () => {
    const w = makeWorld({ kind });
    const binding = w.client.bindings[0]!.handle as NdisHandle<"Binding">;
    w.host.runAs(w.client.name, () => {
      const lock = NdisAllocateSpinLock();
      NdisAcquireSpinLock(lock);
      NdisReleaseSpinLock(lock);
      const item = NdisAllocateIoWorkItem(binding)!;
      NdisQueueIoWorkItem(item, () => NdisFreeIoWorkItem(item), null);
      const timer = NdisAllocateTimerObject(binding, {
        AllocationTag: 0,
        TimerFunction: () => {
          NdisDprAcquireSpinLock(lock);
          NdisDprReleaseSpinLock(lock);
        },
        FunctionContext: null,
      }).TimerObject!;
      NdisSetTimerObject(timer, -10_000n, 0);
      const unused = NdisAllocateTimerObject(binding, {
        AllocationTag: 0,
        TimerFunction: () => {},
        FunctionContext: null,
      }).TimerObject!;
      NdisSetTimerObject(unused, -20_000n, 0);
      NdisCancelTimerObject(unused);
      NdisFreeTimerObject(unused);
    });
    w.host.runAtDispatch(w.client.name, () => {
      const lock = NdisAllocateSpinLock();
      NdisDprAcquireSpinLock(lock);
      NdisDprReleaseSpinLock(lock);
    });
    w.settle();
    expect(DISPATCH_LEVEL).toBe(2);
    expect(verify(w)).toEqual([]);
  });

  it("Q11: the call manager unloads and comes back", () => {
    if (kind === "mcm") return;
    const w = makeWorld({ kind });
    w.host.unloadDriver("TESTCM");
    w.settle();
    w.host.loadDriver("TESTCM", w.cm!.DriverEntry);
    w.settle();
    expect(verify(w)).toEqual([]);
  });
});

type Op =
  | { readonly t: "register" }
  | { readonly t: "deregister"; readonly i: number }
  | { readonly t: "closeAf" }
  | { readonly t: "step"; readonly n: number }
  | { readonly t: "unbind" };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ t: "register" } as const) },
  { weight: 4, arbitrary: fc.nat(20).map((i) => ({ t: "deregister", i }) as const) },
  { weight: 1, arbitrary: fc.constant({ t: "closeAf" } as const) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }).map((n) => ({ t: "step", n }) as const) },
  { weight: 1, arbitrary: fc.constant({ t: "unbind" } as const) },
);

describe("clean drivers under random interleavings", () => {
  it("no violation and nothing pending at quiescence, whatever the schedule and the sync/pend choices", () => {
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
          for (const o of ops) {
            const b = w.client.bindings[0];
            const af = b?.afs[0];
            const usable = af?.state === "open" && b?.unbind === null;
            switch (o.t) {
              case "register":
                if (usable) w.client.registerSap(w.host, undefined, af);
                break;
              case "deregister": {
                const live = w.client.saps.filter((s) => s.state === "registered" && s.handle !== null);
                const sap = live[o.i % Math.max(1, live.length)];
                if (sap !== undefined && b?.unbind === null) w.client.deregisterSap(w.host, sap);
                break;
              }
              case "closeAf": {
                const held = [...(af?.saps ?? [])].some(
                  (s) => s.state === "registered" || s.state === "registering",
                );
                if (usable && !held) w.client.closeAf(w.host, af);
                break;
              }
              case "step":
                for (let k = 0; k < o.n; k++) w.scheduler.step();
                break;
              case "unbind":
                if (b?.handle !== null && b?.handle !== undefined && b.unbind === null) {
                  const handle = b.handle;
                  w.host.runAs(w.client.name, () => NdisUnbindAdapter(handle));
                }
                break;
            }
          }
          w.settle();
          w.host.removeAdapter("ATM0");
          w.settle();
          expect(verify(w)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
