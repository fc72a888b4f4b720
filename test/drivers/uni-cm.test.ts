import { describe, expect, it } from "vitest";
import {
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClDeregisterSap,
  type NdisHandle,
} from "../../src/ndis/index.ts";
import { atmSap, registeredAddress, uniWorld } from "../support/uni-world.ts";

const handlerReturns = (w: ReturnType<typeof uniWorld>, handler: string) =>
  w.events.flatMap((e) => (e.type === "handler-exit" && e.handler === handler ? [e.result] : []));
const ddiCalls = (w: ReturnType<typeof uniWorld>, ddi: string) =>
  w.events.filter((e) => e.type === "ddi-call" && e.ddi === ddi);
const contracts = (w: ReturnType<typeof uniWorld>) =>
  w.events.flatMap((e) => (e.type === "contract" ? [`${e.code}: ${e.message}`] : []));

describe.each(["cm", "mcm"] as const)("UNI call manager (%s): SAPs on the network", (kind) => {
  it("registers a SAP's address with the agent over ILMI, pended until the agent answers", () => {
    const w = uniWorld({ kind });
    expect(w.client.afOpen).toBe(true);
    const sap = w.asClient(() => w.client.registerSap("s1", atmSap(1)));
    expect(sap.state).toBe("registering");
    expect(handlerReturns(w, "ProtocolCmRegisterSap").map((r) => (r as { status: number }).status)).toEqual([
      NDIS_STATUS_PENDING,
    ]);
    w.settle();
    expect(sap.state).toBe("registered");
    expect(w.agent.view().addresses).toEqual([{ address: registeredAddress(1), port: 0 }]);
    expect(contracts(w)).toEqual([]);
  });

  it("deregisters: ProtocolCmDeregisterSap pends, the agent drops the address, one completion follows", () => {
    const w = uniWorld({ kind });
    const sap = w.asClient(() => w.client.registerSap("s1", atmSap(1)));
    w.settle();
    expect(w.asClient(() => w.client.deregisterSap(sap))).toBe(NDIS_STATUS_PENDING);
    expect(sap.state).toBe("deregistering");
    w.settle();
    expect(sap.state).toBe("deregistered");
    expect(sap.lastStatus).toBe(NDIS_STATUS_SUCCESS);
    expect(w.agent.view().addresses).toEqual([]);
    const completion = kind === "cm" ? "NdisCmDeregisterSapComplete" : "NdisMCmDeregisterSapComplete";
    expect(ddiCalls(w, completion)).toHaveLength(1);
    expect(w.client.reports.filter((r) => r.what === "sap-deregistered")).toHaveLength(1);
    expect(contracts(w)).toEqual([]);
    expect(w.verifier.checkQuiescence().violations).toEqual([]);
    expect(w.verifier.violations()).toEqual([]);
  });

  it("a SAP sharing its address with another deregisters synchronously; the last one goes to the network", () => {
    const w = uniWorld({ kind });
    const a = w.asClient(() => w.client.registerSap("a", atmSap(2, 0x0b)));
    const b = w.asClient(() => w.client.registerSap("b", atmSap(2, 0x0c)));
    w.settle();
    expect([a.state, b.state]).toEqual(["registered", "registered"]);
    w.asClient(() => w.client.deregisterSap(a));
    expect(a.state).toBe("deregistered"); // completed inside NdisClDeregisterSap: no network exchange
    expect(w.agent.view().addresses).toHaveLength(1);
    w.asClient(() => w.client.deregisterSap(b));
    expect(b.state).toBe("deregistering");
    w.settle();
    expect(w.agent.view().addresses).toEqual([]);
    expect(handlerReturns(w, "ProtocolCmDeregisterSap")).toEqual([NDIS_STATUS_SUCCESS, NDIS_STATUS_PENDING]);
  });

  it("a second NdisClDeregisterSap on the same SAP fails; a duplicate SAP is refused with INVALID_DATA", () => {
    const w = uniWorld({ kind });
    const sap = w.asClient(() => w.client.registerSap("s", atmSap(3)));
    w.settle();
    const dup = w.asClient(() => w.client.registerSap("dup", atmSap(3)));
    expect(dup.state).toBe("failed");
    expect(dup.lastStatus).toBe(0xc0010015);
    const handle = sap.handle as NdisHandle<"Sap">;
    w.asClient(() => w.client.deregisterSap(sap));
    expect(w.asClient(() => NdisClDeregisterSap(handle))).toBe(NDIS_STATUS_FAILURE);
    w.settle();
    expect(sap.state).toBe("deregistered");
  });

  it("the agent silent: the deregistration still completes with SUCCESS, logged, after the ILMI retries", () => {
    const w = uniWorld({ kind });
    const sap = w.asClient(() => w.client.registerSap("s", atmSap(4)));
    w.settle();
    w.link.setFaults({ drop: 1000 });
    w.asClient(() => w.client.deregisterSap(sap));
    // The call manager keeps trying to resynchronise while the agent is silent: run 10 s, not to idle.
    w.scheduler.runUntil(w.scheduler.now() + 10_000_000_000n);
    expect(sap.state).toBe("deregistered");
    expect(sap.lastStatus).toBe(NDIS_STATUS_SUCCESS);
    expect(w.events.some((e) => e.type === "log")).toBe(true);
    // Once the agent answers again, the resynchronisation leaves it holding nothing.
    w.link.setFaults({});
    w.settle();
    expect(w.agent.view().addresses).toEqual([]);
    expect(contracts(w)).toEqual([]);
  });

  it("link lost during the exchange: completes once; after the link returns, agent and host agree", () => {
    const w = uniWorld({ kind });
    const keep = w.asClient(() => w.client.registerSap("keep", atmSap(5)));
    const gone = w.asClient(() => w.client.registerSap("gone", atmSap(6)));
    w.settle();
    w.asClient(() => w.client.deregisterSap(gone));
    w.link.down();
    w.settle();
    expect(gone.state).toBe("deregistered");
    w.link.up();
    w.settle();
    expect(keep.state).toBe("registered");
    expect(w.agent.view().addresses).toEqual([{ address: registeredAddress(5), port: 0 }]);
    expect(w.client.reports.filter((r) => r.what === "sap-deregistered")).toHaveLength(1);
  });

  it("an agent restart that leaves no trace (coldStart and prefix offers all lost) is found by the periodic walk", () => {
    const w = uniWorld({ kind });
    const sap = w.asClient(() => w.client.registerSap("s1", atmSap(1)));
    w.settle();
    expect(w.agent.view().addresses).toEqual([{ address: registeredAddress(1), port: 0 }]);
    // Every frame is lost while the agent restarts and offers its prefix: the host hears nothing.
    w.link.setFaults({ drop: 1000 });
    w.agent.restart();
    w.scheduler.runUntil(w.scheduler.now() + 12_000_000_000n);
    expect(w.agent.view().addresses).toEqual([]);
    w.link.setFaults({});
    // Within a walk period (15 s) the host finds its address missing, restarts ILMI, registers again.
    w.settle();
    expect(w.agent.view().addresses).toEqual([{ address: registeredAddress(1), port: 0 }]);
    expect(sap.state).toBe("registered");
    expect(contracts(w)).toEqual([]);
    expect(w.verifier.violations()).toEqual([]);
  });

  it("unload while a deregistration is in flight: everything completes once and nothing leaks", () => {
    const w = uniWorld({ kind });
    const a = w.asClient(() => w.client.registerSap("a", atmSap(7)));
    const b = w.asClient(() => w.client.registerSap("b", atmSap(8)));
    w.settle();
    w.asClient(() => w.client.deregisterSap(a));
    w.host.removeAdapter("ATM0");
    w.settle();
    expect([a.state, b.state]).toEqual(["deregistered", "deregistered"]);
    expect(w.client.reports.filter((r) => r.what === "sap-deregistered")).toHaveLength(2);
    const snap = w.host.snapshot();
    expect(snap.saps).toEqual([]);
    expect(snap.liveBlocks).toBe(0);
    expect(snap.liveNbls).toBe(0);
    expect(contracts(w)).toEqual([]);
    expect(w.verifier.checkQuiescence().violations).toEqual([]);
    expect(w.verifier.violations()).toEqual([]);
  });

  it("the MCM never calls NdisCoSendNetBufferLists; the stand-alone CM sends only on its signaling VCs", () => {
    const w = uniWorld({ kind });
    const sap = w.asClient(() => w.client.registerSap("s", atmSap(9)));
    w.settle();
    w.asClient(() => w.client.deregisterSap(sap));
    w.settle();
    const sends = ddiCalls(w, "NdisCoSendNetBufferLists");
    if (kind === "mcm") expect(sends).toEqual([]);
    else expect(sends.length).toBeGreaterThan(0);
    expect(sends.every((e) => e.driver === "UNICM")).toBe(true);
  });
});

