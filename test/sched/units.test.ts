/** The nanosecond helpers used for timer values. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ms, seconds } from "../../src/sched/index.ts";

describe("ms and seconds", () => {
  it("convert to nanoseconds", () => {
    expect(ms(0)).toBe(0n);
    expect(ms(1)).toBe(1_000_000n);
    expect(ms(0.5)).toBe(500_000n);
    expect(ms(1500)).toBe(1_500_000_000n);
    expect(seconds(0)).toBe(0n);
    expect(seconds(1)).toBe(1_000_000_000n);
    expect(seconds(1.5)).toBe(1_500_000_000n);
    expect(seconds(90)).toBe(90_000_000_000n);
  });

  it("agree with each other for whole milliseconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (n) => {
        expect(seconds(n / 1000)).toBe(ms(n));
        expect(ms(n)).toBe(BigInt(n) * 1_000_000n);
      }),
    );
  });
});
