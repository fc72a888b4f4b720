/**
 * The ATM call parameters a client of the Q.2931 address family puts in
 * CO_CALL_MANAGER_PARAMETERS.CallMgrSpecific (ParamType CALLMGR_SPECIFIC_Q2931), after atm.h's
 * Q2931_CALLMGR_PARAMETERS, little-endian as the C structures lie:
 *
 *   ATM_ADDRESS CalledParty (28)  ATM_ADDRESS CallingParty (28)  ULONG InfoElementCount
 *   Q2931_IE InfoElements[]: ULONG IEType, ULONG IELength (whole IE, header included), IE body
 *
 * The body starts at FIELD_OFFSET(Q2931_IE, IE) = 8 and the next IE at IELength. condis writes
 * the exact length (8 + the body). Windows ATM clients count the header as sizeof(Q2931_IE) (12)
 * rounded up to the pointer size and the body rounded likewise, so the decoder accepts those
 * lengths as well (see {@link acceptedIeLengths}); the octets past the body are padding.
 *
 * The model carries the IEs a point-to-point AAL5 call needs: AAL parameters (AAL5 SDU sizes),
 * BLLI and BHLI (ATM_BLLI_IE / ATM_BHLI_IE, laid out as in ATM_SAP). Other IE types are skipped.
 * The decoder is strict and never throws; the builder makes the whole CO_CALL_PARAMETERS.
 */
import {
  type CO_CALL_PARAMETERS,
  type CO_SPECIFIC_PARAMETERS,
  type FLOWSPEC,
  SAP_TYPE,
} from "../../ndis/index.ts";
import { AAL5_MODE, AAL5_SSCS, ATM_AAL_TYPE, atmVcParameters } from "../atm-media.ts";
import {
  type ATM_BHLI_IE,
  type ATM_BLLI_IE,
  anyBhli,
  anyBlli,
  decodeAtmSap,
  encodeAtmSap,
} from "../atm-sap.ts";

/** CO_SPECIFIC_PARAMETERS.ParamType of Q2931_CALLMGR_PARAMETERS. */
export const CALLMGR_SPECIFIC_Q2931 = 0x00000001;

/** Q2931_IE_TYPE values (atm.h). */
export const Q2931_IE_TYPE = {
  IE_AALParameters: 0,
  IE_TrafficDescriptor: 1,
  IE_BroadbandBearerCapability: 2,
  IE_BHLI: 3,
  IE_BLLI: 4,
  IE_CalledPartyNumber: 5,
  IE_CalledPartySubaddress: 6,
  IE_CallingPartyNumber: 7,
  IE_CallingPartySubaddress: 8,
  IE_Cause: 9,
  IE_QOSClass: 10,
  IE_TransitNetworkSelection: 11,
  IE_BroadbandSendingComplete: 12,
  IE_LIJCallId: 13,
  IE_Raw: 14,
} as const;

/** AAL5 parameters of a call (AAL_PARAMETERS_IE with AALType AAL_TYPE_AAL5, AAL5_PARAMETERS). */
export interface Aal5CallParameters {
  readonly forwardMaxCpcsSduSize: number;
  readonly backwardMaxCpcsSduSize: number;
  /** AAL5_PARAMETERS.Mode (AAL5_MODE_*); the encoder writes AAL5_MODE_MESSAGE when absent. */
  readonly mode?: number;
  /** AAL5_PARAMETERS.SSCSType (AAL5_SSCS_*); the encoder writes AAL5_SSCS_NULL when absent. */
  readonly sscsType?: number;
}

/** What a Q2931_CALLMGR_PARAMETERS holds, as the model uses it. */
export interface AtmCallParameters {
  /** The called party's 20-octet AESA; undefined when CalledParty has no digits. */
  readonly calledParty: Uint8Array | undefined;
  readonly callingParty: Uint8Array | undefined;
  readonly aal5: Aal5CallParameters | undefined;
  readonly blli: ATM_BLLI_IE | undefined;
  readonly bhli: ATM_BHLI_IE | undefined;
  /** IEs of types the model does not read, skipped. */
  readonly skippedIes: number;
}

/** Why a CallMgrSpecific is not a Q2931_CALLMGR_PARAMETERS the call manager accepts. */
export interface AtmCallParametersError {
  readonly code: "wrong-type" | "truncated" | "bad-address" | "bad-ie-length" | "bad-ie" | "trailing-bytes";
  readonly offset: number;
  readonly reason: string;
}

