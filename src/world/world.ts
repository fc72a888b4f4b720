/**
 * `createWorld`: a network control agent (the switch) and N hosts, each on its own in-memory link
 * to one agent port, each with the reference CoNDIS miniport and the UNI call manager (stand-alone
 * or MCM, or none when the user brings their own), all on one controlled scheduler, with the
 * verifier attached. The user loads their own drivers onto any host. A live signaling link keeps
 * SSCOP polling for ever, so the world runs bounded spans of virtual time and reports whether
 * requests and NBLs are settled, not whether the scheduler is idle.
 */
import { type Agent, createAgent } from "../agent/index.ts";
import { coMiniport } from "../drivers/co-miniport/index.ts";
import { uniCallManager, uniMcm } from "../drivers/uni-cm/index.ts";
import { createMemoryLink, type LinkFaults, type MemoryLink } from "../media/index.ts";
import {
  createHost,
  type DRIVER_INITIALIZE,
  type Host,
  type HostOptions,
  type NdisEvent,
} from "../ndis/index.ts";
import { ControlledScheduler, type Nanoseconds, seconds } from "../sched/index.ts";
import {
  formatTextReport,
  type OutstandingNblReport,
  type OutstandingRequest,
  type QuiescenceResult,
  Verifier,
  type VerifierMode,
  type Violation,
} from "../verifier/index.ts";

/** Which call manager a host runs: the stand-alone UNI call manager, the UNI MCM, or none. */
export type CallManagerKind = "stand-alone" | "mcm" | "none";

/** A link's settings: fixed delay and the fault plan (loss, duplication, …). */
export interface WorldLinkInit {
  readonly delay?: Nanoseconds;
  readonly faults?: LinkFaults;
}

/** One host of a world. */
export interface WorldHostInit {
  readonly name: string;
  /** Default: the world's `callManager`. */
  readonly callManager?: CallManagerKind;
  /** Default: the world's `link`. */
  readonly link?: WorldLinkInit;
}

/** What `createWorld` builds. */
export interface WorldInit {
  /** Seed of the controlled scheduler (default 1): the run is a pure function of it. */
  readonly seed?: number;
  /** The hosts, by name or with settings; host i is on agent port i. */
  readonly hosts: readonly (string | WorldHostInit)[];
  /** Default "stand-alone". */
  readonly callManager?: CallManagerKind;
  /** "strict" (default: every rule), "permissive" (documented obligations only) or "off". */
  readonly verifier?: VerifierMode | "off";
  readonly link?: WorldLinkInit;
  /** Options of every host (documented behaviours to choose between). */
  readonly hostOptions?: HostOptions;
}

/** A host of the world and its link. */
export interface WorldHost {
  readonly name: string;
  readonly host: Host;
  readonly link: MemoryLink;
  readonly callManager: CallManagerKind;
  /** The adapter the reference miniport (or MCM) serves: "ATM0". */
  readonly adapter: string;
  /** The 13-octet network prefix the agent offers this host over ILMI. */
  readonly prefix: Uint8Array;
  /** Loads a driver on this host (its DriverEntry runs now); returns DriverEntry's status. */
  load(name: string, DriverEntry: DRIVER_INITIALIZE): number;
}

/** Whether the requests and NBLs of every host are settled. */
export interface Settledness {
  /** True when no request waits for its completion and every NBL is with its owner. */
  readonly settled: boolean;
  readonly outstanding: readonly OutstandingRequest[];
  readonly outstandingNbls: readonly OutstandingNblReport[];
}

/** What `run` reports. */
export interface RunReport extends Settledness {
  /** The virtual time the span ended at. */
  readonly now: Nanoseconds;
}

/** What a host still held after teardown. */
export interface HostLeaks {
  readonly host: string;
  readonly drivers: number;
  readonly blocks: number;
  readonly nbls: number;
  readonly objects: number;
}

/** What `teardown` found. */
export interface TeardownReport {
  /** True when every host is empty, the scheduler went idle, and the verifier found nothing. */
  readonly clean: boolean;
  readonly leaks: readonly HostLeaks[];
  /** Whether the scheduler went idle once every driver was unloaded. */
  readonly idle: boolean;
  readonly quiescence: QuiescenceResult;
  readonly violations: readonly Violation[];
}

/** A world: agent, hosts, scheduler, verifier. */
export interface World {
  readonly scheduler: ControlledScheduler;
  readonly agent: Agent;
  /** The verifier, or null when it is off. */
  readonly verifier: Verifier | null;
  readonly hosts: readonly WorldHost[];
  /** Every event of every host, in order. */
  readonly events: readonly NdisEvent[];
  /** The host called `name` (throws for an unknown name). */
  host(name: string): WorldHost;
  /** Runs `span` seconds of virtual time (default 60) and says whether requests and NBLs are settled. */
  run(span?: number): RunReport;
  /** Removes the adapters, unloads every driver, runs to idle, and checks for leaks and liveness. */
  teardown(): TeardownReport;
  /** The verifier's violations so far. */
  violations(): readonly Violation[];
  /** The verifier's text report (violations, then the last quiescence check). */
  report(): string;
}

