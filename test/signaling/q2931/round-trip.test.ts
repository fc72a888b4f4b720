/** Round-trip properties: for every IE and every message, decode(encode(x)) is exactly x. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeIe, encodeIe } from "../../../src/signaling/q2931/ie-registry.ts";
import {
  decodeMessage,
  encodeMessage,
  type IeKey,
  MESSAGE_NAMES,
  type MessageName,
} from "../../../src/signaling/q2931/index.ts";
import { arbMessage, ieArbitraries, messageArbitraries } from "./arbitraries.ts";

const RUNS = 300;

describe("IE round trip", () => {
  for (const key of Object.keys(ieArbitraries) as IeKey[]) {
    it(`${key}: decodeIe(encodeIe(v)) equals v`, () => {
      fc.assert(
        fc.property(ieArbitraries[key], (value) => {
          const encoded = encodeIe(key, value as never);
          if (!encoded.ok) throw new Error(`encode failed: ${encoded.error.reason}`);
          expect(decodeIe(encoded.bytes)).toStrictEqual({ ok: true, key, value });
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("message round trip", () => {
  for (const name of Object.values(MESSAGE_NAMES) as MessageName[]) {
    it(`${name}: decodeMessage(encodeMessage(m)) equals m`, () => {
      fc.assert(
        fc.property(messageArbitraries[name], (message) => {
          const encoded = encodeMessage(message);
          if (!encoded.ok) throw new Error(`encode failed: ${encoded.error.reason}`);
          expect(decodeMessage(encoded.bytes)).toStrictEqual({ ok: true, message, skipped: [] });
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("the message length field always equals the octets after the header", () => {
    fc.assert(
      fc.property(arbMessage, (message) => {
        const encoded = encodeMessage(message);
        if (!encoded.ok) throw new Error(encoded.error.reason);
        const b = encoded.bytes;
        expect(((b[7] ?? 0) << 8) | (b[8] ?? 0)).toBe(b.length - 9);
      }),
      { numRuns: RUNS },
    );
  });

  it("encoding is deterministic and canonical: encode(decode(bytes)) gives the same bytes", () => {
    fc.assert(
      fc.property(arbMessage, (message) => {
        const first = encodeMessage(message);
        if (!first.ok) throw new Error(first.error.reason);
        const decoded = decodeMessage(first.bytes);
        if (!decoded.ok) throw new Error(decoded.error.reason);
        const second = encodeMessage(decoded.message);
        expect(second.ok && second.bytes).toStrictEqual(first.bytes);
      }),
      { numRuns: RUNS },
    );
  });
});
