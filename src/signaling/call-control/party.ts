/**
 * Point-to-multipoint party control (Q.2971 as UNI 3.1 uses it, Q.2931 call control / ATM Forum UNI 3.1): one state per
 * endpoint reference (P0, P1, P2, P5, P6, P7), ADD PARTY / ADD PARTY ACKNOWLEDGE / ADD PARTY REJECT /
 * DROP PARTY / DROP PARTY ACKNOWLEDGE, T398 and T399. The last party of a call is never dropped with
 * DROP PARTY: the call is cleared with RELEASE instead (ngatm `ux_drop_party_indication`).
 */
import {
  Cause,
  type CauseIe,
  diagnosticFromTimer,
  IeId,
  type Q2931Message,
  type SetupIes,
  type StatusMessage,
  UserPlaneConfiguration,
} from "../q2931/index.ts";
import { partyId, samePartyKey } from "./call.ts";
import { clearCall, sendRelease, sendStatus, unexpectedMessage } from "./common.ts";
import { answerEndpoint, outgoingEndpoint, partyOfReceived } from "./messages.ts";
import type { AddPartyRequestIes, PartyKey } from "./signals.ts";
import { isClearing, PartyState } from "./states.ts";
import type { CallTransition } from "./transition.ts";

// True when a SETUP's bearer capability asks for a point-to-multipoint connection.
function isMultipoint(ies: SetupIes): boolean {
  return ies.bearerCapability.userPlane === UserPlaneConfiguration.POINT_TO_MULTIPOINT;
}

const LIVE: ReadonlySet<number> = new Set([
  PartyState.ADD_PARTY_INITIATED,
  PartyState.ADD_PARTY_RECEIVED,
  PartyState.ACTIVE,
]);

/** Parties that keep the call up (being added or active), other than `except`. */
function liveParties(t: CallTransition, except?: PartyKey): number {
  return t.s.parties.filter(
    (p) => LIVE.has(p.state) && (except === undefined || !samePartyKey(p.key, except)),
  ).length;
}

/**
 * SETUP we send: a point-to-multipoint call gets endpoint reference 0 unless the request chose one,
 * and its first party enters P1. Returns the IEs to send, or a refusal reason.
 */
export function partyOnSetupSent(t: CallTransition, ies: SetupIes): SetupIes | string {
  if (!isMultipoint(ies)) return ies;
  const reference = ies.endpointReference ?? { value: 0, flag: false };
  if (reference.flag) return "the endpoint reference of our own SETUP must have flag 0";
  t.s.multipoint = true;
  t.s.firstParty = { value: reference.value, mine: true };
  t.setParty(t.s.firstParty, PartyState.ADD_PARTY_INITIATED);
  return ies.endpointReference === undefined ? { ...ies, endpointReference: reference } : ies;
}

/**
 * SETUP received: a point-to-multipoint call must name its first party with flag 0, which enters P2.
 * Returns the cause and diagnostic for RELEASE COMPLETE when the endpoint reference is missing or bad.
 */
export function partyOnSetupReceived(t: CallTransition, ies: SetupIes): CauseIe | undefined {
  if (!isMultipoint(ies)) return undefined;
  const reference = ies.endpointReference;
  const diagnostic = Uint8Array.of(IeId.ENDPOINT_REFERENCE);
  if (reference === undefined) return t.cause(Cause.MANDATORY_IE_MISSING, diagnostic);
  if (reference.flag) return t.cause(Cause.INVALID_IE_CONTENTS, diagnostic);
  t.s.multipoint = true;
  t.s.firstParty = partyOfReceived(reference);
  t.setParty(t.s.firstParty, PartyState.ADD_PARTY_RECEIVED);
  return undefined;
}

/** The endpoint reference to put into CALL PROCEEDING, ALERTING or CONNECT of a point-to-multipoint call. */
export function firstPartyReference(t: CallTransition): { value: number; flag: boolean } | undefined {
  const first = t.s.firstParty;
  return first === undefined || !t.s.multipoint ? undefined : outgoingEndpoint(first);
}

