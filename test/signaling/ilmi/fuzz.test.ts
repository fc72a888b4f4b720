import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../../src/sched/random.ts";
import { decodeIlmiMessage } from "../../../src/signaling/ilmi/ilmi-message.ts";
import { decodeSnmpMessage, encodeSnmpMessage } from "../../../src/signaling/ilmi/snmp-codec.ts";
import { anyMessageArb } from "./arbitraries.ts";
import { fuzzRuns, GOLDEN_FRAMES, mutate, randomBytes } from "./fixtures.ts";

const SEED = 0x11_41_4d_49;

describe("ILMI/SNMP decoder fuzz", () => {
  it(`survives ${fuzzRuns()} random and mutated frames without an exception`, () => {
    const runs = fuzzRuns();
    const random = new SeededRandom(SEED);
    // Corpus: the golden frames plus generated messages of every PDU type.
    const corpus = [
      ...GOLDEN_FRAMES,
      ...fc.sample(anyMessageArb, { numRuns: 200, seed: SEED }).map(encodeSnmpMessage),
    ];
    const codes = new Map<string, number>();
    let accepted = 0;
    for (let i = 0; i < runs; i++) {
      const input =
        i % 4 === 0
          ? randomBytes(random, 80)
          : mutate(random, corpus[random.below(corpus.length)] ?? new Uint8Array());
      let snmp: ReturnType<typeof decodeSnmpMessage>;
      let ilmi: ReturnType<typeof decodeIlmiMessage>;
      try {
        snmp = decodeSnmpMessage(input);
        ilmi = decodeIlmiMessage(input);
      } catch (error) {
        throw new Error(
          `decoder threw on input ${i} (${Buffer.from(input).toString("hex")}): ${String(error)}`,
        );
      }
      // Plain checks in the loop (expect() per input would dominate the run time).
      const hexInput = (): string => Buffer.from(input).toString("hex");
      if (snmp.ok) {
        accepted++;
        // Strict decoding accepts only canonical BER: re-encoding reproduces the input exactly.
        if (!Buffer.from(encodeSnmpMessage(snmp.value)).equals(input))
          throw new Error(`non-canonical accept ${hexInput()}`);
        if (!ilmi.ok && ilmi.error.code !== "badCommunity")
          throw new Error(`ILMI/SNMP disagree on ${hexInput()}`);
      } else {
        const { offset, reason, code } = snmp.error;
        if (offset < 0 || offset > input.length || reason === "")
          throw new Error(`bad error ${code} on ${hexInput()}`);
        if (ilmi.ok) throw new Error(`ILMI accepted what SNMP rejected: ${hexInput()}`);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
    }
    // The mutations must reach deep enough to exercise most rejection paths.
    expect(accepted).toBeGreaterThan(0);
    expect(codes.size).toBeGreaterThanOrEqual(10);
  });
});
