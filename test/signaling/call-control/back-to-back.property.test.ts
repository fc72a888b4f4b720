/**
 * Property: a user-side and a network-side machine back to back (every message encoded and decoded),
 * under random interleavings of requests, deliveries and timer expiries, always end with both sides in
 * the same state class (no call, or the call active on both sides with the same active parties and no
 * modification under way), no timer running, and every request answered.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { callId, PartyState } from "../../../src/signaling/call-control/index.ts";
import { BackToBack, type End } from "./back-to-back.ts";

function check(choices: readonly number[], multipointFirst = false): void {
  const run = new BackToBack(choices, { multipointFirst });
  try {
    run.run();
    for (const end of [run.user, run.network]) {
      expect(end.inbox).toEqual([]);
      expect([...end.timers.keys()]).toEqual([]);
      expect(end.state.timers).toEqual([]);
      expect(end.state.restart).toMatchObject({ start: 0, respond: 0 });
      const peer = end === run.user ? run.network : run.user;
      for (const call of end.state.calls.values()) {
        const twin = peer.state.calls.get(callId({ value: call.key.value, mine: !call.key.mine }));
        expect({ side: end.side, call: callId(call.key), state: call.state, twin: twin?.state }).toEqual({
          side: end.side,
          call: callId(call.key),
          state: 10,
          twin: 10,
        });
        expect(call.timers).toEqual([]);
        expect(call.modify).toBeUndefined();
        const parties = (e: End, c: typeof call) =>
          c.parties.map((p) => `${p.key.mine === (e === end) ? "a" : "b"}${p.key.value}:${p.state}`).sort();
        if (twin !== undefined) expect(parties(end, call)).toEqual(parties(peer, twin));
        for (const party of call.parties) expect(party.state).toBe(PartyState.ACTIVE);
      }
      for (const [id, names] of end.indications) {
        // A call reference can serve twice: a T303 retransmission of SETUP may arrive after the first
        // offer was refused. Every call instance ends with exactly one release.confirm.
        const instances = names.filter((n) => n === "setup.indication").length + (id.startsWith("m") ? 1 : 0);
        const confirms = names.filter((n) => n === "release.confirm").length;
        const alive = end.state.calls.has(id) ? 1 : 0;
        expect({ id, confirms }).toEqual({ id, confirms: instances - alive });
      }
    }
    const unanswered = run.expectations.filter((e) => !e.satisfied);
    expect(unanswered).toEqual([]);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- replay ---\n${run.log.join("\n")}`);
  }
}

describe("user and network machines back to back", () => {
  const choices = fc.array(fc.nat({ max: 1000 }), { minLength: 0, maxLength: 300, size: "max" });

  it("always converge: same state class, no timer left, every request answered", () => {
    fc.assert(
      fc.property(choices, (c) => check(c)),
      { numRuns: 150 },
    );
  });

  it("also with point-to-multipoint calls active on both sides from the start (parties added and dropped)", () => {
    fc.assert(
      fc.property(choices, (c) => check(c, true)),
      { numRuns: 150 },
    );
  });

  it("reaches both outcomes: calls that end active on both sides and calls released on both", () => {
    let active = 0;
    let released = 0;
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 10, maxLength: 60 }), (choices) => {
        const run = new BackToBack(choices);
        run.run();
        active += run.user.state.calls.size;
        released += [...run.user.indications.values()].filter((n) => n.includes("release.confirm")).length;
      }),
      { numRuns: 100, seed: 42 },
    );
    expect(active).toBeGreaterThan(0);
    expect(released).toBeGreaterThan(0);
  });
});
