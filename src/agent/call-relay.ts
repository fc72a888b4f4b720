/**
 * The relay of a switched call's progress between its halves, after the SETUP was routed: ALERTING
 * and CONNECT from the called side to the caller, RELEASE (with its cause) either way, and the party
 * events of a point-to-multipoint call (multipoint.ts), and Q.2963.1 modifications either way
 * (modify-relay.ts). Each half runs its own network-side call control; the relay turns one half's
 * indications into requests on the other.
 */
import type { RuntimeIndication } from "../signaling/call-control/index.ts";
import { Cause, type ConnectIes } from "../signaling/q2931/index.ts";
import type { CallFabric } from "./call-fabric.ts";
import { modifyIndication } from "./modify-relay.ts";
import { addParty, legLost, legPartyIndication, rootPartyIndication } from "./multipoint.ts";
import { firstCause, type Leg, type SwitchCall } from "./switch-call.ts";

type Indication = RuntimeIndication["indication"];

/**
 * An indication of the caller's half. `override` replaces the cause when the fabric makes up the
 * indication itself (the port's link is gone).
 */
export function fromRoot(f: CallFabric, call: SwitchCall, ind: Indication, override?: number): void {
  switch (ind.name) {
    case "release.indication":
    case "release.confirm": {
      // The caller cleared (or its call reference is gone): every called half follows, same cause.
      const cause = override ?? firstCause(ind.cause);
      call.root.clearing = true;
      f.clearing(call, cause);
      for (const leg of [...call.legs]) f.releaseLeg(call, leg, cause);
      if (ind.name === "release.confirm") f.released(call, call.root);
      return;
    }
    case "add-party.indication":
      addParty(f, call, ind.party, ind.ies);
      return;
    case "drop-party.indication":
    case "drop-party.confirm":
      rootPartyIndication(f, call, ind.party, ind.cause ?? Cause.NORMAL_UNSPECIFIED);
      return;
    case "modify.indication":
    case "modify.confirm":
    case "modify-reject.indication":
    case "connection-available.indication":
      modifyIndication(f, call, call.root, ind);
      return;
    default:
      // CONNECT ACKNOWLEDGE, STATUS and errors stay on the caller's interface.
      return;
  }
}

/** An indication of a called half (a leg). */
export function fromLeg(f: CallFabric, call: SwitchCall, leg: Leg, ind: Indication, override?: number): void {
  switch (ind.name) {
    case "alerting.indication":
      if (call.phase !== "proceeding" || call.root.clearing) return;
      call.phase = "alerting";
      f.request(call.root, { name: "alerting.request" });
      return;
    case "setup.confirm":
      connected(f, call, leg, ind.ies);
      return;
    case "release.indication":
      legLost(f, call, leg, override ?? firstCause(ind.cause));
      return;
    case "release.confirm":
      legLost(f, call, leg, override ?? firstCause(ind.cause));
      f.released(call, leg);
      return;
    case "add-party.confirm":
    case "add-party-reject.indication":
    case "drop-party.indication":
    case "drop-party.confirm":
      legPartyIndication(f, call, leg, ind);
      return;
    case "modify.indication":
    case "modify.confirm":
    case "modify-reject.indication":
    case "connection-available.indication":
      modifyIndication(f, call, leg, ind);
      return;
    default:
      // CALL PROCEEDING from the called user needs nothing: the caller had its CALL PROCEEDING.
      return;
  }
}

/**
 * CONNECT from a called user (call control already acknowledged it): CONNECT to the caller, with the
 * called side's AAL and BLLI choices, for the first leg; ADD PARTY ACKNOWLEDGE for a later leg of a
 * point-to-multipoint call.
 */
function connected(f: CallFabric, call: SwitchCall, leg: Leg, ies: ConnectIes): void {
  leg.connected = true;
  if (call.root.clearing) return;
  const links = call.parties.filter((p) => p.leg === leg);
  for (const link of links) link.state = "active";
  if (call.phase === "active") {
    for (const link of links) {
      const answered = f.request(call.root, { name: "add-party.response", party: link.root });
      if (!answered.ok) rootPartyIndication(f, call, link.root, Cause.TEMPORARY_FAILURE);
    }
    return;
  }
  const answer = f.request(call.root, {
    name: "setup.response",
    ies: {
      ...(ies.aal === undefined ? {} : { aal: ies.aal }),
      ...(ies.blli === undefined ? {} : { blli: ies.blli }),
    },
  });
  if (!answer.ok) {
    f.releaseRoot(call, Cause.TEMPORARY_FAILURE);
    return;
  }
  call.phase = "active";
  f.emit({ kind: "callConnected", call: call.id });
}
