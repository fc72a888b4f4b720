/** `condis rules [--json]`: the rule catalogue for people and for tools. */
import type { Command } from "commander";
import { HANDLERS } from "../ndis/handler-descriptors.ts";
import { GENERAL_RULES, RULES, SPECIFIC_RULES } from "./catalogue.ts";
import type { Rule } from "./rule.ts";

/** One catalogue entry as `condis rules --json` prints it. */
export interface CatalogueEntry {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  readonly category: Rule["category"];
  readonly level: Rule["level"];
  readonly severity: Rule["severity"];
  readonly sdvRule: string | null;
  readonly reference: string;
  readonly ddis: readonly string[];
  readonly handlers: readonly string[];
  /** True for the catch-alls that hold contracts no specific rule claims (not counted). */
  readonly catchAll: boolean;
}

/** Options of `condis rules`. */
export interface RulesOptions {
  readonly json?: boolean;
}

const catchAlls = new Set(GENERAL_RULES.map((r) => r.id));

/** The catalogue as data, in catalogue order. */
export function catalogueEntries(): CatalogueEntry[] {
  return RULES.map((r) => ({
    id: r.id,
    name: r.name,
    statement: r.statement,
    category: r.category,
    level: r.level,
    severity: r.severity,
    sdvRule: r.sdvRule,
    reference: publicReference(r),
    ddis: r.covers.ddis,
    handlers: r.covers.handlers,
    catchAll: catchAlls.has(r.id),
  }));
}

const DDI_PAGES = "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis";
/** Pointers into design notes, reference files and issues, which are not part of the product. */
const OUTSIDE = /condis-[a-z-]+\.md|ARCHITECTURE\.md|^OQ-|^issue \d/;
/** Pages cited per rule: the first few DDIs and handlers it covers. */
const MAX_PAGES = 3;

/**
 * What a rule cites for users: the public DDI reference pages of what it covers (functions
 * `nf-ndis-…`, handler role types `nc-ndis-…`), then the rule's own pointers into files users have
 * (docs/semantics.md, SDV rule sets); pointers to notes outside the product are left out.
 */
export function publicReference(rule: Rule): string {
  const handlerPages = rule.covers.handlers.flatMap((h) => {
    const descriptor = (HANDLERS as Readonly<Record<string, { readonly roleType: string }>>)[h];
    return descriptor === undefined ? [] : [`${DDI_PAGES}/nc-ndis-${descriptor.roleType.toLowerCase()}`];
  });
  const pages = [...rule.covers.ddis.map((d) => `${DDI_PAGES}/nf-ndis-${d.toLowerCase()}`), ...handlerPages];
  const own = rule.reference
    .split(";")
    .map((part) => part.replace(/\s*\([^)]*condis-[a-z-]+\.md[^)]*\)/g, "").trim())
    .filter((part) => part !== "" && !OUTSIDE.test(part));
  const cited = [...pages.slice(0, MAX_PAGES), ...(pages.length > MAX_PAGES ? ["…"] : []), ...own];
  return cited.length === 0 ? "docs/semantics.md" : cited.join("; ");
}

function wrap(label: string, items: readonly string[], width = 100): string[] {
  if (items.length === 0) return [];
  const lines: string[] = [];
  let line = `    ${label}: `;
  const indent = " ".repeat(line.length);
  for (const [i, item] of items.entries()) {
    const piece = `${item}${i < items.length - 1 ? "," : ""}`;
    if (line.length + piece.length > width && line.trim().length > label.length + 1) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${piece} `;
  }
  lines.push(line.trimEnd());
  return lines;
}

/** The catalogue as text (or JSON with `json`). */
export function renderRules(opts: RulesOptions = {}): string {
  const entries = catalogueEntries();
  if (opts.json === true) return `${JSON.stringify(entries, null, 2)}\n`;
  const out = [
    `condis rules: ${SPECIFIC_RULES.length} rules, plus ${GENERAL_RULES.length} catch-alls`,
    "strict mode checks every rule; permissive mode only the level-'must' ones.",
    "",
  ];
  for (const e of entries) {
    const sdv = e.sdvRule !== null && e.sdvRule !== e.name ? `, SDV ${e.sdvRule}` : "";
    const tag = e.catchAll ? ", catch-all" : "";
    out.push(`${e.id}  ${e.name}  [${e.level}, ${e.severity}, ${e.category}${sdv}${tag}]`);
    out.push(`    ${e.statement}`);
    out.push(...wrap("DDIs", e.ddis), ...wrap("handlers", e.handlers));
    out.push(...wrap("see", e.reference.split("; ")), "");
  }
  return out.join("\n");
}

/** Writes the catalogue to `write` (the process's streams belong to src/cli). */
export function printRules(opts: RulesOptions, write: (text: string) => void): void {
  write(renderRules(opts));
}

/** Adds `rules [--json]` to a commander program, writing to `write`. */
export function registerRulesCommand(program: Command, write: (text: string) => void): Command {
  return program
    .command("rules")
    .description("list the verifier's rule catalogue (id, name, statement, covered DDIs)")
    .option("--json", "print the catalogue as JSON")
    .action((options: { json?: boolean }) => printRules({ json: options.json === true }, write));
}
