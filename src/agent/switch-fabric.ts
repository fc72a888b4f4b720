import type { AtmFrame } from "../media/medium.ts";
import type {
  CallKey,
  CallRequest,
  RequestResult,
  RuntimeIndication,
} from "../signaling/call-control/index.ts";
import {
  Cause,
  type CauseIe,
  type ConnectionIdentifier,
  PreferredExclusive,
  type SetupIes,
  UserPlaneConfiguration,
} from "../signaling/q2931/index.ts";
import type { AgentEvent } from "./agent-events.ts";
import type { CallView, MutableCounters } from "./agent-view.ts";
import type { CallFabric } from "./call-fabric.ts";
import { fromLeg, fromRoot } from "./call-relay.ts";
import { type RoutablePort, type Route, route } from "./call-routing.ts";
import { highestPeakCellRate } from "./modify-relay.ts";
import type { AddressRegistry } from "./registry.ts";
import type { SignalingListener, SignalingPort } from "./signaling-port.ts";
import {
  callView,
  causeValue,
  connectionIdentifier,
  type Half,
  halfKey,
  type Leg,
  type SwitchCall,
  vcKey,
} from "./switch-call.ts";
import { CALL_VPI, type Vc, VcAllocator } from "./vc-allocator.ts";

/** What the fabric needs of a port of the agent. */
export interface FabricPort extends RoutablePort {
  readonly signaling: SignalingPort;
  /** The highest peak cell rate a call through the port may have (undefined: no limit). */
  readonly maxPeakCellRate: number | undefined;
  readonly counters: MutableCounters;
  /** Sends a frame on the port's link (counted there). */
  transmit(frame: AtmFrame): void;
}

/** A half and the call it belongs to. */
interface Entry {
  readonly call: SwitchCall;
  readonly half: Half;
}

/** Call states in which the agent's side of a half is clearing or gone (N11, N12, Null). */
const CLEARED_STATES: ReadonlySet<number> = new Set([0, 11, 12]);

/**
 * The switch: routes each SETUP a port's call control indicates to the port that registered the
 * called address and offers it there as a new call with its own VC, relays the rest of the call
 * between the two halves (ALERTING, CONNECT, RELEASE with its cause, the parties of a
 * point-to-multipoint call, and Q.2963.1 modifications), and switches the data frames of active
 * calls between their VCs.
 */
export class SwitchFabric implements SignalingListener, CallFabric {
  private ports: readonly FabricPort[] = [];
  private allocators: VcAllocator[] = [];
  private readonly registry: AddressRegistry;
  private readonly emitEvent: (event: AgentEvent) => void;
  private readonly calls = new Map<number, SwitchCall>();
  private readonly halves = new Map<string, Entry>();
  private readonly vcs = new Map<string, Entry>();
  private nextCallId = 1;

  constructor(registry: AddressRegistry, emit: (event: AgentEvent) => void) {
    this.registry = registry;
    this.emitEvent = emit;
  }

  /** Connects the fabric to the agent's ports (made after it, since their signalling reports here). */
  attach(ports: readonly FabricPort[]): void {
    this.ports = ports;
    this.allocators = ports.map(() => new VcAllocator());
  }

  /** Snapshots of the calls, by id. */
  view(): CallView[] {
    return [...this.calls.values()].map((c) =>
      callView(c, (h) => this.ports[h.port]?.signaling.callState(h.call) ?? 0),
    );
  }

  /** VCs that calls hold on a port. */
  vcsInUse(port: number): number {
    return this.allocators[port]?.size ?? 0;
  }

  /**
   * A frame on a VC of a call: switched to the other half's VC while the call is active (to every
   * leaf of a point-to-multipoint call; nothing flows back from a leaf). False when the frame belongs
   * to no active call, for the port to count as unclaimed.
   */
  relay(port: number, frame: AtmFrame): boolean {
    const entry = this.vcs.get(vcKey(port, frame.vpi, frame.vci));
    if (entry === undefined) return false;
    const { call, half } = entry;
    if (call.phase !== "active" || half.clearing) return false;
    const fromRoot = half === call.root;
    if (!fromRoot && call.multipoint) return false;
    const targets: Half[] = fromRoot ? call.legs.filter((l) => l.connected && !l.clearing) : [call.root];
    if (targets.length === 0 || targets.some((t) => t.clearing)) return false;
    for (const target of targets) {
      this.ports[target.port]?.transmit({ vpi: target.vc.vpi, vci: target.vc.vci, payload: frame.payload });
    }
    const count = fromRoot ? call.forward : call.backward;
    count.frames++;
    count.bytes += frame.payload.length;
    return true;
  }

  /** Agent restart: every call is forgotten at once (each port's RESTART clears the users' sides). */
  reset(): void {
    for (const call of this.calls.values()) this.finished(call, Cause.TEMPORARY_FAILURE);
    this.calls.clear();
    this.halves.clear();
    this.vcs.clear();
    for (const allocator of this.allocators) allocator.clear();
  }

