/**
 * Q.2963.1 connection modification in the call machines (both sides share the procedure): MODIFY
 * REQUEST with T360, MODIFY ACKNOWLEDGE with and without the confirmation step (CONNECTION AVAILABLE,
 * T361), MODIFY REJECT, T360 expiry clearing the call, crossing requests, point-to-multipoint calls,
 * and modification messages in the wrong state or sub-state.
 */
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sched/index.ts";
import {
  type Call,
  type CallInput,
  type CallStep,
  stepInterface,
} from "../../../src/signaling/call-control/index.ts";
import {
  type AtmTrafficDescriptor,
  Cause,
  diagnosticFromTimer,
  MessageType,
  type ModifyRequestIes,
  ReportType,
} from "../../../src/signaling/q2931/index.ts";
import { frame } from "../q2931/frames.ts";
import {
  frameInput,
  indicated,
  interfaceWith,
  msg,
  networkInState,
  OUT,
  ourRef,
  peerRef,
  received,
  req,
  SETUP_P2MP,
  sent,
  sentBy,
  started,
  step,
  stopped,
  userIncoming,
  userInState,
  walk,
} from "./helpers.ts";

const NEW_TD: AtmTrafficDescriptor = {
  forward: { peakCellRateClp01: 100_000 },
  backward: { peakCellRateClp01: 50_000 },
  bestEffort: true,
};
const CONFIRM = { typeOfReport: ReportType.MODIFICATION_CONFIRMATION };
const WITH_CONFIRM: ModifyRequestIes = { trafficDescriptor: NEW_TD, reportType: CONFIRM };
const BARE: ModifyRequestIes = { trafficDescriptor: NEW_TD };

const timer = (name: "T360" | "T361"): CallInput => ({ kind: "timer", timer: name });

function ok(s: CallStep): CallStep {
  if (s.refused !== undefined) throw new Error(`refused: ${s.refused}`);
  return s;
}

/** A call of either side in U10/N10 with our MODIFY REQUEST outstanding. */
function requested(call: Call, ies: ModifyRequestIes = WITH_CONFIRM): Call {
  return walk(call, req({ name: "modify.request", ies })).call;
}

/** A call of either side in U10/N10 with the peer's MODIFY REQUEST to answer. */
function receivedRequest(call: Call, ies: ModifyRequestIes = WITH_CONFIRM): Call {
  return walk(call, received(msg("MODIFY REQUEST", peerRef(call.key), ies))).call;
}

const ACTIVE: readonly [string, () => Call][] = [
  ["user, outgoing call (U10)", () => userInState(10)],
  ["user, incoming call (U10)", () => userIncoming(10)],
  ["network, call from a caller (N10)", () => networkInState(10)],
];

