/**
 * Codecs for the connection-characteristics IEs: AAL parameters (0x58), ATM traffic descriptor (0x59),
 * broadband bearer capability (0x5E) and QoS parameter (0x5C). Layouts: Q.2931 / ATM Forum UNI 3.1.
 */
import {
  type ByteReader,
  type ByteWriter,
  checkBoolean,
  checkBytes,
  checkUint,
  fault,
  type IeDecoded,
} from "./bytes.ts";
import { hex2, IeId } from "./constants.ts";
import { EncodeErrorCode, encodeError, type Q2931EncodeError } from "./errors.ts";
import { alwaysOverreads, type IeCodec, neverOverreads } from "./ie-codec.ts";
import type {
  AalParameters,
  AtmTrafficDescriptor,
  BroadbandBearerCapability,
  QosParameter,
  TrafficDirection,
} from "./ie-types.ts";

// One AAL sub-field: identifier octet, the property it fills, and its value size in octets.
// MID range (size 4) is two 16-bit values. The order of each list is the encoding order.
type AalSubfield = readonly [id: number, key: string, size: 1 | 2 | 4];

const AAL1_SUBFIELDS: readonly AalSubfield[] = [
  [0x85, "subtype", 1],
  [0x86, "cbrRate", 1],
  [0x87, "multiplier", 2],
  [0x88, "sourceClockFrequencyRecovery", 1],
  [0x89, "errorCorrection", 1],
  [0x8a, "structuredDataTransferBlockSize", 2],
  [0x8b, "partiallyFilledCells", 1],
];

const AAL34_SUBFIELDS: readonly AalSubfield[] = [
  [0x8c, "forwardMaxCpcsSduSize", 2],
  [0x81, "backwardMaxCpcsSduSize", 2],
  [0x82, "midRange", 4],
  [0x83, "mode", 1],
  [0x84, "sscsType", 1],
];

const AAL5_SUBFIELDS: readonly AalSubfield[] = AAL34_SUBFIELDS.filter(([id]) => id !== 0x82);

// A Map, not an object: a string "1" must not select AAL1.
const AAL_SUBFIELDS: ReadonlyMap<unknown, readonly AalSubfield[]> = new Map([
  [0x01, AAL1_SUBFIELDS],
  [0x03, AAL34_SUBFIELDS],
  [0x05, AAL5_SUBFIELDS],
]);

const USER_DEFINED_AAL = 0x10;
const MAX_USER_DEFINED_AAL_OCTETS = 4;

function encodeAal(value: AalParameters, w: ByteWriter, path: string): Q2931EncodeError | undefined {
  if (value.aalType === USER_DEFINED_AAL) {
    const bad = checkBytes(value.information, 0, MAX_USER_DEFINED_AAL_OCTETS, `${path}.information`);
    if (bad) return bad;
    w.u8(USER_DEFINED_AAL);
    w.bytes(value.information);
    return undefined;
  }
  const subfields = AAL_SUBFIELDS.get(value.aalType);
  if (subfields === undefined) {
    return encodeError(
      EncodeErrorCode.OUT_OF_RANGE,
      `${path}.aalType`,
      `${path}.aalType must be 0x01, 0x03, 0x05 or 0x10, got ${String(value.aalType)}`,
    );
  }
  w.u8(value.aalType);
  const fields = value as unknown as Readonly<Record<string, unknown>>;
  for (const [id, key, size] of subfields) {
    const field = fields[key];
    if (field === undefined) continue;
    if (size === 4) {
      const range = field as { readonly low?: unknown; readonly high?: unknown };
      const bad =
        checkUint(range.low, 16, `${path}.${key}.low`) ?? checkUint(range.high, 16, `${path}.${key}.high`);
      if (bad) return bad;
      w.u8(id);
      w.u16(range.low as number);
      w.u16(range.high as number);
      continue;
    }
    const bad = checkUint(field, size * 8, `${path}.${key}`);
    if (bad) return bad;
    w.u8(id);
    if (size === 1) w.u8(field as number);
    else w.u16(field as number);
  }
  return undefined;
}

