import type { PollPdu, SdPdu, StatPdu, UstatPdu } from "./pdu.ts";
import { seqAdd, seqDiff, seqOffset } from "./seq.ts";
import type { MaaErrorCode } from "./signals.ts";
import type { Transition } from "./transition.ts";

// Data transfer in state 10 (Q.2110 SDL sheets "Data Transfer Ready"; Q.2110 SSCOP / Q.2130 SSCF-UNI items 4–9).
// Where the SDL would start error recovery for something a link that duplicates and reorders frames
// produces routinely, the PDU is dropped instead (Q.2110 SSCOP / Q.2130 SSCF-UNI item 4); each such place says so.

/** Error recovery started by this side: MAA-ERROR, ER with a new N(SQ), Timer_CC, state 7. */
export function startRecovery(t: Transition, code: MaaErrorCode): void {
  t.resetDataTransferTimers();
  t.maaError(code);
  t.s.vtCC = 1;
  t.nextSQ();
  t.initializeMR();
  t.sendEr();
  t.clearTransmitter();
  t.start("CC");
  t.enter("OutgoingRecoveryPending");
}

/** Receive window size, VR(MR) − VR(R). */
function window(t: Transition): number {
  return seqOffset(t.s.vrMR, t.s.vrR);
}

function sendUstat(t: Transition, first: number, second: number): void {
  t.send({ type: "USTAT", nMR: t.s.vrMR, nR: t.s.vrR, list: [first, second] });
}

/** SD received in state 10. */
export function receiveSd(t: Transition, pdu: SdPdu): void {
  const s = t.s;
  const d = seqDiff(pdu.nS, s.vrR);
  // Tolerance: an SD below VR(R) is a duplicate of something delivered; the SDL would read it as
  // "outside the window" and send a USTAT.
  if (d < 0) return;
  const win = window(t);
  const h = seqOffset(s.vrH, s.vrR);
  if (d >= win) {
    // Outside the window: drop, and report the window edge once.
    if (h < win) {
      sendUstat(t, s.vrH, s.vrMR);
      s.vrH = s.vrMR;
    }
    return;
  }
  if (d === 0) {
    t.up({ name: "AA-DATA.indication", data: pdu.data, sn: pdu.nS });
    s.vrR = seqAdd(s.vrR, 1);
    if (s.receiveBuffer.size > 0) {
      const rx = t.rxBuffer();
      for (let next = rx.get(s.vrR); next !== undefined; next = rx.get(s.vrR)) {
        rx.delete(s.vrR);
        t.up({ name: "AA-DATA.indication", data: next, sn: s.vrR });
        s.vrR = seqAdd(s.vrR, 1);
      }
    }
    // VR(H) = N(S) meant nothing beyond it was known; otherwise VR(H) is still ahead of VR(R).
    if (h === 0) s.vrH = s.vrR;
    // The user takes delivered data at once, so the window slides with VR(R).
    s.vrMR = seqAdd(s.vrR, s.config.receiveWindow);
    return;
  }
  if (d === h) {
    t.rxBuffer().set(pdu.nS, pdu.data);
    s.vrH = seqAdd(s.vrH, 1);
    return;
  }
  if (d > h) {
    t.rxBuffer().set(pdu.nS, pdu.data);
    sendUstat(t, s.vrH, pdu.nS);
    s.vrH = seqAdd(pdu.nS, 1);
    return;
  }
  // VR(R) < N(S) < VR(H). Tolerance: an SD already buffered is a duplicate, not error Q.
  if (s.receiveBuffer.has(pdu.nS)) return;
  t.rxBuffer().set(pdu.nS, pdu.data);
}

/**
 * The STAT list for [VR(R), VR(H)): alternately the first N(S) of a gap and the first N(S) received
 * after it; the walk ends with VR(H).
 */
export function statList(vrR: number, vrH: number, has: (sn: number) => boolean): number[] {
  const list: number[] = [];
  const h = seqOffset(vrH, vrR);
  const at = (i: number): number => seqAdd(vrR, i);
  let i = 0;
  while (i !== h) {
    while (i < h && has(at(i))) i++;
    list.push(at(i));
    if (i >= h) break;
    do i++;
    while (i < h && !has(at(i)));
    list.push(at(i));
  }
  return list;
}

