// Sequence numbers N(S), N(R), N(MR), N(PS) and the VT/VR variables are 24-bit, modulo 2^24.

const SEQ_MASK = 0xffffff;

const HALF = 0x800000;

/** `a + n` modulo 2^24. */
export function seqAdd(a: number, n: number): number {
  return (a + n) & SEQ_MASK;
}

/** `a - b` modulo 2^24, in [0, 2^24): the distance from `b` forward to `a`. */
export function seqOffset(a: number, b: number): number {
  return (a - b) & SEQ_MASK;
}

/**
 * `a - b` as a signed distance in [-2^23, 2^23). Q.2110 compares relative to a base (VT(A) for the
 * transmitter, VR(R) for the receiver); the signed form also tells a stale number (behind) from a
 * future one, which a link that reorders frames needs.
 */
export function seqDiff(a: number, b: number): number {
  return ((a - b + HALF) & SEQ_MASK) - HALF;
}

/** True when `n` is a valid 24-bit sequence number. */
export function isSeq(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= SEQ_MASK;
}
