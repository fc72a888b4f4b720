/**
 * Summarises a `node --cpu-prof` profile: self time by function and by source file, largest first.
 *   node --cpu-prof --cpu-prof-dir=prof --import tsx bench/run.ts --quick --only=sap.cycle
 *   npx tsx bench/profile-summary.ts prof/*.cpuprofile
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const top = Number(process.env.TOP ?? 25);
for (const path of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(path, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return;
    total += dt;
    const file = frame.url.replace(/^.*\/(src|bench|node_modules)\//, "$1/") || "(native)";
    const fn = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
    byFile.set(file, (byFile.get(file) ?? 0) + dt);
  });
  const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title} (${path}, ${(total / 1e6).toFixed(2)} s sampled)`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  };
  show("self time by function", byFunction);
  show("self time by file", byFile);
}
