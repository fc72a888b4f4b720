import { fc, it as fcIt } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  BerTag,
  INT32_MAX,
  INT32_MIN,
  integerContents,
  oidContents,
  readTlv,
  UINT32_MAX,
} from "../../../src/signaling/ilmi/ber.ts";
import { encodeInteger, encodeLength, encodeOid } from "../../../src/signaling/ilmi/ber-writer.ts";
import { oidArb } from "./arbitraries.ts";
import { hex, toHex } from "./fixtures.ts";

function decodeInteger(bytes: Uint8Array, min: number, max: number) {
  const tlv = readTlv(bytes, 0, bytes.length);
  if (!tlv.ok) return tlv;
  return integerContents(bytes, tlv.value, min, max, "test");
}

function decodeOid(bytes: Uint8Array) {
  const tlv = readTlv(bytes, 0, bytes.length);
  if (!tlv.ok) return tlv;
  return oidContents(bytes, tlv.value);
}

describe("BER lengths", () => {
  it("uses the short form below 128 and minimal long forms above", () => {
    expect(toHex(encodeLength(0))).toBe("00");
    expect(toHex(encodeLength(127))).toBe("7F");
    expect(toHex(encodeLength(128))).toBe("81 80");
    expect(toHex(encodeLength(255))).toBe("81 FF");
    expect(toHex(encodeLength(256))).toBe("82 01 00");
    expect(toHex(encodeLength(65536))).toBe("83 01 00 00");
  });

  fcIt.prop([fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constantFrom(65_535, 65_536, 70_000))], {
    numRuns: 100,
  })("reads back every length", (length) => {
    const bytes = new Uint8Array([BerTag.octetString, ...encodeLength(length), ...new Uint8Array(length)]);
    const tlv = readTlv(bytes, 0, bytes.length);
    expect(tlv.ok && tlv.value.end - tlv.value.contentStart).toBe(length);
    expect(tlv.ok && tlv.value.end).toBe(bytes.length);
  });

  it("rejects a length running past the enclosing element", () => {
    expect(readTlv(hex("04 03 00 00"), 0, 4)).toMatchObject({
      ok: false,
      error: { code: "truncated", offset: 0 },
    });
    expect(readTlv(hex("04 01 00 00"), 0, 2)).toMatchObject({ ok: false, error: { code: "truncated" } });
    expect(readTlv(hex("04 82 01"), 0, 3)).toMatchObject({ ok: false, error: { code: "truncated" } });
  });
});

describe("BER INTEGER", () => {
  const golden: [number, string][] = [
    [0, "02 01 00"],
    [127, "02 01 7F"],
    [128, "02 02 00 80"],
    [-1, "02 01 FF"],
    [-128, "02 01 80"],
    [-129, "02 02 FF 7F"],
    [INT32_MAX, "02 04 7F FF FF FF"],
    [INT32_MIN, "02 04 80 00 00 00"],
  ];
  for (const [value, bytes] of golden) {
    it(`encodes ${value} as ${bytes}`, () => {
      expect(toHex(encodeInteger(BerTag.integer, value))).toBe(bytes);
    });
  }

  it("encodes unsigned 2^32-1 with a leading zero octet", () => {
    expect(toHex(encodeInteger(BerTag.counter, UINT32_MAX, 0, UINT32_MAX))).toBe("41 05 00 FF FF FF FF");
  });

  fcIt.prop([fc.integer({ min: INT32_MIN, max: INT32_MAX })])("round-trips every Integer32", (value) => {
    expect(decodeInteger(encodeInteger(BerTag.integer, value), INT32_MIN, INT32_MAX)).toEqual({
      ok: true,
      value,
    });
  });

  fcIt.prop([fc.integer({ min: 0, max: UINT32_MAX })])("round-trips every unsigned 32-bit value", (value) => {
    const bytes = encodeInteger(BerTag.gauge, value, 0, UINT32_MAX);
    expect(decodeInteger(bytes, 0, UINT32_MAX)).toEqual({ ok: true, value });
  });

  it("rejects redundant leading octets", () => {
    expect(decodeInteger(hex("02 02 00 7F"), INT32_MIN, INT32_MAX)).toMatchObject({
      error: { code: "nonMinimalInteger" },
    });
    expect(decodeInteger(hex("02 02 FF 80"), INT32_MIN, INT32_MAX)).toMatchObject({
      error: { code: "nonMinimalInteger" },
    });
    expect(decodeInteger(hex("02 02 00 80"), INT32_MIN, INT32_MAX)).toEqual({ ok: true, value: 128 });
  });

  it("refuses to encode out-of-range or fractional values", () => {
    expect(() => encodeInteger(BerTag.integer, INT32_MAX + 1)).toThrow(RangeError);
    expect(() => encodeInteger(BerTag.integer, 1.5)).toThrow(RangeError);
    expect(() => encodeInteger(BerTag.counter, -1, 0, UINT32_MAX)).toThrow(RangeError);
  });
});

describe("BER OBJECT IDENTIFIER", () => {
  it("encodes atmForum (353) and index octets >= 0x80 as two sub-identifier octets", () => {
    expect(toHex(encodeOid([1, 3, 6, 1, 4, 1, 353]))).toBe("06 07 2B 06 01 04 01 82 61");
    expect(toHex(encodeOid([1, 3, 0x84, 0x80, 0xbc]))).toBe("06 07 2B 81 04 81 00 81 3C");
    expect(toHex(encodeOid([2, 999]))).toBe("06 02 88 37");
  });

  fcIt.prop([oidArb], { numRuns: 200 })("round-trips every encodable OID", (oid) => {
    expect(decodeOid(encodeOid(oid))).toEqual({ ok: true, value: oid });
  });

  const bad: [string, string][] = [
    ["empty", "06 00"],
    ["leading 0x80 octet", "06 03 2B 80 01"],
    ["unterminated last sub-identifier", "06 02 2B 81"],
    ["sub-identifier above 2^32-1", "06 06 2B 90 80 80 80 00"],
    ["129 arcs", `06 80 ${"01 ".repeat(128)}`.replace("06 80", "06 81 80")],
  ];
  for (const [name, bytes] of bad) {
    it(`rejects ${name}`, () => {
      expect(decodeOid(hex(bytes))).toMatchObject({ ok: false, error: { code: "badOid" } });
    });
  }

  it("accepts exactly 128 arcs", () => {
    const result = decodeOid(hex(`06 7F ${"01 ".repeat(127)}`));
    expect(result.ok && result.value.length).toBe(128);
  });

  it("refuses to encode OIDs without a valid encoding", () => {
    for (const oid of [
      [1],
      [3, 1],
      [1, 40],
      [0, 1, -1],
      [0, 1, 2 ** 32],
      [0, 1, 0.5],
      new Array(129).fill(1),
    ]) {
      expect(() => encodeOid(oid)).toThrow(RangeError);
    }
  });
});
