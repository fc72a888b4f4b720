/**
 * The working copy of the user-side IME inside one transition (user-ime.ts): prefixes, the
 * addresses formed from them and their requests, and the restarts of the recovery. The end
 * systems' lifecycle is in user-end-systems.ts, the walk of the network's table in user-walk.ts.
 */
import { addressSetRequest, coldStartTrap, getResponseTo, ILMI_COMMUNITY } from "./ilmi-message.ts";
import {
  AtmfStatus,
  formAddress,
  NET_PREFIX_LENGTH,
  netPrefixStatusOid,
  octetsKey,
  parseAddressStatusOid,
  parseNetPrefixStatusOid,
  sameOctets,
} from "./ilmi-mib.ts";
import {
  expireRequest,
  forget,
  forgetAll,
  type IlmiTiming,
  issueRequest,
  matchResponse,
  type PendingRequest,
  type RequestTable,
} from "./ilmi-requests.ts";
import { answerRead, checkSet, type SetVerdict } from "./mib-view.ts";
import { GenericTrap, SnmpErrorStatus, type SnmpMessage, type VarBind } from "./snmp-types.ts";
import { endAdding, failEndSystem, settleRemovals } from "./user-end-systems.ts";
import {
  type AddressRecord,
  type AddressRequest,
  type DeregistrationReason,
  type EndSystem,
  FIRST_POLL_ID,
  ILMI_VERIFY_TIMER,
  type Removal,
  type UserDraft,
  type UserImeEffect,
  type UserImeRecovery,
  type UserImeState,
  type UserTimer,
  type WalkState,
} from "./user-types.ts";
import { startWalk, walkResponse, walkTimer } from "./user-walk.ts";

const NO_ADDRESSES: ReadonlySet<string> = new Set();

/**
 * One transition's working state: the state's own tables, updated in place (the state is consumed,
 * see UserImeState), and the effects. Every step checks its input before it changes anything.
 */
export class Draft implements UserDraft {
  readonly timing: IlmiTiming;
  readonly prefixes: Map<string, Uint8Array>;
  readonly endSystems: Map<string, EndSystem>;
  readonly addresses: Map<string, AddressRecord>;
  readonly addressesByEndSystem: Map<string, Set<string>>;
  requests: RequestTable<AddressRequest>;
  readonly adding: Map<string, number | undefined>;
  readonly removals: Map<string, Removal>;
  readonly recovery: UserImeRecovery | undefined;
  linkUp: boolean;
  walk: WalkState | undefined;
  restarts: number;
  nextTimerId: number;
  readonly effects: UserImeEffect[] = [];

  constructor(state: UserImeState) {
    this.timing = state.timing;
    // The state's own tables (a copy per step would cost as much as the tables are large).
    this.prefixes = state.prefixes as Map<string, Uint8Array>;
    this.endSystems = state.endSystems as Map<string, EndSystem>;
    this.addresses = state.addresses as Map<string, AddressRecord>;
    this.addressesByEndSystem = state.addressesByEndSystem as Map<string, Set<string>>;
    this.requests = state.requests;
    this.adding = state.adding as Map<string, number | undefined>;
    this.removals = state.removals as Map<string, Removal>;
    this.recovery = state.recovery;
    this.linkUp = state.linkUp;
    this.walk = state.walk;
    this.restarts = state.restarts;
    this.nextTimerId = state.nextTimerId;
  }

  freeze(): UserImeState {
    const { timing, prefixes, endSystems, addresses, addressesByEndSystem, requests, adding } = this;
    const { removals, recovery, linkUp, walk, restarts, nextTimerId } = this;
    return {
      timing,
      prefixes,
      endSystems,
      addresses,
      addressesByEndSystem,
      requests,
      adding,
      removals,
      recovery,
      linkUp,
      walk,
      restarts,
      nextTimerId,
    };
  }

  /** (Re)start: tables cleared (end systems kept), coldStart sent, the walk scheduled. */
  start(timeStamp: number, reason: DeregistrationReason): void {
    this.reset(reason);
    this.effects.push({ kind: "send", message: coldStartTrap(timeStamp) });
    startWalk(this);
  }

  /**
   * The recovery's restart. While the link is believed down it is only a probe: a coldStart trap,
   * lost if the link is really down; if the down report was stale, the network answers, and that
   * answer proves the link up ({@link receive}).
   */
  restart(timeStamp: number): void {
    if (!this.linkUp) {
      this.effects.push({ kind: "send", message: coldStartTrap(timeStamp) });
      startWalk(this);
      return;
    }
    this.restarts++;
    this.start(timeStamp, "restarted");
  }

  /** The link went down: the network dropped our addresses; probe for its return. */
  linkDown(): void {
    this.linkUp = false;
    this.reset("linkLost");
    startWalk(this);
  }

