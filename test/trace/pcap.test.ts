import { fc, it as fcIt } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { PcapWriter, readPcap, readSunAtmPcap } from "../../src/trace/pcap.ts";
import { SunAtmTraffic } from "../../src/trace/sunatm.ts";
import { ADDRESS_SET_VALID, hex, toHex } from "../signaling/ilmi/fixtures.ts";
import { frameArb, SETUP_SD_PDU } from "./fixtures.ts";

const ILMI_FROM_USER = {
  timestamp: 1_000_000_000n,
  direction: "userToNetwork",
  traffic: SunAtmTraffic.ilmi,
  vpi: 0,
  vci: 16,
  payload: ADDRESS_SET_VALID,
} as const;

describe("classic pcap writer (libpcap LINKTYPE_SUNATM)", () => {
  it("writes the nanosecond global header with link type 123", () => {
    expect(toHex(new PcapWriter().bytes())).toBe(
      "4D 3C B2 A1 02 00 04 00 00 00 00 00 00 00 00 00 FF FF 00 00 7B 00 00 00",
    );
  });

  it("writes the microsecond magic of §6.1 when asked", () => {
    expect(toHex(new PcapWriter({ resolution: "microsecond" }).bytes()).slice(0, 11)).toBe("D4 C3 B2 A1");
  });

  it("writes the §6.3 ILMI SetRequest record: header, pseudo-header 85 00 00 10, 68-octet message", () => {
    const writer = new PcapWriter();
    writer.addFrame(ILMI_FROM_USER);
    const record = writer.bytes().subarray(24);
    expect(toHex(record.subarray(0, 20))).toBe("01 00 00 00 00 00 00 00 48 00 00 00 48 00 00 00 85 00 00 10");
    expect(toHex(record.subarray(20))).toBe(toHex(ADDRESS_SET_VALID));
  });

  it("writes the §6.3 SETUP record: 88 octets, pseudo-header 86 00 00 05, the SSCOP trailer last", () => {
    const writer = new PcapWriter({ resolution: "microsecond" });
    writer.addFrame({ ...ILMI_FROM_USER, traffic: SunAtmTraffic.signalling, vci: 5, payload: SETUP_SD_PDU });
    const record = writer.bytes().subarray(24);
    expect(toHex(record.subarray(0, 20))).toBe("01 00 00 00 00 00 00 00 58 00 00 00 58 00 00 00 86 00 00 05");
    expect(toHex(record.subarray(record.length - 6))).toBe("00 00 88 00 00 00");
  });

  it("marks network-to-user frames with flags bit 7 clear", () => {
    const writer = new PcapWriter();
    writer.addFrame({ ...ILMI_FROM_USER, direction: "networkToUser", vpi: 1, vci: 0x1234 });
    expect(toHex(writer.bytes().subarray(40, 44))).toBe("05 01 12 34");
  });

  it("keeps virtual nanoseconds exactly", () => {
    const writer = new PcapWriter();
    writer.addFrame({ ...ILMI_FROM_USER, timestamp: 3_000_000_007n });
    expect(toHex(writer.bytes().subarray(24, 32))).toBe("03 00 00 00 07 00 00 00");
  });

  fcIt.prop([fc.array(frameArb, { maxLength: 8 })], { numRuns: 300 })(
    "reads back what it wrote (nanosecond files)",
    (frames) => {
      const writer = new PcapWriter();
      for (const frame of frames) writer.addFrame(frame);
      expect(writer.recordCount).toBe(frames.length);
      expect(readSunAtmPcap(writer.bytes())).toEqual({ ok: true, value: frames });
    },
  );

  fcIt.prop([fc.array(frameArb, { maxLength: 4 })], { numRuns: 100 })(
    "reads back microsecond files with timestamps cut to whole microseconds",
    (frames) => {
      const writer = new PcapWriter({ resolution: "microsecond" });
      for (const frame of frames) writer.addFrame(frame);
      const expected = frames.map((f) => ({ ...f, timestamp: f.timestamp - (f.timestamp % 1000n) }));
      expect(readSunAtmPcap(writer.bytes())).toEqual({ ok: true, value: expected });
    },
  );

  it("cuts records to snaplen, keeping the original length", () => {
    const writer = new PcapWriter({ snaplen: 10 });
    writer.addFrame(ILMI_FROM_USER);
    const file = readPcap(writer.bytes());
    expect(file.ok && file.value.records[0]).toMatchObject({
      originalLength: 72,
      data: expect.any(Uint8Array),
    });
    expect(file.ok && file.value.records[0]?.data.length).toBe(10);
    expect(readSunAtmPcap(writer.bytes())).toMatchObject({
      ok: false,
      error: { code: "badLength", offset: 40 },
    });
  });

  it("refuses frames it cannot represent", () => {
    const writer = new PcapWriter();
    expect(() => writer.addFrame({ ...ILMI_FROM_USER, timestamp: -1n })).toThrow(RangeError);
    expect(() => writer.addFrame({ ...ILMI_FROM_USER, timestamp: 2n ** 32n * 1_000_000_000n })).toThrow(
      RangeError,
    );
    expect(() => writer.addFrame({ ...ILMI_FROM_USER, vpi: 256 })).toThrow(RangeError);
    expect(() => writer.addFrame({ ...ILMI_FROM_USER, vci: 65536 })).toThrow(RangeError);
    expect(() => new PcapWriter({ linkType: 1 }).addFrame(ILMI_FROM_USER)).toThrow(RangeError);
    expect(writer.recordCount).toBe(0);
  });
});

