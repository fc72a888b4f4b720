import {
  AtmfStatus,
  decodeIlmiMessage,
  encodeIlmiMessage,
  getResponseTo,
  ILMI_VCI,
  ILMI_VPI,
  type IlmiTiming,
  initialNetworkIme,
  type NetworkImeEffect,
  type NetworkImeInput,
  type NetworkImeState,
  parseAddressStatusOid,
  SnmpErrorStatus,
  type SnmpMessage,
  type SnmpRequestPdu,
  stepNetworkIme,
} from "../signaling/ilmi/index.ts";
import { MachineTimers } from "../signaling/machine-timers.ts";
import { hex } from "../util/hex.ts";
import type { AgentDeregistrationReason, PrefixOutcome, RefusalKind } from "./agent-events.ts";
import type { PrefixState } from "./agent-view.ts";
import type { PortComponent, PortContext } from "./port-component.ts";

/** A SetRequest the registry refuses before the IME sees it. */
interface Refusal {
  readonly refusal: RefusalKind;
  readonly address: Uint8Array;
  readonly owner: number;
  readonly errorStatus: SnmpErrorStatus;
  /** 1-based index of the offending VarBind. */
  readonly errorIndex: number;
}

/**
 * The ILMI agent of one port (VPI 0 / VCI 16): runs the network-side IME, its timers on the port's
 * runner through `MachineTimers` (as the UNI call manager runs the user-side IME's), decodes
 * strictly (an undecodable frame is counted and dropped), keeps the agent's registry in step with the
 * IME's atmfAddressTable, and refuses SetRequests that touch another port's address.
 */
export class IlmiPort implements PortComponent {
  readonly vpi = ILMI_VPI;
  readonly vci = ILMI_VCI;
  private ime: NetworkImeState;
  private readonly timers: MachineTimers;
  private running = false;
  private readonly ctx: PortContext;
  private readonly timing: Partial<IlmiTiming> | undefined;
  private readonly maxAddresses: number;

  constructor(
    ctx: PortContext,
    timing: Partial<IlmiTiming> | undefined,
    maxAddresses = Number.POSITIVE_INFINITY,
  ) {
    this.ctx = ctx;
    this.timing = timing;
    this.maxAddresses = maxAddresses;
    this.timers = new MachineTimers(ctx.runner, ctx.agentName);
    this.ime = this.fresh(1);
  }

  /** Addresses in this port's atmfAddressTable, sorted, lower-case hex. */
  addresses(): string[] {
    return [...this.ime.addresses.values()].map(hex).sort();
  }

  /** Where the offer of the port's prefix stands. */
  prefixState(): PrefixState {
    if (!this.running) return "idle";
    const ours = hex(this.ctx.prefix);
    const record = [...this.ime.prefixes.values()].find((r) => hex(r.prefix) === ours);
    return record === undefined ? "rejected" : record.phase;
  }

  start(): void {
    this.running = true;
    this.step({ kind: "start", timeStamp: this.ctx.uptime() });
  }

  restart(): void {
    // The IME's own start drops every address with reason "restarted" and cold-starts the peer.
    this.start();
  }

  stop(): void {
    this.running = false;
    this.timers.stopAll();
    for (const address of this.ime.addresses.values()) this.deregistered(address, "linkLost");
    // Keep counting request-ids where the old IME stopped, so a late answer never matches a new request.
    this.ime = this.fresh(this.ime.requests.nextRequestId);
  }

  receive(payload: Uint8Array): void {
    const decoded = decodeIlmiMessage(payload);
    if (!decoded.ok) {
      this.ctx.counters.undecodable++;
      this.ctx.emit({
        kind: "undecodable",
        port: this.ctx.index,
        vpi: this.vpi,
        vci: this.vci,
        error: decoded.error,
      });
      return;
    }
    const message = decoded.value;
    if (message.pdu.type === "setRequest") {
      const refusal = this.screen(message.pdu);
      if (refusal !== undefined) {
        this.refuse(message.pdu, refusal);
        return;
      }
    }
    this.step({ kind: "receive", message });
  }

  private fresh(firstRequestId: number): NetworkImeState {
    return initialNetworkIme({
      prefixes: [this.ctx.prefix],
      firstRequestId,
      ...(this.timing === undefined ? {} : { timing: this.timing }),
    });
  }

  /**
   * The registry's rule, checked before the IME's own (which only knows its port): a VarBind naming an
   * address that another port registered is refused, and the owner's registration is untouched.
   * invalid(2) gets noSuchName: from this UNI's MIB view that row does not exist (RFC 1157 §4.1.5,
   * "not available for set operations in the relevant MIB view"), while invalid(2) itself is a
   * well-formed value, so badValue would misname the fault; noSuchName also tells the forger nothing
   * about which port holds the address. valid(1) gets badValue, as the IME answers any address this
   * port cannot be reached at (ATM Forum ILMI 4.0 address registration).
   */
  private screen(pdu: SnmpRequestPdu): Refusal | undefined {
    return this.screenOwners(pdu) ?? this.screenQuota(pdu);
  }

