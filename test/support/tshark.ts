/**
 * External check: runs Debian's tshark (4.0) over captures written by the test suite.
 * Commands and caveats follow tshark 4.0's documented behaviour. When tshark is missing, `requireTshark` throws, so
 * the calling test FAILS (never skips) with an install hint.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The message a test fails with when tshark is absent. */
export const TSHARK_MISSING = "tshark is not installed: apt-get install tshark";

/**
 * Acceptance filter: a frame matching it is malformed or carries an error-level
 * expert item. Must match nothing.
 */
export const ACCEPTANCE_FILTER = "_ws.malformed || _ws.expert.severity >= error";

/**
 * The two expert warnings tshark 4.0 raises on every correct AAL parameters and ATM traffic
 * descriptor IE (a tshark 4.0 finding); every other warning is a finding.
 */
export const TOLERATED_WARNINGS = [
  "Unknown AAL parameter",
  "Unknown ATM traffic descriptor element",
] as const;

/** Strict filter: the acceptance filter plus any warning but the two tolerated ones. */
export const STRICT_FILTER =
  `${ACCEPTANCE_FILTER} || (_ws.expert.severity == warning && ` +
  `!(${TOLERATED_WARNINGS.map((m) => `_ws.expert.message contains "${m}"`).join(" || ")}))`;

/** Expert severities as tshark prints them numerically (tshark 4.0's behaviour). */
export const ExpertSeverity = { chat: 0x200000, note: 0x400000, warning: 0x600000, error: 0x800000 } as const;

/** One expert item of a frame. */
export interface ExpertItem {
  readonly message: string;
  readonly severity: number;
}

/** One frame as tshark dissected it. */
export interface TsharkFrame {
  readonly number: number;
  /** frame.protocols split at ":", e.g. ["atm", "ilmi"] or ["atm", "sscop", "q2931"]. */
  readonly protocols: readonly string[];
  /** The Protocol column: the top protocol's display name, e.g. "Q.2931", "SSCOP", "ILMI". */
  readonly protocol: string;
  /** The Info column, e.g. "SETUP" or "set-request 1.3.6.1.4.1.353.2.6.1.1.3.0.20…". */
  readonly info: string;
  /** The message name: the Info column's first word ("SETUP", "set-request", "get-response", "trap"). */
  readonly message: string;
  readonly malformed: boolean;
  readonly expert: readonly ExpertItem[];
  /** Every requested field, each occurrence in order (e.g. fields["snmp.name"]). */
  readonly fields: Readonly<Record<string, readonly string[]>>;
}

/**
 * Where the capture comes from: a file path, or the bytes themselves (written to a temporary file:
 * Node's child stdin is a socket, which `tshark -r -` refuses as a "special file").
 */
export type CaptureSource = string | Uint8Array;

/** Extra tshark arguments, e.g. `["-d", "udp.port==5000,sscop"]` for UDP captures. */
export interface TsharkOptions {
  readonly extraArgs?: readonly string[];
}

/** Field sets useful for assertions (tshark 4.0's behaviour). */
export const TsharkFields = {
  atm: ["atm.channel", "atm.vpi", "atm.vci"],
  ilmi: [
    "snmp.version",
    "snmp.community",
    "snmp.data",
    "snmp.request_id",
    "snmp.error_status",
    "snmp.error_index",
    "snmp.name",
    "snmp.value.int",
    "snmp.value.null",
    "snmp.enterprise",
    "snmp.agent_addr",
    "snmp.generic_trap",
    "snmp.specific_trap",
    "snmp.time_stamp",
  ],
  sscop: ["sscop.type", "sscop.s", "sscop.r", "sscop.mr", "sscop.ps"],
  q2931: ["q2931.message_type", "q2931.call_ref", "q2931.cause.value"],
} as const;

/** ILMI message names as tshark's Info column starts, per PDU type. */
export const SnmpPduName = {
  getRequest: "get-request",
  getNextRequest: "get-next-request",
  getResponse: "get-response",
  setRequest: "set-request",
  trap: "trap",
} as const;

