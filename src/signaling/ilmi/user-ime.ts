import { addressSetRequest, coldStartTrap, getResponseTo, ILMI_COMMUNITY } from "./ilmi-message.ts";
import {
  AtmfStatus,
  ESI_LENGTH,
  formAddress,
  NET_PREFIX_LENGTH,
  netPrefixStatusOid,
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
import { answerRead, checkSet, type SetVerdict } from "./mib-view.ts";
import { GenericTrap, SnmpErrorStatus, type SnmpMessage, type VarBind } from "./snmp-types.ts";

/** An end system behind this UNI: its end-system identifier and selector. */
export interface EndSystem {
  readonly esi: Uint8Array;
  readonly sel: number;
}

/** Why an address stopped being registered. */
export type DeregistrationReason =
  /** Our SetRequest invalid(2) was answered noError. */
  | "confirmed"
  /** Our SetRequest invalid(2) was answered with an error; the address is dropped anyway. */
  | "refused"
  /** Our SetRequest invalid(2) went unanswered; the address is dropped anyway. */
  | "noResponse"
  /** The network withdrew the prefix the address was formed from. */
  | "prefixRemoved"
  /** The peer IME sent a coldStart trap: its tables are empty. */
  | "peerRestarted"
  /** This IME (re)started. */
  | "restarted";

/** What the user-side IME asks its runtime to do or reports to its owner (the call manager). */
export type UserImeEffect =
  | IlmiRequestEffect
  | { readonly kind: "prefixAdded"; readonly prefix: Uint8Array }
  | { readonly kind: "prefixRemoved"; readonly prefix: Uint8Array }
  | { readonly kind: "addressRegistered"; readonly address: Uint8Array }
  | {
      readonly kind: "addressRejected";
      readonly address: Uint8Array;
      readonly errorStatus: SnmpErrorStatus;
    }
  | { readonly kind: "addressTimedOut"; readonly address: Uint8Array }
  | {
      readonly kind: "addressDeregistered";
      readonly address: Uint8Array;
      readonly reason: DeregistrationReason;
    }
  | { readonly kind: "peerRestarted" }
  | { readonly kind: "discarded"; readonly reason: string };

/** Inputs of the user-side IME. */
export type UserImeInput =
  /** (Re)start: clear the tables and send a coldStart trap stamped `timeStamp` (TimeTicks). */
  | { readonly kind: "start"; readonly timeStamp: number }
  /** A decoded ILMI message from the network side. */
  | { readonly kind: "receive"; readonly message: SnmpMessage }
  /** The response timer of a request expired. */
  | { readonly kind: "responseTimeout"; readonly requestId: number }
  /** Register ESI+SEL under every valid prefix, now and as prefixes arrive. */
  | { readonly kind: "addEndSystem"; readonly endSystem: EndSystem }
  /** Deregister every address formed from ESI+SEL. */
  | { readonly kind: "removeEndSystem"; readonly endSystem: EndSystem };

interface AddressRecord {
  readonly address: Uint8Array;
  readonly prefixKey: string;
  readonly endSystemKey: string;
  readonly phase: "registering" | "registered";
  /** The SetRequest valid(1) still waiting for its answer. */
  readonly requestId: number | undefined;
}

interface AddressRequest {
  readonly address: Uint8Array;
  readonly status: AtmfStatus;
  /** For invalid(2): whether the address had been confirmed, so its owner hears of the removal. */
  readonly wasRegistered: boolean;
}

/** State of the user-side IME (the call manager's ILMI agent for one UNI). */
export interface UserImeState {
  readonly timing: IlmiTiming;
  /** The user's atmfNetPrefixTable: valid prefixes, by hex key. */
  readonly prefixes: ReadonlyMap<string, Uint8Array>;
  readonly endSystems: ReadonlyMap<string, EndSystem>;
  /** Addresses registered or being registered in the network's atmfAddressTable, by hex key. */
  readonly addresses: ReadonlyMap<string, AddressRecord>;
  readonly requests: RequestTable<AddressRequest>;
}

/** Options of a user-side IME. */
export interface UserImeInit {
  readonly endSystems?: readonly EndSystem[];
  readonly timing?: Partial<IlmiTiming>;
  readonly firstRequestId?: number;
}

/** A user-side IME with no prefixes yet; feed it `start`. */
export function initialUserIme(init: UserImeInit = {}): UserImeState {
  return {
    timing: { ...DEFAULT_ILMI_TIMING, ...init.timing },
    prefixes: new Map(),
    endSystems: new Map((init.endSystems ?? []).map((es) => [endSystemKey(es), es])),
    addresses: new Map(),
    requests: emptyRequestTable(init.firstRequestId),
  };
}

/** The registered (confirmed) addresses. */
export function registeredAddresses(state: UserImeState): Uint8Array[] {
  return [...state.addresses.values()].filter((r) => r.phase === "registered").map((r) => r.address);
}

/**
 * The user-side registration machine (wire-reference §5.3): accepts the network's prefixes in its
 * atmfNetPrefixTable, registers prefix ‖ ESI ‖ SEL for every end system in the network's
 * atmfAddressTable, deregisters on request, and starts over when either side cold-starts.
 * Pure: returns the next state and the effects to perform, in order.
 */
export function stepUserIme(state: UserImeState, input: UserImeInput): [UserImeState, UserImeEffect[]] {
  const d = new Draft(state);
  switch (input.kind) {
    case "start":
      d.reset("restarted");
      d.effects.push({ kind: "send", message: coldStartTrap(input.timeStamp) });
      break;
    case "receive":
      d.receive(input.message);
      break;
    case "responseTimeout":
      d.timeout(input.requestId);
      break;
    case "addEndSystem": {
      const key = endSystemKey(input.endSystem);
      if (d.endSystems.has(key)) break;
      d.endSystems.set(key, input.endSystem);
      for (const [prefixKey, prefix] of d.prefixes) d.register(prefixKey, prefix, key, input.endSystem);
      break;
    }
    case "removeEndSystem": {
      const key = endSystemKey(input.endSystem);
      if (!d.endSystems.delete(key)) break;
      for (const record of [...d.addresses.values()]) if (record.endSystemKey === key) d.deregister(record);
      break;
    }
  }
  return [d.freeze(), d.effects];
}

/** Key of an end system; throws RangeError for a malformed one (a caller bug, caught at input time). */
function endSystemKey(es: EndSystem): string {
  if (es.esi.length !== ESI_LENGTH || !Number.isInteger(es.sel) || es.sel < 0 || es.sel > 0xff) {
    throw new RangeError("an end system is a 6-octet ESI and a one-octet SEL");
  }
  return `${octetsKey(es.esi)}/${es.sel}`;
}

/** Mutable working copy used inside one transition only. */
class Draft {
  readonly timing: IlmiTiming;
  readonly prefixes: Map<string, Uint8Array>;
  readonly endSystems: Map<string, EndSystem>;
  readonly addresses: Map<string, AddressRecord>;
  requests: RequestTable<AddressRequest>;
  readonly effects: UserImeEffect[] = [];

  constructor(state: UserImeState) {
    this.timing = state.timing;
    this.prefixes = new Map(state.prefixes);
    this.endSystems = new Map(state.endSystems);
    this.addresses = new Map(state.addresses);
    this.requests = state.requests;
  }

  freeze(): UserImeState {
    const { timing, prefixes, endSystems, addresses, requests } = this;
    return { timing, prefixes, endSystems, addresses, requests };
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
          this.reset("peerRestarted");
          this.effects.push({ kind: "peerRestarted" });
        } else {
          this.effects.push({ kind: "discarded", reason: `trap ${pdu.genericTrap} not used by ILMI` });
        }
        return;
      case "getRequest":
      case "getNextRequest":
        this.effects.push({ kind: "send", message: answerRead(pdu, this.readView()) });
        return;
      case "setRequest": {
        const checked = checkSet(pdu, prefixVerdict);
        if (!checked.ok) {
          this.effects.push({
            kind: "send",
            message: getResponseTo(pdu, checked.errorStatus, checked.errorIndex),
          });
          return;
        }
        this.effects.push({ kind: "send", message: getResponseTo(pdu) });
        for (const change of checked.changes) this.applyPrefix(change.prefix, change.status);
        return;
      }
      case "getResponse":
        this.response(message);
        return;
    }
  }

  private readView(): VarBind[] {
    return [...this.prefixes.values()].map((prefix) => ({
      name: netPrefixStatusOid(prefix),
      value: { type: "integer", value: AtmfStatus.valid },
    }));
  }

  private applyPrefix(prefix: Uint8Array, status: AtmfStatus): void {
    const key = octetsKey(prefix);
    if (status === AtmfStatus.valid) {
      if (this.prefixes.has(key)) return;
      this.prefixes.set(key, prefix);
      this.effects.push({ kind: "prefixAdded", prefix });
      for (const [esKey, es] of this.endSystems) this.register(key, prefix, esKey, es);
      return;
    }
    if (!this.prefixes.delete(key)) return;
    this.effects.push({ kind: "prefixRemoved", prefix });
    // The network stops routing to addresses under a withdrawn prefix: drop them here without messages.
    for (const record of [...this.addresses.values()])
      if (record.prefixKey === key) this.drop(record, "prefixRemoved");
  }

  register(prefixKey: string, prefix: Uint8Array, esKey: string, es: EndSystem): void {
    const address = formAddress(prefix, es.esi, es.sel);
    const key = octetsKey(address);
    if (this.addresses.has(key)) return;
    const step = issueRequest(
      this.requests,
      (id) => addressSetRequest(id, address, AtmfStatus.valid),
      { address, status: AtmfStatus.valid, wasRegistered: false },
      this.timing,
    );
    this.requests = step.table;
    this.effects.push(...step.effects);
    this.addresses.set(key, {
      address,
      prefixKey,
      endSystemKey: esKey,
      phase: "registering",
      requestId: step.request.requestId,
    });
  }

  /** Sends invalid(2) for an address and forgets it locally at once. */
  deregister(record: AddressRecord): void {
    this.stopPending(record);
    this.addresses.delete(octetsKey(record.address));
    const step = issueRequest(
      this.requests,
      (id) => addressSetRequest(id, record.address, AtmfStatus.invalid),
      { address: record.address, status: AtmfStatus.invalid, wasRegistered: record.phase === "registered" },
      this.timing,
    );
    this.requests = step.table;
    this.effects.push(...step.effects);
  }

  private drop(record: AddressRecord, reason: DeregistrationReason): void {
    this.stopPending(record);
    this.addresses.delete(octetsKey(record.address));
    if (record.phase === "registered")
      this.effects.push({ kind: "addressDeregistered", address: record.address, reason });
  }

  private stopPending(record: AddressRecord): void {
    const pending = record.requestId === undefined ? undefined : this.requests.pending.get(record.requestId);
    if (pending === undefined) return;
    const step = forget(this.requests, pending);
    this.requests = step.table;
    this.effects.push(...step.effects);
  }

  reset(reason: DeregistrationReason): void {
    for (const record of [...this.addresses.values()]) this.drop(record, reason);
    // Deregistrations still in flight end here too: their owners must still hear of them.
    for (const { context } of this.requests.pending.values()) {
      if (context.status === AtmfStatus.invalid && context.wasRegistered) {
        this.effects.push({ kind: "addressDeregistered", address: context.address, reason });
      }
    }
    const step = forgetAll(this.requests);
    this.requests = step.table;
    this.effects.push(...step.effects);
    for (const prefix of this.prefixes.values()) this.effects.push({ kind: "prefixRemoved", prefix });
    this.prefixes.clear();
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
   * A late noError to a registration we have since forgotten (a cold start or a withdrawn prefix came
   * in between) means the network may hold an address we no longer claim: set it invalid(2), unless
   * we hold it again or are already withdrawing it.
   */
  private withdrawStale(message: SnmpMessage): void {
    if (message.pdu.type !== "getResponse" || message.pdu.errorStatus !== SnmpErrorStatus.noError) return;
    for (const vb of message.pdu.varBinds) {
      const index = parseAddressStatusOid(vb.name);
      if (index === undefined || index.port !== 0) continue;
      if (vb.value.type !== "integer" || vb.value.value !== AtmfStatus.valid) continue;
      const address = index.octets;
      if (this.addresses.has(octetsKey(address)) || this.withdrawing(address)) continue;
      const step = issueRequest(
        this.requests,
        (id) => addressSetRequest(id, address, AtmfStatus.invalid),
        { address, status: AtmfStatus.invalid, wasRegistered: false },
        this.timing,
      );
      this.requests = step.table;
      this.effects.push(...step.effects);
    }
  }

  private withdrawing(address: Uint8Array): boolean {
    for (const { context } of this.requests.pending.values()) {
      if (context.status === AtmfStatus.invalid && sameOctets(context.address, address)) return true;
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
  private settle(request: PendingRequest<AddressRequest>, errorStatus: SnmpErrorStatus | undefined): void {
    const { address, status, wasRegistered } = request.context;
    if (status === AtmfStatus.invalid) {
      if (!wasRegistered) return;
      const reason = errorStatus === undefined ? "noResponse" : errorStatus === 0 ? "confirmed" : "refused";
      this.effects.push({ kind: "addressDeregistered", address, reason });
      return;
    }
    const key = octetsKey(address);
    const record = this.addresses.get(key);
    if (record === undefined || record.requestId !== request.requestId) return;
    if (errorStatus === SnmpErrorStatus.noError) {
      this.addresses.set(key, { ...record, phase: "registered", requestId: undefined });
      this.effects.push({ kind: "addressRegistered", address });
      return;
    }
    this.addresses.delete(key);
    this.effects.push(
      errorStatus === undefined
        ? { kind: "addressTimedOut", address }
        : { kind: "addressRejected", address, errorStatus },
    );
  }
}

/** Checks one VarBind of the network's SetRequest against the user's atmfNetPrefixTable. */
function prefixVerdict(vb: VarBind): SetVerdict<{ prefix: Uint8Array; status: AtmfStatus }> {
  const index = parseNetPrefixStatusOid(vb.name);
  if (index === undefined || index.port !== 0) return { ok: false, errorStatus: SnmpErrorStatus.noSuchName };
  const value = vb.value.type === "integer" ? vb.value.value : undefined;
  if (
    (value !== AtmfStatus.valid && value !== AtmfStatus.invalid) ||
    index.octets.length !== NET_PREFIX_LENGTH
  ) {
    // Only AESA (13-octet) prefixes are supported; native E.164 prefixes are refused as badValue.
    return { ok: false, errorStatus: SnmpErrorStatus.badValue };
  }
  return { ok: true, change: { prefix: index.octets, status: value } };
}
