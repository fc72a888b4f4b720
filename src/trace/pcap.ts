import type { Nanoseconds } from "../sched/scheduler.ts";
import { type CaptureResult, captureFailure } from "./capture-error.ts";
import {
  decodeSunAtmHeader,
  encodeSunAtmHeader,
  LINKTYPE_SUNATM,
  SUNATM_HEADER_LENGTH,
  type SunAtmFrame,
} from "./sunatm.ts";

/** Classic pcap magic for microsecond timestamps. */
export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
/**
 * Classic pcap magic for nanosecond timestamps: virtual nanosecond times survive exactly, and
 * tshark 4.0 reads it (prints 9 decimals).
 */
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;

/** Fraction-of-second unit of a pcap file's timestamps. */
export type TimestampResolution = "nanosecond" | "microsecond";

const GLOBAL_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;
const NS_PER_SECOND = 1_000_000_000n;

/** Options of a classic pcap writer. */
export interface PcapWriterInit {
  /** Default "nanosecond" (magic 0xA1B23C4D); "microsecond" truncates timestamps to whole µs. */
  readonly resolution?: TimestampResolution;
  /** Default 65535; longer records are cut, keeping their original length. */
  readonly snaplen?: number;
  /** Default LINKTYPE_SUNATM (123). */
  readonly linkType?: number;
}

/** Builds a classic little-endian pcap file in memory (platform-free: the caller writes the bytes). */
export class PcapWriter {
  readonly resolution: TimestampResolution;
  readonly snaplen: number;
  readonly linkType: number;
  private readonly chunks: Uint8Array[] = [];
  private records = 0;

  constructor(init: PcapWriterInit = {}) {
    this.resolution = init.resolution ?? "nanosecond";
    this.snaplen = init.snaplen ?? 65535;
    this.linkType = init.linkType ?? LINKTYPE_SUNATM;
    if (!isU32(this.snaplen) || this.snaplen === 0) throw new RangeError(`snaplen ${this.snaplen} invalid`);
    const header = new DataView(new ArrayBuffer(GLOBAL_HEADER_LENGTH));
    header.setUint32(
      0,
      this.resolution === "nanosecond" ? PCAP_MAGIC_NANOSECONDS : PCAP_MAGIC_MICROSECONDS,
      true,
    );
    header.setUint16(4, 2, true);
    header.setUint16(6, 4, true);
    // thiszone and sigfigs stay 0.
    header.setUint32(16, this.snaplen, true);
    header.setUint32(20, this.linkType, true);
    this.chunks.push(new Uint8Array(header.buffer));
  }

  /** Number of records written so far. */
  get recordCount(): number {
    return this.records;
  }

  /** Appends one record of link-layer data captured at `timestamp` (ns). Throws RangeError on bad input. */
  addRecord(timestamp: Nanoseconds, data: Uint8Array, originalLength = data.length): void {
    if (timestamp < 0n || timestamp / NS_PER_SECOND > 0xffff_ffffn) {
      throw new RangeError(`timestamp ${timestamp} ns does not fit a pcap record`);
    }
    if (!isU32(originalLength) || originalLength < data.length)
      throw new RangeError("original length too small");
    const seconds = Number(timestamp / NS_PER_SECOND);
    const nanos = Number(timestamp % NS_PER_SECOND);
    const captured = Math.min(data.length, this.snaplen);
    const header = new DataView(new ArrayBuffer(RECORD_HEADER_LENGTH));
    header.setUint32(0, seconds, true);
    header.setUint32(4, this.resolution === "nanosecond" ? nanos : Math.floor(nanos / 1000), true);
    header.setUint32(8, captured, true);
    header.setUint32(12, originalLength, true);
    this.chunks.push(new Uint8Array(header.buffer), data.slice(0, captured));
    this.records++;
  }

  /** Appends one ATM frame as a SunATM record (pseudo-header, then the frame; no AAL5 trailer). */
  addFrame(frame: SunAtmFrame): void {
    if (this.linkType !== LINKTYPE_SUNATM) throw new RangeError("addFrame needs LINKTYPE_SUNATM");
    const data = new Uint8Array(SUNATM_HEADER_LENGTH + frame.payload.length);
    data.set(encodeSunAtmHeader(frame), 0);
    data.set(frame.payload, SUNATM_HEADER_LENGTH);
    this.addRecord(frame.timestamp, data);
  }

