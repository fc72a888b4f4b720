import { describe, expect, it } from "vitest";
import { step } from "../../../src/signaling/sscop/machine.ts";
import type { Pdu } from "../../../src/signaling/sscop/pdu.ts";
import type { SscopEffect } from "../../../src/signaling/sscop/signals.ts";
import type { SscopState } from "../../../src/signaling/sscop/state.ts";
import {
  aa,
  data,
  delivered,
  indicationNames,
  maaErrors,
  pdu,
  readyInitiator,
  readyResponder,
  run,
  runningTimers,
  sent,
  timer,
} from "./machine-helpers.ts";

const none = new Uint8Array(0);

/** Delivers PDUs between two machines over a perfect wire until nothing is in flight. */
function converse(
  a: SscopState,
  b: SscopState,
  fromA: readonly Pdu[],
): { a: SscopState; b: SscopState; aEffects: SscopEffect[]; bEffects: SscopEffect[] } {
  const aEffects: SscopEffect[] = [];
  const bEffects: SscopEffect[] = [];
  let toB = [...fromA];
  let toA: Pdu[] = [];
  for (let rounds = 0; (toB.length > 0 || toA.length > 0) && rounds < 100; rounds++) {
    for (const p of toB) {
      const r = step(b, pdu(p));
      b = r.state;
      bEffects.push(...r.effects);
      toA.push(...sent(r.effects));
    }
    toB = [];
    for (const p of toA) {
      const r = step(a, pdu(p));
      a = r.state;
      aEffects.push(...r.effects);
      toB.push(...sent(r.effects));
    }
    toA = [];
  }
  return { a, b, aEffects, bEffects };
}

describe("SSCOP resynchronisation", () => {
  it("AA-RESYNC.request: RS under Timer_CC, buffers released; RSAK confirms with fresh state variables", () => {
    const busy = run(readyInitiator(), data(1), data(2)).state;
    const r1 = step(busy, aa({ name: "AA-RESYNC.request" }));
    expect(sent(r1.effects)).toEqual([{ type: "RS", nSQ: 2, nMR: 128, uu: none }]);
    expect(r1.state.phase).toBe("OutgoingResynchronizationPending");
    expect(runningTimers(r1.state)).toEqual(["CC"]);
    expect(r1.state.transmitBuffer.size).toBe(0);
    const r2 = step(r1.state, pdu({ type: "RSAK", nMR: 50 }));
    expect(indicationNames(r2.effects)).toEqual(["AA-RESYNC.confirm"]);
    expect(r2.state.phase).toBe("DataTransferReady");
    expect([r2.state.vtS, r2.state.vtA, r2.state.vtMS, r2.state.vrR]).toEqual([0, 0, 50, 0]);
  });

  it("the peer: RS in state 10 is AA-RESYNC.indication; AA-RESYNC.response sends RSAK; a repeated RS gets RSAK again", () => {
    const r1 = run(readyResponder(), sd0(), pdu({ type: "RS", nSQ: 2, nMR: 64, uu: none }));
    expect(indicationNames(r1.effects)).toEqual(["AA-DATA.indication", "AA-RESYNC.indication"]);
    expect(r1.state.phase).toBe("IncomingResynchronizationPending");
    expect(runningTimers(r1.state)).toEqual([]);
    const r2 = step(r1.state, aa({ name: "AA-RESYNC.response" }));
    expect(sent(r2.effects)).toEqual([{ type: "RSAK", nMR: 128 }]);
    expect([r2.state.phase, r2.state.vrR, r2.state.vtMS]).toEqual(["DataTransferReady", 0, 64]);
    const r3 = step(r2.state, pdu({ type: "RS", nSQ: 2, nMR: 64, uu: none }));
    expect(sent(r3.effects)).toEqual([{ type: "RSAK", nMR: 128 }]);
    expect(r3.state.phase).toBe("DataTransferReady");
  });

  it("repeats RS on Timer_CC and releases after MaxCC", () => {
    let r = run(readyInitiator(), aa({ name: "AA-RESYNC.request" }));
    for (let i = 0; i < 3; i++) {
      r = run(r.state, timer("CC"));
      expect(sent(r.effects)).toEqual([{ type: "RS", nSQ: 2, nMR: 128, uu: none }]);
    }
    r = run(r.state, timer("CC"));
    expect(maaErrors(r.effects)).toEqual(["O"]);
    expect(indicationNames(r.effects)).toEqual(["AA-RELEASE.indication"]);
  });

  it("crossing RSs: both sides confirm", () => {
    const a = step(readyInitiator(), aa({ name: "AA-RESYNC.request" })).state;
    const r = step(a, pdu({ type: "RS", nSQ: 7, nMR: 99, uu: none }));
    expect(sent(r.effects)).toEqual([{ type: "RSAK", nMR: 128 }]);
    expect(indicationNames(r.effects)).toEqual(["AA-RESYNC.confirm"]);
    expect(r.state.phase).toBe("DataTransferReady");
  });

  it("end to end: data flows again after a resynchronisation", () => {
    const a0 = readyInitiator();
    const b0 = readyResponder();
    const rs = step(a0, aa({ name: "AA-RESYNC.request" }));
    let c = converse(rs.state, b0, sent(rs.effects));
    expect(indicationNames(c.bEffects)).toEqual(["AA-RESYNC.indication"]);
    const resp = step(c.b, aa({ name: "AA-RESYNC.response" }));
    c = converse(resp.state, c.a, sent(resp.effects));
    // (roles swapped in this call: "a" is the responder now)
    expect(indicationNames(c.bEffects)).toEqual(["AA-RESYNC.confirm"]);
    const more = run(c.b, data(42));
    const done = converse(more.state, c.a, sent(more.effects));
    expect(delivered(done.bEffects)).toEqual([[42]]);
  });
});

