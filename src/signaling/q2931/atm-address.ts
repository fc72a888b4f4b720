/**
 * ATM end-system addresses (AESA, 20 octets, NSAP formats): field split, printing, parsing, and building
 * an address from a registered network prefix plus ESI and selector, and the named fields (the ATM Forum
 * UNI 3.1 private ATM address formats; ILMI address registration).
 */
import { hex } from "../../util/hex.ts";

/** Octets in an ATM end-system address. */
export const AESA_LENGTH = 20;
/** Octets of the network prefix (AFI, IDI, HO-DSP) that ILMI registers. */
export const NETWORK_PREFIX_LENGTH = 13;
/** Octets of the end-system identifier (MAC-like). */
export const ESI_LENGTH = 6;
/** Where the selector octet stands: last, after the prefix and the ESI. */
export const SELECTOR_OFFSET = NETWORK_PREFIX_LENGTH + ESI_LENGTH;

/** Authority and format identifiers of the three AESA formats (individual and group). */
export const Afi = {
  DCC: 0x39,
  ICD: 0x47,
  E164: 0x45,
  DCC_GROUP: 0xbd,
  ICD_GROUP: 0xc5,
  E164_GROUP: 0xc3,
} as const;

/** The AESA format an AFI selects. */
export type AesaFormat = "DCC" | "ICD" | "E.164" | "unknown";

/** An AESA split into its fields. */
export interface AesaFields {
  readonly format: AesaFormat;
  readonly afi: number;
  /** True for a group address AFI. */
  readonly group: boolean;
  /** Initial domain identifier as BCD digits, pad nibbles (F) dropped: DCC 3, ICD 4, E.164 up to 15. */
  readonly idi: string;
  /** Higher-order domain specific part: 10 octets (DCC, ICD), 4 (E.164), 12 (unknown AFI: all after the AFI). */
  readonly hoDsp: Uint8Array;
  readonly esi: Uint8Array;
  readonly selector: number;
}

/** Result of the AESA helpers that validate their input. */
export type AesaResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

function formatOf(afi: number): { format: AesaFormat; group: boolean; idiOctets: number } {
  switch (afi) {
    case Afi.DCC:
    case Afi.DCC_GROUP:
      return { format: "DCC", group: afi === Afi.DCC_GROUP, idiOctets: 2 };
    case Afi.ICD:
    case Afi.ICD_GROUP:
      return { format: "ICD", group: afi === Afi.ICD_GROUP, idiOctets: 2 };
    case Afi.E164:
    case Afi.E164_GROUP:
      return { format: "E.164", group: afi === Afi.E164_GROUP, idiOctets: 8 };
    default:
      return { format: "unknown", group: false, idiOctets: 0 };
  }
}

function bcd(data: Uint8Array): string {
  return hex(data).replaceAll("f", "");
}

function lengthError(address: Uint8Array): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason: `an ATM end-system address is 20 octets, got ${address.length}` };
}

/** Splits a 20-octet AESA into AFI, IDI, HO-DSP, ESI and selector. */
export function aesaFields(address: Uint8Array): AesaResult<AesaFields> {
  if (address.length !== AESA_LENGTH) return lengthError(address);
  const afi = address[0] ?? 0;
  const { format, group, idiOctets } = formatOf(afi);
  return {
    ok: true,
    value: {
      format,
      afi,
      group,
      idi: bcd(address.slice(1, 1 + idiOctets)),
      hoDsp: address.slice(1 + idiOctets, NETWORK_PREFIX_LENGTH),
      esi: esiOf(address).slice(),
      selector: selectorOf(address),
    },
  };
}