  receive(message: SnmpMessage, timeStamp: number): void {
    if (!sameOctets(message.community, ILMI_COMMUNITY)) {
      this.effects.push({ kind: "discarded", reason: 'community is not "ILMI"' });
      return;
    }
    if (!this.linkUp && this.recovery !== undefined) {
      // A frame from the network proves the link is up: a link-down report that arrived after the
      // link came back (the reports can overtake each other) must not stop ILMI for good.
      this.linkUp = true;
      startWalk(this);
    }
    const pdu = message.pdu;
    switch (pdu.type) {
      case "trap":
        if (pdu.genericTrap === GenericTrap.coldStart) {
          this.reset("peerRestarted");
          this.effects.push({ kind: "peerRestarted" });
          // The network restarted: check its table again once we have re-registered.
          startWalk(this);
        } else {
          this.effects.push({ kind: "discarded", reason: `trap ${pdu.genericTrap} not used by ILMI` });
        }
        return;
      case "getRequest":
      case "getNextRequest":
        this.effects.push({ kind: "send", message: answerRead(pdu, this.readView()) });
        return;
      case "setRequest": {
        // The network offers its prefix only when it (re)starts: our view of its table may be stale.
        if (this.walk === undefined) startWalk(this);
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
        if (this.recovery !== undefined && pdu.requestId >= FIRST_POLL_ID) {
          walkResponse(this, message, timeStamp);
          return;
        }
        this.response(message);
        return;
    }
  }

  timerExpired(timer: UserTimer, id: number, timeStamp: number): void {
    if (timer === ILMI_VERIFY_TIMER) {
      walkTimer(this, timeStamp);
      return;
    }
    for (const [key, deadline] of this.adding) {
      if (deadline !== id) continue;
      // The timer has fired: forget it without a stopTimer effect.
      this.adding.set(key, undefined);
      failEndSystem(this, key, "deadline", undefined);
      return;
    }
  }

  timeout(requestId: number, timeStamp: number): void {
    const step = expireRequest(this.requests, requestId, this.timing);
    this.requests = step.table;
    this.effects.push(...step.effects);
    if (!step.gaveUp || step.request === undefined) return;
    this.settle(step.request, undefined);
    // A request unanswered to the end: the network may have lost track of us (ilmid restarts here).
    if (this.recovery !== undefined) this.restart(timeStamp);
  }

  startTimer(timer: UserTimer, requestId: number, delay: bigint): void {
    this.effects.push({ kind: "startTimer", timer, requestId, delay });
  }

  stopTimer(timer: UserTimer, requestId: number): void {
    this.effects.push({ kind: "stopTimer", timer, requestId });
  }

  /** Drops every address (its owner hears of the registered ones) and prefix; end systems stay. */
  reset(reason: DeregistrationReason): void {
    // Deleting the entry being visited is safe in a Map's iteration.
    for (const record of this.addresses.values()) this.drop(record, reason);
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
    settleRemovals(this, reason);
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
    for (const record of this.addresses.values())
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
    this.setAddress(key, {
      address,
      prefixKey,
      endSystemKey: esKey,
      phase: "registering",
      requestId: step.request.requestId,
    });
  }

  /** The address keys of one end system's records (empty when it has none). */
  addressesOf(esKey: string): ReadonlySet<string> {
    return this.addressesByEndSystem.get(esKey) ?? NO_ADDRESSES;
  }

  /** Adds or replaces an address record, and indexes it under its end system. */
  private setAddress(key: string, record: AddressRecord): void {
    this.addresses.set(key, record);
    const keys = this.addressesByEndSystem.get(record.endSystemKey);
    if (keys === undefined) this.addressesByEndSystem.set(record.endSystemKey, new Set([key]));
    else keys.add(key);
  }

  /** Forgets an address record and its index entry. */
  private deleteAddress(key: string, record: AddressRecord): void {
    this.addresses.delete(key);
    const keys = this.addressesByEndSystem.get(record.endSystemKey);
    if (keys === undefined) return;
    keys.delete(key);
    if (keys.size === 0) this.addressesByEndSystem.delete(record.endSystemKey);
  }

  /** Sends invalid(2) for an address and forgets it locally at once. */
  deregister(record: AddressRecord, removing: string | undefined): void {
    this.stopPending(record);
    this.deleteAddress(octetsKey(record.address), record);
    const context: AddressRequest = {
      address: record.address,
      status: AtmfStatus.invalid,
      wasRegistered: record.phase === "registered",
      ...(removing === undefined ? {} : { endSystemKey: removing }),
    };
    const step = issueRequest(
      this.requests,
      (id) => addressSetRequest(id, record.address, AtmfStatus.invalid),
      context,
      this.timing,
    );
    this.requests = step.table;
    this.effects.push(...step.effects);
  }

  private drop(record: AddressRecord, reason: DeregistrationReason): void {
    this.stopPending(record);
    this.deleteAddress(octetsKey(record.address), record);
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

  /** Acts on the outcome of one request: an error-status, or undefined when it went unanswered. */
  private settle(request: PendingRequest<AddressRequest>, errorStatus: SnmpErrorStatus | undefined): void {
    const { address, status, wasRegistered } = request.context;
    if (status === AtmfStatus.invalid) {
      const reason = errorStatus === undefined ? "noResponse" : errorStatus === 0 ? "confirmed" : "refused";
      if (wasRegistered) this.effects.push({ kind: "addressDeregistered", address, reason });
      settleRemovals(this, reason);
      return;
    }
    const key = octetsKey(address);
    const record = this.addresses.get(key);
    if (record === undefined || record.requestId !== request.requestId) return;
    if (errorStatus === SnmpErrorStatus.noError) {
      this.setAddress(key, { ...record, phase: "registered", requestId: undefined });
      this.effects.push({ kind: "addressRegistered", address });
      const es = this.endSystems.get(record.endSystemKey);
      if (es !== undefined && this.adding.has(record.endSystemKey)) {
        endAdding(this, record.endSystemKey);
        this.effects.push({ kind: "endSystemRegistered", endSystem: es });
      }
      return;
    }
    this.deleteAddress(key, record);
    this.effects.push(
      errorStatus === undefined
        ? { kind: "addressTimedOut", address }
        : { kind: "addressRejected", address, errorStatus },
    );
    if (this.adding.has(record.endSystemKey))
      failEndSystem(
        this,
        record.endSystemKey,
        errorStatus === undefined ? "timedOut" : "rejected",
        errorStatus,
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