/** The decoder's result. */
export type AtmCallParametersResult =
  | { readonly ok: true; readonly value: AtmCallParameters }
  | { readonly ok: false; readonly error: AtmCallParametersError };

const ADDRESS_SIZE = 28;
const HEADER_SIZE = 2 * ADDRESS_SIZE + 4;
/** FIELD_OFFSET(Q2931_IE, IE): where an IE's body starts. */
const IE_HEADER = 8;
/** sizeof(Q2931_IE): IEType, IELength and IE[1], padded to a ULONG boundary. */
const SIZEOF_Q2931_IE = 12;
const BLLI_SIZE = 36;
const BHLI_SIZE = 16;
/** sizeof(AAL_PARAMETERS_IE): AALType and the union, whose largest member is AAL5_PARAMETERS (12). */
const AAL_SIZE = 16;
const AAL_TYPE_AAL5 = ATM_AAL_TYPE.AAL_TYPE_AAL5;

const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

/**
 * The IELength values accepted for an IE whose body is `bodySize` octets: the exact 8 + body, and
 * the forms of Windows ATM clients, ROUND_UP(sizeof(Q2931_IE)) + ROUND_UP(body) with ROUND_UP to
 * 4 (32-bit pointers) or 8 (64-bit pointers) octets.
 */
export function acceptedIeLengths(bodySize: number): readonly number[] {
  const lengths = new Set([
    IE_HEADER + bodySize,
    roundUp(SIZEOF_Q2931_IE, 4) + roundUp(bodySize, 4),
    roundUp(SIZEOF_Q2931_IE, 8) + roundUp(bodySize, 8),
  ]);
  return [...lengths].sort((a, b) => a - b);
}
/** More IEs than a SETUP can carry means a corrupt count. */
const MAX_IES = 64;

const fail = (
  code: AtmCallParametersError["code"],
  offset: number,
  reason: string,
): AtmCallParametersResult => ({
  ok: false,
  error: { code, offset, reason },
});

/** The raw BLLI octets of an ATM_BLLI_IE (the first 36 octets of an ATM_SAP). */
function blliBytes(blli: ATM_BLLI_IE): Uint8Array {
  return encodeAtmSap({ Blli: blli, Bhli: anyBhli(), Addresses: [] }).Sap.slice(0, BLLI_SIZE);
}

/** The raw BHLI octets of an ATM_BHLI_IE. */
function bhliBytes(bhli: ATM_BHLI_IE): Uint8Array {
  return encodeAtmSap({ Blli: anyBlli(), Bhli: bhli, Addresses: [] }).Sap.slice(
    BLLI_SIZE,
    BLLI_SIZE + BHLI_SIZE,
  );
}

/** Reads BLLI or BHLI octets through the ATM_SAP decoder, so one layout serves both structures. */
function viaSap(blli: Uint8Array | undefined, bhli: Uint8Array | undefined) {
  const sap = new Uint8Array(BLLI_SIZE + BHLI_SIZE + 4);
  sap.set(blli ?? blliBytes(anyBlli()), 0);
  sap.set(bhli ?? bhliBytes(anyBhli()), BLLI_SIZE);
  return decodeAtmSap({ SapType: SAP_TYPE.SAP_TYPE_NSAP, SapLength: sap.length, Sap: sap });
}

function writeAddress(
  view: DataView,
  bytes: Uint8Array,
  offset: number,
  address: Uint8Array | undefined,
): void {
  if (address === undefined) return;
  view.setUint32(offset, 0, true); // ATM_NSAP
  view.setUint32(offset + 4, 20, true);
  bytes.set(address.subarray(0, 20), offset + 8);
}

/** Options of {@link encodeAtmCallParameters}. */
export interface AtmCallParametersInit {
  readonly calledParty?: Uint8Array | undefined;
  readonly callingParty?: Uint8Array | undefined;
  readonly aal5?: Aal5CallParameters | undefined;
  readonly blli?: ATM_BLLI_IE | undefined;
  readonly bhli?: ATM_BHLI_IE | undefined;
}

