/**
 * A strict BER subset: exactly what SNMPv1 over ILMI needs (INTEGER, OCTET STRING, NULL, OBJECT
 * IDENTIFIER, SEQUENCE, the SMI application types and the PDU tags), with definite lengths only,
 * minimal length and integer encodings, and no trailing octets.
 *
 * Why no npm library: the candidates are generic ASN.1 toolkits (@lapo/asn1js decodes only; asn1js
 * and @peculiar/asn1-schema are large and lenient — indefinite lengths, non-minimal integers). The
 * product's own wire codec needs a dozen tags, strictness, typed errors instead of exceptions, and
 * a fuzzable surface, which a small hand-written subset gives more cheaply than glue around them.
 */
import { hexOctet as hex } from "../../util/hex.ts";
import { type DecodeResult, decodeFailure } from "./decode-error.ts";

/** The BER identifier octets used by SNMPv1 (RFC 1155 / RFC 1157). */
export const BerTag = {
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  objectIdentifier: 0x06,
  sequence: 0x30,
  ipAddress: 0x40,
  counter: 0x41,
  gauge: 0x42,
  timeTicks: 0x43,
  opaque: 0x44,
  getRequest: 0xa0,
  getNextRequest: 0xa1,
  getResponse: 0xa2,
  setRequest: 0xa3,
  trap: 0xa4,
} as const;

/** An OBJECT IDENTIFIER as its arcs. */
export type Oid = readonly number[];

/** Limits of the integer types of the SMI. */
export const INT32_MIN = -0x8000_0000;
/** Largest INTEGER (Integer32). */
export const INT32_MAX = 0x7fff_ffff;
/** Largest Counter / Gauge / TimeTicks / sub-identifier. */
export const UINT32_MAX = 0xffff_ffff;
/** RFC 1157 §4.1.6 caps an OBJECT IDENTIFIER at 128 sub-identifiers. */
export const OID_MAX_ARCS = 128;

/** Where an element sits: its tag, the first contents octet and the octet after the element. */
export interface Tlv {
  readonly tag: number;
  readonly offset: number;
  readonly contentStart: number;
  readonly end: number;
}

/** A decoded value and the offset right after it. */
export interface Field<T> {
  readonly value: T;
  readonly next: number;
}

/** Reads one element header at `offset`; its contents must end at or before `limit`. */
export function readTlv(bytes: Uint8Array, offset: number, limit: number): DecodeResult<Tlv> {
  const tag = bytes[offset];
  if (tag === undefined || offset >= limit) return decodeFailure("truncated", offset, "element expected");
  if ((tag & 0x1f) === 0x1f) {
    return decodeFailure("highTagNumber", offset, `multi-octet tag 0x${hex(tag)} is not used by SNMPv1`);
  }
  const first = bytes[offset + 1];
  if (first === undefined || offset + 1 >= limit) {
    return decodeFailure("truncated", offset + 1, "length octet missing");
  }
  let length = first;
  let contentStart = offset + 2;
  if (first === 0x80) {
    return decodeFailure("indefiniteLength", offset + 1, "indefinite length is not allowed");
  }
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 4) return decodeFailure("lengthTooLong", offset + 1, `${count} length octets (at most 4)`);
    if (contentStart + count > limit)
      return decodeFailure("truncated", offset + 2, "length octets cut short");
    if (bytes[contentStart] === 0) {
      return decodeFailure("nonMinimalLength", offset + 2, "long-form length with a leading zero octet");
    }
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[contentStart + i] ?? 0);
    if (length < 0x80) {
      return decodeFailure("nonMinimalLength", offset + 1, `length ${length} needs the short form`);
    }
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) {
    return decodeFailure(
      "truncated",
      offset,
      `length ${length} exceeds the ${limit - contentStart} octets available`,
    );
  }
  return { ok: true, value: { tag, offset, contentStart, end } };
}

/** Reads one element that must carry `tag`. */
export function expectTlv(
  bytes: Uint8Array,
  offset: number,
  limit: number,
  tag: number,
  what: string,
): DecodeResult<Tlv> {
  const tlv = readTlv(bytes, offset, limit);
  if (tlv.ok && tlv.value.tag !== tag) {
    return decodeFailure("unexpectedTag", offset, `${what}: tag 0x${hex(tlv.value.tag)}, want 0x${hex(tag)}`);
  }
  return tlv;
}

/** Decodes two's-complement INTEGER contents that must lie in [min, max]. */
export function integerContents(
  bytes: Uint8Array,
  tlv: Tlv,
  min: number,
  max: number,
  what: string,
): DecodeResult<number> {
  const { contentStart: start, end } = tlv;
  const first = bytes[start];
  if (first === undefined || start >= end) return decodeFailure("badInteger", start, `${what}: no contents`);
  const second = bytes[start + 1];
  if (
    second !== undefined &&
    start + 1 < end &&
    ((first === 0x00 && second < 0x80) || (first === 0xff && second >= 0x80))
  ) {
    return decodeFailure("nonMinimalInteger", start, `${what}: redundant leading octet`);
  }
  // Five octets hold any 32-bit value (unsigned ones need a leading 0x00); a minimal longer one cannot fit.
  if (end - start > 5) return decodeFailure("integerOutOfRange", start, `${what}: ${end - start} octets`);
  let value = first >= 0x80 ? first - 256 : first;
  for (let i = start + 1; i < end; i++) value = value * 256 + (bytes[i] ?? 0);
  if (value < min || value > max) {
    return decodeFailure("integerOutOfRange", start, `${what}: ${value} outside ${min}..${max}`);
  }
  return { ok: true, value };
}

/** Decodes OBJECT IDENTIFIER contents (RFC 1157 limits: at most 128 arcs, each below 2^32). */
export function oidContents(bytes: Uint8Array, tlv: Tlv): DecodeResult<Oid> {
  const { contentStart: start, end } = tlv;
  if (start >= end) return decodeFailure("badOid", start, "OBJECT IDENTIFIER without contents");
  const arcs: number[] = [];
  let i = start;
  while (i < end) {
    const subStart = i;
    if (bytes[i] === 0x80) return decodeFailure("badOid", i, "sub-identifier with a leading 0x80 octet");
    let value = 0;
    let octet = 0x80;
    while (octet & 0x80) {
      if (i >= end) return decodeFailure("badOid", subStart, "last sub-identifier is not terminated");
      octet = bytes[i] ?? 0;
      value = value * 128 + (octet & 0x7f);
      if (value > UINT32_MAX) return decodeFailure("badOid", subStart, "sub-identifier above 2^32-1");
      i++;
    }
    if (arcs.length === 0) {
      const top = value < 40 ? 0 : value < 80 ? 1 : 2;
      arcs.push(top, value - 40 * top);
    } else {
      arcs.push(value);
    }
    if (arcs.length > OID_MAX_ARCS)
      return decodeFailure("badOid", subStart, `more than ${OID_MAX_ARCS} arcs`);
  }
  return { ok: true, value: arcs };
}

/** Checks that the octets after an element's last field are none. */
export function expectEnd(next: number, end: number, what: string): DecodeResult<null> {
  if (next !== end) return decodeFailure("trailingBytes", next, `${end - next} octet(s) after ${what}`);
  return { ok: true, value: null };
}
