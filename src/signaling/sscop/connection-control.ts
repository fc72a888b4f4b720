import { receivePoll, receiveSd, receiveStat, receiveUstat } from "./data-transfer.ts";
import type { EndPdu, Pdu, PduOf, PduTypeName } from "./pdu.ts";
import type { MaaErrorCode } from "./signals.ts";
import type { SscopPhase, SscopState } from "./state.ts";
import type { Transition } from "./transition.ts";

// Connection control of Q.2110 (establish, release, resynchronise, recover) as a state x event table,
// following the SDLs as ngatm transcribes them (Q.2110 SSCOP / Q.2130 SSCF-UNI). A PDU without an entry in a
// state is ignored, as the SDLs say; UD and MD are handled in every state.

type Handler<T extends PduTypeName> = (t: Transition, pdu: PduOf<T>) => void;
type PduTable = { readonly [T in PduTypeName]?: Handler<T> };

/** Empty SSCOP-UU. */
export const EMPTY = new Uint8Array(0);

/** MAA-ERROR only. */
const report =
  (code: MaaErrorCode) =>
  (t: Transition): void =>
    t.maaError(code);

/** In Idle: MAA-ERROR and END(S=1), so that a peer that thinks it is connected learns otherwise. */
const refuse =
  (code: MaaErrorCode) =>
  (t: Transition): void => {
    t.maaError(code);
    t.sendEndBySscop();
  };

/** MAA-ERROR, END(S=1), AA-RELEASE.indication, Idle. */
const releaseOn =
  (code: MaaErrorCode) =>
  (t: Transition): void => {
    t.maaError(code);
    t.sendEndBySscop();
    t.releaseBySscop();
  };

/** MAA-ERROR, AA-RELEASE.indication, Idle (the peer already released: ENDAK or BGREJ out of turn). */
const abortOn =
  (code: MaaErrorCode) =>
  (t: Transition): void => {
    t.maaError(code);
    t.releaseBySscop();
  };

/** The peer released: ENDAK, AA-RELEASE.indication with its UU and S bit, Idle. */
function peerEnd(t: Transition, pdu: EndPdu): void {
  t.send({ type: "ENDAK" });
  t.up({ name: "AA-RELEASE.indication", uu: pdu.uu, source: pdu.source });
  t.enter("Idle");
}

/** A new BGN while connected or recovering: the peer restarted. A repeated one is error B. */
function restartedByBgn(t: Transition, pdu: PduOf<"BGN">): void {
  if (t.detectRetransmission(pdu.nSQ)) {
    t.maaError("B");
    return;
  }
  t.s.vtMS = pdu.nMR;
  t.clearReceiver();
  t.up({ name: "AA-RELEASE.indication", uu: EMPTY, source: "sscop" });
  t.up({ name: "AA-ESTABLISH.indication", uu: pdu.uu });
  t.enter("IncomingConnectionPending");
}

/** A new RS while recovering: the peer resynchronises. A repeated one is error J. */
function resyncByRs(t: Transition, pdu: PduOf<"RS">): void {
  if (t.detectRetransmission(pdu.nSQ)) {
    t.maaError("J");
    return;
  }
  t.s.vtMS = pdu.nMR;
  t.clearReceiver();
  t.up({ name: "AA-RESYNC.indication", uu: pdu.uu });
  t.enter("IncomingResynchronizationPending");
}

/** Enter state 10 with fresh state variables and the data transfer timers. */
export function enterReady(t: Transition): void {
  t.initializeState();
  t.setDataTransferTimers();
  t.enter("DataTransferReady");
}

