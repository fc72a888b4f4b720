/**
 * Decode errors: framing (truncated, over-long, discriminator, call reference), unknown message types,
 * mandatory-IE rules (cause 96 / 100) and the IE compatibility-instruction rules (skip, report, discard,
 * clear), each with the right code, offset, cause and diagnostic.
 */
import { describe, expect, it } from "vitest";
import {
  Cause,
  DecodeErrorCode,
  type DecodeResult,
  decodeMessage,
  encodeMessage,
  IeId,
  MessageType,
  type Q2931DecodeError,
} from "../../../src/signaling/q2931/index.ts";
import { frame, SETUP_IES, setupIes } from "./frames.ts";
import { fromHex } from "./hex.ts";

function errorOf(result: DecodeResult): Q2931DecodeError {
  if (result.ok) throw new Error(`expected a decode error, got ${result.message.type}`);
  return result.error;
}

const SETUP = MessageType.SETUP;
const validSetup = frame({ type: SETUP }, ...setupIes());

describe("framing errors", () => {
  it("the minimal SETUP used below decodes", () => {
    const result = decodeMessage(validSetup);
    expect(result.ok).toBe(true);
  });

  it("every truncation of a valid frame is `truncated` at the end of the data, to be ignored", () => {
    for (let n = 0; n < validSetup.length; n++) {
      const error = errorOf(decodeMessage(validSetup.slice(0, n)));
      expect(error).toMatchObject({ code: DecodeErrorCode.TRUNCATED, offset: n, disposition: "ignore" });
      expect(error.cause).toBeUndefined();
      // Once the 9 header octets are there, the error names the call it belongs to.
      expect(error.header !== undefined).toBe(n >= 9);
    }
  });

  it("octets after the declared message length are `over-long` at the declared end", () => {
    const longer = Uint8Array.of(...validSetup, 0x00, 0x00);
    expect(errorOf(decodeMessage(longer))).toMatchObject({
      code: DecodeErrorCode.OVER_LONG,
      offset: validSetup.length,
      disposition: "ignore",
    });
  });

  it("a Q.931 (0x08) or any other discriminator is rejected at offset 0, even in a short frame", () => {
    for (const bad of [0x00, 0x08, 0x0a, 0xff]) {
      const bytes = validSetup.slice();
      bytes[0] = bad;
      expect(errorOf(decodeMessage(bytes))).toMatchObject({
        code: DecodeErrorCode.BAD_PROTOCOL_DISCRIMINATOR,
        offset: 0,
        disposition: "ignore",
      });
      expect(errorOf(decodeMessage(Uint8Array.of(bad))).code).toBe(
        DecodeErrorCode.BAD_PROTOCOL_DISCRIMINATOR,
      );
    }
  });

  it("a call reference length other than 3 is rejected at offset 1", () => {
    for (const bad of [0x00, 0x01, 0x02, 0x04, 0x13]) {
      const bytes = validSetup.slice();
      bytes[1] = bad;
      expect(errorOf(decodeMessage(bytes))).toMatchObject({
        code: DecodeErrorCode.BAD_CALL_REFERENCE,
        offset: 1,
      });
    }
  });

  it("an IE header cut by the message end is `truncated` at the IE", () => {
    const error = errorOf(decodeMessage(frame({ type: MessageType.CONNECT_ACKNOWLEDGE }, "5A 80")));
    expect(error).toMatchObject({ code: DecodeErrorCode.TRUNCATED, offset: 9, disposition: "ignore" });
  });

  it("an IE length running past the message end is `truncated` at the IE's length field", () => {
    const error = errorOf(decodeMessage(frame({ type: MessageType.RELEASE }, "08 80 00 05 80 90")));
    expect(error).toMatchObject({ code: DecodeErrorCode.TRUNCATED, offset: 11 });
    expect(error.header?.messageType).toBe(MessageType.RELEASE);
  });
});