/** The SETUP's party becomes active (P1 or P2 → P7) with the call (ngatm `PARTY_CONNECT`). */
export function firstPartyActive(t: CallTransition, from: number): void {
  const first = t.s.firstParty;
  if (first !== undefined && t.party(first)?.state === from) t.setParty(first, PartyState.ACTIVE);
}

/** add-party.request in an active point-to-multipoint call. Returns the new party. */
export function addPartyRequest(t: CallTransition, ies: AddPartyRequestIes): PartyKey | undefined {
  if (!t.s.multipoint) return refuse(t, "add-party.request on a point-to-point call");
  if (t.s.state !== 10) return refuse(t, `add-party.request in call state ${t.s.state} (needs Active)`);
  let value = t.s.nextEndpoint;
  for (let tries = 0; tries < 0x7fff; tries++) {
    if (value < 1 || value > 0x7fff) value = 1;
    const candidate = value;
    if (!t.s.parties.some((p) => p.key.mine && p.key.value === candidate)) break;
    value++;
  }
  const key: PartyKey = { value, mine: true };
  if (t.party(key) !== undefined) return refuse(t, "every endpoint reference is in use");
  t.s.nextEndpoint = value + 1;
  t.send("ADD PARTY", { ...ies, endpointReference: outgoingEndpoint(key) });
  t.startParty("T399", key);
  t.setParty(key, PartyState.ADD_PARTY_INITIATED);
  return key;
}

function refuse(t: CallTransition, reason: string): undefined {
  t.refuse(reason);
  return undefined;
}

/** add-party.response: accept an offered party with ADD PARTY ACKNOWLEDGE (P2 → P7). */
export function addPartyResponse(t: CallTransition, key: PartyKey): void {
  const party = t.party(key);
  if (party?.state !== PartyState.ADD_PARTY_RECEIVED || t.s.state !== 10) {
    t.refuse(
      `add-party.response for party ${partyId(key)} (${party?.state ?? "unknown"}) in call state ${t.s.state}`,
    );
    return;
  }
  t.send("ADD PARTY ACKNOWLEDGE", { endpointReference: outgoingEndpoint(key) });
  t.setParty(key, PartyState.ACTIVE);
}

/** add-party.reject: refuse an offered party with ADD PARTY REJECT, or clear the call if it is the last. */
export function addPartyReject(t: CallTransition, key: PartyKey, cause: CauseIe): void {
  const party = t.party(key);
  if (party?.state !== PartyState.ADD_PARTY_RECEIVED || t.s.state === 0 || isClearing(t.s.state)) {
    t.refuse(`add-party.reject for party ${partyId(key)} in call state ${t.s.state}`);
    return;
  }
  if (liveParties(t, key) === 0) {
    sendRelease(t, [cause]);
    return;
  }
  t.send("ADD PARTY REJECT", { cause, endpointReference: outgoingEndpoint(key) });
  t.removeParty(key);
}

/** drop-party.request: DROP PARTY with T398 (→ P5), or RELEASE when it is the last party. */
export function dropPartyRequest(t: CallTransition, key: PartyKey, cause: CauseIe): void {
  const party = t.party(key);
  const droppable = party?.state === PartyState.ADD_PARTY_INITIATED || party?.state === PartyState.ACTIVE;
  if (!droppable || t.s.state === 0 || isClearing(t.s.state)) {
    t.refuse(
      `drop-party.request for party ${partyId(key)} (${party?.state ?? "unknown"}) in call state ${t.s.state}`,
    );
    return;
  }
  if (liveParties(t, key) === 0) {
    sendRelease(t, [cause]);
    return;
  }
  sendDropParty(t, key, cause);
}

function sendDropParty(t: CallTransition, key: PartyKey, cause: CauseIe): void {
  t.stopPartyTimers(key);
  t.send("DROP PARTY", { cause, endpointReference: outgoingEndpoint(key) });
  t.startParty("T398", key);
  t.setParty(key, PartyState.DROP_PARTY_INITIATED);
}

/** Drops a party because of a timer or an error ("label E"): tell the user, DROP PARTY, or clear if last. */
function dropPartyE(t: CallTransition, key: PartyKey, cause: CauseIe): void {
  if (liveParties(t, key) === 0) {
    clearCall(t, cause);
    return;
  }
  t.indicate({ name: "drop-party.indication", party: key, cause });
  sendDropParty(t, key, cause);
}

