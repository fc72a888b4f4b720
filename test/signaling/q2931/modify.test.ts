/**
 * The Q.2963.1 connection modification messages (MODIFY REQUEST 0x88, MODIFY ACKNOWLEDGE 0x89,
 * MODIFY REJECT 0x8A, CONNECTION AVAILABLE 0x8B) and the Broadband report type IE (0x89): golden
 * bytes, mandatory IEs, and the tshark-safe ending of MODIFY REQUEST (round trips and fuzzing of
 * these messages run with every other message in round-trip.test.ts and fuzz.test.ts).
 */
import { describe, expect, it } from "vitest";
import { decodeIe, encodeIe } from "../../../src/signaling/q2931/ie-registry.ts";
import {
  Cause,
  DecodeErrorCode,
  decodeMessage,
  EncodeErrorCode,
  encodeMessage,
  IeId,
  MessageType,
  messageTypeName,
  type Q2931Message,
  ReportType,
} from "../../../src/signaling/q2931/index.ts";
import { frame } from "./frames.ts";
import { fromHex, toHex } from "./hex.ts";

const TD_4096 = {
  forward: { peakCellRateClp01: 4096 },
  backward: { peakCellRateClp01: 4096 },
  bestEffort: false,
};

const EXAMPLES: readonly (readonly [string, Q2931Message, string])[] = [
  [
    "MODIFY REQUEST: PCR 4096 cells/s both ways, modification confirmation",
    {
      type: "MODIFY REQUEST",
      callReference: { value: 5, flag: false },
      ies: { trafficDescriptor: TD_4096, reportType: { typeOfReport: ReportType.MODIFICATION_CONFIRMATION } },
    },
    "09 03 00 00 05 88 80 00 11 59 80 00 08 84 00 10 00 85 00 10 00 89 80 00 01 01",
  ],
  [
    "MODIFY ACKNOWLEDGE asking for CONNECTION AVAILABLE",
    {
      type: "MODIFY ACKNOWLEDGE",
      callReference: { value: 5, flag: true },
      ies: { reportType: { typeOfReport: ReportType.MODIFICATION_CONFIRMATION } },
    },
    "09 03 80 00 05 89 80 00 05 89 80 00 01 01",
  ],
  [
    "MODIFY ACKNOWLEDGE without report type",
    { type: "MODIFY ACKNOWLEDGE", callReference: { value: 5, flag: true }, ies: {} },
    "09 03 80 00 05 89 80 00 00",
  ],
  [
    "MODIFY REJECT, cause 37 (user cell rate not available)",
    {
      type: "MODIFY REJECT",
      callReference: { value: 5, flag: true },
      ies: { cause: { location: 2, value: Cause.USER_CELL_RATE_NOT_AVAILABLE } },
    },
    "09 03 80 00 05 8A 80 00 06 08 80 00 02 82 A5",
  ],
  [
    "CONNECTION AVAILABLE",
    { type: "CONNECTION AVAILABLE", callReference: { value: 5, flag: false }, ies: {} },
    "09 03 00 00 05 8B 80 00 00",
  ],
];

describe("Q.2963.1 modification messages", () => {
  it("have the linux-atm code points and names", () => {
    expect([
      MessageType.MODIFY_REQUEST,
      MessageType.MODIFY_ACKNOWLEDGE,
      MessageType.MODIFY_REJECT,
      MessageType.CONNECTION_AVAILABLE,
    ]).toEqual([0x88, 0x89, 0x8a, 0x8b]);
    expect([0x88, 0x89, 0x8a, 0x8b].map(messageTypeName)).toEqual([
      "MODIFY REQUEST",
      "MODIFY ACKNOWLEDGE",
      "MODIFY REJECT",
      "CONNECTION AVAILABLE",
    ]);
    expect(IeId.BROADBAND_REPORT_TYPE).toBe(0x89);
  });

  for (const [description, message, hex] of EXAMPLES) {
    it(`${description}: encodes and decodes`, () => {
      const encoded = encodeMessage(message, { requireSafeEnding: true });
      expect(encoded.ok && toHex(encoded.bytes)).toBe(toHex(fromHex(hex)));
      expect(decodeMessage(fromHex(hex))).toStrictEqual({ ok: true, message, skipped: [] });
    });
  }

  it("the Broadband report type IE is one octet: 89 80 00 01 01", () => {
    const value = { typeOfReport: ReportType.MODIFICATION_CONFIRMATION };
    const encoded = encodeIe("reportType", value);
    expect(encoded.ok && toHex(encoded.bytes)).toBe(toHex(fromHex("89 80 00 01 01")));
    expect(decodeIe(fromHex("89 80 00 01 01"))).toStrictEqual({ ok: true, key: "reportType", value });
    expect(decodeIe(fromHex("89 80 00 00"))).toMatchObject({ ok: false });
    expect(decodeIe(fromHex("89 80 00 02 01 02"))).toMatchObject({ ok: false });
  });

  it("MODIFY REQUEST without an ATM traffic descriptor: cause 96, diagnostic 0x59", () => {
    const result = decodeMessage(frame({ type: 0x88 }, "89 80 00 01 01"));
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: DecodeErrorCode.MANDATORY_IE_MISSING,
        cause: Cause.MANDATORY_IE_MISSING,
        diagnostic: Uint8Array.of(0x59),
      },
    });
  });

  it("MODIFY REJECT without a cause: cause 96, diagnostic 0x08", () => {
    const result = decodeMessage(frame({ type: 0x8a }));
    expect(result).toMatchObject({ ok: false, error: { diagnostic: Uint8Array.of(0x08) } });
  });

  it("an IE of another message (a connection identifier in MODIFY ACKNOWLEDGE) is skipped and reported", () => {
    const result = decodeMessage(frame({ type: 0x89 }, "5A 80 00 05 88 00 00 00 21"));
    expect(result).toMatchObject({
      ok: true,
      message: { type: "MODIFY ACKNOWLEDGE", ies: {} },
      skipped: [{ id: 0x5a, reason: "unexpected" }],
      report: { cause: 99 },
    });
  });

  it("a MODIFY REQUEST with only its traffic descriptor would end in an IE tshark 4.0 reads past", () => {
    const bare: Q2931Message = {
      type: "MODIFY REQUEST",
      callReference: { value: 5, flag: false },
      ies: { trafficDescriptor: TD_4096 },
    };
    expect(encodeMessage(bare).ok).toBe(true);
    expect(encodeMessage(bare, { requireSafeEnding: true })).toMatchObject({
      ok: false,
      error: { code: EncodeErrorCode.UNSAFE_ENDING },
    });
  });
});
