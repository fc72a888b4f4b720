/**
 * The per-interface dispatcher: routing by call reference and flag, unknown call references (§3.5),
 * the global call reference with RESTART / T316 / T317, and signalling-link supervision with T309.
 */
import { describe, expect, it } from "vitest";
import {
  type InterfaceState,
  newInterface,
  stepInterface,
} from "../../../src/signaling/call-control/index.ts";
import { Cause, type Q2931Message } from "../../../src/signaling/q2931/index.ts";
import {
  CONNID,
  indicatedBy,
  interfaceWith,
  msg,
  NETWORK,
  OUT,
  ourRef,
  peerRef,
  SETUP,
  sentBy,
  USER,
  userInState,
} from "./helpers.ts";

const deliver = (state: InterfaceState, message: Q2931Message) =>
  stepInterface(state, { kind: "message", message });
const cause16 = { location: 0, value: 16 };

describe("routing and call creation", () => {
  it("setup allocates call references 1, 2, ... and the SETUP carries flag 0", () => {
    const first = stepInterface(newInterface(USER), { kind: "setup", ies: SETUP });
    expect(first.call).toEqual({ value: 1, mine: true });
    expect(sentBy(first)).toEqual([msg("SETUP", { value: 1, flag: false }, SETUP)]);
    const second = stepInterface(first.state, { kind: "setup", ies: SETUP });
    expect(second.call).toEqual({ value: 2, mine: true });
    expect(second.state.calls.size).toBe(2);
  });

  it("an incoming SETUP (flag 0) creates a call keyed as the peer's; the same value with flag 1 is ours", () => {
    const ours = stepInterface(newInterface(USER), { kind: "setup", ies: SETUP }).state;
    const s = deliver(ours, msg("SETUP", { value: 1, flag: false }, SETUP));
    expect([...s.state.calls.keys()].sort()).toEqual(["m1", "p1"]);
    expect(s.effects).toContainEqual({
      kind: "indication",
      call: { value: 1, mine: false },
      indication: { name: "setup.indication", ies: SETUP },
    });
    const proceeding = deliver(
      s.state,
      msg("CALL PROCEEDING", { value: 1, flag: true }, { connectionIdentifier: CONNID }),
    );
    expect(proceeding.state.calls.get("m1")?.state).toBe(3);
    expect(proceeding.state.calls.get("p1")?.state).toBe(6);
  });

  it("a call that reaches Null leaves the table", () => {
    const iface = interfaceWith(userInState(10));
    const s = deliver(iface, msg("RELEASE", peerRef(OUT), { cause: [cause16] }));
    expect(s.state.calls.size).toBe(0);
  });

  it("a request for an unknown call is refused", () => {
    const s = stepInterface(newInterface(USER), {
      kind: "request",
      call: OUT,
      request: { name: "release.request", cause: 16 },
    });
    expect(s.refused).toMatch(/unknown call m7/);
  });
});

describe("messages for an unknown call reference (§3.5)", () => {
  const iface = newInterface(USER);
  const to = { value: 4, flag: true };
  const from = { value: 4, flag: false };

  it("RELEASE, CONNECT, CALL PROCEEDING → RELEASE COMPLETE cause 81", () => {
    for (const message of [
      msg("RELEASE", from, { cause: [cause16] }),
      msg("CONNECT", from, {}),
      msg("CALL PROCEEDING", from, {}),
    ]) {
      const s = deliver(iface, message);
      expect(sentBy(s)).toEqual([msg("RELEASE COMPLETE", to, { cause: [{ location: 0, value: 81 }] })]);
      expect(indicatedBy(s)).toEqual(["error.indication"]);
      expect(s.state.calls.size).toBe(0);
    }
  });

  it("RELEASE COMPLETE and a SETUP with flag 1 are dropped", () => {
    expect(sentBy(deliver(iface, msg("RELEASE COMPLETE", from, {})))).toEqual([]);
    const setup = deliver(iface, msg("SETUP", { value: 4, flag: true }, SETUP));
    expect(sentBy(setup)).toEqual([]);
    expect(setup.state.calls.size).toBe(0);
  });

  it("STATUS ENQUIRY → STATUS call state Null, cause 30, echoing the endpoint reference with state Null", () => {
    expect(sentBy(deliver(iface, msg("STATUS ENQUIRY", from, {})))).toEqual([
      msg("STATUS", to, { cause: { location: 0, value: 30 }, callState: { state: 0 } }),
    ]);
    expect(
      sentBy(deliver(iface, msg("STATUS ENQUIRY", from, { endpointReference: { value: 3, flag: false } }))),
    ).toEqual([
      msg("STATUS", to, {
        cause: { location: 0, value: 30 },
        callState: { state: 0 },
        endpointReference: { value: 3, flag: true },
        endpointState: { state: 0 },
      }),
    ]);
  });

  it("STATUS reporting Null is dropped; any other STATUS → RELEASE COMPLETE cause 101", () => {
    const status = (state: number) =>
      msg("STATUS", from, { cause: { location: 2, value: 30 }, callState: { state } });
    expect(sentBy(deliver(iface, status(0)))).toEqual([]);
    expect(sentBy(deliver(iface, status(10)))).toEqual([
      msg("RELEASE COMPLETE", to, { cause: [{ location: 0, value: 101, diagnostic: Uint8Array.of(0x7d) }] }),
    ]);
  });
});

