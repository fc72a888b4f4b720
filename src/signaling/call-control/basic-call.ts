/**
 * Basic-call procedures with the same shape on both sides: sending and receiving SETUP, rejecting an
 * offered call, and the endpoint reference and connection identifier bookkeeping of the answers.
 */
import type { ConnectIes, ProgressIes, Q2931Message, SetupIes } from "../q2931/index.ts";
import { causeFromSpec, outgoingReference, releaseComplete } from "./messages.ts";
import { firstPartyReference, partyOnSetupReceived, partyOnSetupSent } from "./party.ts";
import type { CallRequest } from "./signals.ts";
import type { CallTransition } from "./transition.ts";

/** Sends SETUP with T303 and enters U1 / N6 (shared with the network side). */
export function sendSetup(t: CallTransition, requested: SetupIes): void {
  const ies = partyOnSetupSent(t, requested);
  if (typeof ies === "string") {
    t.refuse(ies);
    return;
  }
  t.s.setup = ies;
  t.s.connectionIdentifier = ies.connectionIdentifier;
  t.s.expiries = { ...t.s.expiries, T303: 0 };
  t.send("SETUP", ies);
  t.start("T303");
  t.setState(t.s.side === "user" ? 1 : 6);
}

/**
 * SETUP received in the Null state (U0 → U6, N0 → N1, shared). A point-to-multipoint SETUP without a
 * proper endpoint reference is refused with RELEASE COMPLETE (cause 96 or 100, ngatm `un0_setup`).
 */
export function setupReceived(t: CallTransition, m: Extract<Q2931Message, { type: "SETUP" }>): void {
  const bad = partyOnSetupReceived(t, m.ies);
  if (bad !== undefined) {
    t.sendMessage(releaseComplete(outgoingReference(t.s.key), bad));
    t.s.parties = [];
    t.s.multipoint = false;
    t.s.firstParty = undefined;
    return;
  }
  t.s.setup = m.ies;
  t.s.connectionIdentifier = m.ies.connectionIdentifier;
  t.setState(t.s.side === "user" ? 6 : 1);
  t.indicate({ name: "setup.indication", ies: m.ies });
}

/** reject.request (U6 / N1): RELEASE COMPLETE with the cause, straight to Null. */
export function reject(t: CallTransition, r: Extract<CallRequest, { name: "reject.request" }>): void {
  const cause = causeFromSpec(r.cause, t.s.config.causeLocation);
  t.send("RELEASE COMPLETE", { cause: [cause] });
  t.toNull([cause]);
}

/** Adds the first party's endpoint reference to an answer of a point-to-multipoint call (shared). */
export function withEndpoint<I extends ProgressIes | ConnectIes>(t: CallTransition, ies: I): I {
  if (ies.endpointReference !== undefined) return ies;
  const reference = firstPartyReference(t);
  return reference === undefined ? ies : { ...ies, endpointReference: reference };
}

/** Keeps the connection identifier a message assigned (shared). */
export function rememberConnection(t: CallTransition, ies: ProgressIes | ConnectIes): void {
  if (ies.connectionIdentifier !== undefined) t.s.connectionIdentifier = ies.connectionIdentifier;
}
