import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seconds } from "../../src/sched/index.ts";
import { AtmfStatus, addressSetRequest, decodeIlmiMessage } from "../../src/signaling/ilmi/index.ts";
import { addressOf, endSystem, expectAgreement, prefix, type World, world } from "./switch-world.ts";

/** One step of a random run. Ports and end systems are indices, reduced modulo what exists. */
type Command =
  | { readonly kind: "register"; readonly port: number; readonly es: number }
  | { readonly kind: "deregister"; readonly port: number; readonly es: number }
  | { readonly kind: "linkDown"; readonly port: number }
  | { readonly kind: "linkUp"; readonly port: number }
  | { readonly kind: "bounce"; readonly port: number }
  | { readonly kind: "loss"; readonly port: number; readonly drop: number }
  | { readonly kind: "forge"; readonly port: number; readonly victim: number }
  | { readonly kind: "restart" }
  | { readonly kind: "garbage"; readonly port: number; readonly bytes: Uint8Array }
  | { readonly kind: "run"; readonly steps: number }
  | { readonly kind: "wait"; readonly ms: number };

const port = fc.nat({ max: 2 });
const es = fc.nat({ max: 3 });

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("register"), port, es }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("deregister"), port, es }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("linkDown"), port }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("linkUp"), port }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("bounce"), port }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("loss"),
      port,
      drop: fc.oneof(fc.constant(0), fc.integer({ min: 100, max: 900 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("forge"), port, victim: fc.nat({ max: 7 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "restart" } as const) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("garbage"),
      port,
      // Random bytes essentially never decode; the filter makes "never" exact.
      bytes: fc.uint8Array({ maxLength: 40 }).filter((b) => !decodeIlmiMessage(b).ok),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("run"), steps: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("wait"), ms: fc.integer({ min: 1, max: 12_000 }) }) },
);

const scenario = fc.record({
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
  ports: fc.integer({ min: 2, max: 3 }),
  /** Ports 0 and 1 share a prefix, so that hosts can collide on an address. */
  sharedPrefix: fc.boolean(),
  commands: fc.array(command, { minLength: 5, maxLength: 40, size: "max" }),
});

function apply(w: World, c: Command): void {
  const at = (p: number) => p % w.hosts.length;
  switch (c.kind) {
    case "register":
      w.hosts[at(c.port)]?.addEndSystem(endSystem(c.es));
      return;
    case "deregister":
      w.hosts[at(c.port)]?.removeEndSystem(endSystem(c.es));
      return;
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
    case "loss":
      w.links[at(c.port)]?.setFaults({ drop: c.drop });
      return;
    case "forge": {
      // Deregister, from this port, an address another port holds (if any does).
      const from = at(c.port);
      const targets = w.agent.view().addresses.filter((a) => a.port !== from);
      const target = targets[c.victim % Math.max(targets.length, 1)];
      if (target === undefined) return;
      const address = Uint8Array.from(target.address.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
      w.hosts[from]?.sendMessage(addressSetRequest(0x10000 + c.victim, address, AtmfStatus.invalid));
      return;
    }
    case "restart":
      w.agent.restart();
      return;
    case "garbage":
      w.hosts[at(c.port)]?.sendRaw({ vpi: 0, vci: 16, payload: c.bytes });
      return;
    case "run":
      for (let i = 0; i < c.steps && w.scheduler.step(); i++);
      return;
    case "wait":
      w.scheduler.runUntil(w.scheduler.now() + BigInt(c.ms) * 1_000_000n, 100_000);
      return;
  }
}

/** Clears every fault, brings every link up, lets the verify polls run, then stops them and drains. */
function quiesce(w: World): void {
  for (const link of w.links) {
    link.setFaults({});
    link.up();
  }
  w.scheduler.runUntil(w.scheduler.now() + seconds(120), 200_000);
  for (const host of w.hosts) host.stopPolling();
  w.settle();
}

describe("agent and hosts agree at quiescence", () => {
  it("for random interleavings of register, deregister, link down/up, frame loss, forgeries and restarts", () => {
    fc.assert(
      fc.property(scenario, ({ seed, ports, sharedPrefix, commands }) => {
        const prefixes = Array.from({ length: ports }, (_, i) => prefix(sharedPrefix && i === 1 ? 1 : i + 1));
        const w = world({ ports, seed, prefixes, recover: true });
        let forgeries = 0;
        w.agent.onEvent((e) => {
          if (e.kind === "refusal" && e.refusal === "forgedDeregistration") forgeries++;
        });
        for (const c of commands) apply(w, c);
        quiesce(w);

        expectAgreement(w);
        const view = w.agent.view();
        // "unconfirmed" when every answer to the offer was lost: the host holds the prefix all the same.
        expect(
          view.ports.every((p) => p.linkUp && ["registered", "unconfirmed"].includes(p.prefixState)),
        ).toBe(true);
        expect(view.counters.refusedForgeries).toBe(forgeries);
        // Garbage sent into a down or lossy link never arrives; what arrives is never decoded.
        expect(view.counters.undecodable).toBeLessThanOrEqual(
          commands.filter((c) => c.kind === "garbage").length,
        );
        // Liveness where no two ports can claim the same address: every wanted address is registered.
        if (!sharedPrefix) {
          for (const [i, host] of w.hosts.entries()) {
            const wanted = [...host.ime.endSystems.values()].map((e) =>
              addressOf(w.prefixes[i] ?? prefix(0), e),
            );
            expect(host.registered()).toEqual(wanted.sort());
          }
        }
        for (const { address, port: owner } of view.addresses) {
          const octets = Uint8Array.from(address.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
          expect(w.agent.lookup(octets)).toBe(owner);
        }
      }),
      { numRuns: 100 },
    );
  });
});