describe("unknown message types (cause 97)", () => {
  const notify = (compatibility: number) =>
    frame({ type: 0x6e, compatibility, callReference: 5, flag: true });

  it("regular handling: report STATUS with cause 97 and the message type as diagnostic", () => {
    const error = errorOf(decodeMessage(notify(0x80)));
    expect(error).toMatchObject({
      code: DecodeErrorCode.UNKNOWN_MESSAGE_TYPE,
      offset: 5,
      disposition: "report",
      cause: Cause.MESSAGE_TYPE_NOT_IMPLEMENTED,
      diagnostic: Uint8Array.of(0x6e),
      header: { callReference: { value: 5, flag: true }, messageType: 0x6e },
    });
  });

  it("explicit action indicator: clear (00), discard and ignore (01), discard and report (10 and reserved 11)", () => {
    expect(errorOf(decodeMessage(notify(0x90))).disposition).toBe("clear");
    const ignored = errorOf(decodeMessage(notify(0x91)));
    expect(ignored.disposition).toBe("ignore");
    expect(ignored.cause).toBeUndefined();
    expect(errorOf(decodeMessage(notify(0x92))).disposition).toBe("report");
    expect(errorOf(decodeMessage(notify(0x93))).disposition).toBe("report");
  });
});

describe("mandatory IEs", () => {
  it("a SETUP without QoS parameter is `mandatory-ie-missing`, cause 96, diagnostic 0x5C, offset at the end", () => {
    const bytes = frame({ type: SETUP }, ...setupIes({ qos: "" }));
    expect(errorOf(decodeMessage(bytes))).toMatchObject({
      code: DecodeErrorCode.MANDATORY_IE_MISSING,
      offset: bytes.length,
      disposition: "report",
      cause: Cause.MANDATORY_IE_MISSING,
      diagnostic: Uint8Array.of(IeId.QOS_PARAMETER),
    });
  });

  it("every missing mandatory IE is named in the diagnostic, in table order", () => {
    const bytes = frame({ type: SETUP }, SETUP_IES.qos, SETUP_IES.bearerCapability);
    expect(errorOf(decodeMessage(bytes)).diagnostic).toStrictEqual(
      Uint8Array.of(IeId.ATM_TRAFFIC_DESCRIPTOR, IeId.CALLED_PARTY_NUMBER),
    );
  });

  it("a RELEASE without cause, and an ADD PARTY without endpoint reference, are cause 96", () => {
    expect(errorOf(decodeMessage(frame({ type: MessageType.RELEASE }))).diagnostic).toStrictEqual(
      Uint8Array.of(IeId.CAUSE),
    );
    const addParty = frame({ type: MessageType.ADD_PARTY }, SETUP_IES.calledPartyNumber);
    expect(errorOf(decodeMessage(addParty))).toMatchObject({
      cause: 96,
      diagnostic: Uint8Array.of(IeId.ENDPOINT_REFERENCE),
    });
  });

  it("a RESTART of class 0 (indicated VC) without connection identifier is cause 96 for 0x5A", () => {
    const error = errorOf(
      decodeMessage(frame({ type: MessageType.RESTART, callReference: 0 }, "79 80 00 01 80")),
    );
    expect(error).toMatchObject({
      code: DecodeErrorCode.MANDATORY_IE_MISSING,
      diagnostic: Uint8Array.of(0x5a),
    });
    const withVc = frame(
      { type: MessageType.RESTART, callReference: 0 },
      "5A 80 00 05 88 00 00 00 21",
      "79 80 00 01 80",
    );
    expect(decodeMessage(withVc).ok).toBe(true);
  });

  it("RELEASE COMPLETE without cause is accepted (cause is conditional there)", () => {
    expect(decodeMessage(frame({ type: MessageType.RELEASE_COMPLETE })).ok).toBe(true);
  });

  it("a malformed mandatory IE is `invalid-ie-contents`, cause 100, at the offending octet", () => {
    // BBC with octet 6 missing: 5E 80 00 01 90.
    const bytes = frame({ type: SETUP }, ...setupIes({ bearerCapability: "5E 80 00 01 90" }));
    const bbcAt = 9 + SETUP_IES.trafficDescriptor.replace(/ /g, "").length / 2;
    expect(errorOf(decodeMessage(bytes))).toMatchObject({
      code: DecodeErrorCode.INVALID_IE_CONTENTS,
      offset: bbcAt + 4,
      disposition: "report",
      cause: Cause.INVALID_IE_CONTENTS,
      diagnostic: Uint8Array.of(IeId.BROADBAND_BEARER_CAPABILITY),
    });
  });

  it("an unknown traffic descriptor sub-field is reported at the sub-field's own offset", () => {
    const bytes = frame({ type: SETUP }, ...setupIes({ trafficDescriptor: "59 80 00 05 84 05 63 B7 99" }));
    expect(errorOf(decodeMessage(bytes))).toMatchObject({
      code: DecodeErrorCode.INVALID_IE_CONTENTS,
      offset: 9 + 4 + 4,
      cause: 100,
    });
  });

  it("octets left over after a fixed-size IE are a content error at the first extra octet", () => {
    const bytes = frame({ type: MessageType.ADD_PARTY_ACKNOWLEDGE }, "54 80 00 04 00 00 01 FF");
    expect(errorOf(decodeMessage(bytes))).toMatchObject({
      code: DecodeErrorCode.INVALID_IE_CONTENTS,
      offset: 16,
    });
  });

  it("a missing mandatory IE outranks an IE whose action indicator says clear the call", () => {
    const bytes = frame({ type: SETUP }, ...setupIes({ qos: "" }), "7F 90 00 00");
    expect(errorOf(decodeMessage(bytes)).code).toBe(DecodeErrorCode.MANDATORY_IE_MISSING);
  });
});

