import { fc, it as fcIt } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { PcapngWriter, readPcapng, readSunAtmPcapng } from "../../src/trace/pcapng.ts";
import { SunAtmTraffic } from "../../src/trace/sunatm.ts";
import { ADDRESS_SET_VALID, hex, toHex } from "../signaling/ilmi/fixtures.ts";
import { frameArb } from "./fixtures.ts";

const FRAME = {
  timestamp: 1_500_000_123n,
  direction: "userToNetwork",
  traffic: SunAtmTraffic.ilmi,
  vpi: 0,
  vci: 16,
  payload: ADDRESS_SET_VALID,
} as const;

describe("pcapng writer", () => {
  it("starts with a little-endian section header and a nanosecond SunATM interface", () => {
    const bytes = new PcapngWriter({ interfaceName: "uni0" }).bytes();
    expect(toHex(bytes.subarray(0, 16))).toBe("0A 0D 0D 0A 2C 00 00 00 4D 3C 2B 1A 01 00 00 00");
    const file = readPcapng(bytes);
    expect(file.ok && file.value.interfaces).toEqual([
      { linkType: 123, snaplen: 65535, tsresol: 9, name: "uni0" },
    ]);
  });

  it("labels each packet with its VC by default", () => {
    const writer = new PcapngWriter();
    writer.addFrame(FRAME);
    writer.addFrame({ ...FRAME, vci: 5 }, "SETUP");
    const read = readSunAtmPcapng(writer.bytes());
    expect(read.ok && read.value.map((r) => r.comments)).toEqual([["VC 0/16"], ["SETUP"]]);
    expect(read.ok && read.value[0]?.frame).toEqual(FRAME);
  });

  fcIt.prop(
    [
      fc.array(fc.tuple(frameArb, fc.option(fc.string({ maxLength: 40 }), { nil: undefined })), {
        maxLength: 8,
      }),
    ],
    {
      numRuns: 300,
    },
  )("reads back what it wrote", (items) => {
    const writer = new PcapngWriter();
    for (const [frame, comment] of items) {
      if (comment === undefined) writer.addFrame(frame);
      else writer.addFrame(frame, comment);
    }
    expect(writer.recordCount).toBe(items.length);
    const read = readSunAtmPcapng(writer.bytes());
    expect(read).toEqual({
      ok: true,
      value: items.map(([frame, comment]) => ({
        frame,
        comments: [comment ?? `VC ${frame.vpi}/${frame.vci}`],
      })),
    });
  });

  it("reads packets without options and scales microsecond interfaces", () => {
    const writer = new PcapngWriter();
    writer.addRecord(7n, hex("06 00 00 05 AA"));
    const bytes = writer.bytes();
    // Turn if_tsresol 9 into 6: the same 7 units then mean 7 µs.
    const at = toHex(bytes).replace(/ /g, "").indexOf("0900010009") / 2;
    bytes[at + 4] = 6;
    const read = readPcapng(bytes);
    expect(read.ok && read.value.records[0]).toMatchObject({ timestamp: 7000n, comments: [] });
  });
});

describe("pcapng reader strictness", () => {
  const writer = new PcapngWriter();
  writer.addFrame(FRAME);
  const good = writer.bytes();
  const view = new DataView(good.buffer);
  const shbLength = view.getUint32(4, true);
  const epb = shbLength + view.getUint32(shbLength + 4, true);
  const patched = (at: number, bytes: string) => {
    const copy = good.slice();
    copy.set(hex(bytes), at);
    return copy;
  };
  const cases: [string, Uint8Array, string][] = [
    ["an empty file", new Uint8Array(0), "truncated"],
    ["no section header first", patched(0, "01 00 00 00"), "badMagic"],
    ["a bad byte-order magic", patched(8, "00 00 00 00"), "badMagic"],
    ["version 2.0", patched(12, "02 00"), "badVersion"],
    ["a block length not a multiple of 4", patched(epb + 4, "7A 00 00 00"), "badLength"],
    ["a trailing length that differs", patched(good.length - 4, "00 00 00 00"), "badLength"],
    ["a block running past the end", good.subarray(0, good.length - 4), "truncated"],
    ["an unknown block type", patched(epb, "03 00 00 00"), "badBlock"],
    ["a packet of an undescribed interface", patched(epb + 8, "01 00 00 00"), "badBlock"],
    ["captured length above original length", patched(epb + 20, "49 00 00 00"), "badLength"],
    ["if_tsresol 10", patched(epb - 12, "0A"), "badOption"],
    ["an option running past its block", patched(epb + 28 + 72 + 2, "FF 00"), "badOption"],
  ];
  for (const [name, bytes, code] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      const result = readPcapng(bytes);
      expect(result.ok ? "accepted" : result.error.code).toBe(code);
    });
  }

  it("rejects a second section header", () => {
    const twice = new Uint8Array([...good, ...good.subarray(0, shbLength)]);
    expect(readPcapng(twice)).toMatchObject({ ok: false, error: { code: "badBlock", offset: good.length } });
  });
});
