/**
 * The IE table: every IE codec by key and by identifier, the IE header (identifier, compatibility
 * instruction, length) and whole-IE encode/decode used by the message codec and by tests.
 */
import { ByteReader, ByteWriter, checkBoolean, checkUint, fault, type IeDecoded } from "./bytes.ts";
import { hex2, IE_HEADER_LENGTH, ieName } from "./constants.ts";
import { EncodeErrorCode, encodeError, type Q2931EncodeError } from "./errors.ts";
import { aalCodec, bearerCapabilityCodec, qosCodec, trafficDescriptorCodec } from "./ie-aal-traffic.ts";
import {
  calledPartyNumberCodec,
  calledPartySubaddressCodec,
  callingPartyNumberCodec,
  callingPartySubaddressCodec,
  transitNetworkSelectionCodec,
} from "./ie-address.ts";
import { bhliCodec, repeatIndicatorCodec } from "./ie-bhli.ts";
import { blliCodec } from "./ie-blli.ts";
import {
  callStateCodec,
  causeCodec,
  connectionIdentifierCodec,
  endpointReferenceCodec,
  endpointStateCodec,
  reportTypeCodec,
  restartIndicatorCodec,
  sendingCompleteCodec,
} from "./ie-call.ts";
import type { IeCodec } from "./ie-codec.ts";
import type { IeInstruction, IeKey, IeValues } from "./ie-types.ts";

/** Every IE codec, by the key the IE has in a message's `ies`. */
export const IE_CODECS: { readonly [K in IeKey]: IeCodec<K> } = {
  aal: aalCodec,
  trafficDescriptor: trafficDescriptorCodec,
  bearerCapability: bearerCapabilityCodec,
  bhli: bhliCodec,
  repeatIndicator: repeatIndicatorCodec,
  blli: blliCodec,
  calledPartyNumber: calledPartyNumberCodec,
  calledPartySubaddress: calledPartySubaddressCodec,
  callingPartyNumber: callingPartyNumberCodec,
  callingPartySubaddress: callingPartySubaddressCodec,
  connectionIdentifier: connectionIdentifierCodec,
  qos: qosCodec,
  sendingComplete: sendingCompleteCodec,
  transitNetworkSelection: transitNetworkSelectionCodec,
  endpointReference: endpointReferenceCodec,
  endpointState: endpointStateCodec,
  cause: causeCodec,
  callState: callStateCodec,
  restartIndicator: restartIndicatorCodec,
  reportType: reportTypeCodec,
};

/** The IE key for each implemented IE identifier. */
export const IE_KEY_BY_ID: ReadonlyMap<number, IeKey> = new Map(
  (Object.keys(IE_CODECS) as IeKey[]).map((key) => [IE_CODECS[key].id, key]),
);

const EXT = 0x80;

/** The compatibility octet for an IE: the IE's normal one unless `instruction` overrides it. */
export function instructionOctet(
  defaultCoding: number,
  instruction: IeInstruction | undefined,
  path: string,
): number | Q2931EncodeError {
  if (instruction === undefined) return EXT | (defaultCoding << 5);
  const bad =
    checkUint(instruction.codingStandard, 2, `${path}.instruction.codingStandard`) ??
    checkBoolean(instruction.flag, `${path}.instruction.flag`) ??
    checkUint(instruction.action, 3, `${path}.instruction.action`);
  if (bad) return bad;
  return EXT | (instruction.codingStandard << 5) | (instruction.flag ? 0x10 : 0) | instruction.action;
}

/** The instruction in an IE compatibility octet, or undefined when it is the IE's normal one. */
export function decodeInstruction(octet: number, defaultCoding: number): IeInstruction | undefined {
  const codingStandard = (octet >> 5) & 0x03;
  const flag = (octet & 0x10) !== 0;
  const action = octet & 0x07;
  if (codingStandard === defaultCoding && !flag && action === 0) return undefined;
  return { codingStandard, flag, action };
}

/** Writes one whole IE (header and contents) for `key`; the length field is computed. */
export function writeIe<K extends IeKey>(
  key: K,
  value: IeValues[K],
  w: ByteWriter,
  path: string,
): Q2931EncodeError | undefined {
  const codec: IeCodec<K> = IE_CODECS[key];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return encodeError(EncodeErrorCode.OUT_OF_RANGE, path, `${path} must be one IE object`);
  }
  const octet = instructionOctet(codec.defaultCoding, value.instruction, path);
  if (typeof octet !== "number") return octet;
  w.u8(codec.id);
  w.u8(octet);
  const lengthAt = w.length;
  w.u16(0);
  const bad = codec.encode(value, w, path);
  if (bad) return bad;
  w.patchU16(lengthAt, w.length - lengthAt - 2);
  return undefined;
}

/**
 * Decodes the contents of one IE in `data[start, end)`, rejecting octets the IE's layout leaves
 * unread, and attaches a non-normal compatibility instruction.
 */
export function readIeContents<K extends IeKey>(
  key: K,
  data: Uint8Array,
  start: number,
  end: number,
  compatibilityOctet: number,
): IeDecoded<IeValues[K]> {
  const codec: IeCodec<K> = IE_CODECS[key];
  const r = new ByteReader(data, start, end);
  const decoded = codec.decode(r);
  if (!decoded.ok) return decoded;
  if (r.pos !== r.end) {
    return fault(r.pos, `${ieName(codec.id)}: ${r.end - r.pos} unexpected octets after the contents`);
  }
  const instruction = decodeInstruction(compatibilityOctet, codec.defaultCoding);
  if (instruction === undefined) return decoded;
  return { ok: true, value: { ...decoded.value, instruction } };
}

/** Encodes one IE on its own (header included): for tests, traces and tools. */
export function encodeIe<K extends IeKey>(
  key: K,
  value: IeValues[K],
):
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly error: Q2931EncodeError } {
  const w = new ByteWriter();
  const bad = writeIe(key, value, w, key);
  if (bad) return { ok: false, error: bad };
  return { ok: true, bytes: w.finish() };
}

/** A decoded stand-alone IE: its key and typed value. */
export type DecodedIe = { readonly [K in IeKey]: { readonly key: K; readonly value: IeValues[K] } }[IeKey];

/** Decodes exactly one IE (header included) from `bytes`: for tests, traces and tools. */
export function decodeIe(
  bytes: Uint8Array,
):
  | ({ readonly ok: true } & DecodedIe)
  | { readonly ok: false; readonly offset: number; readonly reason: string } {
  if (bytes.length < IE_HEADER_LENGTH)
    return fault(bytes.length, `IE header needs 4 octets, got ${bytes.length}`);
  const id = bytes[0] ?? 0;
  const key = IE_KEY_BY_ID.get(id);
  if (key === undefined) return fault(0, `IE identifier 0x${hex2(id)} is not implemented`);
  const length = ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  const end = IE_HEADER_LENGTH + length;
  if (end > bytes.length) return fault(2, `${ieName(id)}: length ${length} runs past the end`);
  if (end < bytes.length) return fault(end, `${ieName(id)}: ${bytes.length - end} octets after the IE`);
  const decoded = readIeContents(key, bytes, IE_HEADER_LENGTH, end, bytes[1] ?? 0);
  if (!decoded.ok) return decoded;
  return { ok: true, key, value: decoded.value } as { readonly ok: true } & DecodedIe;
}
