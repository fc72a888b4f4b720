/** Byte examples of ATM Forum ILMI 4.0 (decoded by tshark 4.0.17 as ILMI with no expert items) and test helpers. */
import type { SeededRandom } from "../../../src/sched/random.ts";

/** Bytes from spaced or unspaced hex. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

/** Spaced upper-case hex, for readable assertion failures. */
export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(" ");
}

/** The DCC AESA of §5.4: prefix ‖ ESI ‖ SEL. */
export const PREFIX = hex("39 84 0F 80 01 BC 72 00 00 00 01 00 01");
export const ESI = hex("00 20 48 1A 2B 3C");
export const SEL = 0x00;
export const ADDRESS = hex("39 84 0F 80 01 BC 72 00 00 00 01 00 01 00 20 48 1A 2B 3C 00");

/** User → network SetRequest atmfAddressStatus = valid(1), request-id 17 (68 octets). */
export const ADDRESS_SET_VALID = hex(`
  30 42 02 01 00 04 04 49 4C 4D 49
  A3 37 02 01 11 02 01 00 02 01 00
  30 2C 30 2A 06 25
  2B 06 01 04 01 82 61 02 06 01 01 03 00 14
  39 81 04 0F 81 00 01 81 3C 72 00 00 00 01 00 01
  00 20 48 1A 2B 3C 00
  02 01 01`);

/** The same with invalid(2): deregistration. */
export const ADDRESS_SET_INVALID = withByte(ADDRESS_SET_VALID, ADDRESS_SET_VALID.length - 1, 0x02);

/** Network → user GetResponse noError: identical except A2 for A3. */
export const ADDRESS_RESPONSE_OK = withByte(ADDRESS_SET_VALID, 11, 0xa2);

/** GetResponse noSuchName, error-index 1 (`02 01 02 02 01 01` in the status/index positions). */
export const ADDRESS_RESPONSE_NO_SUCH_NAME = withByte(withByte(ADDRESS_RESPONSE_OK, 18, 0x02), 21, 0x01);

/** Network → user prefix SetRequest, request-id 5. */
export const PREFIX_SET_VALID = hex(`
  30 3B 02 01 00 04 04 49 4C 4D 49 A3 30 02 01 05 02 01 00 02 01 00 30 25 30 23 06 1E 2B 06 01 04 01 82 61 02 07 01 01
  03 00 0D 39 81 04 0F 81 00 01 81 3C 72 00 00 00 01 00 01 02 01 01`);

/** Cold-start trap as linux ilmid sends it. */
export const COLD_START_TRAP = hex(`
  30 34 02 01 00 04 04 49 4C 4D 49 A4 29 06 08 2B 06 01 04 01 03 01 01 40 04 00 00 00 00 02 01 00 02 01
  00 43 01 00 30 0E 30 0C 06 08 2B 06 01 02 01 01 03 00 05 00`);

/** Every golden frame, for fuzz corpora. */
export const GOLDEN_FRAMES: readonly Uint8Array[] = [
  ADDRESS_SET_VALID,
  ADDRESS_SET_INVALID,
  ADDRESS_RESPONSE_OK,
  ADDRESS_RESPONSE_NO_SUCH_NAME,
  PREFIX_SET_VALID,
  COLD_START_TRAP,
];

function withByte(bytes: Uint8Array, index: number, value: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = value;
  return copy;
}

/** Fuzz inputs per decoder: CONDIS_FUZZ_RUNS, default 100 000. */
export function fuzzRuns(): number {
  const raw = process.env.CONDIS_FUZZ_RUNS;
  const n = raw === undefined ? 100_000 : Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`CONDIS_FUZZ_RUNS=${raw} is not a positive integer`);
  return n;
}

/** Random bytes of a random length below `maxLength`. */
export function randomBytes(random: SeededRandom, maxLength: number): Uint8Array {
  const out = new Uint8Array(random.below(maxLength + 1));
  for (let i = 0; i < out.length; i++) out[i] = random.below(256);
  return out;
}

/**
 * A mutation of a valid input: bit flips, byte replacements (biased to BER-significant values),
 * insertions, deletions, truncation, duplication of a slice, or several of these.
 */
export function mutate(random: SeededRandom, input: Uint8Array): Uint8Array {
  let bytes: Uint8Array = input.slice();
  const rounds = 1 + random.below(3);
  const interesting = [
    0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x30, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0xa2, 0xff,
  ];
  for (let r = 0; r < rounds; r++) {
    const at = bytes.length === 0 ? 0 : random.below(bytes.length);
    switch (random.below(7)) {
      case 0:
        if (bytes.length > 0) bytes[at] = (bytes[at] ?? 0) ^ (1 << random.below(8));
        break;
      case 1:
        if (bytes.length > 0) bytes[at] = interesting[random.below(interesting.length)] ?? 0;
        break;
      case 2:
        bytes = splice(bytes, at, 0, Uint8Array.of(random.below(256)));
        break;
      case 3:
        bytes = splice(bytes, at, 1 + random.below(4), new Uint8Array(0));
        break;
      case 4:
        bytes = bytes.slice(0, random.below(bytes.length + 1));
        break;
      case 5: {
        const from = random.below(bytes.length + 1);
        bytes = splice(bytes, at, 0, bytes.slice(from, from + 1 + random.below(8)));
        break;
      }
      default:
        if (bytes.length > 0) bytes[at] = random.below(256);
    }
  }
  return bytes;
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const head = bytes.slice(0, at);
  const tail = bytes.slice(Math.min(bytes.length, at + remove));
  const out = new Uint8Array(head.length + insert.length + tail.length);
  out.set(head, 0);
  out.set(insert, head.length);
  out.set(tail, head.length + insert.length);
  return out;
}
