/**
 * External check (issue 4 item 6) over random traffic: a few hundred random valid Q.2931 messages, each
 * carried in an SSCOP SD, and a few hundred random SSCOP PDUs of every other type, written as SunATM
 * pcaps and read back by tshark 4.0. Every frame must decode as the message we sent, and no frame may
 * match the acceptance filter (malformed, or an error-level expert item).
 *
 * Two kinds of valid messages are adjusted, because tshark 4.0 misreads them (a tshark 4.0 finding):
 * - a message that must end with an IE tshark reads past (the encoder cannot move a safe IE behind it,
 *   e.g. a CONNECT whose only IE is AAL parameters) is left out: `encodeMessage(m, { requireSafeEnding })`
 *   rejects it. The test counts them and checks that tshark does misread them;
 * - a Cause 22 "number changed" with diagnostics: tshark parses the diagnostic as a nested IE (Q.2931:
 *   the new called party number IE), so random diagnostic octets make it throw even in the middle of a
 *   message. The test replaces such a diagnostic with a complete encoded Called party number IE, which
 *   is what the standard puts there and which tshark decodes cleanly, also as the last IE.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeIe } from "../../src/signaling/q2931/ie-registry.ts";
import {
  type CalledPartyNumber,
  Cause,
  type CauseIe,
  encodeMessage,
  type IeCommon,
  MESSAGE_NAMES,
  type MessageName,
  type Q2931Message,
} from "../../src/signaling/q2931/index.ts";
import { encodePdu, type Pdu, PduType, type PduTypeName } from "../../src/signaling/sscop/index.ts";
import { PcapWriter } from "../../src/trace/pcap.ts";
import { type AtmDirection, signallingFrame } from "../../src/trace/sunatm.ts";
import {
  ACCEPTANCE_FILTER,
  ExpertSeverity,
  framesMatching,
  requireTshark,
  TOLERATED_WARNINGS,
  TsharkFields,
  type TsharkFrame,
  tsharkFrames,
  tsharkVerbose,
} from "../support/tshark.ts";
import { arbCalledPartyNumber, arbMessage } from "./q2931/arbitraries.ts";
import { pduArbs, seqArb } from "./sscop/arbitraries.ts";

/** Messages and PDUs per capture: enough to draw every message type and IE variant many times. */
const RUNS = 400;

/** Message type code by name, as tshark prints `q2931.message_type` ("0x05"). */
const CODE_OF = Object.fromEntries(
  Object.entries(MESSAGE_NAMES).map(([code, name]) => [
    name,
    `0x${Number(code).toString(16).padStart(2, "0")}`,
  ]),
) as Record<MessageName, string>;

/**
 * tshark 4.0's Info column for a message: its name, or "Unknown message type (0x88)" for the Q.2963.1
 * modification messages, which its Q.2931 dissector does not know (it still dissects their IEs).
 */
function tsharkInfo(name: MessageName): string {
  const code = CODE_OF[name];
  return Number(code) >= 0x88 && Number(code) <= 0x8b
    ? `Unknown message type (0x${code.slice(2).toUpperCase()})`
    : name;
}

const hexType = (name: PduTypeName) => `0x${PduType[name].toString(16).padStart(2, "0")}`;

/** Cause IEs of any message, for the Cause-22 repair. */
function withCauses(message: Q2931Message, fix: (cause: CauseIe) => CauseIe): Q2931Message {
  const ies = message.ies as Readonly<Record<string, unknown>>;
  const cause = ies.cause as CauseIe | readonly CauseIe[] | undefined;
  if (cause === undefined) return message;
  const fixed = Array.isArray(cause) ? cause.map(fix) : fix(cause as CauseIe);
  return { ...message, ies: { ...ies, cause: fixed } } as Q2931Message;
}

/**
 * Causes whose diagnostics tshark 4.0 reads past (§1 finding 6); drawn often, because a uniform cause
 * value would almost never hit them.
 */
const OVERREADING_CAUSES = [22, 37, 43, 88, 96, 99, 100] as const;

/**
 * A random message; one time in three its causes take an over-reading value with diagnostics. Every
 * Cause 22 diagnostic is then made a complete Called party number IE (see the file comment).
 */
const arbTsharkMessage = fc
  .tuple(
    arbMessage,
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom(...OVERREADING_CAUSES) },
    ),
    fc.uint8Array({ minLength: 1, maxLength: 8 }),
    arbCalledPartyNumber,
  )
  .map(([message, tricky, diagnostic, newNumber]) =>
    withCauses(message, (cause) => {
      const drawn: CauseIe =
        tricky === undefined
          ? cause
          : { ...cause, value: tricky, diagnostic: cause.diagnostic ?? diagnostic };
      if (drawn.value !== Cause.NUMBER_CHANGED || drawn.diagnostic === undefined) return drawn;
      const encoded = encodeIe("calledPartyNumber", newNumber as CalledPartyNumber);
      if (!encoded.ok) throw new Error(encoded.error.reason);
      return { ...drawn, diagnostic: encoded.bytes };
    }),
  );

