import type { Pdu, ReleaseSource } from "./pdu.ts";
import { seqAdd } from "./seq.ts";
import type { AaIndication, MaaErrorCode, SscopEffect, SscopTimer } from "./signals.ts";
import type { SscopPhase, SscopState, TxEntry } from "./state.ts";

/** What one step returns: the next state and the effects to perform, in order. */
export interface SscopStep {
  readonly state: SscopState;
  readonly effects: readonly SscopEffect[];
  /** Set when a user signal was not acted on because the state does not allow it. */
  readonly ignored?: string;
}

type Draft = { -readonly [K in keyof SscopState]: SscopState[K] };

const CC_PHASES: ReadonlySet<SscopPhase> = new Set([
  "OutgoingConnectionPending",
  "OutgoingDisconnectionPending",
  "OutgoingResynchronizationPending",
  "OutgoingRecoveryPending",
]);

const DATA_TIMERS: readonly SscopTimer[] = ["POLL", "KEEP-ALIVE", "NO-RESPONSE", "IDLE"];

/**
 * One transition in the making: a copy-on-write draft of the state plus the effects emitted so far,
 * with the Q.2110 "macros" (initialise state variables, release buffers, set timers, ...) that the
 * procedures share. The input state is never mutated.
 */
export class Transition {
  readonly s: Draft;
  readonly effects: SscopEffect[] = [];
  ignored: string | undefined;
  private ownTxBuffer = false;
  private ownRxBuffer = false;
  private ownTxQueue = false;
  private ownRexmit = false;

  constructor(state: SscopState) {
    this.s = { ...state };
  }

  /** The finished step. */
  result(): SscopStep {
    const state: SscopState = this.s;
    return this.ignored === undefined
      ? { state, effects: this.effects }
      : { state, effects: this.effects, ignored: this.ignored };
  }

  // ---- buffers, cloned on first write ----

  txBuffer(): Map<number, TxEntry> {
    if (!this.ownTxBuffer) {
      this.s.transmitBuffer = new Map(this.s.transmitBuffer);
      this.ownTxBuffer = true;
    }
    return this.s.transmitBuffer as Map<number, TxEntry>;
  }

  rxBuffer(): Map<number, Uint8Array> {
    if (!this.ownRxBuffer) {
      this.s.receiveBuffer = new Map(this.s.receiveBuffer);
      this.ownRxBuffer = true;
    }
    return this.s.receiveBuffer as Map<number, Uint8Array>;
  }

  txQueue(): Uint8Array[] {
    if (!this.ownTxQueue) {
      this.s.transmitQueue = [...this.s.transmitQueue];
      this.ownTxQueue = true;
    }
    return this.s.transmitQueue as Uint8Array[];
  }

  rexmitQueue(): number[] {
    if (!this.ownRexmit) {
      this.s.retransmitQueue = [...this.s.retransmitQueue];
      this.ownRexmit = true;
    }
    return this.s.retransmitQueue as number[];
  }

  // ---- effects ----

  send(pdu: Pdu): void {
    this.effects.push({ kind: "send", pdu });
  }

  up(signal: AaIndication): void {
    this.effects.push({ kind: "aa", signal });
  }

  maaError(code: MaaErrorCode, count = 0): void {
    this.effects.push({ kind: "maa", signal: { name: "MAA-ERROR.indication", code, count } });
  }

  running(timer: SscopTimer): boolean {
    return this.s.timers[timer];
  }

  /** Starts (or restarts) a timer with its configured duration. */
  start(timer: SscopTimer): void {
    this.s.timers = { ...this.s.timers, [timer]: true };
    this.effects.push({ kind: "startTimer", timer, duration: this.duration(timer) });
  }

  stop(timer: SscopTimer): void {
    if (!this.s.timers[timer]) return;
    this.s.timers = { ...this.s.timers, [timer]: false };
    this.effects.push({ kind: "stopTimer", timer });
  }

  /** Marks a timer as expired (the runtime already dropped it, so no stop effect). */
  expired(timer: SscopTimer): void {
    this.s.timers = { ...this.s.timers, [timer]: false };
  }

  private duration(timer: SscopTimer): bigint {
    const c = this.s.config;
    switch (timer) {
      case "CC":
        return c.timerCC;
      case "POLL":
        return c.timerPoll;
      case "KEEP-ALIVE":
        return c.timerKeepAlive;
      case "NO-RESPONSE":
        return c.timerNoResponse;
      case "IDLE":
        return c.timerIdle;
    }
  }

  /**
   * Enters a state. As a safety net on top of the SDL actions, timers that have no meaning in the
   * new state are stopped, and Idle holds no data.
   */
  enter(phase: SscopPhase): void {
    this.s.phase = phase;
    if (!CC_PHASES.has(phase)) this.stop("CC");
    if (phase !== "DataTransferReady") for (const t of DATA_TIMERS) this.stop(t);
    if (phase === "Idle") this.releaseBuffers();
  }