const IDLE: PduTable = {
  BGN: (t, pdu) => {
    // A repeated BGN means our BGREJ (or release) was lost: reject again.
    if (t.detectRetransmission(pdu.nSQ)) return t.sendBgrej();
    t.s.vtMS = pdu.nMR;
    t.up({ name: "AA-ESTABLISH.indication", uu: pdu.uu });
    t.enter("IncomingConnectionPending");
  },
  BGAK: refuse("C"),
  END: (t) => t.send({ type: "ENDAK" }),
  RS: refuse("J"),
  RSAK: refuse("K"),
  BGREJ: report("D"),
  SD: refuse("A"),
  ER: refuse("L"),
  POLL: refuse("G"),
  STAT: refuse("H"),
  USTAT: refuse("I"),
  ERAK: refuse("M"),
};

const OUTGOING_CONNECTION_PENDING: PduTable = {
  BGAK: (t, pdu) => {
    t.stop("CC");
    t.s.vtMS = pdu.nMR;
    t.up({ name: "AA-ESTABLISH.confirm", uu: pdu.uu });
    enterReady(t);
  },
  BGREJ: (t, pdu) => {
    t.up({ name: "AA-RELEASE.indication", uu: pdu.uu, source: "user" });
    t.enter("Idle");
  },
  BGN: (t, pdu) => {
    if (t.detectRetransmission(pdu.nSQ)) return;
    // Both sides sent BGN: each answers the other's and both are connected.
    t.stop("CC");
    t.s.vtMS = pdu.nMR;
    t.initializeMR();
    t.sendBgak();
    t.up({ name: "AA-ESTABLISH.confirm", uu: pdu.uu });
    enterReady(t);
  },
};

const INCOMING_CONNECTION_PENDING: PduTable = {
  BGN: (t, pdu) => {
    if (t.detectRetransmission(pdu.nSQ)) return;
    t.s.vtMS = pdu.nMR;
    t.up({ name: "AA-RELEASE.indication", uu: EMPTY, source: "sscop" });
    t.up({ name: "AA-ESTABLISH.indication", uu: pdu.uu });
  },
  BGAK: report("C"),
  END: peerEnd,
  ENDAK: abortOn("F"),
  RS: report("J"),
  RSAK: report("K"),
  BGREJ: abortOn("D"),
  SD: releaseOn("A"),
  ER: report("L"),
  POLL: releaseOn("G"),
  STAT: releaseOn("H"),
  USTAT: releaseOn("I"),
  ERAK: report("M"),
};

/** AA-RELEASE.confirm and Idle. */
export function releaseConfirmed(t: Transition): void {
  t.up({ name: "AA-RELEASE.confirm" });
  t.enter("Idle");
}

const OUTGOING_DISCONNECTION_PENDING: PduTable = {
  BGN: (t, pdu) => {
    if (t.detectRetransmission(pdu.nSQ)) {
      // The peer missed our answer to its BGN and our END: repeat both.
      t.sendBgak(EMPTY);
      t.sendEnd(t.s.lastEndSource, t.s.uuEnd);
      return;
    }
    t.s.vtMS = pdu.nMR;
    t.up({ name: "AA-RELEASE.confirm" });
    t.up({ name: "AA-ESTABLISH.indication", uu: pdu.uu });
    t.enter("IncomingConnectionPending");
  },
  END: (t) => {
    t.send({ type: "ENDAK" });
    releaseConfirmed(t);
  },
  ENDAK: releaseConfirmed,
  BGREJ: releaseConfirmed,
};

const OUTGOING_RESYNCHRONIZATION_PENDING: PduTable = {
  BGN: (t, pdu) => {
    if (t.detectRetransmission(pdu.nSQ)) {
      t.sendBgak();
      t.sendRs();
      return;
    }
    t.s.vtMS = pdu.nMR;
    t.up({ name: "AA-RELEASE.indication", uu: EMPTY, source: "sscop" });
    t.up({ name: "AA-ESTABLISH.indication", uu: pdu.uu });
    t.enter("IncomingConnectionPending");
  },
  END: peerEnd,
  ENDAK: abortOn("F"),
  BGREJ: abortOn("D"),
  RS: (t, pdu) => {
    if (t.detectRetransmission(pdu.nSQ)) return;
    // Both sides resynchronise at once.
    t.stop("CC");
    t.s.vtMS = pdu.nMR;
    t.initializeMR();
    t.sendRsak();
    t.up({ name: "AA-RESYNC.confirm" });
    enterReady(t);
  },
  RSAK: (t, pdu) => {
    t.stop("CC");
    t.s.vtMS = pdu.nMR;
    t.up({ name: "AA-RESYNC.confirm" });
    enterReady(t);
  },
};

