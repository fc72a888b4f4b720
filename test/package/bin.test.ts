/**
 * The `condis` bin as a shell runs it: compiled JavaScript from dist/ in a plain `node`, with the
 * CLI conventions of the README (exit codes, stderr, a reader that goes away).
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "./built.ts";

const BIN = join(ROOT, "bin", "condis.js");
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });

describe("the condis bin", () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it("runs dist/ without a TypeScript loader: the bin imports only dist/cli/main.js", () => {
    const source = readFileSync(BIN, "utf8");
    expect([...source.matchAll(/import\b[^"]*"([^"]+)"/g)].map((m) => m[1])).toEqual(["../dist/cli/main.js"]);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies)).not.toContain("tsx");
    expect(Object.keys(pkg.devDependencies)).toContain("tsx");
    const r = run("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: condis [options] [command]");
    expect(r.stderr).toBe("");
  });

  it("an unwritable --pcap fails before the run: one line on stderr, status 3, nothing on stdout", () => {
    const r = run("demo", "--pcap", "/nonexistent/x.pcap");
    expect(r.status).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "condis demo: cannot write /nonexistent/x.pcap: ENOENT: no such file or directory\n",
    );
  });

  it("a --seed out of range is a usage error: status 2, the message on stderr", () => {
    const r = run("demo", "--seed", "4294967296");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('--seed takes an integer in [0, 4294967295], not "4294967296"');
  });

  it("a reader that goes away after the first line (condis demo | head -1) ends it quietly with status 0", async () => {
    const child = spawn(process.execPath, [BIN, "demo"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const first = await new Promise<string>((resolve) => {
      child.stdout.once("data", (d: Buffer) => {
        resolve(d.toString().split("\n")[0] ?? "");
        child.stdout.destroy();
      });
    });
    const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    expect(first).toMatch(/^condis demo \(stand-alone call manager, seed 1\)/);
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });
});
