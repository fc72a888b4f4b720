/**
 * Codecs for the addressing IEs: called (0x70) / calling (0x6C) party number, called (0x71) / calling
 * (0x6D) party subaddress, and transit network selection (0x78). Layouts: Q.2931 / ATM Forum UNI 3.1.
 */
import { type ByteReader, type ByteWriter, checkBytes, checkUint, fault, type IeDecoded } from "./bytes.ts";
import { IeId } from "./constants.ts";
import { EncodeErrorCode, encodeError, type Q2931EncodeError } from "./errors.ts";
import { type IeCodec, neverOverreads } from "./ie-codec.ts";
import type {
  AesaPartyNumber,
  CalledPartyNumber,
  CallingPartyNumber,
  E164PartyNumber,
  PartySubaddress,
  PresentationScreening,
  TransitNetworkSelection,
} from "./ie-types.ts";

const EXT = 0x80;
const PLAN_E164 = 0x1;
const PLAN_AESA = 0x2;
const AESA_OCTETS = 20;
const MAX_E164_DIGITS = 15;
const DIGITS = /^[0-9]+$/;

function checkNumber(value: AesaPartyNumber | E164PartyNumber, path: string): Q2931EncodeError | undefined {
  const bad = checkUint(value.typeOfNumber, 3, `${path}.typeOfNumber`);
  if (bad) return bad;
  if (value.plan === PLAN_AESA) return checkBytes(value.address, AESA_OCTETS, AESA_OCTETS, `${path}.address`);
  if (value.plan === PLAN_E164) {
    const digits: unknown = value.digits;
    if (typeof digits === "string" && digits.length <= MAX_E164_DIGITS && DIGITS.test(digits))
      return undefined;
    return encodeError(
      EncodeErrorCode.OUT_OF_RANGE,
      `${path}.digits`,
      `${path}.digits must be 1..15 decimal digits`,
    );
  }
  return encodeError(
    EncodeErrorCode.OUT_OF_RANGE,
    `${path}.plan`,
    `${path}.plan must be 1 (E.164) or 2 (ATM end-system address), got ${String((value as { plan: unknown }).plan)}`,
  );
}

function writeNumberDigits(value: AesaPartyNumber | E164PartyNumber, w: ByteWriter): void {
  if (value.plan === PLAN_AESA) w.bytes(value.address);
  else for (let i = 0; i < value.digits.length; i++) w.u8(value.digits.charCodeAt(i));
}

// Reads the number digits after octet 5 (and 5a) according to the numbering plan.
function readNumberDigits(
  r: ByteReader,
  what: string,
  plan: number,
  typeOfNumber: number,
  planAt: number,
): IeDecoded<AesaPartyNumber | E164PartyNumber> {
  const at = r.pos;
  const n = r.remaining();
  if (plan === PLAN_AESA) {
    if (n !== AESA_OCTETS) return fault(at, `${what}: ATM end-system address is ${n} octets, needs 20`);
    return { ok: true, value: { plan: PLAN_AESA, typeOfNumber, address: r.bytes(n) } };
  }
  if (plan === PLAN_E164) {
    if (n < 1 || n > MAX_E164_DIGITS) return fault(at, `${what}: E.164 number has ${n} digits, needs 1..15`);
    let digits = "";
    for (let i = 0; i < n; i++) {
      const c = r.u8();
      if (c < 0x30 || c > 0x39)
        return fault(at + i, `${what}: E.164 digit octet 0x${c.toString(16)} is not 0-9`);
      digits += String.fromCharCode(c);
    }
    return { ok: true, value: { plan: PLAN_E164, typeOfNumber, digits } };
  }
  return fault(planAt, `${what}: numbering plan ${plan} is not supported (UNI 3.1 uses 1 E.164, 2 AESA)`);
}

