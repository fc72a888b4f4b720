import type { CallKey, PartyKey } from "../signaling/call-control/index.ts";
import {
  type AtmTrafficDescriptor,
  type CauseIe,
  type ConnectionIdentifier,
  PreferredExclusive,
  type SetupIes,
  VpAssociatedSignalling,
} from "../signaling/q2931/index.ts";
import type { CallHalfView, CallPhase, CallView } from "./agent-view.ts";
import type { Vc } from "./vc-allocator.ts";

/** One port's half of a switched call: a Q.2931 call on that port and the VC it holds there. */
export interface Half {
  readonly port: number;
  readonly call: CallKey;
  readonly vc: Vc;
  /** Clearing was heard or asked on this half: nothing more is relayed onto it. */
  clearing: boolean;
  /** Call control released the call reference (Null): the VC is free again. */
  gone: boolean;
}

/** A called half: the agent's SETUP went out on it. */
export interface Leg extends Half {
  /** CONNECT came from the called user. */
  connected: boolean;
}

/** A party of a point-to-multipoint call: the root's endpoint and the leg party that serves it. */
export interface PartyLink {
  readonly root: PartyKey;
  readonly leg: Leg;
  readonly legParty: PartyKey;
  state: "adding" | "active";
}

/** Frames and bytes switched in one direction, counted in place. */
export interface MutableRelayCount {
  frames: number;
  bytes: number;
}

/**
 * A Q.2963.1 modification the agent relays: `from` asked (its half answers it), `to` was asked (the
 * agent's MODIFY REQUEST went out there). Once `to` acknowledged with a report type, `awaiting` says
 * that `from`'s CONNECTION AVAILABLE is to be passed on to `to`.
 */
export interface Modification {
  readonly from: Half;
  readonly to: Half;
  readonly trafficDescriptor: AtmTrafficDescriptor;
  awaiting: boolean;
}

/** A switched call: the caller's half, the called halves, and what the agent relayed. */
export interface SwitchCall {
  readonly id: number;
  readonly address: string;
  readonly multipoint: boolean;
  /** The caller's SETUP, which the legs of later parties copy. */
  readonly setup: SetupIes;
  readonly root: Half;
  readonly legs: Leg[];
  parties: PartyLink[];
  phase: CallPhase;
  /** The first clearing cause seen, for the callCleared event. */
  cause: number | undefined;
  /** The traffic descriptor in force: the SETUP's, then the last one a modification agreed. */
  trafficDescriptor: AtmTrafficDescriptor;
  /** The modification being relayed, if any. */
  modification: Modification | undefined;
  readonly forward: MutableRelayCount;
  readonly backward: MutableRelayCount;
}

/** The cause value of a cause list (31 "normal, unspecified" when a clearing carried none). */
export function firstCause(causes: readonly CauseIe[]): CauseIe | number {
  return causes[0] ?? NORMAL_UNSPECIFIED;
}

const NORMAL_UNSPECIFIED = 31;

/** The value of a cause given as a number or an IE. */
export function causeValue(cause: CauseIe | number): number {
  return typeof cause === "number" ? cause : cause.value;
}

/** The Connection identifier IE that assigns a VC: explicit VPCI, exclusive VPCI and VCI. */
export function connectionIdentifier(vc: Vc): ConnectionIdentifier {
  return {
    vpAssociatedSignalling: VpAssociatedSignalling.EXPLICIT_VPCI,
    preferredExclusive: PreferredExclusive.EXCLUSIVE_VPCI_EXCLUSIVE_VCI,
    vpci: vc.vpi,
    vci: vc.vci,
  };
}

/** Key of a half in the fabric's tables: port and call. */
export function halfKey(port: number, call: CallKey): string {
  return `${port}:${call.mine ? "m" : "p"}${call.value}`;
}

/** Key of a VC in the fabric's tables: port, VPI, VCI. */
export function vcKey(port: number, vpi: number, vci: number): string {
  return `${port}/${vpi}/${vci}`;
}

/** A snapshot of a call; `stateOf` reads the agent's Q.2931 call state of a half. */
export function callView(call: SwitchCall, stateOf: (half: Half) => number): CallView {
  const half = (h: Half): CallHalfView => ({
    port: h.port,
    callReference: h.call.value,
    state: h.gone ? 0 : stateOf(h),
    vpi: h.vc.vpi,
    vci: h.vc.vci,
  });
  return {
    id: call.id,
    address: call.address,
    multipoint: call.multipoint,
    phase: call.phase,
    from: half(call.root),
    to: call.legs.map(half),
    parties: call.parties.map((p) => ({
      endpoint: p.root.value,
      port: p.leg.port,
      callReference: p.leg.call.value,
      legEndpoint: p.legParty.value,
      state: p.state,
    })),
    trafficDescriptor: call.trafficDescriptor,
    relayed: { forward: { ...call.forward }, backward: { ...call.backward } },
  };
}
