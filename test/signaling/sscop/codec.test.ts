import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePdu, encodePdu, SscopDecodeErrorCode } from "../../../src/signaling/sscop/codec.ts";
import { PDU_TYPE_NAMES, type Pdu } from "../../../src/signaling/sscop/pdu.ts";
import { pduArb, pduArbs } from "./arbitraries.ts";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

// Golden frames built from the layouts of Q.2110 SSCOP / Q.2130 (payload ‖ pad ‖ words ‖ trailer
// PL|S|type|N). Each was also checked once against tshark 4.0.17 (`-d udp.port==N,sscop`).
const GOLDEN: readonly (readonly [string, Pdu, string])[] = [
  ["BGN", { type: "BGN", nSQ: 1, nMR: 128, uu: bytes() }, "00000001 01000080"],
  [
    "BGN with 3 octets of UU (PL 1)",
    { type: "BGN", nSQ: 5, nMR: 30, uu: bytes(0xaa, 0xbb, 0xcc) },
    "aabbcc00 00000005 4100001e",
  ],
  ["BGAK", { type: "BGAK", nMR: 30, uu: bytes() }, "00000000 0200001e"],
  ["END by the user", { type: "END", source: "user", uu: bytes() }, "00000000 03000000"],
  ["END by SSCOP (S = 1)", { type: "END", source: "sscop", uu: bytes() }, "00000000 13000000"],
  ["ENDAK", { type: "ENDAK" }, "00000000 04000000"],
  ["RS", { type: "RS", nSQ: 2, nMR: 128, uu: bytes() }, "00000002 05000080"],
  ["RSAK", { type: "RSAK", nMR: 128 }, "00000000 06000080"],
  ["BGREJ", { type: "BGREJ", uu: bytes() }, "00000000 07000000"],
  [
    "SD, 4 octets (PL 0 → type octet 0x08)",
    { type: "SD", nS: 5, data: bytes(1, 2, 3, 4) },
    "01020304 08000005",
  ],
  ["SD, 3 octets (PL 1 → 0x48)", { type: "SD", nS: 5, data: bytes(1, 2, 3) }, "01020300 48000005"],
  ["SD, 2 octets (PL 2 → 0x88)", { type: "SD", nS: 5, data: bytes(0x68, 0x69) }, "68690000 88000005"],
  ["SD, 1 octet (PL 3 → 0xC8)", { type: "SD", nS: 0xabcdef, data: bytes(7) }, "07000000 c8abcdef"],
  ["SD, empty", { type: "SD", nS: 0, data: bytes() }, "08000000"],
  ["ER", { type: "ER", nSQ: 3, nMR: 128 }, "00000003 09000080"],
  ["POLL", { type: "POLL", nPS: 1, nS: 5 }, "00000001 0a000005"],
  [
    "STAT with list [2, 4]",
    { type: "STAT", nPS: 1, nMR: 0x84, nR: 2, list: [2, 4] },
    "00000002 00000004 00000001 00000084 0b000002",
  ],
  [
    "STAT with empty list",
    { type: "STAT", nPS: 7, nMR: 0x80, nR: 0, list: [] },
    "00000007 00000080 0b000000",
  ],
  ["USTAT [2, 4)", { type: "USTAT", nMR: 0x84, nR: 2, list: [2, 4] }, "00000002 00000004 00000084 0c000002"],
  ["UD", { type: "UD", data: bytes(0x61, 0x62, 0x63) }, "61626300 4d000000"],
  ["MD, empty", { type: "MD", data: bytes() }, "0e000000"],
  ["ERAK", { type: "ERAK", nMR: 128 }, "00000000 0f000080"],
];

describe("SSCOP codec: golden bytes", () => {
  it.each(GOLDEN)("%s", (_name, pdu, wire) => {
    expect(toHex(encodePdu(pdu))).toBe(wire.replace(/\s+/g, ""));
    const decoded = decodePdu(hex(wire));
    expect(decoded).toEqual({ ok: true, value: pdu });
  });

  it("covers every PDU type", () => {
    expect(new Set(GOLDEN.map(([, pdu]) => pdu.type))).toEqual(new Set(PDU_TYPE_NAMES));
  });
});

