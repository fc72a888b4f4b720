/**
 * QoS changes through the UNI call manager (Q.2963.1 peak cell rate modification), stand-alone and
 * MCM: a client's NdisClModifyCallQoS becomes MODIFY REQUEST; MODIFY ACKNOWLEDGE re-activates the VC
 * and completes with SUCCESS (CONNECTION AVAILABLE closing the exchange); the remote call manager
 * re-activates first, then dispatches the change to its client; refusals, T360, clearings during a
 * pending change, crossing changes and point-to-multipoint calls. The verifier stays clean in each.
 */
import { describe, expect, it } from "vitest";
import type { ClientCall } from "../../src/drivers/clients/call-client.ts";
import {
  type CO_CALL_PARAMETERS,
  NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  NdisClModifyCallQoS,
} from "../../src/ndis/index.ts";
import { ms } from "../../src/sched/index.ts";
import { decodeMessage, MessageType, type Q2931Message } from "../../src/signaling/q2931/index.ts";
import { decodePdu } from "../../src/signaling/sscop/index.ts";
import { PcapWriter } from "../../src/trace/pcap.ts";
import { signallingFrame } from "../../src/trace/sunatm.ts";
import {
  framesMatching,
  requireTshark,
  STRICT_FILTER,
  tsharkFrames,
  tsharkVerbose,
} from "../support/tshark.ts";
import { causesOf, ddis, dial, listen, names, q2931, teardownClean } from "./call-checks.ts";
import { type CallWorld, type CallWorldInit, callWorld } from "./call-world.ts";

/** Octets per cell of a FLOWSPEC rate. */
const CELL = 48;
/** The dialer's default peak rate: the OC-3 line rate in cells/s. */
const OC3 = 353_207;

const CONFIGS: [string, CallWorldInit][] = [
  ["stand-alone CM", { kind: "cm" }],
  ["stand-alone CM, pended activations", { kind: "cm", miniport: { pendActivation: true } }],
  ["MCM", { kind: "mcm" }],
];

/** The Q.2931 message types the agent saw on a UNI, modification messages only. */
function modifications(w: CallWorld, port: number, direction: "in" | "out"): string[] {
  return names(q2931(w, port, direction)).filter((n) => /MODIFY|CONNECTION AVAILABLE/.test(n));
}

/** The traffic descriptors of the MODIFY REQUESTs the agent saw on a UNI. */
function requested(w: CallWorld, port: number, direction: "in" | "out") {
  return q2931(w, port, direction).flatMap((m) =>
    m.type === "MODIFY REQUEST"
      ? [
          [
            m.ies.trafficDescriptor.forward.peakCellRateClp01,
            m.ies.trafficDescriptor.backward.peakCellRateClp01,
          ],
        ]
      : [],
  );
}

/** A held call from A's dialer to B's echo server, with a few echoes done. */
function heldCall(w: CallWorld) {
  listen(w);
  const r = dial(w, 2, 100, { hold: true });
  w.run(3);
  expect(r).toMatchObject({ state: "connected", echoed: 2 });
  const echoCall = w.b.echo.connectedCalls()[0];
  if (echoCall === undefined) throw new Error("the echo server has no call");
  w.events.length = 0;
  w.agentEvents.length = 0;
  return { r, echoCall };
}

/** The DDI names in the order a host called them, those in `wanted` only. */
function order(w: CallWorld, host: string, wanted: readonly string[]): string[] {
  return w.events.flatMap((e) =>
    e.type === "ddi-call" && e.host === host && wanted.some((d) => e.ddi.endsWith(d)) ? [e.ddi] : [],
  );
}

/** Loses every SD carrying a MODIFY REQUEST toward host B (SSCOP's retransmissions too). */
function loseModifyRequestsToB(w: CallWorld): void {
  w.filter = (host, toward, frame) => {
    if (host !== 1 || toward !== "host" || frame.vci !== 5) return true;
    const pdu = decodePdu(frame.payload);
    if (!pdu.ok || pdu.value.type !== "SD") return true;
    const m = decodeMessage(pdu.value.data);
    return !(m.ok && m.message.type === "MODIFY REQUEST");
  };
}

