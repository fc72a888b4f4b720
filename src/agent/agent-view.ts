/** Frame and refusal counts of one port (and, summed, of the agent). */
export interface AgentCounters {
  readonly framesIn: number;
  readonly framesOut: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Frames on 0/16 that failed strict ILMI decoding, dropped. */
  readonly undecodable: number;
  /** Frames on a VC no port component serves, dropped. */
  readonly unclaimed: number;
  /** Decoded ILMI messages the IME discarded (unmatched response, unused trap). */
  readonly discarded: number;
  /** SetRequests invalid(2) for another port's address, refused. */
  readonly refusedForgeries: number;
  /** SetRequests valid(1) for another port's address, refused. */
  readonly refusedDuplicates: number;
}

/** Where the offer of a port's prefix stands: not offered (link down), in progress, or its outcome. */
export type PrefixState = "idle" | "registering" | "registered" | "unconfirmed" | "rejected";

/** One port as the agent sees it. */
export interface PortView {
  readonly index: number;
  readonly name: string;
  /** The agent's belief about the link, which it acts on. */
  readonly linkUp: boolean;
  /** The 13-octet network prefix, lower-case hex. */
  readonly prefix: string;
  readonly prefixState: PrefixState;
  /** Addresses the port's ILMI agent holds in its atmfAddressTable, sorted, lower-case hex. */
  readonly addresses: readonly string[];
  readonly counters: AgentCounters;
}

/** A read-only snapshot of the agent, for tests and the CLI. */
export interface AgentView {
  readonly name: string;
  readonly state: "created" | "running";
  readonly ports: readonly PortView[];
  /** The global address → port table, sorted by address. */
  readonly addresses: readonly { readonly address: string; readonly port: number }[];
  /** The ports' counters summed. */
  readonly counters: AgentCounters;
}

/** Counters that the agent's ports update in place. */
export type MutableCounters = { -readonly [K in keyof AgentCounters]: number };

/** All-zero counters. */
export function zeroCounters(): MutableCounters {
  return {
    framesIn: 0,
    framesOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    undecodable: 0,
    unclaimed: 0,
    discarded: 0,
    refusedForgeries: 0,
    refusedDuplicates: 0,
  };
}

/** The sum of some counters. */
export function sumCounters(all: readonly AgentCounters[]): AgentCounters {
  const total = zeroCounters();
  for (const c of all) for (const key of Object.keys(total) as (keyof AgentCounters)[]) total[key] += c[key];
  return total;
}
