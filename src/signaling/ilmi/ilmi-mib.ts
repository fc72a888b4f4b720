import { hex } from "../../util/hex.ts";
import { AESA_LENGTH, makeAesa, NETWORK_PREFIX_LENGTH } from "../q2931/atm-address.ts";
import type { Oid } from "./ber.ts";

export { AESA_LENGTH, ESI_LENGTH } from "../q2931/atm-address.ts";

/** enterprises.353: the ATM Forum. */
export const ATM_FORUM: Oid = [1, 3, 6, 1, 4, 1, 353];

/**
 * The ILMI MIB objects condis uses, named and numbered as ATM-FORUM-ADDR-REG (and ATM-FORUM-TC-MIB
 * for the groups) name them: atmForumUni is enterprises.353.2.
 */
export const IlmiOid = {
  /** atmfAddressGroup ::= { atmForumUni 6 }. */
  atmfAddressGroup: [...ATM_FORUM, 2, 6],
  /** atmfAddressTable ::= { atmfAddressGroup 1 }, implemented by the network-side IME. */
  atmfAddressTable: [...ATM_FORUM, 2, 6, 1],
  /** atmfAddressStatus ::= { atmfAddressEntry 3 }: valid(1) / invalid(2), index port.length.address. */
  atmfAddressStatus: [...ATM_FORUM, 2, 6, 1, 1, 3],
  /** atmfNetPrefixGroup ::= { atmForumUni 7 }. */
  atmfNetPrefixGroup: [...ATM_FORUM, 2, 7],
  /** atmfNetPrefixTable ::= { atmfNetPrefixGroup 1 }, implemented by the user-side IME. */
  atmfNetPrefixTable: [...ATM_FORUM, 2, 7, 1],
  /** atmfNetPrefixStatus ::= { atmfNetPrefixEntry 3 }: valid(1) / invalid(2), index port.length.prefix. */
  atmfNetPrefixStatus: [...ATM_FORUM, 2, 7, 1, 1, 3],
  /** atmfAddressRegistrationAdminStatus.0 (1 = registration supported). */
  atmfAddressRegistrationAdminStatus: [...ATM_FORUM, 2, 11, 1, 1, 2, 0],
  /** sysUpTime.0 (MIB-II), carried by the cold-start trap. */
  sysUpTime: [1, 3, 6, 1, 2, 1, 1, 3, 0],
  /** The enterprise linux-atm ilmid puts in its cold-start trap. */
  coldStartEnterprise: [1, 3, 6, 1, 4, 1, 3, 1, 1],
} as const satisfies Record<string, Oid>;

/** Values of atmfAddressStatus and atmfNetPrefixStatus. */
export const AtmfStatus = { valid: 1, invalid: 2 } as const;

/** valid(1) or invalid(2). */
export type AtmfStatus = (typeof AtmfStatus)[keyof typeof AtmfStatus];

/** Octets of a network prefix of an AESA (the one NETWORK_PREFIX_LENGTH, under ILMI's name). */
export const NET_PREFIX_LENGTH = NETWORK_PREFIX_LENGTH;
/** Octets of a native E.164 address or prefix (AtmAddress2 / NetPrefix SIZE(8)). */
export const E164_LENGTH = 8;

/** A row of atmfAddressTable or atmfNetPrefixTable, as carried in the instance OID. */
export interface IlmiTableIndex {
  /** atmfAddressPort / atmfNetPrefixPort: 0 means "this UNI". */
  readonly port: number;
  /** The address or prefix octets. */
  readonly octets: Uint8Array;
}

/** atmfAddressStatus.port.20.a1…a20 (RFC 1212 variable-length string index). */
export function addressStatusOid(address: Uint8Array, port = 0): Oid {
  return [...IlmiOid.atmfAddressStatus, port, address.length, ...address];
}

/** atmfNetPrefixStatus.port.13.p1…p13. */
export function netPrefixStatusOid(prefix: Uint8Array, port = 0): Oid {
  return [...IlmiOid.atmfNetPrefixStatus, port, prefix.length, ...prefix];
}

/** The index of an atmfAddressStatus instance, or undefined when the OID is not a well-formed one. */
export function parseAddressStatusOid(oid: Oid): IlmiTableIndex | undefined {
  return parseIndex(oid, IlmiOid.atmfAddressStatus, [AESA_LENGTH, E164_LENGTH]);
}

/** The index of an atmfNetPrefixStatus instance, or undefined when the OID is not a well-formed one. */
export function parseNetPrefixStatusOid(oid: Oid): IlmiTableIndex | undefined {
  return parseIndex(oid, IlmiOid.atmfNetPrefixStatus, [NET_PREFIX_LENGTH, E164_LENGTH]);
}

function parseIndex(oid: Oid, column: Oid, lengths: readonly number[]): IlmiTableIndex | undefined {
  if (!startsWith(oid, column)) return undefined;
  const port = oid[column.length];
  const length = oid[column.length + 1];
  if (port === undefined || length === undefined || !lengths.includes(length)) return undefined;
  const rest = oid.slice(column.length + 2);
  if (rest.length !== length || !rest.every((arc) => arc <= 0xff)) return undefined;
  return { port, octets: Uint8Array.from(rest) };
}

/** True when `oid` begins with every arc of `prefix`. */
export function startsWith(oid: Oid, prefix: Oid): boolean {
  return oid.length >= prefix.length && prefix.every((arc, i) => oid[i] === arc);
}

/** Lexicographic OID order, as SNMP's GetNext walks it. */
export function compareOids(a: Oid, b: Oid): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Dotted form of an OID (as tshark prints `snmp.name`). */
export function formatOid(oid: Oid): string {
  return oid.join(".");
}

/** An AESA from its network prefix (13 octets), ESI (6) and SEL. */
export function formAddress(prefix: Uint8Array, esi: Uint8Array, sel: number): Uint8Array {
  const made = makeAesa(prefix, esi, sel);
  if (!made.ok) throw new RangeError(made.reason);
  return made.value;
}

/** Lower-case hex of some octets: a stable key for addresses and prefixes in maps. */
export function octetsKey(octets: Uint8Array): string {
  return hex(octets);
}

/** True when two byte strings are equal. */
export function sameOctets(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((octet, i) => octet === b[i]);
}
