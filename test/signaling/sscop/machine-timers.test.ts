import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sched/index.ts";
import { step } from "../../../src/signaling/sscop/machine.ts";
import {
  data,
  indications,
  maaErrors,
  pdu,
  readyInitiator,
  run,
  runningTimers,
  sent,
  timer,
  timerOps,
} from "./machine-helpers.ts";

const none = new Uint8Array(0);
const stat = (nPS: number, nR = 0) => pdu({ type: "STAT", nPS, nMR: 128 + nR, nR, list: [] });

describe("SSCOP timers in state 10", () => {
  it("Timer_POLL with nothing outstanding polls and moves to KEEP-ALIVE (transient phase)", () => {
    const r = step(readyInitiator(), timer("POLL"));
    expect(sent(r.effects)).toEqual([{ type: "POLL", nPS: 1, nS: 0 }]);
    expect(r.effects).toContainEqual({ kind: "startTimer", timer: "KEEP-ALIVE", duration: seconds(2) });
    expect(runningTimers(r.state)).toEqual(["KEEP-ALIVE", "NO-RESPONSE"]);
  });

  it("Timer_POLL with SDs outstanding keeps polling at the POLL interval", () => {
    const r = run(readyInitiator(), data(1), timer("POLL"));
    expect(sent(r.effects).at(-1)).toEqual({ type: "POLL", nPS: 1, nS: 1 });
    expect(runningTimers(r.state)).toEqual(["NO-RESPONSE", "POLL"]);
  });

  it("a STAT in the transient phase stops KEEP-ALIVE and NO-RESPONSE and starts IDLE (idle phase)", () => {
    const r = run(readyInitiator(), timer("POLL"), stat(1));
    expect(runningTimers(r.state)).toEqual(["IDLE"]);
    expect(r.effects).toContainEqual({ kind: "startTimer", timer: "IDLE", duration: seconds(15) });
  });

  it("a STAT while POLL runs restarts NO-RESPONSE", () => {
    const r = run(readyInitiator(), data(1), timer("POLL"));
    const r2 = step(r.state, stat(1, 1));
    expect(timerOps(r2.effects)).toEqual(["+NO-RESPONSE"]);
  });

  it("Timer_IDLE expiry starts NO-RESPONSE and polls (back to the transient phase)", () => {
    const idle = run(readyInitiator(), timer("POLL"), stat(1)).state;
    const r = step(idle, timer("IDLE"));
    expect(sent(r.effects)).toEqual([{ type: "POLL", nPS: 2, nS: 0 }]);
    expect(runningTimers(r.state)).toEqual(["KEEP-ALIVE", "NO-RESPONSE"]);
  });

  it("Timer_KEEP-ALIVE expiry polls again", () => {
    const transient = step(readyInitiator(), timer("POLL")).state;
    const r = step(transient, timer("KEEP-ALIVE"));
    expect(sent(r.effects)).toEqual([{ type: "POLL", nPS: 2, nS: 0 }]);
    expect(runningTimers(r.state)).toEqual(["KEEP-ALIVE", "NO-RESPONSE"]);
  });

  it("new data in the idle phase leaves it: IDLE stopped, NO-RESPONSE and POLL started", () => {
    const idle = run(readyInitiator(), timer("POLL"), stat(1)).state;
    const r = step(idle, data(7));
    expect(timerOps(r.effects)).toEqual(["-IDLE", "+NO-RESPONSE", "+POLL"]);
    expect(sent(r.effects)).toEqual([{ type: "SD", nS: 0, data: Uint8Array.of(7) }]);
  });

  it("data against a closed window in the idle phase polls at once for credit", () => {
    const closedStat = (nPS: number) => pdu({ type: "STAT", nPS, nMR: 1, nR: 1, list: [] });
    const idle = run(
      readyInitiator({}, 1),
      data(1),
      timer("POLL"),
      closedStat(1),
      timer("POLL"),
      closedStat(2),
    ).state;
    expect(runningTimers(idle)).toEqual(["IDLE"]);
    const r = step(idle, data(2));
    expect(sent(r.effects)).toEqual([{ type: "POLL", nPS: 3, nS: 1 }]);
    expect(timerOps(r.effects)).toEqual(["-IDLE", "+NO-RESPONSE", "+POLL"]);
    expect(r.state.transmitQueue).toHaveLength(1);
  });

  it("Timer_NO-RESPONSE expiry: MAA-ERROR P, END (S = 1), AA-RELEASE.indication, Idle", () => {
    const r = run(readyInitiator(), data(1), timer("NO-RESPONSE"));
    expect(maaErrors(r.effects)).toEqual(["P"]);
    expect(sent(r.effects).at(-1)).toEqual({ type: "END", source: "sscop", uu: none });
    expect(indications(r.effects).at(-1)).toEqual({
      name: "AA-RELEASE.indication",
      uu: none,
      source: "sscop",
    });
    expect(r.state.phase).toBe("Idle");
    expect(runningTimers(r.state)).toEqual([]);
    expect(r.state.transmitBuffer.size).toBe(0);
  });

  it("an expiry of a timer that is not running changes nothing", () => {
    const state = readyInitiator();
    const r = step(state, timer("IDLE"));
    expect(r.effects).toEqual([]);
    expect(r.state).toEqual(state);
  });

  it("a repeated BGN in the idle phase does not start NO-RESPONSE (deviation: nobody would poll)", () => {
    const idle = run(readyInitiator(), timer("POLL"), stat(1)).state;
    const responder = { ...idle, vrSQ: 4 };
    const r = step(responder, pdu({ type: "BGN", nSQ: 4, nMR: 128, uu: none }));
    expect(timerOps(r.effects)).toEqual([]);
    expect(sent(r.effects)).toEqual([{ type: "BGAK", nMR: 128, uu: none }]);
  });
});
