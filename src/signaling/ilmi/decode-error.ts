/** Stable codes of every way an ILMI (SNMPv1/BER) frame can fail to decode. */
export const IlmiDecodeErrorCode = {
  /** An element, its length octets or its contents run past the end of the enclosing element. */
  truncated: "truncated",
  /** Tag number 31 (multi-octet tag): SNMPv1 never needs one. */
  highTagNumber: "highTagNumber",
  /** Length octet 0x80: indefinite lengths are not allowed in SNMP. */
  indefiniteLength: "indefiniteLength",
  /** More than four long-form length octets. */
  lengthTooLong: "lengthTooLong",
  /** Long-form length where the short form, or fewer octets, would do. */
  nonMinimalLength: "nonMinimalLength",
  /** A tag other than the one(s) the SNMP grammar allows at this position. */
  unexpectedTag: "unexpectedTag",
  /** INTEGER (or application integer) with no contents octets. */
  badInteger: "badInteger",
  /** INTEGER with a redundant leading 0x00 or 0xFF octet. */
  nonMinimalInteger: "nonMinimalInteger",
  /** INTEGER outside the range of its SMI type. */
  integerOutOfRange: "integerOutOfRange",
  /** NULL with contents octets. */
  badNull: "badNull",
  /** OBJECT IDENTIFIER that is empty, non-minimal, unterminated or has too many or too large arcs. */
  badOid: "badOid",
  /** IpAddress whose contents are not exactly four octets. */
  badIpAddress: "badIpAddress",
  /** Octets left over after an element whose contents should have ended. */
  trailingBytes: "trailingBytes",
  /** SNMP version other than 0 (SNMPv1). */
  badVersion: "badVersion",
  /** error-status outside RFC 1157's 0..5. */
  badErrorStatus: "badErrorStatus",
  /** generic-trap outside RFC 1157's 0..6. */
  badGenericTrap: "badGenericTrap",
  /** Community other than "ILMI" (checked by the ILMI layer, not by the SNMP codec). */
  badCommunity: "badCommunity",
} as const;

/** One of the stable decode error codes. */
export type IlmiDecodeErrorCode = (typeof IlmiDecodeErrorCode)[keyof typeof IlmiDecodeErrorCode];

/** Why a frame was rejected: a stable code, the byte offset where decoding stopped, and a human reason. */
export interface IlmiDecodeError {
  readonly code: IlmiDecodeErrorCode;
  readonly offset: number;
  readonly reason: string;
}

/** Outcome of a strict decoder: never an exception. */
export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: IlmiDecodeError };

/** Builds a failed result. */
export function decodeFailure(
  code: IlmiDecodeErrorCode,
  offset: number,
  reason: string,
): { readonly ok: false; readonly error: IlmiDecodeError } {
  return { ok: false, error: { code, offset, reason } };
}
