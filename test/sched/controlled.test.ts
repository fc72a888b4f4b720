/** Behaviour of the controlled scheduler: enabling, stepping, timers, cancel, runs and choices. */
import { describe, expect, it } from "vitest";
import { ControlledScheduler, type EnabledTask, ms, seconds } from "../../src/sched/index.ts";

/** A scheduler whose tasks append their label to `ran` when they run. */
function recording(init: ConstructorParameters<typeof ControlledScheduler>[0] = {}) {
  const sched = new ControlledScheduler(init);
  const ran: string[] = [];
  const task = (label: string, owner = "h1", then?: () => void) => ({
    label,
    owner,
    run: () => {
      ran.push(label);
      then?.();
    },
  });
  return { sched, ran, task };
}

describe("ControlledScheduler: post, enabled, step, runTask", () => {
  it("starts empty at time zero", () => {
    const { sched } = recording();
    expect(sched.now()).toBe(0n);
    expect(sched.size).toBe(0);
    expect(sched.enabled()).toEqual([]);
    expect(sched.step()).toBe(false);
    expect(sched.runUntilIdle()).toEqual({ steps: 0, idle: true });
    expect(sched.decisions()).toEqual([]);
  });

  it("lists posted tasks as enabled in posting order, with label, owner and due time", () => {
    const { sched, task } = recording();
    const a = sched.post(task("a", "h1"));
    const b = sched.post(task("b", "h2"));
    expect(a.id).not.toBe(b.id);
    expect(sched.size).toBe(2);
    expect(sched.enabled()).toEqual<EnabledTask[]>([
      { id: a.id, label: "a", owner: "h1", due: 0n },
      { id: b.id, label: "b", owner: "h2", due: 0n },
    ]);
  });

  it("does not run a posted task until it is stepped", () => {
    const { sched, ran, task } = recording();
    sched.post(task("a"));
    expect(ran).toEqual([]);
    expect(sched.step()).toBe(true);
    expect(ran).toEqual(["a"]);
    expect(sched.size).toBe(0);
    expect(sched.step()).toBe(false);
  });

  it("runs a single enabled task without consulting the picker", () => {
    let asked = 0;
    const { sched, ran, task } = recording({
      pickTask: () => {
        asked++;
        return 0;
      },
    });
    sched.post(task("only"));
    sched.step();
    expect(ran).toEqual(["only"]);
    expect(asked).toBe(0);
    expect(sched.decisions()).toEqual([{ kind: "task", index: 0, label: "only", owner: "h1" }]);
  });

  it("runTask runs exactly the enabled task asked for and records its index", () => {
    const { sched, ran, task } = recording();
    sched.post(task("a"));
    const b = sched.post(task("b", "h2"));
    sched.post(task("c"));
    expect(sched.runTask(b.id)).toBe(true);
    expect(ran).toEqual(["b"]);
    expect(sched.enabled().map((t) => t.label)).toEqual(["a", "c"]);
    expect(sched.decisions()).toEqual([{ kind: "task", index: 1, label: "b", owner: "h2" }]);
  });

  it("runTask refuses a task that is not enabled now, unknown or already run", () => {
    const { sched, ran, task } = recording();
    const now = sched.post(task("now"));
    const later = sched.setTimer(ms(5), task("later"));
    expect(sched.runTask(later.id)).toBe(false);
    expect(sched.runTask(9999)).toBe(false);
    expect(sched.runTask(now.id)).toBe(true);
    expect(sched.runTask(now.id)).toBe(false);
    expect(ran).toEqual(["now"]);
    expect(sched.now()).toBe(0n);
    // With the post gone the timer is the earliest due, so it is enabled and runTask may run it.
    expect(sched.runTask(later.id)).toBe(true);
    expect(sched.now()).toBe(ms(5));
  });

  it("a task that posts more tasks: the new tasks join the enabled set and run too", () => {
    const { sched, ran, task } = recording();
    sched.post(
      task("parent", "h1", () => {
        sched.post(task("child1"));
        sched.post(
          task("child2", "h1", () => {
            sched.post(task("grandchild"));
          }),
        );
      }),
    );
    sched.step();
    expect(sched.enabled().map((t) => t.label)).toEqual(["child1", "child2"]);
    expect(sched.runUntilIdle()).toEqual({ steps: 3, idle: true });
    expect(new Set(ran)).toEqual(new Set(["parent", "child1", "child2", "grandchild"]));
    expect(ran[0]).toBe("parent");
    expect(ran.indexOf("grandchild")).toBeGreaterThan(ran.indexOf("child2"));
  });

  it("propagates a task's exception out of step, after removing and recording the task", () => {
    const { sched, ran, task } = recording({ pickTask: () => 0 });
    sched.post({
      label: "boom",
      owner: "h1",
      run: () => {
        throw new Error("boom");
      },
    });
    sched.post(task("next"));
    expect(() => sched.step()).toThrow("boom");
    expect(sched.decisions()).toEqual([{ kind: "task", index: 0, label: "boom", owner: "h1" }]);
    expect(sched.enabled().map((t) => t.label)).toEqual(["next"]);
    expect(sched.step()).toBe(true);
    expect(ran).toEqual(["next"]);
  });
});

