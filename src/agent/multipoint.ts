/**
 * The parties of a point-to-multipoint call (Q.2971 as UNI 3.1 uses it). The root's SETUP made the
 * first leg; each ADD PARTY from the root is routed like a SETUP and becomes an ADD PARTY on the leg
 * to that port when one is active there, or a new leg (a point-to-multipoint SETUP) otherwise. A
 * leaf's answer comes back to the root as ADD PARTY ACKNOWLEDGE or ADD PARTY REJECT; a DROP PARTY on
 * either side drops the party on the other, and a leg that loses its last party is released.
 */
import type { CallIndication, CallRequest, PartyKey } from "../signaling/call-control/index.ts";
import { type AddPartyIes, Cause, type CauseIe, type SetupIes } from "../signaling/q2931/index.ts";
import type { CallFabric } from "./call-fabric.ts";
import type { Leg, PartyLink, SwitchCall } from "./switch-call.ts";

function samePartyKey(a: PartyKey, b: PartyKey): boolean {
  return a.value === b.value && a.mine === b.mine;
}

function unlink(call: SwitchCall, link: PartyLink): void {
  call.parties = call.parties.filter((p) => p !== link);
}

/** The root's answer to a party the leaf side lost: ADD PARTY REJECT while adding, DROP PARTY once active. */
function loseAtRoot(f: CallFabric, call: SwitchCall, link: PartyLink, cause: CauseIe | number): void {
  if (call.root.clearing) return;
  const request: CallRequest =
    link.state === "active"
      ? { name: "drop-party.request", party: link.root, cause }
      : { name: "add-party.reject", party: link.root, cause };
  f.request(call.root, request);
  // Call control clears the call instead when that was the root's last party.
  f.rootMaybeCleared(call, cause);
}

/** ADD PARTY from the root: routed, then offered on an active leg of that port or on a new leg. */
export function addParty(f: CallFabric, call: SwitchCall, party: PartyKey, ies: AddPartyIes): void {
  if (call.root.clearing) return;
  const port = call.root.port;
  const refuse = (cause: number, address: string, reason: string): void => {
    f.countRefusal(port);
    f.emit({ kind: "callRefused", port, address, cause, reason, party: party.value });
    f.request(call.root, { name: "add-party.reject", party, cause });
    f.rootMaybeCleared(call, cause);
  };
  const routed = f.route(ies.calledPartyNumber);
  if (!routed.ok) {
    refuse(routed.cause, routed.address, routed.reason);
    return;
  }
  if (call.phase !== "active") {
    refuse(Cause.TEMPORARY_FAILURE, routed.address, "ADD PARTY before the call is active");
    return;
  }
  const routedEvent = () =>
    f.emit({
      kind: "callRouted",
      call: call.id,
      from: port,
      to: routed.port,
      address: routed.address,
      party: party.value,
    });
  const existing = call.legs.find((l) => l.port === routed.port && l.connected && !l.clearing);
  if (existing !== undefined) {
    const { endpointReference: _root, ...rest } = ies;
    const made = f.request(existing, { name: "add-party.request", ies: rest });
    if (made.ok && made.party !== undefined) {
      call.parties.push({ root: party, leg: existing, legParty: made.party, state: "adding" });
      routedEvent();
      return;
    }
    refuse(Cause.TEMPORARY_FAILURE, routed.address, `port ${routed.port} refused the ADD PARTY`);
    return;
  }
  const leg = f.offer(call, routed.port, legSetup(call.setup, ies));
  if (leg === undefined) {
    refuse(
      Cause.TEMPORARY_FAILURE,
      routed.address,
      `port ${routed.port} refused the SETUP or has no free VC`,
    );
    return;
  }
  call.parties.push({ root: party, leg, legParty: { value: 0, mine: true }, state: "adding" });
  routedEvent();
}

