/**
 * Races at the UNI call manager: a close crossing CONNECT (from the called client, and from the
 * caller's T310), RELEASE crossing RELEASE, and calls offered while the SAP's registration or
 * deregistration is still on its way to the network.
 */
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../../src/agent/index.ts";
import { NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS } from "../../src/ndis/index.ts";
import { ms, type Nanoseconds, seconds } from "../../src/sched/index.ts";
import { decodeMessage } from "../../src/signaling/q2931/index.ts";
import { decodePdu } from "../../src/signaling/sscop/index.ts";
import { callVcs, causesOf, ddis, dial, listen, names, q2931, teardownClean } from "./call-checks.ts";
import { type CallWorld, type CallWorldInit, callWorld } from "./call-world.ts";

/** One Q.2931 message at the agent, with the virtual time it was sent or received there. */
interface TimedMessage {
  readonly at: Nanoseconds;
  readonly port: number;
  readonly direction: "in" | "out";
  readonly type: string;
}

/** Records from now on every Q.2931 message the agent sends or receives, with its time. */
function recordSignaling(w: CallWorld): TimedMessage[] {
  const log: TimedMessage[] = [];
  w.agent.onEvent((e: AgentEvent) => {
    if (e.kind !== "frame" || e.vpi !== 0 || e.vci !== 5) return;
    const pdu = decodePdu(e.payload);
    if (!pdu.ok || pdu.value.type !== "SD") return;
    const m = decodeMessage(pdu.value.data);
    if (m.ok) log.push({ at: w.scheduler.now(), port: e.port, direction: e.direction, type: m.message.type });
  });
  return log;
}

function timeOf(log: TimedMessage[], port: number, direction: "in" | "out", type: string): Nanoseconds {
  const m = log.find((x) => x.port === port && x.direction === direction && x.type === type);
  if (m === undefined) throw new Error(`no ${type} ${direction} on port ${port}`);
  return m.at;
}

const has = (log: TimedMessage[], port: number, direction: "in" | "out", type: string) =>
  log.some((x) => x.port === port && x.direction === direction && x.type === type);

const ILMI_VCI = 16;
const CONFIGS: [string, CallWorldInit][] = [
  ["stand-alone CM", { kind: "cm" }],
  ["MCM", { kind: "mcm" }],
];

