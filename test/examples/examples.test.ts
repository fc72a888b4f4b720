/**
 * The guide's examples run as a user runs them: they import `condis/...` (the package's
 * self-reference, so dist/ and its typings), type-check against the published typings, and print
 * what docs/guide.md shows.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "../package/built.ts";

function runExample(
  file: string,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "examples", file), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the examples of docs/guide.md", () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it("type-check against the published typings", () => {
    execFileSync(
      process.execPath,
      [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "examples/tsconfig.json"],
      {
        cwd: ROOT,
        stdio: "pipe",
      },
    );
  });

  it("first-client: opens the AF, registers a SAP, takes a call, deregisters under it, the call survives, clean teardown", () => {
    const r = runExample("first-client.ts");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("A's call: connected");
    expect(lines).toContain("A's call after B deregistered its SAP: connected");
    const b = lines.filter((l) => l.startsWith("B: "));
    expect(b).toEqual([
      "B: address family open: NDIS_STATUS_SUCCESS",
      "B: SAP registered: NDIS_STATUS_SUCCESS",
      "B: incoming call: accepted",
      "B: call connected",
      "B: NdisClDeregisterSap: NDIS_STATUS_PENDING",
      "B: SAP deregistered: NDIS_STATUS_SUCCESS",
      "B: the caller closes the call (NDIS_STATUS_SUCCESS)",
      "B: call closed: NDIS_STATUS_SUCCESS",
      "B: address family closed: NDIS_STATUS_SUCCESS",
    ]);
    expect(r.stdout).toMatch(/^teardown: clean; /m);
    expect(r.stdout).toMatch(/^condis verifier: 0 violation\(s\) \(strict mode/m);
  });

  it("buggy-call-manager double: the second completion is CONDIS-CMP-001 on a stale SAP handle", () => {
    const r = runExample("buggy-call-manager.ts", "double");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^condis verifier: 1 violation\(s\)/m);
    expect(r.stdout).toMatch(/^CONDIS-CMP-001 Completion_ExactlyOnce \[error, must\]$/m);
    expect(r.stdout).toContain("found:  NdisCmDeregisterSapComplete: stale Sap handle");
    expect(r.stdout).toContain("driver BUGGYCM");
  });

  it("buggy-call-manager never: the request stays outstanding, then CONDIS-LIVE-001 names it", () => {
    const r = runExample("buggy-call-manager.ts", "never");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^settled: false; outstanding: B ProtocolCmDeregisterSap \(Sap \d+\)$/m);
    expect(r.stdout).toMatch(/^condis verifier: 1 violation\(s\)/m);
    expect(r.stdout).toMatch(/^CONDIS-LIVE-001 Pended_CompletedAtQuiescence \[error, must\]$/m);
    expect(r.stdout).toMatch(
      /ProtocolCmDeregisterSap returned NDIS_STATUS_PENDING for Sap [\d.]+ \(Sap \d+\) and NdisCmDeregisterSapComplete/,
    );
  });

  it("buggy-call-manager refuses an unknown bug with status 2", () => {
    const r = runExample("buggy-call-manager.ts", "other");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("usage: buggy-call-manager.ts double|never");
  });
});