describe.each(["cm", "mcm"] as const)("UNI call manager (%s): one UNI, one runner", (kind) => {
  it("ILMI, SSCOP and call control of a UNI run on one NDIS timer object, freed at the unbind or halt", () => {
    const w = uniWorld({ kind });
    const sap = w.asClient(() => w.client.registerSap("s", atmSap(1)));
    w.settle();
    expect(sap.state).toBe("registered");
    expect(w.uni()?.calls.signaling?.established).toBe(true);
    const byCm = (ddi: string) => ddiCalls(w, ddi).filter((e) => e.driver === w.cmDriver);
    // The MCM, a miniport, also has its call VCs' data-path DPC (as the CO miniport has).
    const timers = kind === "mcm" ? 2 : 1;
    expect(byCm("NdisAllocateTimerObject")).toHaveLength(timers);
    w.host.removeAdapter("ATM0");
    w.settle();
    expect(byCm("NdisFreeTimerObject")).toHaveLength(timers);
    expect(w.host.snapshot().liveBlocks).toBe(0);
  });

  it("with the link down nothing is registered with the network: a deregistration completes at once", () => {
    const w = uniWorld({ kind });
    const sap = w.asClient(() => w.client.registerSap("s", atmSap(2)));
    w.settle();
    w.link.down();
    w.scheduler.runUntil(w.scheduler.now() + 1_000_000_000n);
    w.asClient(() => w.client.deregisterSap(sap));
    // ProtocolCmDeregisterSap returned SUCCESS: the client's completion ran inside NdisClDeregisterSap.
    expect(handlerReturns(w, "ProtocolCmDeregisterSap").at(-1)).toBe(NDIS_STATUS_SUCCESS);
    expect(sap.state).toBe("deregistered");
    w.link.up();
    w.settle();
    expect(w.agent.view().addresses).toEqual([]);
    expect(contracts(w)).toEqual([]);
  });
});
