import { type Pdu, PduType, type PduTypeName, type ReleaseSource } from "./pdu.ts";
import { isSeq } from "./seq.ts";

/** Stable codes of SSCOP decode errors. */
export const SscopDecodeErrorCode = {
  /** Fewer than 4 octets, or fewer than the PDU type needs. */
  TooShort: "sscop.too-short",
  /** Length not a multiple of 4 (every SSCOP PDU is word aligned). */
  NotWordAligned: "sscop.not-word-aligned",
  /** PDU type 0 (no such PDU). */
  UnknownType: "sscop.unknown-type",
  /** A fixed-size PDU (ENDAK, RSAK, ER, POLL, USTAT, ERAK) with another length. */
  BadLength: "sscop.bad-length",
  /** A reserved bit or field is not zero. */
  ReservedBits: "sscop.reserved-bits",
  /** The S bit is set on a PDU other than END. */
  SourceBit: "sscop.source-bit",
  /** PL on a PDU without payload, or PL larger than the payload area. */
  PadLength: "sscop.pad-length",
  /** A pad octet is not zero. */
  PadNotZero: "sscop.pad-not-zero",
} as const;

/** One of the stable SSCOP decode error codes. */
export type SscopDecodeErrorCode = (typeof SscopDecodeErrorCode)[keyof typeof SscopDecodeErrorCode];

/** Why a frame is not a valid SSCOP PDU: stable code, byte offset, human reason. */
export interface SscopDecodeError {
  readonly code: SscopDecodeErrorCode;
  readonly offset: number;
  readonly reason: string;
}

/** The result of a strict decode: never thrown, always returned. */
export type SscopDecodeResult =
  | { readonly ok: true; readonly value: Pdu }
  | { readonly ok: false; readonly error: SscopDecodeError };

/** Per type: whether a payload (UU or data) precedes the control words, and how many 32-bit control words there are. */
interface Layout {
  readonly payload: boolean;
  readonly words: number;
  /** True when the PDU has exactly `words` words (no payload, no list). */
  readonly exact: boolean;
}

const LAYOUTS: Record<PduTypeName, Layout> = {
  BGN: { payload: true, words: 2, exact: false },
  BGAK: { payload: true, words: 2, exact: false },
  END: { payload: true, words: 2, exact: false },
  ENDAK: { payload: false, words: 2, exact: true },
  RS: { payload: true, words: 2, exact: false },
  RSAK: { payload: false, words: 2, exact: true },
  BGREJ: { payload: true, words: 2, exact: false },
  SD: { payload: true, words: 1, exact: false },
  ER: { payload: false, words: 2, exact: true },
  POLL: { payload: false, words: 2, exact: true },
  STAT: { payload: false, words: 3, exact: false },
  USTAT: { payload: false, words: 4, exact: true },
  UD: { payload: true, words: 1, exact: false },
  MD: { payload: true, words: 1, exact: false },
  ERAK: { payload: false, words: 2, exact: true },
};

const TYPE_NAMES: readonly (PduTypeName | undefined)[] = (() => {
  const names: (PduTypeName | undefined)[] = new Array(16).fill(undefined);
  for (const [name, code] of Object.entries(PduType)) names[code] = name as PduTypeName;
  return names;
})();

const EMPTY = new Uint8Array(0);

function trailer(type: PduTypeName, pad: number, n: number, sBit = 0): number {
  return ((pad << 30) | (sBit << 28) | (PduType[type] << 24) | n) >>> 0;
}

function checkSeq(name: string, value: number, bits = 24): void {
  const ok = bits === 24 ? isSeq(value) : Number.isInteger(value) && value >= 0 && value < 2 ** bits;
  if (!ok) throw new RangeError(`encodePdu: ${name} = ${value} is not a ${bits}-bit number`);
}

/** Writes payload, zero pad and the given control words; PL goes into the last word's top bits. */
function build(
  payload: Uint8Array,
  words: readonly number[],
  type: PduTypeName,
  n: number,
  sBit = 0,
): Uint8Array {
  const pad = (4 - (payload.length % 4)) % 4;
  const out = new Uint8Array(payload.length + pad + 4 * (words.length + 1));
  out.set(payload, 0);
  const view = new DataView(out.buffer);
  let offset = payload.length + pad;
  for (const w of words) {
    view.setUint32(offset, w >>> 0);
    offset += 4;
  }
  view.setUint32(offset, trailer(type, pad, n, sBit));
  return out;
}

