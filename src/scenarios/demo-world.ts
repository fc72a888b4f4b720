/**
 * The demo's world: a network control agent (the switch) and two hosts on the in-memory medium.
 * Each host runs an ATM miniport and the UNI call manager (stand-alone, or the MCM). Host A runs
 * the reference dialer, host B the reference echo server. Every event of both hosts is recorded
 * in order, and the strict verifier watches both.
 */
import { type Agent, createAgent } from "../agent/index.ts";
import { anyBhli, anyBlli, encodeAtmSap } from "../drivers/atm-sap.ts";
import { Dialer } from "../drivers/clients/dialer.ts";
import { EchoServer } from "../drivers/clients/echo-server.ts";
import { coMiniport } from "../drivers/co-miniport/index.ts";
import { uniCallManager, uniMcm } from "../drivers/uni-cm/index.ts";
import { createMemoryLink } from "../media/index.ts";
import { type CO_SAP, createHost, type Host, type NdisEvent } from "../ndis/index.ts";
import { ControlledScheduler, seconds } from "../sched/index.ts";
import { formAddress, NET_PREFIX_LENGTH } from "../signaling/ilmi/index.ts";
import { Verifier } from "../verifier/index.ts";

/** The network prefixes of the agent's ports 0 (host A) and 1 (host B). */
export const PREFIXES = [
  Uint8Array.from([0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x1a, 0x00, 0x01]),
  Uint8Array.from([0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x1a, 0x00, 0x02]),
] as const;
/** The end-system identifier of host B. */
export const ESI_B = Uint8Array.from([0x00, 0x20, 0x48, 0x0b, 0x0b, 0x0b]);
/** The selector of B's SAP. */
export const SEL_B = 0x01;

/** One host of the demo. */
export interface DemoHost<C> {
  readonly host: Host;
  readonly client: C;
  /** Every driver the host loaded, in unload order. */
  readonly drivers: readonly string[];
}

/** The demo's world. */
export interface DemoWorld {
  readonly mcm: boolean;
  readonly scheduler: ControlledScheduler;
  readonly agent: Agent;
  readonly verifier: Verifier;
  readonly events: NdisEvent[];
  readonly a: DemoHost<Dialer>;
  readonly b: DemoHost<EchoServer>;
  /**
   * Runs a minute of virtual time, long enough for every exchange and ILMI check to finish. SSCOP
   * keeps polling while a signaling link is up, so this is a bounded span, not a wait for idleness.
   */
  settle(): void;
}

function buildHost<C extends Dialer | EchoServer>(
  name: string,
  client: C,
  scheduler: ControlledScheduler,
  attachment: unknown,
  mcm: boolean,
  events: NdisEvent[],
  verifier: Verifier,
): DemoHost<C> {
  const host = createHost({ name, scheduler });
  host.events.subscribe((e) => events.push(e));
  verifier.attach(host);
  if (mcm) {
    host.loadDriver("UNIMCM", uniMcm().DriverEntry);
    host.addAdapter({ name: "ATM0", miniport: "UNIMCM", attachment });
  } else {
    host.loadDriver("ATMMINI", coMiniport().DriverEntry);
    host.loadDriver("UNICM", uniCallManager().DriverEntry);
    host.addAdapter({ name: "ATM0", miniport: "ATMMINI", attachment });
  }
  host.loadDriver(client.name, client.DriverEntry);
  return { host, client, drivers: mcm ? [client.name, "UNIMCM"] : [client.name, "UNICM", "ATMMINI"] };
}

/** Builds the world; nothing has run yet. */
export function demoWorld(seed: number, mcm: boolean): DemoWorld {
  const scheduler = new ControlledScheduler({ seed });
  const events: NdisEvent[] = [];
  const verifier = new Verifier({ mode: "strict", replay: scheduler });
  const links = [
    createMemoryLink({ name: "uni-a", scheduler }),
    createMemoryLink({ name: "uni-b", scheduler }),
  ];
  const agent = createAgent({
    name: "switch",
    scheduler,
    ports: links.map((l, i) => ({ port: l.b, prefix: PREFIXES[i] as Uint8Array })),
  });
  const a = buildHost("A", new Dialer(), scheduler, links[0]?.a, mcm, events, verifier);
  const b = buildHost("B", new EchoServer(), scheduler, links[1]?.a, mcm, events, verifier);
  agent.start();
  return {
    mcm,
    scheduler,
    agent,
    verifier,
    events,
    a,
    b,
    settle: () => {
      scheduler.runUntil(scheduler.now() + seconds(60));
    },
  };
}

/** B's SAP: its ESI and selector (the call manager fills in the network prefix), any BLLI and BHLI. */
export function sapOfB(): CO_SAP {
  const address = formAddress(new Uint8Array(NET_PREFIX_LENGTH), ESI_B, SEL_B);
  return encodeAtmSap({
    Blli: anyBlli(),
    Bhli: anyBhli(),
    Addresses: [{ AddressType: 0, NumberOfDigits: 20, Address: address }],
  });
}

/** The full AESA B's SAP is reached at: port 1's prefix, B's ESI, the selector. */
export function addressOfB(): Uint8Array {
  return formAddress(PREFIXES[1], ESI_B, SEL_B);
}
