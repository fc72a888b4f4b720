/**
 * The trace prefix as an indented call tree, like SDV's trace tree: a DDI call or handler opens
 * a level, its return closes it, everything that happened inside sits one level deeper.
 */
import type { NdisEvent } from "../ndis/index.ts";
import { formatEvent } from "./format-event.ts";

/** One printed line of the tree. */
export interface TreeLine {
  readonly event: NdisEvent;
  readonly indent: number;
  /** Index of the top-level frame (root) the line belongs to. */
  readonly root: number;
}

interface Open {
  readonly name: string;
  readonly kind: "ddi" | "handler";
  readonly depth: number;
}

/** Lays out events as a tree: per host, calls and handlers nest until their return. */
export function layoutTree(events: readonly NdisEvent[]): TreeLine[] {
  const stacks = new Map<string, Open[]>();
  const lines: TreeLine[] = [];
  let root = -1;
  for (const e of events) {
    const stack = stacks.get(e.host) ?? [];
    stacks.set(e.host, stack);
    while (stack.length > 0 && (stack.at(-1) as Open).depth > e.depth) stack.pop();
    if (e.type === "task") stack.length = 0;
    let indent = stack.length;
    if (e.type === "ddi-return" || e.type === "handler-exit") {
      const name = e.type === "ddi-return" ? e.ddi : e.handler;
      const kind = e.type === "ddi-return" ? "ddi" : "handler";
      const at = stack.findLastIndex((o) => o.kind === kind && o.name === name);
      if (at >= 0) stack.length = at;
      indent = stack.length;
    }
    if (indent === 0 && e.type !== "ddi-return" && e.type !== "handler-exit") root++;
    lines.push({ event: e, indent, root: Math.max(root, 0) });
    if (e.type === "ddi-call") stack.push({ name: e.ddi, kind: "ddi", depth: e.depth });
    if (e.type === "handler-enter") stack.push({ name: e.handler, kind: "handler", depth: e.depth });
  }
  return lines;
}

/** What to print around the offending event. */
export interface TreeOptions {
  /** The event to mark as the offence. */
  readonly offending?: NdisEvent;
  /** Events to mark as the core's reports. */
  readonly marked?: readonly NdisEvent[];
  /** How many top-level frames to print before the end (the offending one is always shown). */
  readonly roots?: number;
  /** Print the host name on each line (several hosts in the trace). */
  readonly showHost?: boolean;
  /** Indentation of every line. */
  readonly margin?: string;
}

function same(a: NdisEvent, b: NdisEvent | undefined): boolean {
  return b !== undefined && a.host === b.host && a.seq === b.seq;
}

/** Renders the tail of a trace (and the frame of the offending event) as text lines. */
export function renderTree(events: readonly NdisEvent[], opts: TreeOptions = {}): string[] {
  const lines = layoutTree(events);
  const last = lines.at(-1)?.root ?? 0;
  const keep = new Set<number>();
  for (let r = Math.max(0, last - (opts.roots ?? 8) + 1); r <= last; r++) keep.add(r);
  const offending = lines.find((l) => same(l.event, opts.offending));
  if (offending !== undefined) keep.add(offending.root);
  const margin = opts.margin ?? "    ";
  const driverWidth = Math.max(6, ...lines.map((l) => (l.event.driver ?? "-").length));
  const out: string[] = [];
  let skipped = 0;
  for (const line of lines) {
    if (!keep.has(line.root)) {
      skipped++;
      continue;
    }
    if (skipped > 0) {
      out.push(`${margin}   … ${skipped} earlier event(s) not shown …`);
      skipped = 0;
    }
    const e = line.event;
    const mark = same(e, opts.offending) ? ">>" : opts.marked?.some((m) => same(e, m)) ? "!!" : "  ";
    const host = opts.showHost === true ? `${e.host} ` : "";
    const driver = (e.driver ?? "-").padEnd(driverWidth);
    out.push(
      `${margin}${mark} #${String(e.seq).padStart(4)} ${host}${driver} ${"  ".repeat(line.indent)}${formatEvent(e)}`,
    );
  }
  return out;
}
