/**
 * Message encoder: typed message in, bytes out. IEs go in the standard table order (message-table.ts),
 * lengths are computed, and every field is range-checked so a bad value becomes a typed error, never
 * garbage on the wire.
 */
import { ByteWriter } from "./bytes.ts";
import { HEADER_LENGTH } from "./constants.ts";
import { EncodeErrorCode, type EncodeResult, encodeError, type Q2931EncodeError } from "./errors.ts";
import { MESSAGE_LENGTH_OFFSET, writeHeader } from "./header.ts";
import { IE_CODECS, writeIe } from "./ie-registry.ts";
import type { IeKey, IeValues } from "./ie-types.ts";
import { descriptorOf, type MessageDescriptor } from "./message-table.ts";
import type { Q2931Message } from "./message-types.ts";

/** Options of {@link encodeMessage}. */
export interface EncodeOptions {
  /**
   * Fail with `unsafe-ending` when the message must end with an IE that tshark 4.0 over-reads (AAL
   * parameters, ATM traffic descriptor, sending complete, some Cause IEs with diagnostics) because no
   * other IE can be moved behind it. Default false: such a message is still valid Q.2931 and is encoded.
   */
  readonly requireSafeEnding?: boolean;
}

interface WrittenIe {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly overreads: boolean;
}

function fail(error: Q2931EncodeError): EncodeResult {
  return { ok: false, error };
}

/** What the encoder needs of a message type, worked out once per type: its IE keys and slot paths. */
interface Plan {
  readonly allowed: ReadonlySet<string>;
  /** `ies.<key>` of each slot, in slot order. */
  readonly paths: readonly string[];
}

const plans = new WeakMap<MessageDescriptor, Plan>();

function planOf(descriptor: MessageDescriptor): Plan {
  let plan = plans.get(descriptor);
  if (plan === undefined) {
    plan = {
      allowed: new Set(descriptor.slots.map((s) => s.key)),
      paths: descriptor.slots.map((s) => `ies.${s.key}`),
    };
    plans.set(descriptor, plan);
  }
  return plan;
}

/** The encoder's writer, reused by every message (encoding is synchronous; the result is a copy). */
const writer = new ByteWriter();

/** Encodes one typed message into a Q.2931 frame (the SSCOP SDU). */
export function encodeMessage(message: Q2931Message, options: EncodeOptions = {}): EncodeResult {
  const descriptor = descriptorOf(message);
  if (descriptor === undefined) {
    return fail(
      encodeError(
        EncodeErrorCode.UNKNOWN_MESSAGE_TYPE,
        "type",
        `type ${JSON.stringify(String((message as { type?: unknown }).type))} is not a message this codec implements`,
      ),
    );
  }
  const ies = message.ies as unknown as Readonly<Record<string, unknown>>;
  if (typeof ies !== "object" || ies === null) {
    return fail(encodeError(EncodeErrorCode.OUT_OF_RANGE, "ies", "ies must be an object"));
  }
  const plan = planOf(descriptor);
  for (const key in ies) {
    if (ies[key] !== undefined && !plan.allowed.has(key)) {
      return fail(
        encodeError(
          EncodeErrorCode.INCONSISTENT,
          `ies.${key}`,
          `ies.${key} is not an IE of ${descriptor.name}`,
        ),
      );
    }
  }
  const w = writer;
  w.reset();
  const badHeader = writeHeader(w, message.callReference, descriptor.code, message.compatibility);
  if (badHeader) return fail(badHeader);

  const written: WrittenIe[] = [];
  for (let s = 0; s < descriptor.slots.length; s++) {
    const slot = descriptor.slots[s] as (typeof descriptor.slots)[number];
    const value = ies[slot.key];
    const path = plan.paths[s] as string;
    if (value === undefined) {
      if (slot.presence === "M") {
        return fail(encodeError(EncodeErrorCode.MISSING_IE, path, `${descriptor.name} requires ${path}`));
      }
      continue;
    }
    let instances: readonly unknown[] = [value];
    if (slot.max > 1) {
      if (!Array.isArray(value) || value.length < 1 || value.length > slot.max) {
        return fail(
          encodeError(EncodeErrorCode.BAD_REPETITION, path, `${path} must be an array of 1..${slot.max} IEs`),
        );
      }
      instances = value;
    }
    for (const [i, instance] of instances.entries()) {
      const start = w.length;
      const at = slot.max > 1 ? `${path}[${i}]` : path;
      const bad = writeIe(slot.key, instance as IeValues[IeKey], w, at);
      if (bad) return fail(bad);
      const codec = IE_CODECS[slot.key] as { overreads(v: unknown): boolean; readonly id: number };
      written.push({ id: codec.id, start, end: w.length, overreads: codec.overreads(instance) });
    }
  }
  for (const rule of descriptor.conditional) {
    if (rule.when(ies) && ies[rule.key] === undefined) {
      return fail(
        encodeError(EncodeErrorCode.MISSING_IE, `ies.${rule.key}`, `${descriptor.name}: ${rule.description}`),
      );
    }
  }

  if (!ensureSafeEnding(w, written) && options.requireSafeEnding === true) {
    return fail(
      encodeError(
        EncodeErrorCode.UNSAFE_ENDING,
        "ies",
        `${descriptor.name} would end with an IE that tshark 4.0 reads past, and no other IE can follow it`,
      ),
    );
  }
  const length = w.length - HEADER_LENGTH;
  if (length > 0xffff) {
    return fail(
      encodeError(EncodeErrorCode.OUT_OF_RANGE, "ies", `message length ${length} exceeds 65535 octets`),
    );
  }
  w.patchU16(MESSAGE_LENGTH_OFFSET, length);
  return { ok: true, bytes: w.finish() };
}

/**
 * tshark 4.0 reads one octet past certain IEs (a quirk of tshark 4.0's Q.2931 dissector), which is harmless inside a
 * message but "Malformed" at its end. When the last IE is such an IE, move the last safe IE behind it;
 * receivers accept IEs in any order. Instances of one repeated IE keep their relative order. Returns
 * whether the message now ends safely.
 */
function ensureSafeEnding(w: ByteWriter, written: readonly WrittenIe[]): boolean {
  const last = written.at(-1);
  if (last === undefined || !last.overreads) return true;
  for (let i = written.length - 2; i >= 0; i--) {
    const candidate = written[i];
    if (candidate === undefined || candidate.overreads) continue;
    if (written.slice(i + 1).some((later) => later.id === candidate.id)) continue;
    w.moveToEnd(candidate.start, candidate.end);
    return true;
  }
  return false;
}
