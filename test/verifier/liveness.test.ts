import { describe, expect, it } from "vitest";
import { NdisAllocateTimerObject, NdisCoOidRequest, NdisSetTimerObject } from "../../src/ndis/index.ts";
import { formatTextReport, Verifier } from "../../src/verifier/index.ts";
import { oidQuery, vcWorld } from "../support/buggy-drivers/vc-world.ts";
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

  it("NBLs: reported once per VC with the send that took them; listed, not judged, at a step limit", () => {
    const w = vcWorld();
    const vc = w.activeVc();
    w.send(vc);
    w.send(vc);
    const stopped = w.verifier.checkQuiescence({ idle: false });
    expect(stopped.violations).toEqual([]);
    expect(stopped.outstandingNbls).toMatchObject([
      { host: "A", owner: "TESTCL", holder: expect.stringMatching(/^sent on Vc \d+$/) },
      { host: "A", owner: "TESTCL", holder: expect.stringMatching(/^sent on Vc \d+$/) },
    ]);
    expect(formatTextReport(w.verifier)).toMatch(/outstanding: NBL \d+ of TESTCL, sent on Vc \d+ on A/);
    const [v, ...rest] = w.verifier.checkQuiescence().violations;
    expect(rest).toEqual([]);
    expect(v?.rule.id).toBe("CONDIS-LIVE-002");
    expect(v?.message).toMatch(
      /^2 NBL\(s\) of "TESTCL" \(\d+, \d+\) still sent on Vc \d+: NdisMCoSendNetBufferListsComplete was never called/,
    );
    expect(v?.event).toMatchObject({ type: "handler-exit", handler: "MiniportCoSendNetBufferLists" });
    expect(w.verifier.checkQuiescence().violations).toEqual([]);
    w.asMiniport(() => w.mp.flush());
    expect(w.verifier.checkQuiescence().outstandingNbls).toEqual([]);
    expect(w.verifier.violations()).toHaveLength(1);
  });

  it("a replayed stream has no host snapshot: the NBL rule cannot judge it until the host is attached", () => {
    const w = vcWorld();
    w.send(w.activeVc());
    const replayed = new Verifier();
    for (const e of w.events) replayed.observe(e);
    expect(replayed.checkQuiescence()).toMatchObject({ violations: [], outstandingNbls: [] });
    replayed.attach(w.host);
    expect(replayed.checkQuiescence().violations.map((v) => v.rule.id)).toEqual(["CONDIS-LIVE-002"]);
  });

  it("a pended OID request is keyed on the OID and the driver that must complete it", () => {
    const w = vcWorld({ faults: { oid: "pend" } });
    const request = oidQuery(0x00010105);
    w.asClient(() => NdisCoOidRequest(w.clientBinding(), null, null, null, request));
    expect(w.verifier.checkQuiescence().outstanding).toMatchObject([
      { handler: "MiniportCoOidRequest", key: "OID 0x00010105 at BUGMP", object: null },
    ]);
    w.asMiniport(() => w.mp.flush());
    expect(w.verifier.checkQuiescence().outstanding).toEqual([]);
  });
});