function decodeAal(r: ByteReader): IeDecoded<AalParameters> {
  if (r.remaining() < 1) return fault(r.pos, "AAL parameters: no AAL type octet");
  const typeAt = r.pos;
  const aalType = r.u8();
  if (aalType === USER_DEFINED_AAL) {
    if (r.remaining() > MAX_USER_DEFINED_AAL_OCTETS) {
      return fault(r.pos, `AAL parameters: user-defined AAL information is ${r.remaining()} octets (max 4)`);
    }
    return { ok: true, value: { aalType: USER_DEFINED_AAL, information: r.bytes(r.remaining()) } };
  }
  const subfields = AAL_SUBFIELDS.get(aalType);
  if (subfields === undefined)
    return fault(typeAt, `AAL parameters: unsupported AAL type 0x${hex2(aalType)}`);
  const out: Record<string, unknown> = { aalType };
  while (r.remaining() > 0) {
    const at = r.pos;
    const id = r.u8();
    const spec = subfields.find(([sid]) => sid === id);
    if (spec === undefined) {
      return fault(
        at,
        `AAL parameters: sub-field 0x${hex2(id)} is not defined for AAL type 0x${hex2(aalType)}`,
      );
    }
    const [, key, size] = spec;
    if (key in out) return fault(at, `AAL parameters: sub-field 0x${hex2(id)} repeated`);
    if (r.remaining() < size) {
      return fault(at, `AAL parameters: sub-field 0x${hex2(id)} needs ${size} octets, ${r.remaining()} left`);
    }
    if (size === 4) out[key] = { low: r.u16(), high: r.u16() };
    else out[key] = size === 1 ? r.u8() : r.u16();
  }
  return { ok: true, value: out as unknown as AalParameters };
}

/** AAL parameters (0x58). */
export const aalCodec: IeCodec<"aal"> = {
  id: IeId.AAL_PARAMETERS,
  key: "aal",
  defaultCoding: 0,
  encode: encodeAal,
  decode: decodeAal,
  overreads: alwaysOverreads,
};

// Traffic descriptor sub-fields with a 24-bit value, in encoding order: identifier, direction, property.
const TD_VALUE_SUBFIELDS: readonly (readonly [number, "forward" | "backward", keyof TrafficDirection])[] = [
  [0x82, "forward", "peakCellRateClp0"],
  [0x83, "backward", "peakCellRateClp0"],
  [0x84, "forward", "peakCellRateClp01"],
  [0x85, "backward", "peakCellRateClp01"],
  [0x88, "forward", "sustainableCellRateClp0"],
  [0x89, "backward", "sustainableCellRateClp0"],
  [0x90, "forward", "sustainableCellRateClp01"],
  [0x91, "backward", "sustainableCellRateClp01"],
  [0xa0, "forward", "maxBurstSizeClp0"],
  [0xa1, "backward", "maxBurstSizeClp0"],
  [0xb0, "forward", "maxBurstSizeClp01"],
  [0xb1, "backward", "maxBurstSizeClp01"],
];
const TD_BEST_EFFORT = 0xbe;
const TD_OPTIONS = 0xbf;
const TAG_FORWARD = 0x01;
const TAG_BACKWARD = 0x02;

function encodeTrafficDescriptor(
  value: AtmTrafficDescriptor,
  w: ByteWriter,
  path: string,
): Q2931EncodeError | undefined {
  for (const direction of ["forward", "backward"] as const) {
    if (typeof value[direction] !== "object" || value[direction] === null) {
      return encodeError(
        EncodeErrorCode.OUT_OF_RANGE,
        `${path}.${direction}`,
        `${path}.${direction} is required`,
      );
    }
  }
  const bad = checkBoolean(value.bestEffort, `${path}.bestEffort`);
  if (bad) return bad;
  for (const [id, direction, key] of TD_VALUE_SUBFIELDS) {
    const field = value[direction][key];
    if (field === undefined) continue;
    const badField = checkUint(field, 24, `${path}.${direction}.${key}`);
    if (badField) return badField;
    w.u8(id);
    w.u24(field);
  }
  if (value.bestEffort) w.u8(TD_BEST_EFFORT);
  if (value.tagging !== undefined) {
    const badTag =
      checkBoolean(value.tagging.forward, `${path}.tagging.forward`) ??
      checkBoolean(value.tagging.backward, `${path}.tagging.backward`);
    if (badTag) return badTag;
    w.u8(TD_OPTIONS);
    w.u8((value.tagging.forward ? TAG_FORWARD : 0) | (value.tagging.backward ? TAG_BACKWARD : 0));
  }
  return undefined;
}

function decodeTrafficDescriptor(r: ByteReader): IeDecoded<AtmTrafficDescriptor> {
  const forward: Record<string, number> = {};
  const backward: Record<string, number> = {};
  const seen = new Set<number>();
  let bestEffort = false;
  let tagging: AtmTrafficDescriptor["tagging"];
  while (r.remaining() > 0) {
    const at = r.pos;
    const id = r.u8();
    if (seen.has(id)) return fault(at, `ATM traffic descriptor: sub-field 0x${hex2(id)} repeated`);
    seen.add(id);
    if (id === TD_BEST_EFFORT) {
      bestEffort = true;
      continue;
    }
    if (id === TD_OPTIONS) {
      if (r.remaining() < 1) return fault(at, "ATM traffic descriptor: options sub-field 0xbf has no value");
      const options = r.u8();
      tagging = { forward: (options & TAG_FORWARD) !== 0, backward: (options & TAG_BACKWARD) !== 0 };
      continue;
    }
    const spec = TD_VALUE_SUBFIELDS.find(([sid]) => sid === id);
    if (spec === undefined) return fault(at, `ATM traffic descriptor: unknown sub-field 0x${hex2(id)}`);
    if (r.remaining() < 3) {
      return fault(
        at,
        `ATM traffic descriptor: sub-field 0x${hex2(id)} needs 3 octets, ${r.remaining()} left`,
      );
    }
    const [, direction, key] = spec;
    (direction === "forward" ? forward : backward)[key] = r.u24();
  }
  const value: AtmTrafficDescriptor =
    tagging === undefined ? { forward, backward, bestEffort } : { forward, backward, bestEffort, tagging };
  return { ok: true, value };
}

