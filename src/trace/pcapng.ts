import type { Nanoseconds } from "../sched/scheduler.ts";
import { type CaptureResult, captureFailure } from "./capture-error.ts";
import { sunAtmFrameOf } from "./pcap.ts";
import { encodeSunAtmHeader, LINKTYPE_SUNATM, SUNATM_HEADER_LENGTH, type SunAtmFrame } from "./sunatm.ts";

const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 0x00000001;
const BLOCK_EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_ENDOFOPT = 0;
const OPT_COMMENT = 1;
const OPT_SHB_USERAPPL = 4;
const OPT_IF_NAME = 2;
const OPT_IF_TSRESOL = 9;

/** Options of a pcapng writer. */
export interface PcapngWriterInit {
  /** Default LINKTYPE_SUNATM (123). */
  readonly linkType?: number;
  /** Default 65535; longer records are cut, keeping their original length. */
  readonly snaplen?: number;
  /** if_name of the one interface, e.g. "uni0". */
  readonly interfaceName?: string;
  /** One interface per name, in order (interface ids 0, 1, …): e.g. one per host link. Overrides `interfaceName`. */
  readonly interfaceNames?: readonly string[];
  /** shb_userappl; default "condis". */
  readonly application?: string;
}

/**
 * Builds a little-endian pcapng file in memory: one section, one interface (or one per name of
 * `interfaceNames`, all of the same link type) with if_tsresol = 9 (timestamps in nanoseconds,
 * exact for virtual time), Enhanced Packet Blocks with an optional comment.
 */
export class PcapngWriter {
  readonly linkType: number;
  readonly snaplen: number;
  private readonly chunks: Uint8Array[] = [];
  private records = 0;
  /** Number of interfaces (IDBs) in the section. */
  readonly interfaceCount: number;

  constructor(init: PcapngWriterInit = {}) {
    this.linkType = init.linkType ?? LINKTYPE_SUNATM;
    this.snaplen = init.snaplen ?? 65535;
    if (!Number.isInteger(this.snaplen) || this.snaplen <= 0 || this.snaplen > 0xffff_ffff) {
      throw new RangeError(`snaplen ${this.snaplen} invalid`);
    }
    const shb = new DataView(new ArrayBuffer(16));
    shb.setUint32(0, BYTE_ORDER_MAGIC, true);
    shb.setUint16(4, 1, true);
    shb.setUint16(6, 0, true);
    shb.setBigInt64(8, -1n, true); // section length unknown
    this.chunks.push(
      block(BLOCK_SHB, [
        new Uint8Array(shb.buffer),
        options([[OPT_SHB_USERAPPL, utf8(init.application ?? "condis")]]),
      ]),
    );

    const names = init.interfaceNames ?? [init.interfaceName];
    if (names.length === 0) throw new RangeError("a pcapng section needs at least one interface");
    this.interfaceCount = names.length;
    for (const name of names) {
      const idb = new DataView(new ArrayBuffer(8));
      idb.setUint16(0, this.linkType, true);
      idb.setUint32(4, this.snaplen, true);
      const idbOptions: [number, Uint8Array][] = [];
      if (name !== undefined) idbOptions.push([OPT_IF_NAME, utf8(name)]);
      idbOptions.push([OPT_IF_TSRESOL, Uint8Array.of(9)]);
      this.chunks.push(block(BLOCK_IDB, [new Uint8Array(idb.buffer), options(idbOptions)]));
    }
  }

  /** Number of packets written so far. */
  get recordCount(): number {
    return this.records;
  }

  /**
   * Appends one Enhanced Packet Block on interface `interfaceId` (default 0). Throws RangeError on
   * a negative timestamp, a bad length or an unknown interface.
   */
  addRecord(
    timestamp: Nanoseconds,
    data: Uint8Array,
    originalLength = data.length,
    comment?: string,
    interfaceId = 0,
  ): void {
    if (!Number.isInteger(interfaceId) || interfaceId < 0 || interfaceId >= this.interfaceCount)
      throw new RangeError(`interface ${interfaceId} unknown`);
    if (timestamp < 0n || timestamp > 0xffff_ffff_ffff_ffffn)
      throw new RangeError(`timestamp ${timestamp} invalid`);
    if (!Number.isInteger(originalLength) || originalLength < data.length || originalLength > 0xffff_ffff) {
      throw new RangeError("original length too small");
    }
    const captured = Math.min(data.length, this.snaplen);
    const fixed = new DataView(new ArrayBuffer(20));
    fixed.setUint32(0, interfaceId, true);
    fixed.setUint32(4, Number(timestamp >> 32n), true);
    fixed.setUint32(8, Number(timestamp & 0xffff_ffffn), true);
    fixed.setUint32(12, captured, true);
    fixed.setUint32(16, originalLength, true);
    const parts = [new Uint8Array(fixed.buffer), padded(data.subarray(0, captured))];
    if (comment !== undefined) parts.push(options([[OPT_COMMENT, utf8(comment)]]));
    this.chunks.push(block(BLOCK_EPB, parts));
    this.records++;
  }