describe("SSCOP error recovery", () => {
  /** An initiator that found a protocol error (a STAT answering a POLL it never sent). */
  function recovering(): { state: SscopState; effects: readonly SscopEffect[] } {
    const state = run(readyInitiator(), data(1), data(2)).state;
    return step(state, pdu({ type: "STAT", nPS: 9, nMR: 128, nR: 0, list: [] }));
  }

  it("a protocol error starts recovery: MAA-ERROR, ER with a new N(SQ) under Timer_CC, state 7", () => {
    const r = recovering();
    expect(maaErrors(r.effects)).toEqual(["R"]);
    expect(sent(r.effects)).toEqual([{ type: "ER", nSQ: 2, nMR: 128 }]);
    expect(runningTimers(r.state)).toEqual(["CC"]);
    expect(r.state.phase).toBe("OutgoingRecoveryPending");
  });

  it("the peer: ER in state 10 is AA-RECOVER.indication; AA-RECOVER.response sends ERAK", () => {
    const r1 = step(readyResponder(), pdu({ type: "ER", nSQ: 2, nMR: 128 }));
    expect(indicationNames(r1.effects)).toEqual(["AA-RECOVER.indication"]);
    expect(r1.state.phase).toBe("IncomingRecoveryPending");
    const r2 = step(r1.state, aa({ name: "AA-RECOVER.response" }));
    expect(sent(r2.effects)).toEqual([{ type: "ERAK", nMR: 128 }]);
    expect(r2.state.phase).toBe("DataTransferReady");
    // A repeated ER (our ERAK was lost) is answered again without a new indication.
    const r3 = step(r2.state, pdu({ type: "ER", nSQ: 2, nMR: 128 }));
    expect(sent(r3.effects)).toEqual([{ type: "ERAK", nMR: 128 }]);
    expect(indicationNames(r3.effects)).toEqual([]);
  });

  it("ERAK completes the originator's recovery after its user answers", () => {
    const r1 = step(recovering().state, pdu({ type: "ERAK", nMR: 77 }));
    expect(indicationNames(r1.effects)).toEqual(["AA-RECOVER.indication"]);
    expect(r1.state.phase).toBe("RecoveryResponsePending");
    const r2 = step(r1.state, aa({ name: "AA-RECOVER.response" }));
    expect(r2.state.phase).toBe("DataTransferReady");
    expect([r2.state.vtS, r2.state.vtMS]).toEqual([0, 77]);
    expect(runningTimers(r2.state)).toEqual(["NO-RESPONSE", "POLL"]);
  });

  it("repeats ER on Timer_CC and releases after MaxCC", () => {
    let state = recovering().state;
    for (let i = 0; i < 3; i++) {
      const r = step(state, timer("CC"));
      expect(sent(r.effects)).toEqual([{ type: "ER", nSQ: 2, nMR: 128 }]);
      state = r.state;
    }
    const r = step(state, timer("CC"));
    expect(maaErrors(r.effects)).toEqual(["O"]);
    expect(sent(r.effects)).toEqual([{ type: "END", source: "sscop", uu: none }]);
    expect(r.state.phase).toBe("Idle");
  });

  it("data requested during recovery is discarded in state 7 and queued in states 8 and 9", () => {
    expect(step(recovering().state, data(5)).ignored).toMatch(/BR = yes/);
    const pending = step(recovering().state, pdu({ type: "ERAK", nMR: 77 })).state;
    const r = run(pending, data(5), aa({ name: "AA-RECOVER.response" }));
    expect(sent(r.effects)).toEqual([{ type: "SD", nS: 0, data: Uint8Array.of(5) }]);
  });

  it("end to end: both sides are back in state 10 and data flows", () => {
    const r = recovering();
    const b0 = readyResponder();
    let c = converse(r.state, b0, sent(r.effects));
    expect(indicationNames(c.bEffects)).toEqual(["AA-RECOVER.indication"]);
    const resp = step(c.b, aa({ name: "AA-RECOVER.response" }));
    c = converse(resp.state, c.a, sent(resp.effects));
    expect(indicationNames(c.bEffects)).toEqual(["AA-RECOVER.indication"]);
    const a = step(c.b, aa({ name: "AA-RECOVER.response" })).state;
    const more = run(a, data(9));
    const done = converse(more.state, c.a, sent(more.effects));
    expect(delivered(done.bEffects)).toEqual([[9]]);
  });
});

function sd0() {
  return pdu({ type: "SD", nS: 0, data: Uint8Array.of(0) });
}
