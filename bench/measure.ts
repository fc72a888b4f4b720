/**
 * What every benchmark reports: one figure, its baseline (or stand-in) measured in the same run,
 * and their ratio; and the sampler that makes each a median of runs.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** One figure of `npm run bench`, as `--json` prints it (one record a line). */
export interface Figure {
  /** Stable id, as in docs/performance.md ("codec.setup", "sap.cycle", …). */
  readonly id: string;
  /** The measured value (a median of `runs` samples unless `note` says otherwise). */
  readonly value: number;
  readonly unit: string;
  /** The baseline or stand-in, in the same unit, measured in the same run. */
  readonly baseline: number;
  /** value / baseline. */
  readonly ratio: number;
  /** The goal for the ratio (docs/performance.md), when the issue sets one. */
  readonly goal?: number;
  /** Samples behind each median. */
  readonly runs: number;
  /** What was measured, and its size. */
  readonly note: string;
}

/** Builds a figure; the ratio is value / baseline. */
export function figure(
  id: string,
  value: number,
  baseline: number,
  unit: string,
  runs: number,
  note: string,
  goal?: number,
): Figure {
  const base = { id, value, unit, baseline, ratio: value / baseline, runs, note };
  return goal === undefined ? base : { ...base, goal };
}

/** The median of `samples` (the mean of the middle two for an even count). */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Nanoseconds since an arbitrary origin, as a number. */
export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

/**
 * The median time per operation, in nanoseconds, of `runs` samples; each sample times `batch`
 * calls of `op`. `op` returns something so that the loop is not optimised away.
 */
export function perOp(op: () => unknown, batch: number, runs: number): number {
  let sink: unknown;
  for (let i = 0; i < batch; i++) sink = op(); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = nowNs();
    for (let i = 0; i < batch; i++) sink = op();
    samples.push((nowNs() - t0) / batch);
  }
  if (sink === Symbol.for("never")) console.log(sink);
  return median(samples);
}

let gcFunction: (() => void) | undefined;

/** A full garbage collection, so that heap readings count live objects only. */
export function collectGarbage(): void {
  if (gcFunction === undefined) {
    setFlagsFromString("--expose-gc");
    gcFunction = runInNewContext("gc") as () => void;
  }
  gcFunction();
  gcFunction();
}

/** Live heap bytes after a full collection. */
export function liveHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}