describe.each(ACTIVE)("the requester (%s)", (_label, active) => {
  it("modify.request: MODIFY REQUEST with the IEs asked for, T360 (30 s), state stays 10", () => {
    const call = active();
    const s = ok(step(call, req({ name: "modify.request", ies: WITH_CONFIRM })));
    expect(sent(s)).toEqual([msg("MODIFY REQUEST", ourRef(call.key), WITH_CONFIRM)]);
    expect(started(s)).toEqual(["T360"]);
    expect(s.effects).toContainEqual({ kind: "startTimer", timer: "T360", duration: seconds(30) });
    expect(s.state.state).toBe(10);
    expect(s.state.modify).toEqual({ role: "requested", trafficDescriptor: NEW_TD });
  });

  it("MODIFY ACKNOWLEDGE without report type: T360 stops, modify.confirm, nothing owed", () => {
    const call = requested(active());
    const s = step(call, received(msg("MODIFY ACKNOWLEDGE", peerRef(call.key), {})));
    expect(stopped(s)).toEqual(["T360"]);
    expect(sent(s)).toEqual([]);
    expect(s.effects).toContainEqual({
      kind: "indication",
      indication: { name: "modify.confirm", trafficDescriptor: NEW_TD, confirmRequested: false },
    });
    expect(s.state.modify).toBeUndefined();
    expect(step(s.state, req({ name: "connection-available.request" })).refused).toBeDefined();
  });

  it("MODIFY ACKNOWLEDGE with a report type: CONNECTION AVAILABLE is owed until the layer above sends it", () => {
    const call = requested(active());
    const s = step(call, received(msg("MODIFY ACKNOWLEDGE", peerRef(call.key), { reportType: CONFIRM })));
    expect(s.effects).toContainEqual({
      kind: "indication",
      indication: { name: "modify.confirm", trafficDescriptor: NEW_TD, confirmRequested: true },
    });
    expect(s.state.modify).toEqual({ role: "available-owed" });
    const available = ok(step(s.state, req({ name: "connection-available.request" })));
    expect(sent(available)).toEqual([msg("CONNECTION AVAILABLE", ourRef(call.key), {})]);
    expect(available.state.modify).toBeUndefined();
  });

  it("MODIFY REJECT: T360 stops, modify-reject.indication with the peer's cause", () => {
    const call = requested(active());
    const cause = { location: 2, value: Cause.USER_CELL_RATE_NOT_AVAILABLE };
    const s = step(call, received(msg("MODIFY REJECT", peerRef(call.key), { cause })));
    expect(stopped(s)).toEqual(["T360"]);
    expect(s.effects).toContainEqual({
      kind: "indication",
      indication: { name: "modify-reject.indication", cause },
    });
    expect(s.state.modify).toBeUndefined();
    expect(s.state.state).toBe(10);
  });

  it('T360 expiry clears the call: release.indication, RELEASE cause 102 "360", T308', () => {
    const call = requested(active());
    const s = step(call, timer("T360"));
    const cause = { location: call.config.causeLocation, value: 102, diagnostic: diagnosticFromTimer("360") };
    expect(indicated(s)).toEqual(["release.indication"]);
    expect(sent(s)).toEqual([msg("RELEASE", ourRef(call.key), { cause: [cause] })]);
    expect(started(s)).toEqual(["T308"]);
    expect(s.state.state).toBe(call.side === "user" ? 11 : 12);
    expect(s.state.modify).toBeUndefined();
  });

  it("RELEASE from the peer during the modification stops T360 and ends it with the call", () => {
    const call = requested(active());
    const s = step(
      call,
      received(msg("RELEASE", peerRef(call.key), { cause: [{ location: 0, value: 16 }] })),
    );
    expect(stopped(s)).toContain("T360");
    expect(indicated(s)).toEqual(["release.indication", "release.confirm"]);
    expect(s.state.state).toBe(0);
    expect(s.state.modify).toBeUndefined();
    expect(s.state.timers).toEqual([]);
  });

  it("refuses a second modify.request, and modify.response / modify.reject with nothing to answer", () => {
    const call = requested(active());
    expect(step(call, req({ name: "modify.request", ies: WITH_CONFIRM })).refused).toMatch(/requested/);
    expect(step(call, req({ name: "modify.response" })).refused).toBeDefined();
    expect(step(call, req({ name: "modify.reject", cause: 47 })).refused).toBeDefined();
  });

  it("crossing MODIFY REQUESTs: the peer's is refused with MODIFY REJECT 41, ours still waits", () => {
    const call = requested(active());
    const s = step(call, received(msg("MODIFY REQUEST", peerRef(call.key), BARE)));
    expect(sent(s)).toEqual([
      msg("MODIFY REJECT", ourRef(call.key), {
        cause: { location: call.config.causeLocation, value: Cause.TEMPORARY_FAILURE },
      }),
    ]);
    expect(indicated(s)).toEqual([]);
    expect(s.state.modify).toEqual({ role: "requested", trafficDescriptor: NEW_TD });
    expect(s.state.timers).toContain("T360");
    // The peer applies the same rule: our request fails too.
    const rejected = step(
      s.state,
      received(msg("MODIFY REJECT", peerRef(call.key), { cause: { location: 0, value: 41 } })),
    );
    expect(indicated(rejected)).toEqual(["modify-reject.indication"]);
    expect(rejected.state.modify).toBeUndefined();
  });
});