/** Encodes a Q2931_CALLMGR_PARAMETERS as CallMgrSpecific. */
export function encodeAtmCallParameters(p: AtmCallParametersInit): CO_SPECIFIC_PARAMETERS {
  const ies: [number, Uint8Array][] = [];
  if (p.aal5 !== undefined) {
    const body = new Uint8Array(AAL_SIZE);
    const v = new DataView(body.buffer);
    v.setUint32(0, AAL_TYPE_AAL5, true);
    v.setUint32(4, p.aal5.forwardMaxCpcsSduSize >>> 0, true);
    v.setUint32(8, p.aal5.backwardMaxCpcsSduSize >>> 0, true);
    v.setUint8(12, p.aal5.mode ?? AAL5_MODE.AAL5_MODE_MESSAGE);
    v.setUint8(13, p.aal5.sscsType ?? AAL5_SSCS.AAL5_SSCS_NULL);
    ies.push([Q2931_IE_TYPE.IE_AALParameters, body]);
  }
  if (p.bhli !== undefined) ies.push([Q2931_IE_TYPE.IE_BHLI, bhliBytes(p.bhli)]);
  if (p.blli !== undefined) ies.push([Q2931_IE_TYPE.IE_BLLI, blliBytes(p.blli)]);
  const size = HEADER_SIZE + ies.reduce((n, [, body]) => n + IE_HEADER + body.length, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  writeAddress(view, bytes, 0, p.calledParty);
  writeAddress(view, bytes, ADDRESS_SIZE, p.callingParty);
  view.setUint32(2 * ADDRESS_SIZE, ies.length, true);
  let o = HEADER_SIZE;
  for (const [type, body] of ies) {
    view.setUint32(o, type, true);
    view.setUint32(o + 4, IE_HEADER + body.length, true);
    bytes.set(body, o + IE_HEADER);
    o += IE_HEADER + body.length;
  }
  return { ParamType: CALLMGR_SPECIFIC_Q2931, Length: bytes.length, Parameters: bytes };
}

function readAddress(view: DataView, bytes: Uint8Array, offset: number): Uint8Array | undefined | string {
  const type = view.getUint32(offset, true);
  const digits = view.getUint32(offset + 4, true);
  if (digits === 0) return undefined;
  if (type !== 0 || digits !== 20) return `address type ${type} with ${digits} digits (only a 20-digit NSAP)`;
  return bytes.slice(offset + 8, offset + 28);
}

/** Decodes CallMgrSpecific as a Q2931_CALLMGR_PARAMETERS; never throws. */
export function decodeAtmCallParameters(
  specific: CO_SPECIFIC_PARAMETERS | null | undefined,
): AtmCallParametersResult {
  if (specific === null || specific === undefined || specific.ParamType !== CALLMGR_SPECIFIC_Q2931)
    return fail("wrong-type", 0, "ParamType is not CALLMGR_SPECIFIC_Q2931");
  const raw = specific.Parameters;
  if (!(raw instanceof Uint8Array) || !Number.isInteger(specific.Length) || specific.Length > raw.length)
    return fail("truncated", 0, "Length exceeds the parameter bytes");
  const bytes = raw.subarray(0, specific.Length);
  if (bytes.length < HEADER_SIZE)
    return fail("truncated", bytes.length, "shorter than the two addresses and the count");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const called = readAddress(view, bytes, 0);
  if (typeof called === "string") return fail("bad-address", 0, `CalledParty: ${called}`);
  const calling = readAddress(view, bytes, ADDRESS_SIZE);
  if (typeof calling === "string") return fail("bad-address", ADDRESS_SIZE, `CallingParty: ${calling}`);
  const count = view.getUint32(2 * ADDRESS_SIZE, true);
  if (count > MAX_IES)
    return fail("bad-ie", 2 * ADDRESS_SIZE, `InfoElementCount ${count} exceeds ${MAX_IES}`);
  let aal5: Aal5CallParameters | undefined;
  let blli: ATM_BLLI_IE | undefined;
  let bhli: ATM_BHLI_IE | undefined;
  let skippedIes = 0;
  let o = HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    if (o + IE_HEADER > bytes.length) return fail("truncated", o, `IE ${i} header runs past the end`);
    const type = view.getUint32(o, true);
    const length = view.getUint32(o + 4, true);
    if (length < IE_HEADER || o + length > bytes.length)
      return fail("bad-ie-length", o + 4, `IE ${i} length ${length} does not fit`);
    /** The body of a fixed-size IE, or undefined when IELength is none of the accepted forms. */
    const bodyOf = (size: number): Uint8Array | undefined =>
      acceptedIeLengths(size).includes(length)
        ? bytes.subarray(o + IE_HEADER, o + IE_HEADER + size)
        : undefined;
    const badLength = (name: string, size: number): AtmCallParametersResult =>
      fail(
        "bad-ie-length",
        o + 4,
        `${name} IE with IELength ${length} (accepted: ${acceptedIeLengths(size).join(", ")})`,
      );
    switch (type) {
      case Q2931_IE_TYPE.IE_AALParameters: {
        const body = bodyOf(AAL_SIZE);
        if (body === undefined) return badLength("AAL parameters", AAL_SIZE);
        const v = new DataView(body.buffer, body.byteOffset, body.byteLength);
        if (v.getUint32(0, true) !== AAL_TYPE_AAL5)
          return fail("bad-ie", o + IE_HEADER, "only AAL5 is supported");
        aal5 = {
          forwardMaxCpcsSduSize: v.getUint32(4, true),
          backwardMaxCpcsSduSize: v.getUint32(8, true),
          mode: v.getUint8(12),
          sscsType: v.getUint8(13),
        };
        break;
      }
      case Q2931_IE_TYPE.IE_BLLI: {
        const body = bodyOf(BLLI_SIZE);
        if (body === undefined) return badLength("BLLI", BLLI_SIZE);
        const sap = viaSap(body, undefined);
        if (!sap.ok) return fail("bad-ie", o + IE_HEADER, `BLLI: ${sap.error}`);
        blli = sap.sap.Blli;
        break;
      }
      case Q2931_IE_TYPE.IE_BHLI: {
        const body = bodyOf(BHLI_SIZE);
        if (body === undefined) return badLength("BHLI", BHLI_SIZE);
        const sap = viaSap(undefined, body);
        if (!sap.ok) return fail("bad-ie", o + IE_HEADER, `BHLI: ${sap.error}`);
        bhli = sap.sap.Bhli;
        break;
      }
      default:
        skippedIes++;
    }
    o += length;
  }
  if (o !== bytes.length) return fail("trailing-bytes", o, `${bytes.length - o} octets after the last IE`);
  return { ok: true, value: { calledParty: called, callingParty: calling, aal5, blli, bhli, skippedIes } };
}

