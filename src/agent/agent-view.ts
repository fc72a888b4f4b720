import type { AtmTrafficDescriptor } from "../signaling/q2931/index.ts";
import type { SscfPhase } from "../signaling/sscop/index.ts";

/** Where a port's signalling stands: its SSCF-UNI state, or "stopped" while the medium link is down. */
export type SignalingState = SscfPhase | "stopped";

/** Frame and refusal counts of one port (and, summed, of the agent). */
export interface AgentCounters {
  readonly framesIn: number;
  readonly framesOut: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Frames on 0/16 that failed strict ILMI decoding, dropped. */
  readonly undecodable: number;
  /** Frames on a VC no port component serves and no active call switches, dropped. */
  readonly unclaimed: number;
  /** Frames received on a call's VC and switched to the other half of the call. */
  readonly relayed: number;
  /** SETUPs received on the port and routed to a port. */
  readonly callsRouted: number;
  /** SETUPs (and ADD PARTYs) received on the port and refused (no route, no VC, ...). */
  readonly callsRefused: number;
  /** Faulty or unexpected Q.2931 messages that call control answered or ignored. */
  readonly signalingErrors: number;
  /** Decoded ILMI messages the IME discarded (unmatched response, unused trap). */
  readonly discarded: number;
  /** SetRequests invalid(2) for another port's address, refused. */
  readonly refusedForgeries: number;
  /** SetRequests valid(1) for another port's address, refused. */
  readonly refusedDuplicates: number;
  /** SetRequests valid(1) that would take the port past its address quota, refused. */
  readonly refusedOverQuota: number;
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
  /** The SSCF-UNI state of the port's signalling link on 0/5 ("DataTransferReady" when up). */
  readonly signaling: SignalingState;
  /** Calls the port's Q.2931 call control holds (any state but Null). */
  readonly signalingCalls: number;
  /** VCs that calls hold on this port. */
  readonly vcsInUse: number;
  readonly counters: AgentCounters;
}

/** Where a switched call stands, as the agent sees it. */
export type CallPhase = "proceeding" | "alerting" | "active" | "releasing";

/** Frames and bytes switched in one direction. */
export interface RelayCount {
  readonly frames: number;
  readonly bytes: number;
}

/** One port's half of a switched call: a Q.2931 call on that port and the VC it got. */
export interface CallHalfView {
  readonly port: number;
  /** The call reference value on that port (the caller allocated it on `from`, the agent on `to`). */
  readonly callReference: number;
  /** Q.2931 call state code of the agent's side of the half (N-state; 0 once released). */
  readonly state: number;
  readonly vpi: number;
  readonly vci: number;
}

/** A party of a point-to-multipoint call: the caller's endpoint reference and where it leads. */
export interface PartyView {
  /** The endpoint reference value the caller (root) chose. */
  readonly endpoint: number;
  readonly port: number;
  /** Call reference value of the leg on `port` that carries the party. */
  readonly callReference: number;
  /** The endpoint reference value of the party on that leg. */
  readonly legEndpoint: number;
  readonly state: "adding" | "active";
}

/** One switched call. */
export interface CallView {
  readonly id: number;
  /** The called party number, lower-case hex (digits for E.164). */
  readonly address: string;
  readonly multipoint: boolean;
  readonly phase: CallPhase;
  /** The caller's half (the SETUP came from there). */
  readonly from: CallHalfView;
  /** The called halves: one for a point-to-point call, one per leaf port for point-to-multipoint. */
  readonly to: readonly CallHalfView[];
  /** Point-to-multipoint parties (empty for point-to-point). */
  readonly parties: readonly PartyView[];
  /** The traffic descriptor in force: the SETUP's, or the last one a Q.2963.1 modification agreed. */
  readonly trafficDescriptor: AtmTrafficDescriptor;
  /** Data switched from the caller's VC to the called VCs (forward) and back (backward). */
  readonly relayed: { readonly forward: RelayCount; readonly backward: RelayCount };
}

/** A read-only snapshot of the agent, for tests and the CLI. */
export interface AgentView {
  readonly name: string;
  readonly state: "created" | "running";
  readonly ports: readonly PortView[];
  /** The global address → port table, sorted by address. */
  readonly addresses: readonly { readonly address: string; readonly port: number }[];
  /** The calls the switch holds, by id. */
  readonly calls: readonly CallView[];
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
    relayed: 0,
    callsRouted: 0,
    callsRefused: 0,
    signalingErrors: 0,
    discarded: 0,
    refusedForgeries: 0,
    refusedDuplicates: 0,
    refusedOverQuota: 0,
  };
}

/** The sum of some counters. */
export function sumCounters(all: readonly AgentCounters[]): AgentCounters {
  const total = zeroCounters();
  for (const c of all) for (const key of Object.keys(total) as (keyof AgentCounters)[]) total[key] += c[key];
  return total;
}
