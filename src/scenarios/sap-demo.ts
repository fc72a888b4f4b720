/**
 * The SAP demo: a network control agent and two hosts on the in-memory medium, each with an ATM
 * miniport, the UNI call manager (stand-alone, or the MCM) and a SAP client. A client on host B
 * registers a SAP (pended, answered by the agent over ILMI), then deregisters it (pended, ILMI
 * deregistration, completion), and every driver is unloaded. Each step is checked.
 */
import { type Agent, type AgentView, createAgent } from "../agent/index.ts";
import { anyBhli, anyBlli, encodeAtmSap } from "../drivers/atm-sap.ts";
import { SapClient } from "../drivers/clients/sap-client.ts";
import { coMiniport } from "../drivers/co-miniport/index.ts";
import { uniCallManager, uniMcm } from "../drivers/uni-cm/index.ts";
import { createMemoryLink } from "../media/index.ts";
import {
  createHost,
  type Host,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  type NdisEvent,
  ndisStatusName,
} from "../ndis/index.ts";
import { ControlledScheduler } from "../sched/index.ts";
import { type QuiescenceResult, Verifier } from "../verifier/index.ts";

/** Options of the demo. */
export interface SapDemoInit {
  readonly mcm?: boolean;
  readonly seed?: number;
}

/** One checked step of the demo. */
export interface DemoStep {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** What the demo did. */
export interface SapDemoResult {
  readonly ok: boolean;
  readonly steps: readonly DemoStep[];
  /** Every event of both hosts, in order. */
  readonly events: readonly NdisEvent[];
  readonly agentWithSap: AgentView;
  readonly agentAfter: AgentView;
  readonly violations: readonly string[];
  readonly quiescence: QuiescenceResult;
  readonly seed: number;
}

const PREFIXES = [
  Uint8Array.from([0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x1a, 0x00, 0x01]),
  Uint8Array.from([0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x1a, 0x00, 0x02]),
];
const ESI_B = Uint8Array.from([0x00, 0x20, 0x48, 0x0b, 0x0b, 0x0b]);

const hex = (bytes: Uint8Array) => [...bytes].map((x) => x.toString(16).padStart(2, "0")).join("");

interface DemoHost {
  readonly host: Host;
  readonly client: SapClient;
  readonly drivers: readonly string[];
}

function buildHost(
  name: string,
  scheduler: ControlledScheduler,
  attachment: unknown,
  mcm: boolean,
  events: NdisEvent[],
  verifier: Verifier,
): DemoHost {
  const host = createHost({ name, scheduler });
  host.events.subscribe((e) => events.push(e));
  verifier.attach(host);
  const client = new SapClient();
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

/** Runs the demo on the controlled scheduler. */
export function runSapDemo(init: SapDemoInit = {}): SapDemoResult {
  const seed = init.seed ?? 1;
  const mcm = init.mcm === true;
  const scheduler = new ControlledScheduler({ seed });
  const events: NdisEvent[] = [];
  const verifier = new Verifier({ mode: "strict", replay: scheduler });
  const links = [
    createMemoryLink({ name: "uni-a", scheduler }),
    createMemoryLink({ name: "uni-b", scheduler }),
  ];
  const agent: Agent = createAgent({
    name: "switch",
    scheduler,
    ports: links.map((l, i) => ({ port: l.b, prefix: PREFIXES[i] as Uint8Array })),
  });
  const a = buildHost("A", scheduler, links[0]?.a, mcm, events, verifier);
  const b = buildHost("B", scheduler, links[1]?.a, mcm, events, verifier);
  agent.start();
  const steps: DemoStep[] = [];
  const step = (name: string, ok: boolean, detail: string) => steps.push({ name, ok, detail });
  // SSCOP keeps polling while a signaling link is up, so the scheduler is never idle: each step
  // runs a minute of virtual time, long enough for every exchange and ILMI check to finish.
  const settle = () => {
    scheduler.runUntil(scheduler.now() + 60_000_000_000n);
    return true;
  };

  step(
    "bind, open the address family, learn the prefix over ILMI",
    settle() && a.client.afOpen && b.client.afOpen,
    `A ${a.client.afOpen ? "open" : "not open"}, B ${b.client.afOpen ? "open" : "not open"}`,
  );

  const address = new Uint8Array(20);
  address.set(ESI_B, 13);
  address[19] = 0x01;
  const sap = b.host.runAs(b.client.name, () =>
    b.client.registerSap(
      "echo",
      encodeAtmSap({
        Blli: anyBlli(),
        Bhli: anyBhli(),
        Addresses: [{ AddressType: 0, NumberOfDigits: 20, Address: address }],
      }),
    ),
  );
  const pended = sap.state === "registering";
  settle();
  const agentWithSap = agent.view();
  const expected = hex(Uint8Array.from([...(PREFIXES[1] as Uint8Array), ...ESI_B, 0x01]));
  const registered = agentWithSap.addresses.find((x) => x.port === 1 && x.address === expected);
  step(
    "B registers a SAP: pended, answered by the agent",
    pended && sap.state === "registered" && registered !== undefined,
    `status ${ndisStatusName(sap.lastStatus ?? -1)}, agent port ${registered?.port ?? "-"} holds ${registered?.address ?? "nothing"}`,
  );

  const deregStatus = b.host.runAs(b.client.name, () => b.client.deregisterSap(sap));
  const deregPended = deregStatus === NDIS_STATUS_PENDING && sap.state === "deregistering";
  settle();
  const agentAfter = agent.view();
  step(
    "B deregisters the SAP: pended, ILMI deregistration, one completion",
    deregPended &&
      sap.state === "deregistered" &&
      sap.lastStatus === NDIS_STATUS_SUCCESS &&
      agentAfter.addresses.length === 0,
    `NdisClDeregisterSap ${ndisStatusName(deregStatus)}, completion ${ndisStatusName(sap.lastStatus ?? -1)}, agent holds ${agentAfter.addresses.length} address(es)`,
  );

  for (const h of [a, b]) h.host.removeAdapter("ATM0");
  settle();
  for (const h of [a, b]) for (const d of h.drivers) if (h.host.drivers.has(d)) h.host.unloadDriver(d);
  settle();
  const leftovers = [a, b]
    .map((h) => h.host.snapshot())
    .map((s) => s.liveBlocks + s.liveNbls + s.saps.length + s.afs.length + s.vcs.length);
  const loaded = [a, b].map((h) => h.host.snapshot().drivers.length);
  step(
    "unload every driver with no leak",
    leftovers.every((n) => n === 0) && loaded.every((n) => n === 0),
    `blocks/NBLs/objects left: A ${leftovers[0]}, B ${leftovers[1]}; drivers loaded: A ${loaded[0]}, B ${loaded[1]}`,
  );

  const quiescence = verifier.checkQuiescence({ idle: settle() });
  const violations = verifier.violations().map((v) => `${v.rule.id} ${v.rule.name}: ${v.message}`);
  step(
    "the verifier reports no violation (strict)",
    violations.length === 0,
    `${violations.length} violation(s)`,
  );
  return {
    ok: steps.every((s) => s.ok),
    steps,
    events,
    agentWithSap,
    agentAfter,
    violations,
    quiescence,
    seed,
  };
}
