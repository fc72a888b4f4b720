import { describe, expect, it } from "vitest";
import { step } from "../../../src/signaling/sscop/machine.ts";
import {
  data,
  delivered,
  indicationNames,
  maaErrors,
  pdu,
  readyInitiator,
  readyResponder,
  run,
  sd,
  sent,
  sentOf,
  timer,
} from "./machine-helpers.ts";

describe("SSCOP receiver", () => {
  it("delivers in-sequence SDs at once and slides the window with VR(R)", () => {
    const r = run(readyResponder(), sd(0), sd(1));
    expect(delivered(r.effects)).toEqual([[0], [1]]);
    expect(r.effects.filter((e) => e.kind === "aa")).toContainEqual({
      kind: "aa",
      signal: { name: "AA-DATA.indication", data: Uint8Array.of(1), sn: 1 },
    });
    expect([r.state.vrR, r.state.vrH, r.state.vrMR]).toEqual([2, 2, 130]);
    expect(sent(r.effects)).toEqual([]);
  });

  it("buffers after a gap, reports it once with USTAT, and delivers everything in order when it fills", () => {
    const r1 = run(readyResponder(), sd(0), sd(2));
    expect(delivered(r1.effects)).toEqual([[0]]);
    expect(sent(r1.effects)).toEqual([{ type: "USTAT", nMR: 129, nR: 1, list: [1, 2] }]);
    const r2 = run(r1.state, sd(3));
    expect(sent(r2.effects)).toEqual([]);
    const r3 = run(r2.state, sd(1));
    expect(delivered(r3.effects)).toEqual([[1], [2], [3]]);
    expect([r3.state.vrR, r3.state.vrH, r3.state.receiveBuffer.size]).toEqual([4, 4, 0]);
  });

  it("drops duplicates silently, whether already delivered or already buffered (UDP tolerance)", () => {
    const r = run(readyResponder(), sd(0), sd(2), sd(0), sd(2));
    expect(delivered(r.effects)).toEqual([[0]]);
    expect(sentOf(r.effects, "USTAT")).toHaveLength(1);
    expect(maaErrors(r.effects)).toEqual([]);
    expect(r.state.phase).toBe("DataTransferReady");
  });

  it("drops an SD beyond VR(MR) and reports the window edge with one USTAT", () => {
    const r = run(readyResponder({ receiveWindow: 4 }), sd(5), sd(6));
    expect(delivered(r.effects)).toEqual([]);
    expect(sent(r.effects)).toEqual([{ type: "USTAT", nMR: 4, nR: 0, list: [0, 4] }]);
    expect(r.state.vrH).toBe(4);
  });

  it("answers POLL with a STAT listing gaps and received runs (Q.2110 list rule)", () => {
    const state = run(readyResponder(), sd(0), sd(2), sd(3), sd(5)).state;
    const r = step(state, pdu({ type: "POLL", nPS: 1, nS: 7 }));
    expect(sent(r.effects)).toEqual([{ type: "STAT", nPS: 1, nMR: 129, nR: 1, list: [1, 2, 4, 5, 6, 7] }]);
    expect(r.state.vrH).toBe(7);
  });

  it("answers POLL with an empty list when nothing is missing, and caps VR(H) at VR(MR)", () => {
    expect(sent(run(readyResponder(), sd(0), pdu({ type: "POLL", nPS: 1, nS: 1 })).effects)).toContainEqual({
      type: "STAT",
      nPS: 1,
      nMR: 129,
      nR: 1,
      list: [],
    });
    const r = run(readyResponder({ receiveWindow: 4 }), pdu({ type: "POLL", nPS: 1, nS: 9 }));
    expect(sent(r.effects)).toEqual([{ type: "STAT", nPS: 1, nMR: 4, nR: 0, list: [0, 4] }]);
  });

  it("splits a long list into STATs of at most MaxSTAT elements, repeating the gap start", () => {
    const state = run(readyResponder({ maxSTAT: 3 }), sd(1), sd(3), sd(5)).state;
    const r = step(state, pdu({ type: "POLL", nPS: 1, nS: 6 }));
    expect(sentOf(r.effects, "STAT").map((s) => s.list)).toEqual([
      [0, 1, 2],
      [2, 3, 4],
      [4, 5, 6],
    ]);
  });

  it("answers a reordered POLL with N(S) below VR(H) without error recovery (UDP tolerance)", () => {
    const state = run(readyResponder(), sd(0), sd(1), sd(2), pdu({ type: "POLL", nPS: 2, nS: 3 })).state;
    const r = step(state, pdu({ type: "POLL", nPS: 1, nS: 1 }));
    expect(sent(r.effects)).toEqual([{ type: "STAT", nPS: 1, nMR: 131, nR: 3, list: [] }]);
    expect(maaErrors(r.effects)).toEqual([]);
    expect(r.state.vrH).toBe(3);
    expect(r.state.phase).toBe("DataTransferReady");
  });
});

