/**
 * Point-to-multipoint calls this side roots: the make-call's party is the SETUP's first endpoint
 * (endpoint reference 0); ProtocolCmAddParty becomes ADD PARTY, completed on ADD PARTY
 * ACKNOWLEDGE or REJECT; ProtocolCmDropParty becomes DROP PARTY, completed on its
 * acknowledgement; a leaf the network drops reaches the client as an incoming drop (the call's
 * last party leaves through an incoming close instead, as NDIS requires).
 */
import {
  type CO_CALL_PARAMETERS,
  type NDIS_STATUS,
  NDIS_STATUS_INVALID_ADDRESS,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  type NdisHandle,
} from "../../ndis/index.ts";
import type { CallIndication, PartyKey } from "../../signaling/call-control/index.ts";
import { Cause } from "../../signaling/q2931/index.ts";
import { atmCallParametersOf } from "./atm-call-parameters.ts";
import { setupFromParameters, statusFromCause } from "./call-mapping.ts";
import type { CallTable } from "./call-table.ts";
import type { UniCall, UniParty } from "./types.ts";

/** Clears a call on the network and tells the client with an incoming close (SUCCESS by default). */
export type ClearWithIncomingClose = (call: UniCall, cause: number, status?: NDIS_STATUS) => void;

const samePartyKey = (a: PartyKey | undefined, b: PartyKey): boolean =>
  a !== undefined && a.value === b.value && a.mine === b.mine;

/** The party indications of Q.2931 call control. */
type PartyIndication = Extract<
  CallIndication,
  {
    name:
      | "add-party.confirm"
      | "add-party-reject.indication"
      | "drop-party.indication"
      | "drop-party.confirm";
  }
>;

/** The party half of the call logic. */
export class PartyCalls {
  private readonly t: CallTable;
  /**
   * Clears the whole call on the network and tells the client with an incoming close (SUCCESS when
   * the remote side caused it, a failure when the call manager had to clear).
   */
  private readonly clearWithIncomingClose: ClearWithIncomingClose;

  constructor(table: CallTable, clearWithIncomingClose: ClearWithIncomingClose) {
    this.t = table;
    this.clearWithIncomingClose = clearWithIncomingClose;
  }

  /** The first party of a point-to-multipoint make-call: the SETUP's endpoint reference 0. */
  firstParty(call: UniCall, handle: NdisHandle<"Party">, params: CO_CALL_PARAMETERS): UniParty {
    const party: UniParty = {
      kind: "party",
      call,
      handle,
      key: { value: 0, mine: true },
      phase: "adding",
      params,
    };
    call.multipoint = true;
    call.parties = [party];
    return party;
  }

  /** ProtocolCmAddParty: ADD PARTY to the called party of the call parameters; PENDING until the answer. */
  addParty(
    call: UniCall,
    params: CO_CALL_PARAMETERS,
    handle: NdisHandle<"Party">,
  ): { status: NDIS_STATUS; CallMgrPartyContext?: UniParty } {
    const key = call.key;
    if (!call.multipoint || call.phase !== "connected" || key === undefined)
      return { status: NDIS_STATUS_NOT_ACCEPTED };
    const decoded = atmCallParametersOf(params);
    if (!decoded.ok) return { status: NDIS_STATUS_INVALID_DATA };
    const called = decoded.value.calledParty;
    if (called === undefined) return { status: NDIS_STATUS_INVALID_ADDRESS };
    const setup = setupFromParameters(decoded.value, params, called, true);
    const r = this.t.sig?.request(key, {
      name: "add-party.request",
      ies: {
        calledPartyNumber: setup.calledPartyNumber,
        ...(setup.aal === undefined ? {} : { aal: setup.aal }),
        ...(setup.bhli === undefined ? {} : { bhli: setup.bhli }),
        ...(setup.blli?.[0] === undefined ? {} : { blli: setup.blli[0] }),
      },
    });
    if (r?.ok !== true || r.party === undefined) return { status: NDIS_STATUS_RESOURCES };
    const party: UniParty = { kind: "party", call, handle, key: r.party, phase: "adding", params };
    call.parties.push(party);
    return { status: NDIS_STATUS_PENDING, CallMgrPartyContext: party };
  }

