/** The controlled scheduler's compact, bounded decision log. */
import { describe, expect, it } from "vitest";
import { DecisionLog } from "../../src/sched/decision-log.ts";
import { ControlledScheduler } from "../../src/sched/index.ts";

describe("DecisionLog", () => {
  it("gives back tasks and choices in order, with their labels", () => {
    const log = new DecisionLog();
    log.task(2, "deliver", "h1");
    log.choice(3, 1, "pend?");
    expect(log.toArray()).toEqual([
      { kind: "task", index: 2, label: "deliver", owner: "h1" },
      { kind: "choice", n: 3, value: 1, label: "pend?" },
    ]);
    expect(log.total).toBe(2);
    expect(log.omitted).toBe(0);
  });

  it("keeps labels for the latest decisions only; older ones keep their indices with empty labels", () => {
    const log = new DecisionLog({ labels: 2 });
    for (let i = 0; i < 5; i++) log.task(i, `t${i}`, `o${i}`);
    expect(log.toArray()).toEqual([
      { kind: "task", index: 0, label: "", owner: "" },
      { kind: "task", index: 1, label: "", owner: "" },
      { kind: "task", index: 2, label: "", owner: "" },
      { kind: "task", index: 3, label: "t3", owner: "o3" },
      { kind: "task", index: 4, label: "t4", owner: "o4" },
    ]);
  });

  it("drops the oldest half when full, and counts what it dropped", () => {
    const log = new DecisionLog({ decisions: 4, labels: 4 });
    for (let i = 0; i < 5; i++) log.choice(10, i, `c${i}`);
    expect(log.total).toBe(5);
    expect(log.omitted).toBe(2);
    expect(log.toArray().map((d) => (d.kind === "choice" ? d.value : -1))).toEqual([2, 3, 4]);
    expect(log.toArray().map((d) => d.label)).toEqual(["c2", "c3", "c4"]);
  });

  it("grows past its first buffer without losing entries", () => {
    const log = new DecisionLog();
    for (let i = 0; i < 5000; i++) log.task(i % 7, "t", "o");
    const all = log.toArray();
    expect(all).toHaveLength(5000);
    expect(all.every((d, i) => d.kind === "task" && d.index === i % 7)).toBe(true);
  });
});

describe("ControlledScheduler: bounded decision log", () => {
  it("keeps at most the configured number of decisions and says how many it dropped", () => {
    const sched = new ControlledScheduler({ decisionLog: { decisions: 8, labels: 8 } });
    for (let i = 0; i < 20; i++) sched.post({ label: `t${i}`, owner: "h", run: () => {} });
    sched.runUntilIdle();
    expect(sched.decisionCount).toBe(20);
    expect(sched.decisions().length).toBeLessThanOrEqual(8);
    expect(sched.decisionsOmitted()).toBe(20 - sched.decisions().length);
  });

  it("keeps posting order among the tasks due at one time after a cancel in the middle", () => {
    const sched = new ControlledScheduler({ pickTask: () => 0 });
    const ran: string[] = [];
    const post = (label: string) => sched.post({ label, owner: "h", run: () => ran.push(label) });
    post("a");
    const b = post("b");
    post("c");
    sched.setTimer(5n, { label: "later", owner: "h", run: () => ran.push("later") });
    expect(sched.cancel(b)).toBe(true);
    expect(sched.cancel(b)).toBe(false);
    expect(sched.enabled().map((t) => t.label)).toEqual(["a", "c"]);
    sched.runUntilIdle();
    expect(ran).toEqual(["a", "c", "later"]);
    expect(sched.now()).toBe(5n);
  });
});
