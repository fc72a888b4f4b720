/** A host with the UNI call manager (stand-alone or MCM) and a SAP client, linked to a network control agent. */
import { type Agent, createAgent } from "../../src/agent/index.ts";
import { anyBhli, anyBlli, encodeAtmSap } from "../../src/drivers/atm-sap.ts";
import { SapClient } from "../../src/drivers/clients/sap-client.ts";
import { coMiniport } from "../../src/drivers/co-miniport/index.ts";
import { type Uni, uniCallManager, uniMcm } from "../../src/drivers/uni-cm/index.ts";
import { createMemoryLink, type MemoryLink } from "../../src/media/index.ts";
import { type CO_SAP, createHost, type Host, type NdisEvent } from "../../src/ndis/index.ts";
import { ControlledScheduler } from "../../src/sched/index.ts";
import { AESA_LENGTH, endSystemOf } from "../../src/signaling/q2931/index.ts";
import { hex } from "../../src/util/hex.ts";
import { Verifier } from "../../src/verifier/index.ts";

/** The network prefix the agent gives the host's port. */
export const PREFIX = Uint8Array.from([
  0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x1a, 0x00, 0x01,
]);
/** The host's end-system identifier. */
export const ESI = Uint8Array.from([0x00, 0x20, 0x48, 0x1a, 0x2b, 0x3c]);

/** An ATM SAP on the host's address with selector `sel` (prefix left zero: the CM uses the network's). */
export function atmSap(sel: number, blliLayer3 = 0xffffffff): CO_SAP {
  const address = new Uint8Array(AESA_LENGTH);
  endSystemOf(address).set([...ESI, sel]);
  return encodeAtmSap({
    Blli: { ...anyBlli(), Layer3Protocol: blliLayer3 },
    Bhli: anyBhli(),
    Addresses: [{ AddressType: 0, NumberOfDigits: 20, Address: address }],
  });
}

/** The full AESA the agent registers for selector `sel`, in hex. */
export function registeredAddress(sel: number): string {
  return hex(Uint8Array.from([...PREFIX, ...ESI, sel]));
}

/** A UNI world. */
export interface UniWorld {
  readonly scheduler: ControlledScheduler;
  readonly host: Host;
  readonly agent: Agent;
  readonly link: MemoryLink;
  readonly client: SapClient;
  readonly verifier: Verifier;
  readonly events: NdisEvent[];
  readonly cmDriver: string;
  /** The call manager's UNI (its binding or adapter), once it exists. */
  uni(): Uni | undefined;
  settle(): void;
  /** Runs as the client's own thread. */
  asClient<T>(fn: () => T): T;
}

/** Options of a UNI world. */
export interface UniWorldInit {
  readonly kind?: "cm" | "mcm";
  readonly seed?: number;
  /** Runs in the client as soon as its AF is open (inside ProtocolCoAfRegisterNotify). */
  readonly onAfOpen?: (client: SapClient) => void;
  /** False: return right after loading the drivers, before any scheduler step (default true). */
  readonly settle?: boolean;
}

/** Builds and (unless told not to) settles a UNI world. */
export function uniWorld(init: UniWorldInit = {}): UniWorld {
  const kind = init.kind ?? "cm";
  const scheduler = new ControlledScheduler({ seed: init.seed ?? 1 });
  const link = createMemoryLink({ name: "uni", scheduler });
  const agent = createAgent({ name: "switch", scheduler, ports: [{ port: link.b, prefix: PREFIX }] });
  const host = createHost({ name: "B", scheduler });
  const verifier = new Verifier({ mode: "strict", replay: scheduler });
  verifier.attach(host);
  const events: NdisEvent[] = [];
  host.events.subscribe((e) => events.push(e));
  const client = new SapClient();
  const onAfOpen = init.onAfOpen;
  if (onAfOpen !== undefined) client.onAfOpen = () => onAfOpen(client);
  let cmDriver: string;
  let uni: UniWorld["uni"];
  if (kind === "cm") {
    const cm = uniCallManager();
    uni = () => cm.bindings[0]?.uni;
    host.loadDriver("ATMMINI", coMiniport().DriverEntry);
    host.loadDriver("UNICM", cm.DriverEntry);
    host.addAdapter({ name: "ATM0", miniport: "ATMMINI", attachment: link.a });
    cmDriver = "UNICM";
  } else {
    const mcm = uniMcm();
    uni = () => mcm.adapters[0]?.uni;
    host.loadDriver("UNIMCM", mcm.DriverEntry);
    host.addAdapter({ name: "ATM0", miniport: "UNIMCM", attachment: link.a });
    cmDriver = "UNIMCM";
  }
  host.loadDriver(client.name, client.DriverEntry);
  agent.start();
  const settle = () => {
    // SSCOP on 0/5 keeps polling while up: run a minute of virtual time instead of waiting for idle.
    scheduler.runUntil(scheduler.now() + 60_000_000_000n);
  };
  if (init.settle !== false) settle();
  return {
    scheduler,
    host,
    agent,
    link,
    client,
    verifier,
    events,
    cmDriver,
    uni,
    settle,
    asClient: (fn) => host.runAs(client.name, fn),
  };
}
