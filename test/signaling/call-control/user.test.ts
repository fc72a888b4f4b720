/** User-side basic call transitions U0–U12 (Q.2931 call control), timers, STATUS ENQUIRY / STATUS. */
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sched/index.ts";
import { newCall, stepUser } from "../../../src/signaling/call-control/index.ts";
import { Cause, CauseLocation, diagnosticFromTimer, IeId } from "../../../src/signaling/q2931/index.ts";
import {
  CONNID,
  expire,
  IN,
  indicated,
  msg,
  OUT,
  ourRef,
  peerRef,
  received,
  req,
  SETUP,
  sent,
  started,
  stopped,
  USER,
  userIncoming,
  userInState,
  walk,
} from "./helpers.ts";

const connid = { connectionIdentifier: CONNID };
const normal = { location: CauseLocation.USER, value: Cause.NORMAL_CALL_CLEARING };

describe("outgoing call (calling user)", () => {
  it("setup.request sends SETUP, starts T303 and enters U1", () => {
    const s = stepUser(newCall(USER, OUT), req({ name: "setup.request", ies: SETUP }));
    expect(s.state.state).toBe(1);
    expect(sent(s)).toEqual([msg("SETUP", ourRef(OUT), SETUP)]);
    expect(ourRef(OUT).flag).toBe(false);
    expect(s.effects).toContainEqual({ kind: "startTimer", timer: "T303", duration: seconds(4) });
  });

  it("U1 → U3 on CALL PROCEEDING: T303 stops, T310 starts, proceeding.indication", () => {
    const s = stepUser(userInState(1), received(msg("CALL PROCEEDING", peerRef(OUT), connid)));
    expect(s.state.state).toBe(3);
    expect(stopped(s)).toEqual(["T303"]);
    expect(started(s)).toEqual(["T310"]);
    expect(indicated(s)).toEqual(["proceeding.indication"]);
    expect(s.state.connectionIdentifier).toEqual(CONNID);
  });

  it("U3 → U4 on ALERTING (T310 stops), U4 → U10 on CONNECT with CONNECT ACKNOWLEDGE", () => {
    const u4 = stepUser(userInState(3), received(msg("ALERTING", peerRef(OUT), {})));
    expect(u4.state.state).toBe(4);
    expect(stopped(u4)).toEqual(["T310"]);
    expect(indicated(u4)).toEqual(["alerting.indication"]);
    const u10 = stepUser(u4.state, received(msg("CONNECT", peerRef(OUT), {})));
    expect(u10.state.state).toBe(10);
    expect(sent(u10)).toEqual([msg("CONNECT ACKNOWLEDGE", ourRef(OUT), {})]);
    expect(indicated(u10)).toEqual(["setup.confirm"]);
    expect(u10.state.timers).toEqual([]);
  });

  it("U1 → U4 on ALERTING and U1 → U10 on CONNECT directly (T303 stops)", () => {
    const alerting = stepUser(userInState(1), received(msg("ALERTING", peerRef(OUT), connid)));
    expect(alerting.state.state).toBe(4);
    expect(stopped(alerting)).toEqual(["T303"]);
    const connect = stepUser(userInState(1), received(msg("CONNECT", peerRef(OUT), connid)));
    expect(connect.state.state).toBe(10);
    expect(stopped(connect)).toEqual(["T303"]);
    expect(sent(connect).map((m) => m.type)).toEqual(["CONNECT ACKNOWLEDGE"]);
  });

  it("U3 → U10 on CONNECT stops T310", () => {
    const s = stepUser(userInState(3), received(msg("CONNECT", peerRef(OUT), {})));
    expect(s.state.state).toBe(10);
    expect(stopped(s)).toEqual(["T310"]);
  });

  it("the first answer without a connection identifier is answered with STATUS cause 96 and ignored", () => {
    const s = stepUser(userInState(1), received(msg("CALL PROCEEDING", peerRef(OUT), {})));
    expect(s.state.state).toBe(1);
    expect(sent(s)).toEqual([
      msg("STATUS", ourRef(OUT), {
        cause: { location: 0, value: 96, diagnostic: Uint8Array.of(IeId.CONNECTION_IDENTIFIER) },
        callState: { state: 1 },
      }),
    ]);
    expect(s.state.timers).toEqual(["T303"]);
  });

  it("T303 first expiry resends SETUP and restarts T303; the second clears locally with cause 18", () => {
    const first = stepUser(userInState(1), expire("T303"));
    expect(first.state.state).toBe(1);
    expect(sent(first)).toEqual([msg("SETUP", ourRef(OUT), SETUP)]);
    expect(started(first)).toEqual(["T303"]);
    const second = stepUser(first.state, expire("T303"));
    expect(second.state.state).toBe(0);
    expect(sent(second)).toEqual([]);
    expect(indicated(second)).toEqual(["release.indication", "release.confirm"]);
    expect(second.effects).toContainEqual({
      kind: "indication",
      indication: { name: "release.confirm", cause: [{ location: 0, value: Cause.NO_USER_RESPONDING }] },
    });
    expect(second.state.timers).toEqual([]);
  });

  it('T310 expiry clears with RELEASE cause 102 "310", T308, U11', () => {
    const s = stepUser(userInState(3), expire("T310"));
    const cause = { location: 0, value: 102, diagnostic: diagnosticFromTimer("310") };
    expect(s.state.state).toBe(11);
    expect(sent(s)).toEqual([msg("RELEASE", ourRef(OUT), { cause: [cause] })]);
    expect(started(s)).toEqual(["T308"]);
    expect(indicated(s)).toEqual(["release.indication"]);
  });

  it("a stale expiry of a timer that was stopped does nothing", () => {
    const u3 = userInState(3);
    const s = stepUser(u3, expire("T303"));
    expect(s.state).toEqual(u3);
    expect(s.effects).toEqual([]);
  });
});

