/**
 * The layering rules of docs/architecture.md, checked by dependency-cruiser (`npm run -s deps`,
 * run in CI by .ci/run). Layers, lowest first: each may import only from itself and the layers
 * below it, and the stricter rules for util/, ndis/ and signaling/ hold on top of that. Cycles
 * that were there when the check came in are listed in .dependency-cruiser-known-violations.json
 * (`npx depcruise-baseline src`, then `npm run -s format`, rewrites it); any new one fails. test/architecture/ shows that
 * each rule fires.
 */
const path = require("node:path");

const LAYERS = [
  "util",
  "sched",
  "ndis",
  "media",
  "signaling",
  "agent",
  "drivers",
  "trace",
  "verifier",
  "scenarios",
  "explore",
  "cli",
];

/** A rule per layer above util/ (which has its own): nothing it imports lies above it. */
const noUpward = LAYERS.slice(0, -1).flatMap((layer, i) =>
  layer === "util"
    ? []
    : [
        {
          name: `no-upward-from-${layer}`,
          comment: `${layer}/ imports nothing from the layers above it (${LAYERS.slice(i + 1).join(", ")}).`,
          severity: "error",
          from: { path: `^src/${layer}/` },
          to: { path: `^src/(${LAYERS.slice(i + 1).join("|")})/` },
        },
      ],
);

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No import cycle, type-only imports included.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "util-imports-nothing",
      comment: "util/ is the bottom layer every other may use: it imports nothing from src/.",
      severity: "error",
      from: { path: "^src/util/" },
      to: { path: "^src/", pathNot: "^src/util/" },
    },
    {
      name: "ndis-imports-only-sched",
      comment: "ndis/ imports only sched/ (for the Scheduler type).",
      severity: "error",
      from: { path: "^src/ndis/" },
      to: { path: "^src/", pathNot: "^src/(ndis|sched)/" },
    },
    {
      name: "signaling-imports-no-ndis",
      comment: "signaling/ imports nothing from ndis/: its state machines are pure transitions.",
      severity: "error",
      from: { path: "^src/signaling/" },
      to: { path: "^src/ndis/" },
    },
    {
      name: "only-cli-touches-the-process",
      comment: "Only the CLI uses Node's process, file system and child processes.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { dependencyTypes: ["core"], path: "^(node:)?(process|fs|fs/promises|child_process)$" },
    },
    ...noUpward,
  ],
  options: {
    // Type-only imports count: a cycle through types is a cycle of the design.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, "tsconfig.json") },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|node_modules)/" },
  },
};