/** The SETUP of a new leg: the root's connection, the new party's addresses and layer information. */
function legSetup(root: SetupIes, ies: AddPartyIes): SetupIes {
  const {
    calledPartySubaddress: _s,
    callingPartyNumber: _n,
    callingPartySubaddress: _cs,
    sendingComplete: _c,
    transitNetworkSelection: _t,
    ...base
  } = root;
  const withoutBlli = ies.blli === undefined ? base : (({ repeatIndicator: _r, ...b }) => b)(base);
  return {
    ...withoutBlli,
    calledPartyNumber: ies.calledPartyNumber,
    ...(ies.aal === undefined ? {} : { aal: ies.aal }),
    ...(ies.bhli === undefined ? {} : { bhli: ies.bhli }),
    ...(ies.blli === undefined ? {} : { blli: [ies.blli] }),
    ...(ies.calledPartySubaddress === undefined ? {} : { calledPartySubaddress: ies.calledPartySubaddress }),
    ...(ies.callingPartyNumber === undefined ? {} : { callingPartyNumber: ies.callingPartyNumber }),
    ...(ies.callingPartySubaddress === undefined
      ? {}
      : { callingPartySubaddress: ies.callingPartySubaddress }),
    ...(ies.sendingComplete === undefined ? {} : { sendingComplete: ies.sendingComplete }),
    ...(ies.transitNetworkSelection === undefined
      ? {}
      : { transitNetworkSelection: ies.transitNetworkSelection }),
  };
}

/** The root lost a party (DROP PARTY from the root, or our drop done): drop it on its leg. */
export function rootPartyIndication(
  f: CallFabric,
  call: SwitchCall,
  party: PartyKey,
  cause: CauseIe | number,
): void {
  const link = call.parties.find((p) => samePartyKey(p.root, party));
  if (link === undefined) return;
  unlink(call, link);
  const leg = link.leg;
  if (leg.clearing) return;
  if (!leg.connected || !call.parties.some((p) => p.leg === leg)) {
    f.releaseLeg(call, leg, cause);
    return;
  }
  const dropped = f.request(leg, { name: "drop-party.request", party: link.legParty, cause });
  if (!dropped.ok || f.cleared(leg)) f.releaseLeg(call, leg, cause);
}

/** A party event on a leg: the leaf accepted, rejected or dropped a party; the root hears of it. */
export function legPartyIndication(
  f: CallFabric,
  call: SwitchCall,
  leg: Leg,
  ind: Extract<
    CallIndication,
    {
      name:
        | "add-party.confirm"
        | "add-party-reject.indication"
        | "drop-party.indication"
        | "drop-party.confirm";
    }
  >,
): void {
  const link = call.parties.find((p) => p.leg === leg && samePartyKey(p.legParty, ind.party));
  if (link === undefined) return;
  if (ind.name === "add-party.confirm") {
    link.state = "active";
    if (call.root.clearing) return;
    const answered = f.request(call.root, { name: "add-party.response", party: link.root });
    if (!answered.ok) rootPartyIndication(f, call, link.root, Cause.TEMPORARY_FAILURE);
    return;
  }
  unlink(call, link);
  loseAtRoot(f, call, link, ind.cause ?? Cause.NORMAL_UNSPECIFIED);
}

/**
 * A leg is being cleared (RELEASE from its leaf, a timer, link loss) or is gone. A point-to-point call,
 * or a point-to-multipoint one not yet active, ends with it; otherwise each of its parties is dropped
 * (or rejected) at the root, which call control turns into RELEASE when it was the last.
 */
export function legLost(f: CallFabric, call: SwitchCall, leg: Leg, cause: CauseIe | number): void {
  const links = call.parties.filter((p) => p.leg === leg);
  call.parties = call.parties.filter((p) => p.leg !== leg);
  leg.clearing = true;
  if (call.root.clearing) return;
  if (!call.multipoint || call.phase !== "active") {
    f.releaseRoot(call, cause);
    return;
  }
  for (const link of links) loseAtRoot(f, call, link, cause);
}
