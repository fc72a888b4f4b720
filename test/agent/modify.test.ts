/**
 * The agent relays Q.2963.1 connection modifications of active point-to-point calls: MODIFY REQUEST
 * from either user to the other, MODIFY ACKNOWLEDGE (with the confirmation step, CONNECTION
 * AVAILABLE) or MODIFY REJECT back; it refuses a peak cell rate above a port's limit (cause 37) and
 * point-to-multipoint calls (cause 63), crossing requests fail on both sides (cause 41), T360 clears
 * the call, and the call's recorded traffic descriptor follows every accepted change.
 */
import { describe, expect, it } from "vitest";
import type { CallKey } from "../../src/signaling/call-control/index.ts";
import {
  type AtmTrafficDescriptor,
  decodeMessage,
  encodeMessage,
  type ModifyRequestIes,
  type Q2931Message,
  ReportType,
} from "../../src/signaling/q2931/index.ts";
import { decodePdu } from "../../src/signaling/sscop/index.ts";
import { activeCall, type CallWorld, callWorld, ofKind, q2931 } from "./call-world.ts";
import type { SignalingUser } from "./signaling-user.ts";

const UBR_353207: AtmTrafficDescriptor = {
  forward: { peakCellRateClp01: 353_207 },
  backward: { peakCellRateClp01: 353_207 },
  bestEffort: true,
};

function td(forward: number, backward = forward): AtmTrafficDescriptor {
  return {
    forward: { peakCellRateClp01: forward },
    backward: { peakCellRateClp01: backward },
    bestEffort: true,
  };
}

const confirm = { typeOfReport: ReportType.MODIFICATION_CONFIRMATION };

function modify(user: SignalingUser, key: CallKey, ies: ModifyRequestIes): void {
  const r = user.request(key, { name: "modify.request", ies });
  if (!r.ok) throw new Error(`modify.request refused: ${r.reason}`);
}

/** The indications of a call with their details, for the modification ones. */
function modifyLog(user: SignalingUser, key: CallKey): unknown[] {
  const id = `${key.mine ? "m" : "p"}${key.value}`;
  return user.log
    .filter((l) => l.call === id && /modify|connection-available/.test(l.indication.name))
    .map((l) => l.indication);
}

/** The Q.2931 messages (decoded) the agent sent on a port. */
function sentOn(w: CallWorld, port: number): Q2931Message[] {
  return ofKind(w.events, "frame").flatMap((f) => {
    if (f.port !== port || f.direction !== "out" || f.vpi !== 0 || f.vci !== 5) return [];
    const pdu = decodePdu(f.payload);
    if (!pdu.ok || pdu.value.type !== "SD") return [];
    const m = decodeMessage(pdu.value.data);
    return m.ok ? [m.message] : [];
  });
}

