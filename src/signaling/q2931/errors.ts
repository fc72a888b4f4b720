/** Typed results and errors of the Q.2931 codec: stable codes, byte offsets, prescribed causes. */
import type { CallReference, MessageCompatibility, Q2931Message } from "./message-types.ts";

/** Stable decode error codes. */
export const DecodeErrorCode = {
  /** The frame ends inside the header, before the declared message length, or inside an IE. */
  TRUNCATED: "truncated",
  /** Octets follow the end given by the message length field. */
  OVER_LONG: "over-long",
  /** Octet 1 is not 0x09. */
  BAD_PROTOCOL_DISCRIMINATOR: "bad-protocol-discriminator",
  /** The call reference length is not 3. */
  BAD_CALL_REFERENCE: "bad-call-reference",
  /** The message type is not one this codec implements (cause 97). */
  UNKNOWN_MESSAGE_TYPE: "unknown-message-type",
  /** A mandatory IE is absent (cause 96). */
  MANDATORY_IE_MISSING: "mandatory-ie-missing",
  /** A mandatory IE is malformed, or a malformed IE's action indicator says clear / discard the message (cause 100). */
  INVALID_IE_CONTENTS: "invalid-ie-contents",
  /** An unrecognized or unexpected IE's action indicator says clear / discard the message (cause 99). */
  UNRECOGNIZED_IE: "unrecognized-ie",
} as const;

/** A stable decode error code. */
export type DecodeErrorCodeValue = (typeof DecodeErrorCode)[keyof typeof DecodeErrorCode];

/**
 * What the protocol says to do with a message that failed to decode: drop it silently, drop it and answer
 * with STATUS carrying `cause`, or clear the call with `cause`. For a missing or invalid mandatory IE, Q.2931
 * §5.6.7 gives SETUP, RELEASE and RELEASE COMPLETE their own answers; the call-control layer applies those.
 */
export type Disposition = "ignore" | "report" | "clear";

/** The parts of the header that decoded, so the call-control layer can answer on the right call. */
export interface DecodedHeader {
  readonly callReference: CallReference;
  /** The message type code point (it may be one this codec does not implement). */
  readonly messageType: number;
  readonly compatibility: MessageCompatibility;
}

/** A decode failure. */
export interface Q2931DecodeError {
  readonly code: DecodeErrorCodeValue;
  /** Byte offset in the frame where the problem is (the end of the frame for a missing IE). */
  readonly offset: number;
  /** Human-readable explanation naming the IE or field. */
  readonly reason: string;
  readonly disposition: Disposition;
  /** The cause value the protocol prescribes for the answer, when it prescribes one. */
  readonly cause?: number;
  /** Diagnostic octets for that cause: the offending IE identifiers, or the message type for cause 97. */
  readonly diagnostic?: Uint8Array;
  /** Present once the header decoded. */
  readonly header?: DecodedHeader;
}

/** Why an IE was left out of the decoded message. */
export type SkipReason = "unrecognized" | "unexpected" | "content-error" | "repeated";

/** An IE the decoder skipped (and the message was still accepted). */
export interface SkippedIe {
  readonly id: number;
  /** Offset of the IE's identifier octet. */
  readonly offset: number;
  readonly reason: SkipReason;
  readonly detail: string;
}

/** "Proceed, and report STATUS with this cause" (Q.2931 §5.6.8 / §5.7.2): non-fatal IE problems. */
export interface StatusReport {
  /** 99 for unrecognized IEs, 100 for IE content errors. */
  readonly cause: number;
  /** The identifiers of the IEs concerned. */
  readonly diagnostic: Uint8Array;
}

/** A successful decode, with what was skipped and whether the protocol asks for a STATUS report. */
export interface DecodeOk {
  readonly ok: true;
  readonly message: Q2931Message;
  readonly skipped: readonly SkippedIe[];
  readonly report?: StatusReport;
}

/** Result of `decodeMessage`. */
export type DecodeResult = DecodeOk | { readonly ok: false; readonly error: Q2931DecodeError };

/** Stable encode error codes. */
export const EncodeErrorCode = {
  /** A field value is outside its bit width or allowed set. */
  OUT_OF_RANGE: "out-of-range",
  /** A mandatory (or conditionally mandatory) IE is absent. */
  MISSING_IE: "missing-ie",
  /** A repeatable IE has too many (or zero) instances. */
  BAD_REPETITION: "bad-repetition",
  /** Fields that must go together do not (e.g. a SNAP identifier without IPI 0x80). */
  INCONSISTENT: "inconsistent",
  /** The message type is not one this codec implements. */
  UNKNOWN_MESSAGE_TYPE: "unknown-message-type",
  /** The message would end with an IE tshark 4.0 over-reads, and the caller asked for a safe ending. */
  UNSAFE_ENDING: "unsafe-ending",
} as const;

/** A stable encode error code. */
export type EncodeErrorCodeValue = (typeof EncodeErrorCode)[keyof typeof EncodeErrorCode];

/** An encode failure: `path` names the offending field, e.g. "ies.trafficDescriptor.forward.peakCellRateClp01". */
export interface Q2931EncodeError {
  readonly code: EncodeErrorCodeValue;
  readonly path: string;
  readonly reason: string;
}

/** Result of `encodeMessage`. */
export type EncodeResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly error: Q2931EncodeError };

/** Builds an encode error. */
export function encodeError(code: EncodeErrorCodeValue, path: string, reason: string): Q2931EncodeError {
  return { code, path, reason };
}
