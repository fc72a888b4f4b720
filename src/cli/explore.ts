/**
 * `condis explore` and `condis replay`: run many schedules of a scenario under a strategy, write
 * a replay file for the violation found; re-run a replay file, optionally minimised.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CM_FORMS,
  explore,
  findScenario,
  formatFaultPlan,
  isNoFaults,
  minimise,
  parseFaultPlan,
  parseReplay,
  parseShard,
  type ReplayFile,
  runReplay,
  SCENARIOS,
  STRATEGIES,
  type StrategyName,
} from "../explore/index.ts";
import { CliError, type CliIo, EXIT, type ExitCode, openOutput } from "./io.ts";

/** Options of `condis explore`, as commander parses them. */
export interface ExploreOptions {
  readonly list?: boolean;
  readonly mcm?: boolean;
  readonly strategy?: string;
  readonly schedules?: string;
  readonly seed?: string;
  readonly depth?: string;
  readonly shard?: string;
  readonly faults?: string;
  readonly out?: string;
  readonly json?: boolean;
}

/** Options of `condis replay`. */
export interface ReplayOptions {
  readonly minimise?: boolean;
  readonly out?: string;
  readonly json?: boolean;
}

/** The condis version, from package.json (two levels up from src/cli/ and from dist/cli/). */
function condisVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}

/** A seed: a decimal integer in [0, 2³²−1] (what `condis demo --seed` takes), or undefined. */
function parseSeed(text: string): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(text)) return undefined;
  const seed = Number(text);
  return seed <= 0xffff_ffff ? seed : undefined;
}

function usage(message: string): never {
  throw new CliError(`condis explore: ${message}`, EXIT.usage);
}

/** A positive integer option, or a usage error naming it. */
function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(Number(text)))
    usage(`${name} must be an integer ≥ 1, not "${text}"`);
  return Number(text);
}

function list(io: CliIo, json: boolean): ExitCode {
  const rows = SCENARIOS.map((s) => ({
    name: s.name,
    kind: s.buggy ? "buggy target" : "scenario",
    forms: s.buggy ? ["stand-alone"] : [...CM_FORMS],
    description: s.description,
  }));
  if (json) io.out(JSON.stringify(rows, null, 2));
  else
    for (const r of rows)
      io.out(`${r.name.padEnd(18)} ${r.kind.padEnd(12)} ${r.forms.join(", ").padEnd(17)} ${r.description}`);
  return EXIT.ok;
}

