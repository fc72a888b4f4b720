/**
 * Fault plans (`--faults loss=0.1,dup=0.05,reorder,delay=2ms`): what every in-memory link of an
 * explorer world does to its frames. Loss, duplication and reordering are drawn per frame through
 * the scheduler's `choose` (the link's own fault hooks), so a strategy answers them like any other
 * decision and a replay repeats them; the fixed delay is the same for every frame.
 */
import type { LinkFaults } from "../media/index.ts";
import type { Nanoseconds } from "../sched/index.ts";

/** A fault plan, per link. */
export interface FaultPlan {
  /** Chance per frame, in thousandths, that it is lost. */
  readonly loss: number;
  /** Chance per frame, in thousandths, that it is delivered twice. */
  readonly dup: number;
  /** Largest extra delay drawn per frame (frames with different delays overtake each other); 0: FIFO. */
  readonly reorder: Nanoseconds;
  /** Fixed propagation delay of every frame. */
  readonly delay: Nanoseconds;
}

/** The plan with no faults. */
export const NO_FAULTS: FaultPlan = { loss: 0, dup: 0, reorder: 0n, delay: 0n };

/** `reorder` without a value: frames are held back by up to 1 ms. */
export const DEFAULT_REORDER: Nanoseconds = 1_000_000n;

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
};

/** "2ms" as nanoseconds (a decimal number and ns, us, µs, ms or s; whole µs), or undefined. */
function parseDuration(text: string): Nanoseconds | undefined {
  const m = /^([0-9]+)(?:\.([0-9]+))?(ns|us|µs|ms|s)$/.exec(text);
  if (m === null) return undefined;
  const unit = UNITS[m[3] as string] as bigint;
  const frac = m[2] ?? "";
  const scale = 10n ** BigInt(frac.length);
  const ns = (BigInt(m[1] as string) * scale + BigInt(frac === "" ? "0" : frac)) * unit;
  if (ns % scale !== 0n) return undefined;
  const value = ns / scale;
  // The link draws delays in whole microseconds; at most 10 s.
  return value % 1_000n === 0n && value <= 10_000_000_000n ? value : undefined;
}

/** "0.1" as thousandths (a probability in [0, 1] with at most 3 decimals), or undefined. */
function parseChance(text: string): number | undefined {
  if (!/^(0|1)(\.[0-9]{1,3})?$/.test(text)) return undefined;
  const perMille = Math.round(Number(text) * 1000);
  return perMille <= 1000 ? perMille : undefined;
}

/** A plan string as a plan, or a one-line message saying what is wrong with it. */
export function parseFaultPlan(text: string): { ok: true; plan: FaultPlan } | { ok: false; error: string } {
  const bad = (error: string) => ({ ok: false as const, error });
  const plan = { ...NO_FAULTS };
  if (text.trim() === "" || text === "none") return { ok: true, plan };
  const seen = new Set<string>();
  for (const item of text.split(",")) {
    const [key = "", value, extra] = item.trim().split("=");
    if (extra !== undefined) return bad(`"${item}": expected KEY or KEY=VALUE`);
    if (seen.has(key)) return bad(`"${key}" given twice`);
    seen.add(key);
    if (key === "loss" || key === "dup") {
      const chance = value === undefined ? undefined : parseChance(value);
      if (chance === undefined)
        return bad(`${key}: expected a probability in [0, 1] such as 0.1, not "${value ?? ""}"`);
      plan[key] = chance;
    } else if (key === "reorder" || key === "delay") {
      if (key === "delay" && value === undefined) return bad("delay: expected a duration such as 2ms");
      const d = value === undefined ? DEFAULT_REORDER : parseDuration(value);
      if (d === undefined)
        return bad(`${key}: expected a duration in whole µs up to 10 s such as 2ms or 500us, not "${value}"`);
      plan[key] = d;
    } else return bad(`unknown fault "${key}" (expected loss=P, dup=P, reorder[=T], delay=T)`);
  }
  return { ok: true, plan };
}

function duration(ns: Nanoseconds): string {
  if (ns % 1_000_000n === 0n) return `${ns / 1_000_000n}ms`;
  return `${ns / 1_000n}us`;
}

/** The plan as its canonical string ("none" for no faults); `parseFaultPlan` reads it back. */
export function formatFaultPlan(plan: FaultPlan): string {
  const items: string[] = [];
  if (plan.loss > 0) items.push(`loss=${plan.loss / 1000}`);
  if (plan.dup > 0) items.push(`dup=${plan.dup / 1000}`);
  if (plan.reorder > 0n)
    items.push(plan.reorder === DEFAULT_REORDER ? "reorder" : `reorder=${duration(plan.reorder)}`);
  if (plan.delay > 0n) items.push(`delay=${duration(plan.delay)}`);
  return items.length === 0 ? "none" : items.join(",");
}

/** True when the plan does nothing. */
export function isNoFaults(plan: FaultPlan): boolean {
  return plan.loss === 0 && plan.dup === 0 && plan.reorder === 0n && plan.delay === 0n;
}

/** True when the plan loses, duplicates or reorders frames (a fixed delay alone is not lossy). */
export function isLossy(plan: FaultPlan): boolean {
  return plan.loss > 0 || plan.dup > 0 || plan.reorder > 0n;
}

/** The in-memory link's settings for a plan. */
export function linkSettings(plan: FaultPlan): { faults: LinkFaults; delay: Nanoseconds } {
  const faults: LinkFaults = {};
  if (plan.loss > 0) faults.drop = plan.loss;
  if (plan.dup > 0) faults.duplicate = plan.dup;
  if (plan.reorder > 0n) faults.maxDelay = plan.reorder;
  return { faults, delay: plan.delay };
}

/**
 * The run bounds a plan needs, in virtual seconds: without faults a request pended past 5 s is a
 * violation and a run lasts 10 s past the scenario's end. A lost, duplicated or overtaken frame is
 * recovered by the protocols' own timers: the ILMI user side's verify poll (15 s) re-learns a lost
 * prefix, an address registration has a 30 s deadline, and SSCOP releases after 7 s without a
 * response and re-establishes 10 s later. So a lossy plan allows 45 s (deadline plus a poll) and
 * runs 60 s past the end; a fixed delay adds 20 round trips of it to both.
 */
export function faultBounds(plan: FaultPlan): { pendingBound: number; horizon: number } {
  const lossy = isLossy(plan);
  const slack = (Number(plan.delay) / 1e9) * 40;
  return { pendingBound: (lossy ? 45 : 5) + slack, horizon: (lossy ? 60 : 10) + slack };
}
