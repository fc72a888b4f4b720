/**
 * docs/fidelity.md stays true to the code: every status, OID and error code the code defines is
 * listed with the value the code has, and every DDI, handler and verifier rule label has its row.
 * (The header and page columns come from the sources the document names; the value tests in
 * header-values.test.ts pin the code to them.)
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OID_GEN_CO } from "../../src/drivers/co-miniport/index.ts";
import { DDIS } from "../../src/ndis/ddi-descriptors.ts";
import { HANDLERS } from "../../src/ndis/handler-descriptors.ts";
import { NDIS_ERROR_CODE, NDIS_STATUS, OID_CO } from "../../src/ndis/index.ts";
import { RULES } from "../../src/verifier/catalogue.ts";

const doc = readFileSync(new URL("../../docs/fidelity.md", import.meta.url), "utf8");

/** The first two cells of every table row under the `## title` section. */
function rows(title: string): Map<string, string> {
  const start = doc.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/fidelity.md has no section "${title}"`);
  const end = doc.indexOf("\n## ", start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  const out = new Map<string, string>();
  for (const line of section.split("\n")) {
    const m = /^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) out.set(m[1], m[2].trim());
  }
  return out;
}

const hex = (v: number) => `\`0x${(v >>> 0).toString(16).padStart(8, "0")}\``;

describe("docs/fidelity.md", () => {
  it.each([
    ["NDIS_STATUS", NDIS_STATUS],
    ["OIDs", { ...OID_GEN_CO, ...OID_CO }],
    ["NDIS_ERROR_CODE", NDIS_ERROR_CODE],
  ] as const)("lists every %s constant with the code's value", (section, constants) => {
    const table = rows(section);
    for (const [name, value] of Object.entries(constants)) expect(table.get(name), name).toBe(hex(value));
  });

  it("has a row, with its page, for every DDI and every handler", () => {
    const ddis = rows("DDIs: IRQL and compliance rules");
    for (const name of Object.keys(DDIS)) expect(ddis.has(name), name).toBe(true);
    const handlers = rows("Handlers: role types and IRQL");
    for (const [name, d] of Object.entries(HANDLERS)) expect(handlers.get(name), name).toContain(d.roleType);
  });

  it("names the SDV page of every rule label the descriptors and the verifier use", () => {
    const labels = rows("Rule labels");
    const used = new Set<string>([
      ...Object.values(DDIS).map((d) => d.rule),
      ...RULES.flatMap((r) => (r.sdvRule === null ? [] : [r.sdvRule])),
    ]);
    for (const label of used) expect(labels.get(label), label).toMatch(/^https:\/\/learn\.microsoft\.com\//);
  });
});