const INCOMING_RESYNCHRONIZATION_PENDING: PduTable = {
  BGN: restartedByBgn,
  BGAK: report("C"),
  END: peerEnd,
  ENDAK: abortOn("F"),
  BGREJ: abortOn("D"),
  ER: report("L"),
  RS: (t, pdu) => {
    if (!t.detectRetransmission(pdu.nSQ)) t.maaError("J");
  },
  RSAK: report("K"),
  SD: releaseOn("A"),
  POLL: releaseOn("G"),
  STAT: releaseOn("H"),
  USTAT: releaseOn("I"),
  ERAK: report("M"),
};

/** Recovery acknowledged (ERAK, or a crossing ER): AA-RECOVER.indication, state 8. */
function recovered(t: Transition, nMR: number): void {
  t.stop("CC");
  t.s.vtMS = nMR;
  t.clearReceiver();
  t.up({ name: "AA-RECOVER.indication" });
  t.enter("RecoveryResponsePending");
}

const OUTGOING_RECOVERY_PENDING: PduTable = {
  BGN: restartedByBgn,
  BGAK: report("C"),
  END: peerEnd,
  ENDAK: abortOn("F"),
  BGREJ: abortOn("D"),
  ER: (t, pdu) => {
    if (t.detectRetransmission(pdu.nSQ)) return t.maaError("L");
    t.initializeMR();
    t.sendErak();
    recovered(t, pdu.nMR);
  },
  ERAK: (t, pdu) => recovered(t, pdu.nMR),
  RS: resyncByRs,
  RSAK: report("K"),
};

const RECOVERY_RESPONSE_PENDING: PduTable = {
  BGN: restartedByBgn,
  BGAK: report("C"),
  END: peerEnd,
  ENDAK: abortOn("F"),
  BGREJ: abortOn("D"),
  ER: (t, pdu) => {
    // A repeated ER: our ERAK was lost.
    if (t.detectRetransmission(pdu.nSQ)) t.sendErak();
    else t.maaError("L");
  },
  RS: resyncByRs,
  RSAK: report("K"),
  STAT: releaseOn("H"),
  USTAT: releaseOn("I"),
};

const INCOMING_RECOVERY_PENDING: PduTable = {
  BGN: restartedByBgn,
  BGAK: report("C"),
  END: peerEnd,
  ENDAK: abortOn("F"),
  BGREJ: abortOn("D"),
  ER: (t, pdu) => {
    if (!t.detectRetransmission(pdu.nSQ)) t.maaError("L");
  },
  RS: resyncByRs,
  RSAK: report("K"),
  SD: releaseOn("A"),
  POLL: releaseOn("G"),
  STAT: releaseOn("H"),
  USTAT: releaseOn("I"),
  ERAK: report("M"),
};

/** Restart Timer_NO-RESPONSE after a repeated BGN/RS/ER, unless in the idle phase where nobody polls. */
function keepAlive(t: Transition): void {
  if (t.running("NO-RESPONSE")) t.start("NO-RESPONSE");
}

/** Leave state 10 after the peer released or failed: stop timers, drop buffers. */
function leaveReady(t: Transition): void {
  t.resetDataTransferTimers();
  t.releaseBuffers();
}

