/**
 * Codec for the broadband low layer information IE (0x5F): up to three layer groups, each with its
 * protocol-specific continuation octets. Layout: Q.2931 / ATM Forum UNI 3.1, LAf `ie_blli`.
 */
import { type ByteReader, type ByteWriter, checkUint, fault, type IeDecoded } from "./bytes.ts";
import { hex2, IeId } from "./constants.ts";
import { EncodeErrorCode, encodeError, type Q2931EncodeError } from "./errors.ts";
import { type IeCodec, neverOverreads } from "./ie-codec.ts";
import type { BlliLayer2, BlliLayer3, BroadbandLowLayerInformation } from "./ie-types.ts";

const EXT = 0x80;
const LAYER1 = 0x20;
const LAYER2 = 0x40;
const LAYER3 = 0x60;
const USER_SPECIFIED = 0x10;
const TR_9577 = 0x0b;
const IPI_SNAP = 0x80;

const L2_PLAIN: readonly number[] = [0x01, 0x02, 0x08, 0x0c, 0x0d];
const L2_MODE: readonly number[] = [0x06, 0x07, 0x09, 0x0a, 0x0b, 0x0e, 0x11];
const L3_PLAIN: readonly number[] = [0x09, 0x0a];
const L3_MODE: readonly number[] = [0x06, 0x07, 0x08];

function outOfRange(path: string, reason: string): Q2931EncodeError {
  return encodeError(EncodeErrorCode.OUT_OF_RANGE, path, reason);
}

function encodeLayer2(l2: BlliLayer2, w: ByteWriter, path: string): Q2931EncodeError | undefined {
  const p = l2.protocol;
  if ("userInformation" in l2) {
    if (p !== USER_SPECIFIED)
      return outOfRange(`${path}.protocol`, `${path}.userInformation needs protocol 0x10`);
    const bad = checkUint(l2.userInformation, 7, `${path}.userInformation`);
    if (bad) return bad;
    w.u8(LAYER2 | USER_SPECIFIED);
    w.u8(EXT | l2.userInformation);
    return undefined;
  }
  if (L2_PLAIN.includes(p)) {
    w.u8(EXT | LAYER2 | p);
    return undefined;
  }
  if (!L2_MODE.includes(p))
    return outOfRange(`${path}.protocol`, `${path}.protocol 0x${hex2(p)} is not supported`);
  const options = "options" in l2 ? l2.options : undefined;
  if (options === undefined) {
    w.u8(EXT | LAYER2 | p);
    return undefined;
  }
  const bad =
    checkUint(options.mode, 2, `${path}.options.mode`) ??
    checkUint(options.q933, 2, `${path}.options.q933`) ??
    (options.windowSize === undefined
      ? undefined
      : checkUint(options.windowSize, 7, `${path}.options.windowSize`));
  if (bad) return bad;
  w.u8(LAYER2 | p);
  const octet6a = (options.mode << 5) | options.q933;
  if (options.windowSize === undefined) {
    w.u8(EXT | octet6a);
  } else {
    w.u8(octet6a);
    w.u8(EXT | options.windowSize);
  }
  return undefined;
}

function encodeTr9577(
  l3: Extract<BlliLayer3, { readonly protocol: 0x0b }>,
  w: ByteWriter,
  path: string,
): Q2931EncodeError | undefined {
  if (l3.ipi === undefined) {
    if (l3.snap !== undefined) {
      return encodeError(EncodeErrorCode.INCONSISTENT, `${path}.snap`, `${path}.snap needs ipi 0x80`);
    }
    w.u8(EXT | LAYER3 | TR_9577);
    return undefined;
  }
  const bad = checkUint(l3.ipi, 8, `${path}.ipi`);
  if (bad) return bad;
  if ((l3.ipi === IPI_SNAP) !== (l3.snap !== undefined)) {
    return encodeError(
      EncodeErrorCode.INCONSISTENT,
      `${path}.snap`,
      `${path}.snap must be present exactly when ipi is 0x80 (SNAP)`,
    );
  }
  if (l3.snap !== undefined) {
    const badSnap =
      checkUint(l3.snap.oui, 24, `${path}.snap.oui`) ?? checkUint(l3.snap.pid, 16, `${path}.snap.pid`);
    if (badSnap) return badSnap;
  }
  w.u8(LAYER3 | TR_9577);
  w.u8((l3.ipi >> 1) & 0x7f); // extension bit 0: octet 7b follows
  w.u8(EXT | ((l3.ipi & 0x01) << 6));
  if (l3.snap !== undefined) {
    w.u8(EXT); // SNAP identifier 00
    w.u24(l3.snap.oui);
    w.u16(l3.snap.pid);
  }
  return undefined;
}

