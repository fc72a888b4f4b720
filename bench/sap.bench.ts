/**
 * SAP benchmarks through the whole stack: client → NDIS → UNI call manager → ILMI → agent → back.
 * 1. Register + deregister cycles per second on the in-memory medium under the real-time
 *    scheduler, against a baseline of a bare Map insert/delete plus one scheduler hop per request.
 * 2. The time of one (network) deregistration with 1k and with many registered SAPs, and the heap
 *    bytes per registered SAP.
 */

import { createAgent } from "../src/agent/index.ts";
import { anyBhli, anyBlli, encodeAtmSap } from "../src/drivers/atm-sap.ts";
import { type ClientSapState, SapClient } from "../src/drivers/clients/sap-client.ts";
import { coMiniport } from "../src/drivers/co-miniport/index.ts";
import { uniCallManager } from "../src/drivers/uni-cm/index.ts";
import { createMemoryLink } from "../src/media/index.ts";
import { type CO_SAP, createHost } from "../src/ndis/index.ts";
import { ControlledScheduler, RealTimeScheduler, type Scheduler, seconds } from "../src/sched/index.ts";
import { liveHeap, median } from "./measure.ts";
import { StoppableScheduler } from "./stoppable-scheduler.ts";

const PREFIX = Uint8Array.from([0x47, 0, 5, 0x80, 0xff, 0xe1, 0, 0, 0, 0xf2, 0x1a, 0, 1]);

/** A SAP on the ESI ending in `esiTail`, selector `sel`, BLLI layer 3 `layer3` (any by default). */
export function sap(esiTail: number, sel: number, layer3 = 0xffffffff): CO_SAP {
  const address = new Uint8Array(20);
  address.set([0x00, 0x20, 0x48, (esiTail >> 16) & 0xff, (esiTail >> 8) & 0xff, esiTail & 0xff], 13);
  address[19] = sel;
  return encodeAtmSap({
    Blli: { ...anyBlli(), Layer3Protocol: layer3 },
    Bhli: anyBhli(),
    Addresses: [{ AddressType: 0, NumberOfDigits: 20, Address: address }],
  });
}

/** The benches' world: the agent and one host with the reference miniport, the stand-alone UNI call manager and a SAP client. */
export function world(scheduler: Scheduler) {
  const link = createMemoryLink({ name: "bench", scheduler });
  const agent = createAgent({ name: "switch", scheduler, ports: [{ port: link.b, prefix: PREFIX }] });
  const host = createHost({ name: "H", scheduler });
  const client = new SapClient();
  host.loadDriver("ATMMINI", coMiniport().DriverEntry);
  host.loadDriver("UNICM", uniCallManager().DriverEntry);
  host.addAdapter({ name: "ATM0", miniport: "ATMMINI", attachment: link.a });
  host.loadDriver(client.name, client.DriverEntry);
  agent.start();
  return { host, client, agent, link };
}

const hop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await hop();
}

/** Register + deregister cycles per second on the real-time scheduler, and the baseline. */
export async function sapCycles(cycles: number): Promise<{ stack: number; baseline: number }> {
  const realTime = new RealTimeScheduler();
  const scheduler = new StoppableScheduler(realTime);
  const w = world(scheduler);
  await until(() => w.client.afOpen && w.agent.view().ports[0]?.prefixState === "registered");
  const start = process.hrtime.bigint();
  for (let i = 0; i < cycles; i++) {
    const s: ClientSapState = w.host.runAs(w.client.name, () => w.client.registerSap(`s${i}`, sap(i, 1)));
    await until(() => s.state !== "registering");
    w.host.runAs(w.client.name, () => w.client.deregisterSap(s));
    await until(() => s.state !== "deregistering");
  }
  const stack = Number(process.hrtime.bigint() - start);
  // SSCOP and ILMI keep their timers armed for as long as the link is up: stop the world.
  scheduler.stop();
  const table = new Map<number, object>();
  const baseStart = process.hrtime.bigint();
  for (let i = 0; i < cycles; i++) {
    table.set(i, { i });
    await new Promise<void>((resolve) => realTime.post({ label: "baseline", owner: "bench", run: resolve }));
    table.delete(i);
    await new Promise<void>((resolve) => realTime.post({ label: "baseline", owner: "bench", run: resolve }));
  }
  const baseline = Number(process.hrtime.bigint() - baseStart);
  return { stack: (cycles * 1e9) / stack, baseline: (cycles * 1e9) / baseline };
}

/**
 * Runs `scheduler` for `span` seconds of virtual time. SSCOP polls for as long as its link is up,
 * so the world never goes idle: it settles over a span instead.
 */
function settle(scheduler: ControlledScheduler, span = 5): void {
  scheduler.runUntil(scheduler.now() + seconds(span), 100_000_000);
}

/** What {@link deregisterWith} measured. */
export interface DeregisterResult {
  /** The median time of one network deregistration, in milliseconds. */
  readonly deregisterMs: number;
  readonly samples: number;
  readonly heapPerSap: number;
  readonly registerSeconds: number;
}

/**
 * With `count` SAPs registered (sharing one address, told apart by BLLI), the median time one SAP
 * on its own address takes to deregister through the network (`samples` times: register it, then
 * time its deregistration), and the heap bytes per registered SAP.
 */
export function deregisterWith(count: number, samples = 31): DeregisterResult {
  const scheduler = new ControlledScheduler({ seed: 1 });
  const w = world(scheduler);
  settle(scheduler);
  const heapBefore = liveHeap();
  const t0 = process.hrtime.bigint();
  w.host.runAs(w.client.name, () => {
    for (let i = 0; i < count; i++) w.client.registerSap(`bulk${i}`, sap(1, 1, i));
  });
  settle(scheduler);
  const registerSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (w.client.saps.some((s) => s.state !== "registered"))
    throw new Error("sap bench: not every SAP registered");
  const heapPerSap = (liveHeap() - heapBefore) / count;
  const times: number[] = [];
  for (let k = 0; k < samples; k++) {
    const lone: ClientSapState = w.host.runAs(w.client.name, () =>
      w.client.registerSap(`lone${k}`, sap(2, 7)),
    );
    while (lone.state === "registering" && scheduler.step()) {}
    if (lone.state !== "registered") throw new Error("sap bench: the lone SAP did not register");
    const t1 = process.hrtime.bigint();
    w.host.runAs(w.client.name, () => w.client.deregisterSap(lone));
    const gone = () => lone.state !== "deregistering";
    while (!gone() && scheduler.step()) {}
    times.push(Number(process.hrtime.bigint() - t1) / 1e6);
    if ((lone.state as string) !== "deregistered")
      throw new Error("sap bench: the deregistration did not complete");
    w.client.af.saps.pop();
  }
  return { deregisterMs: median(times), samples, heapPerSap, registerSeconds };
}

/**
 * The stand-in for the heap per SAP: a Map from a number to a record holding a copy of a 20-octet
 * address, a name and a state, the least a registry must keep per SAP.
 */
export function standInHeapPerEntry(count: number): number {
  const before = liveHeap();
  const table = new Map<number, { name: string; address: Uint8Array; state: number }>();
  for (let i = 0; i < count; i++) table.set(i, { name: `bulk${i}`, address: new Uint8Array(20), state: 1 });
  const perEntry = (liveHeap() - before) / count;
  if (table.size !== count) throw new Error("unreachable");
  return perEntry;
}
