import type { AddressRemovalReason, IlmiDecodeError, SnmpErrorStatus } from "../signaling/ilmi/index.ts";
import type { AtmTrafficDescriptor } from "../signaling/q2931/index.ts";
import type { MaaErrorCode } from "../signaling/sscop/index.ts";

/** Why the agent stopped holding a registration: the IME's reasons, or the port's link went down. */
export type AgentDeregistrationReason = AddressRemovalReason | "linkLost";

/** Which registry rule a refused SetRequest broke. */
export type RefusalKind =
  /** invalid(2) for an address another port registered: only the owner may deregister it. */
  | "forgedDeregistration"
  /** valid(1) for an address another port registered: one address, one route. */
  | "duplicateRegistration"
  /** valid(1) for new addresses beyond the port's quota (AgentPortConfig.maxAddresses). */
  | "overQuota";

/** How the offer of a port's network prefix to its user ended. */
export type PrefixOutcome = "registered" | "rejected" | "timedOut" | "withdrawn";

/**
 * One thing the agent did or saw, for traces, pcap and the CLI. Ports are named by index (as in the
 * view); addresses and prefixes are lower-case hex.
 */
export type AgentEvent =
  | { readonly kind: "started" }
  | { readonly kind: "restarted" }
  | { readonly kind: "linkUp"; readonly port: number }
  | { readonly kind: "linkDown"; readonly port: number }
  | {
      readonly kind: "frame";
      readonly direction: "in" | "out";
      readonly port: number;
      readonly vpi: number;
      readonly vci: number;
      readonly payload: Uint8Array;
    }
  /** A frame on VPI 0 / VCI 16 that is not a well-formed ILMI message; dropped. */
  | {
      readonly kind: "undecodable";
      readonly port: number;
      readonly vpi: number;
      readonly vci: number;
      readonly error: IlmiDecodeError;
    }
  /** A frame on a VC that no port component serves and no active call switches; dropped. */
  | { readonly kind: "unclaimed"; readonly port: number; readonly vpi: number; readonly vci: number }
  | { readonly kind: "registration"; readonly port: number; readonly address: string }
  | {
      readonly kind: "deregistration";
      readonly port: number;
      readonly address: string;
      readonly reason: AgentDeregistrationReason;
    }
  | {
      readonly kind: "refusal";
      readonly port: number;
      readonly address: string;
      readonly refusal: RefusalKind;
      /** The port that holds the address (for "overQuota", the refusing port itself). */
      readonly owner: number;
      readonly errorStatus: SnmpErrorStatus;
    }
  | {
      readonly kind: "prefix";
      readonly port: number;
      readonly prefix: string;
      readonly outcome: PrefixOutcome;
    }
  /** The user IME on the port cold-started: its registrations are gone and the prefix is offered again. */
  | { readonly kind: "peerRestarted"; readonly port: number }
  /** A decoded ILMI message the IME had no use for (unmatched response, unused trap). */
  | { readonly kind: "discarded"; readonly port: number; readonly reason: string }
  /** The port's signalling link (SSCOP under SSCF-UNI on 0/5) was established or released. */
  | { readonly kind: "signalingLink"; readonly port: number; readonly up: boolean }
  /** SSCOP reported a protocol error (MAA-ERROR with its Q.2110 letter). */
  | { readonly kind: "saalError"; readonly port: number; readonly code: MaaErrorCode }
  /**
   * A SETUP was routed: the caller's call on `from` is offered as a new call on `to`. A party added to
   * a point-to-multipoint call is routed the same way, naming its endpoint reference.
   */
  | {
      readonly kind: "callRouted";
      readonly call: number;
      readonly from: number;
      readonly to: number;
      readonly address: string;
      readonly party?: number;
    }
  /** A SETUP (or ADD PARTY) was refused with RELEASE COMPLETE (ADD PARTY REJECT) and this cause. */
  | {
      readonly kind: "callRefused";
      readonly port: number;
      readonly address: string;
      readonly cause: number;
      readonly reason: string;
      readonly party?: number;
    }
  /** The called side answered: CONNECT went to the caller and data is switched. */
  | { readonly kind: "callConnected"; readonly call: number }
  /**
   * A Q.2963.1 modification from the user on `port` ended: the other side acknowledged it (the call's
   * traffic descriptor is now `trafficDescriptor`), or it was rejected with `cause` (by the agent
   * when `reason` says why, else by the other side).
   */
  | {
      readonly kind: "callModified";
      readonly call: number;
      readonly port: number;
      readonly outcome: "accepted" | "rejected";
      readonly trafficDescriptor: AtmTrafficDescriptor;
      readonly cause?: number;
      readonly reason?: string;
    }
  /** Every half of the call is back in the Null state (or was dropped by a restart or link loss). */
  | { readonly kind: "callCleared"; readonly call: number; readonly cause: number };

/** Receives agent events. */
export type AgentEventListener = (event: AgentEvent) => void;