describe.each(CONFIGS)("call races through the UNI call manager (%s)", (_label, init) => {
  it("the called client closes the call it just accepted: its RELEASE crosses CONNECT ACKNOWLEDGE", () => {
    const w = callWorld({ ...init, answer: "pend" });
    listen(w);
    const r = dial(w, 2, 64, { hold: true });
    w.run(2);
    expect(w.b.echo.pendingAnswers).toBe(1);
    // Accept, and close at once: NdisClCloseCall is allowed before ProtocolClCallConnected.
    w.b.as(w.b.echo.name, () => {
      expect(w.b.echo.answerPending(NDIS_STATUS_SUCCESS)).toBe(1);
      expect(w.b.echo.hangUp()).toBe(1);
    });
    w.run(3);
    // B sent CONNECT then RELEASE before the network's CONNECT ACKNOWLEDGE reached it, and
    // answered that ACKNOWLEDGE, unexpected in Release Request, with STATUS.
    expect(names(q2931(w, 1, "in"))).toEqual(["CALL PROCEEDING", "CONNECT", "RELEASE", "STATUS"]);
    // The agent had already cleared the call when the STATUS came: RELEASE COMPLETE, cause 101
    // "message not compatible with call state", which B, back in Null, ignores.
    expect(names(q2931(w, 1, "out"))).toEqual([
      "SETUP",
      "CONNECT ACKNOWLEDGE",
      "RELEASE COMPLETE",
      "RELEASE COMPLETE",
    ]);
    expect(causesOf(q2931(w, 1, "out"), "RELEASE COMPLETE")).toEqual([101]);
    // B's client never hears of the connection it closed; its close completes once.
    const form = w.kind === "cm" ? "NdisCm" : "NdisMCm";
    expect(ddis(w.events, `${form}DispatchCallConnected`, "B")).toEqual([]);
    expect(ddis(w.events, `${form}CloseCallComplete`, "B")).toHaveLength(1);
    expect(w.b.echo.history[0]).toMatchObject({ state: "deleted", closeStatus: NDIS_STATUS_SUCCESS });
    // The caller saw the call come up, then go: an incoming close it answered.
    expect(r).toMatchObject({
      state: "done",
      makeCallStatus: NDIS_STATUS_SUCCESS,
      incomingClose: NDIS_STATUS_SUCCESS,
      closeStatus: NDIS_STATUS_SUCCESS,
    });
    expect([callVcs(w, w.a), callVcs(w, w.b)]).toEqual([0, 0]);
    teardownClean(w);
  });

  it("the caller's T310 runs out as the CONNECT comes: every ordering around the crossing ends clean", () => {
    const delay = ms(1);
    const outcomes = { connected: 0, crossedAtCaller: 0, crossedAtCalled: 0 };
    // B answers at T310's expiry on A plus each offset: well before it, the call connects; just
    // before, CONNECT and A's RELEASE cross between the agent and A; just after, the agent's
    // RELEASE and B's CONNECT cross between the agent and B.
    for (const offset of [-2.75, -1.75, -1.25, -0.75, -0.25, 0.25, 0.75, 1.75]) {
      const w = callWorld({ ...init, answer: "pend", delay });
      listen(w);
      const log = recordSignaling(w);
      const r = dial(w, 1, 64);
      w.run(2);
      expect(w.b.echo.pendingAnswers).toBe(1);
      const t310 = timeOf(log, 0, "out", "CALL PROCEEDING") + delay + seconds(10);
      w.scheduler.runUntil(t310 + ms(offset));
      w.b.as(w.b.echo.name, () => w.b.echo.answerPending(NDIS_STATUS_SUCCESS));
      w.run(5);

      const b = w.b.echo.history[0];
      if (r.makeCallStatus === NDIS_STATUS_SUCCESS) {
        outcomes.connected++;
        expect(r).toMatchObject({ state: "done", echoed: 1, closeStatus: NDIS_STATUS_SUCCESS });
      } else {
        expect(r.state).toBe("failed");
        expect(has(log, 0, "in", "RELEASE")).toBe(true);
        // A sent RELEASE before the agent's CONNECT could reach it.
        if (has(log, 0, "out", "CONNECT")) {
          expect(timeOf(log, 0, "out", "CONNECT") + delay).toBeGreaterThan(
            timeOf(log, 0, "in", "RELEASE") - delay,
          );
          outcomes.crossedAtCaller++;
        }
        // B's CONNECT left before the agent's RELEASE could reach B.
        if (has(log, 1, "out", "RELEASE") && has(log, 1, "in", "CONNECT")) {
          if (timeOf(log, 1, "in", "CONNECT") - delay < timeOf(log, 1, "out", "RELEASE") + delay)
            outcomes.crossedAtCalled++;
        }
        // The called client accepted; the network then closed its call.
        expect(b).toMatchObject({ state: "deleted", incomingClose: NDIS_STATUS_SUCCESS });
      }
      expect(b?.closeStatus).toBe(NDIS_STATUS_SUCCESS);
      expect([callVcs(w, w.a), callVcs(w, w.b)]).toEqual([0, 0]);
      teardownClean(w);
    }
    expect(outcomes.connected).toBeGreaterThan(0);
    expect(outcomes.crossedAtCaller).toBeGreaterThan(0);
    expect(outcomes.crossedAtCalled).toBeGreaterThan(0);
  });

  it("both clients hang up at once: RELEASE crosses RELEASE, both closes complete", () => {
    const delay = ms(1);
    const w = callWorld({ ...init, delay });
    listen(w);
    const r = dial(w, 2, 64, { hold: true });
    w.run(3);
    expect(r).toMatchObject({ state: "connected", echoed: 2 });
    const log = recordSignaling(w);
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.b.as(w.b.echo.name, () => expect(w.b.echo.hangUp()).toBe(1));
    w.run(3);
    // Each side's RELEASE left before the other side's reached it.
    const fromA = timeOf(log, 0, "in", "RELEASE");
    const fromB = timeOf(log, 1, "in", "RELEASE");
    expect(fromA - delay).toBeLessThan(fromB);
    expect(fromB - delay).toBeLessThan(fromA);
    expect(r).toMatchObject({ state: "done", closeStatus: NDIS_STATUS_SUCCESS });
    expect(w.b.echo.history[0]).toMatchObject({ state: "deleted", closeStatus: NDIS_STATUS_SUCCESS });
    expect([callVcs(w, w.a), callVcs(w, w.b)]).toEqual([0, 0]);
    // On one UNI the user's and the agent's RELEASE met: neither side sent RELEASE COMPLETE there.
    const met = [0, 1].filter((p) =>
      [names(q2931(w, p, "in")), names(q2931(w, p, "out"))].every(
        (ms) => ms.at(-1) === "RELEASE" && !ms.includes("RELEASE COMPLETE"),
      ),
    );
    expect(met).toHaveLength(1);
    // Neither call reference is left at the agent.
    expect(w.agent.view().calls).toEqual([]);
    teardownClean(w);
  });

  it("a call offered while the SAP's registration is still pending reaches the client", () => {
    const w = callWorld(init);
    // The agent's ILMI answers to B are lost: the registration stays pending at B.
    w.filter = (host, toward, frame) => !(host === 1 && toward === "host" && frame.vci === ILMI_VCI);
    const sap = w.b.as(w.b.echo.name, () => w.b.echo.listen("echo", w.b.sap(1)));
    w.run(1);
    expect(sap.state).toBe("registering");
    expect(w.agent.view().addresses.length).toBe(1);
    const r = dial(w, 3, 64, { hold: true });
    w.run(1);
    expect(sap.state).toBe("registering");
    expect(r).toMatchObject({ state: "connected", echoed: 3 });
    expect(w.b.echo.stats).toMatchObject({ offered: 1, accepted: 1 });
    // The answers get through again: the registration completes under the live call.
    w.filter = undefined;
    w.run(20);
    expect(sap.state).toBe("registered");
    w.a.as(w.a.dialer.name, () => w.a.dialer.sendMore(r, 2));
    w.run(1);
    expect(r).toMatchObject({ state: "connected", echoed: 5, mismatched: 0 });
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(3);
    expect(r.state).toBe("done");
    teardownClean(w);
  });

  it("a call offered while the SAP is being deregistered is refused with cause 88; the client never sees it", () => {
    const w = callWorld(init);
    const sap = listen(w);
    // B's ILMI requests are lost: the agent still routes the address while B deregisters it.
    w.filter = (host, toward, frame) => !(host === 1 && toward === "agent" && frame.vci === ILMI_VCI);
    expect(w.b.as(w.b.echo.name, () => w.b.echo.deregisterSap(sap))).toBe(NDIS_STATUS_PENDING);
    w.run(0.5);
    expect(sap.state).toBe("deregistering");
    expect(w.agent.view().addresses.length).toBe(1);
    const r = dial(w, 1, 64);
    w.run(1);
    expect(r.state).toBe("failed");
    expect(causesOf(q2931(w, 1, "in"), "RELEASE COMPLETE")).toEqual([88]);
    expect(w.b.echo.stats.offered).toBe(0);
    expect(
      ddis(w.events, w.kind === "cm" ? "NdisCmDispatchIncomingCall" : "NdisMCmDispatchIncomingCall"),
    ).toEqual([]);
    // The requests get through again: the deregistration completes once, and the address is gone.
    w.filter = undefined;
    w.run(20);
    expect(sap.state).toBe("deregistered");
    expect(w.agent.view().addresses).toEqual([]);
    expect(callVcs(w, w.b)).toBe(0);
    teardownClean(w);
  });
});
