/**
 * Point-to-multipoint calls for the reference clients: a make-call with a party context roots a
 * point-to-multipoint call, NdisClAddParty adds leaves, NdisClDropParty drops them (also when the
 * network dropped one: the client must), and a close first drops every party but the last, then
 * closes with that one, as NdisClCloseCall requires.
 */
import {
  type CO_CALL_PARAMETERS,
  type NDIS_STATUS,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClAddParty,
  NdisClDropParty,
  type NdisHandle,
} from "../../ndis/index.ts";
import type { CallClient, ClientCall, PartyHandlers } from "./call-client.ts";

/** A party of a point-to-multipoint call the client roots (its ProtocolPartyContext). */
export interface ClientParty {
  readonly id: number;
  readonly call: ClientCall;
  handle: NdisHandle<"Party"> | null;
  /** adding: make-call or add pending; dropping: NdisClDropParty made; dropped / failed: gone. */
  state: "adding" | "active" | "dropping" | "dropped" | "failed";
  status: NDIS_STATUS | undefined;
  /** Dropped because the network dropped it (an incoming drop). */
  droppedByNetwork: boolean;
  readonly tag: unknown;
}

/** What the owner hears of parties. */
export interface PartyListener {
  /** A party joined (or failed to). */
  onPartyAdded?(party: ClientParty): void;
  /** A party left. */
  onPartyDropped?(party: ClientParty): void;
}

/**
 * The point-to-multipoint part of a client, over its call part. The owner routes its call policy's
 * onConnected, onClosed, closingParty and partyHandlers here ({@link connected}, {@link closed},
 * {@link closingParty}, {@link handlers}).
 */
export class MultipointCalls {
  private readonly partiesOf = new Map<ClientCall, ClientParty[]>();
  private nextPartyId = 1;
  private readonly calls: CallClient;
  private readonly listener: PartyListener;

  constructor(calls: CallClient, listener: PartyListener = {}) {
    this.calls = calls;
    this.listener = listener;
  }

  /** The parties of a call, in the order they were added. */
  parties(call: ClientCall): readonly ClientParty[] {
    return this.partiesOf.get(call) ?? [];
  }

  /** Makes a point-to-multipoint call; its first party is the called party of `params`. */
  makeMultipointCall(params: CO_CALL_PARAMETERS, tag?: unknown, partyTag?: unknown): ClientCall | undefined {
    let first: ClientParty | undefined;
    const call = this.calls.makeCall(params, tag, (c) => {
      first = this.newParty(c, partyTag);
      return first;
    });
    if (call !== undefined && first !== undefined && first.state === "adding")
      first.handle = call.partyHandle;
    return call;
  }

  /** NdisClAddParty on a connected point-to-multipoint call. */
  addParty(call: ClientCall, params: CO_CALL_PARAMETERS, tag?: unknown): ClientParty | undefined {
    if (call.handle === null || call.state !== "connected" || !this.partiesOf.has(call)) return undefined;
    const party = this.newParty(call, tag);
    const r = NdisClAddParty(call.handle, party, params);
    party.handle = r.NdisPartyHandle;
    if (r.status !== NDIS_STATUS_PENDING) this.partyAdded(party, r.status, r.NdisPartyHandle);
    return party;
  }

  /** NdisClDropParty (not for the call's last party: close the call instead). */
  dropParty(party: ClientParty): void {
    if (party.state !== "active" || party.handle === null) return;
    // The last party leaves with the call (NdisClCloseCall), never with NdisClDropParty.
    if (!this.parties(party.call).some((p) => p !== party && p.state === "active")) return;
    party.state = "dropping";
    const status = NdisClDropParty(party.handle, null, 0);
    if (status !== NDIS_STATUS_PENDING) this.partyDropped(party, status);
  }

  /** The call is up: its first party with it. */
  connected(call: ClientCall): void {
    this.partyConnected(call);
  }

  /** The call is over: its parties with it. */
  closed(call: ClientCall): void {
    for (const party of this.partiesOf.get(call) ?? []) {
      if (party.state === "active" || party.state === "adding") party.state = "dropped";
    }
    this.partiesOf.delete(call);
  }

  /** The party the close names: the last, once every other is dropped (undefined until then). */
  closingParty(call: ClientCall): NdisHandle<"Party"> | null | undefined {
    const parties = this.partiesOf.get(call);
    if (parties === undefined) return null;
    const active = parties.filter((p) => p.state === "active");
    // Every party but one goes first; the close names the last.
    for (const party of active.slice(1)) this.dropParty(party);
    if (parties.some((p) => p.state === "dropping" || p.state === "adding")) return undefined;
    return active[0]?.handle ?? call.partyHandle;
  }

  /** The party entries of the characteristics. */
  handlers(): PartyHandlers {
    return {
      ClAddPartyCompleteHandler: (status, ctx, handle) => this.partyAdded(ctx as ClientParty, status, handle),
      ClDropPartyCompleteHandler: (status, ctx) => this.partyDropped(ctx as ClientParty, status),
      ClIncomingDropPartyHandler: (_status, ctx) => {
        // The network dropped the leaf: the client must drop its party.
        const party = ctx as ClientParty;
        party.droppedByNetwork = true;
        this.dropParty(party);
      },
    };
  }

  private newParty(call: ClientCall, tag: unknown): ClientParty {
    const party: ClientParty = {
      id: this.nextPartyId++,
      call,
      handle: null,
      state: "adding",
      status: undefined,
      droppedByNetwork: false,
      tag,
    };
    const list = this.partiesOf.get(call) ?? [];
    list.push(party);
    this.partiesOf.set(call, list);
    return party;
  }

  /** The make-call completed: its first party is up with the call. */
  private partyConnected(call: ClientCall): void {
    const first = this.partiesOf.get(call)?.[0];
    if (first === undefined || first.state !== "adding" || call.state !== "connected") return;
    first.handle = call.partyHandle ?? first.handle;
    first.state = "active";
    first.status = NDIS_STATUS_SUCCESS;
    this.listener.onPartyAdded?.(first);
  }

  private partyAdded(party: ClientParty, status: NDIS_STATUS, handle: NdisHandle<"Party"> | null): void {
    if (party.state !== "adding") return;
    party.status = status;
    party.state = status === NDIS_STATUS_SUCCESS ? "active" : "failed";
    party.handle = status === NDIS_STATUS_SUCCESS ? handle : null;
    this.listener.onPartyAdded?.(party);
    if (party.call.closeWanted) this.calls.closeIfDrained(party.call);
  }

  private partyDropped(party: ClientParty, status: NDIS_STATUS): void {
    if (party.state !== "dropping") return;
    party.status = status;
    party.state = status === NDIS_STATUS_SUCCESS ? "dropped" : "active";
    if (party.state === "dropped") party.handle = null;
    this.listener.onPartyDropped?.(party);
    if (party.call.closeWanted) this.calls.closeIfDrained(party.call);
  }
}
