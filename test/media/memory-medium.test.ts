import { describe, expect, it } from "vitest";
import { type AtmFrame, createMemoryLink } from "../../src/media/index.ts";
import { ControlledScheduler, ms } from "../../src/sched/index.ts";
import { mediumCompliance } from "./compliance.ts";

mediumCompliance("in-memory", () => {
  const scheduler = new ControlledScheduler({ seed: 7 });
  const link = createMemoryLink({ name: "l", scheduler });
  return {
    a: link.a,
    b: link.b,
    settle: () => void scheduler.runUntilIdle(),
    down: () => link.down(),
    up: () => link.up(),
  };
});

describe("in-memory medium faults", () => {
  const setup = (seed = 1) => {
    const scheduler = new ControlledScheduler({ seed });
    const link = createMemoryLink({ name: "l", scheduler });
    const got: AtmFrame[] = [];
    link.b.onReceive((f) => got.push(f));
    const send = (n: number) => {
      for (let i = 0; i < n; i++) link.a.send({ vpi: 0, vci: 5, payload: new Uint8Array([i]) });
    };
    return { scheduler, link, got, send };
  };

  it("drop 1000‰ loses every frame; 0‰ none", () => {
    const s = setup();
    s.link.setFaults({ drop: 1000 });
    s.send(10);
    s.scheduler.runUntilIdle();
    expect(s.got).toEqual([]);
    expect(s.link.counters.dropped).toBe(10);
    s.link.setFaults({});
    s.send(3);
    s.scheduler.runUntilIdle();
    expect(s.got).toHaveLength(3);
  });

  it("duplicate 1000‰ delivers every frame twice", () => {
    const s = setup();
    s.link.setFaults({ duplicate: 1000 });
    s.send(4);
    s.scheduler.runUntilIdle();
    expect(s.got.map((f) => f.payload[0])).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(s.link.counters.duplicated).toBe(4);
  });

  it("a delay bound lets frames overtake each other for some seed, and each still arrives once", () => {
    let reordered = false;
    for (let seed = 1; seed <= 20 && !reordered; seed++) {
      const s = setup(seed);
      s.link.setFaults({ maxDelay: ms(5) });
      s.send(8);
      s.scheduler.runUntilIdle();
      const order = s.got.map((f) => f.payload[0]);
      expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      reordered = order.some((v, i) => v !== i);
    }
    expect(reordered).toBe(true);
  });

  it("the same seed gives the same fault decisions", () => {
    const run = () => {
      const s = setup(42);
      s.link.setFaults({ drop: 300, duplicate: 200, maxDelay: ms(2) });
      s.send(30);
      s.scheduler.runUntilIdle();
      return s.got.map((f) => f.payload[0]);
    };
    expect(run()).toEqual(run());
  });
});