/** `snmp.data` values: which PDU a frame carries. */
export const SnmpPduChoice = {
  getRequest: "0",
  getNextRequest: "1",
  getResponse: "2",
  setRequest: "3",
  trap: "4",
} as const;

let checked: string | undefined;

/** Ensures tshark can run and returns its version line; throws TSHARK_MISSING otherwise. */
export function requireTshark(): string {
  checked ??= probeTshark(process.env);
  return checked;
}

/** Runs `tshark --version` with the given environment (its PATH decides); throws TSHARK_MISSING on failure. */
export function probeTshark(env: NodeJS.ProcessEnv): string {
  const result = spawnSync("tshark", ["--version"], { encoding: "utf8", env });
  if (result.error !== undefined || result.status !== 0) throw new Error(TSHARK_MISSING);
  return result.stdout.split("\n")[0] ?? "tshark";
}

/** Dissects every frame with the given extra fields (`-T json -e …`). */
export function tsharkFrames(
  source: CaptureSource,
  fields: readonly string[] = [],
  options: TsharkOptions = {},
): TsharkFrame[] {
  const base = [
    "frame.number",
    "frame.protocols",
    "_ws.col.Protocol",
    "_ws.col.Info",
    "_ws.malformed",
    "_ws.expert.message",
    "_ws.expert.severity",
  ];
  const all = [...new Set([...base, ...fields])];
  const args = [...(options.extraArgs ?? []), "-T", "json", ...all.flatMap((f) => ["-e", f])];
  const parsed: unknown = JSON.parse(runTshark(source, args) || "[]");
  if (!Array.isArray(parsed)) throw new Error("tshark -T json did not print an array");
  return parsed.map((packet) => {
    const layers = (packet as { _source?: { layers?: Record<string, string[]> } })._source?.layers ?? {};
    const get = (name: string): string[] => layers[name] ?? [];
    const messages = get("_ws.expert.message");
    const severities = get("_ws.expert.severity");
    const info = get("_ws.col.Info")[0] ?? "";
    return {
      number: Number(get("frame.number")[0]),
      protocols: (get("frame.protocols")[0] ?? "").split(":").filter((p) => p !== ""),
      protocol: get("_ws.col.Protocol")[0] ?? "",
      info,
      message: info.split(/\s+/)[0] ?? "",
      malformed: get("_ws.malformed").length > 0,
      expert: messages.map((message, i) => ({ message, severity: Number(severities[i] ?? 0) })),
      fields: Object.fromEntries(fields.map((f) => [f, get(f)])),
    };
  });
}

/** Numbers of the frames matching a display filter (by default the §7 acceptance filter). */
export function framesMatching(
  source: CaptureSource,
  filter: string = ACCEPTANCE_FILTER,
  options: TsharkOptions = {},
): number[] {
  const out = runTshark(source, [
    ...(options.extraArgs ?? []),
    "-Y",
    filter,
    "-T",
    "fields",
    "-e",
    "frame.number",
  ]);
  return out
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map(Number);
}

/** The `-V` text of some frames, for a readable failure message. */
export function tsharkVerbose(
  source: CaptureSource,
  frameNumbers: readonly number[],
  options: TsharkOptions = {},
): string {
  if (frameNumbers.length === 0) return "";
  const filter = frameNumbers.map((n) => `frame.number == ${n}`).join(" || ");
  return runTshark(source, [...(options.extraArgs ?? []), "-V", "-Y", filter]);
}

function runTshark(source: CaptureSource, args: readonly string[]): string {
  requireTshark();
  if (typeof source !== "string") {
    const dir = mkdtempSync(join(tmpdir(), "condis-tshark-"));
    try {
      const file = join(dir, "capture");
      writeFileSync(file, source);
      return runTshark(file, args);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  try {
    return execFileSync("tshark", ["-r", source, ...args], {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    // The Debian build's "Running as user root" notice on stderr is harmless (tshark 4.0's behaviour).
    const detail = stderr
      .split("\n")
      .filter((l) => !l.startsWith("Running as user"))
      .join("\n");
    throw new Error(`tshark ${args.join(" ")} failed: ${detail || String(error)}`);
  }
}
