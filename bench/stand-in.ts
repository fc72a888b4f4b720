/**
 * The stand-in of a cycle through the stack: a tight loop making as many function calls, map
 * operations, tasks and byte copies as the cycle did. The counts come from an unmeasured pass:
 * - calls: NDIS events on the hosts' streams (each DDI call and handler entry or exit is one);
 * - map operations: two per event (a set and a delete of a keyed record);
 * - tasks: scheduler steps (each task goes through a FIFO queue);
 * - copies: frames sent on the medium, each copied once, with their sizes.
 */
import type { MediumPort } from "../src/media/index.ts";
import type { Host } from "../src/ndis/index.ts";
import type { ControlledScheduler } from "../src/sched/index.ts";
import { median, nowNs } from "./measure.ts";

/** What one cycle did, per cycle. */
export interface Counts {
  readonly calls: number;
  readonly mapOps: number;
  readonly tasks: number;
  readonly frames: number;
  readonly octets: number;
}

/** What a counting pass needs: the world's hosts, scheduler and medium ports, and the cycle. */
export interface CountingPass {
  readonly hosts: readonly Host[];
  readonly scheduler: ControlledScheduler;
  readonly ports: readonly MediumPort[];
  readonly cycles: number;
  readonly cycle: () => void;
}

/** Runs `cycles` cycles with counters on (also the warm-up); returns the counts per cycle. */
export function countingPass(p: CountingPass): Counts {
  let events = 0;
  let frames = 0;
  let octets = 0;
  const off = [
    ...p.hosts.map((h) =>
      h.events.subscribe(() => {
        events++;
      }),
    ),
    ...p.ports.map((port) =>
      port.observeFrames((direction, frame) => {
        if (direction !== "tx") return;
        frames++;
        octets += frame.payload.length;
      }),
    ),
  ];
  const steps0 = p.scheduler.stepCount;
  for (let i = 0; i < p.cycles; i++) p.cycle();
  const tasks = p.scheduler.stepCount - steps0;
  for (const f of off) f();
  const per = (n: number) => Math.round(n / p.cycles);
  return {
    calls: per(events),
    mapOps: per(2 * events),
    tasks: per(tasks),
    frames: per(frames),
    octets: per(octets),
  };
}

/** The median time of the stand-in loop for `counts`, in nanoseconds per cycle, over `runs` runs. */
export function standIn(counts: Counts, runs: number): number {
  const map = new Map<number, { readonly key: number }>();
  const queue: (() => void)[] = [];
  const frameSize = counts.frames === 0 ? 0 : Math.ceil(counts.octets / counts.frames);
  const source = new Uint8Array(frameSize).fill(0x5a);
  const target = new Uint8Array(frameSize);
  let sink = 0;
  const call = (i: number) => {
    sink = (sink + i) | 0;
  };
  const task = () => {
    sink = (sink + 1) | 0;
  };
  const once = () => {
    for (let i = 0; i < counts.calls; i++) {
      call(i);
      map.set(i, { key: i });
    }
    for (let i = 0; i < counts.calls; i++) map.delete(i);
    for (let i = 0; i < counts.tasks; i++) queue.push(task);
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) t();
    for (let i = 0; i < counts.frames; i++) target.set(source);
  };
  const batch = 200;
  for (let i = 0; i < batch; i++) once();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = nowNs();
    for (let i = 0; i < batch; i++) once();
    samples.push((nowNs() - t0) / batch);
  }
  if (sink === 0.5) console.log(sink);
  return median(samples);
}