  /** An indication of a port's call control: a new incoming call, or news about a half. */
  callIndication(port: number, call: CallKey, indication: RuntimeIndication["indication"]): void {
    const entry = this.halves.get(halfKey(port, call));
    if (entry === undefined) {
      if (indication.name === "setup.indication") this.incoming(port, call, indication.ies);
      return;
    }
    if (entry.half === entry.call.root) fromRoot(this, entry.call, indication);
    else fromLeg(this, entry.call, entry.half as Leg, indication);
  }

  /** The port's link is gone: its halves end, and the other halves are cleared with `cause`. */
  portStopped(port: number, cause: number): void {
    // Whatever call control did not clear itself ends now, as if the half had been released.
    for (const entry of [...this.halves.values()]) {
      if (entry.half.port !== port || entry.half.gone) continue;
      const causes: CauseIe[] = [{ location: 0, value: cause }];
      const bye: RuntimeIndication["indication"][] = [
        { name: "release.indication", cause: causes },
        { name: "release.confirm", cause: causes },
      ];
      for (const indication of bye) {
        if (entry.half === entry.call.root) fromRoot(this, entry.call, indication, cause);
        else fromLeg(this, entry.call, entry.half as Leg, indication, cause);
      }
    }
    this.allocators[port]?.clear();
  }

  // ---- used by call-relay.ts and multipoint.ts ----

  /** Routes a called party number among the ports. */
  route(number: SetupIes["calledPartyNumber"]): Route {
    return route(number, this.registry, this.ports);
  }

  /** A request on a half's call, as call control answered it. */
  request(half: Half, request: CallRequest): RequestResult {
    const signaling = this.ports[half.port]?.signaling;
    if (signaling === undefined) return { ok: false, reason: `no port ${half.port}` };
    return signaling.request(half.call, request);
  }

  /** True when the agent's side of the half is clearing or gone, whatever we believed. */
  cleared(half: Half): boolean {
    return half.gone || CLEARED_STATES.has(this.ports[half.port]?.signaling.callState(half.call) ?? 0);
  }

  /** Offers a new leg of `call` on `port` with a SETUP built from `ies`; undefined (VC freed) if refused. */
  offer(call: SwitchCall, port: number, ies: SetupIes): Leg | undefined {
    const vc = this.allocators[port]?.allocate();
    const signaling = this.ports[port]?.signaling;
    if (vc === undefined || signaling === undefined) return undefined;
    const { connectionIdentifier: _asked, endpointReference: _root, ...rest } = ies;
    const made = signaling.setup({
      ...rest,
      connectionIdentifier: connectionIdentifier(vc),
      ...(call.multipoint ? { endpointReference: { value: 0, flag: false } } : {}),
    });
    if (!made.ok || made.call === undefined) {
      this.allocators[port]?.release(vc);
      return undefined;
    }
    const leg: Leg = { port, call: made.call, vc, clearing: false, gone: false, connected: false };
    call.legs.push(leg);
    this.register(call, leg);
    return leg;
  }

  /** Clears the leg with RELEASE (if it is not clearing yet) and forgets its parties. */
  releaseLeg(call: SwitchCall, leg: Leg, cause: CauseIe | number): void {
    call.parties = call.parties.filter((p) => p.leg !== leg);
    if (leg.clearing) return;
    leg.clearing = true;
    this.request(leg, { name: "release.request", cause });
  }

  /** Clears the caller's half with RELEASE, and with it every leg. */
  releaseRoot(call: SwitchCall, cause: CauseIe | number): void {
    this.clearing(call, cause);
    if (!call.root.clearing) {
      call.root.clearing = true;
      this.request(call.root, { name: "release.request", cause });
    }
    for (const leg of [...call.legs]) this.releaseLeg(call, leg, cause);
  }

  /** After a party request on the root: if call control turned it into a RELEASE, the legs go too. */
  rootMaybeCleared(call: SwitchCall, cause: CauseIe | number): void {
    if (call.root.clearing || !this.cleared(call.root)) return;
    call.root.clearing = true;
    this.clearing(call, cause);
    for (const leg of [...call.legs]) this.releaseLeg(call, leg, cause);
  }

  /** Marks the call as clearing, remembering the first cause. */
  clearing(call: SwitchCall, cause: CauseIe | number): void {
    call.phase = "releasing";
    call.cause ??= causeValue(cause);
  }

  /** The highest peak cell rate a call through `port` may have (undefined: no limit). */
  maxPeakCellRate(port: number): number | undefined {
    return this.ports[port]?.maxPeakCellRate;
  }

  /** Reports an agent event. */
  emit(event: AgentEvent): void {
    this.emitEvent(event);
  }

  /** Counts a SETUP or ADD PARTY that the port's caller got refused. */
  countRefusal(port: number): void {
    const counters = this.ports[port]?.counters;
    if (counters !== undefined) counters.callsRefused++;
  }

  // ---- basic call ----

