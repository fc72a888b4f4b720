/**
 * Runs every benchmark and prints, besides mitata's table, each figure in items per second with
 * its ratio to the baseline measured in the same run. Not a test: nothing here asserts a speed.
 */
import { run } from "mitata";
import { registerCodec } from "./codec.bench.ts";
import { BATCH, registerDataPath } from "./data-path.bench.ts";

const dataPath = registerDataPath();
const codec = registerCodec();
const { benchmarks } = await run({
  colors: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
});

const avgNs = (name: string): number => {
  const trial = benchmarks.find((b) => b.alias === name);
  const avg = trial?.runs[0]?.stats?.avg;
  if (avg === undefined) throw new Error(`no result for "${name}"`);
  return avg;
};

const stack = avgNs(dataPath.stack);
const baseline = avgNs(dataPath.baseline);
const perSecond = (ns: number) => (BATCH * 1e9) / ns;
console.log("");
console.log(`data path   ${perSecond(stack).toFixed(0).padStart(12)} NBL/s`);
console.log(`baseline    ${perSecond(baseline).toFixed(0).padStart(12)} NBL/s`);
console.log(`ratio       ${(stack / baseline).toFixed(1).padStart(12)} × slower than the plain copies`);

// One message per iteration for the codec benchmarks.
const messagesPerSecond = (ns: number) => 1e9 / ns;
for (const [label, b] of [
  ["SETUP", codec.setup],
  ["SD CONNECT", codec.sdConnect],
] as const) {
  const measured = avgNs(b.codec);
  const copies = avgNs(b.baseline);
  console.log("");
  console.log(
    `${label.padEnd(11)} ${messagesPerSecond(measured).toFixed(0).padStart(12)} messages/s encode + decode`,
  );
  console.log(
    `baseline    ${messagesPerSecond(copies).toFixed(0).padStart(12)} messages/s Buffer.copy × 2 of ${b.octets} B`,
  );
  console.log(`ratio       ${(measured / copies).toFixed(1).padStart(12)} × slower than the plain copies`);
}
