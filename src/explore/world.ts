/**
 * The explorer's worlds: like `createWorld` (condis/world), an agent and N hosts, each on its own
 * in-memory link to one agent port, with the reference miniport and the UNI call manager (or the
 * MCM, or none), and the strict verifier; but on a scheduler the explorer made, so that a strategy
 * picks every task and every `choose`.
 */
import { type Agent, createAgent } from "../agent/index.ts";
import { coMiniport } from "../drivers/co-miniport/index.ts";
import { uniCallManager, uniMcm } from "../drivers/uni-cm/index.ts";
import { createMemoryLink } from "../media/index.ts";
import { createHost, type DRIVER_INITIALIZE, type Host, type NdisEvent } from "../ndis/index.ts";
import type { ControlledScheduler } from "../sched/index.ts";
import { Verifier } from "../verifier/index.ts";
import { type FaultPlan, linkSettings, NO_FAULTS } from "./faults.ts";

/** Which call manager a host runs: the stand-alone UNI call manager, the UNI MCM, or none. */
export type HostCallManager = "stand-alone" | "mcm" | "none";

/** A host of an explorer world. */
export interface ExploreHost {
  readonly name: string;
  readonly host: Host;
  /** The drivers loaded, in load order (teardown unloads them in reverse). */
  readonly drivers: readonly string[];
  /** Loads a driver (its DriverEntry runs now); returns DriverEntry's status. */
  load(name: string, DriverEntry: DRIVER_INITIALIZE): number;
}

/** An explorer world: agent, hosts, the strict verifier and every event in order. */
export interface ExploreWorld {
  readonly scheduler: ControlledScheduler;
  readonly agent: Agent;
  readonly verifier: Verifier;
  readonly hosts: readonly ExploreHost[];
  readonly events: readonly NdisEvent[];
  /** The host called `name` (throws for an unknown name). */
  host(name: string): ExploreHost;
}

/** The agent port prefixes: 47.0005.80ffe1000000f21a.<port>, as `createWorld` gives them. */
export function portPrefix(port: number): Uint8Array {
  return Uint8Array.from([0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0, 0, 0, 0xf2, 0x1a, port >> 8, port & 0xff]);
}

/** Builds a world on `scheduler`, every link under `faults`; the agent is started, nothing has run yet. */
export function exploreWorld(
  scheduler: ControlledScheduler,
  hosts: readonly { readonly name: string; readonly callManager: HostCallManager }[],
  faults: FaultPlan = NO_FAULTS,
): ExploreWorld {
  const verifier = new Verifier({ mode: "strict", replay: scheduler });
  const events: NdisEvent[] = [];
  const settings = linkSettings(faults);
  const links = hosts.map((h) => createMemoryLink({ name: `uni-${h.name}`, scheduler, ...settings }));
  const agent = createAgent({
    name: "switch",
    scheduler,
    ports: links.map((l, i) => ({ port: l.b, prefix: portPrefix(i) })),
  });
  const built = hosts.map((spec, i): ExploreHost => {
    const host = createHost({ name: spec.name, scheduler });
    host.events.subscribe((e) => events.push(e));
    verifier.attach(host);
    const drivers: string[] = [];
    const load = (name: string, entry: DRIVER_INITIALIZE) => {
      drivers.push(name);
      return host.loadDriver(name, entry);
    };
    const attachment = links[i]?.a;
    if (spec.callManager === "mcm") {
      load("UNIMCM", uniMcm().DriverEntry);
      host.addAdapter({ name: "ATM0", miniport: "UNIMCM", attachment });
    } else {
      load("ATMMINI", coMiniport().DriverEntry);
      if (spec.callManager === "stand-alone") load("UNICM", uniCallManager().DriverEntry);
      host.addAdapter({ name: "ATM0", miniport: "ATMMINI", attachment });
    }
    return { name: spec.name, host, drivers, load };
  });
  agent.start();
  return {
    scheduler,
    agent,
    verifier,
    hosts: built,
    events,
    host(name) {
      const h = built.find((x) => x.name === name);
      if (h === undefined) throw new Error(`explore: no host "${name}"`);
      return h;
    },
  };
}