describe.each(ACTIVE)("the responder (%s)", (_label, active) => {
  it("MODIFY REQUEST: modify.indication with its IEs; nothing is sent until the layer above answers", () => {
    const call = active();
    const s = step(call, received(msg("MODIFY REQUEST", peerRef(call.key), WITH_CONFIRM)));
    expect(s.effects).toEqual([
      { kind: "indication", indication: { name: "modify.indication", ies: WITH_CONFIRM } },
    ]);
    expect(s.state.modify).toEqual({ role: "received", trafficDescriptor: NEW_TD, confirm: true });
  });

  it("modify.response after a report type: MODIFY ACKNOWLEDGE with one, T361 (20 s) until CONNECTION AVAILABLE", () => {
    const call = receivedRequest(active());
    const s = ok(step(call, req({ name: "modify.response" })));
    expect(sent(s)).toEqual([msg("MODIFY ACKNOWLEDGE", ourRef(call.key), { reportType: CONFIRM })]);
    expect(s.effects).toContainEqual({ kind: "startTimer", timer: "T361", duration: seconds(20) });
    expect(s.state.modify).toEqual({ role: "awaiting-available" });
    const available = step(s.state, received(msg("CONNECTION AVAILABLE", peerRef(call.key), {})));
    expect(stopped(available)).toEqual(["T361"]);
    expect(available.effects).toContainEqual({
      kind: "indication",
      indication: { name: "connection-available.indication", timedOut: false },
    });
    expect(available.state.modify).toBeUndefined();
  });

  it("T361 expiry: the peer is taken to run with the new descriptor (connection-available, timed out)", () => {
    const call = walk(receivedRequest(active()), req({ name: "modify.response" })).call;
    const s = step(call, timer("T361"));
    expect(s.effects).toEqual([
      { kind: "indication", indication: { name: "connection-available.indication", timedOut: true } },
    ]);
    expect(s.state.modify).toBeUndefined();
    expect(s.state.state).toBe(10);
  });

  it("modify.response without a report type in the request, or with confirm false: plain MODIFY ACKNOWLEDGE", () => {
    const plain = ok(step(receivedRequest(active(), BARE), req({ name: "modify.response" })));
    expect(sent(plain).map((m) => m.ies)).toEqual([{}]);
    expect(started(plain)).toEqual([]);
    expect(plain.state.modify).toBeUndefined();
    const declined = ok(step(receivedRequest(active()), req({ name: "modify.response", confirm: false })));
    expect(sent(declined).map((m) => m.ies)).toEqual([{}]);
    expect(declined.state.modify).toBeUndefined();
  });

  it("modify.reject: MODIFY REJECT with the cause, our location added", () => {
    const call = receivedRequest(active());
    const s = ok(step(call, req({ name: "modify.reject", cause: Cause.USER_CELL_RATE_NOT_AVAILABLE })));
    expect(sent(s)).toEqual([
      msg("MODIFY REJECT", ourRef(call.key), {
        cause: { location: call.config.causeLocation, value: Cause.USER_CELL_RATE_NOT_AVAILABLE },
      }),
    ]);
    expect(s.state.modify).toBeUndefined();
  });

  it("a second MODIFY REQUEST before the answer: STATUS cause 101, the first stays to be answered", () => {
    const call = receivedRequest(active());
    const s = step(call, received(msg("MODIFY REQUEST", peerRef(call.key), BARE)));
    expect(sent(s)).toEqual([
      msg("STATUS", ourRef(call.key), {
        cause: {
          location: call.config.causeLocation,
          value: 101,
          diagnostic: Uint8Array.of(MessageType.MODIFY_REQUEST),
        },
        callState: { state: 10 },
      }),
    ]);
    expect(s.state.modify).toEqual(call.modify);
    expect(step(call, req({ name: "modify.request", ies: WITH_CONFIRM })).refused).toMatch(/received/);
  });

  it("a new MODIFY REQUEST while CONNECTION AVAILABLE is awaited overtakes it (T361 stops)", () => {
    const call = walk(receivedRequest(active()), req({ name: "modify.response" })).call;
    const s = step(call, received(msg("MODIFY REQUEST", peerRef(call.key), BARE)));
    expect(stopped(s)).toEqual(["T361"]);
    expect(indicated(s)).toEqual(["modify.indication"]);
    expect(s.state.modify).toEqual({ role: "received", trafficDescriptor: NEW_TD, confirm: false });
  });
});

