import type { AgentEvent } from "./agent-events.ts";
import type { MutableCounters } from "./agent-view.ts";
import type { AddressRegistry } from "./registry.ts";
import type { SchedulerRunner } from "./scheduler-runner.ts";

/**
 * What a port gives the protocols it runs: its identity, the runner their machines' timers go
 * through, the agent's shared registry, a way to send on its link, and the agent's event stream.
 */
export interface PortContext {
  readonly agentName: string;
  readonly index: number;
  readonly name: string;
  /** The 13-octet network prefix this port offers. */
  readonly prefix: Uint8Array;
  /** The port's one runner over the agent's scheduler: every timer of its machines goes through it. */
  readonly runner: SchedulerRunner;
  readonly registry: AddressRegistry;
  readonly counters: MutableCounters;
  /** Sends a frame on this port's link (counted and reported as a frame event). */
  send(vpi: number, vci: number, payload: Uint8Array): void;
  emit(event: AgentEvent): void;
  /** Time since the agent started, in TimeTicks (hundredths of a second), for sysUpTime and traps. */
  uptime(): number;
}

/**
 * One protocol a port runs on one VC: the ILMI agent on 0/16 and the network side of SSCOP + Q.2931
 * on 0/5. Frames are routed to components by VC; frames on other VCs go to the switch fabric.
 */
export interface PortComponent {
  readonly vpi: number;
  readonly vci: number;
  /** A frame arrived on this component's VC while the link is up. */
  receive(payload: Uint8Array): void;
  /** The link is up (or the agent started with it up): start the protocol from a clean state. */
  start(): void;
  /** The agent restarts while the link is up: drop every state and start over. */
  restart(): void;
  /** The link went down: drop every state, stop every timer, send nothing. */
  stop(): void;
}