/** Default cell rate of a UBR call: the OC-3 line rate, as an ATM adapter advertises. */
export const DEFAULT_PEAK_CELL_RATE = 353_207;
/** Octets of payload per cell, for FLOWSPEC byte rates. */
const CELL_PAYLOAD = 48;

/** A best-effort FLOWSPEC with a peak rate in octets per second. */
export function ubrFlowspec(
  peakBandwidth = DEFAULT_PEAK_CELL_RATE * CELL_PAYLOAD,
  maxSduSize = 9180,
): FLOWSPEC {
  return {
    TokenRate: 0,
    TokenBucketSize: 0,
    PeakBandwidth: peakBandwidth,
    Latency: 0,
    DelayVariation: 0,
    ServiceType: 0,
    MaxSduSize: maxSduSize,
    MinimumPolicedSize: 0,
  };
}

/** The peak cell rate a FLOWSPEC asks for (the default when it names none). */
export function peakCellRate(flow: FLOWSPEC | undefined): number {
  const bytes = flow?.PeakBandwidth ?? 0;
  if (!Number.isFinite(bytes) || bytes <= 0) return DEFAULT_PEAK_CELL_RATE;
  return Math.min(0xffffff, Math.ceil(bytes / CELL_PAYLOAD));
}

/** Options of {@link atmCallParameters}. */
export interface AtmCallInit extends AtmCallParametersInit {
  /** The VC, when known (the call manager fills it in when the network assigns it). */
  readonly vc?: { readonly vpi: number; readonly vci: number };
  /** Peak rate in octets per second, each direction (default: the OC-3 line rate). */
  readonly peakBandwidth?: number;
}

/** The CO_CALL_PARAMETERS of a point-to-point UBR AAL5 call. */
export function atmCallParameters(init: AtmCallInit): CO_CALL_PARAMETERS {
  const sdu = init.aal5?.forwardMaxCpcsSduSize ?? 9180;
  return {
    Flags: 0,
    CallMgrParameters: {
      Transmit: ubrFlowspec(init.peakBandwidth, sdu),
      Receive: ubrFlowspec(init.peakBandwidth, init.aal5?.backwardMaxCpcsSduSize ?? sdu),
      CallMgrSpecific: encodeAtmCallParameters(init),
    },
    MediaParameters: init.vc === undefined ? null : atmVcParameters(init.vc.vpi, init.vc.vci).MediaParameters,
  };
}

/** The ATM call parameters of a CO_CALL_PARAMETERS (its CallMgrSpecific). */
export function atmCallParametersOf(params: CO_CALL_PARAMETERS | null | undefined): AtmCallParametersResult {
  return decodeAtmCallParameters(params?.CallMgrParameters?.CallMgrSpecific);
}
