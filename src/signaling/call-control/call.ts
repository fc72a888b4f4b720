/**
 * The state of one call (one call reference): plain immutable data that the pure transitions of
 * user.ts and network.ts map to the next state.
 */
import type { AtmTrafficDescriptor, CauseIe, ConnectionIdentifier, SetupIes } from "../q2931/index.ts";
import type { CallControlConfig, CallTimerName, PartyTimerName, Side } from "./config.ts";
import type { CallKey, PartyKey } from "./signals.ts";
import type { CallStateCode, PartyStateCode } from "./states.ts";

/** One party of a point-to-multipoint call. */
export interface Party {
  readonly key: PartyKey;
  readonly state: PartyStateCode;
}

/** How many times each retransmitting timer has expired since it was first started. */
export interface ExpiryCounts {
  readonly T303: number;
  readonly T308: number;
  readonly T322: number;
}

/**
 * A Q.2963.1 modification under way on an active point-to-point call (a sub-state of U10/N10):
 * - requested: we sent MODIFY REQUEST for `trafficDescriptor`; T360 runs;
 * - received: the peer's MODIFY REQUEST awaits our answer (`confirm`: it carried a report type
 *   asking for the confirmation step);
 * - awaiting-available: we sent MODIFY ACKNOWLEDGE with a report type; T361 runs until the peer's
 *   CONNECTION AVAILABLE;
 * - available-owed: the peer's MODIFY ACKNOWLEDGE asked for CONNECTION AVAILABLE, which the layer
 *   above sends (`connection-available.request`) once it runs with the new traffic descriptor.
 */
export type Modification =
  | { readonly role: "requested"; readonly trafficDescriptor: AtmTrafficDescriptor }
  | { readonly role: "received"; readonly trafficDescriptor: AtmTrafficDescriptor; readonly confirm: boolean }
  | { readonly role: "awaiting-available" }
  | { readonly role: "available-owed" };

/** One call's state. */
export interface Call {
  readonly side: Side;
  readonly config: CallControlConfig;
  readonly key: CallKey;
  /** Call state number (= Call-state IE code). */
  readonly state: CallStateCode;
  /** The SETUP we sent (kept for T303 retransmission) or received. */
  readonly setup?: SetupIes | undefined;
  /** True when the bearer capability says point-to-multipoint. */
  readonly multipoint: boolean;
  /** The VC of the call once a message named it (RESTART of one VC finds the call by it). */
  readonly connectionIdentifier?: ConnectionIdentifier | undefined;
  /** The causes of the RELEASE we sent, for T308 retransmission. */
  readonly releaseCauses?: readonly CauseIe[] | undefined;
  readonly expiries: ExpiryCounts;
  /** Set while our STATUS ENQUIRY waits for STATUS (T322 runs). */
  readonly enquiry?: { readonly party?: PartyKey | undefined } | undefined;
  /** The party the SETUP created (point-to-multipoint only); CONNECT and CONNECT ACKNOWLEDGE concern it alone. */
  readonly firstParty?: PartyKey | undefined;
  /** Parties of a point-to-multipoint call, none in P0. */
  readonly parties: readonly Party[];
  /** The timers running now, as {@link timerId}s. */
  readonly timers: readonly string[];
  /** Next endpoint reference value to try when we add a party. */
  readonly nextEndpoint: number;
  /** The Q.2963.1 modification under way, if any (only in U10/N10). */
  readonly modify?: Modification | undefined;
}

/** A fresh call in the Null state. */
export function newCall(config: CallControlConfig, key: CallKey): Call {
  return {
    side: config.side,
    config,
    key,
    state: 0,
    multipoint: false,
    expiries: { T303: 0, T308: 0, T322: 0 },
    parties: [],
    timers: [],
    nextEndpoint: 1,
  };
}

/** "T303", or "T399@m5" / "T399@p5" for a party timer (m: our endpoint reference, p: the peer's). */
export function timerId(timer: CallTimerName | PartyTimerName, party?: PartyKey): string {
  return party === undefined ? timer : `${timer}@${partyId(party)}`;
}

/** "m5" (we allocated endpoint reference 5) or "p5" (the peer did). */
export function partyId(party: PartyKey): string {
  return `${party.mine ? "m" : "p"}${party.value}`;
}

/** "m5" (we allocated call reference 5) or "p5" (the peer did). */
export function callId(call: CallKey): string {
  return `${call.mine ? "m" : "p"}${call.value}`;
}

/** True when both keys name the same party. */
export function samePartyKey(a: PartyKey, b: PartyKey): boolean {
  return a.value === b.value && a.mine === b.mine;
}

/** The party with this key, if the call has it. */
export function findParty(call: Call, key: PartyKey): Party | undefined {
  return call.parties.find((p) => samePartyKey(p.key, key));
}