describe("ControlledScheduler: timers", () => {
  it("a timer is enabled only once it is the earliest due; posts at the current time go first", () => {
    const { sched, ran, task } = recording();
    sched.setTimer(ms(10), task("t10"));
    sched.post(task("p"));
    expect(sched.enabled().map((t) => t.label)).toEqual(["p"]);
    sched.step();
    expect(ran).toEqual(["p"]);
    expect(sched.now()).toBe(0n);
    expect(sched.enabled()).toEqual([expect.objectContaining({ label: "t10", due: ms(10) })]);
  });

  it("the clock jumps to each timer's due time, timers run in due order whatever the set order", () => {
    const { sched, task } = recording();
    const seen: [string, bigint][] = [];
    const at = (label: string) => task(label, "h1", () => seen.push([label, sched.now()]));
    sched.setTimer(seconds(3), at("3s"));
    sched.setTimer(ms(1), at("1ms"));
    sched.setTimer(seconds(1), at("1s"));
    sched.runUntilIdle();
    expect(seen).toEqual([
      ["1ms", ms(1)],
      ["1s", seconds(1)],
      ["3s", seconds(3)],
    ]);
    expect(sched.now()).toBe(seconds(3));
  });

  it("timers due at the same instant are enabled together and the picker chooses among them", () => {
    const { sched, ran, task } = recording({ pickTask: (enabled) => enabled.length - 1 });
    sched.setTimer(ms(2), task("x"));
    sched.setTimer(ms(2), task("y"));
    sched.setTimer(ms(3), task("z"));
    expect(sched.enabled().map((t) => t.label)).toEqual(["x", "y"]);
    sched.runUntilIdle();
    expect(ran).toEqual(["y", "x", "z"]);
  });

  it("a zero-delay timer is due now, alongside posted tasks", () => {
    const { sched, task } = recording();
    sched.post(task("p"));
    sched.setTimer(0n, task("t0"));
    expect(sched.enabled().map((t) => [t.label, t.due])).toEqual([
      ["p", 0n],
      ["t0", 0n],
    ]);
  });

  it("a timer set from a task counts from the time that task ran", () => {
    const { sched, task } = recording();
    let firedAt = -1n;
    sched.setTimer(
      ms(5),
      task("first", "h1", () => {
        sched.setTimer(
          ms(7),
          task("second", "h1", () => (firedAt = sched.now())),
        );
      }),
    );
    sched.runUntilIdle();
    expect(firedAt).toBe(ms(12));
  });

  it("rejects a negative delay and schedules nothing", () => {
    const { sched, task } = recording();
    expect(() => sched.setTimer(-1n, task("neg"))).toThrow(RangeError);
    expect(sched.size).toBe(0);
  });
});