/** Splits a list into STAT-sized pieces; each piece after the first repeats the gap start that ended the last. */
export function splitStatList(list: readonly number[], maxSTAT: number): number[][] {
  if (list.length <= maxSTAT) return [[...list]];
  const pieces: number[][] = [];
  for (let start = 0; ; start += maxSTAT - 1) {
    pieces.push(list.slice(start, start + maxSTAT));
    if (start + maxSTAT >= list.length) return pieces;
  }
}

/** POLL received in state 10: answer with STAT(s). */
export function receivePoll(t: Transition, pdu: PollPdu): void {
  const s = t.s;
  // Every POLL is answered, even a reordered or duplicated one: its STAT describes the receiver as it
  // is now, and the transmitter drops a STAT whose N(PS) is older than one it processed. (Dropping
  // old POLLs here, as Q.2110 SSCOP / Q.2130 SSCF-UNI suggests, would need a record of the last N(PS) that a
  // stale POLL from before a re-establishment could push ahead, silencing every later POLL.)
  const h = seqOffset(s.vrH, s.vrR);
  const d = seqDiff(pdu.nS, s.vrR);
  // Tolerance: N(S) < VR(H) means an SD sent after this POLL overtook it (the SDL says error Q).
  if (d > h) s.vrH = d > window(t) ? s.vrMR : pdu.nS;
  const rx = s.receiveBuffer;
  const list = statList(s.vrR, s.vrH, (sn) => rx.has(sn));
  for (const piece of splitStatList(list, s.config.maxSTAT)) {
    t.send({ type: "STAT", nPS: pdu.nPS, nMR: s.vrMR, nR: s.vrR, list: piece });
  }
}

/** Frees every SD below N(R) and makes N(R) the new VT(A). */
function acknowledge(t: Transition, nR: number): void {
  const s = t.s;
  const count = seqOffset(nR, s.vtA);
  if (count > 0) {
    const tx = t.txBuffer();
    for (let i = 0; i < count; i++) tx.delete(seqAdd(s.vtA, i));
    if (s.retransmitQueue.length > 0) {
      const base = s.vtA;
      s.retransmitQueue = s.retransmitQueue.filter((sn) => seqOffset(sn, base) >= count);
    }
  }
  s.vtA = nR;
}

/** Puts SD `sn` in the retransmission queue unless it is there already; true when it was added. */
function queueRetransmission(t: Transition, sn: number): boolean {
  const entry = t.s.transmitBuffer.get(sn);
  if (entry === undefined || entry.queued) return false;
  t.txBuffer().set(sn, { ...entry, queued: true });
  const q = t.rexmitQueue();
  const base = t.s.vtA;
  const off = seqOffset(sn, base);
  let at = q.length;
  while (at > 0 && seqOffset(q[at - 1] as number, base) > off) at--;
  q.splice(at, 0, sn);
  return true;
}

/** STAT received in state 10. */
export function receiveStat(t: Transition, pdu: StatPdu): void {
  const s = t.s;
  // Tolerance: N(PS) below VT(PA) answers an older POLL than one already answered (SDL: error R).
  if (seqDiff(pdu.nPS, s.vtPA) < 0) return;
  if (seqDiff(pdu.nPS, s.vtPS) > 0) {
    startRecovery(t, "R");
    return;
  }
  // Tolerance: N(R) below VT(A) is older news than a STAT/USTAT already processed (SDL: error S).
  if (seqDiff(pdu.nR, s.vtA) < 0) return;
  const top = seqOffset(s.vtS, pdu.nR);
  if (seqDiff(pdu.nR, s.vtS) > 0) {
    startRecovery(t, "S");
    return;
  }
  let previous = -1;
  for (const e of pdu.list) {
    const off = seqOffset(e, pdu.nR);
    if (off <= previous || off > top) {
      startRecovery(t, "S");
      return;
    }
    previous = off;
  }

  acknowledge(t, pdu.nR);
  s.vtPA = pdu.nPS;
  s.vtMS = pdu.nMR;
  let count = 0;
  for (let k = 0; k + 1 < pdu.list.length; k += 2) {
    const first = pdu.list[k] as number;
    const gap = seqOffset(pdu.list[k + 1] as number, first);
    for (let i = 0; i < gap; i++) {
      const sn = seqAdd(first, i);
      const entry = s.transmitBuffer.get(sn);
      // Only SDs sent before the POLL this STAT answers are really missing; later ones may be in flight.
      if (entry !== undefined && seqDiff(entry.ps, pdu.nPS) < 0 && queueRetransmission(t, sn)) count++;
    }
  }
  if (count > 0) t.maaError("V", count);

  if (seqDiff(s.vtMS, s.vtS) <= 0) {
    if (s.credit) {
      s.credit = false;
      t.maaError("W");
    }
  } else if (!s.credit) {
    s.credit = true;
    t.maaError("X");
  }

  if (t.running("POLL")) t.start("NO-RESPONSE");
  else if (!t.running("IDLE")) {
    t.stop("KEEP-ALIVE");
    t.stop("NO-RESPONSE");
    t.start("IDLE");
  }
}

