import type { Scheduler, TaskHandle } from "../../sched/index.ts";
import { encodePdu } from "./codec.ts";
import { type SscopConfigInit, sscopConfig } from "./config.ts";
import type { MaaIndication, SscopTimer } from "./signals.ts";
import {
  type AalIndication,
  initialSscfUniState,
  type SscfPhase,
  type SscfUniInput,
  type SscfUniState,
  sscfUniStep,
} from "./sscf-uni.ts";
import type { SscopPhase } from "./state.ts";

/** What a link reports upward: the SAAL primitives, and management indications (MAA-ERROR with its letter). */
export type SscopLinkEvent = AalIndication | MaaIndication;

/** Options of an SscopLink. */
export interface SscopLinkInit {
  /** Where timers run. */
  readonly scheduler: Scheduler;
  /** Puts one encoded PDU on the medium (one frame or datagram per PDU). */
  readonly send: (frame: Uint8Array) => void;
  /** Receives every upward signal, in order. */
  readonly onEvent?: (event: SscopLinkEvent) => void;
  /** Overrides of the SSCF-UNI parameter values. */
  readonly config?: SscopConfigInit;
  /** Owner of the timer tasks, for traces and schedules. Default "sscop". */
  readonly owner?: string;
}

/**
 * The runtime of one SAAL endpoint: drives the pure SSCF-UNI + SSCOP machine, performs its effects
 * (frames through `send`, timers on the scheduler) and reports upward signals through `onEvent`.
 * Upward signals are delivered after the effects of the step that caused them, so a handler may call
 * back into the link.
 */
export class SscopLink {
  private state: SscfUniState;
  private readonly scheduler: Scheduler;
  private readonly sendFrame: (frame: Uint8Array) => void;
  private readonly onEvent: (event: SscopLinkEvent) => void;
  private readonly owner: string;
  private readonly timers = new Map<SscopTimer, TaskHandle>();
  private readonly events: SscopLinkEvent[] = [];
  private readonly backlog: SscfUniInput[] = [];
  private processing = false;
  private draining = false;
  private closed = false;

  constructor(init: SscopLinkInit) {
    this.state = initialSscfUniState(sscopConfig(init.config));
    this.scheduler = init.scheduler;
    this.sendFrame = init.send;
    this.onEvent = init.onEvent ?? (() => {});
    this.owner = init.owner ?? "sscop";
  }

  /** SSCF-UNI state. */
  get phase(): SscfPhase {
    return this.state.phase;
  }

  /** SSCOP state underneath. */
  get sscopPhase(): SscopPhase {
    return this.state.sscop.phase;
  }

  /** The whole machine state, for inspection. */
  get snapshot(): SscfUniState {
    return this.state;
  }

  /** AAL-ESTABLISH.request (a resynchronisation when already connected); false when the state refuses it. */
  establish(): boolean {
    return this.request({ kind: "aal", signal: { name: "AAL-ESTABLISH.request" } });
  }

  /** AAL-RELEASE.request; false when the state refuses it. */
  release(): boolean {
    return this.request({ kind: "aal", signal: { name: "AAL-RELEASE.request" } });
  }

  /** AAL-DATA.request: true when the message was accepted for assured, in-order delivery. */
  send(data: Uint8Array): boolean {
    return this.request({ kind: "aal", signal: { name: "AAL-DATA.request", data } });
  }

  /** AAL-UNITDATA.request (UD PDU, unassured). */
  sendUnitdata(data: Uint8Array): boolean {
    return this.request({ kind: "aal", signal: { name: "AAL-UNITDATA.request", data } });
  }

  /** A frame from the medium. Undecodable frames are reported as MAA-ERROR U and dropped. */
  receive(frame: Uint8Array): void {
    this.input({ kind: "frame", bytes: frame });
  }

  /** Stops every timer and ignores all further input. */
  close(): void {
    this.closed = true;
    for (const handle of this.timers.values()) this.scheduler.cancel(handle);
    this.timers.clear();
  }

  private request(input: SscfUniInput): boolean {
    if (this.processing) {
      throw new Error(`SscopLink "${this.owner}": user request made from inside its send callback`);
    }
    if (this.closed) return false;
    const ignored = this.input(input);
    return ignored === undefined;
  }

  /** Runs one input (and any that arrived re-entrantly); returns the step's `ignored` reason. */
  private input(input: SscfUniInput): string | undefined {
    if (this.closed) return "closed";
    if (this.processing) {
      this.backlog.push(input);
      return undefined;
    }
    this.processing = true;
    let ignored: string | undefined;
    try {
      ignored = this.apply(input);
      for (let next = this.backlog.shift(); next !== undefined; next = this.backlog.shift()) this.apply(next);
    } finally {
      this.processing = false;
    }
    this.drain();
    return ignored;
  }

  private apply(input: SscfUniInput): string | undefined {
    const result = sscfUniStep(this.state, input);
    this.state = result.state;
    for (const effect of result.effects) {
      switch (effect.kind) {
        case "send":
          this.sendFrame(encodePdu(effect.pdu));
          break;
        case "startTimer":
          this.startTimer(effect.timer, effect.duration);
          break;
        case "stopTimer": {
          const handle = this.timers.get(effect.timer);
          if (handle !== undefined) this.scheduler.cancel(handle);
          this.timers.delete(effect.timer);
          break;
        }
        case "aal":
        case "maa":
          this.events.push(effect.signal);
          break;
      }
    }
    return result.ignored;
  }

  private startTimer(timer: SscopTimer, duration: bigint): void {
    const old = this.timers.get(timer);
    if (old !== undefined) this.scheduler.cancel(old);
    const handle = this.scheduler.setTimer(duration, {
      label: `Timer_${timer} expiry`,
      owner: this.owner,
      run: () => {
        if (this.timers.get(timer) !== handle) return;
        this.timers.delete(timer);
        this.input({ kind: "timer", timer });
      },
    });
    this.timers.set(timer, handle);
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let event = this.events.shift(); event !== undefined; event = this.events.shift())
        this.onEvent(event);
    } finally {
      this.draining = false;
    }
  }
}
