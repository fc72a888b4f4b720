/**
 * Strict message decoder: bytes in, a typed message or a typed error out, never an exception.
 *
 * IE problems are collected first and judged afterwards with the precedence of Q.2931 §5.6.7–5.6.8 and
 * §5.7.2 as ngatm implements it (`sig_verify.c`): missing mandatory IE (96) → an IE asking to clear the
 * call → an IE asking to discard the message and report → one asking to discard and ignore → invalid
 * mandatory IE (100) → proceed and report STATUS (100, then 99) → proceed silently.
 */
import { Cause } from "./cause-values.ts";
import { HEADER_LENGTH, hex2, IE_HEADER_LENGTH, ieName, messageTypeName } from "./constants.ts";
import {
  type DecodedHeader,
  DecodeErrorCode,
  type DecodeResult,
  type Disposition,
  type Q2931DecodeError,
  type SkippedIe,
  type StatusReport,
} from "./errors.ts";
import { decodeHeader } from "./header.ts";
import { IE_CODECS, IE_KEY_BY_ID, readIeContents } from "./ie-registry.ts";
import type { IeKey } from "./ie-types.ts";
import { MESSAGE_BY_CODE, type MessageDescriptor } from "./message-table.ts";
import type { Q2931Message } from "./message-types.ts";

/** What an IE's compatibility instruction asks for when the IE is unrecognized or malformed. */
type IeHandling = "clear" | "discard-ie" | "report" | "discard-message" | "discard-message-report";

// Q.2931 §5.7.2: with the flag clear, regular handling (skip the IE, report STATUS); reserved action
// values are treated as "discard IE, proceed, and report status" (ngatm `uni_decode_ie_hdr`).
function ieHandling(compatibilityOctet: number): IeHandling {
  if ((compatibilityOctet & 0x10) === 0) return "report";
  switch (compatibilityOctet & 0x07) {
    case 0:
      return "clear";
    case 1:
      return "discard-ie";
    case 5:
      return "discard-message";
    case 6:
      return "discard-message-report";
    default:
      return "report";
  }
}

interface IeProblem {
  readonly kind: "unrecognized" | "content";
  readonly key: IeKey | undefined;
  readonly id: number;
  readonly offset: number;
  readonly reason: string;
  readonly handling: IeHandling;
}

// Q.2931 §5.7.1: the message action indicator for an unrecognized message type (reserved 3 → report).
function unknownTypeDisposition(header: DecodedHeader): Disposition {
  if (!header.compatibility.flag) return "report";
  if (header.compatibility.action === 0) return "clear";
  if (header.compatibility.action === 1) return "ignore";
  return "report";
}

function failure(error: Q2931DecodeError): DecodeResult {
  return { ok: false, error };
}

function uniqueIds(problems: readonly { readonly id: number }[]): Uint8Array {
  // A Cause IE carries at most 28 diagnostic octets.
  return Uint8Array.from([...new Set(problems.map((p) => p.id))].slice(0, 28));
}

/** Decodes one Q.2931 message (the whole SSCOP SDU). Never throws. */
export function decodeMessage(bytes: Uint8Array): DecodeResult {
  const decodedHeader = decodeHeader(bytes);
  if (!decodedHeader.ok) return decodedHeader;
  const { header, end } = decodedHeader;
  const descriptor = MESSAGE_BY_CODE.get(header.messageType);
  if (descriptor === undefined) {
    const disposition = unknownTypeDisposition(header);
    const base = {
      code: DecodeErrorCode.UNKNOWN_MESSAGE_TYPE,
      offset: 5,
      reason: `message type 0x${hex2(header.messageType)} (${messageTypeName(header.messageType)}) is not implemented`,
      disposition,
      header,
    };
    if (disposition === "ignore") return failure(base);
    return failure({
      ...base,
      cause: Cause.MESSAGE_TYPE_NOT_IMPLEMENTED,
      diagnostic: Uint8Array.of(header.messageType),
    });
  }
  return decodeBody(bytes, header, end, descriptor);
}

function decodeBody(
  bytes: Uint8Array,
  header: DecodedHeader,
  end: number,
  descriptor: MessageDescriptor,
): DecodeResult {
  const ies: Record<string, unknown> = {};
  const seen = new Map<IeKey, number>();
  const problems: IeProblem[] = [];
  const skipped: SkippedIe[] = [];
  let pos = HEADER_LENGTH;
  while (pos < end) {
    if (end - pos < IE_HEADER_LENGTH) {
      return failure({
        code: DecodeErrorCode.TRUNCATED,
        offset: pos,
        reason: `${end - pos} octets left where a 4-octet IE header was expected`,
        disposition: "ignore",
        header,
      });
    }
    const id = bytes[pos] ?? 0;
    const compatibilityOctet = bytes[pos + 1] ?? 0;
    const length = ((bytes[pos + 2] ?? 0) << 8) | (bytes[pos + 3] ?? 0);
    const contentStart = pos + IE_HEADER_LENGTH;
    const contentEnd = contentStart + length;
    if (contentEnd > end) {
      return failure({
        code: DecodeErrorCode.TRUNCATED,
        offset: pos + 2,
        reason: `${ieName(id)} (0x${hex2(id)}) length ${length} runs past the message end (${end - contentStart} octets left)`,
        disposition: "ignore",
        header,
      });
    }
    const handling = ieHandling(compatibilityOctet);
    const key = IE_KEY_BY_ID.get(id);
    const slot = key === undefined ? undefined : descriptor.slotByKey.get(key);
    if (key === undefined || slot === undefined) {
      const detail =
        key === undefined
          ? `${ieName(id)} (0x${hex2(id)}) is not implemented`
          : `${ieName(id)} (0x${hex2(id)}) is not an IE of ${descriptor.name}`;
      problems.push({ kind: "unrecognized", key, id, offset: pos, reason: detail, handling });
      skipped.push({ id, offset: pos, reason: key === undefined ? "unrecognized" : "unexpected", detail });
    } else {
      const count = seen.get(key) ?? 0;
      seen.set(key, count + 1);
      if (count >= slot.max) {
        // Q.2931: repetitions of an IE beyond what the message allows are ignored.
        skipped.push({
          id,
          offset: pos,
          reason: "repeated",
          detail: `${ieName(id)} repeated beyond ${slot.max}`,
        });
      } else {
        const decoded = readIeContents(key, bytes, contentStart, contentEnd, compatibilityOctet);
        if (decoded.ok) {
          if (slot.max > 1) ies[key] = [...((ies[key] as unknown[] | undefined) ?? []), decoded.value];
          else ies[key] = decoded.value;
        } else {
          problems.push({
            kind: "content",
            key,
            id,
            offset: decoded.offset,
            reason: decoded.reason,
            handling,
          });
          skipped.push({ id, offset: pos, reason: "content-error", detail: decoded.reason });
        }
      }
    }
    pos = contentEnd;
  }
  return judge(header, end, descriptor, ies, problems, skipped);
}

