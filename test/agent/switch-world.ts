/**
 * Test fixture: an agent with N ports, each joined by an in-memory link to a user host, on one
 * controlled scheduler, plus helpers to compare what the agent and the hosts believe.
 */
import { expect } from "vitest";
import { type Agent, type AgentEvent, createAgent } from "../../src/agent/index.ts";
import { createMemoryLink, type MemoryLink } from "../../src/media/index.ts";
import { ControlledScheduler } from "../../src/sched/index.ts";
import { type EndSystem, formAddress } from "../../src/signaling/ilmi/index.ts";
import { toHex, UserHost } from "./user-host.ts";

/** A DCC AESA prefix (ATM Forum ILMI 4.0) whose last octet tells ports apart. */
export function prefix(n: number): Uint8Array {
  return Uint8Array.of(0x39, 0x84, 0x0f, 0x80, 0x01, 0xbc, 0x72, 0x00, 0x00, 0x00, 0x01, 0x00, n);
}

/** An end system whose ESI and SEL derive from `n`. */
export function endSystem(n: number): EndSystem {
  return { esi: Uint8Array.of(0x00, 0x20, 0x48, 0x1a, 0x2b, n), sel: n % 2 };
}

/** The hex address an end system gets under a prefix. */
export function addressOf(p: Uint8Array, es: EndSystem): string {
  return toHex(formAddress(p, es.esi, es.sel));
}

/** Options of a test world. */
export interface WorldInit {
  readonly ports: number;
  readonly seed?: number;
  /** Prefix of each port; default `prefix(i + 1)`. */
  readonly prefixes?: readonly Uint8Array[];
  readonly recover?: boolean;
  readonly followLink?: boolean;
  /** Each port's address quota (AgentPortConfig.maxAddresses); default the agent's. */
  readonly maxAddresses?: number;
}

/** An agent, its links and the hosts on their far ends. */
export interface World {
  readonly scheduler: ControlledScheduler;
  readonly agent: Agent;
  readonly links: readonly MemoryLink[];
  readonly hosts: readonly UserHost[];
  readonly prefixes: readonly Uint8Array[];
  readonly events: AgentEvent[];
  /** Runs the scheduler until nothing is pending, and insists that it got there. */
  settle(): void;
}

/** Builds and starts a world: agent first, then every host. */
export function world(init: WorldInit): World {
  const scheduler = new ControlledScheduler({ seed: init.seed ?? 1 });
  const prefixes = Array.from({ length: init.ports }, (_, i) => init.prefixes?.[i] ?? prefix(i + 1));
  const links = prefixes.map((_, i) => createMemoryLink({ name: `uni${i}`, scheduler }));
  const agent = createAgent({
    name: "switch",
    scheduler,
    ports: links.map((link, i) => ({
      port: link.a,
      prefix: prefixes[i] ?? prefix(i + 1),
      ...(init.maxAddresses === undefined ? {} : { maxAddresses: init.maxAddresses }),
    })),
  });
  const events: AgentEvent[] = [];
  agent.onEvent((e) => events.push(e));
  const hosts = links.map(
    (link, i) =>
      new UserHost({
        name: `host${i}`,
        scheduler,
        port: link.b,
        recover: init.recover ?? false,
        followLink: init.followLink ?? true,
      }),
  );
  agent.start();
  for (const host of hosts) host.start();
  return {
    scheduler,
    agent,
    links,
    hosts,
    prefixes,
    events,
    settle: () => {
      expect(scheduler.runUntilIdle(500_000).idle).toBe(true);
    },
  };
}

/**
 * Agent and hosts agree: each port's addresses are exactly those its host considers registered,
 * and the global table is the union of the ports' tables, each address on its own port.
 */
export function expectAgreement(w: World): void {
  const view = w.agent.view();
  for (const [i, host] of w.hosts.entries()) {
    expect(view.ports[i]?.addresses, `port ${i}`).toEqual(host.registered());
  }
  const fromPorts = view.ports
    .flatMap((p) => p.addresses.map((address) => ({ address, port: p.index })))
    .sort((a, b) => (a.address < b.address ? -1 : 1));
  expect(view.addresses).toEqual(fromPorts);
}