describe("the global call reference: RESTART", () => {
  const restartAll = { restartIndicator: { restartClass: 2 } };

  it("restart.request clears the calls locally, sends RESTART (flag 0), starts T316, REST1", () => {
    const iface = interfaceWith(userInState(10));
    const s = stepInterface(iface, { kind: "restart.request", restartClass: 2 });
    expect(sentBy(s)).toEqual([msg("RESTART", { value: 0, flag: false }, restartAll)]);
    expect(s.state.calls.size).toBe(0);
    expect(s.state.restart.start).toBe(0x3d);
    expect(s.state.timers).toEqual(["T316"]);
    expect(indicatedBy(s)).toEqual(["release.indication", "release.confirm"]);
    expect(stepInterface(s.state, { kind: "restart.request", restartClass: 2 }).refused).toMatch(/REST1/);
  });

  it("RESTART ACKNOWLEDGE (flag 1) ends REST1: T316 stops, restart.confirm", () => {
    const rest1 = stepInterface(newInterface(USER), { kind: "restart.request", restartClass: 2 }).state;
    const s = deliver(rest1, msg("RESTART ACKNOWLEDGE", { value: 0, flag: true }, restartAll));
    expect(s.state.restart.start).toBe(0);
    expect(s.state.timers).toEqual([]);
    expect(s.effects).toContainEqual({ kind: "stopTimer", timer: "T316" });
    expect(indicatedBy(s)).toEqual(["restart.confirm"]);
  });

  it("T316 resends RESTART once, then gives up with restart.error", () => {
    const rest1 = stepInterface(newInterface(USER), { kind: "restart.request", restartClass: 2 }).state;
    const first = stepInterface(rest1, { kind: "timer", timer: "T316" });
    expect(sentBy(first).map((m) => m.type)).toEqual(["RESTART"]);
    expect(first.state.timers).toEqual(["T316"]);
    const second = stepInterface(first.state, { kind: "timer", timer: "T316" });
    expect(second.state.restart.start).toBe(0);
    expect(indicatedBy(second)).toEqual(["restart.error"]);
    expect(second.state.timers).toEqual([]);
  });

  it("RESTART received: calls cleared, restart.indication, T317, REST2; restart.response → RESTART ACKNOWLEDGE", () => {
    const iface = interfaceWith(userInState(10));
    const s = deliver(iface, msg("RESTART", { value: 0, flag: false }, restartAll));
    expect(s.state.calls.size).toBe(0);
    expect(s.state.restart.respond).toBe(0x3e);
    expect(s.state.timers).toEqual(["T317"]);
    expect(indicatedBy(s)).toEqual(["release.indication", "release.confirm", "restart.indication"]);
    const ack = stepInterface(s.state, { kind: "restart.response" });
    expect(sentBy(ack)).toEqual([msg("RESTART ACKNOWLEDGE", { value: 0, flag: true }, restartAll)]);
    expect(ack.state.restart.respond).toBe(0);
    expect(ack.state.timers).toEqual([]);
  });

  it("T317 expiry without restart.response: restart.error and REST0", () => {
    const rest2 = deliver(newInterface(NETWORK), msg("RESTART", { value: 0, flag: false }, restartAll)).state;
    const s = stepInterface(rest2, { kind: "timer", timer: "T317" });
    expect(s.state.restart.respond).toBe(0);
    expect(indicatedBy(s)).toEqual(["restart.error"]);
  });

  it("a RESTART of one VC clears only the call on that VC", () => {
    const iface = interfaceWith(userInState(10));
    const other = { ...CONNID, vci: 99 };
    const miss = deliver(
      iface,
      msg(
        "RESTART",
        { value: 0, flag: false },
        { connectionIdentifier: other, restartIndicator: { restartClass: 0 } },
      ),
    );
    expect(miss.state.calls.size).toBe(1);
    const hit = deliver(
      iface,
      msg(
        "RESTART",
        { value: 0, flag: false },
        { connectionIdentifier: CONNID, restartIndicator: { restartClass: 0 } },
      ),
    );
    expect(hit.state.calls.size).toBe(0);
  });

  it("RESTART in REST2 → STATUS cause 101; RESTART with flag 1 → STATUS cause 81", () => {
    const rest2 = deliver(newInterface(USER), msg("RESTART", { value: 0, flag: false }, restartAll)).state;
    expect(sentBy(deliver(rest2, msg("RESTART", { value: 0, flag: false }, restartAll)))).toEqual([
      msg(
        "STATUS",
        { value: 0, flag: true },
        {
          cause: { location: 0, value: 101, diagnostic: Uint8Array.of(0x46) },
          callState: { state: 0x3e },
        },
      ),
    ]);
    expect(sentBy(deliver(newInterface(USER), msg("RESTART", { value: 0, flag: true }, restartAll)))).toEqual(
      [
        msg(
          "STATUS",
          { value: 0, flag: false },
          { cause: { location: 0, value: 81 }, callState: { state: 0 } },
        ),
      ],
    );
  });

  it("while all VCs restart, setup is refused and an incoming SETUP gets RELEASE COMPLETE cause 41", () => {
    const rest1 = stepInterface(newInterface(USER), { kind: "restart.request", restartClass: 2 }).state;
    expect(stepInterface(rest1, { kind: "setup", ies: SETUP }).refused).toMatch(/restarted/);
    const s = deliver(rest1, msg("SETUP", { value: 4, flag: false }, SETUP));
    expect(sentBy(s)).toEqual([
      msg("RELEASE COMPLETE", { value: 4, flag: true }, { cause: [{ location: 0, value: 41 }] }),
    ]);
    expect(s.state.calls.size).toBe(0);
  });

  it("other messages on the global call reference → STATUS cause 81", () => {
    const s = deliver(newInterface(USER), msg("CONNECT", { value: 0, flag: false }, {}));
    expect(sentBy(s)).toEqual([
      msg(
        "STATUS",
        { value: 0, flag: true },
        { cause: { location: 0, value: Cause.INVALID_CALL_REFERENCE_VALUE }, callState: { state: 0 } },
      ),
    ]);
  });
});