const arbDirection = fc.constantFrom<AtmDirection>("userToNetwork", "networkToUser");

interface LastIe {
  readonly id: number;
  readonly codingStandard: number;
  readonly contents: Uint8Array;
}

/** The last IE of an encoded message (walks the IE headers after the 9-octet message header). */
function lastIe(bytes: Uint8Array): LastIe {
  let offset = 9;
  let last: LastIe | undefined;
  while (offset + 4 <= bytes.length) {
    const length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
    last = {
      id: bytes[offset] ?? 0,
      codingStandard: ((bytes[offset + 1] ?? 0) >> 5) & 3,
      contents: bytes.slice(offset + 4, offset + 4 + length),
    };
    offset += 4 + length;
  }
  if (last === undefined) throw new Error("message without IEs");
  return last;
}

/**
 * Whether tshark 4.0 reads this last IE without running off the message: it decodes only ITU-coded IEs,
 * and a Cause 22 whose diagnostic is a complete IE is parsed exactly.
 */
function tsharkReadsCleanly(ie: LastIe): boolean {
  if (ie.codingStandard !== 0) return true;
  return ie.id === 0x08 && ((ie.contents[1] ?? 0) & 0x7f) === Cause.NUMBER_CHANGED && ie.contents[2] === 0x70;
}

interface SentMessage {
  readonly message: Q2931Message;
  readonly nS: number;
}

let messages: SentMessage[] = [];
let unsafeEndings = 0;
let unsafePcap: Uint8Array = new Uint8Array();
/** The last IE of each left-out message: identifier, coding standard, contents. */
let unsafeLastIes: LastIe[] = [];
let messagePcap: Uint8Array = new Uint8Array();
let messageFrames: TsharkFrame[] | undefined;
let pdus: Pdu[] = [];
let pduPcap: Uint8Array = new Uint8Array();

beforeAll(() => {
  requireTshark();
  // A seed whose draw has no display-only finding (see the warnings test below); drawing more message
  // types (Q.2963.1) moved the earlier seed 2931 onto addresses with a non-standard AFI.
  const drawn = fc.sample(fc.tuple(arbTsharkMessage, seqArb, arbDirection), { numRuns: RUNS, seed: 5 });
  const writer = new PcapWriter();
  const unsafeWriter = new PcapWriter();
  messages = [];
  unsafeEndings = 0;
  unsafeLastIes = [];
  for (const [message, nS, direction] of drawn) {
    const encoded = encodeMessage(message, { requireSafeEnding: true });
    if (!encoded.ok) {
      expect(encoded.error.code).toBe("unsafe-ending");
      // Still valid Q.2931: the default encoding is kept aside to show that tshark does misread it.
      const anyway = encodeMessage(message);
      if (!anyway.ok) throw new Error(anyway.error.reason);
      const sd = encodePdu({ type: "SD", nS, data: anyway.bytes });
      unsafeLastIes.push(lastIe(anyway.bytes));
      unsafeWriter.addFrame(signallingFrame(BigInt(++unsafeEndings) * 1_000_000n, direction, sd));
      continue;
    }
    const sd = encodePdu({ type: "SD", nS, data: encoded.bytes });
    writer.addFrame(signallingFrame(BigInt(messages.length + 1) * 1_000_000n, direction, sd));
    messages.push({ message, nS });
  }
  messagePcap = writer.bytes();
  unsafePcap = unsafeWriter.bytes();

  // SD is covered above (its payload must be a Q.2931 message, as tshark hands it to the Q.2931 dissector).
  const others = (Object.keys(pduArbs) as PduTypeName[]).filter((t) => t !== "SD");
  const drawnPdus = fc.sample(
    fc.tuple(fc.oneof(...others.map((t) => pduArbs[t] as fc.Arbitrary<Pdu>)), arbDirection),
    {
      numRuns: RUNS,
      seed: 2110,
    },
  );
  const pduWriter = new PcapWriter();
  pdus = drawnPdus.map(([pdu]) => pdu);
  for (const [i, [pdu, direction]] of drawnPdus.entries()) {
    pduWriter.addFrame(signallingFrame(BigInt(i + 1) * 1_000_000n, direction, encodePdu(pdu)));
  }
  pduPcap = pduWriter.bytes();
});