/** After a party went away: a point-to-multipoint call with no party left is cleared. */
function lastPartyGone(t: CallTransition, cause: CauseIe): void {
  if (t.s.multipoint && liveParties(t) === 0 && t.s.state !== 0 && !isClearing(t.s.state)) {
    clearCall(t, cause);
  }
}

/** T399 expiry (P1): the party is dropped with cause 102 "399" (user side) or 18 (network side), as ngatm. */
export function onT399(t: CallTransition, key: PartyKey): void {
  if (t.party(key)?.state !== PartyState.ADD_PARTY_INITIATED) return;
  const cause =
    t.s.side === "user"
      ? t.cause(Cause.RECOVERY_ON_TIMER_EXPIRY, diagnosticFromTimer("399"))
      : t.cause(Cause.NO_USER_RESPONDING);
  dropPartyE(t, key, cause);
}

/** T398 expiry (P5): the party is released with DROP PARTY ACKNOWLEDGE (cause 102 "398"), as ngatm. */
export function onT398(t: CallTransition, key: PartyKey): void {
  if (t.party(key)?.state !== PartyState.DROP_PARTY_INITIATED) return;
  const cause = t.cause(Cause.RECOVERY_ON_TIMER_EXPIRY, diagnosticFromTimer("398"));
  t.removeParty(key);
  t.indicate({ name: "drop-party.confirm", party: key, cause });
  if (t.s.multipoint && liveParties(t) === 0) {
    clearCall(t, cause);
    return;
  }
  t.send("DROP PARTY ACKNOWLEDGE", { endpointReference: outgoingEndpoint(key), cause });
}

// Call states in which ADD PARTY may arrive (ngatm `uni_sig_call` SIGC_ADD_PARTY).
const ADD_PARTY_STATES = { user: new Set([7, 8, 10]), network: new Set([4, 10]) } as const;

type PartyMessage = Extract<
  Q2931Message,
  {
    type:
      | "ADD PARTY"
      | "ADD PARTY ACKNOWLEDGE"
      | "ADD PARTY REJECT"
      | "DROP PARTY"
      | "DROP PARTY ACKNOWLEDGE";
  }
>;

