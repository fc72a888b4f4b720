/** Properties of the controlled scheduler over random operation sequences and random workloads. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ControlledScheduler,
  type ControlledSchedulerInit,
  type Decision,
  ms,
  type Nanoseconds,
  type TaskHandle,
} from "../../src/sched/index.ts";

// Delays drawn from a few fixed values make ties (several tasks due at once) common.
const delayArb: fc.Arbitrary<Nanoseconds> = fc.oneof(
  fc.constantFrom(0n, 1n, 999n, ms(1), ms(2)),
  fc.bigInt({ min: 0n, max: 10n ** 10n }),
);

/** What a task does when it runs, besides being recorded. */
type Spawn =
  | { readonly kind: "none" }
  | { readonly kind: "post" }
  | { readonly kind: "timer"; readonly delay: Nanoseconds };

const spawnArb: fc.Arbitrary<Spawn> = fc.oneof(
  fc.constant({ kind: "none" } as const),
  fc.constant({ kind: "post" } as const),
  delayArb.map((delay) => ({ kind: "timer", delay }) as const),
);

type Op =
  | { readonly op: "post"; readonly spawn: Spawn }
  | { readonly op: "timer"; readonly delay: Nanoseconds; readonly spawn: Spawn }
  | { readonly op: "cancel"; readonly pick: number }
  | { readonly op: "step" }
  | { readonly op: "runTask"; readonly pick: number }
  | { readonly op: "runUntil"; readonly delta: Nanoseconds; readonly maxSteps: number }
  | { readonly op: "runUntilIdle"; readonly maxSteps: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  spawnArb.map((spawn) => ({ op: "post", spawn }) as const),
  fc.record({ op: fc.constant("timer" as const), delay: delayArb, spawn: spawnArb }),
  fc.record({ op: fc.constant("cancel" as const), pick: fc.nat() }),
  fc.constant({ op: "step" } as const),
  fc.record({ op: fc.constant("runTask" as const), pick: fc.nat() }),
  fc.record({
    op: fc.constant("runUntil" as const),
    delta: fc.oneof(fc.constantFrom(0n, ms(1)), fc.bigInt({ min: 0n, max: 10n ** 10n })),
    maxSteps: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({ op: fc.constant("runUntilIdle" as const), maxSteps: fc.integer({ min: 0, max: 6 }) }),
);

describe("ControlledScheduler: clock and task bookkeeping over random operation sequences", () => {
  it("the clock never goes backwards; every task runs once, at exactly its due time, unless cancelled", () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(opArb, { maxLength: 60 }), (seed, ops) => {
        const sched = new ControlledScheduler({ seed });
        const state = new Map<number, { due: Nanoseconds; status: "pending" | "ran" | "cancelled" }>();
        const handles: TaskHandle[] = [];
        let last = sched.now();
        const tick = () => {
          const t = sched.now();
          expect(t).toBeGreaterThanOrEqual(last);
          last = t;
        };
        const schedule = (delay: Nanoseconds | undefined, spawn: Spawn, depth: number): void => {
          const self: { id: number } = { id: -1 };
          const run = () => {
            tick();
            const entry = state.get(self.id);
            expect(entry?.status).toBe("pending");
            expect(sched.now()).toBe(entry?.due);
            if (entry !== undefined) entry.status = "ran";
            // Spawned tasks spawn nothing more, so every run ends.
            if (depth === 0 && spawn.kind === "post") schedule(undefined, { kind: "none" }, 1);
            if (depth === 0 && spawn.kind === "timer") schedule(spawn.delay, { kind: "none" }, 1);
          };
          const task = { label: `d${depth}`, owner: "h", run };
          const handle = delay === undefined ? sched.post(task) : sched.setTimer(delay, task);
          self.id = handle.id;
          state.set(handle.id, { due: sched.now() + (delay ?? 0n), status: "pending" });
          handles.push(handle);
        };

        for (const op of ops) {
          switch (op.op) {
            case "post":
              schedule(undefined, op.spawn, 0);
              break;
            case "timer":
              schedule(op.delay, op.spawn, 0);
              break;
            case "cancel": {
              const handle = handles[op.pick % Math.max(1, handles.length)];
              if (handle === undefined) break;
              const entry = state.get(handle.id);
              expect(sched.cancel(handle)).toBe(entry?.status === "pending");
              if (entry?.status === "pending") entry.status = "cancelled";
              break;
            }
            case "step": {
              const anyPending = [...state.values()].some((e) => e.status === "pending");
              expect(sched.step()).toBe(anyPending);
              break;
            }
            case "runTask": {
              const enabled = sched.enabled();
              const chosen = enabled[op.pick % Math.max(1, enabled.length)];
              if (chosen !== undefined) expect(sched.runTask(chosen.id)).toBe(true);
              break;
            }
            case "runUntil": {
              const until = sched.now() + op.delta;
              const result = sched.runUntil(until, op.maxSteps);
              expect(result.steps).toBeLessThanOrEqual(op.maxSteps);
              // Reaching `until` means nothing due by then is left; otherwise the limit stopped it.
              const leftDue = [...state.values()].some((e) => e.status === "pending" && e.due <= until);
              if (sched.now() === until && !leftDue) break;
              expect(result.steps).toBe(op.maxSteps);
              break;
            }
            case "runUntilIdle": {
              const result = sched.runUntilIdle(op.maxSteps);
              expect(result.steps).toBeLessThanOrEqual(op.maxSteps);
              expect(result.idle).toBe(sched.size === 0);
              break;
            }
          }
          tick();
          const pending = [...state.entries()].filter(([, e]) => e.status === "pending");
          expect(sched.size).toBe(pending.length);
          // The enabled set is exactly the pending tasks due at the earliest pending time.
          const earliest = pending.reduce<Nanoseconds | undefined>(
            (min, [, e]) => (min === undefined || e.due < min ? e.due : min),
            undefined,
          );
          const expected = pending.filter(([, e]) => e.due === earliest).map(([id]) => id);
          expect(sched.enabled().map((t) => t.id)).toEqual(expected);
          // Nothing pending is overdue: the clock never skipped past a task that has not run.
          if (earliest !== undefined) expect(earliest).toBeGreaterThanOrEqual(sched.now());
        }
        sched.runUntilIdle();
        tick();
        expect([...state.values()].every((e) => e.status !== "pending")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

/** A generated program: a task does its actions in order when it runs. */
interface Node {
  readonly actions: readonly Action[];
}
type Action =
  | { readonly kind: "post"; readonly owner: number; readonly child: Node }
  | { readonly kind: "timer"; readonly delay: Nanoseconds; readonly child: Node }
  | { readonly kind: "choose"; readonly n: number };

const programArb = fc.letrec<{ node: Node; action: Action }>((tie) => ({
  node: fc.record({ actions: fc.array(tie("action"), { maxLength: 3 }) }),
  action: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ kind: fc.constant("choose" as const), n: fc.integer({ min: 1, max: 5 }) }),
    fc.record({
      kind: fc.constant("post" as const),
      owner: fc.integer({ min: 0, max: 2 }),
      child: tie("node"),
    }),
    fc.record({ kind: fc.constant("timer" as const), delay: delayArb, child: tie("node") }),
  ),
})).node;

const rootsArb = fc.array(programArb, { minLength: 1, maxLength: 5 });

/** One observable event of a run: a task starting (its path, owner and time) or a choice's answer. */
type Event = string;

/** Runs the program on a fresh scheduler; returns what happened, in order, and the decision log. */
function execute(
  roots: readonly Node[],
  init: ControlledSchedulerInit | ((position: () => number) => ControlledSchedulerInit),
) {
  let sched: ControlledScheduler | undefined;
  const position = () => sched?.decisionCount ?? 0;
  const s = new ControlledScheduler(typeof init === "function" ? init(position) : init);
  sched = s;
  const events: Event[] = [];
  const spawn = (node: Node, path: string, owner: string, delay: Nanoseconds | undefined) => {
    const task = {
      label: path,
      owner,
      run: () => {
        events.push(`run ${path} by ${owner} at ${s.now()}`);
        node.actions.forEach((action, i) => {
          const childPath = `${path}.${i}`;
          if (action.kind === "choose") events.push(`choose ${childPath} = ${s.choose(action.n, childPath)}`);
          else if (action.kind === "post") spawn(action.child, childPath, `h${action.owner}`, undefined);
          else spawn(action.child, childPath, owner, action.delay);
        });
      },
    };
    if (delay === undefined) s.post(task);
    else s.setTimer(delay, task);
  };
  for (const [i, root] of roots.entries()) spawn(root, `r${i}`, `h${i % 3}`, undefined);
  const result = s.runUntilIdle();
  return { events, decisions: [...s.decisions()], result, now: s.now() };
}

/**
 * Pickers that answer from a recorded decision log. The scheduler appends one entry per decision,
 * so the entry a picker is asked for is the one at the replaying scheduler's current log length.
 */
function replay(log: readonly Decision[]) {
  return (position: () => number): ControlledSchedulerInit => ({
    pickTask: () => {
      const d = log[position()];
      if (d?.kind !== "task") throw new Error(`replay expected a task decision at ${position()}`);
      return d.index;
    },
    pickChoice: () => {
      const d = log[position()];
      if (d?.kind !== "choice") throw new Error(`replay expected a choice decision at ${position()}`);
      return d.value;
    },
  });
}

describe("ControlledScheduler: a run is a pure function of the seed", () => {
  it("the same workload with the same seed gives the same execution order and decisions", () => {
    fc.assert(
      fc.property(rootsArb, fc.integer(), (roots, seed) => {
        const a = execute(roots, { seed });
        const b = execute(roots, { seed });
        expect(a.result.idle).toBe(true);
        expect(b.events).toEqual(a.events);
        expect(b.decisions).toEqual(a.decisions);
        expect(b.now).toBe(a.now);
      }),
      { numRuns: 200 },
    );
  });

  it("pickers answering from a run's decision log replay that run exactly", () => {
    fc.assert(
      fc.property(rootsArb, fc.integer(), (roots, seed) => {
        const original = execute(roots, { seed });
        const replayed = execute(roots, replay(original.decisions));
        expect(replayed.events).toEqual(original.events);
        expect(replayed.decisions).toEqual(original.decisions);
      }),
      { numRuns: 200 },
    );
  });

  it("different seeds can order concurrently enabled tasks differently", () => {
    // Six tasks enabled at once, each posting a follow-up on another host and asking a choice.
    const leaf: Node = { actions: [] };
    const node: Node = {
      actions: [
        { kind: "post", owner: 1, child: leaf },
        { kind: "choose", n: 3 },
      ],
    };
    const roots = Array.from({ length: 6 }, () => node);
    const reference = execute(roots, { seed: 1 });
    expect(reference.decisions.filter((d) => d.kind === "task")).toHaveLength(12);
    const differing = Array.from({ length: 50 }, (_, i) => i + 2).find((seed) => {
      const other = execute(roots, { seed });
      return other.events.join("\n") !== reference.events.join("\n");
    });
    expect(differing).toBeDefined();
    const other = execute(roots, { seed: differing ?? 0 });
    expect(other.decisions).not.toEqual(reference.decisions);
    // Same multiset of work, only the order differs.
    expect([...other.events].filter((e) => e.startsWith("run")).sort()).toEqual(
      [...reference.events].filter((e) => e.startsWith("run")).sort(),
    );
  });
});