describe("the agent relays Q.2963.1 modifications", () => {
  it("from the caller: MODIFY REQUEST to the called user, MODIFY ACKNOWLEDGE back, CONNECTION AVAILABLE on", () => {
    const w = callWorld({ ports: 2 });
    const { caller, called } = activeCall(w);
    w.events.length = 0;
    const wanted = td(100_000, 50_000);
    modify(w.user(0), caller, { trafficDescriptor: wanted, reportType: confirm });
    w.run(1);
    // The called user is asked with the same IEs; until it answers, the caller waits (T360).
    expect(modifyLog(w.user(1), called)).toEqual([
      { name: "modify.indication", ies: { trafficDescriptor: wanted, reportType: confirm } },
    ]);
    expect(w.user(0).runtime.runningTimers()).toContain(`T360@m${caller.value}`);
    expect(w.user(1).request(called, { name: "modify.response" }).ok).toBe(true);
    w.run(1);
    expect(modifyLog(w.user(0), caller)).toEqual([
      { name: "modify.confirm", trafficDescriptor: wanted, confirmRequested: true },
    ]);
    expect(w.user(0).request(caller, { name: "connection-available.request" }).ok).toBe(true);
    w.run(1);
    expect(modifyLog(w.user(1), called).at(-1)).toEqual({
      name: "connection-available.indication",
      timedOut: false,
    });
    expect(q2931(w.events, 0, "in")).toEqual(["MODIFY REQUEST", "CONNECTION AVAILABLE"]);
    expect(q2931(w.events, 0, "out")).toEqual(["MODIFY ACKNOWLEDGE"]);
    expect(q2931(w.events, 1, "out")).toEqual(["MODIFY REQUEST", "CONNECTION AVAILABLE"]);
    expect(q2931(w.events, 1, "in")).toEqual(["MODIFY ACKNOWLEDGE"]);
    expect(w.agent.view().calls[0]?.trafficDescriptor).toEqual(wanted);
    expect(ofKind(w.events, "callModified")).toEqual([
      { kind: "callModified", call: 1, port: 0, outcome: "accepted", trafficDescriptor: wanted },
    ]);
    // No timer is left on either side, and the call goes on.
    for (const u of [w.user(0), w.user(1)]) expect(u.runtime.runningTimers()).toEqual([]);
    expect(w.user(0).callOf(caller)?.state).toBe(10);
    expect(w.user(1).callOf(called)?.state).toBe(10);
  });

  it("from the called user, refused by the caller: MODIFY REJECT with the caller's cause; nothing changes", () => {
    const w = callWorld({ ports: 2 });
    const { caller, called } = activeCall(w);
    modify(w.user(1), called, { trafficDescriptor: td(200_000) });
    w.run(1);
    expect(modifyLog(w.user(0), caller)).toEqual([
      { name: "modify.indication", ies: { trafficDescriptor: td(200_000) } },
    ]);
    expect(w.user(0).request(caller, { name: "modify.reject", cause: 47 }).ok).toBe(true);
    w.run(1);
    expect(modifyLog(w.user(1), called)).toEqual([
      { name: "modify-reject.indication", cause: { location: 0, value: 47 } },
    ]);
    expect(w.agent.view().calls[0]?.trafficDescriptor).toEqual(UBR_353207);
    expect(ofKind(w.events, "callModified")).toMatchObject([{ port: 1, outcome: "rejected", cause: 47 }]);
  });

  it("a plain MODIFY ACKNOWLEDGE (no report type) is relayed plain; the agent waits for no CONNECTION AVAILABLE", () => {
    const w = callWorld({ ports: 2 });
    const { caller, called } = activeCall(w);
    modify(w.user(0), caller, { trafficDescriptor: td(1000), reportType: confirm });
    w.run(1);
    w.user(1).request(called, { name: "modify.response", confirm: false });
    w.run(1);
    expect(modifyLog(w.user(0), caller)).toEqual([
      { name: "modify.confirm", trafficDescriptor: td(1000), confirmRequested: false },
    ]);
    expect(w.agent.view().calls[0]?.trafficDescriptor).toEqual(td(1000));
    for (const u of [w.user(0), w.user(1)]) expect(u.runtime.runningTimers()).toEqual([]);
  });

  it("refuses a peak cell rate above a port's limit with cause 37, without asking the other user", () => {
    const w = callWorld({ ports: 2, maxPeakCellRate: [undefined, 400_000] });
    const { caller, called } = activeCall(w);
    modify(w.user(0), caller, { trafficDescriptor: td(400_001, 1000), reportType: confirm });
    w.run(1);
    expect(modifyLog(w.user(0), caller)).toEqual([
      { name: "modify-reject.indication", cause: { location: 1, value: 37 } },
    ]);
    expect(modifyLog(w.user(1), called)).toEqual([]);
    expect(ofKind(w.events, "callModified")).toMatchObject([
      { port: 0, outcome: "rejected", cause: 37, reason: expect.stringContaining("400000") },
    ]);
    // At the limit it passes.
    modify(w.user(0), caller, { trafficDescriptor: td(400_000), reportType: confirm });
    w.run(1);
    expect(modifyLog(w.user(1), called)).toHaveLength(1);
  });

  it("refuses a SETUP above a port's limit with RELEASE COMPLETE cause 37", () => {
    const w = callWorld({ ports: 2, maxPeakCellRate: [300_000, undefined] });
    const made = w.user(0).call(w.address(1));
    w.run(1);
    const key = made.ok ? made.call : undefined;
    if (key === undefined) throw new Error("setup refused locally");
    expect(w.user(0).releaseCauses(key)).toEqual([37]);
    expect(ofKind(w.events, "callRefused")).toMatchObject([{ port: 0, cause: 37 }]);
    expect(w.user(1).calls()).toEqual([]);
  });

  it("crossing MODIFY REQUESTs: each user's is refused with cause 41; the call stays as it was", () => {
    const w = callWorld({ ports: 2 });
    const { caller, called } = activeCall(w);
    modify(w.user(0), caller, { trafficDescriptor: td(10_000), reportType: confirm });
    modify(w.user(1), called, { trafficDescriptor: td(20_000), reportType: confirm });
    w.run(1);
    for (const [u, key] of [
      [w.user(0), caller],
      [w.user(1), called],
    ] as const) {
      const log = modifyLog(u, key);
      expect(log.at(-1)).toMatchObject({ name: "modify-reject.indication", cause: { value: 41 } });
      expect(u.callOf(key)?.state).toBe(10);
      expect(u.callOf(key)?.modify).toBeUndefined();
    }
    expect(w.agent.view().calls[0]?.trafficDescriptor).toEqual(UBR_353207);
    // Afterwards either side may try again.
    modify(w.user(1), called, { trafficDescriptor: td(20_000), reportType: confirm });
    w.run(1);
    w.user(0).request(caller, { name: "modify.response" });
    w.run(1);
    expect(w.agent.view().calls[0]?.trafficDescriptor).toEqual(td(20_000));
  });

  it("refuses to modify a point-to-multipoint call: MODIFY REJECT cause 63", () => {
    const w = callWorld({ ports: 2 });
    const made = w.user(0).call(w.address(1), true);
    const root = made.ok ? made.call : undefined;
    if (root === undefined) throw new Error("setup refused");
    w.run(1);
    w.events.length = 0;
    // Call control will not send it on a point-to-multipoint call: a hand-made MODIFY REQUEST.
    const encoded = encodeMessage(
      {
        type: "MODIFY REQUEST",
        callReference: { value: root.value, flag: false },
        ies: { trafficDescriptor: td(1000, 0), reportType: confirm },
      },
      { requireSafeEnding: true },
    );
    if (!encoded.ok) throw new Error(encoded.error.reason);
    w.user(0).sendSignaling(encoded.bytes);
    w.run(1);
    const rejects = sentOn(w, 0).filter((m) => m.type === "MODIFY REJECT");
    expect(rejects.map((m) => (m.type === "MODIFY REJECT" ? m.ies.cause.value : 0))).toEqual([63]);
    expect(q2931(w.events, 1, "out")).toEqual([]);
    expect(w.agent.view().calls[0]?.phase).toBe("active");
  });

  it("T360: the called user never answers; the caller clears the call (cause 102), the agent relays the RELEASE", () => {
    const w = callWorld({ ports: 2 });
    const { caller, called } = activeCall(w);
    modify(w.user(0), caller, { trafficDescriptor: td(1000), reportType: confirm });
    w.run(29);
    expect(w.user(0).callOf(caller)?.state).toBe(10);
    w.run(2);
    expect(w.user(1).releaseCauses(called)).toEqual([102]);
    expect(w.user(0).calls()).toEqual([]);
    expect(w.user(1).calls()).toEqual([]);
    expect(w.agent.view().calls).toEqual([]);
    expect(ofKind(w.events, "callCleared")).toMatchObject([{ call: 1, cause: 102 }]);
  });

  it("a RELEASE during the modification ends it with the call on both sides", () => {
    const w = callWorld({ ports: 2 });
    const { caller, called } = activeCall(w);
    modify(w.user(0), caller, { trafficDescriptor: td(1000), reportType: confirm });
    w.run(1);
    w.user(1).release(called, 16);
    w.run(1);
    expect(w.user(0).releaseCauses(caller)).toEqual([16]);
    expect(w.user(0).calls()).toEqual([]);
    expect(w.agent.view().calls).toEqual([]);
    for (const u of [w.user(0), w.user(1)]) expect(u.runtime.runningTimers()).toEqual([]);
  });
});
