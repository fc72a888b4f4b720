import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../../src/sched/random.ts";
import { decodePdu, encodePdu, SscopDecodeErrorCode } from "../../../src/signaling/sscop/codec.ts";
import { step } from "../../../src/signaling/sscop/machine.ts";
import type { SscopInput } from "../../../src/signaling/sscop/signals.ts";
import { initialSscopState, type SscopState } from "../../../src/signaling/sscop/state.ts";
import { pduArb } from "./arbitraries.ts";

const SEED = 0x55_c0_9f;

/** Inputs per decoder: CONDIS_FUZZ_RUNS, default 100 000 (CI); the long run sets more. */
function fuzzRuns(): number {
  const configured = Number(process.env.CONDIS_FUZZ_RUNS);
  return Number.isInteger(configured) && configured > 0 ? configured : 100_000;
}

function randomBytes(random: SeededRandom, maxLength: number): Uint8Array {
  // Word-aligned lengths half of the time, so that inputs get past the first length checks.
  let length = random.below(maxLength + 1);
  if (random.below(2) === 0) length -= length % 4;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = random.below(256);
  return out;
}

/** One mutation of a valid frame; trailer-directed more often, since SSCOP parses from the end. */
function mutate(random: SeededRandom, frame: Uint8Array): Uint8Array {
  const out = Uint8Array.from(frame);
  const last = out.length - 4;
  switch (random.below(8)) {
    case 0: // flip any bit
      if (out.length > 0) out[random.below(out.length)]! ^= 1 << random.below(8);
      return out;
    case 1: // flip a bit of the trailer
      if (last >= 0) out[last + random.below(4)]! ^= 1 << random.below(8);
      return out;
    case 2: // another type code
      if (last >= 0) out[last] = (out[last]! & 0xf0) | random.below(16);
      return out;
    case 3: // another PL / reserved / S
      if (last >= 0) out[last] = (out[last]! & 0x0f) | (random.below(16) << 4);
      return out;
    case 4: // truncate
      return out.subarray(0, random.below(out.length + 1));
    case 5: // prepend a word or some octets
      return Uint8Array.from([...randomBytes(random, 8), ...out]);
    case 6: // overwrite a control word with noise
      if (out.length >= 8) out[out.length - 8 + random.below(4)] = random.below(256);
      return out;
    default: // two mutations
      return mutate(random, mutate(random, out));
  }
}

describe("SSCOP decoder fuzz", () => {
  it(`survives ${fuzzRuns()} random and mutated frames without an exception`, () => {
    const runs = fuzzRuns();
    const random = new SeededRandom(SEED);
    const corpus = fc.sample(pduArb, { numRuns: 500, seed: SEED }).map(encodePdu);
    const codes = new Map<string, number>();
    let accepted = 0;
    for (let i = 0; i < runs; i++) {
      const input =
        i % 4 === 0
          ? randomBytes(random, 40)
          : mutate(random, corpus[random.below(corpus.length)] ?? new Uint8Array());
      let result: ReturnType<typeof decodePdu>;
      try {
        result = decodePdu(input);
      } catch (error) {
        throw new Error(
          `decodePdu threw on input ${i} (${Buffer.from(input).toString("hex")}): ${String(error)}`,
        );
      }
      // Plain checks in the loop: expect() per input would dominate the run time.
      if (result.ok) {
        accepted++;
        if (!Buffer.from(encodePdu(result.value)).equals(input)) {
          throw new Error(`non-canonical frame accepted: ${Buffer.from(input).toString("hex")}`);
        }
      } else {
        const { code, offset, reason } = result.error;
        if (offset < 0 || offset > input.length || reason === "") {
          throw new Error(`malformed error ${code} for ${Buffer.from(input).toString("hex")}`);
        }
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
    }
    expect(accepted).toBeGreaterThan(runs / 10);
    expect([...codes.keys()].sort()).toEqual(Object.values(SscopDecodeErrorCode).sort());
  });
});

describe("SSCOP machine fuzz", () => {
  it("takes random and mutated frames in every state without an exception or a broken invariant", () => {
    const runs = Math.max(1, Math.floor(fuzzRuns() / 5));
    const random = new SeededRandom(SEED + 1);
    const corpus = fc.sample(pduArb, { numRuns: 500, seed: SEED + 1 }).map(encodePdu);
    const phases = new Set<string>();
    let state: SscopState = initialSscopState();
    const user: readonly SscopInput[] = [
      { kind: "aa", signal: { name: "AA-ESTABLISH.request" } },
      { kind: "aa", signal: { name: "AA-ESTABLISH.response" } },
      { kind: "aa", signal: { name: "AA-DATA.request", data: Uint8Array.of(1, 2, 3) } },
      { kind: "aa", signal: { name: "AA-RESYNC.request" } },
      { kind: "aa", signal: { name: "AA-RESYNC.response" } },
      { kind: "aa", signal: { name: "AA-RECOVER.response" } },
      { kind: "aa", signal: { name: "AA-RELEASE.request" } },
      { kind: "timer", timer: "CC" },
      { kind: "timer", timer: "POLL" },
      { kind: "timer", timer: "NO-RESPONSE" },
    ];
    for (let i = 0; i < runs; i++) {
      const choice = random.below(10);
      const input: SscopInput =
        choice < 2
          ? (user[random.below(user.length)] as SscopInput)
          : {
              kind: "frame",
              bytes:
                choice < 4 ? randomBytes(random, 24) : mutate(random, corpus[random.below(corpus.length)]!),
            };
      try {
        state = step(state, input).state;
      } catch (error) {
        throw new Error(
          `step threw in state ${state.phase} on input ${i} (${JSON.stringify(input)}): ${String(error)}`,
        );
      }
      phases.add(state.phase);
      // The transmission buffer holds exactly [VT(A), VT(S)) while data transfer is possible.
      if (state.phase === "Idle" && (state.transmitBuffer.size > 0 || state.receiveBuffer.size > 0)) {
        throw new Error(`Idle with buffered data after input ${i}`);
      }
    }
    expect(phases.size).toBeGreaterThanOrEqual(6);
  });
});
