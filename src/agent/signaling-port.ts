import {
  type CallControlConfigInit,
  CallControlRuntime,
  type CallKey,
  type CallRequest,
  callId,
  type RequestResult,
  type RuntimeIndication,
} from "../signaling/call-control/index.ts";
import {
  Cause,
  encodeMessage,
  type Q2931Message,
  RestartClass,
  type SetupIes,
  SIGNALING_VCI,
  SIGNALING_VPI,
} from "../signaling/q2931/index.ts";
import { type SscopConfigInit, SscopLink, type SscopLinkEvent } from "../signaling/sscop/index.ts";
import type { SignalingState } from "./agent-view.ts";
import type { PortComponent, PortContext } from "./port-component.ts";

/** Timer and counter overrides of the signalling stack of every port. */
export interface SignalingTiming {
  /** SSCOP parameters (default: the SSCF-UNI values). */
  readonly sscop?: SscopConfigInit;
  /** Q.2931 timers and retries of the network side (default: UNI 3.1). */
  readonly callControl?: Omit<CallControlConfigInit, "side">;
}

/** What the switch fabric hears from one port's signalling. */
export interface SignalingListener {
  /** An indication about one call of the port's call control. */
  callIndication(port: number, call: CallKey, indication: RuntimeIndication["indication"]): void;
  /**
   * The port's call control is gone (its medium link is down): every call still on the port ends
   * without a message there, and the fabric clears the other halves with this cause.
   */
  portStopped(port: number, cause: number): void;
}

/**
 * The network side of the UNI signalling of one port, on VPI 0 / VCI 5: SSCOP with SSCF-UNI, and
 * Q.2931 call control above it (the SD payloads are Q.2931 messages). It establishes SSCOP when the
 * link comes up and accepts the user's BGN at any time (SSCF-UNI); it re-establishes a released link
 * while calls wait under T309, as the coordinator of Q.2931 does. Everything about calls goes to the
 * switch fabric.
 */
export class SignalingPort implements PortComponent {
  readonly vpi = SIGNALING_VPI;
  readonly vci = SIGNALING_VCI;
  private readonly ctx: PortContext;
  private readonly listener: SignalingListener;
  private readonly timing: SignalingTiming;
  private sscop: SscopLink | undefined;
  private runtime: CallControlRuntime | undefined;
  /** True between AAL-ESTABLISH and AAL-RELEASE: Q.2931 messages can flow. */
  private established = false;

  constructor(ctx: PortContext, listener: SignalingListener, timing: SignalingTiming = {}) {
    this.ctx = ctx;
    this.listener = listener;
    this.timing = timing;
  }

  /** The SSCF-UNI state, or "stopped" while the link is down. */
  state(): SignalingState {
    return this.sscop === undefined ? "stopped" : this.sscop.phase;
  }

  /** True when a call can be offered here: SSCOP established and call control not restarting all VCs. */
  get ready(): boolean {
    const rt = this.runtime;
    if (rt === undefined || !this.established || !rt.state.linkUp) return false;
    const { start, respond } = rt.state.restart;
    return start === 0x00 && respond === 0x00;
  }

  /** Offers a call to the user on this port (network-side SETUP). */
  setup(ies: SetupIes): RequestResult {
    return this.runtime?.setup(ies) ?? { ok: false, reason: "the port's signalling is stopped" };
  }

  /** A request for one of this port's calls. */
  request(call: CallKey, request: CallRequest): RequestResult {
    return (
      this.runtime?.callRequest(call, request) ?? { ok: false, reason: "the port's signalling is stopped" }
    );
  }

  /** The number of calls call control holds on this port (any state but Null). */
  calls(): number {
    return this.runtime?.state.calls.size ?? 0;
  }

  /** The Q.2931 call state of a call of this port (0 when it has none). */
  callState(call: CallKey): number {
    const calls = this.runtime?.state.calls;
    return calls?.get(callId(call))?.state ?? 0;
  }

  /** The link is up: a fresh SSCOP entity and call control, and BGN at once (SSCF-UNI). */
  start(): void {
    const owner = `${this.ctx.agentName} ${this.ctx.name}`;
    const sscop: SscopLink = new SscopLink({
      scheduler: this.ctx.runner,
      owner: `${owner} sscop`,
      send: (frame) => this.ctx.send(this.vpi, this.vci, frame),
      onEvent: (event) => {
        if (this.sscop === sscop) this.saal(event);
      },
      ...(this.timing.sscop === undefined ? {} : { config: this.timing.sscop }),
    });
    this.sscop = sscop;
    this.established = false;
    this.runtime = this.freshRuntime();
    sscop.establish();
  }

