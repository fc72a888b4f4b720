import { type fc, it as fcIt } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { decodeSnmpMessage, encodeSnmpMessage } from "../../../src/signaling/ilmi/snmp-codec.ts";
import type { SnmpPdu } from "../../../src/signaling/ilmi/snmp-types.ts";
import { messageArb, requestPduArb, trapPduArb } from "./arbitraries.ts";
import { ADDRESS_SET_VALID, hex } from "./fixtures.ts";

const pduArbs: Record<SnmpPdu["type"], fc.Arbitrary<SnmpPdu>> = {
  getRequest: requestPduArb("getRequest"),
  getNextRequest: requestPduArb("getNextRequest"),
  getResponse: requestPduArb("getResponse"),
  setRequest: requestPduArb("setRequest"),
  trap: trapPduArb,
};

describe("SNMPv1 codec round trip", () => {
  for (const [type, pdu] of Object.entries(pduArbs)) {
    fcIt.prop([messageArb(pdu)], { numRuns: 150 })(`decode(encode(m)) = m for ${type}`, (message) => {
      const bytes = encodeSnmpMessage(message);
      const decoded = decodeSnmpMessage(bytes);
      expect(decoded).toEqual({ ok: true, value: message });
      // Strict BER is canonical: encoding the decoded message gives the same octets.
      if (decoded.ok) expect(encodeSnmpMessage(decoded.value)).toEqual(bytes);
    });
  }
});

describe("SNMPv1 decoder strictness", () => {
  const cases: [string, string, string][] = [
    ["version 1 (SNMPv2c)", "30 12 02 01 01 04 00 A0 0B 02 01 00 02 01 00 02 01 00 30 00", "badVersion"],
    ["error-status 6", "30 12 02 01 00 04 00 A2 0B 02 01 00 02 01 06 02 01 00 30 00", "badErrorStatus"],
    [
      "negative error-index",
      "30 12 02 01 00 04 00 A2 0B 02 01 00 02 01 00 02 01 FF 30 00",
      "integerOutOfRange",
    ],
    ["PDU tag A5 (GetBulk)", "30 12 02 01 00 04 00 A5 0B 02 01 00 02 01 00 02 01 00 30 00", "unexpectedTag"],
    [
      "octet after the PDU",
      "30 13 02 01 00 04 00 A0 0B 02 01 00 02 01 00 02 01 00 30 00 00",
      "trailingBytes",
    ],
    [
      "octet after the Message",
      "30 12 02 01 00 04 00 A0 0B 02 01 00 02 01 00 02 01 00 30 00 00",
      "trailingBytes",
    ],
    [
      "VarBind value NULL with contents",
      "30 19 02 01 00 04 00 A0 12 02 01 00 02 01 00 02 01 00 30 07 30 05 06 01 2B 05 01",
      "truncated",
    ],
    [
      "VarBind value NULL with one octet",
      "30 1A 02 01 00 04 00 A0 13 02 01 00 02 01 00 02 01 00 30 08 30 06 06 01 2B 05 01 00",
      "badNull",
    ],
    [
      "IpAddress of 3 octets",
      "30 1C 02 01 00 04 00 A0 15 02 01 00 02 01 00 02 01 00 30 0A 30 08 06 01 2B 40 03 01 02 03",
      "badIpAddress",
    ],
    [
      "Counter of -1",
      "30 1A 02 01 00 04 00 A0 13 02 01 00 02 01 00 02 01 00 30 08 30 06 06 01 2B 41 01 FF",
      "integerOutOfRange",
    ],
    [
      "Counter 2^32 (5 octets)",
      "30 1E 02 01 00 04 00 A0 17 02 01 00 02 01 00 02 01 00 30 0C 30 0A 06 01 2B 41 05 01 00 00 00 00",
      "integerOutOfRange",
    ],
    [
      "INTEGER 2^31",
      "30 1E 02 01 00 04 00 A0 17 02 01 00 02 01 00 02 01 00 30 0C 30 0A 06 01 2B 02 05 00 80 00 00 00",
      "integerOutOfRange",
    ],
    [
      "request-id 00 05",
      "30 13 02 01 00 04 00 A0 0C 02 02 00 05 02 01 00 02 01 00 30 00",
      "nonMinimalInteger",
    ],
    ["empty request-id", "30 11 02 01 00 04 00 A0 0A 02 00 02 01 00 02 01 00 30 00", "badInteger"],
    [
      "indefinite Message length",
      "30 80 02 01 00 04 00 A0 0B 02 01 00 02 01 00 02 01 00 30 00 00 00",
      "indefiniteLength",
    ],
    [
      "long form for a short length",
      "30 81 12 02 01 00 04 00 A0 0B 02 01 00 02 01 00 02 01 00 30 00",
      "nonMinimalLength",
    ],
    [
      "leading zero length octet",
      "30 82 00 12 02 01 00 04 00 A0 0B 02 01 00 02 01 00 02 01 00 30 00",
      "nonMinimalLength",
    ],
    ["5 length octets", "30 85 00 00 00 00 12", "lengthTooLong"],
    ["multi-octet tag", "3F 01 00", "highTagNumber"],
    [
      "constructed OCTET STRING community",
      "30 14 02 01 00 24 02 04 00 A0 0B 02 01 00 02 01 00 02 01 00 30 00",
      "unexpectedTag",
    ],
    [
      "trap generic-trap 7",
      "30 1B 02 01 00 04 00 A4 14 06 01 2B 40 04 00 00 00 00 02 01 07 02 01 00 43 01 00 30 00",
      "badGenericTrap",
    ],
    ["empty input", "", "truncated"],
    ["truncated Message", "30 12 02 01 00", "truncated"],
  ];
  for (const [name, bytes, code] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      const result = decodeSnmpMessage(hex(bytes));
      expect(result.ok ? "accepted" : result.error.code).toBe(code);
    });
  }

  it("accepts the minimal hand-built GetRequest the cases mutate", () => {
    expect(decodeSnmpMessage(hex("30 12 02 01 00 04 00 A0 0B 02 01 00 02 01 00 02 01 00 30 00")).ok).toBe(
      true,
    );
  });

  it("reports the offset of the offending element", () => {
    const bytes = ADDRESS_SET_VALID.slice();
    bytes[bytes.length - 3] = 0x03; // value tag INTEGER → 0x03 (BIT STRING)
    const result = decodeSnmpMessage(bytes);
    expect(result).toMatchObject({ ok: false, error: { code: "unexpectedTag", offset: bytes.length - 3 } });
  });
});
