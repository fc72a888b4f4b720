import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sched/scheduler.ts";
import {
  coldStartTrap,
  getRequest,
  getResponseTo,
  ilmiRequest,
  netPrefixSetRequest,
} from "../../../src/signaling/ilmi/ilmi-message.ts";
import {
  AtmfStatus,
  addressStatusOid,
  IlmiOid,
  netPrefixStatusOid,
} from "../../../src/signaling/ilmi/ilmi-mib.ts";
import {
  SnmpErrorStatus,
  type SnmpMessage,
  type SnmpRequestPdu,
} from "../../../src/signaling/ilmi/snmp-types.ts";
import {
  initialUserIme,
  registeredAddresses,
  stepUserIme,
  type UserImeEffect,
  type UserImeInput,
  type UserImeState,
} from "../../../src/signaling/ilmi/user-ime.ts";
import { ADDRESS, ESI, PREFIX, SEL, toHex } from "./fixtures.ts";

const ES = { esi: ESI, sel: SEL };

function step(state: UserImeState, input: UserImeInput): [UserImeState, UserImeEffect[]] {
  return stepUserIme(state, input);
}

function sent(effects: readonly UserImeEffect[]): SnmpMessage[] {
  return effects.flatMap((e) => (e.kind === "send" ? [e.message] : []));
}

function pduOf(message: SnmpMessage | undefined): SnmpRequestPdu {
  if (message === undefined || message.pdu.type === "trap") throw new Error("expected a request-style PDU");
  return message.pdu;
}

function answer(message: SnmpMessage | undefined, status: SnmpErrorStatus = 0): UserImeInput {
  return { kind: "receive", message: getResponseTo(pduOf(message), status, status === 0 ? 0 : 1) };
}

/** A user IME that has its end system, has received the §5.4 prefix and sent the registration. */
function withPrefix(): { state: UserImeState; effects: UserImeEffect[] } {
  const [s0] = step(initialUserIme({ endSystems: [ES] }), { kind: "start", timeStamp: 0 });
  const [state, effects] = step(s0, {
    kind: "receive",
    message: netPrefixSetRequest(5, PREFIX, AtmfStatus.valid),
  });
  return { state, effects };
}

