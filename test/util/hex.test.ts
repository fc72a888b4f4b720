import { describe, expect, it } from "vitest";
import { hex, hexOctet } from "../../src/util/hex.ts";

describe("hex", () => {
  it("writes two lower-case digits an octet, no separators", () => {
    expect(hex(Uint8Array.from([0x47, 0x00, 0x05, 0xab, 0xff, 0x0c]))).toBe("470005abff0c");
    expect(hex(new Uint8Array(0))).toBe("");
    expect(hexOctet(0x0a)).toBe("0a");
    expect(hexOctet(0xf2)).toBe("f2");
  });
});
