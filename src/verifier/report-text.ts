/** The human report: each violation with its rule, the offending event, replay data and the call tree. */
import { formatEvent } from "./format-event.ts";
import { renderTree } from "./trace-tree.ts";
import type { QuiescenceResult, Verifier } from "./verifier.ts";
import type { Replay, Violation } from "./violation.ts";

/** Options of the human report. */
export interface TextReportOptions {
  /** Top-level frames of the trace to print before the end of the prefix. Default 8. */
  readonly roots?: number;
}

function formatReplay(replay: Replay | null): string {
  if (replay === null) return "not available (no controlled scheduler given)";
  const steps = replay.decisions.map((d) => (d.kind === "task" ? String(d.index) : `c${d.value}/${d.n}`));
  return `seed ${replay.seed}, ${steps.length} decision(s)${steps.length > 0 ? `: ${steps.join(" ")}` : ""}`;
}

/** One violation as text. */
export function formatViolation(v: Violation, opts: TextReportOptions = {}): string {
  const r = v.rule;
  const hosts = new Set(v.trace.events.map((e) => e.host));
  const lines = [
    `${r.id} ${r.name} [${r.severity}, ${r.level}]`,
    `  rule:   ${r.statement}`,
    `  found:  ${v.message}`,
    `  at:     host ${v.host}${v.driver === null ? "" : `, driver ${v.driver}`}, event #${v.event.seq}: ${formatEvent(v.event)}`,
  ];
  if (v.object !== null) lines.push(`  object: ${v.object}`);
  for (const c of v.evidence) lines.push(`  core:   #${c.seq} ${c.code} (${c.level}): ${c.message}`);
  lines.push(`  replay: ${formatReplay(v.replay)}`);
  const omitted = v.trace.omitted > 0 ? ` (${v.trace.omitted} earlier events not kept)` : "";
  lines.push(`  trace prefix, ${v.trace.events.length} event(s)${omitted}:`);
  lines.push(
    ...renderTree(v.trace.events, {
      offending: v.event,
      marked: v.evidence,
      roots: opts.roots ?? 8,
      showHost: hosts.size > 1,
    }),
  );
  return lines.join("\n");
}

function formatQuiescence(q: QuiescenceResult): string {
  const head =
    q.outcome === "quiescent"
      ? `quiescence: the system was idle; ${q.violations.length} liveness violation(s)`
      : "quiescence: not reached — the run stopped on its step limit; liveness not judged";
  const pending = q.outstanding.map(
    (o) =>
      `  outstanding: ${o.handler} on ${o.key}${o.object === null ? "" : ` (${o.object})`} since #${o.since} on ${o.host}`,
  );
  const nbls = q.outstandingNbls.map(
    (n) => `  outstanding: NBL ${n.id} of ${n.owner}, ${n.holder} on ${n.host}`,
  );
  return [head, ...pending, ...nbls].join("\n");
}

/** The whole report of a verifier as text. */
export function formatTextReport(verifier: Verifier, opts: TextReportOptions = {}): string {
  const found = verifier.violations();
  const head = `condis verifier: ${found.length} violation(s) (${verifier.mode} mode, ${verifier.onViolation})`;
  const parts = [head, ...found.map((v) => formatViolation(v, opts))];
  const q = verifier.quiescence();
  if (q !== null) parts.push(formatQuiescence(q));
  return `${parts.join("\n\n")}\n`;
}
