/** The one-pass BER writer: long-form lengths, growth past its first buffer, and reuse between messages. */
import { describe, expect, it } from "vitest";
import { BerWriter, encodeOid, oidOctets } from "../../../src/signaling/ilmi/ber-writer.ts";
import { decodeSnmpMessage, encodeSnmpMessage } from "../../../src/signaling/ilmi/snmp-codec.ts";
import type { SnmpMessage } from "../../../src/signaling/ilmi/snmp-types.ts";

const community = Uint8Array.from([0x49, 0x4c, 0x4d, 0x49]);

function response(varBindCount: number, octets: number): SnmpMessage {
  return {
    version: 0,
    community,
    pdu: {
      type: "getResponse",
      requestId: 70_000,
      errorStatus: 0,
      errorIndex: 0,
      varBinds: Array.from({ length: varBindCount }, (_, i) => ({
        name: [1, 3, 6, 1, 4, 1, 353, 2, 6, 1, 1, 3, 0, 20, i],
        value: { type: "octetString", value: new Uint8Array(octets).fill(i) },
      })),
    },
  };
}

describe("BerWriter", () => {
  it("writes nested elements back to front with long-form lengths", () => {
    const w = new BerWriter();
    const outer = w.mark();
    w.octets(0x04, new Uint8Array(200).fill(7));
    w.integer(0x02, -129, -1000, 1000);
    w.close(0x30, outer);
    const bytes = w.finish();
    // SEQUENCE, 2-octet long length (4 + 3 + 200 = 207), INTEGER -129 = FF 7F, OCTET STRING of 200.
    expect([...bytes.subarray(0, 9)]).toEqual([0x30, 0x81, 207, 0x02, 0x02, 0xff, 0x7f, 0x04, 0x81]);
    expect(bytes[9]).toBe(200);
    expect(bytes).toHaveLength(3 + 207);
  });

  it("round-trips messages larger than its first buffer, and is reused without leftovers", () => {
    const big = response(40, 60);
    const small = response(1, 1);
    for (const message of [big, small, big]) {
      const decoded = decodeSnmpMessage(encodeSnmpMessage(message));
      expect(decoded.ok && decoded.value).toEqual(message);
    }
    expect(encodeSnmpMessage(small)).toEqual(encodeSnmpMessage(small));
  });

  it("computes an OID array's contents once, and encodes arcs above 127 in base 128", () => {
    const oid = [1, 3, 6, 1, 4, 1, 353, 300];
    expect(oidOctets(oid)).toBe(oidOctets(oid));
    expect([...encodeOid([1, 3, 6, 1, 4, 1, 353, 300])]).toEqual([
      0x06, 0x09, 0x2b, 6, 1, 4, 1, 0x82, 0x61, 0x82, 0x2c,
    ]);
  });

  it("refuses an integer outside its range without corrupting the next message", () => {
    expect(() => encodeSnmpMessage({ ...response(1, 1), version: 3 as 0 })).toThrow(RangeError);
    const decoded = decodeSnmpMessage(encodeSnmpMessage(response(2, 3)));
    expect(decoded.ok).toBe(true);
  });
});