function encodeLayer3(l3: BlliLayer3, w: ByteWriter, path: string): Q2931EncodeError | undefined {
  const p = l3.protocol;
  if ("userInformation" in l3) {
    if (p !== USER_SPECIFIED)
      return outOfRange(`${path}.protocol`, `${path}.userInformation needs protocol 0x10`);
    const bad = checkUint(l3.userInformation, 7, `${path}.userInformation`);
    if (bad) return bad;
    w.u8(LAYER3 | USER_SPECIFIED);
    w.u8(EXT | l3.userInformation);
    return undefined;
  }
  if (p === TR_9577) return encodeTr9577(l3 as Extract<BlliLayer3, { readonly protocol: 0x0b }>, w, path);
  if (L3_PLAIN.includes(p)) {
    w.u8(EXT | LAYER3 | p);
    return undefined;
  }
  if (!L3_MODE.includes(p))
    return outOfRange(`${path}.protocol`, `${path}.protocol 0x${hex2(p)} is not supported`);
  const options = "options" in l3 ? l3.options : undefined;
  if (options === undefined) {
    w.u8(EXT | LAYER3 | p);
    return undefined;
  }
  const bad =
    checkUint(options.mode, 2, `${path}.options.mode`) ??
    (options.defaultPacketSize === undefined
      ? undefined
      : checkUint(options.defaultPacketSize, 4, `${path}.options.defaultPacketSize`)) ??
    (options.packetWindowSize === undefined
      ? undefined
      : checkUint(options.packetWindowSize, 7, `${path}.options.packetWindowSize`));
  if (bad) return bad;
  if (options.packetWindowSize !== undefined && options.defaultPacketSize === undefined) {
    return encodeError(
      EncodeErrorCode.INCONSISTENT,
      `${path}.options.packetWindowSize`,
      `${path}.options.packetWindowSize (octet 7c) needs defaultPacketSize (octet 7b)`,
    );
  }
  w.u8(LAYER3 | p);
  const octet7a = options.mode << 5;
  if (options.defaultPacketSize === undefined) {
    w.u8(EXT | octet7a);
    return undefined;
  }
  w.u8(octet7a);
  if (options.packetWindowSize === undefined) {
    w.u8(EXT | options.defaultPacketSize);
    return undefined;
  }
  w.u8(options.defaultPacketSize);
  w.u8(EXT | options.packetWindowSize);
  return undefined;
}

function encodeBlli(
  value: BroadbandLowLayerInformation,
  w: ByteWriter,
  path: string,
): Q2931EncodeError | undefined {
  if (value.layer1 !== undefined) {
    const bad = checkUint(value.layer1.protocol, 5, `${path}.layer1.protocol`);
    if (bad) return bad;
    w.u8(EXT | LAYER1 | value.layer1.protocol);
  }
  if (value.layer2 !== undefined) {
    const bad = encodeLayer2(value.layer2, w, `${path}.layer2`);
    if (bad) return bad;
  }
  if (value.layer3 !== undefined) {
    const bad = encodeLayer3(value.layer3, w, `${path}.layer3`);
    if (bad) return bad;
  }
  return undefined;
}

// Reads the next continuation octet of a layer group; `last` says whether it must end the group.
function next(r: ByteReader, what: string, last: boolean | undefined): IeDecoded<number> {
  const at = r.pos;
  if (r.remaining() < 1) return fault(at, `Broadband low layer information: ${what} announced but missing`);
  const octet = r.u8();
  if (last === true && (octet & EXT) === 0) {
    return fault(at, `Broadband low layer information: ${what} must end its group (extension bit 1)`);
  }
  if (last === false && (octet & EXT) !== 0) {
    return fault(at, `Broadband low layer information: ${what} must be followed by another octet`);
  }
  return { ok: true, value: octet };
}

function decodeLayer2(r: ByteReader, at: number, octet: number): IeDecoded<BlliLayer2> {
  const protocol = octet & 0x1f;
  const more = (octet & EXT) === 0;
  if (protocol === USER_SPECIFIED) {
    if (!more) return fault(at, "Broadband low layer information: user-specified layer 2 needs octet 6a");
    const o6a = next(r, "octet 6a", true);
    if (!o6a.ok) return o6a;
    return { ok: true, value: { protocol: USER_SPECIFIED, userInformation: o6a.value & 0x7f } };
  }
  if (L2_PLAIN.includes(protocol)) {
    if (more)
      return fault(
        at,
        `Broadband low layer information: layer 2 protocol 0x${hex2(protocol)} takes no octet 6a`,
      );
    return { ok: true, value: { protocol } as BlliLayer2 };
  }
  if (!L2_MODE.includes(protocol)) {
    return fault(at, `Broadband low layer information: unknown layer 2 protocol 0x${hex2(protocol)}`);
  }
  const modeProtocol = protocol as Extract<BlliLayer2, { readonly options?: unknown }>["protocol"];
  if (!more) return { ok: true, value: { protocol: modeProtocol } };
  const o6a = next(r, "octet 6a", undefined);
  if (!o6a.ok) return o6a;
  const mode = (o6a.value >> 5) & 0x03;
  const q933 = o6a.value & 0x03;
  if ((o6a.value & EXT) !== 0)
    return { ok: true, value: { protocol: modeProtocol, options: { mode, q933 } } };
  const o6b = next(r, "octet 6b", true);
  if (!o6b.ok) return o6b;
  return {
    ok: true,
    value: { protocol: modeProtocol, options: { mode, q933, windowSize: o6b.value & 0x7f } },
  };
}