/** USTAT received in state 10. */
export function receiveUstat(t: Transition, pdu: UstatPdu): void {
  const s = t.s;
  // Tolerance: N(R) below VT(A) is stale (SDL: error T).
  if (seqDiff(pdu.nR, s.vtA) < 0) return;
  if (seqDiff(pdu.nR, s.vtS) >= 0) {
    startRecovery(t, "T");
    return;
  }
  const [first, second] = pdu.list;
  const o1 = seqOffset(first, pdu.nR);
  const o2 = seqOffset(second, pdu.nR);
  if (o1 >= o2 || o2 >= seqOffset(s.vtS, pdu.nR)) {
    startRecovery(t, "T");
    return;
  }
  acknowledge(t, pdu.nR);
  s.vtMS = pdu.nMR;
  let count = 0;
  for (let i = 0; i < o2 - o1; i++) if (queueRetransmission(t, seqAdd(first, i))) count++;
  if (count > 0) t.maaError("V", count);
}

/** Timer_POLL or Timer_KEEP-ALIVE expiry in state 10. */
export function pollTimerExpired(t: Transition): void {
  t.sendPoll();
  t.setPollTimer();
}

/** Timer_IDLE expiry in state 10: leave the idle phase with a POLL. */
export function idleTimerExpired(t: Transition): void {
  t.start("NO-RESPONSE");
  t.sendPoll();
  t.setPollTimer();
}

/** Timer_NO-RESPONSE expiry in state 10: the link is lost. */
export function noResponseExpired(t: Transition): void {
  t.resetDataTransferTimers();
  t.maaError("P");
  t.sendEndBySscop();
  t.releaseBySscop();
}

/** After each SD sent: count it, leave the idle/transient phase, and POLL every MaxPD SDs. */
function afterSd(t: Transition): void {
  const s = t.s;
  s.vtPD++;
  if (t.running("POLL")) {
    if (s.vtPD < s.config.maxPD) return;
  } else {
    if (t.running("IDLE")) {
      t.stop("IDLE");
      t.start("NO-RESPONSE");
    } else t.stop("KEEP-ALIVE");
    if (s.vtPD < s.config.maxPD) {
      t.start("POLL");
      return;
    }
  }
  t.sendPoll();
  t.start("POLL");
}

/** Sends what may be sent: retransmissions first, then new SDs while the peer's credit lasts. */
export function pump(t: Transition): void {
  const s = t.s;
  for (;;) {
    const sn = s.retransmitQueue[0];
    if (sn !== undefined) {
      t.rexmitQueue().shift();
      const entry = s.transmitBuffer.get(sn);
      if (entry === undefined) continue;
      t.txBuffer().set(sn, { data: entry.data, ps: s.vtPS, queued: false });
      t.send({ type: "SD", nS: sn, data: entry.data });
      afterSd(t);
      continue;
    }
    if (s.transmitQueue.length === 0) return;
    if (seqDiff(s.vtMS, s.vtS) <= 0) {
      // Window closed. In the idle phase nobody polls, so ask for news of the credit now.
      if (t.running("IDLE")) {
        t.stop("IDLE");
        t.start("NO-RESPONSE");
        t.sendPoll();
        t.start("POLL");
      }
      return;
    }
    const data = t.txQueue().shift() as Uint8Array;
    t.txBuffer().set(s.vtS, { data, ps: s.vtPS, queued: false });
    t.send({ type: "SD", nS: s.vtS, data });
    s.vtS = seqAdd(s.vtS, 1);
    afterSd(t);
  }
}