const DATA_TRANSFER_READY: PduTable = {
  BGN: (t, pdu) => {
    if (t.detectRetransmission(pdu.nSQ)) {
      // Our BGAK was lost; deviation: Timer_NO-RESPONSE is only restarted if it runs (see keepAlive).
      keepAlive(t);
      return t.sendBgak();
    }
    leaveReady(t);
    t.s.vtMS = pdu.nMR;
    t.up({ name: "AA-RELEASE.indication", uu: EMPTY, source: "sscop" });
    t.up({ name: "AA-ESTABLISH.indication", uu: pdu.uu });
    t.enter("IncomingConnectionPending");
  },
  END: (t, pdu) => {
    leaveReady(t);
    peerEnd(t, pdu);
  },
  ENDAK: (t) => {
    leaveReady(t);
    abortOn("F")(t);
  },
  BGREJ: (t) => {
    leaveReady(t);
    abortOn("D")(t);
  },
  RS: (t, pdu) => {
    if (t.detectRetransmission(pdu.nSQ)) {
      keepAlive(t);
      return t.sendRsak();
    }
    leaveReady(t);
    t.s.vtMS = pdu.nMR;
    t.up({ name: "AA-RESYNC.indication", uu: pdu.uu });
    t.enter("IncomingResynchronizationPending");
  },
  ER: (t, pdu) => {
    if (t.detectRetransmission(pdu.nSQ)) {
      keepAlive(t);
      return t.sendErak();
    }
    t.resetDataTransferTimers();
    t.s.vtMS = pdu.nMR;
    t.clearTransmitter();
    t.clearReceiver();
    t.up({ name: "AA-RECOVER.indication" });
    t.enter("IncomingRecoveryPending");
  },
  SD: receiveSd,
  POLL: receivePoll,
  STAT: receiveStat,
  USTAT: receiveUstat,
};

const PDU_TABLES: Readonly<Record<SscopPhase, PduTable>> = {
  Idle: IDLE,
  OutgoingConnectionPending: OUTGOING_CONNECTION_PENDING,
  IncomingConnectionPending: INCOMING_CONNECTION_PENDING,
  OutgoingDisconnectionPending: OUTGOING_DISCONNECTION_PENDING,
  OutgoingResynchronizationPending: OUTGOING_RESYNCHRONIZATION_PENDING,
  IncomingResynchronizationPending: INCOMING_RESYNCHRONIZATION_PENDING,
  OutgoingRecoveryPending: OUTGOING_RECOVERY_PENDING,
  RecoveryResponsePending: RECOVERY_RESPONSE_PENDING,
  IncomingRecoveryPending: INCOMING_RECOVERY_PENDING,
  DataTransferReady: DATA_TRANSFER_READY,
};

/** Size limits of Q.2110 §7.8 (MaxK, MaxJ, MaxSTAT); a violation is MAA-ERROR U. */
function lengthViolation(state: SscopState, pdu: Pdu): boolean {
  const c = state.config;
  switch (pdu.type) {
    case "SD":
    case "UD":
    case "MD":
      return pdu.data.length > c.maxK;
    case "BGN":
    case "BGAK":
    case "END":
    case "RS":
    case "BGREJ":
      return pdu.uu.length > c.maxJ;
    case "STAT":
      return pdu.list.length > c.maxSTAT;
    default:
      return false;
  }
}

/** A received PDU, dispatched on the current state. */
export function receivePdu(t: Transition, pdu: Pdu): void {
  if (lengthViolation(t.s, pdu)) {
    t.maaError("U");
    return;
  }
  if (pdu.type === "UD") {
    t.up({ name: "AA-UNITDATA.indication", data: pdu.data });
    return;
  }
  if (pdu.type === "MD") {
    t.effects.push({ kind: "maa", signal: { name: "MAA-UNITDATA.indication", data: pdu.data } });
    return;
  }
  const handler = PDU_TABLES[t.s.phase][pdu.type] as Handler<typeof pdu.type> | undefined;
  handler?.(t, pdu as never);
}
