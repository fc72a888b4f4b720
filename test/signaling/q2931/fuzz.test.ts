/**
 * Decoder fuzzing: random frames and mutations of valid encodings (bit flips, byte changes, truncation,
 * insertion, deletion, duplicated ranges, spliced IEs, with and without a repaired length field). The
 * decoder must never throw, and every result must be a well-formed success or a well-formed error.
 *
 * CONDIS_FUZZ_RUNS sets the number of inputs (default 100000), CONDIS_FUZZ_SEED the seed (default 0x2931);
 * CONDIS_FUZZ_STATS=1 prints how often each outcome occurred.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../../src/sched/random.ts";
import {
  DecodeErrorCode,
  type DecodeResult,
  decodeMessage,
  encodeMessage,
  MESSAGE_NAMES,
  MessageType,
} from "../../../src/signaling/q2931/index.ts";
import { arbMessage } from "./arbitraries.ts";
import { frame, setupIes } from "./frames.ts";

const RUNS = Number.parseInt(process.env.CONDIS_FUZZ_RUNS ?? "100000", 10);
const SEED = Number.parseInt(process.env.CONDIS_FUZZ_SEED ?? String(0x2931), 10);

const NAMES: ReadonlySet<string> = new Set(Object.values(MESSAGE_NAMES));
const CODES: ReadonlySet<string> = new Set(Object.values(DecodeErrorCode));
const DISPOSITIONS: ReadonlySet<string> = new Set(["ignore", "report", "clear"]);
const TYPES: readonly number[] = [...Object.values(MessageType), 0x6e, 0x85, 0x00, 0xff];

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** Throws with a replayable description unless `result` is a well-formed decode result for `input`. */
function checkResult(input: Uint8Array, result: DecodeResult): void {
  const fail = (why: string): never => {
    throw new Error(`${why}; input ${hex(input)}`);
  };
  if (result.ok) {
    if (!NAMES.has(result.message.type)) fail(`unknown message type ${result.message.type}`);
    for (const s of result.skipped) {
      if (!Number.isInteger(s.offset) || s.offset < 9 || s.offset >= input.length) fail("bad skipped offset");
    }
    if (result.report && result.report.cause !== 99 && result.report.cause !== 100) fail("bad report cause");
    // Whatever the decoder accepts, the encoder can write back, canonically.
    const again = encodeMessage(result.message);
    if (!again.ok)
      throw new Error(`accepted message does not re-encode: ${again.error.reason}; input ${hex(input)}`);
    const redecoded = decodeMessage(again.bytes);
    if (!redecoded.ok)
      throw new Error(`re-encoded message does not decode: ${redecoded.error.reason}; input ${hex(input)}`);
    const third = encodeMessage(redecoded.message);
    if (!third.ok || Buffer.compare(third.bytes, again.bytes) !== 0) fail("re-encoding is not canonical");
    return;
  }
  const e = result.error;
  if (!CODES.has(e.code)) fail(`unknown error code ${e.code}`);
  if (!Number.isInteger(e.offset) || e.offset < 0 || e.offset > input.length) fail(`bad offset ${e.offset}`);
  if (typeof e.reason !== "string" || e.reason.length === 0) fail("empty reason");
  if (!DISPOSITIONS.has(e.disposition)) fail(`bad disposition ${e.disposition}`);
  if (e.cause !== undefined && (!Number.isInteger(e.cause) || e.cause < 1 || e.cause > 127))
    fail("bad cause");
  if ((e.cause === undefined) !== (e.disposition === "ignore"))
    fail("a cause exactly when the message is answered");
  if (e.diagnostic !== undefined && (!(e.diagnostic instanceof Uint8Array) || e.diagnostic.length > 28)) {
    fail("bad diagnostic");
  }
}

// Valid frames to mutate: generated messages of every type plus hand-built ones.
function corpus(): Uint8Array[] {
  const out: Uint8Array[] = [frame({ type: MessageType.SETUP }, ...setupIes())];
  for (const message of fc.sample(arbMessage, { numRuns: 400, seed: SEED })) {
    const encoded = encodeMessage(message);
    if (encoded.ok) out.push(encoded.bytes);
  }
  return out;
}