/**
 * Encodes a PDU into its wire form: payload, zero pad to a word boundary, control words, trailer
 * (Q.2110 SSCOP / Q.2130 SSCF-UNI). Throws RangeError only for field values out of range, which is a
 * programming error of the caller, never a property of received data.
 */
export function encodePdu(pdu: Pdu): Uint8Array {
  switch (pdu.type) {
    case "BGN":
    case "RS":
      checkSeq("N(SQ)", pdu.nSQ, 8);
      checkSeq("N(MR)", pdu.nMR);
      return build(pdu.uu, [pdu.nSQ], pdu.type, pdu.nMR);
    case "BGAK":
      checkSeq("N(MR)", pdu.nMR);
      return build(pdu.uu, [0], "BGAK", pdu.nMR);
    case "END":
      return build(pdu.uu, [0], "END", 0, pdu.source === "sscop" ? 1 : 0);
    case "ENDAK":
      return build(EMPTY, [0], "ENDAK", 0);
    case "RSAK":
    case "ERAK":
      checkSeq("N(MR)", pdu.nMR);
      return build(EMPTY, [0], pdu.type, pdu.nMR);
    case "BGREJ":
      return build(pdu.uu, [0], "BGREJ", 0);
    case "SD":
      checkSeq("N(S)", pdu.nS);
      return build(pdu.data, [], "SD", pdu.nS);
    case "ER":
      checkSeq("N(SQ)", pdu.nSQ, 8);
      checkSeq("N(MR)", pdu.nMR);
      return build(EMPTY, [pdu.nSQ], "ER", pdu.nMR);
    case "POLL":
      checkSeq("N(PS)", pdu.nPS);
      checkSeq("N(S)", pdu.nS);
      return build(EMPTY, [pdu.nPS], "POLL", pdu.nS);
    case "STAT":
      checkSeq("N(PS)", pdu.nPS);
      checkSeq("N(MR)", pdu.nMR);
      checkSeq("N(R)", pdu.nR);
      for (const e of pdu.list) checkSeq("list element", e);
      return build(EMPTY, [...pdu.list, pdu.nPS, pdu.nMR], "STAT", pdu.nR);
    case "USTAT":
      checkSeq("N(MR)", pdu.nMR);
      checkSeq("N(R)", pdu.nR);
      checkSeq("list element", pdu.list[0]);
      checkSeq("list element", pdu.list[1]);
      return build(EMPTY, [pdu.list[0], pdu.list[1], pdu.nMR], "USTAT", pdu.nR);
    case "UD":
    case "MD":
      return build(pdu.data, [], pdu.type, 0);
  }
}

function fail(code: SscopDecodeErrorCode, offset: number, reason: string): SscopDecodeResult {
  return { ok: false, error: { code, offset, reason } };
}

/**
 * Decodes one SSCOP PDU strictly, from its trailer backwards (Q.2110 SSCOP / Q.2130 SSCF-UNI). Rejects anything
 * `encodePdu` would not produce (reserved bits, non-zero pad, wrong fixed length), so every accepted
 * frame re-encodes to the same bytes. Never throws.
 */