describe("SSCOP transmitter", () => {
  it("numbers SDs from VT(S) and keeps them until acknowledged", () => {
    const r = run(readyInitiator(), data(10), data(11), data(12));
    expect(sentOf(r.effects, "SD").map((p) => [p.nS, ...p.data])).toEqual([
      [0, 10],
      [1, 11],
      [2, 12],
    ]);
    expect(r.state.vtS).toBe(3);
    expect([...r.state.transmitBuffer.keys()]).toEqual([0, 1, 2]);
  });

  it("polls after MaxPD SDs", () => {
    const r = run(readyInitiator({ maxPD: 2 }), data(1), data(2), data(3));
    expect(sent(r.effects).map((p) => p.type)).toEqual(["SD", "SD", "POLL", "SD"]);
    expect(sentOf(r.effects, "POLL")).toEqual([{ type: "POLL", nPS: 1, nS: 2 }]);
  });

  it("retransmits what a STAT lists as missing (MAA-ERROR V) and frees what N(R) acknowledges", () => {
    const state = run(readyInitiator(), data(0), data(1), data(2), data(3), timer("POLL")).state;
    const r = step(state, pdu({ type: "STAT", nPS: 1, nMR: 129, nR: 1, list: [1, 2, 3, 4] }));
    expect(sentOf(r.effects, "SD").map((p) => p.nS)).toEqual([1, 3]);
    expect(maaErrors(r.effects)).toEqual(["V2"]);
    expect(r.state.vtA).toBe(1);
    expect([...r.state.transmitBuffer.keys()].sort()).toEqual([1, 2, 3]);
  });

  it("does not retransmit an SD sent after the POLL the STAT answers", () => {
    const state = run(readyInitiator(), data(0), timer("POLL"), data(1)).state;
    const r = step(state, pdu({ type: "STAT", nPS: 1, nMR: 128, nR: 0, list: [0, 2] }));
    expect(sentOf(r.effects, "SD").map((p) => p.nS)).toEqual([0]);
  });

  it("drops a STAT older than one processed; a STAT from the future starts recovery (R)", () => {
    const state = run(
      readyInitiator(),
      data(0),
      timer("POLL"),
      timer("POLL"),
      pdu({ type: "STAT", nPS: 2, nMR: 128, nR: 1, list: [] }),
    ).state;
    expect(step(state, pdu({ type: "STAT", nPS: 1, nMR: 128, nR: 0, list: [0, 1] })).effects).toEqual([]);
    const r = step(state, pdu({ type: "STAT", nPS: 3, nMR: 128, nR: 1, list: [] }));
    expect(maaErrors(r.effects)).toEqual(["R"]);
    expect(sent(r.effects)).toEqual([{ type: "ER", nSQ: 2, nMR: 128 }]);
    expect(r.state.phase).toBe("OutgoingRecoveryPending");
  });

  it("a STAT listing SDs never sent starts recovery (S)", () => {
    const state = run(readyInitiator(), data(0), timer("POLL")).state;
    const r = step(state, pdu({ type: "STAT", nPS: 1, nMR: 128, nR: 0, list: [0, 5] }));
    expect(maaErrors(r.effects)).toEqual(["S"]);
    expect(r.state.phase).toBe("OutgoingRecoveryPending");
  });

  it("retransmits the gap a USTAT reports; ignores a stale USTAT; a USTAT beyond VT(S) is error T", () => {
    const state = run(readyInitiator(), data(0), data(1), data(2), data(3)).state;
    const r = step(state, pdu({ type: "USTAT", nMR: 129, nR: 1, list: [1, 3] }));
    expect(sentOf(r.effects, "SD").map((p) => p.nS)).toEqual([1, 2]);
    expect(maaErrors(r.effects)).toEqual(["V2"]);
    expect(step(r.state, pdu({ type: "USTAT", nMR: 128, nR: 0, list: [0, 1] })).effects).toEqual([]);
    const bad = step(r.state, pdu({ type: "USTAT", nMR: 129, nR: 1, list: [2, 9] }));
    expect(maaErrors(bad.effects)).toEqual(["T"]);
  });

  it("queues data while the peer's credit is exhausted and sends it when a STAT grants more (W, X)", () => {
    const r1 = run(readyInitiator({}, 2), data(0), data(1), data(2), data(3));
    expect(sentOf(r1.effects, "SD").map((p) => p.nS)).toEqual([0, 1]);
    expect(r1.state.transmitQueue).toHaveLength(2);
    const r2 = run(r1.state, timer("POLL"), pdu({ type: "STAT", nPS: 1, nMR: 2, nR: 2, list: [] }));
    expect(maaErrors(r2.effects)).toEqual(["W"]);
    expect(sentOf(r2.effects, "SD")).toEqual([]);
    const r3 = run(r2.state, timer("POLL"), pdu({ type: "STAT", nPS: 2, nMR: 4, nR: 2, list: [] }));
    expect(maaErrors(r3.effects)).toEqual(["X"]);
    expect(sentOf(r3.effects, "SD").map((p) => p.nS)).toEqual([2, 3]);
    expect(r3.state.transmitQueue).toHaveLength(0);
  });

  it("a USTAT also moves the credit edge", () => {
    const r1 = run(readyInitiator({}, 2), data(0), data(1), data(2));
    const r2 = step(r1.state, pdu({ type: "USTAT", nMR: 3, nR: 0, list: [0, 1] }));
    expect(sentOf(r2.effects, "SD").map((p) => p.nS)).toEqual([0, 2]);
  });

  it("delivers end to end between two machines wired back to back", () => {
    let a = readyInitiator({ maxPD: 3 }, 128);
    let b = readyResponder({}, 128);
    const got: number[][] = [];
    let toB = run(a, data(1), data(2), data(3), data(4), data(5));
    a = toB.state;
    // Lose the second SD; then let POLL/STAT repair it.
    const frames = sent(toB.effects).filter((p, i) => !(p.type === "SD" && i === 1));
    for (const p of frames) {
      const rb = step(b, pdu(p));
      b = rb.state;
      got.push(...delivered(rb.effects));
      for (const back of sent(rb.effects)) {
        toB = run(a, pdu(back));
        a = toB.state;
        for (const again of sent(toB.effects)) {
          const rb2 = step(b, pdu(again));
          b = rb2.state;
          got.push(...delivered(rb2.effects));
        }
      }
    }
    expect(got).toEqual([[1], [2], [3], [4], [5]]);
    expect(indicationNames(toB.effects)).toEqual([]);
  });
});

