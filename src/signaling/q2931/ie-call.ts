/**
 * Codecs for the call-handling IEs: cause (0x08), call state (0x14), connection identifier (0x5A),
 * endpoint reference (0x54), endpoint state (0x55), restart indicator (0x79), broadband sending
 * complete (0x62) and the Q.2963.1 broadband report type (0x89). Layouts: Q.2931 / ATM Forum UNI 3.1; the
 * report type as linux-atm codes it (one octet, `type_of_report`).
 */
import { checkBoolean, checkBytes, checkUint, fault } from "./bytes.ts";
import { causeOverreads } from "./cause-values.ts";
import { IeId } from "./constants.ts";
import { alwaysOverreads, type IeCodec, neverOverreads } from "./ie-codec.ts";
import type { CauseIe, IeValues } from "./ie-types.ts";

const EXT = 0x80;
const MAX_DIAGNOSTIC_OCTETS = 28;

/** Cause (0x08); the diagnostic is kept as raw octets (see cause-values.ts for builders). */
export const causeCodec: IeCodec<"cause"> = {
  id: IeId.CAUSE,
  key: "cause",
  defaultCoding: 0,
  encode(value, w, path) {
    const bad =
      checkUint(value.location, 4, `${path}.location`) ??
      checkUint(value.value, 7, `${path}.value`) ??
      (value.diagnostic === undefined
        ? undefined
        : checkBytes(value.diagnostic, 0, MAX_DIAGNOSTIC_OCTETS, `${path}.diagnostic`));
    if (bad) return bad;
    w.u8(EXT | value.location);
    w.u8(EXT | value.value);
    if (value.diagnostic !== undefined) w.bytes(value.diagnostic);
    return undefined;
  },
  decode(r) {
    const at = r.pos;
    if (r.remaining() < 2) return fault(at, `Cause: ${r.remaining()} octets, needs at least 2`);
    const octet5 = r.u8();
    if ((octet5 & EXT) === 0) return fault(at, "Cause: octet 5 extension bit must be 1");
    const octet6 = r.u8();
    if ((octet6 & EXT) === 0) return fault(at + 1, "Cause: octet 6 extension bit must be 1");
    if (r.remaining() > MAX_DIAGNOSTIC_OCTETS) {
      return fault(r.pos, `Cause: ${r.remaining()} diagnostic octets (max 28)`);
    }
    const base = { location: octet5 & 0x0f, value: octet6 & 0x7f };
    const value: CauseIe = r.remaining() === 0 ? base : { ...base, diagnostic: r.bytes(r.remaining()) };
    return { ok: true, value };
  },
  overreads: (value) => causeOverreads(value.value, value.diagnostic?.length ?? 0),
};

/** A state IE: one octet whose low 6 bits are the state (call state, endpoint state). */
function stateCodec<K extends "callState" | "endpointState">(id: number, key: K, label: string): IeCodec<K> {
  return {
    id,
    key,
    defaultCoding: 0,
    encode(value, w, path) {
      const bad = checkUint(value.state, 6, `${path}.state`);
      if (bad) return bad;
      w.u8(value.state);
      return undefined;
    },
    decode(r) {
      if (r.remaining() < 1) return fault(r.pos, `${label}: no state octet`);
      return { ok: true, value: { state: r.u8() & 0x3f } as IeValues[K] };
    },
    overreads: neverOverreads,
  };
}

/** Call state (0x14). */
export const callStateCodec = stateCodec(IeId.CALL_STATE, "callState", "Call state");

/** Connection identifier (0x5A): VPCI and VCI of the VC the call uses. */
export const connectionIdentifierCodec: IeCodec<"connectionIdentifier"> = {
  id: IeId.CONNECTION_IDENTIFIER,
  key: "connectionIdentifier",
  defaultCoding: 0,
  encode(value, w, path) {
    const bad =
      checkUint(value.vpAssociatedSignalling, 2, `${path}.vpAssociatedSignalling`) ??
      checkUint(value.preferredExclusive, 3, `${path}.preferredExclusive`) ??
      checkUint(value.vpci, 16, `${path}.vpci`) ??
      checkUint(value.vci, 16, `${path}.vci`);
    if (bad) return bad;
    w.u8(EXT | (value.vpAssociatedSignalling << 3) | value.preferredExclusive);
    w.u16(value.vpci);
    w.u16(value.vci);
    return undefined;
  },
  decode(r) {
    const at = r.pos;
    if (r.remaining() < 5) return fault(at, `Connection identifier: ${r.remaining()} octets, needs 5`);
    const octet5 = r.u8();
    if ((octet5 & EXT) === 0) return fault(at, "Connection identifier: octet 5 extension bit must be 1");
    return {
      ok: true,
      value: {
        vpAssociatedSignalling: (octet5 >> 3) & 0x03,
        preferredExclusive: octet5 & 0x07,
        vpci: r.u16(),
        vci: r.u16(),
      },
    };
  },
  overreads: neverOverreads,
};

