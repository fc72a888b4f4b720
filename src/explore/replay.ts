/**
 * Replay files: what reproduces one failing schedule (the scenario and form, the strategy and seed,
 * every decision the pickers took, as indices, and the violation: rule and event index). A replay
 * feeds the recorded decisions back in order; past the end of the list (after minimising) it falls
 * back to the seeded uniform picker. `minimise` shrinks the decision list by delta debugging
 * (Zeller's ddmin) to a shorter one that still breaks the same rule.
 */
import { findScenario } from "./catalogue.ts";
import { parseFaultPlan } from "./faults.ts";
import { type Finding, type Pickers, type RunLimits, runSchedule } from "./runner.ts";
import { CM_FORMS, type CmForm } from "./scenario.ts";
import { randomPickers, STRATEGIES, type StrategyName } from "./strategies.ts";

/** Version of the replay file format. */
export const REPLAY_FORMAT_VERSION = 1;

/** A replay file's content. */
export interface ReplayFile {
  readonly format: "condis-replay";
  readonly version: number;
  /** The condis version that wrote it. */
  readonly condis: string;
  readonly scenario: string;
  readonly form: CmForm;
  readonly strategy: StrategyName;
  readonly depth?: number;
  readonly seed: number;
  /** The fault plan of every link, as `--faults` takes it (absent: none). */
  readonly faults?: string;
  readonly decisions: readonly number[];
  readonly violation: Finding;
}

/** A replay file's content, or what is wrong with it (naming the field). */
export function parseReplay(value: unknown): { ok: true; replay: ReplayFile } | { ok: false; error: string } {
  const bad = (error: string) => ({ ok: false as const, error });
  if (typeof value !== "object" || value === null) return bad("not a JSON object");
  const r = value as Record<string, unknown>;
  if (r.format !== "condis-replay") return bad('format: expected "condis-replay"');
  if (r.version !== REPLAY_FORMAT_VERSION)
    return bad(`version: expected ${REPLAY_FORMAT_VERSION}, got ${String(r.version)}`);
  if (typeof r.condis !== "string") return bad("condis: expected a version string");
  if (typeof r.scenario !== "string" || findScenario(r.scenario) === undefined)
    return bad(`scenario: no built-in scenario ${JSON.stringify(r.scenario)}`);
  if (!CM_FORMS.includes(r.form as CmForm)) return bad(`form: expected one of ${CM_FORMS.join(", ")}`);
  if (!STRATEGIES.includes(r.strategy as StrategyName))
    return bad(`strategy: expected one of ${STRATEGIES.join(", ")}`);
  if (r.depth !== undefined && !(Number.isInteger(r.depth) && (r.depth as number) >= 1))
    return bad("depth: expected an integer ≥ 1");
  if (!(Number.isInteger(r.seed) && (r.seed as number) >= 0 && (r.seed as number) <= 0xffff_ffff))
    return bad("seed: expected an integer in [0, 4294967295]");
  if (r.faults !== undefined) {
    const plan = typeof r.faults === "string" ? parseFaultPlan(r.faults) : undefined;
    if (plan === undefined || !plan.ok)
      return bad(`faults: expected a fault plan${plan === undefined || plan.ok ? "" : ` (${plan.error})`}`);
  }
  if (!Array.isArray(r.decisions) || !r.decisions.every((d) => Number.isInteger(d) && d >= 0))
    return bad("decisions: expected an array of integers ≥ 0");
  const v = r.violation as Record<string, unknown> | null | undefined;
  if (
    typeof v !== "object" ||
    v === null ||
    typeof v.rule !== "string" ||
    typeof v.message !== "string" ||
    !Number.isInteger(v.eventIndex)
  )
    return bad("violation: expected { rule, message, eventIndex }");
  return { ok: true, replay: value as ReplayFile };
}

/** Pickers that answer from `decisions` in order (modulo the options), then from the seeded picker. */
export function replayPickers(decisions: readonly number[], seed: number): Pickers {
  const fallback = randomPickers(seed);
  let i = 0;
  const next = (n: number): number | undefined => {
    const d = decisions[i];
    if (d === undefined) return undefined;
    i++;
    return d % n;
  };
  return {
    pickTask: (enabled) => next(enabled.length) ?? fallback.pickTask(enabled),
    pickChoice: (n, label) => next(n) ?? fallback.pickChoice(n, label),
  };
}

/** What a replay did. */
export interface ReplayOutcome {
  readonly violation: Finding | null;
  /** True when it broke the recorded rule at the recorded event. */
  readonly reproduced: boolean;
  /** The decisions the run took (the replayed ones and any fallback ones). */
  readonly decisions: readonly number[];
}

/** Re-runs `replay` with `decisions` (default: the recorded ones). */
export function runReplay(
  replay: ReplayFile,
  decisions = replay.decisions,
  limits: RunLimits = {},
): ReplayOutcome {
  const scenario = findScenario(replay.scenario);
  if (scenario === undefined) throw new Error(`replay: no scenario "${replay.scenario}"`);
  const plan = parseFaultPlan(replay.faults ?? "none");
  if (!plan.ok) throw new Error(`replay: faults: ${plan.error}`);
  const result = runSchedule(scenario, replay.form, replayPickers(decisions, replay.seed), {
    ...limits,
    faults: plan.plan,
  });
  const v = result.violation;
  return {
    violation: v,
    reproduced:
      v !== null && v.rule === replay.violation.rule && v.eventIndex === replay.violation.eventIndex,
    decisions: result.decisions,
  };
}

/** What `minimise` did. */
export interface MinimiseOutcome {
  /** The minimised replay: its decisions, and the violation as the minimised run found it. */
  readonly replay: ReplayFile;
  readonly before: number;
  readonly after: number;
  /** Replays run while minimising. */
  readonly runs: number;
}

/**
 * Shrinks the decision list by ddmin to one that still breaks the same rule (at most `maxRuns`
 * replays; default 400). The result is never longer than the input.
 */
export function minimise(replay: ReplayFile, maxRuns = 400): MinimiseOutcome {
  let runs = 0;
  let found: Finding | null = null;
  const fails = (decisions: readonly number[]): boolean => {
    runs++;
    const v = runReplay(replay, decisions).violation;
    if (v === null || v.rule !== replay.violation.rule) return false;
    found = v;
    return true;
  };
  let current = [...replay.decisions];
  let n = 2;
  if (fails([])) current = [];
  while (current.length >= 2 && runs < maxRuns) {
    const size = Math.ceil(current.length / n);
    let reduced = false;
    for (let i = 0; i < n && runs < maxRuns; i++) {
      const complement = [...current.slice(0, i * size), ...current.slice((i + 1) * size)];
      if (complement.length < current.length && fails(complement)) {
        current = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(n * 2, current.length);
    }
  }
  if (current.length === 1 && runs < maxRuns && fails([])) current = [];
  // The violation as the kept list produces it (its event index may differ from the original's).
  const final = runReplay(replay, current).violation ?? found ?? replay.violation;
  return {
    replay: { ...replay, decisions: current, violation: final },
    before: replay.decisions.length,
    after: current.length,
    runs,
  };
}
