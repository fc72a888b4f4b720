/**
 * The user side of a UNI's signaling inside the call manager: SSCOP with SSCF-UNI on VPI 0 / VCI 5
 * and Q.2931 call control above it, both running on NDIS timer objects (NdisTimerScheduler).
 * The call manager brings the link up when its binding or adapter restarts. A link lost while calls
 * are up is re-established at once (they wait T309); otherwise, and after a failed establishment,
 * it tries again after a pause (the network offers calls only on an established link), and at once
 * when a make-call needs the link.
 */

import { type Nanoseconds, seconds, type TaskHandle } from "../../sched/index.ts";
import {
  type CallControlConfigInit,
  CallControlRuntime,
  type CallKey,
  type CallRequest,
  callId,
  type RequestResult,
  type RuntimeIndication,
} from "../../signaling/call-control/index.ts";
import { type ConnectionIdentifier, encodeMessage, type SetupIes } from "../../signaling/q2931/index.ts";
import { type SscopConfigInit, SscopLink, type SscopLinkEvent } from "../../signaling/sscop/index.ts";
import type { NdisTimerScheduler } from "./ndis-scheduler.ts";

/** Timer and counter overrides of the call manager's signaling. */
export interface UniSignalingTiming {
  readonly sscop?: SscopConfigInit;
  readonly callControl?: Omit<CallControlConfigInit, "side">;
  /** Pause before SSCOP is established again after a failure or a release (default 10 s). */
  readonly retryDelay?: Nanoseconds;
}

/** The default pause between establishment attempts: T309's value, as long as a call may wait. */
const RETRY_DELAY = seconds(10);

/** What the signaling reports to the call manager. */
export interface UniSignalingListener {
  /** An indication for one call, or for the interface. */
  indication(event: RuntimeIndication): void;
  /** SSCOP came up (true) or went down (false; `failed`: an establishment that never succeeded). */
  link(up: boolean, failed: boolean): void;
}

/** Counters of the signaling, for tests and traces. */
export interface UniSignalingCounters {
  establishments: number;
  releases: number;
  saalErrors: number;
  encodeErrors: number;
  messagesOut: number;
  messagesIn: number;
}

/** SSCOP + Q.2931 (user side) of one UNI. */
export class UniSignaling {
  readonly counters: UniSignalingCounters = {
    establishments: 0,
    releases: 0,
    saalErrors: 0,
    encodeErrors: 0,
    messagesOut: 0,
    messagesIn: 0,
  };
  private readonly scheduler: NdisTimerScheduler;
  private readonly sendFrame: (frame: Uint8Array) => void;
  private readonly listener: UniSignalingListener;
  private readonly timing: UniSignalingTiming;
  private readonly name: string;
  private sscop: SscopLink | undefined;
  private retry: TaskHandle | undefined;
  private runtime: CallControlRuntime | undefined;
  /** True between AAL-ESTABLISH and AAL-RELEASE. */
  established = false;

  constructor(
    scheduler: NdisTimerScheduler,
    name: string,
    send: (frame: Uint8Array) => void,
    listener: UniSignalingListener,
    timing: UniSignalingTiming = {},
  ) {
    this.scheduler = scheduler;
    this.name = name;
    this.sendFrame = send;
    this.listener = listener;
    this.timing = timing;
  }

  /** True while the SSCOP link exists (between start and stop). */
  get started(): boolean {
    return this.sscop !== undefined;
  }

  /** SSCF-UNI phase, or "stopped". */
  get phase(): string {
    return this.sscop?.phase ?? "stopped";
  }

