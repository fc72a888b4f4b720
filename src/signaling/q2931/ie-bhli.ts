/**
 * Codecs for the broadband high layer information IE (0x5D) and the broadband repeat indicator (0x63).
 * Layouts: Q.2931 / ATM Forum UNI 3.1, LAf `ie_bhli`, `ie_bbrep`.
 */
import { type ByteReader, type ByteWriter, checkBytes, checkUint, fault, type IeDecoded } from "./bytes.ts";
import { IeId } from "./constants.ts";
import { EncodeErrorCode, encodeError, type Q2931EncodeError } from "./errors.ts";
import { type IeCodec, neverOverreads } from "./ie-codec.ts";
import type { BroadbandHighLayerInformation } from "./ie-types.ts";

const EXT = 0x80;

const BHLI_VENDOR = 3;
const BHLI_RAW_TYPES: readonly number[] = [0, 1, 2, 4];
const MAX_BHLI_INFORMATION = 8;

function encodeBhli(
  value: BroadbandHighLayerInformation,
  w: ByteWriter,
  path: string,
): Q2931EncodeError | undefined {
  if (value.hliType === BHLI_VENDOR) {
    const bad =
      checkUint(value.oui, 24, `${path}.oui`) ?? checkUint(value.applicationId, 32, `${path}.applicationId`);
    if (bad) return bad;
    w.u8(EXT | BHLI_VENDOR);
    w.u24(value.oui);
    w.u32(value.applicationId);
    return undefined;
  }
  if (!BHLI_RAW_TYPES.includes(value.hliType)) {
    return encodeError(
      EncodeErrorCode.OUT_OF_RANGE,
      `${path}.hliType`,
      `${path}.hliType must be 0..4, got ${String(value.hliType)}`,
    );
  }
  const bad = checkBytes(value.information, 0, MAX_BHLI_INFORMATION, `${path}.information`);
  if (bad) return bad;
  w.u8(EXT | value.hliType);
  w.bytes(value.information);
  return undefined;
}

function decodeBhli(r: ByteReader): IeDecoded<BroadbandHighLayerInformation> {
  const at = r.pos;
  if (r.remaining() < 1) return fault(at, "Broadband high layer information: no type octet");
  const octet5 = r.u8();
  if ((octet5 & EXT) === 0)
    return fault(at, "Broadband high layer information: octet 5 extension bit must be 1");
  const hliType = octet5 & 0x7f;
  if (hliType === BHLI_VENDOR) {
    if (r.remaining() !== 7) {
      return fault(
        r.pos,
        `Broadband high layer information: vendor-specific needs 7 octets, got ${r.remaining()}`,
      );
    }
    return { ok: true, value: { hliType: BHLI_VENDOR, oui: r.u24(), applicationId: r.u32() } };
  }
  if (!BHLI_RAW_TYPES.includes(hliType)) {
    return fault(at, `Broadband high layer information: unknown type ${hliType}`);
  }
  if (r.remaining() > MAX_BHLI_INFORMATION) {
    return fault(r.pos, `Broadband high layer information: ${r.remaining()} information octets (max 8)`);
  }
  return {
    ok: true,
    value: { hliType: hliType as 0 | 1 | 2 | 4, information: r.bytes(r.remaining()) },
  };
}

/** Broadband high layer information (0x5D). */
export const bhliCodec: IeCodec<"bhli"> = {
  id: IeId.BROADBAND_HIGH_LAYER_INFORMATION,
  key: "bhli",
  defaultCoding: 0,
  encode: encodeBhli,
  decode: decodeBhli,
  overreads: neverOverreads,
};

/** Broadband repeat indicator (0x63). */
export const repeatIndicatorCodec: IeCodec<"repeatIndicator"> = {
  id: IeId.BROADBAND_REPEAT_INDICATOR,
  key: "repeatIndicator",
  defaultCoding: 0,
  encode(value, w, path) {
    const bad = checkUint(value.indicator, 4, `${path}.indicator`);
    if (bad) return bad;
    w.u8(EXT | value.indicator);
    return undefined;
  },
  decode(r) {
    const at = r.pos;
    if (r.remaining() < 1) return fault(at, "Broadband repeat indicator: no indicator octet");
    const octet = r.u8();
    if ((octet & EXT) === 0) return fault(at, "Broadband repeat indicator: extension bit must be 1");
    return { ok: true, value: { indicator: octet & 0x0f } };
  },
  overreads: neverOverreads,
};
