import type { MediumPort } from "../media/medium.ts";
import type { Nanoseconds, Scheduler } from "../sched/scheduler.ts";
import { type IlmiTiming, NET_PREFIX_LENGTH } from "../signaling/ilmi/index.ts";
import type { AgentEvent, AgentEventListener } from "./agent-events.ts";
import { AgentPort } from "./agent-port.ts";
import { type AgentView, sumCounters } from "./agent-view.ts";
import { AddressRegistry } from "./registry.ts";
import type { SignalingTiming } from "./signaling-port.ts";
import { SwitchFabric } from "./switch-fabric.ts";

/** One port of the agent: the medium port it is attached to and the network prefix it gives out. */
export interface AgentPortConfig {
  readonly port: MediumPort;
  /** 13-octet AESA network prefix offered to the end system on this port over ILMI. */
  readonly prefix: Uint8Array;
  /**
   * The highest peak cell rate (cells/s, either direction) a call through this port may have: a SETUP
   * above it is refused with cause 37 "user cell rate not available", a MODIFY REQUEST above it gets
   * MODIFY REJECT with cause 37. Default: no limit.
   */
  readonly maxPeakCellRate?: number;
  /**
   * The most addresses the end system on this port may register over ILMI (default
   * {@link DEFAULT_MAX_ADDRESSES_PER_PORT}). A SetRequest that would register more is refused with
   * genErr and counted (`refusedOverQuota`); registrations on other ports are unaffected.
   */
  readonly maxAddresses?: number;
}

/** The default per-port address quota (AgentPortConfig.maxAddresses). */
export const DEFAULT_MAX_ADDRESSES_PER_PORT = 10_000;

/** Options of a network control agent. */
export interface AgentInit {
  readonly name: string;
  readonly scheduler: Scheduler;
  readonly ports: readonly AgentPortConfig[];
  /** Response timing of every port's ILMI agent (default: linux ilmid's 2 s, 4 attempts). */
  readonly ilmiTiming?: Partial<IlmiTiming>;
  /** SSCOP and Q.2931 timers of every port's signalling (default: SSCF-UNI and UNI 3.1 values). */
  readonly signalingTiming?: SignalingTiming;
}

/**
 * The network control agent: a switch whose ports each run an ILMI agent on VPI 0 / VCI 16 (address
 * registration, one address → port table for all ports) and the network side of SSCOP + Q.2931 on
 * VPI 0 / VCI 5. A SETUP is routed by its called party number to the port that registered the
 * address, the rest of the call is relayed, and the data of active calls is switched between their
 * VCs.
 */
export interface Agent {
  readonly name: string;
  /** Attaches to every port and starts each one whose link is up: coldStart trap, then prefix offer. */
  start(): void;
  /**
   * Agent restart: every registration is dropped (reason "restarted"), every call is forgotten, and
   * every live port starts over (ILMI coldStart, Q.2931 RESTART of all VCs).
   */
  restart(): void;
  /** A read-only snapshot: ports, links, prefixes, addresses, calls, counters. */
  view(): AgentView;
  /** The port that registered the address (where a SETUP to it is routed), or undefined. */
  lookup(address: Uint8Array): number | undefined;
  /** Subscribes to the agent's events; returns the unsubscribe function. */
  onEvent(listener: AgentEventListener): () => void;
}

// TimeTicks are hundredths of a second; sysUpTime wraps at 2^32.
const TIME_TICK: Nanoseconds = 10_000_000n;
const TIME_TICKS_MODULUS = 2n ** 32n;

/** Builds a network control agent over its ports; nothing happens until `start()`. */
export function createAgent(init: AgentInit): Agent {
  const { name, scheduler } = init;
  const registry = new AddressRegistry();
  const fabric = new SwitchFabric(registry, (event) => emit(event));
  const listeners = new Set<AgentEventListener>();
  let state: "created" | "running" = "created";
  let startedAt: Nanoseconds = 0n;

  const emit = (event: AgentEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };
  const uptime = (): number => Number(((scheduler.now() - startedAt) / TIME_TICK) % TIME_TICKS_MODULUS);

  const ports = init.ports.map((config, index) => {
    if (config.prefix.length !== NET_PREFIX_LENGTH) {
      throw new RangeError(
        `agent "${name}" port ${index} (${config.port.name}): the network prefix is ${config.prefix.length} octets, not ${NET_PREFIX_LENGTH}`,
      );
    }
    return new AgentPort({
      agentName: name,
      index,
      medium: config.port,
      prefix: config.prefix.slice(),
      maxPeakCellRate: config.maxPeakCellRate,
      maxAddresses: config.maxAddresses ?? DEFAULT_MAX_ADDRESSES_PER_PORT,
      scheduler,
      registry,
      emit,
      uptime,
      ilmiTiming: init.ilmiTiming,
      signalingTiming: init.signalingTiming,
      fabric,
    });
  });
  fabric.attach(ports);

  return {
    name,
    start() {
      if (state !== "created") throw new Error(`agent "${name}" start: already running; use restart()`);
      state = "running";
      startedAt = scheduler.now();
      emit({ kind: "started" });
      for (const port of ports) port.activate();
    },
    restart() {
      if (state !== "running") throw new Error(`agent "${name}" restart: not started; call start() first`);
      startedAt = scheduler.now();
      emit({ kind: "restarted" });
      fabric.reset();
      for (const port of ports) port.restart();
    },
    view() {
      const portViews = ports.map((p) => p.view());
      return {
        name,
        state,
        ports: portViews,
        addresses: registry.entries(),
        calls: fabric.view(),
        counters: sumCounters(portViews.map((p) => p.counters)),
      };
    },
    lookup(address) {
      return registry.owner(address);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
