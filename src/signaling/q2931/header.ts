/**
 * The 9-octet message header (Q.2931 / ATM Forum UNI 3.1): protocol discriminator, call reference length and
 * value with its flag, message type, message compatibility instruction, message length.
 */
import { type ByteWriter, checkBoolean, checkUint } from "./bytes.ts";
import { CALL_REFERENCE_LENGTH, HEADER_LENGTH, hex2, PROTOCOL_DISCRIMINATOR } from "./constants.ts";
import {
  type DecodedHeader,
  DecodeErrorCode,
  type Q2931DecodeError,
  type Q2931EncodeError,
} from "./errors.ts";
import type { CallReference, MessageCompatibility } from "./message-types.ts";

const EXT = 0x80;
const FLAG = 0x10;
const CALL_REFERENCE_FLAG = 0x800000;

/** Offset of the 2-octet message length field. */
export const MESSAGE_LENGTH_OFFSET = 7;

/** The normal message compatibility instruction (octet 6 = 0x80). */
export const NORMAL_COMPATIBILITY: MessageCompatibility = { flag: false, action: 0 };

/** Writes the header with a zero message length, to be patched at {@link MESSAGE_LENGTH_OFFSET}. */
export function writeHeader(
  w: ByteWriter,
  callReference: CallReference,
  messageType: number,
  compatibility: MessageCompatibility | undefined,
): Q2931EncodeError | undefined {
  const c = compatibility ?? NORMAL_COMPATIBILITY;
  const bad =
    checkUint(callReference?.value, 23, "callReference.value") ??
    checkBoolean(callReference?.flag, "callReference.flag") ??
    checkBoolean(c.flag, "compatibility.flag") ??
    checkUint(c.action, 2, "compatibility.action");
  if (bad) return bad;
  w.u8(PROTOCOL_DISCRIMINATOR);
  w.u8(CALL_REFERENCE_LENGTH);
  w.u24((callReference.flag ? CALL_REFERENCE_FLAG : 0) | callReference.value);
  w.u8(messageType);
  w.u8(EXT | (c.flag ? FLAG : 0) | c.action);
  w.u16(0);
  return undefined;
}

/** A decoded header, or the framing error that stops decoding. */
export type HeaderResult =
  | { readonly ok: true; readonly header: DecodedHeader; readonly end: number }
  | { readonly ok: false; readonly error: Q2931DecodeError };

function framing(code: Q2931DecodeError["code"], offset: number, reason: string, header?: DecodedHeader) {
  const error: Q2931DecodeError =
    header === undefined
      ? { code, offset, reason, disposition: "ignore" }
      : { code, offset, reason, disposition: "ignore", header };
  return { ok: false as const, error };
}

/**
 * Decodes the header and checks the frame against the message length. Every framing error means
 * "ignore the message" (Q.2931 §5.6.1–5.6.3): there is no call to answer on.
 */
export function decodeHeader(bytes: Uint8Array): HeaderResult {
  const n = bytes.length;
  const discriminator = bytes[0];
  if (discriminator !== undefined && discriminator !== PROTOCOL_DISCRIMINATOR) {
    return framing(
      DecodeErrorCode.BAD_PROTOCOL_DISCRIMINATOR,
      0,
      `protocol discriminator is 0x${hex2(discriminator)}, expected 0x09 (Q.2931)`,
    );
  }
  const crLength = bytes[1];
  if (crLength !== undefined && crLength !== CALL_REFERENCE_LENGTH) {
    return framing(
      DecodeErrorCode.BAD_CALL_REFERENCE,
      1,
      `call reference length octet is 0x${hex2(crLength)}, expected 0x03`,
    );
  }
  if (n < HEADER_LENGTH) {
    return framing(DecodeErrorCode.TRUNCATED, n, `frame of ${n} octets is shorter than the 9-octet header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cr = (view.getUint8(2) << 16) | view.getUint16(3);
  const compatibilityOctet = view.getUint8(6);
  const header: DecodedHeader = {
    callReference: { value: cr & 0x7fffff, flag: (cr & CALL_REFERENCE_FLAG) !== 0 },
    messageType: view.getUint8(5),
    compatibility: { flag: (compatibilityOctet & FLAG) !== 0, action: compatibilityOctet & 0x03 },
  };
  const length = view.getUint16(MESSAGE_LENGTH_OFFSET);
  const end = HEADER_LENGTH + length;
  if (end > n) {
    return framing(
      DecodeErrorCode.TRUNCATED,
      n,
      `message length field says ${length} octets of IEs but only ${n - HEADER_LENGTH} follow the header`,
      header,
    );
  }
  if (end < n) {
    return framing(
      DecodeErrorCode.OVER_LONG,
      end,
      `${n - end} octets follow the end given by the message length field (${length})`,
      header,
    );
  }
  return { ok: true, header, end };
}