/** ATM traffic descriptor (0x59). */
export const trafficDescriptorCodec: IeCodec<"trafficDescriptor"> = {
  id: IeId.ATM_TRAFFIC_DESCRIPTOR,
  key: "trafficDescriptor",
  defaultCoding: 0,
  encode: encodeTrafficDescriptor,
  decode: decodeTrafficDescriptor,
  overreads: alwaysOverreads,
};

const EXT = 0x80;

function encodeBearerCapability(
  value: BroadbandBearerCapability,
  w: ByteWriter,
  path: string,
): Q2931EncodeError | undefined {
  const tc = value.transferCapability;
  const bad =
    checkUint(value.bearerClass, 5, `${path}.bearerClass`) ??
    (tc === undefined
      ? undefined
      : (checkUint(tc.trafficType, 3, `${path}.transferCapability.trafficType`) ??
        checkUint(tc.timingRequirements, 2, `${path}.transferCapability.timingRequirements`))) ??
    checkUint(value.clipping, 2, `${path}.clipping`) ??
    checkUint(value.userPlane, 2, `${path}.userPlane`);
  if (bad) return bad;
  if (tc === undefined) {
    w.u8(EXT | value.bearerClass);
  } else {
    w.u8(value.bearerClass); // extension bit 0: octet 5a follows
    w.u8(EXT | (tc.trafficType << 2) | tc.timingRequirements);
  }
  w.u8(EXT | (value.clipping << 5) | value.userPlane);
  return undefined;
}

function decodeBearerCapability(r: ByteReader): IeDecoded<BroadbandBearerCapability> {
  if (r.remaining() < 2)
    return fault(r.pos, `Broadband bearer capability: ${r.remaining()} octets, needs 2 or 3`);
  const octet5 = r.u8();
  const bearerClass = octet5 & 0x1f;
  let transferCapability: BroadbandBearerCapability["transferCapability"];
  if ((octet5 & EXT) === 0) {
    const at = r.pos;
    if (r.remaining() < 2) return fault(at, "Broadband bearer capability: octet 5a announced but missing");
    const octet5a = r.u8();
    if ((octet5a & EXT) === 0) return fault(at, "Broadband bearer capability: octet 5a must end the group");
    transferCapability = { trafficType: (octet5a >> 2) & 0x07, timingRequirements: octet5a & 0x03 };
  }
  const at6 = r.pos;
  const octet6 = r.u8();
  if ((octet6 & EXT) === 0) return fault(at6, "Broadband bearer capability: octet 6 extension bit must be 1");
  const clipping = (octet6 >> 5) & 0x03;
  const userPlane = octet6 & 0x03;
  const value: BroadbandBearerCapability =
    transferCapability === undefined
      ? { bearerClass, clipping, userPlane }
      : { bearerClass, transferCapability, clipping, userPlane };
  return { ok: true, value };
}

/** Broadband bearer capability (0x5E). */
export const bearerCapabilityCodec: IeCodec<"bearerCapability"> = {
  id: IeId.BROADBAND_BEARER_CAPABILITY,
  key: "bearerCapability",
  defaultCoding: 0,
  encode: encodeBearerCapability,
  decode: decodeBearerCapability,
  overreads: neverOverreads,
};

/** QoS parameter (0x5C); UNI 3.1 codes it with coding standard "network" (0xE0), as linux-atm does. */
export const qosCodec: IeCodec<"qos"> = {
  id: IeId.QOS_PARAMETER,
  key: "qos",
  defaultCoding: 3,
  encode(value: QosParameter, w, path) {
    const bad =
      checkUint(value.forwardClass, 8, `${path}.forwardClass`) ??
      checkUint(value.backwardClass, 8, `${path}.backwardClass`);
    if (bad) return bad;
    w.u8(value.forwardClass);
    w.u8(value.backwardClass);
    return undefined;
  },
  decode(r) {
    if (r.remaining() < 2) return fault(r.pos, `QoS parameter: ${r.remaining()} octets, needs 2`);
    return { ok: true, value: { forwardClass: r.u8(), backwardClass: r.u8() } };
  },
  overreads: neverOverreads,
};
