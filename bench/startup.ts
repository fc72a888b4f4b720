/**
 * Start-up time of `condis --help` (the bin, running dist/) against `node -e 0`, each launched
 * `CONDIS_BENCH_STARTS` times (default 20), alternating; prints the medians and their ratio. The
 * target is a ratio within 3×. Not a test: nothing here asserts a speed. Needs `npm run build`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/condis.js", import.meta.url));
const built = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
if (!existsSync(built)) throw new Error("dist/ is missing: run npm run build first");

const runs = Number(process.env.CONDIS_BENCH_STARTS ?? 20);
const timeOf = (args: readonly string[]): number => {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: "ignore" });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const help: number[] = [];
const empty: number[] = [];
for (let i = 0; i < runs; i++) {
  empty.push(timeOf(["-e", "0"]));
  help.push(timeOf([bin, "--help"]));
}
const [h, e] = [median(help), median(empty)];
console.log(`condis --help ${h.toFixed(0).padStart(6)} ms (median of ${runs})`);
console.log(`node -e 0     ${e.toFixed(0).padStart(6)} ms`);
console.log(`ratio         ${(h / e).toFixed(2).padStart(6)} × (target: within 3×)`);