  /** A fresh link and call control (no calls), and AAL-ESTABLISH. */
  start(): void {
    this.stop();
    const sscop: SscopLink = new SscopLink({
      scheduler: this.scheduler,
      owner: `${this.name} sscop`,
      send: (frame) => this.sendFrame(frame),
      onEvent: (event) => {
        if (this.sscop === sscop) this.saal(event);
      },
      ...(this.timing.sscop === undefined ? {} : { config: this.timing.sscop }),
    });
    const rt: CallControlRuntime = new CallControlRuntime({
      config: { ...this.timing.callControl, side: "user" },
      scheduler: this.scheduler,
      owner: `${this.name} q2931`,
      send: (message) => {
        const encoded = encodeMessage(message);
        if (!encoded.ok) {
          this.counters.encodeErrors++;
          return;
        }
        this.counters.messagesOut++;
        // Refused while the link is not established: lost, as on a real link; timers recover.
        this.sscop?.send(encoded.bytes);
      },
      onIndication: (event) => {
        if (this.runtime !== rt) return;
        this.listener.indication(event);
        // The network restarted VCs: call control has cleared those calls; confirm at once.
        if (event.call === undefined && event.indication.name === "restart.indication") rt.restartResponse();
      },
    });
    // Until SSCOP is established no SETUP may go out.
    rt.linkReleased();
    this.sscop = sscop;
    this.runtime = rt;
    this.established = false;
    sscop.establish();
  }

  /** Drops the link and every call without a message (the medium is gone); no indication follows. */
  stop(): void {
    this.cancelRetry();
    this.runtime?.close();
    this.sscop?.close();
    this.runtime = undefined;
    this.sscop = undefined;
    this.established = false;
  }

  /** Asks for the link when it is idle (a make-call needs it). */
  establish(): void {
    if (this.sscop?.phase === "Idle") this.sscop.establish();
  }

  /** A frame received on 0/5. */
  receive(frame: Uint8Array): void {
    this.sscop?.receive(frame);
  }

  /** Starts an outgoing call (SETUP). */
  setup(ies: SetupIes): RequestResult {
    return this.runtime?.setup(ies) ?? { ok: false, reason: "signaling stopped" };
  }

  /** A request for an existing call. */
  request(call: CallKey, request: CallRequest): RequestResult {
    return this.runtime?.callRequest(call, request) ?? { ok: false, reason: "signaling stopped" };
  }

  /** The Q.2931 state of a call (0 when call control no longer has it). */
  callState(call: CallKey): number {
    return this.runtime?.state.calls.get(callId(call))?.state ?? 0;
  }

  /** The VC the network assigned to a call. */
  connectionOf(call: CallKey): ConnectionIdentifier | undefined {
    return this.runtime?.state.calls.get(callId(call))?.connectionIdentifier;
  }

  private saal(event: SscopLinkEvent): void {
    const rt = this.runtime;
    switch (event.name) {
      case "AAL-ESTABLISH.indication":
      case "AAL-ESTABLISH.confirm":
        this.counters.establishments++;
        this.cancelRetry();
        this.established = true;
        rt?.linkEstablished();
        this.listener.link(true, false);
        return;
      case "AAL-RELEASE.indication":
      case "AAL-RELEASE.confirm": {
        const failed = !this.established;
        if (this.established) this.counters.releases++;
        this.established = false;
        rt?.linkReleased();
        // Active calls wait T309 for the link: bring it back now (the network does the same).
        if (!failed && rt !== undefined && rt.state.calls.size > 0) this.establish();
        else this.scheduleRetry();
        this.listener.link(false, failed);
        return;
      }
      case "AAL-DATA.indication":
        this.counters.messagesIn++;
        rt?.receive(event.data);
        return;
      case "MAA-ERROR.indication":
        this.counters.saalErrors++;
        return;
      default:
        return;
    }
  }

  private scheduleRetry(): void {
    if (this.retry !== undefined || this.sscop === undefined) return;
    this.retry = this.scheduler.setTimer(this.timing.retryDelay ?? RETRY_DELAY, {
      label: "SSCOP establishment retry",
      owner: this.name,
      run: () => {
        this.retry = undefined;
        this.establish();
      },
    });
  }

  private cancelRetry(): void {
    if (this.retry !== undefined) this.scheduler.cancel(this.retry);
    this.retry = undefined;
  }
}
