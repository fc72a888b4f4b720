/**
 * ATM_SAP (atm.h): the SAP a client of the ATM address family registers, carried in
 * CO_SAP.Sap with SapType SAP_TYPE_NSAP. Laid out as the C structures, little-endian:
 *
 *   ATM_BLLI_IE  Blli   (36 octets)  ATM_BHLI_IE Bhli (16 octets)
 *   ULONG NumberOfAddresses          ATM_ADDRESS Addresses[]  (28 octets each)
 *
 * Decoding is strict: a malformed SAP is refused (the call manager answers INVALID_DATA).
 */
import type { CO_SAP } from "../ndis/index.ts";
import { SAP_TYPE } from "../ndis/index.ts";
import { hex } from "../util/hex.ts";

/**
 * The SAP_FIELD_* markers of atm.h. SAP_FIELD_ABSENT and SAP_FIELD_ANY stand in any ULONG field of
 * a SAP; SAP_FIELD_ANY_AESA_SEL and SAP_FIELD_ANY_AESA_REST only in ATM_ADDRESS.AddressType, for an
 * AESA whose selector, or all but whose selector, is wild.
 */
export const SAP_FIELD = {
  SAP_FIELD_ABSENT: 0xfffffffe,
  SAP_FIELD_ANY: 0xffffffff,
  SAP_FIELD_ANY_AESA_SEL: 0xfffffffa,
  SAP_FIELD_ANY_AESA_REST: 0xfffffffb,
} as const;

/** ATM_ADDRESSTYPE values. */
export const ATM_ADDRESSTYPE = { ATM_NSAP: 0, ATM_E164: 1 } as const;

/** ATM_BLLI_IE: the broadband low-layer information the SAP matches. */
export interface ATM_BLLI_IE {
  readonly Layer2Protocol: number;
  readonly Layer2Mode: number;
  readonly Layer2WindowSize: number;
  readonly Layer2UserSpecifiedProtocol: number;
  readonly Layer3Protocol: number;
  readonly Layer3Mode: number;
  readonly Layer3DefaultPacketSize: number;
  readonly Layer3PacketWindowSize: number;
  readonly Layer3UserSpecifiedProtocol: number;
  readonly Layer3IPI: number;
  readonly SnapId: Uint8Array;
}

/** ATM_BHLI_IE: the broadband high-layer information the SAP matches. */
export interface ATM_BHLI_IE {
  readonly HighLayerInfoType: number;
  readonly HighLayerInfoLength: number;
  readonly HighLayerInfo: Uint8Array;
}

/**
 * ATM_ADDRESS: an NSAP (AESA, 20 octets) or E.164 address. In a SAP, AddressType may also be
 * SAP_FIELD_ANY, SAP_FIELD_ANY_AESA_SEL or SAP_FIELD_ANY_AESA_REST.
 */
export interface ATM_ADDRESS {
  readonly AddressType: number;
  readonly NumberOfDigits: number;
  readonly Address: Uint8Array;
}

/** ATM_SAP. */
export interface ATM_SAP {
  readonly Blli: ATM_BLLI_IE;
  readonly Bhli: ATM_BHLI_IE;
  readonly Addresses: readonly ATM_ADDRESS[];
}

const BLLI_SIZE = 36;
const BHLI_SIZE = 16;
const ADDRESS_SIZE = 28;

/** A BLLI that matches anything. */
export function anyBlli(): ATM_BLLI_IE {
  return {
    Layer2Protocol: SAP_FIELD.SAP_FIELD_ANY,
    Layer2Mode: 0,
    Layer2WindowSize: 0,
    Layer2UserSpecifiedProtocol: SAP_FIELD.SAP_FIELD_ABSENT,
    Layer3Protocol: SAP_FIELD.SAP_FIELD_ANY,
    Layer3Mode: 0,
    Layer3DefaultPacketSize: 0,
    Layer3PacketWindowSize: 0,
    Layer3UserSpecifiedProtocol: SAP_FIELD.SAP_FIELD_ABSENT,
    Layer3IPI: SAP_FIELD.SAP_FIELD_ABSENT,
    SnapId: new Uint8Array(5),
  };
}