describe("ControlledScheduler: cancel", () => {
  it("cancels a pending task or timer, which then never runs", () => {
    const { sched, ran, task } = recording();
    const a = sched.post(task("a"));
    sched.post(task("b"));
    const t = sched.setTimer(ms(1), task("t"));
    expect(sched.cancel(a)).toBe(true);
    expect(sched.cancel(t)).toBe(true);
    expect(sched.size).toBe(1);
    sched.runUntilIdle();
    expect(ran).toEqual(["b"]);
    expect(sched.now()).toBe(0n);
  });

  it("answers false for a task already run, already cancelled, or cancelling itself while running", () => {
    const { sched, task } = recording();
    let selfCancel: boolean | undefined;
    const done = sched.post(task("done"));
    sched.step();
    expect(sched.cancel(done)).toBe(false);
    const twice = sched.post(task("twice"));
    expect(sched.cancel(twice)).toBe(true);
    expect(sched.cancel(twice)).toBe(false);
    const self = sched.post(task("self", "h1", () => (selfCancel = sched.cancel(self))));
    sched.step();
    expect(selfCancel).toBe(false);
    expect(sched.cancel({ id: 424242 })).toBe(false);
  });

  it("a task may cancel a timer that was armed by an earlier task", () => {
    const { sched, ran, task } = recording();
    const timer = sched.setTimer(seconds(10), task("T303"));
    sched.setTimer(
      seconds(1),
      task("answer", "h1", () => sched.cancel(timer)),
    );
    expect(sched.runUntilIdle()).toEqual({ steps: 1, idle: true });
    expect(ran).toEqual(["answer"]);
    expect(sched.now()).toBe(seconds(1));
  });
});

describe("ControlledScheduler: runUntil and runUntilIdle", () => {
  it("runUntil(t) runs what is due up to and including t, then sets the clock to t", () => {
    const { sched, ran, task } = recording();
    sched.setTimer(ms(1), task("1"));
    sched.setTimer(ms(5), task("5"));
    sched.setTimer(ms(6), task("6"));
    expect(sched.runUntil(ms(5))).toEqual({ steps: 2, idle: false });
    expect(ran).toEqual(["1", "5"]);
    expect(sched.now()).toBe(ms(5));
    expect(sched.runUntil(ms(5) + 999_999n)).toEqual({ steps: 0, idle: false });
    expect(sched.now()).toBe(ms(5) + 999_999n);
    expect(sched.runUntil(ms(100))).toEqual({ steps: 1, idle: true });
    expect(sched.now()).toBe(ms(100));
  });

  it("runUntil advances the clock even with nothing pending, and never moves it back", () => {
    const { sched } = recording();
    sched.runUntil(seconds(2));
    expect(sched.now()).toBe(seconds(2));
    sched.runUntil(seconds(1));
    expect(sched.now()).toBe(seconds(2));
  });

  it("a timer set after runUntil counts from the new time", () => {
    const { sched, task } = recording();
    sched.runUntil(ms(10));
    sched.setTimer(ms(1), task("t"));
    expect(sched.enabled()[0]?.due).toBe(ms(11));
  });

  it("runUntil stopped by maxSteps leaves the clock at the last task, so later timers run on time", () => {
    const { sched, task } = recording();
    const seen: bigint[] = [];
    for (const d of [1, 2, 3])
      sched.setTimer(
        ms(d),
        task(`t${d}`, "h1", () => seen.push(sched.now())),
      );
    expect(sched.runUntil(ms(10), 1)).toEqual({ steps: 1, idle: false });
    expect(sched.now()).toBe(ms(1));
    sched.runUntilIdle();
    expect(seen).toEqual([ms(1), ms(2), ms(3)]);
  });

  it("runUntilIdle reports idle false when the step limit stops a task that reposts itself", () => {
    const { sched } = recording();
    let runs = 0;
    const forever = () => {
      runs++;
      sched.post({ label: "again", owner: "h1", run: forever });
    };
    sched.post({ label: "again", owner: "h1", run: forever });
    expect(sched.runUntilIdle(50)).toEqual({ steps: 50, idle: false });
    expect(runs).toBe(50);
    expect(sched.size).toBe(1);
  });

  it("runUntilIdle reports idle true when the last task runs exactly at the step limit", () => {
    const { sched, task } = recording();
    sched.post(task("a"));
    sched.post(task("b"));
    expect(sched.runUntilIdle(2)).toEqual({ steps: 2, idle: true });
  });

  it("a timer that re-arms itself forever is stopped by the step limit", () => {
    const { sched } = recording();
    const tick = () => sched.setTimer(ms(10), { label: "tick", owner: "h1", run: tick });
    tick();
    expect(sched.runUntilIdle(10)).toEqual({ steps: 10, idle: false });
    expect(sched.now()).toBe(ms(100));
  });
});