  /** The whole file so far. */
  bytes(): Uint8Array {
    let size = 0;
    for (const chunk of this.chunks) size += chunk.length;
    const out = new Uint8Array(size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

/** One record of a pcap file. */
export interface PcapRecord {
  /** Capture time in nanoseconds (microsecond files: a multiple of 1000). */
  readonly timestamp: Nanoseconds;
  /** The captured octets (incl_len of them). */
  readonly data: Uint8Array;
  /** orig_len: the length on the wire. */
  readonly originalLength: number;
  /** File offset of the record header, for messages. */
  readonly offset: number;
}

/** A parsed classic pcap file. */
export interface PcapFile {
  readonly resolution: TimestampResolution;
  readonly littleEndian: boolean;
  readonly snaplen: number;
  readonly linkType: number;
  readonly records: readonly PcapRecord[];
}

/**
 * Reads a classic pcap file (either byte order, µs or ns magic, version 2.4). Strict: every record
 * complete, fractions below one second, incl_len ≤ snaplen and ≤ orig_len. Never throws.
 */
export function readPcap(bytes: Uint8Array): CaptureResult<PcapFile> {
  if (bytes.length < GLOBAL_HEADER_LENGTH)
    return captureFailure("truncated", 0, "pcap global header needs 24 octets");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicLe = view.getUint32(0, true);
  const magicBe = view.getUint32(0, false);
  let littleEndian: boolean;
  let resolution: TimestampResolution;
  if (magicLe === PCAP_MAGIC_MICROSECONDS || magicLe === PCAP_MAGIC_NANOSECONDS) {
    littleEndian = true;
    resolution = magicLe === PCAP_MAGIC_NANOSECONDS ? "nanosecond" : "microsecond";
  } else if (magicBe === PCAP_MAGIC_MICROSECONDS || magicBe === PCAP_MAGIC_NANOSECONDS) {
    littleEndian = false;
    resolution = magicBe === PCAP_MAGIC_NANOSECONDS ? "nanosecond" : "microsecond";
  } else {
    return captureFailure("badMagic", 0, `0x${magicLe.toString(16)} is not a pcap magic number`);
  }
  const major = view.getUint16(4, littleEndian);
  const minor = view.getUint16(6, littleEndian);
  if (major !== 2 || minor !== 4)
    return captureFailure("badVersion", 4, `pcap version ${major}.${minor}, want 2.4`);
  const snaplen = view.getUint32(16, littleEndian);
  if (snaplen === 0) return captureFailure("badHeader", 16, "snaplen 0");
  const linkType = view.getUint32(20, littleEndian);

  const fractionLimit = resolution === "nanosecond" ? 1_000_000_000 : 1_000_000;
  const records: PcapRecord[] = [];
  let offset = GLOBAL_HEADER_LENGTH;
  while (offset < bytes.length) {
    if (offset + RECORD_HEADER_LENGTH > bytes.length) {
      return captureFailure("truncated", offset, "record header cut short");
    }
    const seconds = view.getUint32(offset, littleEndian);
    const fraction = view.getUint32(offset + 4, littleEndian);
    const captured = view.getUint32(offset + 8, littleEndian);
    const originalLength = view.getUint32(offset + 12, littleEndian);
    if (fraction >= fractionLimit) {
      return captureFailure("badTimestamp", offset + 4, `fraction ${fraction} is not below ${fractionLimit}`);
    }
    if (captured > snaplen || captured > originalLength) {
      return captureFailure("badLength", offset + 8, `incl_len ${captured} above snaplen or orig_len`);
    }
    const dataStart = offset + RECORD_HEADER_LENGTH;
    if (dataStart + captured > bytes.length)
      return captureFailure("truncated", dataStart, "record data cut short");
    const nanos = BigInt(resolution === "nanosecond" ? fraction : fraction * 1000);
    records.push({
      timestamp: BigInt(seconds) * NS_PER_SECOND + nanos,
      data: bytes.slice(dataStart, dataStart + captured),
      originalLength,
      offset,
    });
    offset = dataStart + captured;
  }
  return { ok: true, value: { resolution, littleEndian, snaplen, linkType, records } };
}

/** Reads a SunATM pcap into ATM frames: link type 123, every record complete with a valid pseudo-header. */
export function readSunAtmPcap(bytes: Uint8Array): CaptureResult<SunAtmFrame[]> {
  const file = readPcap(bytes);
  if (!file.ok) return file;
  if (file.value.linkType !== LINKTYPE_SUNATM) {
    return captureFailure("badHeader", 20, `link type ${file.value.linkType}, want ${LINKTYPE_SUNATM}`);
  }
  const frames: SunAtmFrame[] = [];
  for (const record of file.value.records) {
    const dataOffset = record.offset + RECORD_HEADER_LENGTH;
    const frame = sunAtmFrameOf(record.timestamp, record.data, record.originalLength, dataOffset);
    if (!frame.ok) return frame;
    frames.push(frame.value);
  }
  return { ok: true, value: frames };
}

/** Splits one captured SunATM record (data at file offset `dataOffset`) into an ATM frame; pcap and pcapng share it. */
export function sunAtmFrameOf(
  timestamp: Nanoseconds,
  data: Uint8Array,
  originalLength: number,
  dataOffset: number,
): CaptureResult<SunAtmFrame> {
  if (data.length !== originalLength) {
    return captureFailure(
      "badLength",
      dataOffset,
      `record cut to ${data.length} of ${originalLength} octets`,
    );
  }
  const header = decodeSunAtmHeader(data, dataOffset);
  if (!header.ok) return header;
  return { ok: true, value: { timestamp, ...header.value, payload: data.slice(SUNATM_HEADER_LENGTH) } };
}

function isU32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff;
}