/** `condis explore`. */
export function exploreCommand(
  scenarioName: string | undefined,
  options: ExploreOptions,
  io: CliIo,
): ExitCode {
  if (options.list === true) return list(io, options.json === true);
  if (scenarioName === undefined) usage("name a scenario (condis explore --list shows them)");
  const scenario = findScenario(scenarioName);
  if (scenario === undefined) usage(`no scenario "${scenarioName}" (condis explore --list shows them)`);
  const form = options.mcm === true ? "mcm" : "stand-alone";
  if (scenario.buggy && form === "mcm")
    usage(`${scenario.name} brings its own call manager: it has no --mcm form`);
  const strategy = (options.strategy ?? "random") as StrategyName;
  if (!STRATEGIES.includes(strategy)) usage(`--strategy must be one of ${STRATEGIES.join(", ")}`);
  const schedules = positive("--schedules", options.schedules, 100);
  const depth = positive("--depth", options.depth, 3);
  const seed = parseSeed(options.seed ?? "1");
  if (seed === undefined) usage("--seed must be an integer in [0, 4294967295]");
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (options.shard !== undefined && shard === undefined) usage("--shard must be I/N with 0 ≤ I < N");
  if (strategy === "dfs" && shard !== undefined && shard.count > 1) usage("--shard: dfs runs unsharded");
  const parsedFaults = parseFaultPlan(options.faults ?? "none");
  if (!parsedFaults.ok) usage(`--faults: ${parsedFaults.error}`);
  const faults = parsedFaults.plan;
  if (strategy === "dfs" && !isNoFaults(faults))
    usage("--faults: dfs takes no fault plan (use random or pct)");
  const outDir = options.out ?? ".";
  const summary = explore({
    scenario,
    form,
    strategy,
    schedules,
    seed,
    ...(strategy === "random" ? {} : { depth }),
    ...(shard === undefined ? {} : { shard }),
    faults,
    condisVersion: condisVersion(),
  });
  const files = summary.violations.map((v) => {
    try {
      mkdirSync(outDir, { recursive: true });
    } catch (error) {
      throw new CliError(`condis explore: cannot create ${outDir}: ${String(error)}`, EXIT.io);
    }
    const path = join(outDir, `${scenario.name.replace("/", "-")}.${form}.${strategy}.${v.seed}.replay.json`);
    openOutput("condis explore", path).write(`${JSON.stringify(v.replay)}\n`);
    return path;
  });
  const perSecond = summary.elapsedMs > 0 ? (summary.schedules * 1000) / summary.elapsedMs : 0;
  if (options.json === true) {
    io.out(
      JSON.stringify(
        {
          scenario: scenario.name,
          form,
          strategy,
          ...(strategy === "random" ? {} : { depth }),
          seed,
          faults: formatFaultPlan(faults),
          shard: shard === undefined ? null : `${shard.index}/${shard.count}`,
          schedules: summary.schedules,
          ...(summary.exhausted === null ? {} : { exhausted: summary.exhausted }),
          violations: summary.violations.map((v, i) => ({
            rule: v.rule,
            message: v.message,
            eventIndex: v.eventIndex,
            seed: v.seed,
            replay: files[i],
          })),
          schedulesPerSecond: Math.round(perSecond * 10) / 10,
        },
        null,
        2,
      ),
    );
  } else {
    io.out(
      `${scenario.name} (${form}${isNoFaults(faults) ? "" : `, faults ${formatFaultPlan(faults)}`}), ${strategy}${strategy === "pct" ? ` depth ${depth}` : strategy === "dfs" ? ` delay bound ${depth}` : ""}: ` +
        `${summary.schedules} schedule(s), ${summary.violations.length} violation(s), ${perSecond.toFixed(1)} schedules/s` +
        (summary.exhausted === true ? ", every schedule within the bound explored" : ""),
    );
    summary.violations.forEach((v, i) => {
      io.out(`violation ${v.rule} at event ${v.eventIndex} (seed ${v.seed}): ${v.message}`);
      io.err(`replay written to ${files[i]}`);
    });
  }
  return summary.violations.length > 0 ? EXIT.failed : EXIT.ok;
}

function readReplay(file: string): ReplayFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(
      `condis replay: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      EXIT.usage,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`condis replay: ${file} is not JSON`, EXIT.usage);
  }
  const parsed = parseReplay(value);
  if (!parsed.ok) throw new CliError(`condis replay: ${file}: ${parsed.error}`, EXIT.usage);
  return parsed.replay;
}

/** `condis replay FILE`: exit 1 when the run breaks a rule (the recorded one or another), 0 when clean. */
export function replayCommand(file: string, options: ReplayOptions, io: CliIo): ExitCode {
  const replay = readReplay(file);
  const outcome = runReplay(replay);
  const v = outcome.violation;
  const report: Record<string, unknown> = {
    file,
    scenario: replay.scenario,
    form: replay.form,
    faults: replay.faults ?? "none",
    recorded: replay.violation,
    violation: v,
    reproduced: outcome.reproduced,
  };
  if (options.json !== true) {
    if (v === null) io.out(`clean: ${replay.scenario} (${replay.form}) broke no rule`);
    else
      io.out(
        `${outcome.reproduced ? "reproduced" : "different violation:"} ${v.rule} at event ${v.eventIndex}: ${v.message}`,
      );
  }
  if (options.minimise === true && outcome.reproduced) {
    const m = minimise(replay);
    const path = options.out ?? `${file.replace(/(\.replay)?\.json$/, "")}.min.replay.json`;
    openOutput("condis replay", path).write(`${JSON.stringify(m.replay)}\n`);
    Object.assign(report, { minimised: { before: m.before, after: m.after, runs: m.runs, file: path } });
    if (options.json !== true) {
      io.out(
        `minimised: ${m.before} → ${m.after} decisions (${m.runs} replays), ${m.replay.violation.rule} still broken`,
      );
      io.err(`minimised replay written to ${path}`);
    }
  }
  if (options.json === true) io.out(JSON.stringify(report, null, 2));
  return v === null ? EXIT.ok : EXIT.failed;
}