describe("ControlledScheduler: choose and pickers", () => {
  it("rejects n that is not a positive integer", () => {
    const { sched } = recording();
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => sched.choose(n, "bad")).toThrow(RangeError);
    }
    expect(sched.decisions()).toEqual([]);
  });

  it("choose(1) is 0 without asking the picker, and is recorded", () => {
    let asked = 0;
    const { sched } = recording({
      pickChoice: () => {
        asked++;
        return 0;
      },
    });
    expect(sched.choose(1, "only")).toBe(0);
    expect(asked).toBe(0);
    expect(sched.decisions()).toEqual([{ kind: "choice", n: 1, value: 0, label: "only" }]);
  });

  it("the seeded picker answers in [0, n) and every answer is recorded in order", () => {
    const { sched } = recording({ seed: 7 });
    const values: number[] = [];
    for (let n = 1; n <= 40; n++) values.push(sched.choose(n, `c${n}`));
    values.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(i + 1);
    });
    expect(sched.decisions()).toEqual(
      values.map((value, i) => ({ kind: "choice", n: i + 1, value, label: `c${i + 1}` })),
    );
  });

  it("a custom pickChoice gets n and the label, and its answer is returned", () => {
    const asked: [number, string][] = [];
    const { sched } = recording({
      pickChoice: (n, label) => {
        asked.push([n, label]);
        return n - 1;
      },
    });
    expect(sched.choose(3, "pend or complete")).toBe(2);
    expect(asked).toEqual([[3, "pend or complete"]]);
  });

  it("rejects a custom pickChoice answer out of range and records nothing", () => {
    for (const answer of [-1, 3, 0.5, Number.NaN]) {
      const { sched } = recording({ pickChoice: () => answer });
      expect(() => sched.choose(3, "x")).toThrow(RangeError);
      expect(sched.decisions()).toEqual([]);
    }
  });

  it("a custom pickTask sees the enabled tasks in posting order and decides which runs", () => {
    const offers: string[][] = [];
    const { sched, ran, task } = recording({
      pickTask: (enabled) => {
        offers.push(enabled.map((t) => `${t.label}@${t.owner}`));
        return enabled.length - 1;
      },
    });
    sched.post(task("a", "h1"));
    sched.post(task("b", "h2"));
    sched.post(task("c", "h3"));
    sched.runUntilIdle();
    expect(ran).toEqual(["c", "b", "a"]);
    expect(offers).toEqual([
      ["a@h1", "b@h2", "c@h3"],
      ["a@h1", "b@h2"],
    ]);
    expect(sched.decisions()).toEqual([
      { kind: "task", index: 2, label: "c", owner: "h3" },
      { kind: "task", index: 1, label: "b", owner: "h2" },
      { kind: "task", index: 0, label: "a", owner: "h1" },
    ]);
  });

  it("a custom pickTask answering out of range throws and runs nothing", () => {
    for (const answer of [-1, 2, 0.5]) {
      const { sched, ran, task } = recording({ pickTask: () => answer });
      sched.post(task("a"));
      sched.post(task("b"));
      expect(() => sched.step()).toThrow(RangeError);
      expect(ran).toEqual([]);
      expect(sched.size).toBe(2);
      expect(sched.decisions()).toEqual([]);
    }
  });

  it("task and choice decisions interleave in the log in the order they were taken", () => {
    const { sched, task } = recording({ pickTask: () => 0, pickChoice: () => 1 });
    sched.post(task("a", "h1", () => sched.choose(2, "inside a")));
    sched.post(task("b"));
    sched.choose(2, "outside");
    sched.runUntilIdle();
    expect(sched.decisions()).toEqual([
      { kind: "choice", n: 2, value: 1, label: "outside" },
      { kind: "task", index: 0, label: "a", owner: "h1" },
      { kind: "choice", n: 2, value: 1, label: "inside a" },
      { kind: "task", index: 0, label: "b", owner: "h1" },
    ]);
  });

  it("exposes its seed, default 1", () => {
    expect(new ControlledScheduler().seed).toBe(1);
    expect(new ControlledScheduler({ seed: 99 }).seed).toBe(99);
  });
});
