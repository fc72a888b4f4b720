import { describe, expect, it } from "vitest";
import {
  AESA_LENGTH,
  ESI_LENGTH,
  endSystemOf,
  esiOf,
  makeAesa,
  NETWORK_PREFIX_LENGTH,
  prefixOf,
  SELECTOR_OFFSET,
  selectorOf,
} from "../../../src/signaling/q2931/index.ts";

const PREFIX = Uint8Array.from([
  0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x1a, 0x00, 0x01,
]);
const ESI = Uint8Array.from([0x00, 0x20, 0x48, 0x1a, 0x2b, 0x3c]);

describe("AESA fields by name", () => {
  it("splits a built address back into its ESI, selector and end-system part", () => {
    const made = makeAesa(PREFIX, ESI, 0x42);
    if (!made.ok) throw new Error(made.reason);
    const address = made.value;
    expect([...prefixOf(address)]).toEqual([...PREFIX]);
    expect([...esiOf(address)]).toEqual([0x00, 0x20, 0x48, 0x1a, 0x2b, 0x3c]);
    expect(selectorOf(address)).toBe(0x42);
    expect([...endSystemOf(address)]).toEqual([0x00, 0x20, 0x48, 0x1a, 0x2b, 0x3c, 0x42]);
    expect([NETWORK_PREFIX_LENGTH, ESI_LENGTH, SELECTOR_OFFSET, AESA_LENGTH]).toEqual([13, 6, 19, 20]);
  });

  it("gives views of the address, and what there is of a short one", () => {
    const address = new Uint8Array(20);
    esiOf(address).set(ESI);
    address[19] = 7;
    expect([...address.subarray(13)]).toEqual([...ESI, 7]);
    const short = address.subarray(0, 16);
    expect(esiOf(short)).toHaveLength(3);
    expect(selectorOf(short)).toBe(0);
    expect(endSystemOf(short)).toHaveLength(3);
  });
});