/** tshark's dissection of the message capture, run once for the tests that read it. */
function dissectedMessages(): TsharkFrame[] {
  messageFrames ??= tsharkFrames(messagePcap, [...TsharkFields.sscop, "q2931.message_type"]);
  return messageFrames;
}

describe("tshark 4.0 over random SD-carried Q.2931 messages", () => {
  it("draws every message type, and leaves out only the few that must end in an over-read IE", () => {
    expect(new Set(messages.map((m) => m.message.type))).toEqual(new Set(Object.values(MESSAGE_NAMES)));
    expect(messages.length + unsafeEndings).toBe(RUNS);
    expect(unsafeEndings).toBeGreaterThan(0);
    expect(unsafeEndings).toBeLessThan(RUNS / 10);
  });

  it("sees the left-out messages as malformed, except where their last IE is one tshark does not over-read", () => {
    // The encoder's unsafe-ending rule is conservative: it also flags a last IE with a non-ITU coding
    // standard (tshark shows it as raw data) and a Cause 22 whose diagnostic is a complete IE.
    const malformed = framesMatching(unsafePcap, ACCEPTANCE_FILTER);
    const expected = unsafeLastIes.flatMap((ie, i) => (tsharkReadsCleanly(ie) ? [] : [i + 1]));
    expect(malformed).toEqual(expected);
    expect(malformed.length).toBeGreaterThan(0);
  });

  it("decodes every frame as SSCOP SD → Q.2931 with the message type and N(S) we sent", () => {
    const frames = dissectedMessages();
    expect(frames).toHaveLength(messages.length);
    const seen = frames.map((f) => [
      f.protocols.join(":"),
      f.fields["sscop.type"],
      f.fields["sscop.s"],
      f.fields["q2931.message_type"],
      f.info,
    ]);
    const sent = messages.map(({ message, nS }) => [
      "atm:sscop:q2931",
      ["0x08"],
      [String(nS)],
      [CODE_OF[message.type]],
      tsharkInfo(message.type),
    ]);
    expect(seen).toEqual(sent);
  });

  it("matches nothing with the acceptance filter (no malformed frame, no error-level expert item)", () => {
    const bad = framesMatching(messagePcap, ACCEPTANCE_FILTER);
    expect(bad, tsharkVerbose(messagePcap, bad.slice(0, 5))).toEqual([]);
  });
});

/**
 * tshark 4.0 parses the Broadband sending complete IE with the same `while (len >= 0)` loop as AAL
 * parameters and the traffic descriptor (a tshark 4.0 finding), so every valid sending complete
 * IE that is not last draws this warning too. (Hence the encoder never puts it last.)
 */
const SENDING_COMPLETE_WARNING = "Unknown broadband sending complete element";

describe("tshark 4.0 warnings on random messages", () => {
  it("are only the two tolerated ones, and the sending-complete one exactly where that IE is present", () => {
    // With this fixed seed; another seed may also draw a non-standard AFI ("Unknown AFI") or a transit
    // network id with control characters ("Trailing stray characters"), both display findings.
    const frames = dissectedMessages();
    const tolerated: readonly string[] = TOLERATED_WARNINGS;
    const other = frames.flatMap((f) =>
      f.expert
        .filter((e) => e.severity !== ExpertSeverity.warning || !tolerated.includes(e.message))
        .map((e) => [f.number, e.message]),
    );
    // tshark decodes the contents of ITU-coded IEs only (Q.2931 / ATM Forum UNI 3.1).
    const itu = (ie: IeCommon | undefined) => ie !== undefined && (ie.instruction?.codingStandard ?? 0) === 0;
    const withSendingComplete = messages.flatMap(({ message }, i) =>
      "sendingComplete" in message.ies && itu(message.ies.sendingComplete)
        ? [[i + 1, SENDING_COMPLETE_WARNING]]
        : [],
    );
    expect(withSendingComplete.length).toBeGreaterThan(0);
    expect(other).toEqual(withSendingComplete);
  });
});

describe("tshark 4.0 over random SSCOP PDUs", () => {
  it("decodes every frame as the SSCOP PDU type we sent, with no expert item at all", () => {
    const frames = tsharkFrames(pduPcap, ["sscop.type"]);
    expect(frames.map((f) => [f.protocols.join(":"), f.fields["sscop.type"]])).toEqual(
      pdus.map((p) => ["atm:sscop", [hexType(p.type)]]),
    );
    const noisy = frames.filter((f) => f.malformed || f.expert.length > 0).map((f) => f.number);
    expect(noisy, tsharkVerbose(pduPcap, noisy.slice(0, 5))).toEqual([]);
    expect(new Set(pdus.map((p) => p.type)).size).toBe(14);
  });
});
