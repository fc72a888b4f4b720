/**
 * The network control agent (switch): per-port ILMI address registration over one global address
 * table, per-port SSCOP + Q.2931 network-side signalling, call routing and relay, data switching.
 */
export type { Agent, AgentInit, AgentPortConfig } from "./agent.ts";
export { createAgent, DEFAULT_MAX_ADDRESSES_PER_PORT } from "./agent.ts";
export type {
  AgentDeregistrationReason,
  AgentEvent,
  AgentEventListener,
  PrefixOutcome,
  RefusalKind,
} from "./agent-events.ts";
export type {
  AgentCounters,
  AgentView,
  CallHalfView,
  CallPhase,
  CallView,
  PartyView,
  PortView,
  PrefixState,
  RelayCount,
  SignalingState,
} from "./agent-view.ts";
export type { SignalingTiming } from "./signaling-port.ts";
