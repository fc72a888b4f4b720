import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIRST_CALL_VCI, LAST_CALL_VCI, VcAllocator } from "../../src/agent/vc-allocator.ts";

describe("VcAllocator", () => {
  it("hands out VCIs from 32 up on VPI 0, and does not reuse a freed one at once", () => {
    const a = new VcAllocator();
    expect([a.allocate(), a.allocate()]).toEqual([
      { vpi: 0, vci: 32 },
      { vpi: 0, vci: 33 },
    ]);
    a.release({ vpi: 0, vci: 32 });
    expect(a.allocate()).toEqual({ vpi: 0, vci: 34 });
    expect(a.size).toBe(2);
  });

  it("claims a requested call VC once, never a reserved VCI or another VPI", () => {
    const a = new VcAllocator();
    expect(a.claim({ vpi: 0, vci: 100 })).toBe(true);
    expect(a.claim({ vpi: 0, vci: 100 })).toBe(false);
    expect(a.claim({ vpi: 0, vci: 5 })).toBe(false);
    expect(a.claim({ vpi: 1, vci: 100 })).toBe(false);
    expect(a.claim({ vpi: 0, vci: LAST_CALL_VCI + 1 })).toBe(false);
  });

  it("wraps around and reports exhaustion", () => {
    const a = new VcAllocator();
    const span = LAST_CALL_VCI - FIRST_CALL_VCI + 1;
    let given = 0;
    while (a.allocate() !== undefined) given++;
    expect(given).toBe(span);
    a.release({ vpi: 0, vci: 1000 });
    expect(a.allocate()).toEqual({ vpi: 0, vci: 1000 });
    a.clear();
    expect(a.size).toBe(0);
  });

  it("never hands out a VC that is in use", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 40 })), { maxLength: 200 }),
        (ops) => {
          const a = new VcAllocator();
          const held = new Set<number>();
          for (const op of ops) {
            if (op < 0) {
              const vc = a.allocate();
              expect(vc).toBeDefined();
              expect(held.has(vc?.vci ?? -1)).toBe(false);
              held.add(vc?.vci ?? -1);
            } else {
              const vci = FIRST_CALL_VCI + op;
              a.release({ vpi: 0, vci });
              held.delete(vci);
            }
            expect(a.size).toBe(held.size);
          }
        },
      ),
    );
  });
});