describe("incoming call (called user)", () => {
  it("SETUP in U0 → U6 with setup.indication", () => {
    const s = stepUser(newCall(USER, IN), received(msg("SETUP", peerRef(IN), SETUP)));
    expect(s.state.state).toBe(6);
    expect(indicated(s)).toEqual(["setup.indication"]);
    expect(sent(s)).toEqual([]);
    expect(peerRef(IN).flag).toBe(false);
  });

  it("proceeding.request U6 → U9, alerting.request U9 → U7, setup.response U7 → U8 with T313", () => {
    const u9 = stepUser(userIncoming(6), req({ name: "proceeding.request" }));
    expect(u9.state.state).toBe(9);
    expect(sent(u9)).toEqual([msg("CALL PROCEEDING", ourRef(IN), {})]);
    expect(ourRef(IN).flag).toBe(true);
    const u7 = stepUser(u9.state, req({ name: "alerting.request" }));
    expect(u7.state.state).toBe(7);
    expect(sent(u7)).toEqual([msg("ALERTING", ourRef(IN), {})]);
    const u8 = stepUser(u7.state, req({ name: "setup.response" }));
    expect(u8.state.state).toBe(8);
    expect(sent(u8)).toEqual([msg("CONNECT", ourRef(IN), {})]);
    expect(started(u8)).toEqual(["T313"]);
  });

  it("U8 → U10 on CONNECT ACKNOWLEDGE: T313 stops, setup-complete.indication", () => {
    const s = stepUser(userIncoming(8), received(msg("CONNECT ACKNOWLEDGE", peerRef(IN), {})));
    expect(s.state.state).toBe(10);
    expect(stopped(s)).toEqual(["T313"]);
    expect(indicated(s)).toEqual(["setup-complete.indication"]);
  });

  it('T313 expiry clears with RELEASE cause 102 "313"', () => {
    const s = stepUser(userIncoming(8), expire("T313"));
    expect(s.state.state).toBe(11);
    expect(sent(s)).toEqual([
      msg("RELEASE", ourRef(IN), {
        cause: [{ location: 0, value: 102, diagnostic: diagnosticFromTimer("313") }],
      }),
    ]);
  });

  it("reject.request in U6 sends RELEASE COMPLETE with the cause and ends in U0", () => {
    const s = stepUser(userIncoming(6), req({ name: "reject.request", cause: Cause.USER_BUSY }));
    expect(s.state.state).toBe(0);
    expect(sent(s)).toEqual([msg("RELEASE COMPLETE", ourRef(IN), { cause: [{ location: 0, value: 17 }] })]);
    expect(indicated(s)).toEqual(["release.confirm"]);
  });

  it("requests in the wrong state are refused and change nothing", () => {
    const u6 = userIncoming(6);
    for (const request of [
      { name: "setup.request", ies: SETUP },
      { name: "add-party.request", ies: { calledPartyNumber: SETUP.calledPartyNumber } },
    ] as const) {
      const s = stepUser(u6, req(request));
      expect(s.refused).toBeDefined();
      expect(s.state).toBe(u6);
      expect(s.effects).toEqual([]);
    }
    expect(stepUser(userInState(10), req({ name: "reject.request", cause: 21 })).refused).toMatch(
      /reject.request in U10 Active/,
    );
    expect(stepUser(userInState(11), req({ name: "release.request", cause: 16 })).refused).toMatch(/U11/);
  });
});