/** A BHLI that matches anything. */
export function anyBhli(): ATM_BHLI_IE {
  return {
    HighLayerInfoType: SAP_FIELD.SAP_FIELD_ANY,
    HighLayerInfoLength: 0,
    HighLayerInfo: new Uint8Array(8),
  };
}

/** Encodes an ATM_SAP as the CO_SAP a client passes to NdisClRegisterSap. */
export function encodeAtmSap(sap: ATM_SAP): CO_SAP {
  const bytes = new Uint8Array(BLLI_SIZE + BHLI_SIZE + 4 + sap.Addresses.length * ADDRESS_SIZE);
  const v = new DataView(bytes.buffer);
  const b = sap.Blli;
  v.setUint32(0, b.Layer2Protocol >>> 0, true);
  v.setUint8(4, b.Layer2Mode);
  v.setUint8(5, b.Layer2WindowSize);
  v.setUint32(8, b.Layer2UserSpecifiedProtocol >>> 0, true);
  v.setUint32(12, b.Layer3Protocol >>> 0, true);
  v.setUint8(16, b.Layer3Mode);
  v.setUint8(17, b.Layer3DefaultPacketSize);
  v.setUint8(18, b.Layer3PacketWindowSize);
  v.setUint32(20, b.Layer3UserSpecifiedProtocol >>> 0, true);
  v.setUint32(24, b.Layer3IPI >>> 0, true);
  bytes.set(b.SnapId.subarray(0, 5), 28);
  v.setUint32(BLLI_SIZE, sap.Bhli.HighLayerInfoType >>> 0, true);
  v.setUint32(BLLI_SIZE + 4, sap.Bhli.HighLayerInfoLength >>> 0, true);
  bytes.set(sap.Bhli.HighLayerInfo.subarray(0, 8), BLLI_SIZE + 8);
  const base = BLLI_SIZE + BHLI_SIZE;
  v.setUint32(base, sap.Addresses.length, true);
  sap.Addresses.forEach((a, i) => {
    const o = base + 4 + i * ADDRESS_SIZE;
    v.setUint32(o, a.AddressType >>> 0, true);
    v.setUint32(o + 4, a.NumberOfDigits >>> 0, true);
    bytes.set(a.Address.subarray(0, 20), o + 8);
  });
  return { SapType: SAP_TYPE.SAP_TYPE_NSAP, SapLength: bytes.length, Sap: bytes };
}

/** Why a CO_SAP is not an ATM SAP the call manager accepts. */
export type AtmSapError = "not-nsap" | "truncated" | "too-many-addresses" | "bad-address" | "bad-bhli";

/** The AddressTypes a SAP's address may have that name an AESA of 20 digits (exact or part wild). */
const AESA_SAP_TYPES: ReadonlySet<number> = new Set([
  ATM_ADDRESSTYPE.ATM_NSAP,
  SAP_FIELD.SAP_FIELD_ANY_AESA_SEL,
  SAP_FIELD.SAP_FIELD_ANY_AESA_REST,
]);

/**
 * Decodes the ATM_SAP of a CO_SAP. Accepts SAP_TYPE_NSAP with zero or one address (as the UNI
 * call manager supports): an ATM_NSAP, SAP_FIELD_ANY_AESA_SEL or SAP_FIELD_ANY_AESA_REST address of
 * 20 digits, or a SAP_FIELD_ANY one (any number of digits: they are not read); and a BHLI of at
 * most 8 octets.
 */