const ENDPOINT_REFERENCE_TYPE = 0x00; // locally defined integer, the only type defined

/** Endpoint reference (0x54). */
export const endpointReferenceCodec: IeCodec<"endpointReference"> = {
  id: IeId.ENDPOINT_REFERENCE,
  key: "endpointReference",
  defaultCoding: 0,
  encode(value, w, path) {
    const bad = checkUint(value.value, 15, `${path}.value`) ?? checkBoolean(value.flag, `${path}.flag`);
    if (bad) return bad;
    w.u8(ENDPOINT_REFERENCE_TYPE);
    w.u16((value.flag ? 0x8000 : 0) | value.value);
    return undefined;
  },
  decode(r) {
    const at = r.pos;
    if (r.remaining() < 3) return fault(at, `Endpoint reference: ${r.remaining()} octets, needs 3`);
    const type = r.u8();
    if (type !== ENDPOINT_REFERENCE_TYPE) return fault(at, `Endpoint reference: unknown type ${type}`);
    const word = r.u16();
    return { ok: true, value: { value: word & 0x7fff, flag: (word & 0x8000) !== 0 } };
  },
  overreads: neverOverreads,
};

/** Endpoint state (0x55). */
export const endpointStateCodec = stateCodec(IeId.ENDPOINT_STATE, "endpointState", "Endpoint state");

/** Restart indicator (0x79). */
export const restartIndicatorCodec: IeCodec<"restartIndicator"> = {
  id: IeId.RESTART_INDICATOR,
  key: "restartIndicator",
  defaultCoding: 0,
  encode(value, w, path) {
    const bad = checkUint(value.restartClass, 3, `${path}.restartClass`);
    if (bad) return bad;
    w.u8(EXT | value.restartClass);
    return undefined;
  },
  decode(r) {
    const at = r.pos;
    if (r.remaining() < 1) return fault(at, "Restart indicator: no class octet");
    const octet = r.u8();
    if ((octet & EXT) === 0) return fault(at, "Restart indicator: extension bit must be 1");
    return { ok: true, value: { restartClass: octet & 0x07 } };
  },
  overreads: neverOverreads,
};

const SENDING_COMPLETE_INDICATION = 0xa1;

/** Broadband sending complete (0x62). tshark 4.0 over-reads it, so the encoder never puts it last. */
export const sendingCompleteCodec: IeCodec<"sendingComplete"> = {
  id: IeId.BROADBAND_SENDING_COMPLETE,
  key: "sendingComplete",
  defaultCoding: 0,
  encode(_value, w) {
    w.u8(SENDING_COMPLETE_INDICATION);
    return undefined;
  },
  decode(r) {
    const at = r.pos;
    if (r.remaining() < 1) return fault(at, "Broadband sending complete: no indication octet");
    const octet = r.u8();
    if (octet !== SENDING_COMPLETE_INDICATION) {
      return fault(at, `Broadband sending complete: indication 0x${octet.toString(16)}, expected 0xa1`);
    }
    return { ok: true, value: {} };
  },
  overreads: alwaysOverreads,
};

/**
 * Broadband report type (0x89, Q.2963.1): one octet, the type of report. tshark 4.0 does not know
 * the IE (it shows "Unknown information element") and reads it cleanly, also as the last IE.
 */
export const reportTypeCodec: IeCodec<"reportType"> = {
  id: IeId.BROADBAND_REPORT_TYPE,
  key: "reportType",
  defaultCoding: 0,
  encode(value, w, path) {
    const bad = checkUint(value.typeOfReport, 8, `${path}.typeOfReport`);
    if (bad) return bad;
    w.u8(value.typeOfReport);
    return undefined;
  },
  decode(r) {
    if (r.remaining() < 1) return fault(r.pos, "Broadband report type: no type-of-report octet");
    return { ok: true, value: { typeOfReport: r.u8() } };
  },
  overreads: neverOverreads,
};