const peaks = (call: ClientCall) => ({
  transmit: call.params?.CallMgrParameters?.Transmit.PeakBandwidth,
  receive: call.params?.CallMgrParameters?.Receive.PeakBandwidth,
});

describe.each(CONFIGS)("QoS changes through the UNI call manager (%s)", (_label, init) => {
  const form = init.kind === "cm" ? "NdisCm" : "NdisMCm";

  it("the caller raises its peak rates: MODIFY REQUEST … ACKNOWLEDGE … CONNECTION AVAILABLE, both VCs re-activated, SUCCESS", () => {
    const w = callWorld(init);
    const { r, echoCall } = heldCall(w);
    const status = w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, 100_000 * CELL, 50_000 * CELL));
    expect(status).toBe(NDIS_STATUS_PENDING);
    w.run(2);
    expect(r.qos).toEqual([NDIS_STATUS_SUCCESS]);
    expect(r.peakBandwidth).toEqual({ transmit: 100_000 * CELL, receive: 50_000 * CELL });
    // A is the caller: its Transmit is the forward direction.
    expect(requested(w, 0, "in")).toEqual([[100_000, 50_000]]);
    expect(requested(w, 1, "out")).toEqual([[100_000, 50_000]]);
    expect(modifications(w, 0, "in")).toEqual(["MODIFY REQUEST", "CONNECTION AVAILABLE"]);
    expect(modifications(w, 0, "out")).toEqual(["MODIFY ACKNOWLEDGE"]);
    expect(modifications(w, 1, "out")).toEqual(["MODIFY REQUEST", "CONNECTION AVAILABLE"]);
    expect(modifications(w, 1, "in")).toEqual(["MODIFY ACKNOWLEDGE"]);
    // B re-activated its VC, then told the echo server: it transmits backward, receives forward.
    expect(w.b.echo.stats.qosChanges).toBe(1);
    expect(peaks(echoCall)).toEqual({ transmit: 50_000 * CELL, receive: 100_000 * CELL });
    const activate = init.kind === "cm" ? "NdisCmActivateVc" : "NdisMCmActivateVc";
    expect(order(w, "A", [activate, "ModifyCallQoSComplete"])).toEqual([
      activate,
      `${form}ModifyCallQoSComplete`,
    ]);
    expect(order(w, "B", [activate, "DispatchIncomingCallQoSChange"])).toEqual([
      activate,
      `${form}DispatchIncomingCallQoSChange`,
    ]);
    expect(w.agent.view().calls[0]?.trafficDescriptor).toEqual({
      forward: { peakCellRateClp01: 100_000 },
      backward: { peakCellRateClp01: 50_000 },
      bestEffort: true,
    });
    expect(w.a.calls().counters).toMatchObject({ qosChanged: 1, qosFailed: 0 });
    expect(w.b.calls().counters).toMatchObject({ qosIncoming: 1 });
    // The call goes on with the new contract, and can change again.
    w.a.as(w.a.dialer.name, () => w.a.dialer.sendMore(r, 3));
    w.run(2);
    expect(r).toMatchObject({ echoed: 5, mismatched: 0 });
    w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, 1000 * CELL));
    w.run(2);
    expect(r.qos).toEqual([NDIS_STATUS_SUCCESS, NDIS_STATUS_SUCCESS]);
    expect(peaks(echoCall)).toEqual({ transmit: 1000 * CELL, receive: 1000 * CELL });
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(2);
    expect(r.state).toBe("done");
    teardownClean(w);
  });

  it("the called side changes the call: the dialer's call manager re-activates, then dispatches the incoming change", () => {
    const w = callWorld(init);
    const { r, echoCall } = heldCall(w);
    const status = w.b.as(w.b.echo.name, () =>
      w.b.echo.modifyPeakRate(echoCall, 20_000 * CELL, 30_000 * CELL),
    );
    expect(status).toBe(NDIS_STATUS_PENDING);
    w.run(2);
    expect(echoCall.qosResults).toEqual([NDIS_STATUS_SUCCESS]);
    // B is the called side: its Transmit is the backward direction.
    expect(requested(w, 1, "in")).toEqual([[30_000, 20_000]]);
    expect(requested(w, 0, "out")).toEqual([[30_000, 20_000]]);
    expect(r.incomingQosChanges).toBe(1);
    expect(r.peakBandwidth).toEqual({ transmit: 30_000 * CELL, receive: 20_000 * CELL });
    expect(ddis(w.events, `${form}DispatchIncomingCallQoSChange`, "A")).toHaveLength(1);
    expect(ddis(w.events, `${form}ModifyCallQoSComplete`, "B")).toHaveLength(1);
    expect(modifications(w, 1, "in")).toEqual(["MODIFY REQUEST", "CONNECTION AVAILABLE"]);
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(2);
    teardownClean(w);
  });

  it("the network refuses a rate above the port limit (MODIFY REJECT 37): CELLRATE_NOT_AVAILABLE, the old parameters stay", () => {
    const w = callWorld({ ...init, maxPeakCellRate: 400_000 });
    const { r, echoCall } = heldCall(w);
    w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, 500_000 * CELL));
    w.run(2);
    expect(r.qos).toEqual([NDIS_STATUS.NDIS_STATUS_CELLRATE_NOT_AVAILABLE]);
    expect(r.peakBandwidth).toEqual({ transmit: OC3 * CELL, receive: OC3 * CELL });
    expect(modifications(w, 0, "out")).toEqual(["MODIFY REJECT"]);
    expect(modifications(w, 1, "out")).toEqual([]);
    expect(w.b.echo.stats.qosChanges).toBe(0);
    expect(peaks(echoCall)).toEqual({ transmit: OC3 * CELL, receive: OC3 * CELL });
    // No re-activation happened; the call carries data as before.
    expect(ddis(w.events, init.kind === "cm" ? "NdisCmActivateVc" : "NdisMCmActivateVc")).toEqual([]);
    w.a.as(w.a.dialer.name, () => w.a.dialer.sendMore(r, 2));
    w.run(2);
    expect(r.echoed).toBe(4);
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(2);
    teardownClean(w);
  });

  it("T360: the MODIFY REQUEST never reaches B; after 30 s A clears (cause 102): the change fails first, then the incoming close", () => {
    // With a delay on the links, A's T360 (started when it sent) runs out before the agent's
    // (started when the request reached it); without one the two would be due at the same instant.
    const w = callWorld({ ...init, delay: ms(1) });
    const { r } = heldCall(w);
    loseModifyRequestsToB(w);
    w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, 1000 * CELL));
    w.run(29);
    expect(r.qos).toEqual([NDIS_STATUS_PENDING]);
    w.run(2);
    expect(r.qos).toEqual([NDIS_STATUS_FAILURE]);
    expect(causesOf(q2931(w, 0, "in"), "RELEASE")).toEqual([102]);
    expect(order(w, "A", ["ModifyCallQoSComplete", "DispatchIncomingCloseCall"])).toEqual([
      `${form}ModifyCallQoSComplete`,
      `${form}DispatchIncomingCloseCall`,
    ]);
    // A timer cleared the call, not the remote side.
    expect(r.incomingClose).toBe(NDIS_STATUS_FAILURE);
    w.run(2);
    expect(r.state).toBe("done");
    // B hears of it once the lost messages get through.
    w.filter = undefined;
    w.run(5);
    expect(w.b.echo.connectedCalls()).toEqual([]);
    teardownClean(w);
  });

  it("a RELEASE during the pending change: the change completes with FAILURE before the incoming close", () => {
    const w = callWorld(init);
    const { r } = heldCall(w);
    loseModifyRequestsToB(w);
    w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, 1000 * CELL));
    w.run(1);
    w.b.as(w.b.echo.name, () => w.b.echo.hangUp());
    w.run(2);
    expect(r.qos).toEqual([NDIS_STATUS_FAILURE]);
    expect(r.incomingClose).toBe(NDIS_STATUS_SUCCESS);
    expect(
      order(w, "A", ["ModifyCallQoSComplete", "DispatchIncomingCloseCall", "CloseCallComplete"]),
    ).toEqual([
      `${form}ModifyCallQoSComplete`,
      `${form}DispatchIncomingCloseCall`,
      `${form}CloseCallComplete`,
    ]);
    expect(w.a.calls().counters.qosFailed).toBe(1);
    w.filter = undefined;
    w.run(3);
    teardownClean(w);
  });

  it("the client closes during its own pending change: the change completes with FAILURE before the close", () => {
    const w = callWorld(init);
    const { r } = heldCall(w);
    loseModifyRequestsToB(w);
    w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, 1000 * CELL));
    w.run(1);
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(2);
    expect(r.qos).toEqual([NDIS_STATUS_FAILURE]);
    expect(r.state).toBe("done");
    expect(order(w, "A", ["ModifyCallQoSComplete", "CloseCallComplete"])).toEqual([
      `${form}ModifyCallQoSComplete`,
      `${form}CloseCallComplete`,
    ]);
    w.filter = undefined;
    w.run(3);
    teardownClean(w);
  });

  it("the echo server refuses the caller's change by closing the call: no MODIFY ACKNOWLEDGE, the change fails, the call ends", () => {
    const w = callWorld(init);
    const { r } = heldCall(w);
    w.b.echo.incomingQosAnswer = "close";
    w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, 1000 * CELL));
    w.run(3);
    expect(w.b.echo.stats.qosChanges).toBe(1);
    expect(modifications(w, 1, "in")).toEqual([]);
    expect(names(q2931(w, 1, "in"))).toContain("RELEASE");
    expect(r.qos).toEqual([NDIS_STATUS_FAILURE]);
    expect(r).toMatchObject({ state: "done", incomingClose: NDIS_STATUS_SUCCESS });
    teardownClean(w);
  });

  it("crossing changes from both sides both fail (MODIFY REJECT 41); a later change goes through", () => {
    const w = callWorld(init);
    const { r, echoCall } = heldCall(w);
    w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, 1000 * CELL));
    w.b.as(w.b.echo.name, () => w.b.echo.modifyPeakRate(echoCall, 2000 * CELL));
    w.run(2);
    expect(r.qos).toEqual([NDIS_STATUS_FAILURE]);
    expect(echoCall.qosResults).toEqual([NDIS_STATUS_FAILURE]);
    const rejects = (port: number) =>
      q2931(w, port, "out").flatMap((m: Q2931Message) =>
        m.type === "MODIFY REJECT" ? [m.ies.cause.value] : [],
      );
    expect([rejects(0), rejects(1)]).toEqual([[41], [41]]);
    expect(r.peakBandwidth).toEqual({ transmit: OC3 * CELL, receive: OC3 * CELL });
    w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, 1000 * CELL));
    w.run(2);
    expect(r.qos).toEqual([NDIS_STATUS_FAILURE, NDIS_STATUS_SUCCESS]);
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(2);
    teardownClean(w);
  });

  it("refuses at once: NOT_SUPPORTED on a point-to-multipoint call, INVALID_DATA for more than peak rates", () => {
    const w = callWorld(init);
    listen(w);
    const m = w.a.as(w.a.dialer.name, () => w.a.dialer.dialMultipoint([w.b.address(1)], 0, 64));
    w.run(3);
    expect(m.state).toBe("connected");
    expect(w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(m, 1000 * CELL))).toBe(
      NDIS_STATUS_NOT_SUPPORTED,
    );
    expect(m.qos).toEqual([NDIS_STATUS_NOT_SUPPORTED]);
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(m));
    w.run(3);
    const r = dial(w, 1, 64, { hold: true });
    w.run(3);
    const call = [...w.a.dialer.calls].find((c) => c.state === "connected");
    const params = call?.params;
    const cm = params?.CallMgrParameters;
    if (
      call?.handle === null ||
      call === undefined ||
      params === undefined ||
      cm === null ||
      cm === undefined
    )
      throw new Error("no connected call");
    const bigger: CO_CALL_PARAMETERS = {
      ...params,
      CallMgrParameters: { ...cm, Transmit: { ...cm.Transmit, MaxSduSize: 1500 } },
    };
    const handle = call.handle;
    expect(w.a.as(w.a.dialer.name, () => NdisClModifyCallQoS(handle, bigger))).toBe(NDIS_STATUS_INVALID_DATA);
    w.run(1);
    expect(modifications(w, 0, "in")).toEqual([]);
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(2);
    teardownClean(w);
  });
});