export function decodePdu(bytes: Uint8Array): SscopDecodeResult {
  const len = bytes.length;
  if (len < 4) return fail(SscopDecodeErrorCode.TooShort, 0, `SSCOP PDU of ${len} octets: at least 4 needed`);
  if (len % 4 !== 0) {
    return fail(
      SscopDecodeErrorCode.NotWordAligned,
      len - (len % 4),
      `SSCOP PDU of ${len} octets: not a multiple of 4`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, len);
  const trailerOffset = len - 4;
  const t = view.getUint32(trailerOffset);
  const pad = t >>> 30;
  const reserved = (t >>> 29) & 1;
  const sBit = (t >>> 28) & 1;
  const code = (t >>> 24) & 0xf;
  const n = t & 0xffffff;
  const type = TYPE_NAMES[code];
  if (type === undefined)
    return fail(SscopDecodeErrorCode.UnknownType, trailerOffset, `PDU type ${code} is not defined`);
  if (reserved !== 0)
    return fail(SscopDecodeErrorCode.ReservedBits, trailerOffset, `${type}: reserved trailer bit set`);
  if (sBit !== 0 && type !== "END")
    return fail(SscopDecodeErrorCode.SourceBit, trailerOffset, `${type}: S bit set (END only)`);

  const layout = LAYOUTS[type];
  const control = layout.words * 4;
  if (layout.exact && len !== control) {
    return fail(SscopDecodeErrorCode.BadLength, 0, `${type}: ${len} octets, must be exactly ${control}`);
  }
  if (len < control)
    return fail(SscopDecodeErrorCode.TooShort, 0, `${type}: ${len} octets, at least ${control} needed`);

  const area = len - control;
  if (!layout.payload && pad !== 0)
    return fail(SscopDecodeErrorCode.PadLength, trailerOffset, `${type}: PL ${pad} on a PDU without payload`);
  if (pad > area)
    return fail(
      SscopDecodeErrorCode.PadLength,
      trailerOffset,
      `${type}: PL ${pad} exceeds the ${area}-octet payload area`,
    );
  for (let i = area - pad; i < area; i++) {
    if (bytes[i] !== 0)
      return fail(SscopDecodeErrorCode.PadNotZero, i, `${type}: pad octet at ${i} is not zero`);
  }
  const payload = layout.payload ? bytes.slice(0, area - pad) : EMPTY;
  const word = (index: number): number => view.getUint32(area + 4 * index);
  const reservedField = (offset: number, what: string): SscopDecodeResult =>
    fail(SscopDecodeErrorCode.ReservedBits, offset, `${type}: reserved bits of ${what} not zero`);
  /** A "reserved 8 | N 24" word: top octet must be zero. */
  const seqWord = (index: number, what: string): number | SscopDecodeResult => {
    const w = word(index);
    return (w & 0xff000000) !== 0 ? reservedField(area + 4 * index, what) : w;
  };
  const zeroWord = (index: number): SscopDecodeResult | undefined =>
    word(index) !== 0 ? reservedField(area + 4 * index, "the reserved word") : undefined;
  const noN = (): SscopDecodeResult | undefined =>
    n !== 0 ? reservedField(trailerOffset, "the N field") : undefined;

  switch (type) {
    case "BGN":
    case "RS": {
      const w = word(0);
      if ((w & 0xffffff00) !== 0) return reservedField(area, "the N(SQ) word");
      return ok({ type, nSQ: w, nMR: n, uu: payload });
    }
    case "BGAK":
      return zeroWord(0) ?? ok({ type, nMR: n, uu: payload });
    case "END":
      return (
        zeroWord(0) ??
        noN() ??
        ok({ type, source: (sBit === 1 ? "sscop" : "user") as ReleaseSource, uu: payload })
      );
    case "ENDAK":
      return zeroWord(0) ?? noN() ?? ok({ type });
    case "RSAK":
    case "ERAK":
      return zeroWord(0) ?? ok({ type, nMR: n });
    case "BGREJ":
      return zeroWord(0) ?? noN() ?? ok({ type, uu: payload });
    case "SD":
      return ok({ type, nS: n, data: payload });
    case "ER": {
      const w = word(0);
      if ((w & 0xffffff00) !== 0) return reservedField(area, "the N(SQ) word");
      return ok({ type, nSQ: w, nMR: n });
    }
    case "POLL": {
      const nPS = seqWord(0, "N(PS)");
      return typeof nPS === "number" ? ok({ type, nPS, nS: n }) : nPS;
    }
    case "STAT": {
      // The list precedes the three fixed words; decode it from the start of the PDU.
      const count = area / 4;
      const list: number[] = [];
      for (let i = 0; i < count; i++) {
        const w = view.getUint32(4 * i);
        if ((w & 0xff000000) !== 0) return reservedField(4 * i, `list element ${i}`);
        list.push(w);
      }
      const nPS = seqWord(0, "N(PS)");
      if (typeof nPS !== "number") return nPS;
      const nMR = seqWord(1, "N(MR)");
      if (typeof nMR !== "number") return nMR;
      return ok({ type, nPS, nMR, nR: n, list });
    }
    case "USTAT": {
      const a = seqWord(0, "list element 0");
      if (typeof a !== "number") return a;
      const b = seqWord(1, "list element 1");
      if (typeof b !== "number") return b;
      const nMR = seqWord(2, "N(MR)");
      if (typeof nMR !== "number") return nMR;
      return ok({ type, nMR, nR: n, list: [a, b] });
    }
    case "UD":
    case "MD":
      return noN() ?? ok({ type, data: payload });
  }
}

function ok(value: Pdu): SscopDecodeResult {
  return { ok: true, value };
}
