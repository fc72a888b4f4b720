/** Point-to-multipoint party control (Q.2931 call control): add, accept, reject, drop, timers, last party. */
import { describe, expect, it } from "vitest";
import {
  type Call,
  newCall,
  type PartyKey,
  PartyState,
  stepNetwork,
  stepUser,
} from "../../../src/signaling/call-control/index.ts";
import { diagnosticFromTimer } from "../../../src/signaling/q2931/index.ts";
import {
  CONNID,
  expireParty,
  IN,
  indicated,
  msg,
  networkInState,
  OUT,
  ourRef,
  peerRef,
  received,
  req,
  SETUP,
  SETUP_P2MP,
  sent,
  started,
  stopped,
  USER,
  userIncoming,
  userInState,
  walk,
} from "./helpers.ts";

const called = { calledPartyNumber: SETUP.calledPartyNumber };
const cause16 = { location: 0, value: 16 };
const ROOT_PARTY: PartyKey = { value: 0, mine: true };
const PARTY_1: PartyKey = { value: 1, mine: true };

/** An active root with party 0 active and party 1 added (P1, T399 running). */
function rootAdding(): Call {
  const s = stepUser(userInState(10, SETUP_P2MP), req({ name: "add-party.request", ies: called }));
  expect(s.party).toEqual(PARTY_1);
  return s.state;
}

/** An active root with parties 0 and 1 active. */
function rootWithTwo(): Call {
  return walk(
    rootAdding(),
    received(msg("ADD PARTY ACKNOWLEDGE", peerRef(OUT), { endpointReference: { value: 1, flag: true } })),
  ).call;
}

const partyState = (call: Call, key: PartyKey) =>
  call.parties.find((p) => p.key.value === key.value && p.key.mine === key.mine)?.state;

describe("the root's first party", () => {
  it("a point-to-multipoint SETUP carries endpoint reference 0 and its party enters P1, then P7 on CONNECT", () => {
    const u1 = stepUser(newCall(USER, OUT), req({ name: "setup.request", ies: SETUP_P2MP }));
    expect(sent(u1)).toEqual([
      msg("SETUP", ourRef(OUT), { ...SETUP_P2MP, endpointReference: { value: 0, flag: false } }),
    ]);
    expect(u1.state.parties).toEqual([{ key: ROOT_PARTY, state: PartyState.ADD_PARTY_INITIATED }]);
    const u10 = stepUser(u1.state, received(msg("CONNECT", peerRef(OUT), { connectionIdentifier: CONNID })));
    expect(u10.state.parties).toEqual([{ key: ROOT_PARTY, state: PartyState.ACTIVE }]);
  });
});

describe("adding a party", () => {
  it("add-party.request sends ADD PARTY with a new endpoint reference (flag 0) and starts T399", () => {
    const s = stepUser(userInState(10, SETUP_P2MP), req({ name: "add-party.request", ies: called }));
    expect(sent(s)).toEqual([
      msg("ADD PARTY", ourRef(OUT), { ...called, endpointReference: { value: 1, flag: false } }),
    ]);
    expect(started(s)).toEqual(["T399@m1"]);
    expect(partyState(s.state, PARTY_1)).toBe(PartyState.ADD_PARTY_INITIATED);
  });

  it("ADD PARTY ACKNOWLEDGE → P7, T399 stops, add-party.confirm", () => {
    const s = stepUser(
      rootAdding(),
      received(msg("ADD PARTY ACKNOWLEDGE", peerRef(OUT), { endpointReference: { value: 1, flag: true } })),
    );
    expect(partyState(s.state, PARTY_1)).toBe(PartyState.ACTIVE);
    expect(stopped(s)).toEqual(["T399@m1"]);
    expect(indicated(s)).toEqual(["add-party.confirm"]);
  });

  it("ADD PARTY REJECT → the party goes (P0), the call stays with its other party", () => {
    const s = stepUser(
      rootAdding(),
      received(
        msg("ADD PARTY REJECT", peerRef(OUT), {
          cause: { location: 2, value: 17 },
          endpointReference: { value: 1, flag: true },
        }),
      ),
    );
    expect(partyState(s.state, PARTY_1)).toBeUndefined();
    expect(s.state.state).toBe(10);
    expect(indicated(s)).toEqual(["add-party-reject.indication"]);
    expect(s.state.timers).toEqual([]);
  });

  it('T399 expiry drops the party: DROP PARTY cause 102 "399", T398, P5', () => {
    const s = stepUser(rootAdding(), expireParty("T399", PARTY_1));
    const cause = { location: 0, value: 102, diagnostic: diagnosticFromTimer("399") };
    expect(sent(s)).toEqual([
      msg("DROP PARTY", ourRef(OUT), { cause, endpointReference: { value: 1, flag: false } }),
    ]);
    expect(started(s)).toEqual(["T398@m1"]);
    expect(partyState(s.state, PARTY_1)).toBe(PartyState.DROP_PARTY_INITIATED);
    expect(indicated(s)).toEqual(["drop-party.indication"]);
  });

  it("add-party.request is refused on a point-to-point call and before the call is active", () => {
    expect(stepUser(userInState(10), req({ name: "add-party.request", ies: called })).refused).toMatch(
      /point-to-point/,
    );
    expect(
      stepUser(userInState(3, SETUP_P2MP), req({ name: "add-party.request", ies: called })).refused,
    ).toMatch(/Active/);
  });

  it("ADD PARTY ACKNOWLEDGE for an unknown endpoint reference → DROP PARTY ACKNOWLEDGE cause 89", () => {
    const s = stepUser(
      rootWithTwo(),
      received(msg("ADD PARTY ACKNOWLEDGE", peerRef(OUT), { endpointReference: { value: 9, flag: true } })),
    );
    expect(sent(s)).toEqual([
      msg("DROP PARTY ACKNOWLEDGE", ourRef(OUT), {
        endpointReference: { value: 9, flag: false },
        cause: { location: 0, value: 89 },
      }),
    ]);
  });
});

