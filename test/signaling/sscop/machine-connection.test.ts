import { describe, expect, it } from "vitest";
import { ms, seconds } from "../../../src/sched/index.ts";
import { step } from "../../../src/signaling/sscop/machine.ts";
import {
  aa,
  fresh,
  indicationNames,
  indications,
  maaErrors,
  pdu,
  readyInitiator,
  readyResponder,
  run,
  runningTimers,
  sent,
  timer,
  timerOps,
} from "./machine-helpers.ts";

const none = new Uint8Array(0);
const uu = Uint8Array.of(0xde, 0xad);

describe("SSCOP establishment", () => {
  it("AA-ESTABLISH.request sends BGN under Timer_CC (1 s) and waits in state 2", () => {
    const r = step(fresh(), aa({ name: "AA-ESTABLISH.request", uu }));
    expect(r.state.phase).toBe("OutgoingConnectionPending");
    expect(sent(r.effects)).toEqual([{ type: "BGN", nSQ: 1, nMR: 128, uu }]);
    expect(r.effects).toContainEqual({ kind: "startTimer", timer: "CC", duration: seconds(1) });
  });

  it("BGAK confirms, takes the peer's credit and starts POLL and NO-RESPONSE", () => {
    const r = run(fresh(), aa({ name: "AA-ESTABLISH.request" }), pdu({ type: "BGAK", nMR: 40, uu }));
    expect(r.state.phase).toBe("DataTransferReady");
    expect(indications(r.effects)).toContainEqual({ name: "AA-ESTABLISH.confirm", uu });
    expect(r.state.vtMS).toBe(40);
    expect(runningTimers(r.state)).toEqual(["NO-RESPONSE", "POLL"]);
    expect(r.effects).toContainEqual({ kind: "startTimer", timer: "POLL", duration: ms(750) });
    expect(r.effects).toContainEqual({ kind: "startTimer", timer: "NO-RESPONSE", duration: seconds(7) });
  });

  it("BGREJ ends the attempt with AA-RELEASE.indication from the peer user", () => {
    const r = run(fresh(), aa({ name: "AA-ESTABLISH.request" }), pdu({ type: "BGREJ", uu }));
    expect(r.state.phase).toBe("Idle");
    expect(indications(r.effects)).toEqual([{ name: "AA-RELEASE.indication", uu, source: "user" }]);
    expect(runningTimers(r.state)).toEqual([]);
  });

  it("retransmits BGN with the same N(SQ) on Timer_CC, and gives up after MaxCC = 4 (MAA-ERROR O)", () => {
    let r = run(fresh(), aa({ name: "AA-ESTABLISH.request" }));
    for (let i = 2; i <= 4; i++) {
      r = run(r.state, timer("CC"));
      expect(sent(r.effects)).toEqual([{ type: "BGN", nSQ: 1, nMR: 128, uu: none }]);
      expect(r.state.vtCC).toBe(i);
    }
    r = run(r.state, timer("CC"));
    expect(maaErrors(r.effects)).toEqual(["O"]);
    expect(sent(r.effects)).toEqual([{ type: "END", source: "sscop", uu: none }]);
    expect(indications(r.effects)).toEqual([{ name: "AA-RELEASE.indication", uu: none, source: "sscop" }]);
    expect(r.state.phase).toBe("Idle");
  });

  it("a new attempt uses a new N(SQ)", () => {
    const first = run(fresh(), aa({ name: "AA-ESTABLISH.request" }), pdu({ type: "BGREJ", uu: none }));
    const second = step(first.state, aa({ name: "AA-ESTABLISH.request" }));
    expect(sent(second.effects)).toEqual([{ type: "BGN", nSQ: 2, nMR: 128, uu: none }]);
  });

  it("incoming BGN: AA-ESTABLISH.indication, then AA-ESTABLISH.response sends BGAK and enters state 10", () => {
    const r1 = step(fresh(), pdu({ type: "BGN", nSQ: 9, nMR: 60, uu }));
    expect(r1.state.phase).toBe("IncomingConnectionPending");
    expect(indications(r1.effects)).toEqual([{ name: "AA-ESTABLISH.indication", uu }]);
    expect(r1.state.vrSQ).toBe(9);
    const r2 = step(r1.state, aa({ name: "AA-ESTABLISH.response" }));
    expect(sent(r2.effects)).toEqual([{ type: "BGAK", nMR: 128, uu: none }]);
    expect(r2.state.phase).toBe("DataTransferReady");
    expect(r2.state.vtMS).toBe(60);
  });

  it("AA-RELEASE.request in state 3 rejects with BGREJ", () => {
    const r = run(fresh(), pdu({ type: "BGN", nSQ: 9, nMR: 60, uu }), aa({ name: "AA-RELEASE.request", uu }));
    expect(sent(r.effects)).toEqual([{ type: "BGREJ", uu }]);
    expect(r.state.phase).toBe("Idle");
  });

  it("a repeated BGN in Idle is rejected again; one in state 10 is answered with BGAK again", () => {
    const rejected = run(
      fresh(),
      pdu({ type: "BGN", nSQ: 9, nMR: 60, uu }),
      aa({ name: "AA-RELEASE.request" }),
    );
    const again = step(rejected.state, pdu({ type: "BGN", nSQ: 9, nMR: 60, uu }));
    expect(sent(again.effects)).toEqual([{ type: "BGREJ", uu: none }]);
    expect(indications(again.effects)).toEqual([]);

    const ready = readyResponder();
    const repeat = step(ready, pdu({ type: "BGN", nSQ: 1, nMR: 128, uu: none }));
    expect(sent(repeat.effects)).toEqual([{ type: "BGAK", nMR: 128, uu: none }]);
    expect(indications(repeat.effects)).toEqual([]);
    expect(repeat.state.phase).toBe("DataTransferReady");
  });

  it("a new BGN in state 10 means the peer restarted: release, then a new establishment", () => {
    const r = step(readyResponder(), pdu({ type: "BGN", nSQ: 2, nMR: 128, uu: none }));
    expect(indicationNames(r.effects)).toEqual(["AA-RELEASE.indication", "AA-ESTABLISH.indication"]);
    expect(r.state.phase).toBe("IncomingConnectionPending");
    expect(runningTimers(r.state)).toEqual([]);
  });

  it("crossing BGNs: each side answers BGAK and both are connected", () => {
    const a = step(fresh(), aa({ name: "AA-ESTABLISH.request" })).state;
    const r = step(a, pdu({ type: "BGN", nSQ: 1, nMR: 90, uu: none }));
    expect(sent(r.effects)).toEqual([{ type: "BGAK", nMR: 128, uu: none }]);
    expect(indicationNames(r.effects)).toEqual(["AA-ESTABLISH.confirm"]);
    expect(r.state.phase).toBe("DataTransferReady");
    expect(r.state.vtMS).toBe(90);
    // The peer's BGAK to our BGN then arrives in state 10 and is ignored.
    expect(step(r.state, pdu({ type: "BGAK", nMR: 90, uu: none })).effects).toEqual([]);
  });

  it("user signals that the state does not allow are reported, not acted on", () => {
    const r = step(fresh(), aa({ name: "AA-DATA.request", data: uu }));
    expect(r.effects).toEqual([]);
    expect(r.ignored).toMatch(/AA-DATA.request in state Idle/);
    expect(step(fresh({ maxJ: 1 }), aa({ name: "AA-ESTABLISH.request", uu })).ignored).toMatch(/MaxJ/);
  });
});

