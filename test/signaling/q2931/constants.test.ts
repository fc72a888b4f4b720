/** Code-point tables and their name lookups, and the cause diagnostic builders. */
import { describe, expect, it } from "vitest";
import { IE_CODECS } from "../../../src/signaling/q2931/ie-registry.ts";
import {
  CallState,
  Cause,
  callStateName,
  causeName,
  causeOverreads,
  diagnosticFromIeIds,
  diagnosticFromMessageType,
  diagnosticFromTimer,
  EndpointState,
  endpointStateName,
  IeId,
  ieName,
  MESSAGE_NAMES,
  MessageType,
  messageTypeName,
} from "../../../src/signaling/q2931/index.ts";
import { MESSAGE_BY_CODE } from "../../../src/signaling/q2931/message-table.ts";

describe("code points", () => {
  it("message types are the Q.2931 / ATM Forum UNI 3.1 values, each with its standard name and a descriptor", () => {
    expect(MessageType).toMatchObject({ SETUP: 0x05, RELEASE_COMPLETE: 0x5a, ADD_PARTY: 0x80, STATUS: 0x7d });
    for (const [key, code] of Object.entries(MessageType)) {
      expect(messageTypeName(code)).toBe(key.replaceAll("_", " "));
      expect(MESSAGE_BY_CODE.get(code)?.name).toBe(MESSAGE_NAMES[code]);
    }
    expect(messageTypeName(0x6e)).toBe("NOTIFY");
    expect(messageTypeName(0x42)).toBe("unknown message type 0x42");
  });

  it("every implemented IE has a codec under its §2.4 identifier and a printable name", () => {
    const codecIds = Object.values(IE_CODECS).map((c) => c.id);
    expect(new Set(codecIds)).toStrictEqual(new Set(Object.values(IeId)));
    for (const id of Object.values(IeId)) expect(ieName(id)).not.toMatch(/unknown/);
    expect(ieName(IeId.AAL_PARAMETERS)).toBe("AAL parameters");
    expect(ieName(0x01)).toBe("unknown IE 0x01");
  });

  it("cause values and names follow §2.7", () => {
    expect(Cause).toMatchObject({
      NORMAL_CALL_CLEARING: 16,
      MANDATORY_IE_MISSING: 96,
      INVALID_IE_CONTENTS: 100,
    });
    expect(causeName(16)).toBe("normal call clearing");
    expect(causeName(102)).toBe("recovery on timer expiry");
    expect(causeName(5)).toBe("unknown cause 5");
    for (const value of Object.values(Cause)) expect(causeName(value)).not.toMatch(/unknown cause/);
  });

  it("call and endpoint states print by name", () => {
    expect(callStateName(CallState.ACTIVE)).toBe("ACTIVE");
    expect(callStateName(0x3d)).toBe("RESTART_REQUEST");
    expect(callStateName(0x2a)).toBe("unknown call state 0x2a");
    expect(endpointStateName(EndpointState.DROP_PARTY_RECEIVED)).toBe("DROP_PARTY_RECEIVED");
  });
});

describe("cause diagnostics", () => {
  it("builds IE-identifier, message-type and timer diagnostics", () => {
    expect(diagnosticFromIeIds([0x5c, 0x70])).toStrictEqual(Uint8Array.of(0x5c, 0x70));
    expect(diagnosticFromMessageType(MessageType.CONNECT)).toStrictEqual(Uint8Array.of(0x07));
    expect(diagnosticFromTimer("303")).toStrictEqual(Uint8Array.of(0x33, 0x30, 0x33));
  });

  it("knows which causes tshark 4.0 over-reads when they carry diagnostics (§1 finding 6)", () => {
    for (const value of [22, 37, 43, 88, 96, 99, 100]) {
      expect(causeOverreads(value, 1)).toBe(true);
      expect(causeOverreads(value, 0)).toBe(false);
    }
    for (const value of [1, 16, 21, 30, 81, 97, 101, 102]) expect(causeOverreads(value, 3)).toBe(false);
  });
});