describe("dropping a party", () => {
  it("drop-party.request → DROP PARTY with T398 (P5); DROP PARTY ACKNOWLEDGE → P0, drop-party.confirm", () => {
    const dropping = stepUser(rootWithTwo(), req({ name: "drop-party.request", party: PARTY_1, cause: 16 }));
    expect(sent(dropping)).toEqual([
      msg("DROP PARTY", ourRef(OUT), { cause: cause16, endpointReference: { value: 1, flag: false } }),
    ]);
    expect(started(dropping)).toEqual(["T398@m1"]);
    const done = stepUser(
      dropping.state,
      received(msg("DROP PARTY ACKNOWLEDGE", peerRef(OUT), { endpointReference: { value: 1, flag: true } })),
    );
    expect(partyState(done.state, PARTY_1)).toBeUndefined();
    expect(stopped(done)).toEqual(["T398@m1"]);
    expect(indicated(done)).toEqual(["drop-party.confirm"]);
    expect(done.state.state).toBe(10);
  });

  it('T398 expiry releases the party with DROP PARTY ACKNOWLEDGE cause 102 "398"', () => {
    const dropping = walk(rootWithTwo(), req({ name: "drop-party.request", party: PARTY_1, cause: 16 })).call;
    const s = stepUser(dropping, expireParty("T398", PARTY_1));
    expect(sent(s)).toEqual([
      msg("DROP PARTY ACKNOWLEDGE", ourRef(OUT), {
        endpointReference: { value: 1, flag: false },
        cause: { location: 0, value: 102, diagnostic: diagnosticFromTimer("398") },
      }),
    ]);
    expect(indicated(s)).toEqual(["drop-party.confirm"]);
    expect(s.state.timers).toEqual([]);
  });

  it("dropping the last party clears the call with RELEASE instead", () => {
    const s = stepUser(
      userInState(10, SETUP_P2MP),
      req({ name: "drop-party.request", party: ROOT_PARTY, cause: 16 }),
    );
    expect(sent(s)).toEqual([msg("RELEASE", ourRef(OUT), { cause: [cause16] })]);
    expect(s.state.state).toBe(11);
    expect(s.state.parties).toEqual([]);
  });

  it("DROP PARTY from the peer → DROP PARTY ACKNOWLEDGE at once, drop-party.indication", () => {
    const s = stepUser(
      rootWithTwo(),
      received(
        msg("DROP PARTY", peerRef(OUT), { cause: cause16, endpointReference: { value: 1, flag: true } }),
      ),
    );
    expect(sent(s)).toEqual([
      msg("DROP PARTY ACKNOWLEDGE", ourRef(OUT), { endpointReference: { value: 1, flag: false } }),
    ]);
    expect(indicated(s)).toEqual(["drop-party.indication"]);
    expect(partyState(s.state, PARTY_1)).toBeUndefined();
  });

  it("DROP PARTY for the last party clears the call with its cause", () => {
    const s = stepUser(
      userInState(10, SETUP_P2MP),
      received(
        msg("DROP PARTY", peerRef(OUT), { cause: cause16, endpointReference: { value: 0, flag: true } }),
      ),
    );
    expect(sent(s)).toEqual([msg("RELEASE", ourRef(OUT), { cause: [cause16] })]);
    expect(indicated(s)).toEqual(["release.indication"]);
  });

  it("DROP PARTY crossing ours: the party is gone, no acknowledgement", () => {
    const dropping = walk(rootWithTwo(), req({ name: "drop-party.request", party: PARTY_1, cause: 16 })).call;
    const s = stepUser(
      dropping,
      received(
        msg("DROP PARTY", peerRef(OUT), { cause: cause16, endpointReference: { value: 1, flag: true } }),
      ),
    );
    expect(sent(s)).toEqual([]);
    expect(indicated(s)).toEqual(["drop-party.confirm"]);
    expect(s.state.timers).toEqual([]);
  });

  it("DROP PARTY for an unknown endpoint reference → DROP PARTY ACKNOWLEDGE cause 89", () => {
    const s = stepUser(
      rootWithTwo(),
      received(
        msg("DROP PARTY", peerRef(OUT), { cause: cause16, endpointReference: { value: 5, flag: false } }),
      ),
    );
    expect(sent(s)).toEqual([
      msg("DROP PARTY ACKNOWLEDGE", ourRef(OUT), {
        endpointReference: { value: 5, flag: true },
        cause: { location: 0, value: 89 },
      }),
    ]);
  });

  it("the reject of the last party being added clears the call", () => {
    // Party 0 is dropped by the peer while party 1 is still being added; then party 1 is rejected.
    const adding = walk(
      rootAdding(),
      received(
        msg("DROP PARTY", peerRef(OUT), { cause: cause16, endpointReference: { value: 0, flag: true } }),
      ),
    ).call;
    const s = stepUser(
      adding,
      received(
        msg("ADD PARTY REJECT", peerRef(OUT), {
          cause: { location: 2, value: 17 },
          endpointReference: { value: 1, flag: true },
        }),
      ),
    );
    expect(indicated(s)).toEqual(["add-party-reject.indication", "release.indication"]);
    expect(sent(s)).toEqual([msg("RELEASE", ourRef(OUT), { cause: [{ location: 2, value: 17 }] })]);
  });
});

