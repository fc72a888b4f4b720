import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeMessage, type Q2931Message } from "../../src/signaling/q2931/index.ts";
import { encodePdu } from "../../src/signaling/sscop/index.ts";
import { activeCall, callWorld, isClearingState } from "./call-world.ts";
import { setupTo } from "./signaling-user.ts";

/** Well-formed messages to mangle: a SETUP to port 1's user, a RELEASE and a CONNECT on live-ish references. */
function seeds(called: Uint8Array): Uint8Array[] {
  const messages: Q2931Message[] = [
    { type: "SETUP", callReference: { value: 9, flag: false }, ies: setupTo(called) },
    {
      type: "RELEASE",
      callReference: { value: 1, flag: false },
      ies: { cause: [{ location: 0, value: 16 }] },
    },
    { type: "CONNECT", callReference: { value: 1, flag: true }, ies: {} },
    { type: "STATUS ENQUIRY", callReference: { value: 1, flag: false }, ies: {} },
  ];
  return messages.flatMap((m) => {
    const e = encodeMessage(m);
    return e.ok ? [e.bytes] : [];
  });
}

const mangle = (base: readonly Uint8Array[]) =>
  fc
    .record({
      base: fc.constantFrom(...base),
      edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 3 }),
      cut: fc.nat({ max: 40 }),
    })
    .map(({ base, edits, cut }) => {
      const bytes = Uint8Array.from(base);
      for (const { at, value } of edits) bytes[at % bytes.length] = value;
      return bytes.subarray(0, Math.max(0, bytes.length - cut));
    });

/** A raw SSCOP frame: random bytes, or a real PDU of some type with random fields. */
const rawSscop = fc.oneof(
  fc.uint8Array({ maxLength: 24 }),
  fc.constantFrom(
    encodePdu({ type: "POLL", nS: 7, nPS: 3 }),
    encodePdu({ type: "STAT", nR: 0, nMR: 200, nPS: 9, list: [] }),
    encodePdu({ type: "USTAT", nR: 0, nMR: 200, list: [1, 2] }),
    encodePdu({ type: "RS", nSQ: 77, nMR: 100, uu: new Uint8Array(0) }),
  ),
);

describe("agent under hostile signalling on 0/5", () => {
  it("never throws, keeps switching calls, and clears everything once the users release", () => {
    const w0 = callWorld({ ports: 2 });
    const base = seeds(w0.address(1));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(
          fc.oneof(
            mangle(base).map((b) => ({ sd: b })),
            fc.uint8Array({ maxLength: 40 }).map((b) => ({ sd: b })),
            rawSscop.map((b) => ({ raw: b })),
          ),
          { maxLength: 12 },
        ),
        (seed, frames) => {
          const w = callWorld({ ports: 2, seed });
          const { caller } = activeCall(w);
          for (const f of frames) {
            if ("sd" in f) w.user(0).sendSignaling(f.sd);
            else w.user(0).sendRaw({ vpi: 0, vci: 5, payload: f.raw });
          }
          expect(() => w.run(60)).not.toThrow();
          // Release whatever is left (the garbage may have made calls, or cleared ours).
          for (const user of w.users)
            for (const call of user.calls()) if (!isClearingState(call.state)) user.release(call.key);
          w.run(120);
          expect(w.agent.view().calls).toEqual([]);
          expect(w.users.map((u) => u.calls())).toEqual([[], []]);
          expect(w.user(0).callOf(caller)).toBeUndefined();
          // The switch still works.
          activeCall(w);
        },
      ),
      { numRuns: 40 },
    );
  });
});
