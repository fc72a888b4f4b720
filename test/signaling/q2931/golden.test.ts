/**
 * Golden bytes from the wire reference: the worked SETUP of §6.4 and every IE / message byte example of
 * §2.6, encoded from the described typed values and decoded back.
 */
import { describe, expect, it } from "vitest";
import { decodeIe, encodeIe } from "../../../src/signaling/q2931/ie-registry.ts";
import {
  BearerClass,
  Cause,
  CauseLocation,
  decodeMessage,
  diagnosticFromMessageType,
  diagnosticFromTimer,
  encodeMessage,
  type IeKey,
  type IeValues,
  MessageType,
  type Q2931Message,
  RestartClass,
  type SetupMessage,
} from "../../../src/signaling/q2931/index.ts";
import { fromHex, toHex } from "./hex.ts";

const CALLED_AESA = fromHex("39 84 0F 80 01 BC 72 00 00 00 01 00 01 00 20 48 1A 2B 3C 00");

/** The minimal UNI 3.1 SETUP: UBR, AAL5, LLC BLLI, NSAP called number. */
const WORKED_SETUP: SetupMessage = {
  type: "SETUP",
  callReference: { value: 1, flag: false },
  ies: {
    aal: { aalType: 0x05, forwardMaxCpcsSduSize: 9188, backwardMaxCpcsSduSize: 9188, sscsType: 0 },
    trafficDescriptor: {
      forward: { peakCellRateClp01: 353_207 },
      backward: { peakCellRateClp01: 353_207 },
      bestEffort: true,
    },
    bearerCapability: {
      bearerClass: BearerClass.BCOB_X,
      transferCapability: { trafficType: 0, timingRequirements: 0 },
      clipping: 0,
      userPlane: 0,
    },
    blli: [{ layer2: { protocol: 0x0c } }],
    calledPartyNumber: { plan: 0x2, typeOfNumber: 0, address: CALLED_AESA },
    qos: { forwardClass: 0, backwardClass: 0 },
  },
};

// §6.4 "Full SSCOP SD PDU" minus the 2 pad octets and the 4-octet SSCOP trailer.
const WORKED_SETUP_BYTES = fromHex(`
  0903000001058000455880000905 8c23e48123e48400 59800009840563b7850563b7be 5e800003108080 5f800001cc 7080001582
  39840f8001bc72000000010001 0020481a2b3c00 5ce000020000`);

describe("§6.4 worked SETUP", () => {
  it("encodes to exactly the reference's 78 octets", () => {
    const encoded = encodeMessage(WORKED_SETUP);
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) return;
    expect(encoded.bytes.length).toBe(78);
    expect(toHex(encoded.bytes)).toBe(toHex(WORKED_SETUP_BYTES));
  });

  it("decodes the reference bytes to the described message, with nothing skipped", () => {
    const decoded = decodeMessage(WORKED_SETUP_BYTES);
    expect(decoded).toStrictEqual({ ok: true, message: WORKED_SETUP, skipped: [] });
  });

  it("has the header fields at the offsets of the table", () => {
    expect(WORKED_SETUP_BYTES[0]).toBe(0x09);
    expect(WORKED_SETUP_BYTES[5]).toBe(MessageType.SETUP);
    expect((WORKED_SETUP_BYTES[7] ?? 0) * 256 + (WORKED_SETUP_BYTES[8] ?? 0)).toBe(69);
  });
});

