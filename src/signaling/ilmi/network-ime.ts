import { prefixOf } from "../q2931/atm-address.ts";
import { coldStartTrap, getResponseTo, ILMI_COMMUNITY, netPrefixSetRequest } from "./ilmi-message.ts";
import {
  AESA_LENGTH,
  AtmfStatus,
  addressStatusOid,
  IlmiOid,
  NET_PREFIX_LENGTH,
  octetsKey,
  parseAddressStatusOid,
  parseNetPrefixStatusOid,
  sameOctets,
} from "./ilmi-mib.ts";
import {
  DEFAULT_ILMI_TIMING,
  emptyRequestTable,
  expireRequest,
  forget,
  forgetAll,
  type IlmiRequestEffect,
  type IlmiTiming,
  issueRequest,
  matchResponse,
  type PendingRequest,
  type RequestTable,
} from "./ilmi-requests.ts";
import { answerRead, checkSet, MibIndex, type SetVerdict } from "./mib-view.ts";
import { GenericTrap, SnmpErrorStatus, type SnmpMessage, type VarBind } from "./snmp-types.ts";

/** Why the network side stopped holding a user's address. */
export type AddressRemovalReason =
  /** The user set atmfAddressStatus invalid(2). */
  | "requested"
  /** The prefix it was formed from was withdrawn or refused. */
  | "prefixWithdrawn"
  /** The user IME sent a coldStart trap. */
  | "peerRestarted"
  /** This IME (re)started. */
  | "restarted";

/** How a prefix withdrawal ended. */
export type PrefixWithdrawalOutcome = "confirmed" | "refused" | "noResponse" | "peerRestarted";

/** What the network-side IME asks its runtime to do or reports to its owner (the agent's port). */
export type NetworkImeEffect =
  | IlmiRequestEffect
  | { readonly kind: "prefixRegistered"; readonly prefix: Uint8Array }
  | {
      readonly kind: "prefixRejected";
      readonly prefix: Uint8Array;
      readonly errorStatus: SnmpErrorStatus;
    }
  | { readonly kind: "prefixTimedOut"; readonly prefix: Uint8Array }
  | {
      readonly kind: "prefixWithdrawn";
      readonly prefix: Uint8Array;
      readonly outcome: PrefixWithdrawalOutcome;
    }
  | { readonly kind: "addressRegistered"; readonly address: Uint8Array }
  | {
      readonly kind: "addressDeregistered";
      readonly address: Uint8Array;
      readonly reason: AddressRemovalReason;
    }
  | { readonly kind: "peerRestarted" }
  | { readonly kind: "discarded"; readonly reason: string };

/** Inputs of the network-side IME. */
export type NetworkImeInput =
  /** (Re)start: clear the address table, send a coldStart trap, (re)register every prefix. */
  | { readonly kind: "start"; readonly timeStamp: number }
  /** A decoded ILMI message from the user side. */
  | { readonly kind: "receive"; readonly message: SnmpMessage }
  /** The response timer of a request expired. */
  | { readonly kind: "responseTimeout"; readonly requestId: number }
  /** Offer one more network prefix to the user. */
  | { readonly kind: "addPrefix"; readonly prefix: Uint8Array }
  /** Withdraw a prefix, and every address registered under it. */
  | { readonly kind: "removePrefix"; readonly prefix: Uint8Array };

interface PrefixRecord {
  readonly prefix: Uint8Array;
  /** "unconfirmed": the SetRequest went unanswered; addresses under it are still accepted. */
  readonly phase: "registering" | "registered" | "unconfirmed";
  readonly requestId: number | undefined;
}

interface PrefixRequest {
  readonly prefix: Uint8Array;
  readonly status: AtmfStatus;
}

/**
 * State of the network-side IME (the switch's ILMI agent for one port). Its tables are updated in
 * place by {@link stepNetworkIme}, so that a message costs the same with 10 or 100,000 addresses
 * registered: a state passed to a step is consumed, and only the state it returns is current (the
 * prefix table, a handful of entries, is still copied per step).
 */
