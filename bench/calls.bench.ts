/**
 * Calls through the whole stack: a dialer on host A calls the echo server's SAP on host B through
 * the network control agent, on the in-memory medium, and closes the call as soon as it is up.
 * Each cycle is NdisClMakeCall → ProtocolClMakeCallComplete (SUCCESS) → NdisClCloseCall →
 * ProtocolClCloseCallComplete (SUCCESS), and the next starts once both hosts have forgotten the
 * call. Measured:
 * 1. setup+release cycles per second, and the setup latency (p50/p99) in wall time, under the
 *    real-time scheduler;
 * 2. the setup latency in virtual time, from a second pass of the same cycles on the controlled
 *    scheduler (the real-time scheduler's clock is wall time, so it has no virtual time to give);
 * 3. a baseline: the frames that crossed the medium during the cycles, the same number and sizes
 *    in the same directions, pushed one at a time through a bare in-memory link (no protocol
 *    logic) on the same real-time scheduler, in the same run.
 */
import { performance } from "node:perf_hooks";
import { createAgent } from "../src/agent/index.ts";
import type { ClientCall } from "../src/drivers/clients/call-client.ts";
import { Dialer, type DialResult } from "../src/drivers/clients/dialer.ts";
import { EchoServer } from "../src/drivers/clients/echo-server.ts";
import { coMiniport } from "../src/drivers/co-miniport/index.ts";
import { uniCallManager, uniMcm } from "../src/drivers/uni-cm/index.ts";
import { type AtmFrame, createMemoryLink, type MemoryLink } from "../src/media/index.ts";
import { createHost, type Host, NDIS_STATUS_SUCCESS, ndisStatusName } from "../src/ndis/index.ts";
import { addressOfB, PREFIXES, sapOfB } from "../src/scenarios/demo-world.ts";
import {
  ControlledScheduler,
  ms,
  type Nanoseconds,
  RealTimeScheduler,
  type Scheduler,
} from "../src/sched/index.ts";
import { StoppableScheduler } from "./stoppable-scheduler.ts";

/** Which call manager the hosts run: the stand-alone one over the reference miniport, or the MCM. */
export type CallManagerKind = "cm" | "mcm";

/** Percentiles of the setup latency. */
export interface Latency {
  readonly p50: number;
  readonly p99: number;
}

/** What {@link callCycles} measured. */
export interface CallCyclesResult {
  readonly kind: CallManagerKind;
  readonly cycles: number;
  /** Setup+release cycles per second of wall time (real-time scheduler). */
  readonly callsPerSecond: number;
  /** NdisClMakeCall → ProtocolClMakeCallComplete in wall milliseconds (real-time scheduler). */
  readonly setupWallMs: Latency;
  /**
   * The same in virtual milliseconds, from the passes on the controlled scheduler: on links without
   * delay, as in the real-time pass, and on links that delay every frame by {@link LINK_DELAY_MS}.
   */
  readonly setupVirtualMs: Latency;
  readonly setupVirtualDelayedMs: Latency;
  /** Frames that crossed either medium (both directions, both links) during the measured cycles. */
  readonly frames: number;
  /** Their payload octets. */
  readonly octets: number;
  /** Those frames per second of the measured cycles. */
  readonly stackFramesPerSecond: number;
  /** The same frames per second through a bare memory link. */
  readonly baselineFramesPerSecond: number;
}

/** Cycles run before measuring, so that the JIT has compiled the paths (not counted). */
const WARM_UP = 20;
/** The propagation delay of every frame in the second virtual-time pass. */
export const LINK_DELAY_MS = 1;

/** A dialer that notes when each of its make-calls completes (in ProtocolClMakeCallComplete). */
class TimedDialer extends Dialer {
  readonly connectedAt = new Map<unknown, { wall: number; virtual: Nanoseconds }>();
  private readonly clock: () => Nanoseconds;

  constructor(clock: () => Nanoseconds) {
    super();
    this.clock = clock;
    this.onCallConnected = (call: ClientCall) =>
      this.connectedAt.set(call.tag, { wall: performance.now(), virtual: this.clock() });
  }
}

/** Two hosts joined to the agent, a dialer on A and an echo server on B. */
export interface CallWorld {
  readonly a: Host;
  readonly b: Host;
  readonly dialer: TimedDialer;
  readonly echo: EchoServer;
  readonly links: readonly MemoryLink[];
  readonly ready: () => boolean;
}

