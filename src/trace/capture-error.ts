/** Stable codes of every way a capture file (pcap or pcapng) can fail to read. */
export const CaptureErrorCode = {
  /** A header, block or record runs past the end of the file. */
  truncated: "truncated",
  /** Not a pcap magic number, or not a pcapng byte-order magic. */
  badMagic: "badMagic",
  /** A format version this reader does not know. */
  badVersion: "badVersion",
  /** snaplen 0, or a link type other than the one asked for. */
  badHeader: "badHeader",
  /** A fraction-of-second field at or beyond one second. */
  badTimestamp: "badTimestamp",
  /** Captured length above snaplen or above the original length, or a block length that does not add up. */
  badLength: "badLength",
  /** A pcapng block this reader does not accept where it was found. */
  badBlock: "badBlock",
  /** A pcapng option list that is malformed. */
  badOption: "badOption",
  /** A SunATM pseudo-header with reserved bits or an undefined traffic type. */
  badPseudoHeader: "badPseudoHeader",
} as const;

/** One of the stable capture error codes. */
export type CaptureErrorCode = (typeof CaptureErrorCode)[keyof typeof CaptureErrorCode];

/** Why a capture was rejected: code, file offset, human reason. */
export interface CaptureError {
  readonly code: CaptureErrorCode;
  readonly offset: number;
  readonly reason: string;
}

/** Outcome of a strict capture reader: never an exception. */
export type CaptureResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: CaptureError };

/** Builds a failed result. */
export function captureFailure(
  code: CaptureErrorCode,
  offset: number,
  reason: string,
): { readonly ok: false; readonly error: CaptureError } {
  return { ok: false, error: { code, offset, reason } };
}
