/** The machine report: a versioned JSON document of the violations and the quiescence outcome. */
import type { NdisEvent } from "../ndis/index.ts";
import type { RuleCategory, RuleLevel, Severity } from "./rule.ts";
import type {
  OutstandingNblReport,
  OutstandingRequest,
  Verifier,
  VerifierMode,
  ViolationHandling,
} from "./verifier.ts";
import type { Replay, Violation } from "./violation.ts";

/** Schema version of the JSON report. */
export const REPORT_VERSION = 1;

/** An event in JSON: as on the stream, with the virtual time in nanoseconds as a decimal string. */
export type EventJson = Omit<NdisEvent, "time"> & { readonly time: string };

/** A violation in JSON. */
export interface ViolationJson {
  readonly index: number;
  readonly rule: {
    readonly id: string;
    readonly name: string;
    readonly statement: string;
    readonly category: RuleCategory;
    readonly level: RuleLevel;
    readonly severity: Severity;
    readonly sdvRule: string | null;
  };
  readonly host: string;
  readonly driver: string | null;
  readonly object: string | null;
  readonly message: string;
  readonly event: EventJson;
  readonly evidence: readonly EventJson[];
  readonly trace: { readonly omitted: number; readonly events: readonly EventJson[] };
  readonly replay: Replay | null;
}

/** The JSON report. */
export interface ReportJson {
  readonly version: typeof REPORT_VERSION;
  readonly mode: VerifierMode;
  readonly onViolation: ViolationHandling;
  readonly hosts: readonly string[];
  readonly violations: readonly ViolationJson[];
  readonly quiescence: {
    readonly outcome: "quiescent" | "step-limit";
    readonly violations: readonly number[];
    readonly outstanding: readonly OutstandingRequest[];
    /** NBLs not with their owner (hosts attached live only); added in version 1 without a bump. */
    readonly outstandingNbls: readonly OutstandingNblReport[];
  } | null;
}

/** An event made JSON-safe: bigint time as a decimal string, bytes as hex. */
export function eventJson(e: NdisEvent): EventJson {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(e)) {
    if (typeof value === "bigint") out[key] = value.toString();
    else if (value instanceof Uint8Array)
      out[key] = Array.from(value, (b) => b.toString(16).padStart(2, "0")).join("");
    else out[key] = value;
  }
  return out as EventJson;
}

/** One violation as JSON data. */
export function violationJson(v: Violation): ViolationJson {
  const r = v.rule;
  return {
    index: v.index,
    rule: {
      id: r.id,
      name: r.name,
      statement: r.statement,
      category: r.category,
      level: r.level,
      severity: r.severity,
      sdvRule: r.sdvRule,
    },
    host: v.host,
    driver: v.driver,
    object: v.object,
    message: v.message,
    event: eventJson(v.event),
    evidence: v.evidence.map(eventJson),
    trace: { omitted: v.trace.omitted, events: v.trace.events.map(eventJson) },
    replay: v.replay,
  };
}

/** The whole report of a verifier as JSON data (JSON.stringify-safe). */
export function reportJson(verifier: Verifier): ReportJson {
  const q = verifier.quiescence();
  return {
    version: REPORT_VERSION,
    mode: verifier.mode,
    onViolation: verifier.onViolation,
    hosts: verifier.hostNames(),
    violations: verifier.violations().map(violationJson),
    quiescence:
      q === null
        ? null
        : {
            outcome: q.outcome,
            violations: q.violations.map((v) => v.index),
            outstanding: q.outstanding,
            outstandingNbls: q.outstandingNbls,
          },
  };
}
