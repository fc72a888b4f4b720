/**
 * Encode errors: out-of-range fields, missing and badly repeated IEs, inconsistent fields, unknown types,
 * all as typed errors naming the field; and the IE ordering that keeps tshark 4.0 from over-reading.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IE_CODECS, IE_KEY_BY_ID } from "../../../src/signaling/q2931/ie-registry.ts";
import {
  Cause,
  decodeMessage,
  diagnosticFromIeIds,
  EncodeErrorCode,
  type EncodeResult,
  encodeMessage,
  IeId,
  type Q2931EncodeError,
  type Q2931Message,
} from "../../../src/signaling/q2931/index.ts";
import { arbMessage, messageArbitraries } from "./arbitraries.ts";

function errorOf(result: EncodeResult): Q2931EncodeError {
  if (result.ok) throw new Error("expected an encode error");
  return result.error;
}

const AESA = Uint8Array.from({ length: 20 }, (_, i) => (i === 0 ? 0x39 : i));

const setup = (ies: Record<string, unknown> = {}): Q2931Message =>
  ({
    type: "SETUP",
    callReference: { value: 1, flag: false },
    ies: {
      trafficDescriptor: {
        forward: { peakCellRateClp01: 1000 },
        backward: { peakCellRateClp01: 1000 },
        bestEffort: true,
      },
      bearerCapability: { bearerClass: 0x10, clipping: 0, userPlane: 0 },
      calledPartyNumber: { plan: 2, typeOfNumber: 0, address: AESA },
      qos: { forwardClass: 0, backwardClass: 0 },
      ...ies,
    },
  }) as Q2931Message;

describe("typed encode errors", () => {
  it("the base SETUP of these tests encodes", () => {
    expect(encodeMessage(setup()).ok).toBe(true);
  });

  it("a call reference wider than 23 bits is out of range", () => {
    const message = { ...setup(), callReference: { value: 0x800000, flag: false } } as Q2931Message;
    expect(errorOf(encodeMessage(message))).toMatchObject({
      code: EncodeErrorCode.OUT_OF_RANGE,
      path: "callReference.value",
    });
  });

  it("a cell rate wider than 24 bits is out of range, with the field's path", () => {
    const td = { forward: { peakCellRateClp01: 0x1000000 }, backward: {}, bestEffort: false };
    expect(errorOf(encodeMessage(setup({ trafficDescriptor: td })))).toMatchObject({
      code: EncodeErrorCode.OUT_OF_RANGE,
      path: "ies.trafficDescriptor.forward.peakCellRateClp01",
    });
  });

  it("an AESA that is not 20 octets, and E.164 digits that are not 1–15 decimal digits, are out of range", () => {
    const short = { plan: 2, typeOfNumber: 0, address: new Uint8Array(19) };
    expect(errorOf(encodeMessage(setup({ calledPartyNumber: short }))).path).toBe(
      "ies.calledPartyNumber.address",
    );
    for (const digits of ["", "12a", "1234567890123456"]) {
      const e164 = { plan: 1, typeOfNumber: 1, digits };
      expect(errorOf(encodeMessage(setup({ calledPartyNumber: e164 }))).path).toBe(
        "ies.calledPartyNumber.digits",
      );
    }
  });

  it("a missing mandatory IE is `missing-ie`", () => {
    const message = setup();
    const { qos: _qos, ...ies } = message.ies as Record<string, unknown>;
    expect(errorOf(encodeMessage({ ...message, ies } as Q2931Message))).toMatchObject({
      code: EncodeErrorCode.MISSING_IE,
      path: "ies.qos",
    });
  });

  it("a RESTART of class 0 without connection identifier is `missing-ie`", () => {
    const restart = {
      type: "RESTART",
      callReference: { value: 0, flag: false },
      ies: { restartIndicator: { restartClass: 0 } },
    } as const;
    expect(errorOf(encodeMessage(restart))).toMatchObject({
      code: EncodeErrorCode.MISSING_IE,
      path: "ies.connectionIdentifier",
    });
  });

  it("RELEASE with zero or three causes, SETUP with four BLLIs, are `bad-repetition`", () => {
    const cause = { location: 0, value: 16 };
    for (const causes of [[], [cause, cause, cause]]) {
      const release = {
        type: "RELEASE",
        callReference: { value: 1, flag: false },
        ies: { cause: causes },
      } as const;
      expect(errorOf(encodeMessage(release)).code).toBe(EncodeErrorCode.BAD_REPETITION);
    }
    const blli = { layer2: { protocol: 0x0c } };
    expect(errorOf(encodeMessage(setup({ blli: [blli, blli, blli, blli] })))).toMatchObject({
      code: EncodeErrorCode.BAD_REPETITION,
      path: "ies.blli",
    });
  });

  it("an IE that the message does not carry is `inconsistent`", () => {
    expect(errorOf(encodeMessage(setup({ cause: { location: 0, value: 16 } })))).toMatchObject({
      code: EncodeErrorCode.INCONSISTENT,
      path: "ies.cause",
    });
  });

  it("an array where one IE is expected is out of range", () => {
    const connect = {
      type: "CONNECT",
      callReference: { value: 1, flag: false },
      ies: { blli: [{ layer2: { protocol: 0x0c } }] },
    } as unknown as Q2931Message;
    expect(errorOf(encodeMessage(connect))).toMatchObject({
      code: EncodeErrorCode.OUT_OF_RANGE,
      path: "ies.blli",
    });
  });

  it("an unknown message type is `unknown-message-type`", () => {
    const message = {
      type: "NOTIFY",
      callReference: { value: 1, flag: false },
      ies: {},
    } as unknown as Q2931Message;
    expect(errorOf(encodeMessage(message)).code).toBe(EncodeErrorCode.UNKNOWN_MESSAGE_TYPE);
  });

  it("BLLI fields that must go together are `inconsistent` when they do not", () => {
    const cases = [
      [{ layer3: { protocol: 0x0b, ipi: 0x80 } }, "ies.blli[0].layer3.snap"],
      [{ layer3: { protocol: 0x0b, ipi: 0xcc, snap: { oui: 0, pid: 0x800 } } }, "ies.blli[0].layer3.snap"],
      [{ layer3: { protocol: 0x0b, snap: { oui: 0, pid: 0x800 } } }, "ies.blli[0].layer3.snap"],
      [
        { layer3: { protocol: 0x06, options: { mode: 1, packetWindowSize: 3 } } },
        "ies.blli[0].layer3.options.packetWindowSize",
      ],
    ] as const;
    for (const [blli, path] of cases) {
      expect(errorOf(encodeMessage(setup({ blli: [blli] })))).toMatchObject({
        code: EncodeErrorCode.INCONSISTENT,
        path,
      });
    }
  });

  it("an IE instruction with an action wider than 3 bits is out of range", () => {
    const qos = {
      forwardClass: 0,
      backwardClass: 0,
      instruction: { codingStandard: 0, flag: true, action: 8 },
    };
    expect(errorOf(encodeMessage(setup({ qos }))).path).toBe("ies.qos.instruction.action");
  });

  // The path of every numeric or boolean leaf of a valid message, in the encoder's notation.
  function leaves(value: unknown, path: string, out: string[]): void {
    if (value instanceof Uint8Array || value === null || typeof value !== "object") return;
    const entries = Array.isArray(value)
      ? value.map((v, i) => [`${path}[${i}]`, v] as const)
      : Object.entries(value).map(([k, v]) => [path === "" ? k : `${path}.${k}`, v] as const);
    for (const [p, v] of entries) {
      if (typeof v === "number" || typeof v === "boolean") out.push(p);
      else leaves(v, p, out);
    }
  }

  it("property: replacing any numeric or boolean field with an invalid value gives `out-of-range` at that path", () => {
    const invalid = fc.constantFrom(-1, 0.5, Number.NaN, 2 ** 32, "1", null);
    fc.assert(
      fc.property(arbMessage, fc.nat(), invalid, (message, pick, bad) => {
        const found: string[] = [];
        leaves(message, "", found);
        const path = found[pick % found.length];
        if (path === undefined) return;
        const copy = structuredClone(message) as unknown as Record<string, unknown>;
        // Walk to the parent of the leaf and overwrite it.
        const segments = path.replace(/\[(\d+)\]/g, ".$1").split(".");
        const last = segments.pop() as string;
        let parent: Record<string, unknown> = copy;
        for (const s of segments) parent = parent[s] as Record<string, unknown>;
        parent[last] = bad;
        const result = encodeMessage(copy as unknown as Q2931Message);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe(EncodeErrorCode.OUT_OF_RANGE);
          expect(result.error.path).toBe(path);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

// The identifier of the last IE in an encoded frame.
function lastIeId(bytes: Uint8Array): number | undefined {
  let pos = 9;
  let last: number | undefined;
  while (pos + 4 <= bytes.length) {
    last = bytes[pos];
    pos += 4 + (((bytes[pos + 2] ?? 0) << 8) | (bytes[pos + 3] ?? 0));
  }
  return last;
}

describe("tshark-safe message endings (a tshark 4.0 finding)", () => {
  const diag96 = {
    location: 0,
    value: Cause.MANDATORY_IE_MISSING,
    diagnostic: diagnosticFromIeIds([IeId.QOS_PARAMETER]),
  };

  it("a SETUP ending in broadband sending complete gets its last safe IE moved behind it", () => {
    const encoded = encodeMessage(setup({ sendingComplete: {} }));
    if (!encoded.ok) throw new Error(encoded.error.reason);
    expect(lastIeId(encoded.bytes)).toBe(IeId.QOS_PARAMETER);
    expect(decodeMessage(encoded.bytes)).toMatchObject({ ok: true, message: setup({ sendingComplete: {} }) });
  });

  it("a DROP PARTY ACKNOWLEDGE with a cause-96 diagnostic ends with the endpoint reference", () => {
    const message = {
      type: "DROP PARTY ACKNOWLEDGE",
      callReference: { value: 3, flag: true },
      ies: { endpointReference: { value: 1, flag: true }, cause: diag96 },
    } as const;
    const encoded = encodeMessage(message, { requireSafeEnding: true });
    expect(encoded.ok && lastIeId(encoded.bytes)).toBe(IeId.ENDPOINT_REFERENCE);
  });

  it("a CONNECT whose only IE is AAL parameters still encodes, unless a safe ending is required", () => {
    const connect = {
      type: "CONNECT",
      callReference: { value: 3, flag: true },
      ies: { aal: { aalType: 0x05, forwardMaxCpcsSduSize: 9188 } },
    } as const;
    expect(encodeMessage(connect).ok).toBe(true);
    expect(errorOf(encodeMessage(connect, { requireSafeEnding: true })).code).toBe(
      EncodeErrorCode.UNSAFE_ENDING,
    );
  });

  it("two causes keep their order even when that leaves an over-read cause last", () => {
    const release = {
      type: "RELEASE",
      callReference: { value: 3, flag: true },
      ies: { cause: [{ location: 0, value: 16 }, diag96] },
    } as const;
    const encoded = encodeMessage(release);
    expect(encoded.ok && decodeMessage(encoded.bytes)).toMatchObject({ ok: true, message: release });
    expect(errorOf(encodeMessage(release, { requireSafeEnding: true })).code).toBe(
      EncodeErrorCode.UNSAFE_ENDING,
    );
  });

  it("property: with requireSafeEnding the last IE never over-reads, or the error is unsafe-ending", () => {
    fc.assert(
      fc.property(fc.oneof(arbMessage, messageArbitraries.CONNECT, messageArbitraries.RELEASE), (message) => {
        const result = encodeMessage(message, { requireSafeEnding: true });
        if (!result.ok) {
          expect(result.error.code).toBe(EncodeErrorCode.UNSAFE_ENDING);
          return;
        }
        const decoded = decodeMessage(result.bytes);
        expect(decoded.ok && decoded.message).toStrictEqual(message);
        const id = lastIeId(result.bytes);
        if (id === undefined) return;
        const key = IE_KEY_BY_ID.get(id);
        if (key === undefined) throw new Error("unknown last IE");
        const ies = message.ies as Record<string, unknown>;
        const value = ies[key];
        const instances = Array.isArray(value) ? value : [value];
        const codec = IE_CODECS[key] as { overreads(v: unknown): boolean };
        expect(codec.overreads(instances.at(-1))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