  /** Appends one ATM frame as a SunATM packet; the comment defaults to its VC, e.g. "VC 0/5". */
  addFrame(frame: SunAtmFrame, comment = `VC ${frame.vpi}/${frame.vci}`, interfaceId = 0): void {
    if (this.linkType !== LINKTYPE_SUNATM) throw new RangeError("addFrame needs LINKTYPE_SUNATM");
    const data = new Uint8Array(SUNATM_HEADER_LENGTH + frame.payload.length);
    data.set(encodeSunAtmHeader(frame), 0);
    data.set(frame.payload, SUNATM_HEADER_LENGTH);
    this.addRecord(frame.timestamp, data, data.length, comment, interfaceId);
  }

  /** The whole file so far. */
  bytes(): Uint8Array {
    return concat(this.chunks);
  }
}

const utf8Encoder = new TextEncoder();

function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function padded(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array((bytes.length + 3) & ~3);
  out.set(bytes);
  return out;
}

/** An option list ending with opt_endofopt; values over 65535 octets are a caller bug. */
function options(list: readonly (readonly [number, Uint8Array])[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [code, value] of list) {
    if (value.length > 0xffff) throw new RangeError(`pcapng option ${code} longer than 65535 octets`);
    const header = new DataView(new ArrayBuffer(4));
    header.setUint16(0, code, true);
    header.setUint16(2, value.length, true);
    parts.push(new Uint8Array(header.buffer), padded(value));
  }
  parts.push(new Uint8Array(4)); // opt_endofopt, length 0
  return concat(parts);
}

function block(type: number, body: readonly Uint8Array[]): Uint8Array {
  const content = concat(body);
  const total = 12 + content.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, total, true);
  out.set(content, 8);
  view.setUint32(total - 4, total, true);
  return out;
}

// ---- reading ------------------------------------------------------------------------------------

/** One interface (IDB) of a pcapng section. */
export interface PcapngInterface {
  readonly linkType: number;
  readonly snaplen: number;
  /** Decimal exponent of the timestamp unit: 6 = µs (the default), 9 = ns. */
  readonly tsresol: number;
  readonly name?: string;
}

/** One Enhanced Packet Block. */
export interface PcapngRecord {
  readonly interfaceId: number;
  readonly timestamp: Nanoseconds;
  readonly data: Uint8Array;
  readonly originalLength: number;
  readonly comments: readonly string[];
  /** File offset of the packet data. */
  readonly dataOffset: number;
}

/** A parsed pcapng file (one section). */
export interface PcapngFile {
  readonly littleEndian: boolean;
  readonly interfaces: readonly PcapngInterface[];
  readonly records: readonly PcapngRecord[];
}

/**
 * Reads a pcapng file of one section holding only IDBs and EPBs (what PcapngWriter produces), in
 * either byte order. Strict: block lengths consistent and 4-aligned, options well formed, decimal
 * if_tsresol up to 9, EPBs naming a known interface. Never throws.
 */
export function readPcapng(bytes: Uint8Array): CaptureResult<PcapngFile> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 28) return captureFailure("truncated", 0, "section header block needs 28 octets");
  if (view.getUint32(0, true) !== BLOCK_SHB)
    return captureFailure("badMagic", 0, "not a section header block");
  const bom = view.getUint32(8, true);
  if (bom !== BYTE_ORDER_MAGIC && bom !== 0x4d3c2b1a)
    return captureFailure("badMagic", 8, "bad byte-order magic");
  const le = bom === BYTE_ORDER_MAGIC;
  if (view.getUint16(12, le) !== 1 || view.getUint16(14, le) !== 0) {
    return captureFailure("badVersion", 12, "pcapng version is not 1.0");
  }
  const interfaces: PcapngInterface[] = [];
  const records: PcapngRecord[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) return captureFailure("truncated", offset, "block header cut short");
    const type = view.getUint32(offset, le);
    const total = view.getUint32(offset + 4, le);
    if (total < 12 || total % 4 !== 0)
      return captureFailure("badLength", offset + 4, `block length ${total}`);
    if (offset + total > bytes.length) return captureFailure("truncated", offset, "block runs past the end");
    if (view.getUint32(offset + total - 4, le) !== total) {
      return captureFailure("badLength", offset + total - 4, "trailing block length differs");
    }
    const bodyStart = offset + 8;
    const bodyEnd = offset + total - 4;
    if (type === BLOCK_SHB) {
      if (offset !== 0) return captureFailure("badBlock", offset, "only one section is supported");
      if (total < 28) return captureFailure("badLength", offset + 4, "section header block too short");
      const opts = readOptions(bytes, view, le, bodyStart + 16, bodyEnd);
      if (!opts.ok) return opts;
    } else if (type === BLOCK_IDB) {
      if (bodyEnd - bodyStart < 8)
        return captureFailure("badLength", offset + 4, "interface block too short");
      const opts = readOptions(bytes, view, le, bodyStart + 8, bodyEnd);
      if (!opts.ok) return opts;
      const iface = interfaceOf(view, le, bodyStart, opts.value);
      if (!iface.ok) return iface;
      interfaces.push(iface.value);
    } else if (type === BLOCK_EPB) {
      const record = packetOf(bytes, view, le, bodyStart, bodyEnd, interfaces);
      if (!record.ok) return record;
      records.push(record.value);
    } else {
      return captureFailure("badBlock", offset, `block type 0x${type.toString(16)} not accepted`);
    }
    offset += total;
  }
  return { ok: true, value: { littleEndian: le, interfaces, records } };
}

