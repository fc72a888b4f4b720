/** Network-side basic call transitions N0–N12 (Q.2931 call control), timers, STATUS. */
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sched/index.ts";
import { newCall, stepNetwork } from "../../../src/signaling/call-control/index.ts";
import { Cause, CauseLocation, diagnosticFromTimer } from "../../../src/signaling/q2931/index.ts";
import {
  CONNID,
  expire,
  IN,
  indicated,
  msg,
  NETWORK,
  networkInState,
  OUT,
  ourRef,
  peerRef,
  received,
  req,
  SETUP,
  sent,
  started,
  stopped,
} from "./helpers.ts";

const LOCATION = CauseLocation.PRIVATE_NETWORK_LOCAL_USER;
const normal = { location: 0, value: Cause.NORMAL_CALL_CLEARING };
const connid = { connectionIdentifier: CONNID };

describe("call from the calling user (N1–N4)", () => {
  it("SETUP in N0 → N1 with setup.indication for the router", () => {
    const s = stepNetwork(newCall(NETWORK, IN), received(msg("SETUP", peerRef(IN), SETUP)));
    expect(s.state.state).toBe(1);
    expect(indicated(s)).toEqual(["setup.indication"]);
    expect(sent(s)).toEqual([]);
  });

  it("proceeding.request N1 → N3, alerting.request N3 → N4, setup.response N4 → N10", () => {
    const n3 = stepNetwork(networkInState(1), req({ name: "proceeding.request", ies: connid }));
    expect(n3.state.state).toBe(3);
    expect(sent(n3)).toEqual([msg("CALL PROCEEDING", ourRef(IN), connid)]);
    const n4 = stepNetwork(n3.state, req({ name: "alerting.request" }));
    expect(n4.state.state).toBe(4);
    expect(sent(n4)).toEqual([msg("ALERTING", ourRef(IN), {})]);
    const n10 = stepNetwork(n4.state, req({ name: "setup.response" }));
    expect(n10.state.state).toBe(10);
    expect(sent(n10)).toEqual([msg("CONNECT", ourRef(IN), {})]);
    expect(n10.state.timers).toEqual([]);
  });

  it("the first answer to a SETUP must assign the VC: without a connection identifier it is refused", () => {
    for (const name of ["proceeding.request", "alerting.request", "setup.response"] as const) {
      expect(stepNetwork(networkInState(1), req({ name })).refused).toMatch(/connection identifier/);
    }
    const n3 = networkInState(3);
    expect(stepNetwork(n3, req({ name: "alerting.request" })).refused).toBeUndefined();
  });

  it("setup.response directly from N1; CONNECT ACKNOWLEDGE in N10 is absorbed", () => {
    const n10 = stepNetwork(networkInState(1), req({ name: "setup.response", ies: connid }));
    expect(n10.state.state).toBe(10);
    const ack = stepNetwork(n10.state, received(msg("CONNECT ACKNOWLEDGE", peerRef(IN), {})));
    expect(ack.state).toEqual(n10.state);
    expect(ack.effects).toEqual([]);
  });

  it("reject.request in N1 refuses the call with RELEASE COMPLETE", () => {
    const s = stepNetwork(
      networkInState(1),
      req({ name: "reject.request", cause: Cause.NO_ROUTE_TO_DESTINATION }),
    );
    expect(s.state.state).toBe(0);
    expect(sent(s)).toEqual([
      msg("RELEASE COMPLETE", ourRef(IN), { cause: [{ location: LOCATION, value: 3 }] }),
    ]);
  });
});

