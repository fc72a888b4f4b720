import { Command } from "commander";
import { describe, expect, it } from "vitest";
import {
  type CatalogueEntry,
  printRules,
  RULES,
  registerRulesCommand,
  renderRules,
  SPECIFIC_RULES,
} from "../../src/verifier/index.ts";

describe("condis rules", () => {
  it("lists every rule with id, name, statement and covered DDIs", () => {
    const text = renderRules();
    expect(text.split("\n")[0]).toBe(`condis rules: ${SPECIFIC_RULES.length} rules, plus 2 catch-alls`);
    for (const r of RULES) {
      expect(text).toContain(`${r.id}  ${r.name}  [${r.level}, ${r.severity}, ${r.category}`);
      expect(text).toContain(r.statement);
    }
    expect(text).toMatch(
      /CONDIS-IRQL-001 {2}Irql_CallManager_Function[^\n]*\n[^\n]*\n {4}DDIs: NdisCmRegisterAddressFamilyEx,/,
    );
  });

  it("--json prints the catalogue as data", () => {
    const entries = JSON.parse(renderRules({ json: true })) as CatalogueEntry[];
    expect(entries.map((e) => e.id)).toEqual(RULES.map((r) => r.id));
    const live = entries.find((e) => e.id === "CONDIS-LIVE-001");
    expect(live).toMatchObject({ level: "must", category: "liveness", catchAll: false });
    expect(live?.ddis).toContain("NdisCmDeregisterSapComplete");
    expect(entries.filter((e) => e.catchAll).map((e) => e.id)).toEqual(["CONDIS-GEN-001", "CONDIS-GEN-002"]);
  });

  it("printRules writes to the given sink, and registers as a commander subcommand", async () => {
    let out = "";
    printRules({ json: true }, (t) => {
      out += t;
    });
    expect(JSON.parse(out)).toHaveLength(RULES.length);
    let printed = "";
    const program = new Command("condis").exitOverride();
    registerRulesCommand(program, (t) => {
      printed += t;
    });
    await program.parseAsync(["node", "condis", "rules", "--json"]);
    expect(JSON.parse(printed)).toHaveLength(RULES.length);
  });
});