  // ---- Q.2110 macros (BR = yes throughout, as SSCF-UNI uses) ----

  /** Release buffers / prepare retrieval: with BR = yes both drop every queued, sent and received SD. */
  releaseBuffers(): void {
    this.clearTransmitter();
    this.clearReceiver();
  }

  /** Prepare recovery: drop what was to be sent or is unacknowledged; keep the receive buffer for now. */
  clearTransmitter(): void {
    if (this.s.transmitQueue.length > 0) this.s.transmitQueue = [];
    if (this.s.transmitBuffer.size > 0) this.s.transmitBuffer = new Map();
    if (this.s.retransmitQueue.length > 0) this.s.retransmitQueue = [];
    this.ownTxQueue = this.ownTxBuffer = this.ownRexmit = false;
  }

  /** "Deliver data" with BR = yes: out-of-sequence SDs are discarded, not delivered. */
  clearReceiver(): void {
    if (this.s.receiveBuffer.size > 0) this.s.receiveBuffer = new Map();
    this.ownRxBuffer = false;
  }

  /** Initialise state variables on entering Data Transfer Ready (§4.4). */
  initializeState(): void {
    const s = this.s;
    s.vtS = 0;
    s.vtPS = 0;
    s.vtA = 0;
    s.vtPA = 1;
    s.vtPD = 0;
    s.credit = true;
    s.vrR = 0;
    s.vrH = 0;
    if (s.transmitBuffer.size > 0 || s.retransmitQueue.length > 0) {
      s.transmitBuffer = new Map();
      s.retransmitQueue = [];
      this.ownTxBuffer = this.ownRexmit = false;
    }
    this.clearReceiver();
  }

  /** Initialise VR(MR): the whole receive window, counted from VR(R) = 0. */
  initializeMR(): void {
    this.s.vrMR = this.s.config.receiveWindow;
  }

  setDataTransferTimers(): void {
    this.start("POLL");
    this.start("NO-RESPONSE");
  }

  resetDataTransferTimers(): void {
    for (const t of DATA_TIMERS) this.stop(t);
  }

  /** After a POLL: KEEP-ALIVE when nothing is outstanding, POLL otherwise. */
  setPollTimer(): void {
    if (this.s.transmitQueue.length === 0 && this.s.vtS === this.s.vtA) this.start("KEEP-ALIVE");
    else this.start("POLL");
  }

  /** True (a retransmission) when N(SQ) repeats VR(SQ); otherwise records it. */
  detectRetransmission(nSQ: number): boolean {
    if (this.s.vrSQ === nSQ) return true;
    this.s.vrSQ = nSQ;
    return false;
  }

  // ---- PDUs built from the state variables ----

  sendBgn(): void {
    this.send({ type: "BGN", nSQ: this.s.vtSQ, nMR: this.s.vrMR, uu: this.s.uuBgn });
  }

  sendBgak(uu: Uint8Array = this.s.uuBgak): void {
    this.send({ type: "BGAK", nMR: this.s.vrMR, uu });
  }

  sendBgrej(): void {
    this.send({ type: "BGREJ", uu: this.s.uuBgrej });
  }

  sendEnd(source: ReleaseSource, uu: Uint8Array): void {
    this.s.lastEndSource = source;
    this.s.uuEnd = uu;
    this.send({ type: "END", source, uu });
  }

  /** END with S = 1 and no UU: SSCOP itself gives up. */
  sendEndBySscop(): void {
    this.sendEnd("sscop", new Uint8Array(0));
  }

  sendRs(): void {
    this.send({ type: "RS", nSQ: this.s.vtSQ, nMR: this.s.vrMR, uu: this.s.uuRs });
  }

  sendRsak(): void {
    this.send({ type: "RSAK", nMR: this.s.vrMR });
  }

  sendEr(): void {
    this.send({ type: "ER", nSQ: this.s.vtSQ, nMR: this.s.vrMR });
  }

  sendErak(): void {
    this.send({ type: "ERAK", nMR: this.s.vrMR });
  }

  sendPoll(): void {
    this.s.vtPS = seqAdd(this.s.vtPS, 1);
    this.send({ type: "POLL", nPS: this.s.vtPS, nS: this.s.vtS });
    this.s.vtPD = 0;
  }

  /** The next BGN/RS/ER gets a new N(SQ). */
  nextSQ(): void {
    this.s.vtSQ = (this.s.vtSQ + 1) & 0xff;
  }

  // ---- shared endings ----

  /** AA-RELEASE.indication caused by SSCOP itself, then Idle. */
  releaseBySscop(): void {
    this.up({ name: "AA-RELEASE.indication", uu: new Uint8Array(0), source: "sscop" });
    this.enter("Idle");
  }
}