// Each IE example of Q.2931 / ATM Forum UNI 3.1, as [description, key, typed value, bytes].
const IE_EXAMPLES: readonly (readonly [string, IeKey, IeValues[IeKey], string])[] = [
  [
    "AAL5, 9188-octet SDUs, null SSCS",
    "aal",
    { aalType: 0x05, forwardMaxCpcsSduSize: 9188, backwardMaxCpcsSduSize: 9188, sscsType: 0 },
    "58 80 00 09 05 8C 23 E4 81 23 E4 84 00",
  ],
  [
    "UBR traffic descriptor at OC-3 PCR",
    "trafficDescriptor",
    { forward: { peakCellRateClp01: 353_207 }, backward: { peakCellRateClp01: 353_207 }, bestEffort: true },
    "59 80 00 09 84 05 63 B7 85 05 63 B7 BE",
  ],
  [
    "BBC: BCOB-X point-to-point",
    "bearerCapability",
    {
      bearerClass: 0x10,
      transferCapability: { trafficType: 0, timingRequirements: 0 },
      clipping: 0,
      userPlane: 0,
    },
    "5E 80 00 03 10 80 80",
  ],
  [
    "BBC: BCOB-X point-to-multipoint",
    "bearerCapability",
    {
      bearerClass: 0x10,
      transferCapability: { trafficType: 0, timingRequirements: 0 },
      clipping: 0,
      userPlane: 1,
    },
    "5E 80 00 03 10 80 81",
  ],
  [
    "BBC: BCOB-A without octet 5a",
    "bearerCapability",
    { bearerClass: 0x01, clipping: 0, userPlane: 0 },
    "5E 80 00 02 81 80",
  ],
  ["BLLI: LLC/SNAP (RFC 1755 default)", "blli", { layer2: { protocol: 0x0c } }, "5F 80 00 01 CC"],
  [
    "BLLI: VC-multiplexed IPv4 (IPI 0xCC)",
    "blli",
    { layer3: { protocol: 0x0b, ipi: 0xcc } },
    "5F 80 00 03 6B 66 80",
  ],
  [
    "BLLI: SNAP IPv4",
    "blli",
    { layer3: { protocol: 0x0b, ipi: 0x80, snap: { oui: 0x000000, pid: 0x0800 } } },
    "5F 80 00 09 6B 40 80 80 00 00 00 08 00",
  ],
  ["BLLI: CLNP", "blli", { layer3: { protocol: 0x09 } }, "5F 80 00 01 E9"],
  [
    "called party number, AESA",
    "calledPartyNumber",
    { plan: 0x2, typeOfNumber: 0, address: CALLED_AESA },
    `70 80 00 15 82 ${toHex(CALLED_AESA)}`,
  ],
  [
    "called party number, native E.164",
    "calledPartyNumber",
    { plan: 0x1, typeOfNumber: 1, digits: "12125551234" },
    `70 80 00 0C 91 ${toHex(new TextEncoder().encode("12125551234"))}`,
  ],
  [
    "calling party number with octet 5a",
    "callingPartyNumber",
    {
      plan: 0x2,
      typeOfNumber: 0,
      address: CALLED_AESA,
      presentationScreening: { presentation: 0, screening: 0 },
    },
    `6C 80 00 16 02 80 ${toHex(CALLED_AESA)}`,
  ],
  [
    "called party subaddress, NSAP",
    "calledPartySubaddress",
    { subaddressType: 0, odd: false, information: CALLED_AESA },
    `71 80 00 15 80 ${toHex(CALLED_AESA)}`,
  ],
  [
    "connection identifier VPCI 0 VCI 33",
    "connectionIdentifier",
    { vpAssociatedSignalling: 1, preferredExclusive: 0, vpci: 0, vci: 33 },
    "5A 80 00 05 88 00 00 00 21",
  ],
  ["QoS, network coding (linux-atm)", "qos", { forwardClass: 0, backwardClass: 0 }, "5C E0 00 02 00 00"],
  [
    "QoS, ITU coding",
    "qos",
    { forwardClass: 0, backwardClass: 0, instruction: { codingStandard: 0, flag: false, action: 0 } },
    "5C 80 00 02 00 00",
  ],
  [
    "cause: user, normal clearing",
    "cause",
    { location: CauseLocation.USER, value: Cause.NORMAL_CALL_CLEARING },
    "08 80 00 02 80 90",
  ],
  ["endpoint reference 1", "endpointReference", { value: 1, flag: false }, "54 80 00 03 00 00 01"],
  ["endpoint reference 1, reply", "endpointReference", { value: 1, flag: true }, "54 80 00 03 00 80 01"],
  [
    "restart indicator: all VCs",
    "restartIndicator",
    { restartClass: RestartClass.ALL_VCS },
    "79 80 00 01 82",
  ],
  ["broadband sending complete", "sendingComplete", {}, "62 80 00 01 A1"],
];

