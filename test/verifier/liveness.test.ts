import { describe, expect, it } from "vitest";
import { NdisAllocateTimerObject, NdisSetTimerObject } from "../../src/ndis/index.ts";
import { fixtureWorld } from "../support/buggy-drivers/world.ts";

describe("liveness at quiescence", () => {
  it("a run stopped on its step limit is reported as such, never as a liveness violation", () => {
    const w = fixtureWorld({ policy: { deregisterSap: "pend-manual" } });
    const { sap } = w.client.registerSap(w.host);
    w.client.deregisterSap(w.host, sap);
    // A periodic timer keeps the scheduler busy forever.
    const binding = w.clientBinding();
    w.asClient(() => {
      const timer = NdisAllocateTimerObject(binding, {
        AllocationTag: 0,
        TimerFunction: () => {},
        FunctionContext: null,
      });
      if (timer.TimerObject !== null) NdisSetTimerObject(timer.TimerObject, -10_000n, 1);
    });
    const run = w.scheduler.runUntilIdle(50);
    expect(run.idle).toBe(false);
    const q = w.verifier.checkQuiescence(run);
    expect(q.outcome).toBe("step-limit");
    expect(q.violations).toEqual([]);
    expect(q.outstanding).toMatchObject([
      { host: "A", handler: "ProtocolCmDeregisterSap", object: expect.stringMatching(/^Sap \d+$/) },
    ]);
    expect(w.verifier.violations()).toEqual([]);
  });

  it("reports each pended request once, and nothing once it completes", () => {
    const w = fixtureWorld({ policy: { deregisterSap: "pend-manual" } });
    const { sap } = w.client.registerSap(w.host);
    w.client.deregisterSap(w.host, sap);
    const first = w.verifier.checkQuiescence();
    expect(first.violations.map((v) => v.rule.id)).toEqual(["CONDIS-LIVE-001"]);
    expect(first.violations[0]?.message).toMatch(
      /^ProtocolCmDeregisterSap returned NDIS_STATUS_PENDING for Sap \d+\.\d+ \(Sap \d+\) and NdisCmDeregisterSapComplete \/ NdisMCmDeregisterSapComplete was never called/,
    );
    expect(w.verifier.checkQuiescence().violations).toEqual([]);
    w.asCm(() => w.core.releaseOne());
    const after = w.verifier.checkQuiescence();
    expect(after.outstanding).toEqual([]);
    expect(w.verifier.violations()).toHaveLength(1);
  });

  it("Q7: a deregistration NDIS dropped with its AF is not pending; the late completion is a dead-handle use", () => {
    const w = fixtureWorld({ policy: { deregisterSap: "pend-manual" } });
    const { sap } = w.client.registerSap(w.host);
    w.client.deregisterSap(w.host, sap);
    w.client.rudeUnbind = true;
    w.host.unloadDriver(w.client.name);
    w.settle();
    expect(w.verifier.checkQuiescence().violations).toEqual([]);
    w.asCm(() => w.core.releaseOne());
    expect(w.verifier.violations().map((v) => v.rule.id)).toEqual(["CONDIS-AF-002", "CONDIS-HDL-002"]);
  });
});