export interface NetworkImeState {
  readonly timing: IlmiTiming;
  /** The prefixes this port offers, by hex key. */
  readonly prefixes: ReadonlyMap<string, PrefixRecord>;
  /** The network's atmfAddressTable for this port: registered addresses by hex key. */
  readonly addresses: ReadonlyMap<string, Uint8Array>;
  /** What Get and GetNext read (the admin status and each address's status), in OID order. */
  readonly view: MibIndex;
  readonly requests: RequestTable<PrefixRequest>;
}

const VALID = { type: "integer", value: AtmfStatus.valid } as const;

/** Options of a network-side IME. */
export interface NetworkImeInit {
  /** 13-octet AESA prefixes to offer on `start`. */
  readonly prefixes?: readonly Uint8Array[];
  readonly timing?: Partial<IlmiTiming>;
  readonly firstRequestId?: number;
}

/** A network-side IME with its configured prefixes, not yet started. */
export function initialNetworkIme(init: NetworkImeInit = {}): NetworkImeState {
  const prefixes = new Map<string, PrefixRecord>();
  for (const prefix of init.prefixes ?? []) {
    if (prefix.length !== NET_PREFIX_LENGTH) throw new RangeError("a network prefix is 13 octets");
    prefixes.set(octetsKey(prefix), { prefix, phase: "registering", requestId: undefined });
  }
  const view = new MibIndex();
  view.set({ name: IlmiOid.atmfAddressRegistrationAdminStatus, value: VALID });
  return {
    timing: { ...DEFAULT_ILMI_TIMING, ...init.timing },
    prefixes,
    addresses: new Map(),
    view,
    requests: emptyRequestTable(init.firstRequestId),
  };
}

/**
 * The network-side registration machine (ATM Forum ILMI 4.0 address registration): sets each prefix valid(1) in the
 * user's atmfNetPrefixTable, keeps the atmfAddressTable the user writes (accepting only addresses
 * under one of its prefixes), withdraws prefixes on request, and starts over on a coldStart trap.
 * Returns the next state and the effects to perform, in order; `state`'s tables are updated in
 * place (see {@link NetworkImeState}).
 */
export function stepNetworkIme(
  state: NetworkImeState,
  input: NetworkImeInput,
): [NetworkImeState, NetworkImeEffect[]] {
  const d = new Draft(state);
  switch (input.kind) {
    case "start":
      d.reset("restarted");
      d.effects.push({ kind: "send", message: coldStartTrap(input.timeStamp) });
      d.offerAll();
      break;
    case "receive":
      d.receive(input.message);
      break;
    case "responseTimeout":
      d.timeout(input.requestId);
      break;
    case "addPrefix": {
      if (input.prefix.length !== NET_PREFIX_LENGTH) throw new RangeError("a network prefix is 13 octets");
      const key = octetsKey(input.prefix);
      if (d.prefixes.has(key)) break;
      d.offer(input.prefix);
      break;
    }
    case "removePrefix":
      d.withdraw(input.prefix);
      break;
  }
  return [d.freeze(), d.effects];
}

/** One transition's working state: the state's own tables, updated in place, and the effects. */
class Draft {
  readonly timing: IlmiTiming;
  readonly prefixes: Map<string, PrefixRecord>;
  readonly addresses: Map<string, Uint8Array>;
  readonly view: MibIndex;
  requests: RequestTable<PrefixRequest>;
  readonly effects: NetworkImeEffect[] = [];

  constructor(state: NetworkImeState) {
    this.timing = state.timing;
    // The prefixes are few, and copied; the address table and its view, which grow with the
    // registrations, are the state's own (see NetworkImeState).
    this.prefixes = new Map(state.prefixes);
    this.addresses = state.addresses as Map<string, Uint8Array>;
    this.view = state.view;
    this.requests = state.requests;
  }

  freeze(): NetworkImeState {
    const { timing, prefixes, addresses, view, requests } = this;
    return { timing, prefixes, addresses, view, requests };
  }

  offerAll(): void {
    for (const record of [...this.prefixes.values()]) this.offer(record.prefix);
  }

