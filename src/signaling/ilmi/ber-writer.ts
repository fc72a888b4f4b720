/**
 * The BER encoder: one pass, one buffer. Elements are written back to front, so that when a
 * constructed element is closed its contents are already in place and its length is known; no
 * element is built on its own and copied into its parent. The finished encoding is copied out once.
 * OBJECT IDENTIFIER contents are computed once per OID array (constants, MIB view entries) and kept.
 */
import { BerTag, INT32_MAX, INT32_MIN, OID_MAX_ARCS, type Oid, UINT32_MAX } from "./ber.ts";

/** Contents octets of OIDs already encoded, by the array itself. */
const oidCache = new WeakMap<Oid, Uint8Array>();

/** Why an OID cannot be encoded, or undefined when it can. */
export function oidProblem(oid: Oid): string | undefined {
  const [top, second] = oid;
  if (top === undefined || second === undefined) return "an OBJECT IDENTIFIER needs at least two arcs";
  if (oid.length > OID_MAX_ARCS) return `more than ${OID_MAX_ARCS} arcs`;
  if (!oid.every((arc) => Number.isInteger(arc) && arc >= 0 && arc <= UINT32_MAX)) {
    return "every arc must be an integer in 0..2^32-1";
  }
  if (top > 2 || (top < 2 && second >= 40)) return "first arc above 2, or second arc above 39 under 0 or 1";
  if (40 * top + second > UINT32_MAX) return "first two arcs combine to more than 2^32-1";
  return undefined;
}

/** OBJECT IDENTIFIER contents octets. Throws RangeError for an OID that has no valid encoding. */
export function oidOctets(oid: Oid): Uint8Array {
  const cached = oidCache.get(oid);
  if (cached !== undefined) return cached;
  const problem = oidProblem(oid);
  if (problem !== undefined) throw new RangeError(`OID ${oid.join(".")}: ${problem}`);
  const octets: number[] = [];
  const pushArc = (arc: number): void => {
    const start = octets.length;
    octets.push(arc % 128);
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
      octets.splice(start, 0, 0x80 | (v % 128));
  };
  pushArc(40 * (oid[0] ?? 0) + (oid[1] ?? 0));
  for (let i = 2; i < oid.length; i++) pushArc(oid[i] ?? 0);
  const out = Uint8Array.from(octets);
  oidCache.set(oid, out);
  return out;
}

/** Writes BER back to front into one growing buffer; reuse it across messages. */
export class BerWriter {
  private buffer = new Uint8Array(512);
  /** Index of the first written octet; the encoding so far is buffer[start..]. */
  private start = this.buffer.length;

  /** Forgets what was written. */
  reset(): void {
    this.start = this.buffer.length;
  }

  /** A position to close a constructed element at (see {@link close}). */
  mark(): number {
    return this.buffer.length - this.start;
  }

  /** Wraps everything written since `mark` in an element with `tag`. */
  close(tag: number, mark: number): void {
    this.header(tag, this.buffer.length - this.start - mark);
  }

  /** A primitive element with these contents octets. */
  octets(tag: number, contents: Uint8Array): void {
    this.room(contents.length);
    this.start -= contents.length;
    this.buffer.set(contents, this.start);
    this.header(tag, contents.length);
  }

  /** An OBJECT IDENTIFIER. */
  oid(oid: Oid): void {
    this.octets(0x06, oidOctets(oid));
  }

  /** An integer in minimal two's complement; RangeError outside [min, max] (a caller bug). */
  integer(tag: number, value: number, min: number, max: number): void {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`BER integer ${value} outside ${min}..${max}`);
    }
    const mark = this.mark();
    this.room(5);
    let v = value;
    for (;;) {
      const octet = ((v % 256) + 256) % 256;
      this.buffer[--this.start] = octet;
      v = (v - octet) / 256;
      if ((v === 0 && octet < 0x80) || (v === -1 && octet >= 0x80)) break;
    }
    this.close(tag, mark);
  }

  /** A copy of the encoding written so far. */
  finish(): Uint8Array {
    return this.buffer.slice(this.start);
  }

  private header(tag: number, length: number): void {
    this.room(6);
    if (length < 0x80) this.buffer[--this.start] = length;
    else {
      let count = 0;
      for (let v = length; v > 0; v = Math.floor(v / 256)) {
        this.buffer[--this.start] = v % 256;
        count++;
      }
      this.buffer[--this.start] = 0x80 | count;
    }
    this.buffer[--this.start] = tag;
  }

  /** Makes room for `n` more octets in front of what is written. */
  private room(n: number): void {
    if (this.start >= n) return;
    const used = this.buffer.length - this.start;
    const bigger = new Uint8Array(Math.max(this.buffer.length * 2, used + n + 64));
    bigger.set(this.buffer.subarray(this.start), bigger.length - used);
    this.buffer = bigger;
    this.start = bigger.length - used;
  }
}

const shared = new BerWriter();

/** Encodes a definite length in its minimal form (the length octets alone). */
export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const octets: number[] = [];
  for (let v = length; v > 0; v = Math.floor(v / 256)) octets.unshift(v % 256);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

/** Encodes one element: identifier, minimal length, contents. */
export function encodeTlv(tag: number, contents: Uint8Array): Uint8Array {
  shared.reset();
  shared.octets(tag, contents);
  return shared.finish();
}

/** Encodes an integer as minimal two's complement under `tag` (RangeError outside [min, max]). */
export function encodeInteger(tag: number, value: number, min = INT32_MIN, max = INT32_MAX): Uint8Array {
  shared.reset();
  shared.integer(tag, value, min, max);
  return shared.finish();
}

/** Encodes an OBJECT IDENTIFIER (RangeError for an OID that has no valid encoding). */
export function encodeOid(oid: Oid): Uint8Array {
  shared.reset();
  shared.octets(BerTag.objectIdentifier, oidOctets(oid));
  return shared.finish();
}