export function decodeAtmSap(co: CO_SAP): { ok: true; sap: ATM_SAP } | { ok: false; error: AtmSapError } {
  if (co.SapType !== SAP_TYPE.SAP_TYPE_NSAP) return { ok: false, error: "not-nsap" };
  const bytes = co.Sap.subarray(0, co.SapLength);
  if (bytes.length < BLLI_SIZE + BHLI_SIZE + 4) return { ok: false, error: "truncated" };
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = v.getUint32(BLLI_SIZE + BHLI_SIZE, true);
  if (count > 1) return { ok: false, error: "too-many-addresses" };
  if (bytes.length !== BLLI_SIZE + BHLI_SIZE + 4 + count * ADDRESS_SIZE)
    return { ok: false, error: "truncated" };
  const bhliLength = v.getUint32(BLLI_SIZE + 4, true);
  if (bhliLength > 8) return { ok: false, error: "bad-bhli" };
  const Addresses: ATM_ADDRESS[] = [];
  for (let i = 0; i < count; i++) {
    const o = BLLI_SIZE + BHLI_SIZE + 4 + i * ADDRESS_SIZE;
    const AddressType = v.getUint32(o, true);
    const NumberOfDigits = v.getUint32(o + 4, true);
    const aesa = AESA_SAP_TYPES.has(AddressType) && NumberOfDigits === 20;
    if (!aesa && AddressType !== SAP_FIELD.SAP_FIELD_ANY) return { ok: false, error: "bad-address" };
    Addresses.push({ AddressType, NumberOfDigits, Address: bytes.slice(o + 8, o + 28) });
  }
  return {
    ok: true,
    sap: {
      Blli: {
        Layer2Protocol: v.getUint32(0, true),
        Layer2Mode: v.getUint8(4),
        Layer2WindowSize: v.getUint8(5),
        Layer2UserSpecifiedProtocol: v.getUint32(8, true),
        Layer3Protocol: v.getUint32(12, true),
        Layer3Mode: v.getUint8(16),
        Layer3DefaultPacketSize: v.getUint8(17),
        Layer3PacketWindowSize: v.getUint8(18),
        Layer3UserSpecifiedProtocol: v.getUint32(20, true),
        Layer3IPI: v.getUint32(24, true),
        SnapId: bytes.slice(28, 33),
      },
      Bhli: {
        HighLayerInfoType: v.getUint32(BLLI_SIZE, true),
        HighLayerInfoLength: bhliLength,
        HighLayerInfo: bytes.slice(BLLI_SIZE + 8, BLLI_SIZE + 8 + bhliLength),
      },
      Addresses,
    },
  };
}

/** A key that is equal for two SAPs that would receive the same calls (address and its type, BLLI, BHLI). */
export function atmSapKey(sap: ATM_SAP): string {
  const b = sap.Blli;
  const blli = [
    b.Layer2Protocol,
    b.Layer2Mode,
    b.Layer2UserSpecifiedProtocol,
    b.Layer3Protocol,
    b.Layer3Mode,
    b.Layer3UserSpecifiedProtocol,
    b.Layer3IPI,
    hex(b.SnapId),
  ].join(",");
  const bhli = `${sap.Bhli.HighLayerInfoType},${hex(sap.Bhli.HighLayerInfo)}`;
  // Only the octets a SAP's AddressType leaves significant: the wild ones do not tell SAPs apart.
  const significant = (a: ATM_ADDRESS): Uint8Array =>
    a.AddressType === SAP_FIELD.SAP_FIELD_ANY_AESA_SEL
      ? a.Address.subarray(0, 19)
      : a.AddressType === SAP_FIELD.SAP_FIELD_ANY_AESA_REST
        ? a.Address.subarray(19, 20)
        : a.Address;
  const address = (a: ATM_ADDRESS): string =>
    a.AddressType === SAP_FIELD.SAP_FIELD_ANY ? "*" : `${a.AddressType.toString(16)}:${hex(significant(a))}`;
  return `${sap.Addresses.map(address).join("|") || "*"};${blli};${bhli}`;
}