/** Called party number (0x70). */
export const calledPartyNumberCodec: IeCodec<"calledPartyNumber"> = {
  id: IeId.CALLED_PARTY_NUMBER,
  key: "calledPartyNumber",
  defaultCoding: 0,
  encode(value: CalledPartyNumber, w, path) {
    const bad = checkNumber(value, path);
    if (bad) return bad;
    w.u8(EXT | (value.typeOfNumber << 4) | value.plan);
    writeNumberDigits(value, w);
    return undefined;
  },
  decode(r) {
    const at = r.pos;
    if (r.remaining() < 1) return fault(at, "Called party number: no octet 5");
    const octet5 = r.u8();
    if ((octet5 & EXT) === 0) return fault(at, "Called party number: octet 5 extension bit must be 1");
    return readNumberDigits(r, "Called party number", octet5 & 0x0f, (octet5 >> 4) & 0x07, at);
  },
  overreads: neverOverreads,
};

/** Calling party number (0x6C), with the optional presentation/screening octet 5a. */
export const callingPartyNumberCodec: IeCodec<"callingPartyNumber"> = {
  id: IeId.CALLING_PARTY_NUMBER,
  key: "callingPartyNumber",
  defaultCoding: 0,
  encode(value: CallingPartyNumber, w, path) {
    const ps = value.presentationScreening;
    const bad =
      checkNumber(value, path) ??
      (ps === undefined
        ? undefined
        : (checkUint(ps.presentation, 2, `${path}.presentationScreening.presentation`) ??
          checkUint(ps.screening, 2, `${path}.presentationScreening.screening`)));
    if (bad) return bad;
    const octet5 = (value.typeOfNumber << 4) | value.plan;
    if (ps === undefined) {
      w.u8(EXT | octet5);
    } else {
      w.u8(octet5); // extension bit 0: octet 5a follows
      w.u8(EXT | (ps.presentation << 5) | ps.screening);
    }
    writeNumberDigits(value, w);
    return undefined;
  },
  decode(r) {
    const at = r.pos;
    if (r.remaining() < 1) return fault(at, "Calling party number: no octet 5");
    const octet5 = r.u8();
    let presentationScreening: PresentationScreening | undefined;
    if ((octet5 & EXT) === 0) {
      const at5a = r.pos;
      if (r.remaining() < 1) return fault(at5a, "Calling party number: octet 5a announced but missing");
      const octet5a = r.u8();
      if ((octet5a & EXT) === 0) return fault(at5a, "Calling party number: octet 5a extension bit must be 1");
      presentationScreening = { presentation: (octet5a >> 5) & 0x03, screening: octet5a & 0x03 };
    }
    const number = readNumberDigits(r, "Calling party number", octet5 & 0x0f, (octet5 >> 4) & 0x07, at);
    if (!number.ok || presentationScreening === undefined) return number;
    return { ok: true, value: { ...number.value, presentationScreening } };
  },
  overreads: neverOverreads,
};

const MAX_SUBADDRESS_OCTETS = 20;

function encodeSubaddress(value: PartySubaddress, w: ByteWriter, path: string): Q2931EncodeError | undefined {
  const bad =
    (value.subaddressType === 0 || value.subaddressType === 1 || value.subaddressType === 2
      ? undefined
      : encodeError(
          EncodeErrorCode.OUT_OF_RANGE,
          `${path}.subaddressType`,
          `${path}.subaddressType must be 0, 1 or 2, got ${String(value.subaddressType)}`,
        )) ??
    (typeof value.odd === "boolean"
      ? undefined
      : encodeError(EncodeErrorCode.OUT_OF_RANGE, `${path}.odd`, `${path}.odd must be a boolean`)) ??
    checkBytes(value.information, 0, MAX_SUBADDRESS_OCTETS, `${path}.information`);
  if (bad) return bad;
  w.u8(EXT | (value.subaddressType << 4) | (value.odd ? 0x08 : 0));
  w.bytes(value.information);
  return undefined;
}

