import { describe, expect, it } from "vitest";
import {
  addressSetRequest,
  coldStartTrap,
  getRequest,
  getResponseTo,
  netPrefixSetRequest,
} from "../../../src/signaling/ilmi/ilmi-message.ts";
import {
  AtmfStatus,
  addressStatusOid,
  IlmiOid,
  netPrefixStatusOid,
} from "../../../src/signaling/ilmi/ilmi-mib.ts";
import {
  initialNetworkIme,
  type NetworkImeEffect,
  type NetworkImeInput,
  type NetworkImeState,
  stepNetworkIme,
} from "../../../src/signaling/ilmi/network-ime.ts";
import {
  SnmpErrorStatus,
  type SnmpMessage,
  type SnmpRequestPdu,
} from "../../../src/signaling/ilmi/snmp-types.ts";
import { ADDRESS, PREFIX, toHex } from "./fixtures.ts";

const OTHER_PREFIX = PREFIX.map((b, i) => (i === 12 ? 0x02 : b));
const OTHER_ADDRESS = ADDRESS.map((b, i) => (i === 12 ? 0x02 : b));

function sent(effects: readonly NetworkImeEffect[]): SnmpMessage[] {
  return effects.flatMap((e) => (e.kind === "send" ? [e.message] : []));
}

function pduOf(message: SnmpMessage | undefined): SnmpRequestPdu {
  if (message === undefined || message.pdu.type === "trap") throw new Error("expected a request-style PDU");
  return message.pdu;
}

function answer(message: SnmpMessage | undefined, status: SnmpErrorStatus = 0): NetworkImeInput {
  return { kind: "receive", message: getResponseTo(pduOf(message), status, status === 0 ? 0 : 1) };
}

/** A started network IME whose prefix offer (request-id 5) the user accepted. */
function started(): NetworkImeState {
  const [s0, e0] = stepNetworkIme(initialNetworkIme({ prefixes: [PREFIX], firstRequestId: 5 }), {
    kind: "start",
    timeStamp: 0,
  });
  const [s1] = stepNetworkIme(s0, answer(sent(e0)[1]));
  return s1;
}