  /**
   * The per-port quota: a SetRequest whose valid(1) VarBinds would take this port's table past
   * `maxAddresses` new entries is refused whole (SNMP sets are all-or-nothing) with genErr, the
   * SNMPv1 form of SNMPv2's resourceUnavailable (RFC 3584 §4.4), at the first VarBind over the
   * quota. Nothing is stored for it, so a flood from one port costs the agent no memory.
   */
  private screenQuota(pdu: SnmpRequestPdu): Refusal | undefined {
    let room = this.maxAddresses - this.ime.addresses.size;
    const seen = new Set<string>();
    for (const [i, vb] of pdu.varBinds.entries()) {
      if (vb.value.type !== "integer" || vb.value.value !== AtmfStatus.valid) continue;
      const index = parseAddressStatusOid(vb.name);
      if (index === undefined || index.port !== 0) continue;
      const key = hex(index.octets);
      if (this.ime.addresses.has(key) || seen.has(key)) continue;
      seen.add(key);
      if (--room < 0)
        return {
          refusal: "overQuota",
          address: index.octets,
          owner: this.ctx.index,
          errorStatus: SnmpErrorStatus.genErr,
          errorIndex: i + 1,
        };
    }
    return undefined;
  }

  private screenOwners(pdu: SnmpRequestPdu): Refusal | undefined {
    for (const [i, vb] of pdu.varBinds.entries()) {
      const index = parseAddressStatusOid(vb.name);
      if (index === undefined || index.port !== 0 || vb.value.type !== "integer") continue;
      const owner = this.ctx.registry.owner(index.octets);
      if (owner === undefined || owner === this.ctx.index) continue;
      const base = { address: index.octets, owner, errorIndex: i + 1 };
      if (vb.value.value === AtmfStatus.invalid) {
        return { ...base, refusal: "forgedDeregistration", errorStatus: SnmpErrorStatus.noSuchName };
      }
      if (vb.value.value === AtmfStatus.valid) {
        return { ...base, refusal: "duplicateRegistration", errorStatus: SnmpErrorStatus.badValue };
      }
    }
    return undefined;
  }

  private refuse(pdu: SnmpRequestPdu, r: Refusal): void {
    if (r.refusal === "forgedDeregistration") this.ctx.counters.refusedForgeries++;
    else if (r.refusal === "overQuota") this.ctx.counters.refusedOverQuota++;
    else this.ctx.counters.refusedDuplicates++;
    this.ctx.emit({
      kind: "refusal",
      port: this.ctx.index,
      address: hex(r.address),
      refusal: r.refusal,
      owner: r.owner,
      errorStatus: r.errorStatus,
    });
    this.send(getResponseTo(pdu, r.errorStatus, r.errorIndex));
  }

  private step(input: NetworkImeInput): void {
    const [next, effects] = stepNetworkIme(this.ime, input);
    this.ime = next;
    for (const effect of effects) this.perform(effect);
  }

  private perform(effect: NetworkImeEffect): void {
    const { ctx } = this;
    switch (effect.kind) {
      case "send":
        this.send(effect.message);
        return;
      case "startTimer": {
        const { requestId } = effect;
        this.timers.start(this.timerKey(effect.timer, requestId), effect.delay, () =>
          this.step({ kind: "responseTimeout", requestId }),
        );
        return;
      }
      case "stopTimer":
        this.timers.stop(this.timerKey(effect.timer, effect.requestId));
        return;
      case "addressRegistered":
        // The screen keeps other ports' addresses away from the IME, so this cannot collide.
        ctx.registry.add(effect.address, ctx.index);
        ctx.emit({ kind: "registration", port: ctx.index, address: hex(effect.address) });
        return;
      case "addressDeregistered":
        this.deregistered(effect.address, effect.reason);
        return;
      case "prefixRegistered":
        this.prefix(effect.prefix, "registered");
        return;
      case "prefixRejected":
        this.prefix(effect.prefix, "rejected");
        return;
      case "prefixTimedOut":
        this.prefix(effect.prefix, "timedOut");
        return;
      case "prefixWithdrawn":
        this.prefix(effect.prefix, "withdrawn");
        return;
      case "peerRestarted":
        ctx.emit({ kind: "peerRestarted", port: ctx.index });
        return;
      case "discarded":
        ctx.counters.discarded++;
        ctx.emit({ kind: "discarded", port: ctx.index, reason: effect.reason });
        return;
    }
  }

  /** The name of a request's response timer: its key in `MachineTimers` and, in traces, its label. */
  private timerKey(timer: string, requestId: number): string {
    return `${this.ctx.agentName} ${this.ctx.name}: ${timer} request ${requestId}`;
  }

  private deregistered(address: Uint8Array, reason: AgentDeregistrationReason): void {
    this.ctx.registry.remove(address, this.ctx.index);
    this.ctx.emit({ kind: "deregistration", port: this.ctx.index, address: hex(address), reason });
  }

  private prefix(prefix: Uint8Array, outcome: PrefixOutcome): void {
    this.ctx.emit({ kind: "prefix", port: this.ctx.index, prefix: hex(prefix), outcome });
  }

  private send(message: SnmpMessage): void {
    this.ctx.send(this.vpi, this.vci, encodeIlmiMessage(message));
  }
}
