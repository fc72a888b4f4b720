import { describe, expect, it } from "vitest";
import { atmMediaParametersOf } from "../../src/drivers/atm-media.ts";
import { anyBlli } from "../../src/drivers/atm-sap.ts";
import { atmCallParametersOf } from "../../src/drivers/uni-cm/index.ts";
import {
  NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
} from "../../src/ndis/index.ts";
import { callVcs, causesOf, ddis, dial, listen, names, q2931, teardownClean } from "./call-checks.ts";
import { type CallWorldInit, callWorld } from "./call-world.ts";

const CONFIGS: [string, CallWorldInit][] = [
  ["stand-alone CM", { kind: "cm" }],
  [
    "stand-alone CM, pended activations, receives with RESOURCES",
    { kind: "cm", miniport: { pendActivation: true, receiveWithResources: true } },
  ],
  ["MCM", { kind: "mcm" }],
];

describe.each(CONFIGS)("calls through the UNI call manager (%s)", (_label, init) => {
  it("a dialer on A calls the echo server on B through the agent; every NBL comes back; the call closes", () => {
    const w = callWorld(init);
    listen(w);
    const r = dial(w, 20, 512);
    expect(r.state).toBe("calling");
    w.run(3);
    expect(r).toMatchObject({
      state: "done",
      makeCallStatus: NDIS_STATUS_SUCCESS,
      sent: 20,
      echoed: 20,
      mismatched: 0,
    });
    expect(r.closeStatus).toBe(NDIS_STATUS_SUCCESS);
    expect(r.vc?.vpi).toBe(0);
    expect(w.b.echo.stats).toMatchObject({ offered: 1, accepted: 1, echoed: 20, closed: 1 });
    // SETUP … CONNECT on A's UNI, the caller's side of the handshake, and RELEASE from the dialer.
    expect(names(q2931(w, 0, "in"))).toEqual(["SETUP", "CONNECT ACKNOWLEDGE", "RELEASE"]);
    expect(names(q2931(w, 0, "out"))).toEqual(["CALL PROCEEDING", "CONNECT", "RELEASE COMPLETE"]);
    expect(names(q2931(w, 1, "in"))).toEqual(["CONNECT", "RELEASE COMPLETE"]);
    expect(names(q2931(w, 1, "out"))).toEqual(["SETUP", "CONNECT ACKNOWLEDGE", "RELEASE"]);
    // The make-call pended and completed once; B's call was dispatched, connected, closed by the network.
    const form = w.kind === "cm" ? "NdisCm" : "NdisMCm";
    expect(ddis(w.events, `${form}MakeCallComplete`, "A")).toHaveLength(1);
    expect(ddis(w.events, `${form}DispatchIncomingCall`, "B")).toHaveLength(1);
    expect(ddis(w.events, `${form}DispatchCallConnected`, "B")).toHaveLength(1);
    expect(ddis(w.events, `${form}DispatchIncomingCloseCall`, "B")).toHaveLength(1);
    expect(ddis(w.events, `${form}CloseCallComplete`)).toHaveLength(2);
    // The VCs are gone on both hosts: the dialer deleted its own, B's call manager the one it made.
    expect(callVcs(w, w.a)).toBe(0);
    expect(callVcs(w, w.b)).toBe(0);
    expect(w.contracts()).toEqual([]);
    teardownClean(w);
  });

  it("the MCM carries client data itself; with the stand-alone CM only the clients send on call VCs", () => {
    const w = callWorld(init);
    listen(w);
    dial(w, 3, 64);
    w.run(3);
    const sends = ddis(w.events, "NdisCoSendNetBufferLists");
    if (w.kind === "mcm") {
      expect(sends.filter((e) => e.driver === "UNIMCM")).toEqual([]);
      expect(w.a.cm()).toMatchObject({ counters: { dataOut: 3, dataIn: 3 } });
      expect(w.b.cm()).toMatchObject({ counters: { dataOut: 3, dataIn: 3 } });
    }
    const byClient = sends.filter((e) => e.driver === "DIALER" || e.driver === "ECHOSRV");
    expect(byClient).toHaveLength(6);
  });

  it("several calls at once get their own VCs and echo independently", () => {
    const w = callWorld(init);
    listen(w);
    const rs = [dial(w, 5, 100), dial(w, 7, 1000), dial(w, 1, 9000)];
    w.run(5);
    for (const r of rs) expect(r).toMatchObject({ state: "done", mismatched: 0 });
    expect(rs.map((r) => r.echoed)).toEqual([5, 7, 1]);
    expect(new Set(rs.map((r) => r.vc?.vci)).size).toBe(3);
    expect(w.contracts()).toEqual([]);
  });

  it("a SETUP to an address nobody registered fails the make-call (no route); the VC is deleted", () => {
    const w = callWorld(init);
    const r = dial(w, 1, 64);
    w.run(3);
    expect(r.state).toBe("failed");
    expect(r.makeCallStatus).not.toBe(NDIS_STATUS_SUCCESS);
    expect([
      NDIS_STATUS.NDIS_STATUS_INVALID_ADDRESS,
      NDIS_STATUS.NDIS_STATUS_NO_ROUTE_TO_DESTINATION,
    ]).toContain(r.makeCallStatus);
    expect(names(q2931(w, 0, "out"))).toEqual(["RELEASE COMPLETE"]);
    expect(callVcs(w, w.a)).toBe(0);
    expect(w.a.calls().log.at(-1)).toMatchObject({ what: "make-call-failed" });
    teardownClean(w);
  });

  it("no SAP matches the SETUP's BLLI: RELEASE COMPLETE with cause 88, the caller's make-call fails", () => {
    const w = callWorld(init);
    // B listens for LLC/SNAP-encapsulated calls only (BLLI layer 2 = LLC); the dialer asks for layer 3 IP.
    listen(w, 1, { Layer2Protocol: 0x0c });
    const r = dial(w, 1, 64, {
      blli: { ...anyBlli(), Layer2Protocol: 0xfffffffe, Layer3Protocol: 0x0b, Layer3IPI: 0xcc },
    });
    w.run(3);
    expect(r.state).toBe("failed");
    expect(causesOf(q2931(w, 1, "in"), "RELEASE COMPLETE")).toEqual([88]);
    expect(w.b.calls().counters.noSap).toBe(1);
    expect(w.b.echo.stats.offered).toBe(0);
    expect(callVcs(w, w.b)).toBe(0);
    // The agent relays the cause to the caller.
    expect(w.a.calls().log.at(-1)).toMatchObject({ what: "make-call-failed", cause: 88 });
    teardownClean(w);
  });

  it("the most specific SAP wins: address + BLLI over address alone", () => {
    const w = callWorld(init);
    const general = listen(w, 1);
    const specific = listen(w, 1, { Layer2Protocol: 0xfffffffe, Layer3Protocol: 0x0b, Layer3IPI: 0xcc });
    const ip = { ...anyBlli(), Layer2Protocol: 0xfffffffe, Layer3Protocol: 0x0b, Layer3IPI: 0xcc };
    const r1 = dial(w, 2, 64, { blli: ip });
    w.run(3);
    const r2 = dial(w, 2, 64);
    w.run(3);
    expect([r1.state, r2.state]).toEqual(["done", "done"]);
    expect(w.b.echo.history.map((c) => c.sap?.name)).toEqual([specific.name, general.name]);
    expect(w.contracts()).toEqual([]);
  });

  it("the echo server refuses: RELEASE COMPLETE (call rejected), the make-call fails, B deletes its VC", () => {
    const w = callWorld({ ...init, answer: "reject" });
    listen(w);
    const r = dial(w, 1, 64);
    w.run(3);
    expect(r.state).toBe("failed");
    expect(r.makeCallStatus).toBe(NDIS_STATUS_FAILURE);
    expect(causesOf(q2931(w, 1, "in"), "RELEASE COMPLETE")).toEqual([21]);
    expect(w.b.calls().counters.rejected).toBe(1);
    expect(callVcs(w, w.b)).toBe(0);
    // NdisCoDeleteVc / NdisMCmDeleteVc by B's call manager reached the echo server's ProtocolCoDeleteVc.
    const deletes = w.events.filter(
      (e) => e.type === "handler-enter" && e.handler === "ProtocolCoDeleteVc" && e.host === "B",
    );
    expect(deletes).toHaveLength(1);
    teardownClean(w);
  });

  it("an answer pended by the client: CALL PROCEEDING first, then CONNECT once it accepts", () => {
    const w = callWorld({ ...init, answer: "pend" });
    listen(w);
    const r = dial(w, 4, 64);
    w.run(2);
    expect(w.b.echo.pendingAnswers).toBe(1);
    expect(names(q2931(w, 1, "in"))).toEqual(["CALL PROCEEDING"]);
    expect(r.state).toBe("calling");
    w.b.as(w.b.echo.name, () => w.b.echo.answerPending(NDIS_STATUS_SUCCESS));
    w.run(3);
    expect(r).toMatchObject({ state: "done", echoed: 4 });
    const handler = w.events.filter(
      (e) => e.type === "handler-enter" && e.handler === "ProtocolCmIncomingCallComplete",
    );
    expect(handler).toHaveLength(1);
    expect(w.contracts()).toEqual([]);
  });

  it("an answer pended, then refused: RELEASE after CALL PROCEEDING, the caller fails", () => {
    const w = callWorld({ ...init, answer: "pend" });
    listen(w);
    const r = dial(w, 1, 64);
    w.run(2);
    w.b.as(w.b.echo.name, () => w.b.echo.answerPending(NDIS_STATUS.NDIS_STATUS_NOT_ACCEPTED));
    w.run(3);
    expect(r.state).toBe("failed");
    expect(causesOf(q2931(w, 1, "in"), "RELEASE")).toEqual([21]);
    expect(callVcs(w, w.b)).toBe(0);
    teardownClean(w);
  });

  it("the called side closes: the dialer gets an incoming close (SUCCESS), closes, deletes its VC", () => {
    const w = callWorld(init);
    listen(w);
    const r = dial(w, 3, 64, { hold: true });
    w.run(3);
    expect(r).toMatchObject({ state: "connected", echoed: 3 });
    expect([callVcs(w, w.a), callVcs(w, w.b)]).toEqual([1, 1]);
    expect(w.b.as(w.b.echo.name, () => w.b.echo.hangUp())).toBe(1);
    w.run(3);
    expect(r).toMatchObject({
      state: "done",
      incomingClose: NDIS_STATUS_SUCCESS,
      closeStatus: NDIS_STATUS_SUCCESS,
    });
    expect(names(q2931(w, 1, "in")).at(-1)).toBe("RELEASE");
    expect(callVcs(w, w.a)).toBe(0);
    expect(callVcs(w, w.b)).toBe(0);
    teardownClean(w);
  });

  it("deregistering the SAP while a call is up leaves the call working: the echo continues", () => {
    const w = callWorld(init);
    const sap = listen(w);
    const r = dial(w, 2, 128, { hold: true });
    w.run(3);
    expect(r.echoed).toBe(2);
    const status = w.b.as(w.b.echo.name, () => w.b.echo.deregisterSap(sap));
    expect(status).toBe(NDIS_STATUS_PENDING);
    w.run(3);
    expect(sap.state).toBe("deregistered");
    expect(w.agent.view().addresses).toEqual([]);
    w.a.as(w.a.dialer.name, () => w.a.dialer.sendMore(r, 5));
    w.run(2);
    expect(r).toMatchObject({ state: "connected", sent: 7, echoed: 7, mismatched: 0 });
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(3);
    expect(r.state).toBe("done");
    // With the SAP gone, a new call to the address has no route.
    const again = dial(w, 1, 64);
    w.run(3);
    expect(again.state).toBe("failed");
    teardownClean(w);
  });

  it("the caller's link fails with a call up: both clients get an incoming close and clean up", () => {
    const w = callWorld(init);
    listen(w);
    const r = dial(w, 2, 64, { hold: true });
    w.run(3);
    expect(r.state).toBe("connected");
    w.a.link.down();
    w.run(3);
    expect(r).toMatchObject({ state: "done", incomingClose: NDIS_STATUS_FAILURE });
    expect(w.b.echo.history[0]?.incomingClose).toBe(NDIS_STATUS_SUCCESS);
    expect(callVcs(w, w.b)).toBe(0);
    // The link returns: signaling comes back up and calls work again.
    w.a.link.up();
    w.run(20);
    const again = dial(w, 3, 64);
    w.run(3);
    expect(again).toMatchObject({ state: "done", echoed: 3 });
    teardownClean(w);
  });

  it("the host is unloaded with a call up: the clients close it first; nothing leaks", () => {
    const w = callWorld(init);
    listen(w);
    const r = dial(w, 2, 64, { hold: true });
    w.run(3);
    expect(r.state).toBe("connected");
    teardownClean(w);
    expect(r.state).toBe("done");
  });
  it("the SETUP carries what the call parameters say; the called client sees it in its call parameters", () => {
    const w = callWorld(init);
    const ip = { Layer2Protocol: 0xfffffffe, Layer3Protocol: 0x0b, Layer3IPI: 0xcc };
    listen(w, 1, ip);
    const r = dial(w, 1, 64, { blli: { ...anyBlli(), ...ip } });
    w.run(3);
    expect(r.state).toBe("done");
    const setup = q2931(w, 0, "in").find((m) => m.type === "SETUP");
    if (setup?.type !== "SETUP") throw new Error("no SETUP");
    expect(setup.ies.calledPartyNumber).toMatchObject({ plan: 0x2, address: w.b.address(1) });
    expect(setup.ies.blli).toEqual([{ layer3: { protocol: 0x0b, ipi: 0xcc } }]);
    expect(setup.ies.aal).toMatchObject({ aalType: 5, forwardMaxCpcsSduSize: 9180 });
    expect(setup.ies.trafficDescriptor.bestEffort).toBe(true);
    const offered = w.b.echo.history[0]?.params;
    const decoded = atmCallParametersOf(offered);
    expect(decoded.ok && decoded.value.calledParty).toEqual(w.b.address(1));
    expect(decoded.ok && decoded.value.blli).toMatchObject({ Layer3Protocol: 0x0b, Layer3IPI: 0xcc });
    // The media parameters name the VC the network gave B's half of the call.
    const b = q2931(w, 1, "out").find((m) => m.type === "SETUP");
    if (b?.type !== "SETUP") throw new Error("no SETUP to B");
    expect(atmMediaParametersOf(offered)?.ConnectionId).toEqual({
      Vpi: b.ies.connectionIdentifier?.vpci,
      Vci: b.ies.connectionIdentifier?.vci,
    });
  });

  it("SSCOP lost under a call: the call waits T309, then both clients get an incoming close; signaling recovers", () => {
    const w = callWorld(init);
    listen(w);
    const r = dial(w, 2, 64, { hold: true });
    w.run(3);
    expect(r.state).toBe("connected");
    w.a.link.setFaults({ drop: 1000 });
    // Timer_IDLE (15 s), then no STAT for Timer_NO-RESPONSE (7 s): SSCOP is released; T309 (10 s) later
    // the call is cleared.
    w.run(45);
    expect(r).toMatchObject({ state: "done", incomingClose: NDIS_STATUS_FAILURE });
    expect(w.b.echo.history[0]?.incomingClose).toBe(NDIS_STATUS_SUCCESS);
    expect(w.a.calls().log.at(-1)).toMatchObject({ what: "cleared-by-network", cause: 27 });
    w.a.link.setFaults({});
    w.run(30);
    expect(w.a.calls().signaling?.phase).toBe("DataTransferReady");
    const again = dial(w, 2, 64);
    w.run(3);
    expect(again).toMatchObject({ state: "done", echoed: 2 });
    expect(w.contracts()).toEqual([]);
  });
});
