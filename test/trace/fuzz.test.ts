import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../src/sched/random.ts";
import { PcapWriter, readPcap, readSunAtmPcap } from "../../src/trace/pcap.ts";
import { PcapngWriter, readPcapng, readSunAtmPcapng } from "../../src/trace/pcapng.ts";
import { fuzzRuns, mutate, randomBytes } from "../signaling/ilmi/fixtures.ts";
import { frameArb } from "./fixtures.ts";

const SEED = 0x7063_6170;
// Short payloads keep each mutated file small, so 100k runs stay fast; the framing is what is fuzzed.
const shortFrameArb = frameArb.map((frame) => ({ ...frame, payload: frame.payload.subarray(0, 24) }));
const corpusFrames = fc.sample(fc.array(shortFrameArb, { maxLength: 3 }), { numRuns: 60, seed: SEED });

function fuzz(
  name: string,
  corpus: readonly Uint8Array[],
  decoders: ((bytes: Uint8Array) => { ok: boolean })[],
) {
  it(`${name}: ${fuzzRuns()} random and mutated files, zero exceptions`, () => {
    const random = new SeededRandom(SEED);
    let accepted = 0;
    for (let i = 0; i < fuzzRuns(); i++) {
      const input =
        i % 4 === 0
          ? randomBytes(random, 96)
          : mutate(random, corpus[random.below(corpus.length)] ?? new Uint8Array());
      for (const decode of decoders) {
        try {
          if (decode(input).ok) accepted++;
        } catch (error) {
          throw new Error(`${name} threw on ${Buffer.from(input).toString("hex")}: ${String(error)}`);
        }
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });
}

describe("capture reader fuzz", () => {
  fuzz(
    "classic pcap",
    corpusFrames.map((frames, i) => {
      const writer = new PcapWriter({ resolution: i % 2 ? "nanosecond" : "microsecond" });
      for (const frame of frames) writer.addFrame(frame);
      return writer.bytes();
    }),
    [readPcap, readSunAtmPcap],
  );
  fuzz(
    "pcapng",
    corpusFrames.map((frames) => {
      const writer = new PcapngWriter({ interfaceName: "uni0" });
      for (const frame of frames) writer.addFrame(frame);
      return writer.bytes();
    }),
    [readPcapng, readSunAtmPcapng],
  );
});
