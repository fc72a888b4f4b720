import { describe, expect, it } from "vitest";
import { bufferIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { catalogueEntries, RULES } from "../../src/verifier/index.ts";

describe("condis rules", () => {
  it("cites the public DDI reference pages of what each rule covers, never files users do not have", async () => {
    const io = bufferIo();
    expect(await main(["node", "condis", "rules"], io)).toBe(0);
    const text = io.stdout.join("\n");
    expect(text).not.toMatch(/condis-[a-z-]+\.md|ARCHITECTURE\.md|issue \d/);
    // Every citation is a public DDI page, or a file of the product (docs/, src/), or an SDV rule set.
    const citable =
      /^(https:\/\/learn\.microsoft\.com\/windows-hardware\/drivers\/ddi\/ndis\/n[cf]-ndis-[a-z0-9_]+|…|docs\/semantics\.md( .*)?|src\/.*|SDV [A-Za-z]+ rule set|each DDI page's req\.irql)$/;
    for (const e of catalogueEntries()) {
      for (const part of e.reference.split("; ")) expect(part).toMatch(citable);
      const first = e.ddis[0];
      if (first !== undefined)
        expect(e.reference).toContain(
          `https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-${first.toLowerCase()}`,
        );
    }
    // A rule about handlers only cites the role-type page of its first handler.
    const handlerRules = catalogueEntries().filter((e) => e.ddis.length === 0 && e.handlers.length > 0);
    expect(handlerRules.length).toBeGreaterThan(0);
    for (const e of handlerRules)
      expect(e.reference).toMatch(/^https:\/\/learn\.microsoft\.com\/.*\/nc-ndis-[a-z_]+(;|$)/);
    const bind = handlerRules.find((e) => e.handlers[0] === "ProtocolSetOptions");
    expect(bind?.reference).toContain("/nc-ndis-protocol_set_options;");
    expect(catalogueEntries()).toHaveLength(RULES.length);
  });

  it("--json prints the catalogue as JSON on stdout", async () => {
    const io = bufferIo();
    expect(await main(["node", "condis", "rules", "--json"], io)).toBe(0);
    expect(JSON.parse(io.stdout.join("\n"))).toHaveLength(RULES.length);
  });
});