/** A party message received on a call (any side). */
export function onPartyMessage(t: CallTransition, message: PartyMessage): void {
  if (!t.s.multipoint) {
    unexpectedMessage(t, message, "a point-to-point call");
    return;
  }
  if (isClearing(t.s.state) && message.type !== "ADD PARTY") {
    // ngatm drops party messages while the call is being released.
    return;
  }
  const reference = message.ies.endpointReference;
  const key = partyOfReceived(reference);
  const party = t.party(key);
  switch (message.type) {
    case "ADD PARTY": {
      if (!ADD_PARTY_STATES[t.s.side].has(t.s.state)) {
        unexpectedMessage(t, message, `call state ${t.s.state}`);
      } else if (key.mine) {
        // The sender must allocate the endpoint reference of a party it adds.
        sendStatus(t, t.cause(Cause.INVALID_IE_CONTENTS, Uint8Array.of(IeId.ENDPOINT_REFERENCE)), reference);
      } else if (party === undefined) {
        t.setParty(key, PartyState.ADD_PARTY_RECEIVED);
        t.indicate({ name: "add-party.indication", party: key, ies: message.ies });
      } else if (party.state !== PartyState.ADD_PARTY_RECEIVED) {
        unexpectedMessage(t, message, `party state ${party.state}`);
      }
      return;
    }
    case "ADD PARTY ACKNOWLEDGE": {
      if (party === undefined) {
        answerUnknownParty(t, reference);
      } else if (t.s.state !== 10 || party.state !== PartyState.ADD_PARTY_INITIATED) {
        unexpectedMessage(t, message, `call state ${t.s.state}, party state ${party.state}`);
      } else {
        t.stopParty("T399", key);
        t.setParty(key, PartyState.ACTIVE);
        t.indicate({ name: "add-party.confirm", party: key });
      }
      return;
    }
    case "ADD PARTY REJECT": {
      if (party === undefined) return;
      if (party.state === PartyState.ADD_PARTY_INITIATED) {
        t.removeParty(key);
        t.indicate({ name: "add-party-reject.indication", party: key, cause: message.ies.cause });
        lastPartyGone(t, message.ies.cause);
      } else if (party.state === PartyState.DROP_PARTY_INITIATED) {
        t.removeParty(key);
        t.indicate({ name: "drop-party.confirm", party: key, cause: message.ies.cause });
        lastPartyGone(t, message.ies.cause);
      } else {
        unexpectedMessage(t, message, `party state ${party.state}`);
      }
      return;
    }
    case "DROP PARTY": {
      const cause = message.ies.cause;
      if (party === undefined) {
        answerUnknownParty(t, reference);
      } else if (party.state === PartyState.DROP_PARTY_INITIATED) {
        // DROP PARTY crossing ours: the party is gone on both sides.
        t.removeParty(key);
        t.indicate({ name: "drop-party.confirm", party: key, cause });
        lastPartyGone(t, cause);
      } else if (liveParties(t, key) === 0) {
        clearCall(t, cause);
      } else {
        // P6 lasts only this step: the acknowledgement goes at once.
        t.setParty(key, PartyState.DROP_PARTY_RECEIVED);
        t.send("DROP PARTY ACKNOWLEDGE", { endpointReference: answerEndpoint(reference) });
        t.removeParty(key);
        t.indicate({ name: "drop-party.indication", party: key, cause });
      }
      return;
    }
    case "DROP PARTY ACKNOWLEDGE": {
      if (party === undefined) return;
      const cause = message.ies.cause ?? t.cause(Cause.NORMAL_UNSPECIFIED);
      t.removeParty(key);
      t.indicate({
        name: "drop-party.confirm",
        party: key,
        ...(message.ies.cause === undefined ? {} : { cause: message.ies.cause }),
      });
      lastPartyGone(t, cause);
      return;
    }
  }
}

/** A message about an endpoint reference we do not know: DROP PARTY ACKNOWLEDGE cause 89 (Q.2971 §9.5.3.2.3). */
function answerUnknownParty(t: CallTransition, reference: { value: number; flag: boolean }): void {
  t.send("DROP PARTY ACKNOWLEDGE", {
    endpointReference: answerEndpoint(reference),
    cause: t.cause(Cause.INVALID_ENDPOINT_REFERENCE),
  });
}

const ERROR_CAUSES: ReadonlySet<number> = new Set([
  Cause.MANDATORY_IE_MISSING,
  Cause.MESSAGE_TYPE_NOT_IMPLEMENTED,
  Cause.IE_NOT_IMPLEMENTED,
  Cause.INVALID_IE_CONTENTS,
]);

/**
 * A STATUS naming a party (ngatm `punx_status`): Null there means the party is gone; an error cause
 * about a party we are adding drops it; a party we do not know but the peer does gets DROP PARTY ACK.
 */
export function statusAboutParty(t: CallTransition, key: PartyKey, message: StatusMessage): void {
  const party = t.party(key);
  const peerState = message.ies.endpointState?.state;
  const reference = message.ies.endpointReference;
  if (party === undefined) {
    if (reference !== undefined && peerState !== undefined && peerState !== PartyState.NULL) {
      t.send("DROP PARTY ACKNOWLEDGE", {
        endpointReference: answerEndpoint(reference),
        cause: t.cause(Cause.MESSAGE_NOT_COMPATIBLE_WITH_CALL_STATE),
      });
    }
    return;
  }
  if (peerState === PartyState.NULL) {
    t.removeParty(key);
    t.indicate({ name: "drop-party.confirm", party: key, cause: message.ies.cause });
    lastPartyGone(t, message.ies.cause);
    return;
  }
  if (party.state === PartyState.ADD_PARTY_INITIATED && ERROR_CAUSES.has(message.ies.cause.value)) {
    dropPartyE(t, key, t.cause(Cause.NORMAL_UNSPECIFIED));
  }
}