function randomBytes(rng: SeededRandom, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => rng.below(256));
}

function splice(a: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array<ArrayBuffer> {
  const start = Math.min(at, a.length);
  const tail = a.subarray(Math.min(a.length, start + remove));
  const out = new Uint8Array(start + insert.length + tail.length);
  out.set(a.subarray(0, start));
  out.set(insert, start);
  out.set(tail, start + insert.length);
  return out;
}

function mutate(rng: SeededRandom, input: Uint8Array, pool: readonly Uint8Array[]): Uint8Array {
  let b = input.slice();
  const steps = 1 + rng.below(4);
  for (let s = 0; s < steps; s++) {
    // Mostly aim past the header, where the IE decoders are.
    const at =
      b.length > 9 && rng.below(5) !== 0
        ? 9 + rng.below(b.length - 9)
        : b.length === 0
          ? 0
          : rng.below(b.length);
    switch (rng.below(7)) {
      case 0:
        if (b.length > 0) b[at] = (b[at] ?? 0) ^ (1 << rng.below(8));
        break;
      case 1:
        if (b.length > 0) b[at] = rng.below(256);
        break;
      case 2:
        b = b.slice(0, at);
        break;
      case 3:
        b = splice(b, at, 0, randomBytes(rng, 1 + rng.below(8)));
        break;
      case 4:
        b = splice(b, at, 1 + rng.below(8), new Uint8Array(0));
        break;
      case 5: {
        const from = b.length === 0 ? 0 : rng.below(b.length);
        b = splice(b, at, 0, b.slice(from, from + 1 + rng.below(24)));
        break;
      }
      default: {
        const other = pool[rng.below(pool.length)] ?? new Uint8Array(0);
        const from = 9 + rng.below(Math.max(1, other.length - 9));
        b = splice(b, Math.max(at, Math.min(9, b.length)), 0, other.slice(from, from + 4 + rng.below(24)));
      }
    }
  }
  // Usually repair the length field, so the mutation reaches the IE decoders instead of the framing check.
  if (b.length >= 9 && rng.below(4) !== 0) {
    b[7] = ((b.length - 9) >> 8) & 0xff;
    b[8] = (b.length - 9) & 0xff;
  }
  return b;
}

interface RawIe {
  id: number;
  compatibility: number;
  content: Uint8Array;
}

// Splits a valid frame into its header and IEs (the corpus is valid, so this cannot run off the end).
function parseIes(b: Uint8Array): RawIe[] {
  const ies: RawIe[] = [];
  let pos = 9;
  while (pos + 4 <= b.length) {
    const length = ((b[pos + 2] ?? 0) << 8) | (b[pos + 3] ?? 0);
    ies.push({
      id: b[pos] ?? 0,
      compatibility: b[pos + 1] ?? 0,
      content: b.slice(pos + 4, pos + 4 + length),
    });
    pos += 4 + length;
  }
  return ies;
}

function buildFrame(header: Uint8Array, ies: readonly RawIe[]): Uint8Array {
  const body = ies.flatMap((ie) => [
    ie.id,
    ie.compatibility,
    ie.content.length >> 8,
    ie.content.length & 0xff,
    ...ie.content,
  ]);
  const out = Uint8Array.of(...header.subarray(0, 9), ...body);
  out[7] = (body.length >> 8) & 0xff;
  out[8] = body.length & 0xff;
  return out;
}

const IE_IDS: readonly number[] = [
  0x08, 0x14, 0x54, 0x55, 0x58, 0x59, 0x5a, 0x5c, 0x5d, 0x5e, 0x5f, 0x62, 0x63, 0x6c, 0x6d, 0x70, 0x71, 0x78,
  0x79,
];

// Structure-aware mutation: IE boundaries and all lengths stay consistent, so every input reaches the IE layer.
function mutateIes(rng: SeededRandom, input: Uint8Array): Uint8Array {
  const ies = parseIes(input);
  const steps = 1 + rng.below(3);
  for (let s = 0; s < steps; s++) {
    const i = rng.below(Math.max(1, ies.length));
    const ie = ies[i];
    switch (rng.below(8)) {
      case 0:
      case 1: {
        if (ie === undefined) break;
        const c = ie.content.slice();
        if (c.length > 0)
          c[rng.below(c.length)] = rng.below(4) === 0 ? rng.below(256) : (c[0] ?? 0) ^ (1 << rng.below(8));
        ie.content = rng.below(3) === 0 ? c.slice(0, rng.below(c.length + 1)) : c;
        break;
      }
      case 2:
        if (ie) ie.content = Uint8Array.of(...ie.content, ...randomBytes(rng, 1 + rng.below(4)));
        break;
      case 3:
        if (ie) ie.compatibility = rng.below(256);
        break;
      case 4:
        if (ie) ie.id = rng.below(2) === 0 ? (IE_IDS[rng.below(IE_IDS.length)] ?? 0) : rng.below(256);
        break;
      case 5:
        ies.splice(i, 1);
        break;
      case 6:
        if (ie) ies.splice(rng.below(ies.length + 1), 0, { ...ie });
        break;
      default:
        ies.splice(rng.below(ies.length + 1), 0, {
          id: IE_IDS[rng.below(IE_IDS.length)] ?? 0,
          compatibility: rng.below(2) === 0 ? 0x80 : rng.below(256),
          content: randomBytes(rng, rng.below(12)),
        });
    }
  }
  return buildFrame(input, ies);
}

function randomFrame(rng: SeededRandom): Uint8Array {
  const body = randomBytes(rng, rng.below(64));
  if (rng.below(2) === 0) return body;
  // A valid header around random IE octets.
  const type = TYPES[rng.below(TYPES.length)] ?? 0;
  const head = Uint8Array.of(0x09, 0x03, rng.below(256), rng.below(256), rng.below(256), type, 0x80, 0, 0);
  const out = Uint8Array.of(...head, ...body);
  out[7] = body.length >> 8;
  out[8] = body.length & 0xff;
  return out;
}

describe("decoder fuzz", () => {
  it(`${RUNS} random and mutated frames (seed ${SEED}): never throws, results well-formed`, () => {
    const rng = new SeededRandom(SEED);
    const pool = corpus();
    const seen = new Map<string, number>();
    for (let i = 0; i < RUNS; i++) {
      const base = pool[rng.below(pool.length)] ?? new Uint8Array(0);
      const kind = rng.below(10);
      const input = kind < 2 ? randomFrame(rng) : kind < 6 ? mutate(rng, base, pool) : mutateIes(rng, base);
      let result: DecodeResult;
      try {
        result = decodeMessage(input);
      } catch (thrown) {
        throw new Error(
          `decodeMessage threw on ${Buffer.from(input).toString("hex")} (run ${i}, seed ${SEED})`,
          {
            cause: thrown,
          },
        );
      }
      checkResult(input, result);
      const outcome = result.ok ? (result.skipped.length > 0 ? "ok-skipped" : "ok") : result.error.code;
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
    }
    if (process.env.CONDIS_FUZZ_STATS) console.log(JSON.stringify([...seen]));
    // The mix reaches every layer of the decoder, not just the framing checks.
    if (RUNS >= 10_000) {
      for (const outcome of ["ok", "ok-skipped", ...CODES]) expect(seen.get(outcome) ?? 0).toBeGreaterThan(0);
    }
  });

  it("property: arbitrary octets never make the decoder throw", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        checkResult(bytes, decodeMessage(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it("property: a valid frame with one octet changed never makes the decoder throw", () => {
    fc.assert(
      fc.property(arbMessage, fc.nat(), fc.integer({ min: 0, max: 255 }), (message, where, octet) => {
        const encoded = encodeMessage(message);
        if (!encoded.ok) throw new Error(encoded.error.reason);
        const bytes = encoded.bytes.slice();
        bytes[where % bytes.length] = octet;
        checkResult(bytes, decodeMessage(bytes));
      }),
      { numRuns: 2000 },
    );
  });
});