describe("SSCOP sequence numbers at the 2^24 wrap", () => {
  it("buffers, reports, retransmits and acknowledges across N(S) = 0xffffff → 0", () => {
    const base = 0xfffffe;
    const a0 = readyInitiator();
    let a = { ...a0, vtS: base, vtA: base, vtMS: (base + 128) & 0xffffff };
    const b0 = readyResponder();
    let b = { ...b0, vrR: base, vrH: base, vrMR: (base + 128) & 0xffffff };
    const out = run(a, data(1), data(2), data(3), data(4), data(5));
    a = out.state;
    expect(sentOf(out.effects, "SD").map((p) => p.nS)).toEqual([0xfffffe, 0xffffff, 0, 1, 2]);
    const got: number[][] = [];
    const toA: ReturnType<typeof sent> = [];
    // Lose SD 0xffffff on the way.
    for (const p of sent(out.effects).filter((p) => !(p.type === "SD" && p.nS === 0xffffff))) {
      const r = step(b, pdu(p));
      b = r.state;
      got.push(...delivered(r.effects));
      toA.push(...sent(r.effects));
    }
    expect(toA).toContainEqual({ type: "USTAT", nMR: 0x7f, nR: 0xffffff, list: [0xffffff, 0] });
    for (const p of toA) {
      const r = step(a, pdu(p));
      a = r.state;
      for (const q of sent(r.effects)) {
        const rb = step(b, pdu(q));
        b = rb.state;
        got.push(...delivered(rb.effects));
      }
    }
    expect(got).toEqual([[1], [2], [3], [4], [5]]);
    expect(b.vrR).toBe(3);
    const poll = step(a, timer("POLL"));
    const statBack = sent(step(b, pdu(sent(poll.effects)[0]!)).effects);
    const acked = step(poll.state, pdu(statBack[0]!));
    expect(acked.state.vtA).toBe(3);
    expect(acked.state.transmitBuffer.size).toBe(0);
  });
});

describe("SSCOP purity", () => {
  it("never modifies the state it is given", () => {
    const cases = [
      [
        readyInitiator(),
        [data(1), data(2), timer("POLL"), pdu({ type: "STAT", nPS: 1, nMR: 130, nR: 1, list: [1, 2] })],
      ],
      [
        readyResponder(),
        [sd(1), sd(3), sd(0), pdu({ type: "POLL", nPS: 1, nS: 5 }), pdu({ type: "ER", nSQ: 5, nMR: 9 })],
      ],
    ] as const;
    for (const [initial, inputs] of cases) {
      let state = initial;
      for (const input of inputs) {
        const before = structuredClone(state);
        const next = step(state, input).state;
        expect(state).toEqual(before);
        state = next;
      }
    }
  });

  it("refuses an SDU larger than MaxK", () => {
    const r = step(readyInitiator({ maxK: 4 }), data(1, 2, 3, 4, 5));
    expect(r.ignored).toMatch(/MaxK/);
    expect(r.effects).toEqual([]);
  });

  it("drops a received SD larger than MaxK with MAA-ERROR U", () => {
    const r = step(readyResponder({ maxK: 2 }), pdu({ type: "SD", nS: 0, data: Uint8Array.of(1, 2, 3) }));
    expect(maaErrors(r.effects)).toEqual(["U"]);
    expect(delivered(r.effects)).toEqual([]);
  });
});
