/**
 * Messages not allowed in the current call state (Q.2931 call control): STATUS with cause 101 and the
 * message type as diagnostic, state unchanged, unless the message's action indicator says otherwise.
 */
import { describe, expect, it } from "vitest";
import { type Call, stepNetwork, stepUser } from "../../../src/signaling/call-control/index.ts";
import { MessageType, type Q2931Message } from "../../../src/signaling/q2931/index.ts";
import {
  CONNID,
  indicated,
  msg,
  networkInState,
  ourRef,
  peerRef,
  received,
  SETUP,
  sent,
  userInState,
} from "./helpers.ts";

const BASIC = ["CALL PROCEEDING", "ALERTING", "CONNECT", "CONNECT ACKNOWLEDGE"] as const;
type Basic = (typeof BASIC)[number];

const USER_ALLOWED: Record<Basic, readonly number[]> = {
  "CALL PROCEEDING": [1],
  ALERTING: [1, 3],
  CONNECT: [1, 3, 4],
  "CONNECT ACKNOWLEDGE": [8],
};
const NETWORK_ALLOWED: Record<Basic, readonly number[]> = {
  "CALL PROCEEDING": [6],
  ALERTING: [6, 9],
  CONNECT: [6, 7, 9],
  "CONNECT ACKNOWLEDGE": [10],
};

function basic(type: Basic, call: Call): Q2931Message {
  const ies = type === "CONNECT ACKNOWLEDGE" ? {} : { connectionIdentifier: CONNID };
  return msg(type, peerRef(call.key), ies);
}

const CODES: Record<Basic, number> = {
  "CALL PROCEEDING": MessageType.CALL_PROCEEDING,
  ALERTING: MessageType.ALERTING,
  CONNECT: MessageType.CONNECT,
  "CONNECT ACKNOWLEDGE": MessageType.CONNECT_ACKNOWLEDGE,
};

function expectStatus101(call: Call, message: Q2931Message, code: number, location: number): void {
  const s = call.side === "user" ? stepUser(call, received(message)) : stepNetwork(call, received(message));
  expect(s.state).toEqual(call);
  expect(sent(s)).toEqual([
    msg("STATUS", ourRef(call.key), {
      cause: { location, value: 101, diagnostic: Uint8Array.of(code) },
      callState: { state: call.state },
    }),
  ]);
  expect(indicated(s)).toEqual(["error.indication"]);
}

describe("user side: every basic message in every state where it is not allowed", () => {
  for (const state of [1, 3, 4, 6, 7, 8, 9, 10, 11]) {
    for (const type of BASIC) {
      if (USER_ALLOWED[type].includes(state)) continue;
      it(`${type} in U${state} → STATUS cause 101, state unchanged`, () => {
        const call = userInState(state);
        expectStatus101(call, basic(type, call), CODES[type], 0);
      });
    }
  }
});

describe("network side: every basic message in every state where it is not allowed", () => {
  for (const state of [1, 3, 4, 6, 7, 9, 10, 12]) {
    for (const type of BASIC) {
      if (NETWORK_ALLOWED[type].includes(state)) continue;
      it(`${type} in N${state} → STATUS cause 101, state unchanged`, () => {
        const call = networkInState(state);
        expectStatus101(call, basic(type, call), CODES[type], 1);
      });
    }
  }
});

describe("other unexpected messages", () => {
  it("party messages on a point-to-point call → STATUS 101", () => {
    const call = userInState(10);
    const epref = { value: 3, flag: false };
    expectStatus101(
      call,
      msg("ADD PARTY", peerRef(call.key), {
        calledPartyNumber: SETUP.calledPartyNumber,
        endpointReference: epref,
      }),
      MessageType.ADD_PARTY,
      0,
    );
    expectStatus101(
      call,
      msg("DROP PARTY", peerRef(call.key), { cause: { location: 0, value: 16 }, endpointReference: epref }),
      MessageType.DROP_PARTY,
      0,
    );
  });

  it("RESTART on a call's reference → STATUS 101", () => {
    const call = userInState(10);
    expectStatus101(
      call,
      msg("RESTART", peerRef(call.key), { restartIndicator: { restartClass: 2 } }),
      MessageType.RESTART,
      0,
    );
  });

  it("a SETUP on an existing call (a retransmission) is ignored", () => {
    const call = userInState(6);
    const s = stepUser(call, received(msg("SETUP", peerRef(call.key), SETUP)));
    expect(s.state).toEqual(call);
    expect(s.effects).toEqual([]);
  });
});

describe("the message action indicator (flag set)", () => {
  const withAction = (call: Call, action: number): Q2931Message => ({
    ...basic("CONNECT ACKNOWLEDGE", call),
    compatibility: { flag: true, action },
  });

  it("action 1 (discard and ignore): nothing sent, state unchanged", () => {
    const call = userInState(10);
    const s = stepUser(call, received(withAction(call, 1)));
    expect(s.state).toEqual(call);
    expect(sent(s)).toEqual([]);
    expect(s.effects).toContainEqual({
      kind: "indication",
      indication: expect.objectContaining({ name: "error.indication", answer: "ignored", cause: 101 }),
    });
  });

  it("action 0 (clear call): RELEASE with cause 101 and the message type", () => {
    const call = userInState(10);
    const s = stepUser(call, received(withAction(call, 0)));
    expect(s.state.state).toBe(11);
    expect(sent(s)).toEqual([
      msg("RELEASE", ourRef(call.key), {
        cause: [{ location: 0, value: 101, diagnostic: Uint8Array.of(MessageType.CONNECT_ACKNOWLEDGE) }],
      }),
    ]);
  });

  it("action 0 while already clearing (U11): ignored", () => {
    const call = userInState(11);
    const s = stepUser(call, received(withAction(call, 0)));
    expect(s.state).toEqual(call);
    expect(sent(s)).toEqual([]);
  });

  it("actions 2 and 3 (report): STATUS 101 as by default; flag clear ignores the action", () => {
    for (const compatibility of [
      { flag: true, action: 2 },
      { flag: true, action: 3 },
      { flag: false, action: 1 },
    ]) {
      const call = networkInState(10);
      const s = stepNetwork(call, received({ ...basic("CONNECT", call), compatibility }));
      expect(s.state).toEqual(call);
      expect(sent(s).map((m) => m.type)).toEqual(["STATUS"]);
    }
  });
});