describe("network-side IME", () => {
  it("on start sends a coldStart trap, then SetRequest atmfNetPrefixStatus = valid(1) per prefix", () => {
    const [, effects] = stepNetworkIme(initialNetworkIme({ prefixes: [PREFIX], firstRequestId: 5 }), {
      kind: "start",
      timeStamp: 7,
    });
    expect(sent(effects)).toEqual([coldStartTrap(7), netPrefixSetRequest(5, PREFIX, AtmfStatus.valid)]);
  });

  it("reports the prefix registered on noError, rejected on an error, timed out on silence", () => {
    const [s0, e0] = stepNetworkIme(initialNetworkIme({ prefixes: [PREFIX] }), {
      kind: "start",
      timeStamp: 0,
    });
    const offer = sent(e0)[1];
    expect(stepNetworkIme(s0, answer(offer))[1]).toContainEqual({ kind: "prefixRegistered", prefix: PREFIX });
    const [rejected, e2] = stepNetworkIme(s0, answer(offer, SnmpErrorStatus.badValue));
    expect(e2).toContainEqual({
      kind: "prefixRejected",
      prefix: PREFIX,
      errorStatus: SnmpErrorStatus.badValue,
    });
    expect(rejected.prefixes.size).toBe(0);
    let s = s0;
    let effects: NetworkImeEffect[] = [];
    for (let i = 0; i < 4; i++) [s, effects] = stepNetworkIme(s, { kind: "responseTimeout", requestId: 1 });
    expect(effects).toEqual([{ kind: "prefixTimedOut", prefix: PREFIX }]);
    expect(s.prefixes.get(toHex(PREFIX).replace(/ /g, "").toLowerCase())?.phase).toBe("unconfirmed");
  });

  it("registers an address under its prefix and answers GetResponse noError (§5.4 bytes)", () => {
    const request = addressSetRequest(17, ADDRESS, AtmfStatus.valid);
    const [s1, effects] = stepNetworkIme(started(), { kind: "receive", message: request });
    expect(sent(effects)).toEqual([getResponseTo(pduOf(request))]);
    expect(effects).toContainEqual({ kind: "addressRegistered", address: ADDRESS });
    expect(s1.addresses.size).toBe(1);
    // Registering again is idempotent.
    const [, again] = stepNetworkIme(s1, { kind: "receive", message: request });
    expect(again).toEqual([{ kind: "send", message: getResponseTo(pduOf(request)) }]);
  });

  it("refuses an address outside its prefixes with badValue, an unknown object with noSuchName", () => {
    const [, e1] = stepNetworkIme(started(), {
      kind: "receive",
      message: addressSetRequest(18, OTHER_ADDRESS, AtmfStatus.valid),
    });
    expect(pduOf(sent(e1)[0])).toMatchObject({ errorStatus: SnmpErrorStatus.badValue, errorIndex: 1 });
    const [, e2] = stepNetworkIme(started(), {
      kind: "receive",
      message: netPrefixSetRequest(19, PREFIX, AtmfStatus.valid),
    });
    expect(pduOf(sent(e2)[0])).toMatchObject({ errorStatus: SnmpErrorStatus.noSuchName, errorIndex: 1 });
    const [, e3] = stepNetworkIme(started(), {
      kind: "receive",
      message: addressSetRequest(20, ADDRESS, AtmfStatus.valid, 3),
    });
    expect(pduOf(sent(e3)[0])).toMatchObject({ errorStatus: SnmpErrorStatus.noSuchName });
  });

  it("deregisters on invalid(2) and accepts invalid(2) for an unknown address", () => {
    const [s1] = stepNetworkIme(started(), { kind: "receive", message: addressSetRequest(17, ADDRESS, 1) });
    const [s2, e2] = stepNetworkIme(s1, { kind: "receive", message: addressSetRequest(18, ADDRESS, 2) });
    expect(e2).toContainEqual({ kind: "addressDeregistered", address: ADDRESS, reason: "requested" });
    expect(s2.addresses.size).toBe(0);
    const [, e3] = stepNetworkIme(s2, { kind: "receive", message: addressSetRequest(19, ADDRESS, 2) });
    expect(pduOf(sent(e3)[0])).toMatchObject({ errorStatus: 0 });
  });

  it("withdrawing a prefix drops its addresses at once and sends invalid(2)", () => {
    const [s1] = stepNetworkIme(started(), { kind: "receive", message: addressSetRequest(17, ADDRESS, 1) });
    const [s2, e2] = stepNetworkIme(s1, { kind: "removePrefix", prefix: PREFIX });
    expect(e2).toContainEqual({ kind: "addressDeregistered", address: ADDRESS, reason: "prefixWithdrawn" });
    const withdrawal = sent(e2)[0];
    expect(pduOf(withdrawal).varBinds).toEqual([
      { name: netPrefixStatusOid(PREFIX), value: { type: "integer", value: AtmfStatus.invalid } },
    ]);
    expect(stepNetworkIme(s2, answer(withdrawal))[1]).toContainEqual({
      kind: "prefixWithdrawn",
      prefix: PREFIX,
      outcome: "confirmed",
    });
  });

  it("offers an added prefix", () => {
    const [, effects] = stepNetworkIme(started(), { kind: "addPrefix", prefix: OTHER_PREFIX });
    expect(pduOf(sent(effects)[0]).varBinds[0]?.name).toEqual(netPrefixStatusOid(OTHER_PREFIX));
  });

  it("on the user's coldStart trap clears its address table and offers its prefixes again", () => {
    const [s1] = stepNetworkIme(started(), { kind: "receive", message: addressSetRequest(17, ADDRESS, 1) });
    const [s2, e2] = stepNetworkIme(s1, { kind: "receive", message: coldStartTrap(3) });
    expect(e2.slice(0, 2)).toEqual([
      { kind: "addressDeregistered", address: ADDRESS, reason: "peerRestarted" },
      { kind: "peerRestarted" },
    ]);
    expect(pduOf(sent(e2)[0]).varBinds[0]?.name).toEqual(netPrefixStatusOid(PREFIX));
    expect(s2.addresses.size).toBe(0);
  });

  it("answers Get/GetNext from its atmfAddressTable", () => {
    const [s1] = stepNetworkIme(started(), { kind: "receive", message: addressSetRequest(17, ADDRESS, 1) });
    const [, e1] = stepNetworkIme(s1, {
      kind: "receive",
      message: getRequest("getNextRequest", 30, [IlmiOid.atmfAddressTable]),
    });
    expect(pduOf(sent(e1)[0]).varBinds).toEqual([
      { name: addressStatusOid(ADDRESS), value: { type: "integer", value: 1 } },
    ]);
    const [, e2] = stepNetworkIme(s1, {
      kind: "receive",
      message: getRequest("getRequest", 31, [IlmiOid.atmfAddressRegistrationAdminStatus]),
    });
    expect(pduOf(sent(e2)[0])).toMatchObject({
      errorStatus: 0,
      varBinds: [{ value: { type: "integer", value: 1 } }],
    });
  });

  it("withdraws a prefix again when a late noError to its old offer arrives after the withdrawal settled", () => {
    const [s0, e0] = stepNetworkIme(initialNetworkIme({ prefixes: [PREFIX] }), {
      kind: "start",
      timeStamp: 0,
    });
    const offer = sent(e0)[1];
    const [s1, e1] = stepNetworkIme(s0, { kind: "removePrefix", prefix: PREFIX });
    const [s2] = stepNetworkIme(s1, answer(sent(e1)[0]));
    const [, e3] = stepNetworkIme(s2, answer(offer));
    expect(e3[0]).toMatchObject({ kind: "discarded" });
    expect(pduOf(sent(e3)[0]).varBinds).toEqual([
      { name: netPrefixStatusOid(PREFIX), value: { type: "integer", value: AtmfStatus.invalid } },
    ]);
  });
});
