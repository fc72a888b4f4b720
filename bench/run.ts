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

// SAP life cycle through the whole stack (not mitata: each cycle waits on the real-time scheduler).
const { sapCycles, deregisterWith } = await import("./sap.bench.ts");
const cycles = await sapCycles(Number(process.env.CONDIS_BENCH_SAP_CYCLES ?? 200));
console.log("");
console.log(
  `SAP cycles  ${cycles.stack.toFixed(0).padStart(12)} register+deregister/s through NDIS, the UNI CM, ILMI and the agent`,
);
console.log(
  `baseline    ${cycles.baseline.toFixed(0).padStart(12)} Map insert+delete with a scheduler hop per request`,
);
console.log(
  `ratio       ${(cycles.baseline / cycles.stack).toFixed(1).padStart(12)} × slower than the baseline`,
);

// Call setup + release through the agent (not mitata either: real-time scheduler, as above).
const { callCycles, LINK_DELAY_MS } = await import("./calls.bench.ts");
const callCount = Number(process.env.CONDIS_BENCH_CALLS ?? 200);
for (const [label, kind] of [
  ["stand-alone CM", "cm"],
  ["MCM", "mcm"],
] as const) {
  const c = await callCycles(callCount, kind);
  const ms = (x: number) => `${x.toFixed(3)} ms`.padStart(12);
  console.log("");
  console.log(`calls, ${label} (${c.cycles} calls, real-time scheduler):`);
  console.log(
    `calls       ${c.callsPerSecond.toFixed(0).padStart(12)} setup+release/s through NDIS, the UNI CM, SSCOP and the agent`,
  );
  console.log(
    `frames      ${c.stackFramesPerSecond.toFixed(0).padStart(12)} frames/s on the medium (${(c.frames / c.cycles).toFixed(1)} a call, ${(c.octets / c.frames).toFixed(1)} B average)`,
  );
  console.log(
    `baseline    ${c.baselineFramesPerSecond.toFixed(0).padStart(12)} frames/s: the same ${c.frames} frames through a bare memory link, one at a time`,
  );
  console.log(
    `ratio       ${(c.baselineFramesPerSecond / c.stackFramesPerSecond).toFixed(1).padStart(12)} × slower than the baseline`,
  );
  console.log(
    `setup, wall     p50 ${ms(c.setupWallMs.p50)}  p99 ${ms(c.setupWallMs.p99)}  (performance.now)`,
  );
  console.log(
    `setup, virtual  p50 ${ms(c.setupVirtualMs.p50)}  p99 ${ms(c.setupVirtualMs.p99)}  (controlled scheduler, links without delay)`,
  );
  console.log(
    `setup, virtual  p50 ${ms(c.setupVirtualDelayedMs.p50)}  p99 ${ms(c.setupVirtualDelayedMs.p99)}  (controlled scheduler, ${LINK_DELAY_MS} ms per frame)`,
  );
}

const big = Number(process.env.CONDIS_BENCH_SAPS ?? 1_000_000);
for (const n of [1000, big]) {
  const r = deregisterWith(n);
  console.log("");
  console.log(
    `with ${n.toLocaleString("en")} SAPs registered (registered in ${r.registerSeconds.toFixed(1)} s):`,
  );
  console.log(`  one network deregistration ${r.deregisterMs.toFixed(2).padStart(10)} ms`);
  console.log(`  heap per registered SAP    ${r.heapPerSap.toFixed(0).padStart(10)} bytes`);
}
