/** Hand-built Q.2931 frames for decoder tests: a header with a computed length around raw IE octets. */
import { fromHex } from "./hex.ts";

/** Options of {@link frame}. */
export interface FrameInit {
  readonly type: number;
  readonly callReference?: number;
  readonly flag?: boolean;
  readonly compatibility?: number;
}

/** A frame with the given header fields and IEs (each hex text), the message length computed. */
export function frame(init: FrameInit, ...ies: readonly string[]): Uint8Array {
  const body = fromHex(ies.join(""));
  const cr = (init.flag ? 0x800000 : 0) | (init.callReference ?? 1);
  const out = new Uint8Array(9 + body.length);
  out.set([
    0x09,
    0x03,
    (cr >> 16) & 0xff,
    (cr >> 8) & 0xff,
    cr & 0xff,
    init.type,
    init.compatibility ?? 0x80,
  ]);
  out[7] = body.length >> 8;
  out[8] = body.length & 0xff;
  out.set(body, 9);
  return out;
}

/** The IEs of a minimal valid SETUP (§6.4 without AAL/BLLI), by name, as hex. */
export const SETUP_IES = {
  trafficDescriptor: "59 80 00 09 84 05 63 B7 85 05 63 B7 BE",
  bearerCapability: "5E 80 00 03 10 80 80",
  calledPartyNumber: "70 80 00 15 82 39 84 0F 80 01 BC 72 00 00 00 01 00 01 00 20 48 1A 2B 3C 00",
  qos: "5C E0 00 02 00 00",
} as const;

/** The IEs of a minimal valid SETUP in table order, with some replaced or dropped. */
export function setupIes(overrides: Partial<Record<keyof typeof SETUP_IES, string>> = {}): string[] {
  return (Object.keys(SETUP_IES) as (keyof typeof SETUP_IES)[]).map(
    (key) => overrides[key] ?? SETUP_IES[key],
  );
}