describe("call to the called user (N6–N9)", () => {
  it("setup.request sends SETUP with T303 → N6", () => {
    const ies = { ...SETUP, connectionIdentifier: CONNID };
    const s = stepNetwork(newCall(NETWORK, OUT), req({ name: "setup.request", ies }));
    expect(s.state.state).toBe(6);
    expect(sent(s)).toEqual([msg("SETUP", ourRef(OUT), ies)]);
    expect(s.effects).toContainEqual({ kind: "startTimer", timer: "T303", duration: seconds(4) });
  });

  it("N6 → N9 on CALL PROCEEDING (T303 → T310), N9 → N7 on ALERTING, N7 → N10 on CONNECT with CONNECT ACK", () => {
    const n9 = stepNetwork(networkInState(6), received(msg("CALL PROCEEDING", peerRef(OUT), {})));
    expect(n9.state.state).toBe(9);
    expect(stopped(n9)).toEqual(["T303"]);
    expect(started(n9)).toEqual(["T310"]);
    expect(indicated(n9)).toEqual(["proceeding.indication"]);
    const n7 = stepNetwork(n9.state, received(msg("ALERTING", peerRef(OUT), {})));
    expect(n7.state.state).toBe(7);
    expect(stopped(n7)).toEqual(["T310"]);
    const n10 = stepNetwork(n7.state, received(msg("CONNECT", peerRef(OUT), {})));
    expect(n10.state.state).toBe(10);
    expect(sent(n10)).toEqual([msg("CONNECT ACKNOWLEDGE", ourRef(OUT), {})]);
    expect(indicated(n10)).toEqual(["setup.confirm"]);
  });

  it("N6 → N10 on CONNECT directly; N6 → N7 on ALERTING", () => {
    const connect = stepNetwork(networkInState(6), received(msg("CONNECT", peerRef(OUT), {})));
    expect(connect.state.state).toBe(10);
    expect(stopped(connect)).toEqual(["T303"]);
    const alerting = stepNetwork(networkInState(6), received(msg("ALERTING", peerRef(OUT), {})));
    expect(alerting.state.state).toBe(7);
  });

  it('T303: SETUP again, then RELEASE COMPLETE 102 "303" to the user and cause 18 to the router', () => {
    const first = stepNetwork(networkInState(6), expire("T303"));
    expect(sent(first).map((m) => m.type)).toEqual(["SETUP"]);
    expect(first.state.state).toBe(6);
    const second = stepNetwork(first.state, expire("T303"));
    expect(second.state.state).toBe(0);
    expect(sent(second)).toEqual([
      msg("RELEASE COMPLETE", ourRef(OUT), {
        cause: [{ location: LOCATION, value: 102, diagnostic: diagnosticFromTimer("303") }],
      }),
    ]);
    expect(second.effects).toContainEqual({
      kind: "indication",
      indication: { name: "release.indication", cause: [{ location: LOCATION, value: 18 }] },
    });
  });

  it('T310 expiry in N9 clears with RELEASE cause 102 "310" → N12', () => {
    const n9 = stepNetwork(networkInState(6), received(msg("CALL PROCEEDING", peerRef(OUT), {}))).state;
    const s = stepNetwork(n9, expire("T310"));
    expect(s.state.state).toBe(12);
    expect(started(s)).toEqual(["T308"]);
  });
});

describe("clearing on the network side", () => {
  it("release.request → RELEASE, T308, N12; RELEASE COMPLETE → N0", () => {
    const n12 = stepNetwork(networkInState(10), req({ name: "release.request", cause: 16 }));
    expect(n12.state.state).toBe(12);
    expect(sent(n12)).toEqual([msg("RELEASE", ourRef(IN), { cause: [{ location: LOCATION, value: 16 }] })]);
    const n0 = stepNetwork(n12.state, received(msg("RELEASE COMPLETE", peerRef(IN), {})));
    expect(n0.state.state).toBe(0);
    expect(indicated(n0)).toEqual(["release.confirm"]);
  });

  it("RELEASE from the user (N11 for one step): RELEASE COMPLETE, release.indication, N0", () => {
    const s = stepNetwork(networkInState(10), received(msg("RELEASE", peerRef(IN), { cause: [normal] })));
    expect(s.state.state).toBe(0);
    expect(sent(s)).toEqual([msg("RELEASE COMPLETE", ourRef(IN), {})]);
    expect(indicated(s)).toEqual(["release.indication", "release.confirm"]);
  });

  it("release collision in N12 ends the call without RELEASE COMPLETE", () => {
    const s = stepNetwork(networkInState(12), received(msg("RELEASE", peerRef(OUT), { cause: [normal] })));
    expect(s.state.state).toBe(0);
    expect(sent(s)).toEqual([]);
  });

  it("T308 twice in N12 releases the call reference", () => {
    const first = stepNetwork(networkInState(12), expire("T308"));
    expect(sent(first).map((m) => m.type)).toEqual(["RELEASE"]);
    const second = stepNetwork(first.state, expire("T308"));
    expect(second.state.state).toBe(0);
    expect(second.state.timers).toEqual([]);
  });

  it("STATUS ENQUIRY in N3 is answered with call state 3", () => {
    const s = stepNetwork(networkInState(3), received(msg("STATUS ENQUIRY", peerRef(IN), {})));
    expect(sent(s)).toEqual([
      msg("STATUS", ourRef(IN), { cause: { location: LOCATION, value: 30 }, callState: { state: 3 } }),
    ]);
  });

  it("STATUS from the caller reporting an incoming call (U6) while in N3 clears with cause 101", () => {
    const s = stepNetwork(
      networkInState(3),
      received(msg("STATUS", peerRef(IN), { cause: { location: 0, value: 30 }, callState: { state: 6 } })),
    );
    expect(s.state.state).toBe(12);
    expect(sent(s).map((m) => m.type)).toEqual(["RELEASE"]);
  });
});
