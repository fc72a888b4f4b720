/** The agent's address registry: one owner per address, and routing that ignores the selector. */
import { describe, expect, it } from "vitest";
import { AddressRegistry } from "../../src/agent/registry.ts";

const address = (tail: number, sel: number) => {
  const a = new Uint8Array(20);
  a[18] = tail;
  a[19] = sel;
  return a;
};

describe("AddressRegistry", () => {
  it("finds the lowest port holding the address under any selector, and forgets removed ones", () => {
    const r = new AddressRegistry();
    expect(r.add(address(1, 1), 3)).toBe(true);
    expect(r.add(address(1, 2), 1)).toBe(true);
    expect(r.add(address(2, 1), 0)).toBe(true);
    expect(r.add(address(1, 1), 2)).toBe(false);
    expect(r.ownerIgnoringSelector(address(1, 9))).toBe(1);
    expect(r.remove(address(1, 2), 1)).toBe(true);
    expect(r.ownerIgnoringSelector(address(1, 9))).toBe(3);
    expect(r.remove(address(1, 1), 0)).toBe(false);
    expect(r.remove(address(1, 1), 3)).toBe(true);
    expect(r.ownerIgnoringSelector(address(1, 1))).toBeUndefined();
    expect(r.ownerIgnoringSelector(address(2, 7))).toBe(0);
    expect(r.entries()).toEqual([{ address: `${"00".repeat(18)}0201`, port: 0 }]);
  });
});
