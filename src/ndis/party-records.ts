import type { NDIS_HANDLE, NdisHandle } from "./handle.ts";
import type { Host } from "./host.ts";
import type { PartyRecord, PartyState, VcRecord } from "./objects.ts";

/** @internal A new party of a VC's call (state Adding), with its handle. */
export function newParty(host: Host, vc: VcRecord, ProtocolPartyContext: NDIS_HANDLE): PartyRecord {
  const party: PartyRecord = {
    id: host.nextId(),
    handle: undefined as unknown as NdisHandle<"Party">,
    vc,
    ProtocolPartyContext,
    CallMgrPartyContext: undefined,
    state: "Adding",
    request: undefined,
    clientDropped: false,
  };
  (party as { handle: NdisHandle<"Party"> }).handle = host.issue("Party", party);
  vc.call.parties.add(party);
  host.emit({ type: "state", object: `Party ${party.id}`, from: "None", to: "Adding" });
  return party;
}

/** @internal Records a party's state change. */
export function setPartyState(host: Host, party: PartyRecord, to: PartyState): void {
  host.emit({ type: "state", object: `Party ${party.id}`, from: party.state, to });
  party.state = to;
}

/** @internal Frees a party: its handle never resolves again. */
export function freeParty(host: Host, party: PartyRecord): void {
  host.emit({ type: "state", object: `Party ${party.id}`, from: party.state, to: "Dropped" });
  party.vc.call.parties.delete(party);
  host.revoke(party.handle);
}
