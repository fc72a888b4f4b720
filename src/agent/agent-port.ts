import { followLinkState } from "../media/link-state.ts";
import type { AtmFrame, MediumPort } from "../media/medium.ts";
import type { Scheduler } from "../sched/scheduler.ts";
import type { IlmiTiming } from "../signaling/ilmi/index.ts";
import { hex } from "../util/hex.ts";
import type { AgentEvent } from "./agent-events.ts";
import { type PortView, zeroCounters } from "./agent-view.ts";
import { IlmiPort } from "./ilmi-port.ts";
import type { PortComponent, PortContext } from "./port-component.ts";
import type { AddressRegistry } from "./registry.ts";
import { SchedulerRunner } from "./scheduler-runner.ts";
import { SignalingPort, type SignalingTiming } from "./signaling-port.ts";
import type { FabricPort, SwitchFabric } from "./switch-fabric.ts";

/** What an agent port is made from. */
export interface AgentPortInit {
  readonly agentName: string;
  readonly index: number;
  readonly medium: MediumPort;
  readonly prefix: Uint8Array;
  /** The highest peak cell rate a call through the port may have (undefined: no limit). */
  readonly maxPeakCellRate: number | undefined;
  /** The most addresses the port's end system may register. */
  readonly maxAddresses: number;
  readonly scheduler: Scheduler;
  readonly registry: AddressRegistry;
  readonly emit: (event: AgentEvent) => void;
  readonly uptime: () => number;
  readonly ilmiTiming: Partial<IlmiTiming> | undefined;
  readonly signalingTiming: SignalingTiming | undefined;
  /** The switch: hears the port's call control, and switches frames on the VCs of calls. */
  readonly fabric: SwitchFabric;
}

/**
 * One port of the switch: follows its link, counts frames, and hands each frame to the component that
 * serves its VC (ILMI on 0/16, signalling on 0/5) or, on a call's VC, to the switch fabric. Components
 * start when the link comes up and drop all state when it goes down.
 */
export class AgentPort implements FabricPort {
  readonly index: number;
  readonly name: string;
  readonly prefix: Uint8Array;
  readonly maxPeakCellRate: number | undefined;
  readonly counters = zeroCounters();
  readonly ilmi: IlmiPort;
  readonly signaling: SignalingPort;
  /** The runner of the port's machines (ILMI, SSCOP, Q.2931) over the agent's scheduler. */
  readonly runner: SchedulerRunner;
  private readonly medium: MediumPort;
  private readonly fabric: SwitchFabric;
  private readonly emit: (event: AgentEvent) => void;
  /** Every protocol of the port; the Q.2931/SSCOP component on 0/5 joins the ILMI one here. */
  private readonly components: readonly PortComponent[];
  private up = false;

  constructor(init: AgentPortInit) {
    this.index = init.index;
    this.name = init.medium.name;
    this.prefix = init.prefix;
    this.maxPeakCellRate = init.maxPeakCellRate;
    this.medium = init.medium;
    this.emit = init.emit;
    this.fabric = init.fabric;
    this.runner = new SchedulerRunner(init.scheduler);
    const ctx: PortContext = {
      agentName: init.agentName,
      index: init.index,
      name: init.medium.name,
      prefix: init.prefix,
      runner: this.runner,
      registry: init.registry,
      counters: this.counters,
      send: (vpi, vci, payload) => this.transmit({ vpi, vci, payload }),
      emit: init.emit,
      uptime: init.uptime,
    };
    this.ilmi = new IlmiPort(ctx, init.ilmiTiming, init.maxAddresses);
    this.signaling = new SignalingPort(ctx, init.fabric, init.signalingTiming);
    this.components = [this.ilmi, this.signaling];
  }

  /** The agent's belief about the link, which it acts on. */
  get linkUp(): boolean {
    return this.up;
  }

  /** True when a call can be offered on this port now. */
  get signalingReady(): boolean {
    return this.up && this.signaling.ready;
  }

  /** Attaches to the medium and, if the link is up, starts every component. */
  activate(): void {
    this.medium.onReceive((frame) => this.received(frame));
    this.medium.onLinkState((up) => this.sync(up));
    this.sync(undefined);
  }

  /** Agent restart: every component with a live link drops its state and starts over. */
  restart(): void {
    if (!this.up) return;
    for (const c of this.components) c.restart();
  }

  /** A snapshot of the port. */
  view(): PortView {
    return {
      index: this.index,
      name: this.name,
      linkUp: this.up,
      prefix: hex(this.prefix),
      prefixState: this.ilmi.prefixState(),
      addresses: this.ilmi.addresses(),
      signaling: this.signaling.state(),
      signalingCalls: this.signaling.calls(),
      vcsInUse: this.fabric.vcsInUse(this.index),
      counters: { ...this.counters },
    };
  }

  private received(frame: AtmFrame): void {
    this.sync(undefined);
    this.counters.framesIn++;
    this.counters.bytesIn += frame.payload.length;
    this.emit({ kind: "frame", direction: "in", port: this.index, ...frame });
    if (!this.up) return;
    const component = this.components.find((c) => c.vpi === frame.vpi && c.vci === frame.vci);
    if (component === undefined) {
      if (this.fabric.relay(this.index, frame)) {
        this.counters.relayed++;
        return;
      }
      this.counters.unclaimed++;
      this.emit({ kind: "unclaimed", port: this.index, vpi: frame.vpi, vci: frame.vci });
      return;
    }
    component.receive(frame.payload);
  }

  /**
   * Brings the port's belief in line with the link; after a bounce it missed, the registrations
   * died with the link, so they are dropped and the components restart.
   */
  private sync(notified: boolean | undefined): void {
    followLinkState(this.medium.linkUp, this.up, notified, {
      up: () => this.goUp(),
      down: () => this.goDown(),
    });
  }

  private goUp(): void {
    this.up = true;
    this.emit({ kind: "linkUp", port: this.index });
    for (const c of this.components) c.start();
  }

  private goDown(): void {
    this.up = false;
    this.emit({ kind: "linkDown", port: this.index });
    for (const c of this.components) c.stop();
  }

  /** Sends a frame on the link (counted and reported); nothing goes out while the link is down. */
  transmit(frame: AtmFrame): void {
    // A stopped component sends nothing; this guards a component that tries anyway.
    if (!this.up) return;
    this.counters.framesOut++;
    this.counters.bytesOut += frame.payload.length;
    this.emit({ kind: "frame", direction: "out", port: this.index, ...frame });
    this.medium.send(frame);
  }
}
