/** ATM end-system address helpers: field split per AFI, dotted printing, parsing, building from a prefix. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Afi,
  aesaEquals,
  aesaFields,
  formatAesa,
  makeAesa,
  networkPrefix,
  parseAesa,
} from "../../../src/signaling/q2931/index.ts";
import { arbAesa } from "./arbitraries.ts";
import { fromHex } from "./hex.ts";

// The called address of the minimal UNI 3.1 SETUP.
const DCC_ADDRESS = fromHex("39 84 0F 80 01 BC 72 00 00 00 01 00 01 00 20 48 1A 2B 3C 00");

describe("aesaFields", () => {
  it("splits the §6.4 DCC address as Wireshark prints it", () => {
    expect(aesaFields(DCC_ADDRESS)).toStrictEqual({
      ok: true,
      value: {
        format: "DCC",
        afi: Afi.DCC,
        group: false,
        idi: "840",
        hoDsp: fromHex("80 01 BC 72 00 00 00 01 00 01"),
        esi: fromHex("00 20 48 1A 2B 3C"),
        selector: 0,
      },
    });
  });

  it("knows ICD, E.164 and group AFIs", () => {
    const icd = fromHex("47 00 05 80 FF E1 00 00 00 F2 15 1F 9A 00 20 48 1A 5C 15 00");
    expect(aesaFields(icd)).toMatchObject({ ok: true, value: { format: "ICD", idi: "0005", group: false } });
    const e164 = fromHex("45 00 01 21 25 55 12 34 5F 00 00 00 01 00 20 48 1A 2B 3C 07");
    expect(aesaFields(e164)).toMatchObject({
      ok: true,
      value: { format: "E.164", idi: "000121255512345", hoDsp: fromHex("00 00 00 01"), selector: 7 },
    });
    const group = Uint8Array.of(Afi.DCC_GROUP, ...DCC_ADDRESS.subarray(1));
    expect(aesaFields(group)).toMatchObject({ ok: true, value: { format: "DCC", group: true } });
    const other = Uint8Array.of(0x01, ...DCC_ADDRESS.subarray(1));
    expect(aesaFields(other)).toMatchObject({ ok: true, value: { format: "unknown", idi: "" } });
  });

  it("rejects anything but 20 octets", () => {
    expect(aesaFields(new Uint8Array(19)).ok).toBe(false);
    expect(networkPrefix(new Uint8Array(21)).ok).toBe(false);
  });
});

describe("printing and parsing", () => {
  it("prints DCC/ICD addresses in the linux-atm dotted groups", () => {
    expect(formatAesa(DCC_ADDRESS)).toBe("39.840f.80.01bc72.0000.0001.0001.0020481a2b3c.00");
  });

  it("parses the printed form, plain hex, and colon- or space-separated hex", () => {
    for (const text of [
      "39.840f.80.01bc72.0000.0001.0001.0020481a2b3c.00",
      "39840F8001BC720000000100010020481A2B3C00",
      "0x39840f8001bc720000000100010020481a2b3c00",
      "39:84:0f:80:01:bc:72:00:00:00:01:00:01:00:20:48:1a:2b:3c:00",
    ]) {
      expect(parseAesa(text)).toStrictEqual({ ok: true, value: DCC_ADDRESS });
    }
    expect(parseAesa("39.840f").ok).toBe(false);
    expect(parseAesa("zz840f8001bc720000000100010020481a2b3c00").ok).toBe(false);
  });

  it("property: parseAesa(formatAesa(a)) is a", () => {
    fc.assert(
      fc.property(arbAesa, (address) => {
        expect(parseAesa(formatAesa(address))).toStrictEqual({ ok: true, value: address });
      }),
    );
  });
});

describe("building from an ILMI prefix", () => {
  it("prefix ‖ ESI ‖ SEL gives the §5.4 address back, and its prefix is the first 13 octets", () => {
    const prefix = DCC_ADDRESS.slice(0, 13);
    const built = makeAesa(prefix, fromHex("00 20 48 1A 2B 3C"), 0);
    expect(built).toStrictEqual({ ok: true, value: DCC_ADDRESS });
    expect(networkPrefix(DCC_ADDRESS)).toStrictEqual({ ok: true, value: prefix });
    expect(built.ok && aesaEquals(built.value, DCC_ADDRESS)).toBe(true);
  });

  it("rejects a wrong prefix, ESI or selector", () => {
    expect(makeAesa(new Uint8Array(12), new Uint8Array(6), 0).ok).toBe(false);
    expect(makeAesa(new Uint8Array(13), new Uint8Array(5), 0).ok).toBe(false);
    expect(makeAesa(new Uint8Array(13), new Uint8Array(6), 256).ok).toBe(false);
  });

  it("aesaEquals compares octets", () => {
    expect(aesaEquals(DCC_ADDRESS, DCC_ADDRESS.slice())).toBe(true);
    expect(aesaEquals(DCC_ADDRESS, new Uint8Array(20))).toBe(false);
  });
});