describe("QoS changes a miniport cannot take (stand-alone CM: the re-activation fails)", () => {
  it("at the called side: MODIFY REJECT 47, the caller's change completes with RESOURCES, nothing is dispatched", () => {
    const w = callWorld({ kind: "cm", miniports: [undefined, { failReactivation: true }] });
    const { r, echoCall } = heldCall(w);
    w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, 1000 * CELL));
    w.run(2);
    expect(r.qos).toEqual([NDIS_STATUS_RESOURCES]);
    const rejects = q2931(w, 1, "in").flatMap((m) => (m.type === "MODIFY REJECT" ? [m.ies.cause.value] : []));
    expect(rejects).toEqual([47]);
    expect(w.b.echo.stats.qosChanges).toBe(0);
    expect(peaks(echoCall)).toEqual({ transmit: OC3 * CELL, receive: OC3 * CELL });
    expect(ddis(w.events, "NdisCmDispatchIncomingCallQoSChange")).toEqual([]);
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(2);
    teardownClean(w);
  });

  it("at the caller: FAILURE with the old parameters, and a second MODIFY REQUEST puts the network back", () => {
    const w = callWorld({ kind: "cm", miniports: [{ failReactivation: true }, undefined] });
    const { r, echoCall } = heldCall(w);
    w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, 1000 * CELL));
    w.run(3);
    expect(r.qos).toEqual([NDIS_STATUS_FAILURE]);
    expect(r.peakBandwidth).toEqual({ transmit: OC3 * CELL, receive: OC3 * CELL });
    // The new descriptor, then the old one back; B took both, its client saw both.
    expect(requested(w, 0, "in")).toEqual([
      [1000, 1000],
      [OC3, OC3],
    ]);
    expect(modifications(w, 0, "in")).toEqual(["MODIFY REQUEST", "MODIFY REQUEST", "CONNECTION AVAILABLE"]);
    expect(w.b.echo.stats.qosChanges).toBe(2);
    expect(peaks(echoCall)).toEqual({ transmit: OC3 * CELL, receive: OC3 * CELL });
    expect(w.agent.view().calls[0]?.trafficDescriptor.forward.peakCellRateClp01).toBe(OC3);
    // The call is still up and carries data.
    w.a.as(w.a.dialer.name, () => w.a.dialer.sendMore(r, 2));
    w.run(2);
    expect(r.echoed).toBe(4);
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(2);
    teardownClean(w);
  });
});