  /**
   * A SETUP from a caller: routed by its called party number (RELEASE COMPLETE with cause 1 or 3 when
   * there is no route), given a VC on the caller's port with CALL PROCEEDING, and offered to the
   * destination port as a SETUP with a VC there.
   */
  private incoming(port: number, key: CallKey, ies: SetupIes): void {
    const from = this.ports[port];
    if (from === undefined) return;
    const routed = this.route(ies.calledPartyNumber);
    if (!routed.ok) {
      this.refuse(port, key, routed.cause, routed.address, routed.reason);
      return;
    }
    const rate = highestPeakCellRate(ies.trafficDescriptor);
    const limited = [port, routed.port].find((p) => rate > (this.ports[p]?.maxPeakCellRate ?? rate));
    if (limited !== undefined) {
      const reason = `peak cell rate ${rate} cells/s is above port ${limited}'s limit`;
      this.refuse(port, key, Cause.USER_CELL_RATE_NOT_AVAILABLE, routed.address, reason);
      return;
    }
    const vc = this.callerVc(port, ies.connectionIdentifier);
    if (typeof vc === "number") {
      this.refuse(port, key, vc, routed.address, "the caller's VC is not available");
      return;
    }
    const call: SwitchCall = {
      id: this.nextCallId++,
      address: routed.address,
      multipoint: ies.bearerCapability.userPlane === UserPlaneConfiguration.POINT_TO_MULTIPOINT,
      setup: ies,
      root: { port, call: key, vc, clearing: false, gone: false },
      legs: [],
      parties: [],
      phase: "proceeding",
      cause: undefined,
      trafficDescriptor: ies.trafficDescriptor,
      modification: undefined,
      forward: { frames: 0, bytes: 0 },
      backward: { frames: 0, bytes: 0 },
    };
    // CALL PROCEEDING assigns the caller's VC, as the network's first answer must.
    const proceeding = from.signaling.request(key, {
      name: "proceeding.request",
      ies: { connectionIdentifier: connectionIdentifier(vc) },
    });
    if (!proceeding.ok) {
      this.allocators[port]?.release(vc);
      this.refuse(port, key, Cause.TEMPORARY_FAILURE, routed.address, proceeding.reason);
      return;
    }
    this.calls.set(call.id, call);
    this.register(call, call.root);
    const leg = this.offer(call, routed.port, ies);
    if (leg === undefined) {
      this.countRefusal(port);
      this.emit({
        kind: "callRefused",
        port,
        address: routed.address,
        cause: Cause.TEMPORARY_FAILURE,
        reason: `port ${routed.port} refused the SETUP or has no free VC`,
      });
      this.releaseRoot(call, Cause.TEMPORARY_FAILURE);
      return;
    }
    from.counters.callsRouted++;
    if (call.multipoint) {
      const first = ies.endpointReference;
      const root = { value: first?.value ?? 0, mine: first?.flag ?? false };
      call.parties.push({ root, leg, legParty: { value: 0, mine: true }, state: "adding" });
    }
    this.emit({ kind: "callRouted", call: call.id, from: port, to: routed.port, address: routed.address });
  }

  /** RELEASE COMPLETE for an offered call that cannot be switched. */
  private refuse(port: number, key: CallKey, cause: number, address: string, reason: string): void {
    const from = this.ports[port];
    if (from === undefined) return;
    this.countRefusal(port);
    this.emit({ kind: "callRefused", port, address, cause, reason });
    from.signaling.request(key, { name: "reject.request", cause });
  }

  /** The VC a caller gets: the one it asked for when free, another unless it insisted; else the cause. */
  private callerVc(port: number, asked: ConnectionIdentifier | undefined): Vc | number {
    const allocator = this.allocators[port];
    if (allocator === undefined) return Cause.TEMPORARY_FAILURE;
    if (asked !== undefined) {
      const vc = { vpi: asked.vpci, vci: asked.vci };
      if (allocator.claim(vc)) return vc;
      if (
        asked.vpci !== CALL_VPI ||
        asked.preferredExclusive === PreferredExclusive.EXCLUSIVE_VPCI_EXCLUSIVE_VCI
      )
        return Cause.REQUESTED_VPCI_VCI_NOT_AVAILABLE;
    }
    return allocator.allocate() ?? Cause.NO_VPCI_VCI_AVAILABLE;
  }

  private register(call: SwitchCall, half: Half): void {
    this.halves.set(halfKey(half.port, half.call), { call, half });
    this.vcs.set(vcKey(half.port, half.vc.vpi, half.vc.vci), { call, half });
  }

  /** The half's call reference is released: its VC is free and it leaves the tables. */
  released(call: SwitchCall, half: Half): void {
    half.gone = true;
    half.clearing = true;
    this.halves.delete(halfKey(half.port, half.call));
    this.vcs.delete(vcKey(half.port, half.vc.vpi, half.vc.vci));
    this.allocators[half.port]?.release(half.vc);
    const index = call.legs.indexOf(half as Leg);
    if (index >= 0) call.legs.splice(index, 1);
    if (call.root.gone && call.legs.length === 0) {
      this.calls.delete(call.id);
      this.finished(call, call.cause ?? Cause.NORMAL_UNSPECIFIED);
    }
  }

  private finished(call: SwitchCall, cause: number): void {
    this.emit({ kind: "callCleared", call: call.id, cause: call.cause ?? cause });
  }
}