describe("clearing", () => {
  it("release.request in U10 sends RELEASE, starts T308 and enters U11; RELEASE COMPLETE ends the call", () => {
    const u11 = stepUser(
      userInState(10),
      req({ name: "release.request", cause: Cause.NORMAL_CALL_CLEARING }),
    );
    expect(u11.state.state).toBe(11);
    expect(sent(u11)).toEqual([msg("RELEASE", ourRef(OUT), { cause: [normal] })]);
    expect(started(u11)).toEqual(["T308"]);
    const u0 = stepUser(u11.state, received(msg("RELEASE COMPLETE", peerRef(OUT), {})));
    expect(u0.state.state).toBe(0);
    expect(stopped(u0)).toEqual(["T308"]);
    expect(indicated(u0)).toEqual(["release.confirm"]);
  });

  it("release.request is allowed in every state U1–U10", () => {
    for (const state of [1, 3, 4, 6, 7, 8, 9, 10]) {
      const s = stepUser(userInState(state), req({ name: "release.request", cause: 16 }));
      expect(s.state.state).toBe(11);
      expect(s.state.timers).toEqual(["T308"]);
    }
  });

  it("RELEASE from the network in U10: RELEASE COMPLETE, release.indication, U0", () => {
    const s = stepUser(userInState(10), received(msg("RELEASE", peerRef(OUT), { cause: [normal] })));
    expect(s.state.state).toBe(0);
    expect(sent(s)).toEqual([msg("RELEASE COMPLETE", ourRef(OUT), {})]);
    expect(indicated(s)).toEqual(["release.indication", "release.confirm"]);
  });

  it("RELEASE in any state U1–U9 stops the running timers and answers RELEASE COMPLETE", () => {
    for (const state of [1, 3, 4, 6, 7, 8, 9]) {
      const call = userInState(state);
      const s = stepUser(call, received(msg("RELEASE", peerRef(call.key), { cause: [normal] })));
      expect(s.state.state).toBe(0);
      expect(s.state.timers).toEqual([]);
      expect(stopped(s).sort()).toEqual([...call.timers].sort());
      expect(sent(s).map((m) => m.type)).toEqual(["RELEASE COMPLETE"]);
    }
  });

  it("release collision: RELEASE in U11 ends the call without RELEASE COMPLETE", () => {
    const s = stepUser(userInState(11), received(msg("RELEASE", peerRef(OUT), { cause: [normal] })));
    expect(s.state.state).toBe(0);
    expect(sent(s)).toEqual([]);
    expect(stopped(s)).toEqual(["T308"]);
    expect(indicated(s)).toEqual(["release.confirm"]);
  });

  it("RELEASE COMPLETE in an active call: release.indication with its cause", () => {
    const s = stepUser(userInState(10), received(msg("RELEASE COMPLETE", peerRef(OUT), { cause: [normal] })));
    expect(s.state.state).toBe(0);
    expect(s.effects).toContainEqual({
      kind: "indication",
      indication: { name: "release.indication", cause: [normal] },
    });
  });

  it('T308 first expiry resends RELEASE with cause 102 "308" added; the second releases the call reference', () => {
    const first = stepUser(userInState(11), expire("T308"));
    expect(first.state.state).toBe(11);
    expect(sent(first)).toEqual([
      msg("RELEASE", ourRef(OUT), {
        cause: [normal, { location: 0, value: 102, diagnostic: diagnosticFromTimer("308") }],
      }),
    ]);
    expect(started(first)).toEqual(["T308"]);
    const second = stepUser(first.state, expire("T308"));
    expect(second.state.state).toBe(0);
    expect(sent(second)).toEqual([]);
    expect(indicated(second)).toEqual(["release.confirm"]);
    expect(second.state.timers).toEqual([]);
  });
});

