/** The package root, and a build of dist/ when any file under src/ is newer than it. */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the package). */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

let checked = false;

/** Builds dist/ (tsc, as `npm ci` does) unless it is newer than every source file. */
export function ensureBuilt(): void {
  if (checked) return;
  checked = true;
  let built = 0;
  try {
    built = statSync(join(ROOT, "dist", "index.js")).mtimeMs;
  } catch {
    built = 0;
  }
  if (built > newest(join(ROOT, "src"))) return;
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
}
