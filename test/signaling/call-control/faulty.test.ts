/**
 * Faulty messages (Q.2931 call control): frames that fail to decode after their header are answered
 * with the cause the decoder prescribes (96, 97, 99, 100), or clear the call, or are ignored.
 */
import { describe, expect, it } from "vitest";
import { newInterface, stepInterface } from "../../../src/signaling/call-control/index.ts";
import { MessageType } from "../../../src/signaling/q2931/index.ts";
import { frame, setupIes } from "../q2931/frames.ts";
import {
  frameInput,
  indicatedBy,
  interfaceWith,
  msg,
  OUT,
  ourRef,
  sentBy,
  USER,
  userIncoming,
  userInState,
} from "./helpers.ts";

const CAUSE_16 = "08 80 00 02 80 90";
const BAD_CAUSE = "08 80 00 02 00 90"; // octet 5 without its extension bit
const STATE_10 = "14 80 00 01 0A";
/** A frame the network sends on our outgoing call m7 (flag 1). */
const onOut = (type: number, ...ies: string[]) =>
  frame({ type, callReference: OUT.value, flag: true }, ...ies);

describe("faulty messages on a known call", () => {
  it("STATUS without its Call state IE → STATUS cause 96 naming the IE, state unchanged", () => {
    const iface = interfaceWith(userInState(10));
    const s = stepInterface(iface, frameInput(onOut(MessageType.STATUS, CAUSE_16)));
    expect(sentBy(s)).toEqual([
      msg("STATUS", ourRef(OUT), {
        cause: { location: 0, value: 96, diagnostic: Uint8Array.of(0x14) },
        callState: { state: 10 },
      }),
    ]);
    expect(s.state.calls).toEqual(iface.calls);
    expect(indicatedBy(s)).toEqual(["error.indication"]);
  });

  it("STATUS with a malformed mandatory Cause → STATUS cause 100 naming the IE", () => {
    const s = stepInterface(
      interfaceWith(userInState(10)),
      frameInput(onOut(MessageType.STATUS, BAD_CAUSE, STATE_10)),
    );
    expect(sentBy(s)).toEqual([
      msg("STATUS", ourRef(OUT), {
        cause: { location: 0, value: 100, diagnostic: Uint8Array.of(0x08) },
        callState: { state: 10 },
      }),
    ]);
  });

  it("RELEASE without a Cause still clears: RELEASE COMPLETE with cause 96, the user hears cause 31", () => {
    // A Cause 96/99/100 that ends the message goes without its diagnostic (a tshark 4.0 finding).
    const s = stepInterface(interfaceWith(userInState(10)), frameInput(onOut(MessageType.RELEASE)));
    expect(sentBy(s)).toEqual([
      msg("RELEASE COMPLETE", ourRef(OUT), { cause: [{ location: 0, value: 96 }] }),
    ]);
    expect(s.state.calls.size).toBe(0);
    expect(s.effects).toContainEqual({
      kind: "indication",
      call: OUT,
      indication: { name: "release.indication", cause: [{ location: 0, value: 31 }] },
    });
  });

  it("RELEASE COMPLETE with a malformed Cause ends the call", () => {
    const s = stepInterface(
      interfaceWith(userInState(10)),
      frameInput(onOut(MessageType.RELEASE_COMPLETE, BAD_CAUSE)),
    );
    expect(s.state.calls.size).toBe(0);
    expect(sentBy(s)).toEqual([]);
    expect(indicatedBy(s)).toContain("release.confirm");
  });

  it("an unknown message type → STATUS cause 97 with the type; with action 'clear' → RELEASE 97; 'ignore' → nothing", () => {
    const iface = interfaceWith(userInState(10));
    const report = stepInterface(iface, frameInput(onOut(0x6e)));
    expect(sentBy(report)).toEqual([
      msg("STATUS", ourRef(OUT), {
        cause: { location: 0, value: 97, diagnostic: Uint8Array.of(0x6e) },
        callState: { state: 10 },
      }),
    ]);
    const clear = stepInterface(
      iface,
      frameInput(frame({ type: 0x6e, callReference: 7, flag: true, compatibility: 0x90 })),
    );
    expect(sentBy(clear)).toEqual([
      msg("RELEASE", ourRef(OUT), { cause: [{ location: 0, value: 97, diagnostic: Uint8Array.of(0x6e) }] }),
    ]);
    expect(clear.state.calls.get("m7")?.state).toBe(11);
    const ignore = stepInterface(
      iface,
      frameInput(frame({ type: 0x6e, callReference: 7, flag: true, compatibility: 0x91 })),
    );
    expect(sentBy(ignore)).toEqual([]);
    expect(ignore.state.calls).toEqual(iface.calls);
  });

  it("an IE whose action indicator says 'clear call' clears with cause 99", () => {
    const s = stepInterface(
      interfaceWith(userInState(10)),
      frameInput(onOut(MessageType.CONNECT_ACKNOWLEDGE, "7F 90 00 00")),
    );
    expect(sentBy(s)).toEqual([msg("RELEASE", ourRef(OUT), { cause: [{ location: 0, value: 99 }] })]);
  });

  it("a truncated frame is ignored", () => {
    const bytes = onOut(MessageType.STATUS, CAUSE_16, STATE_10).slice(0, 12);
    const iface = interfaceWith(userInState(10));
    const s = stepInterface(iface, frameInput(bytes));
    expect(sentBy(s)).toEqual([]);
    expect(s.state.calls).toEqual(iface.calls);
  });

  it("a message that decodes with an unrecognized IE is processed, then STATUS cause 99 reports the IE", () => {
    const call = userIncoming(8);
    const bytes = frame(
      { type: MessageType.CONNECT_ACKNOWLEDGE, callReference: call.key.value, flag: false },
      "7F 80 00 01 00",
    );
    const s = stepInterface(interfaceWith(call), frameInput(bytes));
    expect(s.state.calls.get("p9")?.state).toBe(10);
    expect(sentBy(s)).toEqual([
      msg(
        "STATUS",
        { value: 9, flag: true },
        {
          cause: { location: 0, value: 99, diagnostic: Uint8Array.of(0x7f) },
          callState: { state: 10 },
        },
      ),
    ]);
  });
});