  /** ProtocolCmDropParty: DROP PARTY (unless the network dropped it already); PENDING until it is gone. */
  dropParty(party: UniParty): NDIS_STATUS {
    const call = party.call;
    const key = call.key;
    if (party.phase === "active" && party.key !== undefined && key !== undefined) {
      const r = this.t.sig?.request(key, {
        name: "drop-party.request",
        party: party.key,
        cause: Cause.NORMAL_CALL_CLEARING,
      });
      if (r?.ok === true) {
        party.phase = "dropping";
        return NDIS_STATUS_PENDING;
      }
    }
    // The network no longer has it: complete later, never inside the client's NdisClDropParty.
    party.phase = "dropping";
    party.key = undefined;
    this.t.defer(() => this.partyGone(party, NDIS_STATUS_SUCCESS));
    return NDIS_STATUS_PENDING;
  }

  /** A party indication of call control. */
  partyIndication(call: UniCall, ind: PartyIndication): void {
    const party = call.parties.find((p) => samePartyKey(p.key, ind.party));
    if (party === undefined) return;
    switch (ind.name) {
      case "add-party.confirm":
        if (party.phase !== "adding" || party === call.parties[0]) return;
        party.phase = "active";
        this.t.ddi.addPartyComplete(NDIS_STATUS_SUCCESS, party.handle, party, party.params);
        return;
      case "add-party-reject.indication":
        if (party.phase !== "adding") return;
        this.removeParty(party);
        this.t.ddi.addPartyComplete(statusFromCause(ind.cause.value), party.handle, null, party.params);
        return;
      case "drop-party.confirm":
        if (party.phase === "dropping") this.partyGone(party, NDIS_STATUS_SUCCESS);
        return;
      case "drop-party.indication":
        this.droppedByNetwork(call, party, ind.cause.value);
        return;
    }
  }

  /** The make-call completed: its first party is active, or every party is gone. */
  firstPartyDone(call: UniCall, ok: boolean): UniParty | undefined {
    const first = call.parties[0];
    if (first === undefined) return undefined;
    if (ok) first.phase = "active";
    else {
      for (const p of call.parties) p.phase = "gone";
      call.parties = [];
      call.multipoint = false;
    }
    return first;
  }

  /**
   * The network cleared the call: additions and drops still pending end now (an addition fails,
   * a drop succeeds), before the client hears of the clearing.
   */
  partiesLost(call: UniCall, cause: number | undefined): void {
    const first = call.parties[0];
    for (const party of [...call.parties]) {
      party.key = undefined;
      if (party.phase === "adding" && party !== first) {
        this.removeParty(party);
        this.t.ddi.addPartyComplete(statusFromCause(cause), party.handle, null, party.params);
      } else if (party.phase === "dropping") this.partyGone(party, NDIS_STATUS_SUCCESS);
    }
  }

  /** The call is over: its parties go with it (NDIS frees them with the close). */
  partiesCleared(call: UniCall): void {
    for (const p of call.parties) {
      p.phase = "gone";
      p.key = undefined;
    }
    call.parties = [];
    call.multipoint = false;
  }

  private droppedByNetwork(call: UniCall, party: UniParty, cause: number): void {
    party.key = undefined;
    if (party.phase === "dropping") {
      // Our DROP PARTY crossed the network's: the drop is done.
      this.partyGone(party, NDIS_STATUS_SUCCESS);
      return;
    }
    if (party.phase === "adding") {
      this.removeParty(party);
      this.t.ddi.addPartyComplete(statusFromCause(cause), party.handle, null, party.params);
      return;
    }
    const others = call.parties.filter((p) => p !== party && p.phase === "active");
    if (others.length === 0) {
      // NDIS never drops the last party: the call ends with an incoming close.
      this.clearWithIncomingClose(call, cause);
      return;
    }
    party.phase = "dropping";
    this.t.ddi.dispatchIncomingDropParty(NDIS_STATUS_SUCCESS, party.handle, null, 0);
  }

  private partyGone(party: UniParty, status: NDIS_STATUS): void {
    if (party.phase !== "dropping") return;
    this.removeParty(party);
    this.t.ddi.dropPartyComplete(status, party.handle);
  }

  private removeParty(party: UniParty): void {
    party.phase = "gone";
    party.key = undefined;
    party.call.parties = party.call.parties.filter((p) => p !== party);
  }
}
