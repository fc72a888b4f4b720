/**
 * CPU cost of one SAP register+deregister and of one call setup+release through the whole stack,
 * on the controlled scheduler (no event-loop hops, so only the stack's own work is timed), each
 * against a stand-in: a tight loop making the same numbers of calls, map operations, tasks and
 * byte copies (stand-in.ts). Also the strict verifier's overhead on the call cycle.
 */
import type { ClientSapState, SapClient } from "../src/drivers/clients/sap-client.ts";
import type { MemoryLink } from "../src/media/index.ts";
import { type Host, NDIS_STATUS_SUCCESS } from "../src/ndis/index.ts";
import { addressOfB, sapOfB } from "../src/scenarios/demo-world.ts";
import { ControlledScheduler, seconds } from "../src/sched/index.ts";
import { Verifier } from "../src/verifier/index.ts";
import { type CallManagerKind, type CallWorld, world as callWorld } from "./calls.bench.ts";
import { median, nowNs } from "./measure.ts";
import { sap, world } from "./sap.bench.ts";
import { type Counts, countingPass, standIn } from "./stand-in.ts";

/** The measured cost of a cycle, and its stand-in's, in nanoseconds. */
export interface CycleCost {
  readonly stackNs: number;
  readonly standInNs: number;
  readonly counts: Counts;
}

/** Steps `scheduler` until `done` holds; throws if it never does. */
function stepUntil(scheduler: ControlledScheduler, done: () => boolean, what: string): void {
  for (let steps = 0; !done(); steps++) {
    if (steps > 1_000_000 || !scheduler.step()) throw new Error(`cycles bench: ${what} never happened`);
  }
}

/** Times `batch` cycles `runs` times; returns the per-cycle time of each run. */
function timeRuns(cycle: (i: number) => void, batch: number, runs: number): number[] {
  const samples: number[] = [];
  let i = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = nowNs();
    for (let k = 0; k < batch; k++) cycle(i++);
    samples.push((nowNs() - t0) / batch);
  }
  return samples;
}

interface SapWorld {
  readonly scheduler: ControlledScheduler;
  readonly host: Host;
  readonly client: SapClient;
  readonly link: MemoryLink;
}

function sapWorld(): SapWorld {
  const scheduler = new ControlledScheduler({ seed: 1 });
  const { host, client, link } = world(scheduler);
  scheduler.runUntil(scheduler.now() + seconds(5), 10_000_000);
  return { scheduler, host, client, link };
}

/** One SAP register + deregister, each to completion, with a distinct address each time. */
function sapCycle(w: SapWorld, i: number): void {
  const s: ClientSapState = w.host.runAs(w.client.name, () => w.client.registerSap(`s${i}`, sap(i, 1)));
  stepUntil(w.scheduler, () => s.state !== "registering", "a registration");
  if (s.state !== "registered") throw new Error(`cycles bench: SAP ${i} is ${s.state}`);
  w.host.runAs(w.client.name, () => w.client.deregisterSap(s));
  stepUntil(w.scheduler, () => s.state !== "deregistering", "a deregistration");
  w.client.af.saps.splice(w.client.af.saps.indexOf(s), 1);
}

/** sap.cycle: the median per-cycle cost of `runs` batches of `batch` cycles, and its stand-in's. */
export function sapCycleCost(batch: number, runs: number): CycleCost {
  const w = sapWorld();
  let i = 0;
  const counts = countingPass({
    hosts: [w.host],
    scheduler: w.scheduler,
    ports: [w.link.a, w.link.b],
    cycles: batch,
    cycle: () => sapCycle(w, i++),
  });
  const samples = timeRuns((k) => sapCycle(w, i + k), batch, runs);
  return { stackNs: median(samples), standInNs: standIn(counts, runs), counts };
}

function callCycle(w: CallWorld, scheduler: ControlledScheduler, i: number): void {
  const r = w.a.runAs(w.dialer.name, () => w.dialer.dial(addressOfB(), 0, 4));
  stepUntil(scheduler, () => r.state === "done" || r.state === "failed", `the end of call ${i}`);
  stepUntil(scheduler, () => w.dialer.calls.size === 0 && w.echo.calls.size === 0, "both hosts to forget");
  if (r.makeCallStatus !== NDIS_STATUS_SUCCESS || r.closeStatus !== NDIS_STATUS_SUCCESS)
    throw new Error(`cycles bench: call ${i} did not succeed`);
  w.dialer.connectedAt.clear();
}

function readyCallWorld(
  kind: CallManagerKind,
  verifier?: Verifier,
): { w: CallWorld; s: ControlledScheduler } {
  const s = new ControlledScheduler({ seed: 1 });
  const w = callWorld(s, kind, 0n, verifier === undefined ? undefined : (host) => verifier.attach(host));
  stepUntil(s, w.ready, "the address families and the agent's prefixes");
  const sapState = w.b.runAs(w.echo.name, () => w.echo.listen("echo", sapOfB()));
  stepUntil(s, () => sapState.state !== "registering", "the SAP registration");
  return { w, s };
}

/** call.cycle: the median per-call cost (setup + release through the agent), and its stand-in's. */
export function callCycleCost(batch: number, runs: number, kind: CallManagerKind = "cm"): CycleCost {
  const { w, s } = readyCallWorld(kind);
  let i = 0;
  const counts = countingPass({
    hosts: [w.a, w.b],
    scheduler: s,
    ports: w.links.flatMap((l) => [l.a, l.b]),
    cycles: batch,
    cycle: () => callCycle(w, s, i++),
  });
  const samples = timeRuns((k) => callCycle(w, s, i + k), batch, runs);
  return { stackNs: median(samples), standInNs: standIn(counts, runs), counts };
}

/**
 * verifier.overhead: the per-call cost with a strict verifier attached to both hosts, and without.
 * The two worlds run in alternating batches, so that load changes hit both alike.
 */
export function verifierOverhead(batch: number, runs: number): { withNs: number; withoutNs: number } {
  const verifier = new Verifier({ mode: "strict" });
  const on = readyCallWorld("cm", verifier);
  const off = readyCallWorld("cm");
  let i = 0;
  for (let k = 0; k < batch; k++) {
    callCycle(on.w, on.s, i);
    callCycle(off.w, off.s, i++);
  }
  const withSamples: number[] = [];
  const withoutSamples: number[] = [];
  for (let r = 0; r < runs; r++) {
    withSamples.push(...timeRuns((k) => callCycle(on.w, on.s, i + k), batch, 1));
    withoutSamples.push(...timeRuns((k) => callCycle(off.w, off.s, i + k), batch, 1));
    i += batch;
  }
  if (verifier.violations().length > 0) throw new Error("cycles bench: the verifier found a violation");
  return { withNs: median(withSamples), withoutNs: median(withoutSamples) };
}