describe("the leaf side", () => {
  const LEAF_SETUP = {
    ...SETUP_P2MP,
    connectionIdentifier: CONNID,
    endpointReference: { value: 5, flag: false },
  };
  const P5: PartyKey = { value: 5, mine: false };

  it("a point-to-multipoint SETUP creates the party in P2; CONNECT names it; CONNECT ACK makes it active", () => {
    const u6 = stepUser(newCall(USER, IN), received(msg("SETUP", peerRef(IN), LEAF_SETUP)));
    expect(u6.state.parties).toEqual([{ key: P5, state: PartyState.ADD_PARTY_RECEIVED }]);
    const u8 = stepUser(u6.state, req({ name: "setup.response" }));
    expect(sent(u8)).toEqual([msg("CONNECT", ourRef(IN), { endpointReference: { value: 5, flag: true } })]);
    const u10 = stepUser(u8.state, received(msg("CONNECT ACKNOWLEDGE", peerRef(IN), {})));
    expect(u10.state.parties).toEqual([{ key: P5, state: PartyState.ACTIVE }]);
  });

  it("a point-to-multipoint SETUP without an endpoint reference → RELEASE COMPLETE cause 96, no call", () => {
    const s = stepUser(newCall(USER, IN), received(msg("SETUP", peerRef(IN), SETUP_P2MP)));
    expect(s.state.state).toBe(0);
    expect(sent(s)).toEqual([
      msg("RELEASE COMPLETE", ourRef(IN), {
        cause: [{ location: 0, value: 96 }],
      }),
    ]);
    expect(indicated(s)).toEqual([]);
  });

  it("ADD PARTY in U10 → P2 and add-party.indication; add-party.response → ADD PARTY ACKNOWLEDGE", () => {
    const u10 = userIncoming(10, LEAF_SETUP);
    const offered = stepUser(
      u10,
      received(msg("ADD PARTY", peerRef(IN), { ...called, endpointReference: { value: 6, flag: false } })),
    );
    const p6: PartyKey = { value: 6, mine: false };
    expect(indicated(offered)).toEqual(["add-party.indication"]);
    expect(partyState(offered.state, p6)).toBe(PartyState.ADD_PARTY_RECEIVED);
    const accepted = stepUser(offered.state, req({ name: "add-party.response", party: p6 }));
    expect(sent(accepted)).toEqual([
      msg("ADD PARTY ACKNOWLEDGE", ourRef(IN), { endpointReference: { value: 6, flag: true } }),
    ]);
    expect(partyState(accepted.state, p6)).toBe(PartyState.ACTIVE);
    const rejected = stepUser(offered.state, req({ name: "add-party.reject", party: p6, cause: 21 }));
    expect(sent(rejected)).toEqual([
      msg("ADD PARTY REJECT", ourRef(IN), {
        cause: { location: 0, value: 21 },
        endpointReference: { value: 6, flag: true },
      }),
    ]);
    expect(partyState(rejected.state, p6)).toBeUndefined();
  });

  it("ADD PARTY in U8, then CONNECT ACKNOWLEDGE: only the SETUP's party becomes active", () => {
    const u8 = userIncoming(8, LEAF_SETUP);
    const p6: PartyKey = { value: 6, mine: false };
    const offered = walk(
      u8,
      received(msg("ADD PARTY", peerRef(IN), { ...called, endpointReference: { value: 6, flag: false } })),
    );
    expect(partyState(offered.call, p6)).toBe(PartyState.ADD_PARTY_RECEIVED);
    const u10 = stepUser(offered.call, received(msg("CONNECT ACKNOWLEDGE", peerRef(IN), {})));
    expect(partyState(u10.state, P5)).toBe(PartyState.ACTIVE);
    expect(partyState(u10.state, p6)).toBe(PartyState.ADD_PARTY_RECEIVED);
  });

  it("ADD PARTY in U6 (not allowed) → STATUS 101 naming the party in P0", () => {
    const u6 = userIncoming(6, LEAF_SETUP);
    const s = stepUser(
      u6,
      received(msg("ADD PARTY", peerRef(IN), { ...called, endpointReference: { value: 6, flag: false } })),
    );
    expect(sent(s)).toEqual([
      msg("STATUS", ourRef(IN), {
        cause: { location: 0, value: 101, diagnostic: Uint8Array.of(0x80) },
        callState: { state: 6 },
        endpointReference: { value: 6, flag: true },
        endpointState: { state: 0 },
      }),
    ]);
    expect(s.state).toEqual(u6);
  });

  it("STATUS ENQUIRY about a party is answered with its endpoint state", () => {
    const u10 = userIncoming(10, LEAF_SETUP);
    const s = stepUser(
      u10,
      received(msg("STATUS ENQUIRY", peerRef(IN), { endpointReference: { value: 5, flag: false } })),
    );
    expect(sent(s)).toEqual([
      msg("STATUS", ourRef(IN), {
        cause: { location: 0, value: 30 },
        callState: { state: 10 },
        endpointReference: { value: 5, flag: true },
        endpointState: { state: PartyState.ACTIVE },
      }),
    ]);
  });

  it("STATUS reporting a party in the Null state removes it (and the call with its last party)", () => {
    const u10 = walk(
      rootWithTwo(),
      received(
        msg("STATUS", peerRef(OUT), {
          cause: { location: 2, value: 30 },
          callState: { state: 10 },
          endpointReference: { value: 1, flag: true },
          endpointState: { state: 0 },
        }),
      ),
    );
    expect(partyState(u10.call, PARTY_1)).toBeUndefined();
    expect(indicated(u10.last)).toEqual(["status.indication", "drop-party.confirm"]);
    expect(u10.call.state).toBe(10);
  });
});

