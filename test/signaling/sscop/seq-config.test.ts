import { describe, expect, it } from "vitest";
import { ms, seconds } from "../../../src/sched/index.ts";
import { SSCF_UNI_DEFAULTS, sscopConfig } from "../../../src/signaling/sscop/config.ts";
import { isSeq, seqAdd, seqDiff, seqOffset } from "../../../src/signaling/sscop/seq.ts";

describe("24-bit sequence arithmetic", () => {
  it("adds and measures modulo 2^24", () => {
    expect(seqAdd(0xffffff, 1)).toBe(0);
    expect(seqAdd(0, -1)).toBe(0xffffff);
    expect(seqOffset(2, 0xfffffe)).toBe(4);
    expect(seqOffset(0xfffffe, 2)).toBe(0xfffffc);
  });

  it("tells behind from ahead across the wrap", () => {
    expect(seqDiff(1, 0xffffff)).toBe(2);
    expect(seqDiff(0xffffff, 1)).toBe(-2);
    expect(seqDiff(0x7fffff, 0)).toBe(0x7fffff);
    expect(seqDiff(0x800000, 0)).toBe(-0x800000);
    expect([isSeq(0), isSeq(0xffffff), isSeq(0x1000000), isSeq(-1), isSeq(1.5)]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe("SSCOP configuration", () => {
  it("defaults to the SSCF-UNI values (Q.2110 SSCOP / Q.2130)", () => {
    expect(sscopConfig()).toEqual(SSCF_UNI_DEFAULTS);
    expect(SSCF_UNI_DEFAULTS).toMatchObject({
      timerCC: seconds(1),
      timerPoll: ms(750),
      timerKeepAlive: seconds(2),
      timerNoResponse: seconds(7),
      timerIdle: seconds(15),
      maxCC: 4,
      maxPD: 25,
      maxSTAT: 67,
      maxK: 4096,
      maxJ: 4096,
    });
  });

  it("takes overrides and refuses nonsense", () => {
    expect(sscopConfig({ receiveWindow: 8, maxPD: 3 })).toMatchObject({
      receiveWindow: 8,
      maxPD: 3,
      maxCC: 4,
    });
    expect(() => sscopConfig({ maxSTAT: 4 })).toThrow(/maxSTAT/);
    expect(() => sscopConfig({ maxCC: 0 })).toThrow(/maxCC/);
    expect(() => sscopConfig({ timerPoll: 0n })).toThrow(/timerPoll/);
    expect(() => sscopConfig({ receiveWindow: 0x800000 })).toThrow(/receiveWindow/);
  });
});