describe("STATUS ENQUIRY and STATUS", () => {
  it("STATUS ENQUIRY is answered with STATUS carrying the call state and cause 30", () => {
    for (const state of [1, 3, 4, 6, 7, 8, 9, 10, 11]) {
      const call = userInState(state);
      const s = stepUser(call, received(msg("STATUS ENQUIRY", peerRef(call.key), {})));
      expect(s.state).toEqual(call);
      expect(sent(s)).toEqual([
        msg("STATUS", ourRef(call.key), { cause: { location: 0, value: 30 }, callState: { state } }),
      ]);
    }
  });

  it("status-enquiry.request sends STATUS ENQUIRY with T322; the STATUS answer stops it", () => {
    const asked = walk(userInState(10), req({ name: "status-enquiry.request" }));
    expect(sent(asked.last)).toEqual([msg("STATUS ENQUIRY", ourRef(OUT), {})]);
    expect(started(asked.last)).toEqual(["T322"]);
    expect(stepUser(asked.call, req({ name: "status-enquiry.request" })).refused).toMatch(/outstanding/);
    const answer = stepUser(
      asked.call,
      received(msg("STATUS", peerRef(OUT), { cause: { location: 2, value: 30 }, callState: { state: 10 } })),
    );
    expect(stopped(answer)).toEqual(["T322"]);
    expect(indicated(answer)).toEqual(["status.indication"]);
    expect(answer.state.state).toBe(10);
    expect(answer.state.enquiry).toBeUndefined();
  });

  it('T322 resends STATUS ENQUIRY once, then the call is cleared with cause 102 "322"', () => {
    const asked = walk(userInState(10), req({ name: "status-enquiry.request" })).call;
    const first = stepUser(asked, expire("T322"));
    expect(sent(first)).toEqual([msg("STATUS ENQUIRY", ourRef(OUT), {})]);
    expect(started(first)).toEqual(["T322"]);
    const second = stepUser(first.state, expire("T322"));
    expect(indicated(second)).toEqual(["status-enquiry.failed", "release.indication"]);
    expect(second.state.state).toBe(11);
    expect(sent(second)).toEqual([
      msg("RELEASE", ourRef(OUT), {
        cause: [{ location: 0, value: 102, diagnostic: diagnosticFromTimer("322") }],
      }),
    ]);
  });

  it("STATUS with call state Null releases the call reference without messages", () => {
    const s = stepUser(
      userInState(10),
      received(msg("STATUS", peerRef(OUT), { cause: { location: 2, value: 30 }, callState: { state: 0 } })),
    );
    expect(s.state.state).toBe(0);
    expect(sent(s)).toEqual([]);
    expect(indicated(s)).toEqual(["release.indication", "release.confirm"]);
  });

  it("STATUS with an incompatible state (incoming vs outgoing) clears with cause 101", () => {
    const s = stepUser(
      userInState(3),
      received(msg("STATUS", peerRef(OUT), { cause: { location: 2, value: 30 }, callState: { state: 6 } })),
    );
    expect(s.state.state).toBe(11);
    expect(sent(s)).toEqual([
      msg("RELEASE", ourRef(OUT), { cause: [{ location: 0, value: 101, diagnostic: Uint8Array.of(0x7d) }] }),
    ]);
  });

  it("a compatible STATUS only informs the user", () => {
    const call = userInState(10);
    const s = stepUser(
      call,
      received(msg("STATUS", peerRef(OUT), { cause: { location: 2, value: 97 }, callState: { state: 10 } })),
    );
    expect(s.state).toEqual(call);
    expect(sent(s)).toEqual([]);
    expect(indicated(s)).toEqual(["status.indication"]);
  });
});