describe("signalling link supervision (T309)", () => {
  it("link loss clears calls that are not active and keeps active ones under T309", () => {
    const active = userInState(10);
    const proceeding = { ...userInState(3), key: { value: 8, mine: true } };
    const iface: InterfaceState = {
      ...newInterface(USER),
      calls: new Map([
        ["m7", active],
        ["m8", proceeding],
      ]),
    };
    const s = stepInterface(iface, { kind: "link-released" });
    expect([...s.state.calls.keys()]).toEqual(["m7"]);
    expect(s.state.timers).toEqual(["T309"]);
    expect(sentBy(s)).toEqual([]);
    expect(stepInterface(s.state, { kind: "setup", ies: SETUP }).refused).toMatch(/link is down/);

    const expired = stepInterface(s.state, { kind: "timer", timer: "T309" });
    expect(expired.state.calls.size).toBe(0);
    expect(expired.effects).toContainEqual({
      kind: "indication",
      call: OUT,
      indication: {
        name: "release.confirm",
        cause: [{ location: 0, value: Cause.DESTINATION_OUT_OF_ORDER }],
      },
    });
  });

  it("re-establishment stops T309 and active calls send STATUS ENQUIRY under T322", () => {
    const down = stepInterface(interfaceWith(userInState(10)), { kind: "link-released" }).state;
    const up = stepInterface(down, { kind: "link-established" });
    expect(up.state.timers).toEqual([]);
    expect(sentBy(up)).toEqual([msg("STATUS ENQUIRY", ourRef(OUT), {})]);
    expect(up.state.calls.get("m7")?.timers).toEqual(["T322"]);
  });
});
