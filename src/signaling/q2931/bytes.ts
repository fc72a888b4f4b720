/** Byte-level helpers for the codec: a growable big-endian writer, a bounded reader, range checks. */
import { EncodeErrorCode, encodeError, type Q2931EncodeError } from "./errors.ts";

/** A growable big-endian octet writer. */
export class ByteWriter {
  private buffer = new Uint8Array(128);
  private view = new DataView(this.buffer.buffer);
  /** Octets written so far. */
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  /** Appends one octet. */
  u8(value: number): void {
    this.ensure(1);
    this.view.setUint8(this.length, value);
    this.length += 1;
  }

  /** Appends a 16-bit value. */
  u16(value: number): void {
    this.ensure(2);
    this.view.setUint16(this.length, value);
    this.length += 2;
  }

  /** Appends a 24-bit value. */
  u24(value: number): void {
    this.ensure(3);
    this.view.setUint8(this.length, (value >>> 16) & 0xff);
    this.view.setUint16(this.length + 1, value & 0xffff);
    this.length += 3;
  }

  /** Appends a 32-bit value. */
  u32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, value);
    this.length += 4;
  }

  /** Appends raw octets. */
  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** Overwrites a 16-bit value written earlier (a length field reserved before its contents). */
  patchU16(at: number, value: number): void {
    this.view.setUint16(at, value);
  }

  /** Moves the octets of [from, to) to the end of what has been written (IE reordering). */
  moveToEnd(from: number, to: number): void {
    const chunk = this.buffer.slice(from, to);
    this.buffer.copyWithin(from, to, this.length);
    this.buffer.set(chunk, this.length - chunk.length);
  }

  /** Forgets what was written, keeping the buffer (the encoder reuses one writer). */
  reset(): void {
    this.length = 0;
  }

  /** A copy of the octets written. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/**
 * A reader over [pos, end) of a frame. Callers check `remaining()` before reading; a read past `end`
 * returns 0 rather than throwing, so a missed check yields a wrong value, never an exception.
 */
export class ByteReader {
  /** The whole frame. */
  readonly data: Uint8Array;
  /** Next octet to read. */
  pos: number;
  /** One past the last octet this reader may read (clamped to the frame). */
  readonly end: number;

  constructor(data: Uint8Array, pos: number, end: number) {
    this.data = data;
    this.pos = pos;
    this.end = Math.min(end, data.length);
  }

  /** Octets left before `end`. */
  remaining(): number {
    return this.end - this.pos;
  }

  /** Reads one octet. */
  u8(): number {
    if (this.pos >= this.end) return 0;
    return this.data[this.pos++] as number;
  }

  /** Reads a 16-bit value. */
  u16(): number {
    if (this.pos + 2 > this.end) return 0;
    const d = this.data;
    const p = this.pos;
    this.pos = p + 2;
    return ((d[p] as number) << 8) | (d[p + 1] as number);
  }

  /** Reads a 24-bit value. */
  u24(): number {
    if (this.pos + 3 > this.end) return 0;
    const d = this.data;
    const p = this.pos;
    this.pos = p + 3;
    return ((d[p] as number) << 16) | ((d[p + 1] as number) << 8) | (d[p + 2] as number);
  }

  /** Reads a 32-bit value. */
  u32(): number {
    if (this.pos + 4 > this.end) return 0;
    const d = this.data;
    const p = this.pos;
    this.pos = p + 4;
    return (
      (d[p] as number) * 0x1000000 +
      (((d[p + 1] as number) << 16) | ((d[p + 2] as number) << 8) | (d[p + 3] as number))
    );
  }

  /** Reads `n` octets as a fresh copy (never a view that aliases the caller's frame). */
  bytes(n: number): Uint8Array {
    const take = Math.max(0, Math.min(n, this.end - this.pos));
    const out = this.data.slice(this.pos, this.pos + take);
    this.pos += take;
    return out;
  }
}

/** A content error found while decoding one IE: where, and why. */
export interface IeFault {
  readonly ok: false;
  readonly offset: number;
  readonly reason: string;
}

/** The result of decoding one IE's contents. */
export type IeDecoded<T> = { readonly ok: true; readonly value: T } | IeFault;

/** Builds an IE content fault at `offset`. */
export function fault(offset: number, reason: string): IeFault {
  return { ok: false, offset, reason };
}

/** True when `value` is an integer in [0, 2^bits). */
function isUint(value: unknown, bits: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value < 2 ** bits;
}

/** An out-of-range encode error unless `value` fits in `bits` bits. */
export function checkUint(value: unknown, bits: number, path: string): Q2931EncodeError | undefined {
  if (isUint(value, bits)) return undefined;
  return encodeError(
    EncodeErrorCode.OUT_OF_RANGE,
    path,
    `${path} must be an integer in 0..${2 ** bits - 1} (${bits} bits), got ${String(value)}`,
  );
}

/** An out-of-range encode error unless `data` is a Uint8Array of `min`..`max` octets. */
export function checkBytes(
  data: unknown,
  min: number,
  max: number,
  path: string,
): Q2931EncodeError | undefined {
  if (data instanceof Uint8Array && data.length >= min && data.length <= max) return undefined;
  const got = data instanceof Uint8Array ? `${data.length} octets` : String(data);
  const want = min === max ? `${min}` : `${min}..${max}`;
  return encodeError(EncodeErrorCode.OUT_OF_RANGE, path, `${path} must be ${want} octets, got ${got}`);
}

/** An out-of-range encode error unless `value` is a boolean. */
export function checkBoolean(value: unknown, path: string): Q2931EncodeError | undefined {
  if (typeof value === "boolean") return undefined;
  return encodeError(EncodeErrorCode.OUT_OF_RANGE, path, `${path} must be a boolean, got ${String(value)}`);
}
