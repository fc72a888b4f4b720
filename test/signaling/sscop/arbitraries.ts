/** fast-check arbitraries for SSCOP PDUs, one per PDU type, for reuse by other suites. */
import fc from "fast-check";
import type { Pdu, PduOf, PduTypeName } from "../../../src/signaling/sscop/pdu.ts";

/** A 24-bit sequence number (N(S), N(R), N(MR), N(PS), list elements). */
export const seqArb = fc.integer({ min: 0, max: 0xffffff });

/** An 8-bit connection sequence number N(SQ). */
export const sqArb = fc.integer({ min: 0, max: 0xff });

/** A payload (SSCOP-UU or SD/UD/MD information field) of every pad length. */
export const payloadArb = (maxLength = 64): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });

const sourceArb = fc.constantFrom("user" as const, "sscop" as const);

/** One arbitrary per PDU type. */
export const pduArbs: { readonly [T in PduTypeName]: fc.Arbitrary<PduOf<T>> } = {
  BGN: fc.record({ type: fc.constant("BGN" as const), nSQ: sqArb, nMR: seqArb, uu: payloadArb() }),
  BGAK: fc.record({ type: fc.constant("BGAK" as const), nMR: seqArb, uu: payloadArb() }),
  END: fc.record({ type: fc.constant("END" as const), source: sourceArb, uu: payloadArb() }),
  ENDAK: fc.constant({ type: "ENDAK" as const }),
  RS: fc.record({ type: fc.constant("RS" as const), nSQ: sqArb, nMR: seqArb, uu: payloadArb() }),
  RSAK: fc.record({ type: fc.constant("RSAK" as const), nMR: seqArb }),
  BGREJ: fc.record({ type: fc.constant("BGREJ" as const), uu: payloadArb() }),
  SD: fc.record({ type: fc.constant("SD" as const), nS: seqArb, data: payloadArb(256) }),
  ER: fc.record({ type: fc.constant("ER" as const), nSQ: sqArb, nMR: seqArb }),
  POLL: fc.record({ type: fc.constant("POLL" as const), nPS: seqArb, nS: seqArb }),
  STAT: fc.record({
    type: fc.constant("STAT" as const),
    nPS: seqArb,
    nMR: seqArb,
    nR: seqArb,
    list: fc.array(seqArb, { maxLength: 67 }),
  }),
  USTAT: fc.record({
    type: fc.constant("USTAT" as const),
    nMR: seqArb,
    nR: seqArb,
    list: fc.tuple(seqArb, seqArb),
  }),
  UD: fc.record({ type: fc.constant("UD" as const), data: payloadArb(256) }),
  MD: fc.record({ type: fc.constant("MD" as const), data: payloadArb(256) }),
  ERAK: fc.record({ type: fc.constant("ERAK" as const), nMR: seqArb }),
};

/** Any SSCOP PDU, every type equally likely. */
export const pduArb: fc.Arbitrary<Pdu> = fc.oneof(...Object.values(pduArbs));