  /**
   * Agent restart: call control starts over with no calls (the fabric has forgotten them) and, when
   * SSCOP is up, sends RESTART for all VCs so that the user clears its side too (cause 41). SSCOP
   * itself stays: it is the link, not the call state, and a new BGN from a fresh entity would look
   * like a retransmission to the peer.
   */
  restart(): void {
    this.runtime?.close();
    this.runtime = this.freshRuntime();
    if (this.established) this.runtime.restart(RestartClass.ALL_VCS);
    else if (this.sscop?.phase === "Idle") this.sscop.establish();
  }

  /** The link went down: calls are cleared as call control does on loss of the link, the rest dropped. */
  stop(): void {
    const rt = this.runtime;
    this.established = false;
    // Calls not yet active are cleared by call control itself (cause 27); active ones would wait T309,
    // but the port is gone with its registrations, so the fabric ends them now with T309's own cause.
    rt?.linkReleased();
    this.listener.portStopped(this.ctx.index, Cause.DESTINATION_OUT_OF_ORDER);
    rt?.close();
    this.sscop?.close();
    this.sscop = undefined;
    this.runtime = undefined;
  }

  /** A frame on 0/5: an SSCOP PDU (undecodable ones are reported as MAA-ERROR U and dropped). */
  receive(payload: Uint8Array): void {
    this.sscop?.receive(payload);
  }

  private freshRuntime(): CallControlRuntime {
    const owner = `${this.ctx.agentName} ${this.ctx.name}`;
    const rt: CallControlRuntime = new CallControlRuntime({
      config: { ...this.timing.callControl, side: "network" },
      scheduler: this.ctx.runner,
      owner: `${owner} q2931`,
      send: (message) => this.transmit(message),
      onIndication: (event) => {
        if (this.runtime === rt) this.indication(rt, event);
      },
    });
    if (!this.established) rt.linkReleased();
    return rt;
  }

  private transmit(message: Q2931Message): void {
    const encoded = encodeMessage(message);
    if (!encoded.ok) {
      // Call control built a message the codec refuses: a bug, counted rather than thrown at the peer.
      this.ctx.counters.signalingErrors++;
      return;
    }
    // Refused (not established) means lost, as on a real link; call control's timers recover.
    this.sscop?.send(encoded.bytes);
  }

  private indication(rt: CallControlRuntime, event: RuntimeIndication): void {
    if (event.call !== undefined) {
      if (event.indication.name === "error.indication") this.ctx.counters.signalingErrors++;
      this.listener.callIndication(this.ctx.index, event.call, event.indication);
      return;
    }
    switch (event.indication.name) {
      case "restart.indication":
        // Call control has already cleared the calls the RESTART covers (and the fabric their other
        // halves); acknowledge at once.
        rt.restartResponse();
        return;
      case "error.indication":
        this.ctx.counters.signalingErrors++;
        return;
      default:
        return;
    }
  }

  private saal(event: SscopLinkEvent): void {
    const rt = this.runtime;
    switch (event.name) {
      case "AAL-ESTABLISH.indication":
      case "AAL-ESTABLISH.confirm":
        if (!this.established) this.ctx.emit({ kind: "signalingLink", port: this.ctx.index, up: true });
        this.established = true;
        rt?.linkEstablished();
        return;
      case "AAL-RELEASE.indication":
      case "AAL-RELEASE.confirm":
        if (this.established) this.ctx.emit({ kind: "signalingLink", port: this.ctx.index, up: false });
        this.established = false;
        rt?.linkReleased();
        // Active calls wait T309 for the link: bring it back (ngatm's coordinator does the same).
        if (rt !== undefined && rt.state.calls.size > 0 && this.sscop?.phase === "Idle")
          this.sscop.establish();
        return;
      case "AAL-DATA.indication":
        rt?.receive(event.data);
        return;
      case "MAA-ERROR.indication":
        this.ctx.emit({ kind: "saalError", port: this.ctx.index, code: event.code });
        return;
      default:
        return;
    }
  }
}
