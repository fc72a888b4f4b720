import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bufferIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";

async function condis(...args: string[]) {
  const io = bufferIo();
  const code = await main(["node", "condis", ...args], io);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
}

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

describe("condis explore", () => {
  it("--list --json names every scenario and target with its forms", async () => {
    const r = await condis("explore", "--list", "--json");
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { name: string; forms: string[] }[];
    expect(rows.map((x) => x.name)).toEqual([
      "sap-churn",
      "early-sap",
      "dereg-under-call",
      "unbind-race",
      "agent-restart",
      "call-storm",
      "buggy/early-sap",
      "buggy/dereg-twice",
      "buggy/dereg-never",
    ]);
    expect(rows.find((x) => x.name === "sap-churn")?.forms).toEqual(["stand-alone", "mcm"]);
  });

  it("a buggy target: exit 1, a replay file in --out, and condis replay reproduces it (exit 1)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "condis-explore-"));
    const r = await condis("explore", "buggy/dereg-never", "--out", dir, "--json");
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.out) as {
      violations: { rule: string; replay: string; eventIndex: number }[];
    };
    const v = summary.violations[0];
    expect(v?.rule).toBe("explore.pending-past-bound");
    expect(readdirSync(dir)).toHaveLength(1);
    const file = JSON.parse(readFileSync(v?.replay ?? "", "utf8")) as Record<string, unknown>;
    expect(file).toMatchObject({
      format: "condis-replay",
      version: 1,
      condis: pkg.version,
      scenario: "buggy/dereg-never",
      form: "stand-alone",
      strategy: "random",
    });
    const again = await condis("replay", v?.replay ?? "", "--json");
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out)).toMatchObject({
      reproduced: true,
      violation: { rule: v?.rule, eventIndex: v?.eventIndex },
    });
  });

  it("replay --minimise writes a replay no longer than the original that still breaks the rule", async () => {
    const dir = mkdtempSync(join(tmpdir(), "condis-explore-"));
    const r = await condis(
      "explore",
      "buggy/early-sap",
      "--strategy",
      "pct",
      "--schedules",
      "50",
      "--out",
      dir,
      "--json",
    );
    expect(r.code).toBe(1);
    const path = (JSON.parse(r.out) as { violations: { replay: string }[] }).violations[0]?.replay ?? "";
    const min = await condis("replay", path, "--minimise", "--json");
    expect(min.code).toBe(1);
    const report = JSON.parse(min.out) as { minimised: { before: number; after: number; file: string } };
    expect(report.minimised.after).toBeLessThanOrEqual(report.minimised.before);
    const shrunk = await condis("replay", report.minimised.file, "--json");
    expect(shrunk.code).toBe(1);
    expect((JSON.parse(shrunk.out) as { violation: { rule: string } }).violation.rule).toBe(
      "explore.pending-past-bound",
    );
  });

  it("a correct scenario: exit 0, no replay file; a clean replay exits 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "condis-explore-"));
    const r = await condis("explore", "sap-churn", "--mcm", "--schedules", "4", "--out", dir, "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      scenario: "sap-churn",
      form: "mcm",
      schedules: 4,
      violations: [],
    });
    expect(readdirSync(dir)).toEqual([]);
    // A replay of a clean schedule (any decisions) runs clean.
    const file = join(dir, "clean.replay.json");
    const replay = {
      format: "condis-replay",
      version: 1,
      condis: pkg.version,
      scenario: "sap-churn",
      form: "mcm",
      strategy: "random",
      seed: 7,
      decisions: [],
      violation: { rule: "x", message: "", eventIndex: 0 },
    };
    writeFileSync(file, JSON.stringify(replay));
    const clean = await condis("replay", file);
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/^clean:/);
  });

  it("--faults: the plan runs and the summary names it canonically", async () => {
    const dir = mkdtempSync(join(tmpdir(), "condis-explore-"));
    const r = await condis(
      "explore",
      "sap-churn",
      "--schedules",
      "3",
      "--faults",
      "reorder,loss=0.1,dup=0.05",
      "--out",
      dir,
      "--json",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      faults: "loss=0.1,dup=0.05,reorder",
      schedules: 3,
      violations: [],
    });
  });

  it("--faults on a buggy target: the replay file holds the plan and condis replay reproduces it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "condis-explore-"));
    const r = await condis(
      "explore",
      "buggy/dereg-twice",
      "--faults",
      "loss=0.05,reorder",
      "--out",
      dir,
      "--json",
    );
    expect(r.code).toBe(1);
    const file = (JSON.parse(r.out) as { violations: { replay: string }[] }).violations[0]?.replay ?? "";
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ faults: "loss=0.05,reorder" });
    const again = await condis("replay", file, "--json");
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out)).toMatchObject({ faults: "loss=0.05,reorder", reproduced: true });
  });

  it("usage errors exit 2 and say what is wrong", async () => {
    const cases: [string[], RegExp][] = [
      [["explore"], /name a scenario/],
      [["explore", "nope"], /no scenario "nope"/],
      [["explore", "buggy/dereg-twice", "--mcm"], /no --mcm form/],
      [["explore", "sap-churn", "--strategy", "bfs"], /--strategy must be one of random, pct, dfs/],
      [["explore", "sap-churn", "--strategy", "dfs", "--shard", "0/2"], /dfs runs unsharded/],
      [["explore", "sap-churn", "--schedules", "0"], /--schedules must be an integer ≥ 1/],
      [["explore", "sap-churn", "--seed", "-1"], /--seed/],
      [["explore", "sap-churn", "--shard", "2/2"], /--shard must be I\/N/],
      [
        ["explore", "sap-churn", "--faults", "loss=2"],
        /^condis explore: --faults: loss: expected a probability/,
      ],
      [["explore", "sap-churn", "--faults", "drop=0.1"], /--faults: unknown fault "drop"/],
      [["explore", "sap-churn", "--strategy", "dfs", "--faults", "loss=0.1"], /dfs takes no fault plan/],
    ];
    for (const [args, message] of cases) {
      const r = await condis(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
    const dir = mkdtempSync(join(tmpdir(), "condis-explore-"));
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        format: "condis-replay",
        version: 1,
        condis: "x",
        scenario: "sap-churn",
        form: "mcm",
        strategy: "random",
        seed: 1,
        decisions: "no",
      }),
    );
    const r = await condis("replay", bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/decisions: expected an array/);
  });
});