describe("SSCOP release", () => {
  it("AA-RELEASE.request in state 10: END (S = 0), Timer_CC, data timers stopped; ENDAK confirms", () => {
    const r1 = step(readyInitiator(), aa({ name: "AA-RELEASE.request", uu }));
    expect(sent(r1.effects)).toEqual([{ type: "END", source: "user", uu }]);
    expect(r1.state.phase).toBe("OutgoingDisconnectionPending");
    expect(runningTimers(r1.state)).toEqual(["CC"]);
    expect(timerOps(r1.effects)).toEqual(["-POLL", "-NO-RESPONSE", "+CC"]);
    const r2 = step(r1.state, pdu({ type: "ENDAK" }));
    expect(indicationNames(r2.effects)).toEqual(["AA-RELEASE.confirm"]);
    expect(r2.state.phase).toBe("Idle");
    expect(runningTimers(r2.state)).toEqual([]);
  });

  it("END in state 10: ENDAK and AA-RELEASE.indication with the peer's UU and source", () => {
    const r = step(readyInitiator(), pdu({ type: "END", source: "sscop", uu }));
    expect(sent(r.effects)).toEqual([{ type: "ENDAK" }]);
    expect(indications(r.effects)).toEqual([{ name: "AA-RELEASE.indication", uu, source: "sscop" }]);
    expect(r.state.phase).toBe("Idle");
  });

  it("repeats END on Timer_CC with the same S bit and UU, then confirms after MaxCC (MAA-ERROR O)", () => {
    let r = run(readyInitiator(), aa({ name: "AA-RELEASE.request", uu }));
    for (let i = 2; i <= 4; i++) {
      r = run(r.state, timer("CC"));
      expect(sent(r.effects)).toEqual([{ type: "END", source: "user", uu }]);
    }
    r = run(r.state, timer("CC"));
    expect(maaErrors(r.effects)).toEqual(["O"]);
    expect(indicationNames(r.effects)).toEqual(["AA-RELEASE.confirm"]);
    expect(r.state.phase).toBe("Idle");
  });

  it("crossing ENDs: each side acknowledges and confirms", () => {
    const r = run(
      readyInitiator(),
      aa({ name: "AA-RELEASE.request" }),
      pdu({ type: "END", source: "user", uu }),
    );
    expect(sent(r.effects)).toEqual([{ type: "END", source: "user", uu: none }, { type: "ENDAK" }]);
    expect(indicationNames(r.effects)).toEqual(["AA-RELEASE.confirm"]);
  });

  it("in Idle: END is acknowledged, ENDAK ignored, data-phase PDUs answered with END (S = 1)", () => {
    expect(sent(step(fresh(), pdu({ type: "END", source: "user", uu })).effects)).toEqual([
      { type: "ENDAK" },
    ]);
    expect(step(fresh(), pdu({ type: "ENDAK" })).effects).toEqual([]);
    const cases = [
      [{ type: "SD", nS: 0, data: uu }, "A"],
      [{ type: "POLL", nPS: 1, nS: 0 }, "G"],
      [{ type: "STAT", nPS: 1, nMR: 9, nR: 0, list: [] }, "H"],
      [{ type: "USTAT", nMR: 9, nR: 0, list: [0, 1] }, "I"],
      [{ type: "ER", nSQ: 3, nMR: 9 }, "L"],
      [{ type: "ERAK", nMR: 9 }, "M"],
      [{ type: "RS", nSQ: 3, nMR: 9, uu }, "J"],
      [{ type: "RSAK", nMR: 9 }, "K"],
      [{ type: "BGAK", nMR: 9, uu }, "C"],
    ] as const;
    for (const [p, code] of cases) {
      const r = step(fresh(), pdu(p));
      expect(maaErrors(r.effects)).toEqual([code]);
      expect(sent(r.effects)).toEqual([{ type: "END", source: "sscop", uu: none }]);
      expect(r.state.phase).toBe("Idle");
    }
    expect(maaErrors(step(fresh(), pdu({ type: "BGREJ", uu })).effects)).toEqual(["D"]);
  });

  it("AA-ESTABLISH.request while waiting for ENDAK starts over with a new BGN", () => {
    const r = run(readyInitiator(), aa({ name: "AA-RELEASE.request" }), aa({ name: "AA-ESTABLISH.request" }));
    expect(r.state.phase).toBe("OutgoingConnectionPending");
    expect(sent(r.effects).at(-1)).toEqual({ type: "BGN", nSQ: 2, nMR: 128, uu: none });
  });

  it("a new BGN while waiting for ENDAK confirms the release and indicates the new connection", () => {
    const r = run(
      readyInitiator(),
      aa({ name: "AA-RELEASE.request" }),
      pdu({ type: "BGN", nSQ: 7, nMR: 9, uu }),
    );
    expect(indicationNames(r.effects)).toEqual(["AA-RELEASE.confirm", "AA-ESTABLISH.indication"]);
    expect(r.state.phase).toBe("IncomingConnectionPending");
  });

  it("UD and MD pass in any state; AA-UNITDATA.request sends UD", () => {
    const r = run(
      fresh(),
      pdu({ type: "UD", data: uu }),
      pdu({ type: "MD", data: uu }),
      aa({ name: "AA-UNITDATA.request", data: uu }),
    );
    expect(r.effects).toEqual([
      { kind: "aa", signal: { name: "AA-UNITDATA.indication", data: uu } },
      { kind: "maa", signal: { name: "MAA-UNITDATA.indication", data: uu } },
      { kind: "send", pdu: { type: "UD", data: uu } },
    ]);
  });

  it("an undecodable frame is MAA-ERROR U and changes nothing", () => {
    const state = readyInitiator();
    const r = step(state, { kind: "frame", bytes: Uint8Array.of(1, 2, 3) });
    expect(maaErrors(r.effects)).toEqual(["U"]);
    expect(r.state).toEqual(state);
  });

  it("a frame is decoded and acted on like the PDU", () => {
    const r = step(fresh(), { kind: "frame", bytes: Uint8Array.of(0, 0, 0, 0, 0x03, 0, 0, 0) });
    expect(sent(r.effects)).toEqual([{ type: "ENDAK" }]);
  });
});