// Field widths (octets) for the dotted form: DCC/ICD as AFI.IDI.DFI.AA.RSVD.RD.AREA.ESI.SEL (the linux-atm
// habit), E.164 as AFI.E164.HO-DSP.ESI.SEL, other AFIs as AFI.rest-of-prefix.ESI.SEL.
const GROUPS: Readonly<Record<AesaFormat, readonly number[]>> = {
  DCC: [1, 2, 1, 3, 2, 2, 2, 6, 1],
  ICD: [1, 2, 1, 3, 2, 2, 2, 6, 1],
  "E.164": [1, 8, 4, 6, 1],
  unknown: [1, 12, 6, 1],
};

/** Prints an AESA in dotted hex, e.g. "39.840f.80.01bc72.0000.0001.0001.0020481a2b3c.00"; other lengths as plain hex. */
export function formatAesa(address: Uint8Array): string {
  if (address.length !== AESA_LENGTH) return hex(address);
  const parts: string[] = [];
  let at = 0;
  for (const width of GROUPS[formatOf(address[0] ?? 0).format]) {
    parts.push(hex(address.slice(at, at + width)));
    at += width;
  }
  return parts.join(".");
}

/** Parses 40 hex digits, with any of `.`, `:`, `-` or spaces between them (and an optional "0x"), into an AESA. */
export function parseAesa(text: string): AesaResult<Uint8Array> {
  const digits = text
    .trim()
    .replace(/^0x/i, "")
    .replace(/[.:\s-]/g, "");
  if (!/^[0-9a-fA-F]{40}$/.test(digits)) {
    return { ok: false, reason: `expected 40 hex digits for an ATM end-system address, got "${text}"` };
  }
  const out = new Uint8Array(AESA_LENGTH);
  for (let i = 0; i < AESA_LENGTH; i++) out[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return { ok: true, value: out };
}

/** Builds an AESA from a 13-octet network prefix, a 6-octet ESI and a selector octet (ILMI registration). */
export function makeAesa(prefix: Uint8Array, esi: Uint8Array, selector: number): AesaResult<Uint8Array> {
  if (prefix.length !== NETWORK_PREFIX_LENGTH) {
    return { ok: false, reason: `a network prefix is 13 octets, got ${prefix.length}` };
  }
  if (esi.length !== ESI_LENGTH) return { ok: false, reason: `an ESI is 6 octets, got ${esi.length}` };
  if (!Number.isInteger(selector) || selector < 0 || selector > 0xff) {
    return { ok: false, reason: `a selector is one octet, got ${selector}` };
  }
  const out = new Uint8Array(AESA_LENGTH);
  out.set(prefix, 0);
  out.set(esi, NETWORK_PREFIX_LENGTH);
  out[SELECTOR_OFFSET] = selector;
  return { ok: true, value: out };
}

/** The 13-octet network prefix of an AESA. */
export function networkPrefix(address: Uint8Array): AesaResult<Uint8Array> {
  if (address.length !== AESA_LENGTH) return lengthError(address);
  return { ok: true, value: address.slice(0, NETWORK_PREFIX_LENGTH) };
}

/**
 * The end-system part of an AESA: its ESI and selector (octets 13..19), the part a SAP or an ILMI
 * registration names; a view, not a copy. Fewer octets when the address is short.
 */
export function endSystemOf(address: Uint8Array): Uint8Array {
  return address.subarray(NETWORK_PREFIX_LENGTH, AESA_LENGTH);
}

/** The network prefix of an AESA (octets 0..12), the part ILMI registers; a view, not a copy. */
export function prefixOf(address: Uint8Array): Uint8Array {
  return address.subarray(0, NETWORK_PREFIX_LENGTH);
}

/** The end-system identifier of an AESA (octets 13..18); a view, not a copy. */
export function esiOf(address: Uint8Array): Uint8Array {
  return address.subarray(NETWORK_PREFIX_LENGTH, SELECTOR_OFFSET);
}

/** The selector of an AESA (octet 19); 0 when the address is short. */
export function selectorOf(address: Uint8Array): number {
  return address[SELECTOR_OFFSET] ?? 0;
}

/** True when two AESAs are the same 20 octets. */
export function aesaEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((octet, i) => octet === b[i]);
}