describe("§2.6 IE byte examples", () => {
  for (const [description, key, value, hex] of IE_EXAMPLES) {
    it(`${description}: encodes and decodes`, () => {
      const encoded = encodeIe(key, value as never);
      expect(encoded.ok && toHex(encoded.bytes)).toBe(toHex(fromHex(hex)));
      expect(decodeIe(fromHex(hex))).toStrictEqual({ ok: true, key, value });
    });
  }
});

// Messages of §2.5 ("decoded by tshark with 0 malformed"), with bytes derived from the §2.6 examples.
const MESSAGE_EXAMPLES: readonly (readonly [string, Q2931Message, string])[] = [
  [
    "RELEASE, cause 16",
    {
      type: "RELEASE",
      callReference: { value: 1, flag: true },
      ies: { cause: [{ location: 0, value: 16 }] },
    },
    "09 03 80 00 01 4D 80 00 06 08 80 00 02 80 90",
  ],
  [
    "RELEASE, cause 102 with timer 303",
    {
      type: "RELEASE",
      callReference: { value: 1, flag: false },
      ies: { cause: [{ location: 0, value: 102, diagnostic: diagnosticFromTimer("303") }] },
    },
    "09 03 00 00 01 4D 80 00 09 08 80 00 05 80 E6 33 30 33",
  ],
  [
    "RELEASE COMPLETE without cause",
    { type: "RELEASE COMPLETE", callReference: { value: 7, flag: true }, ies: {} },
    "09 03 80 00 07 5A 80 00 00",
  ],
  [
    "STATUS: cause 101 with message type diagnostic, call state Active, endpoint reference and state",
    {
      type: "STATUS",
      callReference: { value: 2, flag: true },
      ies: {
        cause: { location: 0, value: 101, diagnostic: diagnosticFromMessageType(MessageType.CONNECT) },
        callState: { state: 0x0a },
        endpointReference: { value: 0, flag: true },
        endpointState: { state: 0x0a },
      },
    },
    "09 03 80 00 02 7D 80 00 18 08 80 00 03 80 E5 07 14 80 00 01 0A 54 80 00 03 00 80 00 55 80 00 01 0A",
  ],
  [
    "RESTART, class 2, global call reference",
    {
      type: "RESTART",
      callReference: { value: 0, flag: false },
      ies: { restartIndicator: { restartClass: 2 } },
    },
    "09 03 00 00 00 46 80 00 05 79 80 00 01 82",
  ],
  [
    "CALL PROCEEDING with connection identifier",
    {
      type: "CALL PROCEEDING",
      callReference: { value: 1, flag: true },
      ies: { connectionIdentifier: { vpAssociatedSignalling: 1, preferredExclusive: 0, vpci: 0, vci: 33 } },
    },
    "09 03 80 00 01 02 80 00 09 5A 80 00 05 88 00 00 00 21",
  ],
  [
    "CONNECT ACKNOWLEDGE",
    { type: "CONNECT ACKNOWLEDGE", callReference: { value: 1, flag: false }, ies: {} },
    "09 03 00 00 01 0F 80 00 00",
  ],
];

describe("message byte examples", () => {
  for (const [description, message, hex] of MESSAGE_EXAMPLES) {
    it(`${description}: encodes and decodes`, () => {
      const encoded = encodeMessage(message);
      expect(encoded.ok && toHex(encoded.bytes)).toBe(toHex(fromHex(hex)));
      expect(decodeMessage(fromHex(hex))).toStrictEqual({ ok: true, message, skipped: [] });
    });
  }
});