describe("faulty messages for an unknown call reference", () => {
  const iface = newInterface(USER);

  it("SETUP without its Called party number → RELEASE COMPLETE cause 96, no call created", () => {
    const bytes = frame(
      { type: MessageType.SETUP, callReference: 4 },
      ...setupIes({ calledPartyNumber: "" }),
    );
    const s = stepInterface(iface, frameInput(bytes));
    expect(sentBy(s)).toEqual([
      msg(
        "RELEASE COMPLETE",
        { value: 4, flag: true },
        {
          cause: [{ location: 0, value: 96 }],
        },
      ),
    ]);
    expect(s.state.calls.size).toBe(0);
  });

  it("SETUP with a malformed mandatory QoS parameter → RELEASE COMPLETE cause 100", () => {
    const bytes = frame(
      { type: MessageType.SETUP, callReference: 4 },
      ...setupIes({ qos: "5C E0 00 01 00" }),
    );
    const s = stepInterface(iface, frameInput(bytes));
    expect(sentBy(s)).toEqual([
      msg(
        "RELEASE COMPLETE",
        { value: 4, flag: true },
        {
          cause: [{ location: 0, value: 100 }],
        },
      ),
    ]);
  });

  it("a faulty SETUP whose IE asks 'discard and report' → STATUS (Null) cause 99", () => {
    const bytes = frame({ type: MessageType.SETUP, callReference: 4 }, ...setupIes(), "7F 96 00 00");
    const s = stepInterface(iface, frameInput(bytes));
    expect(sentBy(s)).toEqual([
      msg(
        "STATUS",
        { value: 4, flag: true },
        {
          cause: { location: 0, value: 99, diagnostic: Uint8Array.of(0x7f) },
          callState: { state: 0 },
        },
      ),
    ]);
  });

  it("a faulty RELEASE for an unknown call → RELEASE COMPLETE cause 81; a faulty STATUS is dropped", () => {
    const release = stepInterface(iface, frameInput(frame({ type: MessageType.RELEASE, callReference: 4 })));
    expect(sentBy(release)).toEqual([
      msg("RELEASE COMPLETE", { value: 4, flag: true }, { cause: [{ location: 0, value: 81 }] }),
    ]);
    const status = stepInterface(
      iface,
      frameInput(frame({ type: MessageType.STATUS, callReference: 4 }, CAUSE_16)),
    );
    expect(sentBy(status)).toEqual([]);
  });
});