/** The agent port prefixes: 47.0005.80ffe1000000f21a.<port> (an AESA in the DCC format). */
function prefixOf(port: number): Uint8Array {
  return Uint8Array.from([
    0x47,
    0x00,
    0x05,
    0x80,
    0xff,
    0xe1,
    0x00,
    0x00,
    0x00,
    0xf2,
    0x1a,
    port >> 8,
    port & 0xff,
  ]);
}

/** Builds a world; the agent is started, nothing has run yet. */
export function createWorld(init: WorldInit): World {
  const scheduler = new ControlledScheduler({ seed: init.seed ?? 1 });
  const mode = init.verifier ?? "strict";
  // With the verifier off, a permissive one still tracks requests and NBLs for `run`.
  const tracker = new Verifier({ mode: mode === "off" ? "permissive" : mode, replay: scheduler });
  const events: NdisEvent[] = [];
  const specs = init.hosts.map((h) => (typeof h === "string" ? { name: h } : h));
  const names = new Set(specs.map((s) => s.name));
  if (names.size !== specs.length) throw new Error("createWorld: two hosts have the same name");
  const links = specs.map((s) =>
    createMemoryLink({ name: `uni-${s.name}`, scheduler, ...(s.link ?? init.link ?? {}) }),
  );
  const agent = createAgent({
    name: "switch",
    scheduler,
    ports: links.map((l, i) => ({ port: l.b, prefix: prefixOf(i) })),
  });
  const hosts = specs.map((spec, i): WorldHost => {
    const host = createHost({
      name: spec.name,
      scheduler,
      ...(init.hostOptions ? { options: init.hostOptions } : {}),
    });
    host.events.subscribe((e) => events.push(e));
    tracker.attach(host);
    const callManager = spec.callManager ?? init.callManager ?? "stand-alone";
    const link = links[i] as MemoryLink;
    if (callManager === "mcm") {
      host.loadDriver("UNIMCM", uniMcm().DriverEntry);
      host.addAdapter({ name: "ATM0", miniport: "UNIMCM", attachment: link.a });
    } else {
      host.loadDriver("ATMMINI", coMiniport().DriverEntry);
      if (callManager === "stand-alone") host.loadDriver("UNICM", uniCallManager().DriverEntry);
      host.addAdapter({ name: "ATM0", miniport: "ATMMINI", attachment: link.a });
    }
    return {
      name: spec.name,
      host,
      link,
      callManager,
      adapter: "ATM0",
      prefix: prefixOf(i),
      load: (name, DriverEntry) => host.loadDriver(name, DriverEntry),
    };
  });
  agent.start();

  const settledness = (): Settledness => {
    const q = tracker.checkQuiescence({ idle: false });
    return {
      settled: q.outstanding.length === 0 && q.outstandingNbls.length === 0,
      outstanding: q.outstanding,
      outstandingNbls: q.outstandingNbls,
    };
  };
  const violations = () => (mode === "off" ? [] : tracker.violations());

  return {
    scheduler,
    agent,
    verifier: mode === "off" ? null : tracker,
    hosts,
    events,
    host(name) {
      const h = hosts.find((x) => x.name === name);
      if (h === undefined) throw new Error(`createWorld: no host "${name}"`);
      return h;
    },
    run(span = 60) {
      if (!(Number.isFinite(span) && span >= 0))
        throw new RangeError(`run: span ${span} is not a number of seconds ≥ 0`);
      scheduler.runUntil(scheduler.now() + seconds(span));
      return { now: scheduler.now(), ...settledness() };
    },
    teardown() {
      for (const h of hosts) if (h.host.snapshot().adapters.length > 0) h.host.removeAdapter(h.adapter);
      scheduler.runUntil(scheduler.now() + seconds(60));
      // Unload in reverse load order: the user's clients first, the miniport last.
      for (const h of hosts)
        for (const d of [...h.host.snapshot().drivers].reverse()) h.host.unloadDriver(d.name);
      const { idle } = scheduler.runUntilIdle();
      const quiescence = tracker.checkQuiescence({ idle });
      const leaks = hosts.map((h) => {
        const s = h.host.snapshot();
        return {
          host: h.name,
          drivers: s.drivers.length,
          blocks: s.liveBlocks,
          nbls: s.liveNbls,
          objects: s.saps.length + s.afs.length + s.vcs.length,
        };
      });
      const found = violations();
      const empty = leaks.every((l) => l.drivers + l.blocks + l.nbls + l.objects === 0);
      return {
        clean: empty && idle && found.length === 0 && quiescence.outstanding.length === 0,
        leaks,
        idle,
        quiescence,
        violations: found,
      };
    },
    violations,
    report: () => (mode === "off" ? "condis verifier: off\n" : formatTextReport(tracker)),
  };
}