function judge(
  header: DecodedHeader,
  end: number,
  descriptor: MessageDescriptor,
  ies: Readonly<Record<string, unknown>>,
  problems: readonly IeProblem[],
  skipped: readonly SkippedIe[],
): DecodeResult {
  const name = descriptor.name;
  const missing: IeKey[] = [];
  for (const slot of descriptor.slots) {
    if (slot.presence === "M" && ies[slot.key] === undefined && !malformed(problems, slot.key))
      missing.push(slot.key);
  }
  for (const rule of descriptor.conditional) {
    if (
      rule.when(ies) &&
      ies[rule.key] === undefined &&
      !malformed(problems, rule.key) &&
      !missing.includes(rule.key)
    ) {
      missing.push(rule.key);
    }
  }
  if (missing.length > 0) {
    const ids = missing.map((key) => IE_CODECS[key].id);
    return failure({
      code: DecodeErrorCode.MANDATORY_IE_MISSING,
      offset: end,
      reason: `${name}: mandatory IE missing: ${ids.map((id) => `${ieName(id)} (0x${hex2(id)})`).join(", ")}`,
      disposition: "report",
      cause: Cause.MANDATORY_IE_MISSING,
      diagnostic: Uint8Array.from(ids),
      header,
    });
  }

  const verdict =
    explicitVerdict(name, header, problems, "clear", "clear") ??
    explicitVerdict(name, header, problems, "discard-message-report", "report") ??
    explicitVerdict(name, header, problems, "discard-message", "ignore");
  if (verdict) return verdict;

  const badMandatory = problems.filter(
    (p) =>
      p.kind === "content" &&
      p.key !== undefined &&
      ies[p.key] === undefined &&
      (descriptor.slots.some((s) => s.key === p.key && s.presence === "M") ||
        descriptor.conditional.some((rule) => rule.key === p.key && rule.when(ies))),
  );
  const firstBad = badMandatory[0];
  if (firstBad !== undefined) {
    return failure({
      code: DecodeErrorCode.INVALID_IE_CONTENTS,
      offset: firstBad.offset,
      reason: `${name}: invalid mandatory IE: ${firstBad.reason}`,
      disposition: "report",
      cause: Cause.INVALID_IE_CONTENTS,
      diagnostic: uniqueIds(badMandatory),
      header,
    });
  }

  const message = {
    type: name,
    callReference: header.callReference,
    ...(header.compatibility.flag || header.compatibility.action !== 0
      ? { compatibility: header.compatibility }
      : {}),
    ies,
  } as unknown as Q2931Message;
  const badReported = problems.filter((p) => p.kind === "content" && p.handling === "report");
  const unknownReported = problems.filter((p) => p.kind === "unrecognized" && p.handling === "report");
  let report: StatusReport | undefined;
  if (badReported.length > 0) {
    report = { cause: Cause.INVALID_IE_CONTENTS, diagnostic: uniqueIds(badReported) };
  } else if (unknownReported.length > 0) {
    report = { cause: Cause.IE_NOT_IMPLEMENTED, diagnostic: uniqueIds(unknownReported) };
  }
  return report === undefined ? { ok: true, message, skipped } : { ok: true, message, skipped, report };
}

/** The verdict of the first IE problem whose action indicator asks for `handling`, if any. */
function explicitVerdict(
  name: string,
  header: DecodedHeader,
  problems: readonly IeProblem[],
  handling: IeHandling,
  disposition: Disposition,
): DecodeResult | undefined {
  for (const kind of ["unrecognized", "content"] as const) {
    const hits = problems.filter((p) => p.kind === kind && p.handling === handling);
    const first = hits[0];
    if (first === undefined) continue;
    const code =
      kind === "unrecognized" ? DecodeErrorCode.UNRECOGNIZED_IE : DecodeErrorCode.INVALID_IE_CONTENTS;
    const reason = `${name}: ${first.reason} (IE action indicator: ${handling})`;
    if (disposition === "ignore") {
      return failure({ code, offset: first.offset, reason, disposition, header });
    }
    const cause = kind === "unrecognized" ? Cause.IE_NOT_IMPLEMENTED : Cause.INVALID_IE_CONTENTS;
    return failure({
      code,
      offset: first.offset,
      reason,
      disposition,
      cause,
      diagnostic: uniqueIds(hits),
      header,
    });
  }
  return undefined;
}

function malformed(problems: readonly IeProblem[], key: IeKey): boolean {
  return problems.some((p) => p.kind === "content" && p.key === key);
}
