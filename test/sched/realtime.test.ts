/**
 * RealTimeScheduler on Node's event loop. Only ordering and outcomes are asserted, never elapsed
 * time: every test waits with `whenIdle()`.
 */
import { describe, expect, it } from "vitest";
import {
  ms,
  RealTimeScheduler,
  type RealTimeSchedulerInit,
  seconds,
  type TaskInit,
} from "../../src/sched/index.ts";

function recording(init: RealTimeSchedulerInit = {}) {
  const sched = new RealTimeScheduler(init);
  const ran: string[] = [];
  const task = (label: string, then?: () => void): TaskInit => ({
    label,
    owner: "h1",
    run: () => {
      ran.push(label);
      then?.();
    },
  });
  return { sched, ran, task };
}

/** Continues inside a setImmediate callback (the check phase of the event loop). */
const inCheckPhase = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Keeps the thread busy past a timer's expiry, so that on the next loop turn the timers phase has a
 * due timeout and the check phase a pending immediate: the setting in which a timeout could overtake.
 */
function blockFor(nanoseconds: bigint): void {
  const until = process.hrtime.bigint() + nanoseconds;
  let spins = 0;
  while (process.hrtime.bigint() < until) spins++;
  expect(spins).toBeGreaterThan(0);
}

describe("RealTimeScheduler: posted tasks", () => {
  it("runs posted tasks later, in posting order", async () => {
    const { sched, ran, task } = recording();
    for (let i = 0; i < 20; i++) sched.post(task(`t${i}`));
    expect(ran).toEqual([]);
    expect(sched.size).toBe(20);
    await sched.whenIdle();
    expect(ran).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`));
    expect(sched.size).toBe(0);
  });

  it("runs a task posted by a task after the tasks already posted", async () => {
    const { sched, ran, task } = recording();
    sched.post(task("a", () => sched.post(task("a-child"))));
    sched.post(task("b"));
    await sched.whenIdle();
    expect(ran).toEqual(["a", "b", "a-child"]);
  });

  it("whenIdle resolves at once when nothing is pending", async () => {
    const { sched } = recording();
    await sched.whenIdle();
    expect(sched.size).toBe(0);
  });

  it("reports a non-negative, non-decreasing now()", async () => {
    const { sched, task } = recording();
    const seen: bigint[] = [sched.now()];
    sched.post(task("a", () => seen.push(sched.now())));
    sched.setTimer(
      ms(1),
      task("b", () => seen.push(sched.now())),
    );
    await sched.whenIdle();
    seen.push(sched.now());
    expect(seen[0]).toBeGreaterThanOrEqual(0n);
    expect([...seen].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(seen);
  });
});

describe("RealTimeScheduler: cancel", () => {
  it("a cancelled task or timer never runs", async () => {
    const { sched, ran, task } = recording();
    const a = sched.post(task("a"));
    sched.post(task("b"));
    const t = sched.setTimer(ms(1), task("t"));
    expect(sched.cancel(a)).toBe(true);
    expect(sched.cancel(t)).toBe(true);
    expect(sched.size).toBe(1);
    await sched.whenIdle();
    expect(ran).toEqual(["b"]);
  });

  it("cancel answers false for a task already run, already cancelled, running, or unknown", async () => {
    const { sched, task } = recording();
    let selfCancel: boolean | undefined;
    const done = sched.post(task("done"));
    const self = sched.post(task("self", () => (selfCancel = sched.cancel(self))));
    await sched.whenIdle();
    expect(sched.cancel(done)).toBe(false);
    expect(selfCancel).toBe(false);
    const twice = sched.setTimer(ms(1), task("twice"));
    expect(sched.cancel(twice)).toBe(true);
    expect(sched.cancel(twice)).toBe(false);
    expect(sched.cancel({ id: 123456 })).toBe(false);
  });

  it("a task may cancel a timer whose time has come but which has not run yet", async () => {
    const { sched, ran, task } = recording();
    await inCheckPhase();
    const timer = sched.setTimer(ms(1), task("T303"));
    sched.post(task("answer", () => expect(sched.cancel(timer)).toBe(true)));
    blockFor(ms(3));
    await sched.whenIdle();
    expect(ran).toEqual(["answer"]);
  });
});

describe("RealTimeScheduler: timers", () => {
  it("a timer fires", async () => {
    const { sched, ran, task } = recording();
    sched.setTimer(ms(2), task("T309"));
    expect(sched.size).toBe(1);
    await sched.whenIdle();
    expect(ran).toEqual(["T309"]);
  });

  it("timers fire in order of due time; equal delays in the order they were set", async () => {
    // Set in order of increasing delay, so the due times increase whatever time passes in between.
    const { sched, ran, task } = recording();
    sched.setTimer(0n, task("0"));
    sched.setTimer(ms(1), task("1ms"));
    sched.setTimer(ms(2), task("2ms a"));
    sched.setTimer(ms(2), task("2ms b"));
    sched.setTimer(ms(4), task("4ms"));
    await sched.whenIdle();
    expect(ran).toEqual(["0", "1ms", "2ms a", "2ms b", "4ms"]);
  });

  it("a shorter timer set after a longer one fires first", async () => {
    const { sched, ran, task } = recording();
    const long = sched.setTimer(seconds(10), task("10s"));
    sched.setTimer(
      ms(1),
      task("1ms", () => expect(sched.cancel(long)).toBe(true)),
    );
    await sched.whenIdle();
    expect(ran).toEqual(["1ms"]);
  });

  it("a timer fires after the tasks posted before it, even when its time passed meanwhile", async () => {
    const { sched, ran, task } = recording();
    await inCheckPhase();
    sched.post(task("posted"));
    sched.setTimer(ms(1), task("timer"));
    sched.setTimer(0n, task("zero"));
    blockFor(ms(3));
    await sched.whenIdle();
    expect(ran).toEqual(["posted", "zero", "timer"]);
  });

  it("a timer set from a task fires after that task's later posts", async () => {
    const { sched, ran, task } = recording();
    sched.post(
      task("a", () => {
        sched.setTimer(ms(1), task("a-timer"));
        sched.post(task("a-post"));
      }),
    );
    await sched.whenIdle();
    expect(ran).toEqual(["a", "a-post", "a-timer"]);
  });

  it("a timer beyond setTimeout's 32-bit millisecond range does not fire early", async () => {
    const { sched, ran, task } = recording();
    const far = sched.setTimer(seconds(30 * 24 * 3600), task("30 days"));
    sched.setTimer(
      ms(5),
      task("5ms", () => expect(sched.cancel(far)).toBe(true)),
    );
    await sched.whenIdle();
    expect(ran).toEqual(["5ms"]);
  });

  it("rejects a negative delay and schedules nothing", () => {
    const { sched, task } = recording();
    expect(() => sched.setTimer(-1n, task("neg"))).toThrow(RangeError);
    expect(sched.size).toBe(0);
  });
});

describe("RealTimeScheduler: choose", () => {
  it("uses the picker, which gets n and the label", () => {
    const asked: [number, string][] = [];
    const { sched } = recording({
      pickChoice: (n, label) => {
        asked.push([n, label]);
        return n - 1;
      },
    });
    expect(sched.choose(4, "pend?")).toBe(3);
    expect(sched.choose(2, "again")).toBe(1);
    expect(asked).toEqual([
      [4, "pend?"],
      [2, "again"],
    ]);
  });

  it("answers 0 by default, and choose(1) without asking the picker", () => {
    expect(new RealTimeScheduler().choose(5, "x")).toBe(0);
    let asked = 0;
    const sched = new RealTimeScheduler({
      pickChoice: () => {
        asked++;
        return 0;
      },
    });
    expect(sched.choose(1, "only")).toBe(0);
    expect(asked).toBe(0);
  });

  it("rejects a bad n and a picker answer out of range", () => {
    const sched = new RealTimeScheduler();
    for (const n of [0, -1, 1.5, Number.NaN]) expect(() => sched.choose(n, "bad")).toThrow(RangeError);
    for (const answer of [-1, 3, 0.5]) {
      const bad = new RealTimeScheduler({ pickChoice: () => answer });
      expect(() => bad.choose(3, "x")).toThrow(RangeError);
    }
  });
});

describe("RealTimeScheduler: errors", () => {
  it("onError receives a throwing task's error and the task; later tasks still run", async () => {
    const errors: [unknown, string][] = [];
    const { sched, ran, task } = recording({ onError: (error, t) => errors.push([error, t.label]) });
    const boom = new Error("boom");
    sched.post(
      task("throws", () => {
        throw boom;
      }),
    );
    sched.setTimer(
      ms(1),
      task("timer throws", () => {
        throw "not an Error";
      }),
    );
    sched.post(task("after"));
    await sched.whenIdle();
    expect(ran).toEqual(["throws", "after", "timer throws"]);
    expect(errors).toEqual([
      [boom, "throws"],
      ["not an Error", "timer throws"],
    ]);
    expect(sched.size).toBe(0);
  });
});