describe("on the wire", () => {
  it("tshark 4.0 reads every signalling frame of a change both ways cleanly (no malformed frame, no stray warning)", () => {
    requireTshark();
    const w = callWorld({ kind: "cm", maxPeakCellRate: 400_000 });
    const { r, echoCall } = heldCall(w);
    w.a.as(w.a.dialer.name, () => w.a.dialer.modifyPeakRate(r, 100_000 * CELL));
    w.run(2);
    w.b.as(w.b.echo.name, () => w.b.echo.modifyPeakRate(echoCall, 500_000 * CELL));
    w.run(2);
    expect([r.qos, echoCall.qosResults]).toEqual([
      [NDIS_STATUS_SUCCESS],
      [NDIS_STATUS.NDIS_STATUS_CELLRATE_NOT_AVAILABLE],
    ]);
    const writer = new PcapWriter();
    let time = 0n;
    let modifications = 0;
    for (const e of w.agentEvents) {
      if (e.kind !== "frame" || e.vpi !== 0 || e.vci !== 5) continue;
      const pdu = decodePdu(e.payload);
      if (!pdu.ok || pdu.value.type !== "SD") continue;
      const type = decodeMessage(pdu.value.data);
      if (type.ok && type.message.type.includes("MODIFY")) modifications++;
      time += 1_000_000n;
      writer.addFrame(
        signallingFrame(time, e.direction === "in" ? "userToNetwork" : "networkToUser", e.payload),
      );
    }
    expect(modifications).toBeGreaterThanOrEqual(6);
    const pcap = writer.bytes();
    const frames = tsharkFrames(pcap, ["q2931.message_type"]);
    expect(frames.map((f) => f.fields["q2931.message_type"]?.[0])).toEqual(
      expect.arrayContaining(["0x88", "0x89", "0x8a", "0x8b"]),
    );
    const bad = framesMatching(pcap, STRICT_FILTER);
    expect(bad, tsharkVerbose(pcap, bad.slice(0, 3))).toEqual([]);
    expect(MessageType.CONNECTION_AVAILABLE).toBe(0x8b);
  });
});