function decodeSubaddress(what: string): (r: ByteReader) => IeDecoded<PartySubaddress> {
  return (r) => {
    const at = r.pos;
    if (r.remaining() < 1) return fault(at, `${what}: no octet 5`);
    const octet5 = r.u8();
    if ((octet5 & EXT) === 0) return fault(at, `${what}: octet 5 extension bit must be 1`);
    const subaddressType = (octet5 >> 4) & 0x07;
    if (subaddressType > 2) return fault(at, `${what}: unknown subaddress type ${subaddressType}`);
    if (r.remaining() > MAX_SUBADDRESS_OCTETS) {
      return fault(r.pos, `${what}: ${r.remaining()} subaddress octets (max 20)`);
    }
    return {
      ok: true,
      value: {
        subaddressType: subaddressType as 0 | 1 | 2,
        odd: (octet5 & 0x08) !== 0,
        information: r.bytes(r.remaining()),
      },
    };
  };
}

/** Called party subaddress (0x71). */
export const calledPartySubaddressCodec: IeCodec<"calledPartySubaddress"> = {
  id: IeId.CALLED_PARTY_SUBADDRESS,
  key: "calledPartySubaddress",
  defaultCoding: 0,
  encode: encodeSubaddress,
  decode: decodeSubaddress("Called party subaddress"),
  overreads: neverOverreads,
};

/** Calling party subaddress (0x6D). */
export const callingPartySubaddressCodec: IeCodec<"callingPartySubaddress"> = {
  id: IeId.CALLING_PARTY_SUBADDRESS,
  key: "callingPartySubaddress",
  defaultCoding: 0,
  encode: encodeSubaddress,
  decode: decodeSubaddress("Calling party subaddress"),
  overreads: neverOverreads,
};

const MAX_NETWORK_ID_CHARS = 4;

/** Transit network selection (0x78). */
export const transitNetworkSelectionCodec: IeCodec<"transitNetworkSelection"> = {
  id: IeId.TRANSIT_NETWORK_SELECTION,
  key: "transitNetworkSelection",
  defaultCoding: 0,
  encode(value: TransitNetworkSelection, w, path) {
    const id: unknown = value.networkId;
    const bad =
      checkUint(value.networkIdType, 3, `${path}.networkIdType`) ??
      checkUint(value.networkIdPlan, 4, `${path}.networkIdPlan`) ??
      (typeof id === "string" &&
      id.length <= MAX_NETWORK_ID_CHARS &&
      [...id].every((c) => c.charCodeAt(0) < 0x80)
        ? undefined
        : encodeError(
            EncodeErrorCode.OUT_OF_RANGE,
            `${path}.networkId`,
            `${path}.networkId must be at most 4 IA5 (7-bit) characters`,
          ));
    if (bad) return bad;
    w.u8(EXT | (value.networkIdType << 4) | value.networkIdPlan);
    for (let i = 0; i < value.networkId.length; i++) w.u8(value.networkId.charCodeAt(i));
    return undefined;
  },
  decode(r) {
    const at = r.pos;
    if (r.remaining() < 1) return fault(at, "Transit network selection: no octet 5");
    const octet5 = r.u8();
    if ((octet5 & EXT) === 0) return fault(at, "Transit network selection: octet 5 extension bit must be 1");
    if (r.remaining() > MAX_NETWORK_ID_CHARS) {
      return fault(
        r.pos,
        `Transit network selection: network identification is ${r.remaining()} octets (max 4)`,
      );
    }
    let networkId = "";
    while (r.remaining() > 0) {
      const cAt = r.pos;
      const c = r.u8();
      if (c >= 0x80) return fault(cAt, `Transit network selection: octet 0x${c.toString(16)} is not IA5`);
      networkId += String.fromCharCode(c);
    }
    return {
      ok: true,
      value: { networkIdType: (octet5 >> 4) & 0x07, networkIdPlan: octet5 & 0x0f, networkId },
    };
  },
  overreads: neverOverreads,
};
