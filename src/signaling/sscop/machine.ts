import { decodePdu } from "./codec.ts";
import { EMPTY, enterReady, receivePdu, releaseConfirmed } from "./connection-control.ts";
import { idleTimerExpired, noResponseExpired, pollTimerExpired, pump } from "./data-transfer.ts";
import type { AaRequest, SscopInput, SscopTimer } from "./signals.ts";
import type { SscopState } from "./state.ts";
import { type SscopStep, Transition } from "./transition.ts";

// User signals and timer expiries of Q.2110, and the step function that dispatches every input.

function ignore(t: Transition, signal: AaRequest, why = "not allowed"): void {
  t.ignored = `${signal.name} in state ${t.s.phase}: ${why}`;
}

/** Send END (S = 0, the user's UU) under Timer_CC and wait for ENDAK: state 4. */
function releaseRequested(t: Transition, uu: Uint8Array): void {
  t.releaseBuffers();
  t.s.vtCC = 1;
  t.sendEnd("user", uu);
  t.start("CC");
  t.enter("OutgoingDisconnectionPending");
}

/** Send RS with a new N(SQ) under Timer_CC: state 5. */
function resyncRequested(t: Transition, uu: Uint8Array): void {
  t.s.vtCC = 1;
  t.nextSQ();
  t.initializeMR();
  t.s.uuRs = uu;
  t.sendRs();
  t.releaseBuffers();
  t.start("CC");
  t.enter("OutgoingResynchronizationPending");
}

function userSignal(t: Transition, signal: AaRequest): void {
  const phase = t.s.phase;
  const c = t.s.config;
  if ("uu" in signal && signal.uu !== undefined && signal.uu.length > c.maxJ) {
    ignore(t, signal, `SSCOP-UU of ${signal.uu.length} octets exceeds MaxJ ${c.maxJ}`);
    return;
  }
  if ("data" in signal && signal.data.length > c.maxK) {
    ignore(t, signal, `${signal.data.length} octets exceed MaxK ${c.maxK}`);
    return;
  }
  switch (signal.name) {
    case "AA-ESTABLISH.request":
      if (phase !== "Idle" && phase !== "OutgoingDisconnectionPending") {
        ignore(t, signal);
        return;
      }
      t.s.uuBgn = signal.uu ?? EMPTY;
      t.s.vtCC = 1;
      t.nextSQ();
      t.initializeMR();
      t.sendBgn();
      t.start("CC");
      t.enter("OutgoingConnectionPending");
      return;
    case "AA-ESTABLISH.response":
      if (phase !== "IncomingConnectionPending") {
        ignore(t, signal);
        return;
      }
      t.s.uuBgak = signal.uu ?? EMPTY;
      t.initializeMR();
      t.sendBgak();
      enterReady(t);
      return;
    case "AA-RELEASE.request":
      switch (phase) {
        case "Idle":
        case "OutgoingDisconnectionPending":
          ignore(t, signal);
          return;
        case "IncomingConnectionPending":
          t.s.uuBgrej = signal.uu ?? EMPTY;
          t.sendBgrej();
          t.enter("Idle");
          return;
        default:
          t.resetDataTransferTimers();
          releaseRequested(t, signal.uu ?? EMPTY);
          return;
      }
    case "AA-DATA.request":
      switch (phase) {
        case "DataTransferReady":
        case "RecoveryResponsePending":
        case "IncomingRecoveryPending":
          t.txQueue().push(signal.data);
          return;
        case "OutgoingRecoveryPending":
          ignore(t, signal, "discarded, buffers are released during recovery (BR = yes)");
          return;
        default:
          ignore(t, signal);
          return;
      }
    case "AA-RESYNC.request":
      switch (phase) {
        case "DataTransferReady":
          t.resetDataTransferTimers();
          resyncRequested(t, signal.uu ?? EMPTY);
          return;
        case "OutgoingRecoveryPending":
        case "RecoveryResponsePending":
        case "IncomingRecoveryPending":
          resyncRequested(t, signal.uu ?? EMPTY);
          return;
        default:
          ignore(t, signal);
          return;
      }
    case "AA-RESYNC.response":
      if (phase !== "IncomingResynchronizationPending") {
        ignore(t, signal);
        return;
      }
      t.initializeMR();
      t.sendRsak();
      enterReady(t);
      return;
    case "AA-RECOVER.response":
      if (phase === "RecoveryResponsePending") {
        enterReady(t);
        return;
      }
      if (phase !== "IncomingRecoveryPending") {
        ignore(t, signal);
        return;
      }
      t.initializeMR();
      t.sendErak();
      enterReady(t);
      return;
    case "AA-UNITDATA.request":
      t.send({ type: "UD", data: signal.data });
      return;
  }
}

/** Timer_CC expiry: retransmit the pending BGN/END/RS/ER, or give up after MaxCC transmissions. */
function ccExpired(t: Transition): void {
  const s = t.s;
  const exhausted = s.vtCC >= s.config.maxCC;
  if (exhausted) t.maaError("O");
  switch (s.phase) {
    case "OutgoingDisconnectionPending":
      if (exhausted) {
        releaseConfirmed(t);
        return;
      }
      s.vtCC++;
      t.sendEnd(s.lastEndSource, s.uuEnd);
      t.start("CC");
      return;
    case "OutgoingConnectionPending":
    case "OutgoingResynchronizationPending":
    case "OutgoingRecoveryPending":
      if (exhausted) {
        t.sendEndBySscop();
        t.releaseBySscop();
        return;
      }
      s.vtCC++;
      if (s.phase === "OutgoingConnectionPending") t.sendBgn();
      else if (s.phase === "OutgoingResynchronizationPending") t.sendRs();
      else t.sendEr();
      t.start("CC");
      return;
    default:
      return;
  }
}

function timerExpired(t: Transition, timer: SscopTimer): void {
  // A timer the machine already stopped cannot expire: the runtime raced with a stop effect.
  if (!t.running(timer)) return;
  t.expired(timer);
  if (timer === "CC") {
    ccExpired(t);
    return;
  }
  if (t.s.phase !== "DataTransferReady") return;
  switch (timer) {
    case "POLL":
    case "KEEP-ALIVE":
      pollTimerExpired(t);
      return;
    case "IDLE":
      idleTimerExpired(t);
      return;
    case "NO-RESPONSE":
      noResponseExpired(t);
      return;
  }
}

/**
 * The SSCOP machine: one input (a received PDU or frame, a timer expiry, a user or management
 * signal) in, the next state and the effects out. Pure: `state` is not modified.
 */
export function step(state: SscopState, input: SscopInput): SscopStep {
  const t = new Transition(state);
  switch (input.kind) {
    case "frame": {
      const decoded = decodePdu(input.bytes);
      if (decoded.ok) receivePdu(t, decoded.value);
      else t.maaError("U");
      break;
    }
    case "pdu":
      receivePdu(t, input.pdu);
      break;
    case "timer":
      timerExpired(t, input.timer);
      break;
    case "aa":
      userSignal(t, input.signal);
      break;
    case "maa":
      if (input.signal.data.length > state.config.maxK) t.ignored = "MAA-UNITDATA.request: exceeds MaxK";
      else t.send({ type: "MD", data: input.signal.data });
      break;
  }
  if (t.s.phase === "DataTransferReady") pump(t);
  return t.result();
}
