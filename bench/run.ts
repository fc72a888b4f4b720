/**
 * Runs every benchmark and prints each figure with its baseline (or stand-in) measured in the same
 * run and their ratio; figures are medians of runs. Not a test: nothing here asserts a speed.
 *
 *   npm run bench                     every figure at full size, as a table
 *   npm run bench -- --quick          smaller tables and fewer virtual hours (under 3 minutes)
 *   npm run bench -- --json           one JSON record per figure: id, value, unit, baseline, ratio, …
 *   npm run bench -- --only=sap.      only the figures whose id starts with "sap."
 */

import { codecCosts } from "./codec.bench.ts";
import { callCycleCost, sapCycleCost, verifierOverhead } from "./cycles.bench.ts";
import { dataPathCosts } from "./data-path.bench.ts";
import { type Figure, figure } from "./measure.ts";
import { memoryDay } from "./memory.bench.ts";
import { deregisterWith, standInHeapPerEntry } from "./sap.bench.ts";

const args = process.argv.slice(2);
const json = args.includes("--json");
const quick = args.includes("--quick");
const only = args.find((a) => a.startsWith("--only="))?.slice("--only=".length);

const size = quick
  ? { runs: 11, sapBatch: 40, callBatch: 20, bigTable: 100_000, hours: 3 }
  : { runs: 21, sapBatch: 100, callBatch: 50, bigTable: 1_000_000, hours: 24 };

const figures: Figure[] = [];
const wanted = (group: string) => only === undefined || group.startsWith(only) || only.startsWith(group);
const emit = (f: Figure) => {
  figures.push(f);
  if (json) console.log(JSON.stringify(f));
  else
    console.log(
      `${f.id.padEnd(20)} ${fmt(f.value).padStart(12)} ${f.unit.padEnd(8)} baseline ${fmt(f.baseline).padStart(12)}  ratio ${f.ratio.toFixed(2).padStart(8)}${f.goal === undefined ? "" : ` (goal ≤ ${f.goal})`}  ${f.note}`,
    );
};
const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));
const us = (ns: number) => ns / 1000;

if (wanted("codec.")) {
  const c = codecCosts(size.runs);
  emit(
    figure(
      "codec.setup",
      c.setupNs,
      c.setupCopyNs,
      "ns",
      size.runs,
      `SETUP (${c.setupOctets} B) encode+decode vs Buffer.copy ×2`,
      30,
    ),
  );
  emit(
    figure(
      "codec.sd-connect",
      c.sdConnectNs,
      c.sdCopyNs,
      "ns",
      size.runs,
      `CONNECT in an SSCOP SD (${c.sdOctets} B) encode+decode vs Buffer.copy ×2`,
    ),
  );
}

if (wanted("data.")) {
  const d = dataPathCosts(size.runs);
  emit(
    figure(
      "data.nbl",
      d.stackNs,
      d.baselineNs,
      "ns",
      size.runs,
      "one 1024 B NBL client→miniport→medium→peer→return vs the same copies by plain calls",
      3,
    ),
  );
}

if (wanted("sap.cycle")) {
  const s = sapCycleCost(size.sapBatch, size.runs);
  const c = s.counts;
  emit(
    figure(
      "sap.cycle",
      us(s.stackNs),
      us(s.standInNs),
      "µs",
      size.runs,
      `register+deregister through NDIS, UNI CM, ILMI, agent vs stand-in (${c.calls} calls, ${c.mapOps} map ops, ${c.tasks} tasks, ${c.frames} copies, ${c.octets} B in all)`,
      20,
    ),
  );
}

if (wanted("call.cycle")) {
  const s = callCycleCost(size.callBatch, size.runs);
  const c = s.counts;
  emit(
    figure(
      "call.cycle",
      us(s.stackNs),
      us(s.standInNs),
      "µs",
      size.runs,
      `setup+release through the agent, stand-alone CM, vs stand-in (${c.calls} calls, ${c.mapOps} map ops, ${c.tasks} tasks, ${c.frames} copies, ${c.octets} B in all)`,
      20,
    ),
  );
}

if (wanted("verifier.")) {
  const v = verifierOverhead(size.callBatch, size.runs);
  emit(
    figure(
      "verifier.overhead",
      us(v.withNs),
      us(v.withoutNs),
      "µs",
      size.runs,
      "a call cycle with the strict verifier on both hosts vs without",
      2,
    ),
  );
}

if (wanted("sap.heap") || wanted("sap.dereg")) {
  const small = deregisterWith(1000);
  const big = deregisterWith(size.bigTable);
  if (wanted("sap.heap"))
    emit(
      figure(
        "sap.heap",
        big.heapPerSap,
        standInHeapPerEntry(size.bigTable),
        "B",
        1,
        `heap per registered SAP with ${size.bigTable} registered vs a Map of {name, 20 B address, state}`,
      ),
    );
  if (wanted("sap.dereg"))
    emit(
      figure(
        "sap.dereg.scale",
        big.deregisterMs,
        small.deregisterMs,
        "ms",
        big.samples,
        `one network deregistration with ${size.bigTable} SAPs registered vs with 1000 (registering took ${big.registerSeconds.toFixed(1)} s)`,
        1.3,
      ),
    );
}

if (wanted("memory.")) {
  const m = memoryDay(size.hours);
  emit(
    figure(
      "memory.day",
      m.endHeap,
      m.warmHeap,
      "B",
      1,
      `live heap after ${m.hours} virtual hours (${m.steps} steps) vs after a warm-up hour, 500 addresses registered`,
      1.1,
    ),
  );
}

if (!json) console.log(`\n${figures.length} figures${quick ? " (--quick)" : ""}`);
