import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CallWorld, callWorld, isClearingState } from "./call-world.ts";
import type { AnswerPolicy } from "./signaling-user.ts";

/** One step of a random run. Ports and calls are indices, reduced modulo what exists. */
type Command =
  | { readonly kind: "call"; readonly from: number; readonly to: number; readonly unregistered: boolean }
  | { readonly kind: "release"; readonly port: number; readonly which: number }
  | { readonly kind: "data"; readonly port: number; readonly which: number }
  | { readonly kind: "linkDown"; readonly port: number }
  | { readonly kind: "linkUp"; readonly port: number }
  | { readonly kind: "bounce"; readonly port: number }
  | { readonly kind: "saalBounce"; readonly port: number }
  | { readonly kind: "restart" }
  | { readonly kind: "loss"; readonly port: number; readonly drop: number }
  | { readonly kind: "run"; readonly steps: number }
  | { readonly kind: "wait"; readonly ms: number };

const port = fc.nat({ max: 2 });
const which = fc.nat({ max: 5 });

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("call"),
      from: port,
      to: port,
      unregistered: fc.nat({ max: 3 }).map((n) => n === 0),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("release"), port, which }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("data"), port, which }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("linkDown"), port }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("linkUp"), port }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("bounce"), port }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("saalBounce"), port }) },
  { weight: 1, arbitrary: fc.constant({ kind: "restart" } as const) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("loss"),
      port,
      drop: fc.oneof(fc.constant(0), fc.integer({ min: 50, max: 400 })),
    }),
  },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("run"), steps: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("wait"), ms: fc.integer({ min: 1, max: 12_000 }) }) },
);

const policy: fc.Arbitrary<AnswerPolicy> = fc.constantFrom(
  "accept",
  "accept",
  "alert",
  "proceed",
  "reject",
  "ignore",
);

const scenario = fc.record({
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
  ports: fc.integer({ min: 2, max: 3 }),
  answers: fc.array(policy, { minLength: 3, maxLength: 3 }),
  commands: fc.array(command, { minLength: 5, maxLength: 40, size: "max" }),
});

function apply(w: CallWorld, c: Command): void {
  const at = (p: number) => p % w.users.length;
  switch (c.kind) {
    case "call": {
      const address = w.address(at(c.to)).slice();
      if (c.unregistered) address[15] = 0xee;
      w.user(at(c.from)).call(address);
      return;
    }
    case "release": {
      const user = w.user(at(c.port));
      const live = user.calls().filter((call) => !isClearingState(call.state));
      const call = live[c.which % Math.max(live.length, 1)];
      if (call !== undefined) user.release(call.key);
      return;
    }
    case "data": {
      const user = w.user(at(c.port));
      const calls = user.calls();
      const call = calls[c.which % Math.max(calls.length, 1)];
      if (call !== undefined) user.sendData(call.key, Uint8Array.of(c.which));
      return;
    }
    case "linkDown":
      w.links[at(c.port)]?.down();
      return;
    case "linkUp":
      w.links[at(c.port)]?.up();
      return;
    case "bounce":
      w.links[at(c.port)]?.down();
      w.links[at(c.port)]?.up();
      return;
    case "saalBounce":
      w.user(at(c.port)).releaseSignaling();
      return;
    case "restart":
      w.agent.restart();
      return;
    case "loss":
      w.links[at(c.port)]?.setFaults({ drop: c.drop });
      return;
    case "run":
      for (let i = 0; i < c.steps && w.scheduler.step(); i++);
      return;
    case "wait":
      w.run(c.ms / 1000);
      return;
  }
}

/**
 * Once settled, the agent and the users agree on the calls: each active switched call is active at
 * both users (the caller allocated the call reference on `from`, the agent on `to`), nothing else is
 * left, and every call a user holds is one of them.
 */
function expectCallsAgree(w: CallWorld): void {
  const calls = w.agent.view().calls;
  const expected = w.users.map(() => [] as string[]);
  for (const call of calls) {
    expect(call.phase).toBe("active");
    expected[call.from.port]?.push(`m${call.from.callReference}`);
    for (const to of call.to) expected[to.port]?.push(`p${to.callReference}`);
  }
  for (const [i, user] of w.users.entries()) {
    const held = user.calls().map((c) => `${c.key.mine ? "m" : "p"}${c.key.value}:${c.state}`);
    expect(held.sort(), user.name).toEqual((expected[i] ?? []).map((k) => `${k}:10`).sort());
  }
}

/** Brings every link up, lets the world settle, has every user release what it still holds, and waits. */
function quiesce(w: CallWorld): void {
  for (const link of w.links) {
    link.setFaults({});
    link.up();
  }
  w.run(60);
  expectCallsAgree(w);
  for (const user of w.users) {
    for (const call of user.calls()) if (!isClearingState(call.state)) user.release(call.key);
  }
  // Long enough for T308 twice, T309, T310, T322 and the restart timers (T316 twice) to run out.
  w.run(300);
  for (const user of w.users) user.ilmi.stopPolling();
}

describe("agent calls at quiescence", () => {
  it("leave no call in the agent and every user in Null after random calls, releases, bounces and restarts", () => {
    fc.assert(
      fc.property(scenario, ({ seed, ports, answers, commands }) => {
        const w = callWorld({ ports, seed, answer: answers, recover: true });
        for (const c of commands) apply(w, c);
        quiesce(w);

        const view = w.agent.view();
        expect(view.calls).toEqual([]);
        for (const p of view.ports) {
          expect(p.signalingCalls, `port ${p.index}`).toBe(0);
          expect(p.vcsInUse, `port ${p.index}`).toBe(0);
          expect(p.linkUp).toBe(true);
          expect(p.signaling, `port ${p.index}`).toBe("DataTransferReady");
        }
        for (const user of w.users) {
          expect(user.calls(), user.name).toEqual([]);
          expect(user.signalingUp, user.name).toBe(true);
        }
        // Every call the agent routed was cleared, and it never switched more than the users sent.
        const cleared = w.events.flatMap((e) => (e.kind === "callCleared" ? [e.call] : []));
        expect(new Set(cleared).size).toBe(cleared.length);
        for (const e of w.events) if (e.kind === "callRouted") expect(cleared).toContain(e.call);
        expect(view.counters.relayed).toBeLessThanOrEqual(commands.filter((c) => c.kind === "data").length);
      }),
      { numRuns: 60 },
    );
  });
});
