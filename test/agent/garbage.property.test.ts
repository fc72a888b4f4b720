import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AtmfStatus,
  addressSetRequest,
  coldStartTrap,
  decodeIlmiMessage,
  encodeIlmiMessage,
  formAddress,
  getRequest,
  IlmiOid,
  netPrefixSetRequest,
} from "../../src/signaling/ilmi/index.ts";
import { endSystem, expectAgreement, prefix, world } from "./switch-world.ts";

const ES = endSystem(1);
const seeds = [
  addressSetRequest(1, formAddress(prefix(1), ES.esi, ES.sel), AtmfStatus.valid),
  addressSetRequest(2, formAddress(prefix(1), ES.esi, ES.sel), AtmfStatus.invalid),
  netPrefixSetRequest(3, prefix(1), AtmfStatus.valid),
  getRequest("getNextRequest", 4, [[...IlmiOid.atmfAddressStatus]]),
  coldStartTrap(5),
].map(encodeIlmiMessage);

/** A valid ILMI frame with some octets overwritten, cut short or extended. */
const mangled = fc
  .record({
    base: fc.constantFrom(...seeds),
    edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 4 }),
    cut: fc.nat({ max: 80 }),
    tail: fc.uint8Array({ maxLength: 3 }),
  })
  .map(({ base, edits, cut, tail }) => {
    const bytes = Uint8Array.from(base);
    for (const { at, value } of edits) bytes[at % bytes.length] = value;
    return Uint8Array.of(...bytes.subarray(0, Math.max(0, bytes.length - cut)), ...tail);
  });

describe("agent under hostile frames on 0/16", () => {
  it("never throws, counts exactly the undecodable frames, and still agrees with its host", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(mangled, fc.uint8Array({ maxLength: 64 })), { maxLength: 25 }),
        (frames) => {
          const w = world({ ports: 1 });
          w.hosts[0]?.addEndSystem(ES);
          w.settle();
          const host = w.hosts[0];
          if (host === undefined) throw new Error("no host");
          // Raw frames bypass the host's IME; their answers land in host.answers and change nothing there.
          for (const payload of frames) host.sendRaw({ vpi: 0, vci: 16, payload });
          w.settle();
          const bad = frames.filter((f) => !decodeIlmiMessage(f).ok).length;
          expect(w.agent.view().counters.undecodable).toBe(bad);
          expect(w.agent.view().counters.framesIn).toBeGreaterThanOrEqual(frames.length);
          // A decodable one may be a real request (a coldStart trap, a deregistration): the agent must have
          // acted on it consistently, so the global table still mirrors the port's.
          const view = w.agent.view();
          expect(view.addresses.map((a) => a.address)).toEqual(view.ports[0]?.addresses);
          if (frames.every((f) => !decodeIlmiMessage(f).ok)) expectAgreement(w);
        },
      ),
      { numRuns: 200 },
    );
  });
});
