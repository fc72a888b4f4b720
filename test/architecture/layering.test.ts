/**
 * The layering check CI runs (`npm run -s deps`: dependency-cruiser with .dependency-cruiser.cjs)
 * fails on a broken rule: over a fixture tree with one broken import per rule it reports each of
 * them, and over src/ it reports none beyond the known cycles it was started with.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/broken-layers/", import.meta.url));
const config = `${root}.dependency-cruiser.cjs`;
const depcruise = `${root}node_modules/dependency-cruiser/bin/dependency-cruise.mjs`;

interface Violation {
  readonly from: string;
  readonly rule: { readonly name: string };
}

/**
 * Runs the check over `src` under `cwd` with the reporter CI sees; its exit status (the number of
 * errors) and the violations it lists, as "rule: from -> to" (a cycle: "rule: from").
 */
function check(cwd: string, ...args: string[]): { status: number | null; violations: string[] } {
  const run = spawnSync(
    process.execPath,
    [depcruise, "src", "--config", config, "--output-type", "err", ...args],
    {
      cwd,
      encoding: "utf8",
    },
  );
  const violations = [...run.stdout.matchAll(/^\s*error ([\w-]+): (\S+) →(?: (\S+))?[ \t]*$/gm)].map(
    ([, rule, from, to]) => (to === undefined ? `${rule}: ${from}` : `${rule}: ${from} -> ${to}`),
  );
  return { status: run.status, violations };
}

describe("the layering check", () => {
  it("reports every broken rule in the fixture and fails", () => {
    const { status, violations } = check(fixture);
    expect(status).toBe(7);
    expect(violations.sort()).toEqual([
      "ndis-imports-only-sched: src/ndis/host.ts -> src/drivers/driver.ts",
      "no-circular: src/drivers/driver.ts",
      "no-upward-from-agent: src/agent/agent.ts -> src/verifier/rule.ts",
      "no-upward-from-ndis: src/ndis/host.ts -> src/drivers/driver.ts",
      "only-cli-touches-the-process: src/trace/writer.ts -> fs",
      "signaling-imports-no-ndis: src/signaling/codec.ts -> src/ndis/host.ts",
      "util-imports-nothing: src/util/hex.ts -> src/sched/scheduler.ts",
    ]);
  });

  it("finds src/ within the rules, as `npm run -s deps` runs it", () => {
    const script = (JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { scripts: { deps: string } })
      .scripts.deps;
    expect(script).toBe("depcruise src --config .dependency-cruiser.cjs --ignore-known");
    const { status, violations } = check(root, "--ignore-known");
    expect(violations).toEqual([]);
    expect(status).toBe(0);
  });

  it("knows only of cycles inside ndis/ and verifier/", () => {
    const known = JSON.parse(
      readFileSync(`${root}.dependency-cruiser-known-violations.json`, "utf8"),
    ) as Violation[];
    expect(known.length).toBeGreaterThan(0);
    for (const v of known) {
      expect(v.rule.name).toBe("no-circular");
      expect(v.from).toMatch(/^src\/(ndis|verifier)\//);
    }
  });
});