  offer(prefix: Uint8Array): void {
    const step = issueRequest(
      this.requests,
      (id) => netPrefixSetRequest(id, prefix, AtmfStatus.valid),
      { prefix, status: AtmfStatus.valid },
      this.timing,
    );
    this.requests = step.table;
    this.effects.push(...step.effects);
    this.prefixes.set(octetsKey(prefix), { prefix, phase: "registering", requestId: step.request.requestId });
  }

  withdraw(prefix: Uint8Array): void {
    const key = octetsKey(prefix);
    const record = this.prefixes.get(key);
    if (record === undefined) return;
    this.removePrefix(record);
    const step = issueRequest(
      this.requests,
      (id) => netPrefixSetRequest(id, record.prefix, AtmfStatus.invalid),
      { prefix: record.prefix, status: AtmfStatus.invalid },
      this.timing,
    );
    this.requests = step.table;
    this.effects.push(...step.effects);
  }

  /** Forgets a prefix locally, with its pending offer and every address under it. */
  private removePrefix(record: PrefixRecord): void {
    const key = octetsKey(record.prefix);
    this.prefixes.delete(key);
    const pending = record.requestId === undefined ? undefined : this.requests.pending.get(record.requestId);
    if (pending !== undefined) {
      const step = forget(this.requests, pending);
      this.requests = step.table;
      this.effects.push(...step.effects);
    }
    for (const [addressKey, address] of [...this.addresses]) {
      if (addressKey.startsWith(key)) this.dropAddress(addressKey, address, "prefixWithdrawn");
    }
  }

  private dropAddress(key: string, address: Uint8Array, reason: AddressRemovalReason): void {
    this.addresses.delete(key);
    this.view.delete(addressStatusOid(address));
    this.effects.push({ kind: "addressDeregistered", address, reason });
  }

  reset(reason: AddressRemovalReason): void {
    for (const [key, address] of [...this.addresses]) this.dropAddress(key, address, reason);
    for (const { context } of this.requests.pending.values()) {
      if (context.status === AtmfStatus.invalid) {
        this.effects.push({ kind: "prefixWithdrawn", prefix: context.prefix, outcome: "peerRestarted" });
      }
    }
    const step = forgetAll(this.requests);
    this.requests = step.table;
    this.effects.push(...step.effects);
  }

  receive(message: SnmpMessage): void {
    if (!sameOctets(message.community, ILMI_COMMUNITY)) {
      this.effects.push({ kind: "discarded", reason: 'community is not "ILMI"' });
      return;
    }
    const pdu = message.pdu;
    switch (pdu.type) {
      case "trap":
        if (pdu.genericTrap === GenericTrap.coldStart) {
          // The user's tables are empty now: its addresses are gone, and our prefixes must be offered again.
          this.reset("peerRestarted");
          this.effects.push({ kind: "peerRestarted" });
          this.offerAll();
        } else {
          this.effects.push({ kind: "discarded", reason: `trap ${pdu.genericTrap} not used by ILMI` });
        }
        return;
      case "getRequest":
      case "getNextRequest":
        this.effects.push({ kind: "send", message: answerRead(pdu, this.view) });
        return;
      case "setRequest": {
        const checked = checkSet(pdu, (vb) => this.addressVerdict(vb));
        if (!checked.ok) {
          this.effects.push({
            kind: "send",
            message: getResponseTo(pdu, checked.errorStatus, checked.errorIndex),
          });
          return;
        }
        this.effects.push({ kind: "send", message: getResponseTo(pdu) });
        for (const { address, status } of checked.changes) this.applyAddress(address, status);
        return;
      }
      case "getResponse":
        this.response(message);
        return;
    }
  }

  private addressVerdict(vb: VarBind): SetVerdict<{ address: Uint8Array; status: AtmfStatus }> {
    const index = parseAddressStatusOid(vb.name);
    if (index === undefined || index.port !== 0)
      return { ok: false, errorStatus: SnmpErrorStatus.noSuchName };
    const value = vb.value.type === "integer" ? vb.value.value : undefined;
    if (value === AtmfStatus.invalid) return { ok: true, change: { address: index.octets, status: value } };
    const underPrefix =
      index.octets.length === AESA_LENGTH && this.prefixes.has(octetsKey(prefixOf(index.octets)));
    // An address not formed from one of this port's prefixes cannot be reached through it: badValue.
    if (value !== AtmfStatus.valid || !underPrefix)
      return { ok: false, errorStatus: SnmpErrorStatus.badValue };
    return { ok: true, change: { address: index.octets, status: value } };
  }