function loadCallManager(host: Host, kind: CallManagerKind, attachment: unknown): void {
  if (kind === "cm") {
    host.loadDriver("ATMMINI", coMiniport().DriverEntry);
    host.loadDriver("UNICM", uniCallManager().DriverEntry);
    host.addAdapter({ name: "ATM0", miniport: "ATMMINI", attachment });
  } else {
    host.loadDriver("UNIMCM", uniMcm().DriverEntry);
    host.addAdapter({ name: "ATM0", miniport: "UNIMCM", attachment });
  }
}

/** Builds the call world; `observe` sees each host before any driver loads (a verifier attaches there). */
export function world(
  scheduler: Scheduler,
  kind: CallManagerKind,
  delay: Nanoseconds = 0n,
  observe?: (host: Host) => void,
): CallWorld {
  const links = [0, 1].map((i) => createMemoryLink({ name: `uni${i}`, scheduler, delay }));
  const [la, lb] = links as [MemoryLink, MemoryLink];
  const agent = createAgent({
    name: "switch",
    scheduler,
    ports: links.map((l, i) => ({ port: l.b, prefix: PREFIXES[i] as Uint8Array })),
  });
  const a = createHost({ name: "A", scheduler });
  const b = createHost({ name: "B", scheduler });
  const dialer = new TimedDialer(() => scheduler.now());
  const echo = new EchoServer();
  observe?.(a);
  observe?.(b);
  loadCallManager(a, kind, la.a);
  loadCallManager(b, kind, lb.a);
  a.loadDriver(dialer.name, dialer.DriverEntry);
  b.loadDriver(echo.name, echo.DriverEntry);
  agent.start();
  const ready = () =>
    dialer.afOpen && echo.afOpen && agent.view().ports.every((p) => p.prefixState === "registered");
  return { a, b, dialer, echo, links, ready };
}

/** Waits until `predicate` holds: by event-loop turns (real time) or by scheduler steps (controlled). */
type Until = (predicate: () => boolean, what: string) => Promise<void>;

const hop = () => new Promise<void>((resolve) => setImmediate(resolve));

const realTimeUntil: Until = async (predicate, what) => {
  const deadline = performance.now() + 30_000;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`calls bench: timed out waiting for ${what}`);
    await hop();
  }
};

function controlledUntil(scheduler: ControlledScheduler): Until {
  return async (predicate, what) => {
    for (let steps = 0; !predicate(); steps++) {
      if (steps > 1_000_000 || !scheduler.step()) throw new Error(`calls bench: ${what} never happened`);
    }
  };
}

/** Registers B's SAP; the world is then ready for calls. */
async function prepare(w: CallWorld, until: Until): Promise<void> {
  await until(w.ready, "the address families and the agent's prefixes");
  const sap = w.b.runAs(w.echo.name, () => w.echo.listen("echo", sapOfB()));
  await until(() => sap.state !== "registering", "the SAP registration");
  if (sap.state !== "registered") throw new Error(`calls bench: the SAP is ${sap.state}`);
}

interface CycleTimes {
  readonly wall: number;
  readonly virtual: Nanoseconds;
}

/**
 * One call: dial B with no data (the dialer closes the call in its make-call-complete handler), wait
 * until the close has completed and both hosts have forgotten the call. Throws unless it all
 * succeeded. Returns the setup latency. The start time is taken just before the dial, which makes
 * NdisCoCreateVc then NdisClMakeCall, both synchronously.
 */
async function cycle(w: CallWorld, scheduler: Scheduler, until: Until, i: number): Promise<CycleTimes> {
  const wall0 = performance.now();
  const virtual0 = scheduler.now();
  const r: DialResult = w.a.runAs(w.dialer.name, () => w.dialer.dial(addressOfB(), 0, 4));
  await until(() => r.state === "done" || r.state === "failed", `the end of call ${i}`);
  await until(() => w.dialer.calls.size === 0 && w.echo.calls.size === 0, `both hosts to forget call ${i}`);
  const status = (s: number | undefined) => (s === undefined ? "none" : ndisStatusName(s));
  if (r.state !== "done" || r.makeCallStatus !== NDIS_STATUS_SUCCESS || r.closeStatus !== NDIS_STATUS_SUCCESS)
    throw new Error(
      `calls bench: call ${i} ended ${r.state}, make-call ${status(r.makeCallStatus)}, close ${status(r.closeStatus)}`,
    );
  if (r.incomingClose !== undefined) throw new Error(`calls bench: the network closed call ${i}`);
  const up = w.dialer.connectedAt.get(r);
  if (up === undefined) throw new Error(`calls bench: call ${i} has no make-call-complete time`);
  w.dialer.connectedAt.delete(r);
  return { wall: up.wall - wall0, virtual: up.virtual - virtual0 };
}

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