describe("user-side IME", () => {
  it("sends a coldStart trap on start", () => {
    const [, effects] = step(initialUserIme(), { kind: "start", timeStamp: 42 });
    expect(sent(effects)).toEqual([coldStartTrap(42)]);
  });

  it("accepts the network prefix, answers noError, then registers prefix ‖ ESI ‖ SEL", () => {
    const { state, effects } = withPrefix();
    const [response, registration] = sent(effects);
    expect(pduOf(response)).toMatchObject({
      type: "getResponse",
      requestId: 5,
      errorStatus: 0,
      errorIndex: 0,
    });
    expect(pduOf(registration)).toMatchObject({ type: "setRequest", requestId: 1 });
    expect(pduOf(registration).varBinds).toEqual([
      { name: addressStatusOid(ADDRESS), value: { type: "integer", value: AtmfStatus.valid } },
    ]);
    expect(effects).toContainEqual({ kind: "prefixAdded", prefix: PREFIX });
    expect(effects).toContainEqual({
      kind: "startTimer",
      timer: "ilmiResponse",
      requestId: 1,
      delay: seconds(2),
    });
    expect(registeredAddresses(state)).toEqual([]);
  });

  it("reports the address registered when the network answers noError", () => {
    const { state, effects } = withPrefix();
    const [s1, e1] = step(state, answer(sent(effects)[1]));
    expect(e1).toEqual([
      { kind: "stopTimer", timer: "ilmiResponse", requestId: 1 },
      { kind: "addressRegistered", address: ADDRESS },
      { kind: "endSystemRegistered", endSystem: ES },
    ]);
    expect(registeredAddresses(s1).map(toHex)).toEqual([toHex(ADDRESS)]);
  });

  it("reports a rejection with its error-status and keeps no record", () => {
    const { state, effects } = withPrefix();
    const [s1, e1] = step(state, answer(sent(effects)[1], SnmpErrorStatus.badValue));
    expect(e1).toContainEqual({
      kind: "addressRejected",
      address: ADDRESS,
      errorStatus: SnmpErrorStatus.badValue,
    });
    expect(s1.addresses.size).toBe(0);
  });

  it("retries on timeout with the same request-id, then reports addressTimedOut", () => {
    let { state } = withPrefix();
    for (let i = 0; i < 3; i++) {
      const [next, effects] = step(state, { kind: "responseTimeout", requestId: 1 });
      expect(pduOf(sent(effects)[0]).requestId).toBe(1);
      state = next;
    }
    const [last, effects] = step(state, { kind: "responseTimeout", requestId: 1 });
    expect(effects).toEqual([
      { kind: "addressTimedOut", address: ADDRESS },
      { kind: "endSystemFailed", endSystem: ES, failure: "timedOut" },
    ]);
    expect(last.endSystems.size).toBe(0);
    expect(last.addresses.size).toBe(0);
  });

  it("deregisters with invalid(2) when the end system goes, and confirms on noError", () => {
    const { state, effects } = withPrefix();
    const [s1] = step(state, answer(sent(effects)[1]));
    const [s2, e2] = step(s1, { kind: "removeEndSystem", endSystem: ES });
    const deregistration = sent(e2)[0];
    expect(pduOf(deregistration).varBinds[0]?.value).toEqual({ type: "integer", value: AtmfStatus.invalid });
    expect(registeredAddresses(s2)).toEqual([]);
    const [, e3] = step(s2, answer(deregistration));
    expect(e3).toContainEqual({ kind: "addressDeregistered", address: ADDRESS, reason: "confirmed" });
  });

  it("registers end systems added after the prefix arrived", () => {
    const [s0] = step(initialUserIme(), {
      kind: "receive",
      message: netPrefixSetRequest(5, PREFIX, AtmfStatus.valid),
    });
    const [, effects] = step(s0, { kind: "addEndSystem", endSystem: ES });
    expect(pduOf(sent(effects)[0]).varBinds[0]?.name).toEqual(addressStatusOid(ADDRESS));
  });

  it("drops addresses locally when the network withdraws their prefix", () => {
    const { state, effects } = withPrefix();
    const [s1] = step(state, answer(sent(effects)[1]));
    const [s2, e2] = step(s1, {
      kind: "receive",
      message: netPrefixSetRequest(6, PREFIX, AtmfStatus.invalid),
    });
    expect(pduOf(sent(e2)[0])).toMatchObject({ type: "getResponse", requestId: 6, errorStatus: 0 });
    expect(e2).toContainEqual({ kind: "prefixRemoved", prefix: PREFIX });
    expect(e2).toContainEqual({ kind: "addressDeregistered", address: ADDRESS, reason: "prefixRemoved" });
    expect(sent(e2)).toHaveLength(1);
    expect(s2.prefixes.size + s2.addresses.size).toBe(0);
  });

  it("answers noSuchName for objects it does not implement and badValue for bad values, atomically", () => {
    const state = initialUserIme({ endSystems: [ES] });
    const good = { name: netPrefixStatusOid(PREFIX), value: { type: "integer", value: 1 } } as const;
    const cases: [SnmpMessage, SnmpErrorStatus, number][] = [
      [ilmiRequest("setRequest", 9, [good, { name: IlmiOid.sysUpTime, value: { type: "null" } }]), 2, 2],
      [ilmiRequest("setRequest", 9, [good, { ...good, value: { type: "integer", value: 3 } }]), 3, 2],
      [ilmiRequest("setRequest", 9, [{ ...good, value: { type: "octetString", value: PREFIX } }]), 3, 1],
      [netPrefixSetRequest(9, PREFIX.subarray(0, 8), AtmfStatus.valid), 3, 1],
      [netPrefixSetRequest(9, PREFIX, AtmfStatus.valid, 1), 2, 1],
    ];
    for (const [message, errorStatus, errorIndex] of cases) {
      const [next, effects] = step(state, { kind: "receive", message });
      expect(pduOf(sent(effects)[0])).toMatchObject({
        type: "getResponse",
        requestId: 9,
        errorStatus,
        errorIndex,
      });
      expect(effects).toHaveLength(1);
      expect(next.prefixes.size).toBe(0);
    }
  });

  it("answers Get and GetNext from its atmfNetPrefixTable", () => {
    const { state } = withPrefix();
    const [, e1] = step(state, {
      kind: "receive",
      message: getRequest("getRequest", 3, [netPrefixStatusOid(PREFIX)]),
    });
    expect(pduOf(sent(e1)[0])).toMatchObject({ type: "getResponse", requestId: 3, errorStatus: 0 });
    expect(pduOf(sent(e1)[0]).varBinds[0]?.value).toEqual({ type: "integer", value: 1 });
    const [, e2] = step(state, {
      kind: "receive",
      message: getRequest("getNextRequest", 4, [IlmiOid.atmfNetPrefixTable]),
    });
    expect(pduOf(sent(e2)[0]).varBinds[0]?.name).toEqual(netPrefixStatusOid(PREFIX));
    const [, e3] = step(state, {
      kind: "receive",
      message: getRequest("getNextRequest", 5, [netPrefixStatusOid(PREFIX)]),
    });
    expect(pduOf(sent(e3)[0])).toMatchObject({ errorStatus: SnmpErrorStatus.noSuchName, errorIndex: 1 });
  });

  it("clears its tables on the network's coldStart trap and waits for prefixes again", () => {
    const { state, effects } = withPrefix();
    const [s1] = step(state, answer(sent(effects)[1]));
    const [s2, e2] = step(s1, { kind: "receive", message: coldStartTrap(100) });
    expect(e2).toEqual([
      { kind: "addressDeregistered", address: ADDRESS, reason: "peerRestarted" },
      { kind: "prefixRemoved", prefix: PREFIX },
      { kind: "peerRestarted" },
    ]);
    expect(s2.prefixes.size + s2.addresses.size + s2.requests.pending.size).toBe(0);
    expect(s2.endSystems.size).toBe(1);
  });

  it("withdraws an address the network confirms after the user forgot it", () => {
    const { state, effects } = withPrefix();
    const registration = sent(effects)[1];
    const [s1] = step(state, { kind: "receive", message: coldStartTrap(1) });
    const [, e2] = step(s1, answer(registration));
    expect(e2[0]).toMatchObject({ kind: "discarded" });
    const cleanup = pduOf(sent(e2)[0]);
    expect(cleanup.type).toBe("setRequest");
    expect(cleanup.varBinds[0]).toEqual({
      name: addressStatusOid(ADDRESS),
      value: { type: "integer", value: 2 },
    });
  });

  it('discards messages whose community is not "ILMI"', () => {
    const message = { ...coldStartTrap(0), community: new Uint8Array([0x70]) };
    const [, effects] = step(initialUserIme(), { kind: "receive", message });
    expect(effects).toEqual([{ kind: "discarded", reason: 'community is not "ILMI"' }]);
  });

  it("refuses malformed end systems at input time", () => {
    expect(() => initialUserIme({ endSystems: [{ esi: ESI.subarray(1), sel: 0 }] })).toThrow(RangeError);
    expect(() => step(initialUserIme(), { kind: "addEndSystem", endSystem: { esi: ESI, sel: 256 } })).toThrow(
      RangeError,
    );
  });
});