describe("SSCOP codec: round trip", () => {
  it.each(PDU_TYPE_NAMES)("%s decodes to what was encoded", (type) => {
    fc.assert(
      fc.property(pduArbs[type], (pdu) => {
        const wire = encodePdu(pdu);
        expect(wire.length % 4).toBe(0);
        expect(decodePdu(wire)).toEqual({ ok: true, value: pdu });
      }),
      { numRuns: 300 },
    );
  });

  it("re-encodes every accepted frame to the same bytes", () => {
    fc.assert(
      fc.property(pduArb, (pdu) => {
        const wire = encodePdu(pdu);
        const decoded = decodePdu(wire);
        expect(decoded.ok && toHex(encodePdu(decoded.value))).toBe(toHex(wire));
      }),
      { numRuns: 500 },
    );
  });

  it("copies payloads instead of aliasing the received buffer", () => {
    const frame = hex("68690000 88000005");
    const decoded = decodePdu(frame);
    frame[0] = 0;
    expect(decoded.ok && decoded.value.type === "SD" && Array.from(decoded.value.data)).toEqual([0x68, 0x69]);
  });

  it("decodes a PDU that sits inside a larger buffer", () => {
    const outer = hex("ffffffff 00000001 0a000005 ffffffff");
    expect(decodePdu(outer.subarray(4, 12))).toEqual({ ok: true, value: { type: "POLL", nPS: 1, nS: 5 } });
  });
});

describe("SSCOP codec: strict decoding", () => {
  const cases: readonly (readonly [string, string, SscopDecodeErrorCode, number])[] = [
    ["empty frame", "", SscopDecodeErrorCode.TooShort, 0],
    ["three octets", "080000", SscopDecodeErrorCode.TooShort, 0],
    ["five octets", "0800000501", SscopDecodeErrorCode.NotWordAligned, 4],
    ["type 0", "00000000", SscopDecodeErrorCode.UnknownType, 0],
    ["reserved trailer bit", "28000005", SscopDecodeErrorCode.ReservedBits, 0],
    ["S bit on SD", "18000005", SscopDecodeErrorCode.SourceBit, 0],
    ["4-octet ENDAK (linux tolerates it, we do not)", "04000000", SscopDecodeErrorCode.BadLength, 0],
    ["12-octet POLL", "00000000 00000001 0a000005", SscopDecodeErrorCode.BadLength, 0],
    ["4-octet STAT (tshark: Malformed)", "0b000000", SscopDecodeErrorCode.TooShort, 0],
    ["8-octet STAT", "00000000 0b000000", SscopDecodeErrorCode.TooShort, 0],
    ["12-octet USTAT", "00000001 00000000 0c000000", SscopDecodeErrorCode.BadLength, 0],
    ["4-octet BGN", "01000080", SscopDecodeErrorCode.TooShort, 0],
    ["PL on POLL", "00000001 8a000005", SscopDecodeErrorCode.PadLength, 4],
    ["PL larger than the payload", "c8000005", SscopDecodeErrorCode.PadLength, 0],
    ["non-zero pad octet", "68690100 88000005", SscopDecodeErrorCode.PadNotZero, 2],
    ["BGAK reserved word", "00000100 0200001e", SscopDecodeErrorCode.ReservedBits, 0],
    ["END with an N field", "00000000 03000001", SscopDecodeErrorCode.ReservedBits, 4],
    ["BGN N(SQ) word with high bits", "00000101 01000080", SscopDecodeErrorCode.ReservedBits, 0],
    ["POLL N(PS) word with a top octet", "01000001 0a000005", SscopDecodeErrorCode.ReservedBits, 0],
    [
      "STAT list element with a top octet",
      "ff000002 00000001 00000084 0b000002",
      SscopDecodeErrorCode.ReservedBits,
      0,
    ],
    [
      "USTAT N(MR) with a top octet",
      "00000002 00000004 01000084 0c000002",
      SscopDecodeErrorCode.ReservedBits,
      8,
    ],
    ["UD with an N field", "0d000001", SscopDecodeErrorCode.ReservedBits, 0],
  ];

  it.each(cases)("rejects %s", (_name, wire, code, offset) => {
    const result = decodePdu(hex(wire));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.offset).toBe(offset);
      expect(result.error.reason).not.toBe("");
    }
  });
});

describe("SSCOP codec: encoder guards", () => {
  it("refuses field values outside their width", () => {
    expect(() => encodePdu({ type: "SD", nS: 0x1000000, data: bytes() })).toThrow(RangeError);
    expect(() => encodePdu({ type: "BGN", nSQ: 256, nMR: 0, uu: bytes() })).toThrow(RangeError);
    expect(() => encodePdu({ type: "STAT", nPS: 0, nMR: 0, nR: 0, list: [-1] })).toThrow(RangeError);
  });
});