  private applyAddress(address: Uint8Array, status: AtmfStatus): void {
    const key = octetsKey(address);
    if (status === AtmfStatus.valid) {
      if (this.addresses.has(key)) return;
      this.addresses.set(key, address);
      this.view.set({ name: addressStatusOid(address), value: VALID });
      this.effects.push({ kind: "addressRegistered", address });
    } else if (this.addresses.has(key)) {
      this.dropAddress(key, address, "requested");
    }
  }

  private response(message: SnmpMessage): void {
    const step = matchResponse(this.requests, message);
    if (step.request === undefined || message.pdu.type !== "getResponse") {
      this.effects.push({ kind: "discarded", reason: "GetResponse matches no outstanding request" });
      this.withdrawStale(message);
      return;
    }
    this.requests = step.table;
    this.effects.push(...step.effects);
    this.settle(step.request, message.pdu.errorStatus);
  }

  /**
   * A late noError to a prefix offer we have since withdrawn (or given up on) means the user may hold a
   * prefix we no longer offer: set it invalid(2), unless we offer it again or are already withdrawing it.
   */
  private withdrawStale(message: SnmpMessage): void {
    if (message.pdu.type !== "getResponse" || message.pdu.errorStatus !== SnmpErrorStatus.noError) return;
    for (const vb of message.pdu.varBinds) {
      const index = parseNetPrefixStatusOid(vb.name);
      if (index === undefined || index.port !== 0 || index.octets.length !== NET_PREFIX_LENGTH) continue;
      if (vb.value.type !== "integer" || vb.value.value !== AtmfStatus.valid) continue;
      const prefix = index.octets;
      if (this.prefixes.has(octetsKey(prefix)) || this.withdrawing(prefix)) continue;
      const step = issueRequest(
        this.requests,
        (id) => netPrefixSetRequest(id, prefix, AtmfStatus.invalid),
        { prefix, status: AtmfStatus.invalid },
        this.timing,
      );
      this.requests = step.table;
      this.effects.push(...step.effects);
    }
  }

  private withdrawing(prefix: Uint8Array): boolean {
    for (const { context } of this.requests.pending.values()) {
      if (context.status === AtmfStatus.invalid && sameOctets(context.prefix, prefix)) return true;
    }
    return false;
  }

  timeout(requestId: number): void {
    const step = expireRequest(this.requests, requestId, this.timing);
    this.requests = step.table;
    this.effects.push(...step.effects);
    if (step.gaveUp && step.request !== undefined) this.settle(step.request, undefined);
  }

  /** Acts on the outcome of one request: an error-status, or undefined when it went unanswered. */
  private settle(request: PendingRequest<PrefixRequest>, errorStatus: SnmpErrorStatus | undefined): void {
    const { prefix, status } = request.context;
    if (status === AtmfStatus.invalid) {
      const outcome = errorStatus === undefined ? "noResponse" : errorStatus === 0 ? "confirmed" : "refused";
      this.effects.push({ kind: "prefixWithdrawn", prefix, outcome });
      return;
    }
    const key = octetsKey(prefix);
    const record = this.prefixes.get(key);
    if (record === undefined || record.requestId !== request.requestId) return;
    if (errorStatus === SnmpErrorStatus.noError) {
      this.prefixes.set(key, { prefix, phase: "registered", requestId: undefined });
      this.effects.push({ kind: "prefixRegistered", prefix });
    } else if (errorStatus === undefined) {
      this.prefixes.set(key, { prefix, phase: "unconfirmed", requestId: undefined });
      this.effects.push({ kind: "prefixTimedOut", prefix });
    } else {
      this.removePrefix({ ...record, requestId: undefined });
      this.effects.push({ kind: "prefixRejected", prefix, errorStatus });
    }
  }
}