/** Reads a pcapng of SunATM interfaces into ATM frames with their comments. */
export function readSunAtmPcapng(
  bytes: Uint8Array,
): CaptureResult<{ readonly frame: SunAtmFrame; readonly comments: readonly string[] }[]> {
  const file = readPcapng(bytes);
  if (!file.ok) return file;
  const out: { frame: SunAtmFrame; comments: readonly string[] }[] = [];
  for (const record of file.value.records) {
    if (file.value.interfaces[record.interfaceId]?.linkType !== LINKTYPE_SUNATM) {
      return captureFailure("badHeader", record.dataOffset, "packet of a non-SunATM interface");
    }
    const frame = sunAtmFrameOf(record.timestamp, record.data, record.originalLength, record.dataOffset);
    if (!frame.ok) return frame;
    out.push({ frame: frame.value, comments: record.comments });
  }
  return { ok: true, value: out };
}

type Option = { readonly code: number; readonly value: Uint8Array; readonly offset: number };

function readOptions(
  bytes: Uint8Array,
  view: DataView,
  le: boolean,
  start: number,
  end: number,
): CaptureResult<Option[]> {
  const list: Option[] = [];
  let p = start;
  while (p < end) {
    if (p + 4 > end) return captureFailure("badOption", p, "option header cut short");
    const code = view.getUint16(p, le);
    const length = view.getUint16(p + 2, le);
    if (code === OPT_ENDOFOPT) {
      if (length !== 0 || p + 4 !== end)
        return captureFailure("badOption", p, "opt_endofopt not last or not empty");
      return { ok: true, value: list };
    }
    const next = p + 4 + ((length + 3) & ~3);
    if (next > end) return captureFailure("badOption", p, `option ${code} runs past its block`);
    list.push({ code, value: bytes.slice(p + 4, p + 4 + length), offset: p });
    p = next;
  }
  // An option list may also just stop at the block end without opt_endofopt.
  return { ok: true, value: list };
}

function interfaceOf(
  view: DataView,
  le: boolean,
  body: number,
  opts: readonly Option[],
): CaptureResult<PcapngInterface> {
  let tsresol = 6;
  let name: string | undefined;
  for (const opt of opts) {
    if (opt.code === OPT_IF_TSRESOL) {
      const v = opt.value[0];
      if (opt.value.length !== 1 || v === undefined || v > 9) {
        return captureFailure(
          "badOption",
          opt.offset,
          "if_tsresol must be one octet, a power of ten up to 10^-9",
        );
      }
      tsresol = v;
    } else if (opt.code === OPT_IF_NAME) {
      const text = utf8Text(opt.value);
      if (text === undefined) return captureFailure("badOption", opt.offset, "if_name is not UTF-8");
      name = text;
    }
  }
  const iface = { linkType: view.getUint16(body, le), snaplen: view.getUint32(body + 4, le), tsresol };
  return { ok: true, value: name === undefined ? iface : { ...iface, name } };
}

function packetOf(
  bytes: Uint8Array,
  view: DataView,
  le: boolean,
  body: number,
  end: number,
  interfaces: readonly PcapngInterface[],
): CaptureResult<PcapngRecord> {
  if (end - body < 20) return captureFailure("badLength", body - 4, "enhanced packet block too short");
  const interfaceId = view.getUint32(body, le);
  const iface = interfaces[interfaceId];
  if (iface === undefined) return captureFailure("badBlock", body, `interface ${interfaceId} not described`);
  const units = (BigInt(view.getUint32(body + 4, le)) << 32n) | BigInt(view.getUint32(body + 8, le));
  const captured = view.getUint32(body + 12, le);
  const originalLength = view.getUint32(body + 16, le);
  if (captured > originalLength || (iface.snaplen !== 0 && captured > iface.snaplen)) {
    return captureFailure(
      "badLength",
      body + 12,
      `captured length ${captured} above snaplen or original length`,
    );
  }
  const dataOffset = body + 20;
  const optionsStart = dataOffset + ((captured + 3) & ~3);
  if (optionsStart > end) return captureFailure("badLength", body + 12, "packet data runs past its block");
  const opts = readOptions(bytes, view, le, optionsStart, end);
  if (!opts.ok) return opts;
  const comments: string[] = [];
  for (const opt of opts.value) {
    if (opt.code !== OPT_COMMENT) continue;
    const text = utf8Text(opt.value);
    if (text === undefined) return captureFailure("badOption", opt.offset, "opt_comment is not UTF-8");
    comments.push(text);
  }
  return {
    ok: true,
    value: {
      interfaceId,
      timestamp: units * 10n ** BigInt(9 - iface.tsresol),
      data: bytes.slice(dataOffset, dataOffset + captured),
      originalLength,
      comments,
      dataOffset,
    },
  };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