describe("the network as root toward a leaf", () => {
  it("the network's point-to-multipoint SETUP, CONNECT and ADD PARTY towards the leaf user", () => {
    const n6 = networkInState(6, SETUP_P2MP);
    expect(n6.parties).toEqual([{ key: ROOT_PARTY, state: PartyState.ADD_PARTY_INITIATED }]);
    const n10 = stepNetwork(
      n6,
      received(msg("CONNECT", peerRef(OUT), { endpointReference: { value: 0, flag: true } })),
    );
    expect(n10.state.parties).toEqual([{ key: ROOT_PARTY, state: PartyState.ACTIVE }]);
    const add = stepNetwork(n10.state, req({ name: "add-party.request", ies: called }));
    expect(sent(add).map((m) => m.type)).toEqual(["ADD PARTY"]);
    expect(started(add)).toEqual(["T399@m1"]);
    expect(n10.state.config.timers.T399).toBe(14_000_000_000n);
  });

  it("T399 on the network side drops the party with cause 18", () => {
    const n10 = walk(networkInState(6, SETUP_P2MP), received(msg("CONNECT", peerRef(OUT), {}))).call;
    const adding = walk(n10, req({ name: "add-party.request", ies: called })).call;
    const s = stepNetwork(adding, expireParty("T399", PARTY_1));
    expect(sent(s)).toEqual([
      msg("DROP PARTY", ourRef(OUT), {
        cause: { location: 1, value: 18 },
        endpointReference: { value: 1, flag: false },
      }),
    ]);
  });
});