function latency(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((x, y) => x - y);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** A frame as it crossed: which end sent it (a: a host, b: the agent) and its size. */
interface Crossing {
  readonly fromA: boolean;
  readonly vpi: number;
  readonly vci: number;
  readonly length: number;
}

/**
 * Pushes the frames through a bare in-memory link on `scheduler`, one at a time (each sent once the
 * previous one has been delivered), from the same end as in the stack run. Returns the seconds taken.
 */
async function bareLink(scheduler: Scheduler, frames: readonly Crossing[]): Promise<number> {
  const link = createMemoryLink({ name: "bare", scheduler });
  let delivered: (() => void) | undefined;
  const onFrame = (_frame: AtmFrame) => delivered?.();
  link.a.onReceive(onFrame);
  link.b.onReceive(onFrame);
  const payloads = frames.map((f) => new Uint8Array(f.length));
  const push = async () => {
    for (const [i, f] of frames.entries()) {
      const arrived = new Promise<void>((resolve) => {
        delivered = resolve;
      });
      (f.fromA ? link.a : link.b).send({ vpi: f.vpi, vci: f.vci, payload: payloads[i] as Uint8Array });
      await arrived;
    }
  };
  await push(); // warm-up
  const start = performance.now();
  await push();
  const seconds = (performance.now() - start) / 1000;
  if (link.counters.delivered !== 2 * frames.length)
    throw new Error("calls bench: the bare link lost frames");
  return seconds;
}

/**
 * `cycles` call setup+release cycles through the agent (after {@link WARM_UP} unmeasured ones), on
 * the real-time scheduler, then again on the controlled scheduler for the virtual latencies, and
 * the bare-link baseline.
 */
export async function callCycles(cycles: number, kind: CallManagerKind = "cm"): Promise<CallCyclesResult> {
  if (!Number.isInteger(cycles) || cycles < 1) throw new RangeError(`calls bench: ${cycles} cycles`);
  // 1. Real time.
  const realTime = new RealTimeScheduler();
  const scheduler = new StoppableScheduler(realTime);
  const w = world(scheduler, kind);
  await prepare(w, realTimeUntil);
  for (let i = 0; i < WARM_UP; i++) await cycle(w, scheduler, realTimeUntil, -1 - i);
  const crossings: Crossing[] = [];
  const unobserve = w.links.flatMap((link) =>
    [link.a, link.b].map((port) =>
      port.observeFrames((direction, frame) => {
        if (direction === "tx")
          crossings.push({
            fromA: port === link.a,
            vpi: frame.vpi,
            vci: frame.vci,
            length: frame.payload.length,
          });
      }),
    ),
  );
  const wall: number[] = [];
  const start = performance.now();
  for (let i = 0; i < cycles; i++) wall.push((await cycle(w, scheduler, realTimeUntil, i)).wall);
  const seconds = (performance.now() - start) / 1000;
  for (const u of unobserve) u();
  scheduler.stop();

  // 2. The baseline, on the same real-time scheduler, once the world is stopped.
  const baselineSeconds = await bareLink(realTime, crossings);

  // 3. Virtual time: the same cycles on the controlled scheduler, without and with a link delay.
  const virtualPass = async (delay: Nanoseconds): Promise<Latency> => {
    const controlled = new ControlledScheduler({ seed: 1 });
    const cw = world(controlled, kind, delay);
    const until = controlledUntil(controlled);
    await prepare(cw, until);
    const virtual: number[] = [];
    for (let i = 0; i < cycles; i++)
      virtual.push(Number((await cycle(cw, controlled, until, i)).virtual) / 1e6);
    return latency(virtual);
  };
  const setupVirtualMs = await virtualPass(0n);
  const setupVirtualDelayedMs = await virtualPass(ms(LINK_DELAY_MS));

  return {
    kind,
    cycles,
    callsPerSecond: cycles / seconds,
    setupWallMs: latency(wall),
    setupVirtualMs,
    setupVirtualDelayedMs,
    frames: crossings.length,
    octets: crossings.reduce((sum, f) => sum + f.length, 0),
    stackFramesPerSecond: crossings.length / seconds,
    baselineFramesPerSecond: crossings.length / baselineSeconds,
  };
}