describe("classic pcap reader strictness", () => {
  const writer = new PcapWriter();
  writer.addFrame(ILMI_FROM_USER);
  const good = writer.bytes();
  const patched = (at: number, bytes: string) => {
    const copy = good.slice();
    copy.set(hex(bytes), at);
    return copy;
  };

  const cases: [string, Uint8Array, string, number][] = [
    ["an empty file", new Uint8Array(0), "truncated", 0],
    ["an unknown magic", patched(0, "00 00 00 00"), "badMagic", 0],
    ["version 2.3", patched(6, "03 00"), "badVersion", 4],
    ["snaplen 0", patched(16, "00 00 00 00"), "badHeader", 16],
    ["a cut record header", good.subarray(0, 30), "truncated", 24],
    ["cut record data", good.subarray(0, good.length - 1), "truncated", 40],
    ["a fraction of 10^9 ns", patched(28, "00 CA 9A 3B"), "badTimestamp", 28],
    ["incl_len above orig_len", patched(32, "49 00 00 00"), "badLength", 32],
  ];
  for (const [name, bytes, code, offset] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      expect(readPcap(bytes)).toMatchObject({ ok: false, error: { code, offset } });
    });
  }

  const sunatmCases: [string, Uint8Array, string][] = [
    ["another link type", patched(20, "01 00 00 00"), "badHeader"],
    ["reserved flag bits", patched(40, "C5"), "badPseudoHeader"],
    ["traffic type 7", patched(40, "87"), "badPseudoHeader"],
    [
      "a record shorter than the pseudo-header",
      patched(32, "03 00 00 00 03 00 00 00").subarray(0, 43),
      "truncated",
    ],
  ];
  for (const [name, bytes, code] of sunatmCases) {
    it(`rejects SunATM records with ${name} (${code})`, () => {
      const result = readSunAtmPcap(bytes);
      expect(result.ok ? "accepted" : result.error.code).toBe(code);
    });
  }

  it("reads big-endian files too", () => {
    const be = hex(
      "A1 B2 3C 4D 00 02 00 04 00 00 00 00 00 00 00 00 00 00 FF FF 00 00 00 7B" +
        "00 00 00 02 00 00 00 05 00 00 00 05 00 00 00 05 06 00 00 05 AA",
    );
    expect(readSunAtmPcap(be)).toEqual({
      ok: true,
      value: [
        {
          timestamp: 2_000_000_005n,
          direction: "networkToUser",
          traffic: SunAtmTraffic.signalling,
          vpi: 0,
          vci: 5,
          payload: hex("AA"),
        },
      ],
    });
  });
});