describe("IE compatibility instructions", () => {
  const withExtra = (...extra: string[]) => frame({ type: SETUP }, ...setupIes(), ...extra);
  const extraAt = validSetup.length;

  it("regular handling of an unrecognized IE: skip it, proceed, report STATUS cause 99", () => {
    const result = decodeMessage(withExtra("7F 80 00 02 AB CD"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.skipped).toStrictEqual([
      { id: 0x7f, offset: extraAt, reason: "unrecognized", detail: expect.any(String) },
    ]);
    expect(result.report).toStrictEqual({ cause: Cause.IE_NOT_IMPLEMENTED, diagnostic: Uint8Array.of(0x7f) });
  });

  it("an IE known to the codec but not part of the message is skipped as unexpected", () => {
    const result = decodeMessage(withExtra("79 80 00 01 82"));
    expect(result.ok && result.skipped[0]?.reason).toBe("unexpected");
    expect(result.ok && result.report?.cause).toBe(99);
  });

  it("explicit 'discard IE and proceed' (001): skipped silently", () => {
    const result = decodeMessage(withExtra("7F 91 00 00"));
    expect(result.ok && result.skipped.length).toBe(1);
    expect(result.ok && result.report).toBeUndefined();
  });

  it("explicit 'discard IE, proceed and report' (010) and reserved actions (011, 100, 111): report 99", () => {
    for (const octet of ["92", "93", "94", "97"]) {
      const result = decodeMessage(withExtra(`7F ${octet} 00 00`));
      expect(result.ok && result.report?.cause).toBe(99);
    }
  });

  it("explicit 'clear call' (000): `unrecognized-ie`, cause 99, disposition clear, at the IE", () => {
    expect(errorOf(decodeMessage(withExtra("7F 90 00 00")))).toMatchObject({
      code: DecodeErrorCode.UNRECOGNIZED_IE,
      offset: extraAt,
      disposition: "clear",
      cause: 99,
      diagnostic: Uint8Array.of(0x7f),
    });
  });

  it("explicit 'discard message and ignore' (101): dropped silently, no cause", () => {
    const error = errorOf(decodeMessage(withExtra("7F 95 00 00")));
    expect(error).toMatchObject({ code: DecodeErrorCode.UNRECOGNIZED_IE, disposition: "ignore" });
    expect(error.cause).toBeUndefined();
  });

  it("explicit 'discard message and report' (110): cause 99, disposition report", () => {
    expect(errorOf(decodeMessage(withExtra("7F 96 00 00")))).toMatchObject({
      disposition: "report",
      cause: 99,
    });
  });

  it("clear outranks discard-and-report, which outranks discard-and-ignore", () => {
    expect(errorOf(decodeMessage(withExtra("7E 95 00 00", "7D 96 00 00", "7F 90 00 00"))).disposition).toBe(
      "clear",
    );
    expect(errorOf(decodeMessage(withExtra("7E 95 00 00", "7D 96 00 00"))).disposition).toBe("report");
  });

  it("a malformed optional IE is skipped and reported with cause 100 (regular handling)", () => {
    // Endpoint reference of unknown type 7.
    const result = decodeMessage(withExtra("54 80 00 03 07 00 01"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.message.type === "SETUP" && result.message.ies.endpointReference).toBeUndefined();
    expect(result.skipped[0]).toMatchObject({ id: 0x54, reason: "content-error", offset: extraAt });
    expect(result.report).toStrictEqual({ cause: 100, diagnostic: Uint8Array.of(0x54) });
  });

  it("content errors are reported before unrecognized IEs (cause 100 over 99)", () => {
    const result = decodeMessage(withExtra("7F 80 00 00", "54 80 00 03 07 00 01"));
    expect(result.ok && result.report?.cause).toBe(100);
  });

  it("a malformed optional IE asking to clear the call is `invalid-ie-contents`, cause 100, clear", () => {
    expect(errorOf(decodeMessage(withExtra("54 90 00 03 07 00 01")))).toMatchObject({
      code: DecodeErrorCode.INVALID_IE_CONTENTS,
      disposition: "clear",
      cause: 100,
      diagnostic: Uint8Array.of(0x54),
    });
  });

  it("a repeated non-repeatable IE: the first instance counts, the rest are skipped silently", () => {
    const result = decodeMessage(withExtra("5C 80 00 02 01 01"));
    expect(result.ok).toBe(true);
    if (!result.ok || result.message.type !== "SETUP") return;
    expect(result.message.ies.qos).toStrictEqual({ forwardClass: 0, backwardClass: 0 });
    expect(result.skipped).toMatchObject([{ id: 0x5c, reason: "repeated" }]);
    expect(result.report).toBeUndefined();
  });

  it("a fourth BLLI is skipped as repeated; three are kept in order", () => {
    const blli = ["5F 80 00 01 CC", "5F 80 00 01 E9", "5F 80 00 03 6B 66 80", "5F 80 00 01 CC"];
    const result = decodeMessage(withExtra(...blli));
    if (!result.ok || result.message.type !== "SETUP") throw new Error("expected a SETUP");
    expect(result.message.ies.blli?.map((b) => b.layer2?.protocol ?? b.layer3?.protocol)).toStrictEqual([
      0x0c, 0x09, 0x0b,
    ]);
    expect(result.skipped).toMatchObject([{ reason: "repeated" }]);
  });

  it("a non-normal IE instruction on a valid IE is kept in the typed value", () => {
    const result = decodeMessage(frame({ type: MessageType.STATUS_ENQUIRY }, "54 A5 00 03 00 00 09"));
    expect(result.ok && result.message.ies).toStrictEqual({
      endpointReference: {
        value: 9,
        flag: false,
        instruction: { codingStandard: 1, flag: false, action: 5 },
      },
    });
  });
});

describe("decoding is independent of order and of the caller's buffer", () => {
  it("IEs in any order decode to the same message", () => {
    const reversed = frame({ type: SETUP }, ...setupIes().reverse());
    const a = decodeMessage(validSetup);
    const b = decodeMessage(reversed);
    expect(b).toStrictEqual(a);
  });

  it("decoded octet strings are copies: changing the frame afterwards changes nothing", () => {
    const bytes = validSetup.slice();
    const result = decodeMessage(bytes);
    if (!result.ok || result.message.type !== "SETUP") throw new Error("expected a SETUP");
    const number = result.message.ies.calledPartyNumber;
    bytes.fill(0);
    expect(number.plan === 2 && number.address[0]).toBe(0x39);
  });

  it("a frame that is a view into a larger buffer decodes like a copy", () => {
    const big = new Uint8Array(validSetup.length + 10);
    big.set(validSetup, 5);
    expect(decodeMessage(big.subarray(5, 5 + validSetup.length))).toStrictEqual(decodeMessage(validSetup));
  });

  it("a message compatibility instruction other than 0x80 is kept and re-encoded", () => {
    const bytes = frame({ type: MessageType.CONNECT_ACKNOWLEDGE, compatibility: 0x92 });
    const result = decodeMessage(bytes);
    expect(result.ok && result.message.compatibility).toStrictEqual({ flag: true, action: 2 });
    if (!result.ok) return;
    const again = encodeMessage(result.message);
    expect(again.ok && again.bytes).toStrictEqual(bytes);
  });

  it("decodes a frame given as hex in the reference's own notation", () => {
    expect(decodeMessage(fromHex("09 03 00 00 01 0F 80 00 00")).ok).toBe(true);
  });
});