describe("modification outside an active point-to-point call", () => {
  it("a point-to-multipoint call refuses MODIFY REQUEST with MODIFY REJECT 63, and modify.request", () => {
    const root = userInState(10, SETUP_P2MP);
    expect(root.multipoint).toBe(true);
    const s = step(root, received(msg("MODIFY REQUEST", peerRef(root.key), WITH_CONFIRM)));
    expect(sent(s)).toEqual([
      msg("MODIFY REJECT", ourRef(root.key), {
        cause: { location: 0, value: Cause.SERVICE_OR_OPTION_NOT_AVAILABLE },
      }),
    ]);
    expect(indicated(s)).toEqual([]);
    expect(s.state.modify).toBeUndefined();
    expect(step(root, req({ name: "modify.request", ies: WITH_CONFIRM })).refused).toMatch(
      /point-to-multipoint/,
    );
    const network = networkInState(10, { ...SETUP_P2MP, endpointReference: { value: 0, flag: false } });
    const n = step(network, received(msg("MODIFY REQUEST", peerRef(network.key), WITH_CONFIRM)));
    expect(sent(n).map((m) => [m.type, "cause" in m.ies ? m.ies.cause : undefined])).toEqual([
      ["MODIFY REJECT", { location: network.config.causeLocation, value: 63 }],
    ]);
  });

  it("modify.request before the call is active is refused", () => {
    for (const state of [1, 3, 4]) {
      expect(step(userInState(state), req({ name: "modify.request", ies: WITH_CONFIRM })).refused).toMatch(
        /modify.request in U/,
      );
    }
    expect(step(userIncoming(8), req({ name: "modify.request", ies: WITH_CONFIRM })).refused).toBeDefined();
  });

  it.each([
    ["MODIFY REQUEST in U3", () => userInState(3), "MODIFY REQUEST", MessageType.MODIFY_REQUEST],
    ["MODIFY REQUEST in U11", () => userInState(11), "MODIFY REQUEST", MessageType.MODIFY_REQUEST],
    ["MODIFY ACKNOWLEDGE with no request (U10)", () => userInState(10), "MODIFY ACKNOWLEDGE", 0x89],
    ["MODIFY REJECT with no request (N10)", () => networkInState(10), "MODIFY REJECT", 0x8a],
    ["CONNECTION AVAILABLE not awaited (U10)", () => userInState(10), "CONNECTION AVAILABLE", 0x8b],
    ["MODIFY ACKNOWLEDGE in N7", () => networkInState(7), "MODIFY ACKNOWLEDGE", 0x89],
  ] as const)("%s: STATUS cause 101 with the message type, nothing else changes", (_l, make, type, code) => {
    const call = make();
    const ies =
      type === "MODIFY REQUEST"
        ? WITH_CONFIRM
        : type === "MODIFY REJECT"
          ? { cause: { location: 0, value: 47 } }
          : {};
    const s = step(call, received(msg(type, peerRef(call.key), ies as never)));
    expect(s.state).toEqual(call);
    expect(sent(s)).toEqual([
      msg("STATUS", ourRef(call.key), {
        cause: { location: call.config.causeLocation, value: 101, diagnostic: Uint8Array.of(code) },
        callState: { state: call.state },
      }),
    ]);
    expect(indicated(s)).toEqual(["error.indication"]);
  });

  it("a MODIFY REQUEST for an unknown call reference is answered RELEASE COMPLETE cause 81", () => {
    const iface = interfaceWith(userInState(10));
    const s = stepInterface(
      iface,
      frameInput(
        frame({ type: 0x88, callReference: 3, flag: false }, "59 80 00 04 84 00 10 00", "89 80 00 01 01"),
      ),
    );
    expect(sentBy(s)).toEqual([
      msg("RELEASE COMPLETE", { value: 3, flag: true }, { cause: [{ location: 0, value: 81 }] }),
    ]);
  });

  it("a MODIFY REQUEST without its traffic descriptor: STATUS cause 96 (the decoder's report)", () => {
    const iface = interfaceWith(userInState(10));
    const s = stepInterface(
      iface,
      frameInput(frame({ type: 0x88, callReference: OUT.value, flag: true }, "89 80 00 01 01")),
    );
    expect(sentBy(s)).toEqual([
      msg("STATUS", ourRef(OUT), {
        cause: { location: 0, value: 96, diagnostic: Uint8Array.of(0x59) },
        callState: { state: 10 },
      }),
    ]);
    expect(s.state.calls.get("m7")?.modify).toBeUndefined();
  });

  it("a MODIFY REJECT we send drops a diagnostic tshark 4.0 would read past at the message end", () => {
    const call = receivedRequest(userInState(10));
    const s = ok(
      step(
        call,
        req({
          name: "modify.reject",
          cause: { location: 0, value: Cause.INVALID_IE_CONTENTS, diagnostic: Uint8Array.of(0x59) },
        }),
      ),
    );
    expect(sent(s)).toEqual([msg("MODIFY REJECT", ourRef(call.key), { cause: { location: 0, value: 100 } })]);
  });
});