function decodeTr9577(r: ByteReader, more: boolean): IeDecoded<BlliLayer3> {
  if (!more) return { ok: true, value: { protocol: TR_9577 } };
  const o7a = next(r, "octet 7a (IPI)", false);
  if (!o7a.ok) return o7a;
  const o7b = next(r, "octet 7b (IPI)", true);
  if (!o7b.ok) return o7b;
  const ipi = ((o7a.value & 0x7f) << 1) | ((o7b.value >> 6) & 0x01);
  if (ipi !== IPI_SNAP) return { ok: true, value: { protocol: TR_9577, ipi } };
  const at = r.pos;
  if (r.remaining() < 6)
    return fault(at, `Broadband low layer information: SNAP needs 6 octets, ${r.remaining()} left`);
  const o8 = r.u8();
  if ((o8 & 0xe0) !== EXT)
    return fault(at, "Broadband low layer information: SNAP identifier octet must be 0x80");
  const oui = r.u24();
  const pid = r.u16();
  return { ok: true, value: { protocol: TR_9577, ipi, snap: { oui, pid } } };
}

function decodeLayer3(r: ByteReader, at: number, octet: number): IeDecoded<BlliLayer3> {
  const protocol = octet & 0x1f;
  const more = (octet & EXT) === 0;
  if (protocol === USER_SPECIFIED) {
    if (!more) return fault(at, "Broadband low layer information: user-specified layer 3 needs octet 7a");
    const o7a = next(r, "octet 7a", true);
    if (!o7a.ok) return o7a;
    return { ok: true, value: { protocol: USER_SPECIFIED, userInformation: o7a.value & 0x7f } };
  }
  if (protocol === TR_9577) return decodeTr9577(r, more);
  if (L3_PLAIN.includes(protocol)) {
    if (more)
      return fault(
        at,
        `Broadband low layer information: layer 3 protocol 0x${hex2(protocol)} takes no octet 7a`,
      );
    return { ok: true, value: { protocol } as BlliLayer3 };
  }
  if (!L3_MODE.includes(protocol)) {
    return fault(at, `Broadband low layer information: unknown layer 3 protocol 0x${hex2(protocol)}`);
  }
  const modeProtocol = protocol as 0x06 | 0x07 | 0x08;
  if (!more) return { ok: true, value: { protocol: modeProtocol } };
  const o7a = next(r, "octet 7a", undefined);
  if (!o7a.ok) return o7a;
  const mode = (o7a.value >> 5) & 0x03;
  if ((o7a.value & EXT) !== 0) return { ok: true, value: { protocol: modeProtocol, options: { mode } } };
  const o7b = next(r, "octet 7b", undefined);
  if (!o7b.ok) return o7b;
  const defaultPacketSize = o7b.value & 0x0f;
  if ((o7b.value & EXT) !== 0) {
    return { ok: true, value: { protocol: modeProtocol, options: { mode, defaultPacketSize } } };
  }
  const o7c = next(r, "octet 7c", true);
  if (!o7c.ok) return o7c;
  const packetWindowSize = o7c.value & 0x7f;
  return {
    ok: true,
    value: { protocol: modeProtocol, options: { mode, defaultPacketSize, packetWindowSize } },
  };
}

function decodeBlli(r: ByteReader): IeDecoded<BroadbandLowLayerInformation> {
  const out: { layer1?: { protocol: number }; layer2?: BlliLayer2; layer3?: BlliLayer3 } = {};
  while (r.remaining() > 0) {
    const at = r.pos;
    const octet = r.u8();
    const layer = (octet >> 5) & 0x03;
    const name = `layer ${layer}`;
    if (layer === 0)
      return fault(at, `Broadband low layer information: octet 0x${hex2(octet)} has no layer identifier`);
    if ((layer === 1 && out.layer1) || (layer === 2 && out.layer2) || (layer === 3 && out.layer3)) {
      return fault(at, `Broadband low layer information: ${name} group repeated`);
    }
    if (layer === 1) {
      if ((octet & EXT) === 0)
        return fault(at, "Broadband low layer information: layer 1 octet must end its group");
      out.layer1 = { protocol: octet & 0x1f };
    } else if (layer === 2) {
      const l2 = decodeLayer2(r, at, octet);
      if (!l2.ok) return l2;
      out.layer2 = l2.value;
    } else {
      const l3 = decodeLayer3(r, at, octet);
      if (!l3.ok) return l3;
      out.layer3 = l3.value;
    }
  }
  return { ok: true, value: out };
}

/** Broadband low layer information (0x5F). */
export const blliCodec: IeCodec<"blli"> = {
  id: IeId.BROADBAND_LOW_LAYER_INFORMATION,
  key: "blli",
  defaultCoding: 0,
  encode: encodeBlli,
  decode: decodeBlli,
  overreads: neverOverreads,
};
