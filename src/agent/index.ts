/** The network control agent (switch): per-port ILMI address registration over one global address table. */
export type { Agent, AgentInit, AgentPortConfig } from "./agent.ts";
export { createAgent } from "./agent.ts";
export type {
  AgentDeregistrationReason,
  AgentEvent,
  AgentEventListener,
  PrefixOutcome,
  RefusalKind,
} from "./agent-events.ts";
export type { AgentCounters, AgentView, PortView, PrefixState } from "./agent-view.ts";
