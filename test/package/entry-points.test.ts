/**
 * The package as a user gets it: each entry point resolves through the `exports` map (the
 * package's self-reference, from dist/) in a plain `node` with no TypeScript loader, and exports
 * the names docs/api.md promises.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "./built.ts";

const PROMISED: Record<string, readonly string[]> = {
  condis: [
    "createHost",
    "ControlledScheduler",
    "RealTimeScheduler",
    "NdisClRegisterSap",
    "NdisCmDeregisterSapComplete",
    "NDIS_STATUS_SUCCESS",
    "NDIS_STATUS_PENDING",
    "STATUS_SUCCESS",
    "NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2",
    "NDIS_PROTOCOL_CO_CHARACTERISTICS_REVISION_1",
    "NDIS_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1",
    "NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1",
    "NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1",
  ],
  "condis/world": ["createWorld"],
  "condis/verifier": ["Verifier", "formatTextReport", "reportJson", "RULES"],
  "condis/agent": ["createAgent"],
  "condis/media": ["createMemoryLink"],
  "condis/drivers": [
    "coMiniport",
    "uniCallManager",
    "uniMcm",
    "Dialer",
    "EchoServer",
    "SapClient",
    "encodeAtmSap",
    "anyBlli",
    "anyBhli",
    "atmCallParameters",
  ],
  "condis/signaling": ["q2931", "sscop", "ilmi"],
  "condis/trace": [
    "PcapWriter",
    "readPcap",
    "PcapngWriter",
    "readPcapng",
    "eventToJson",
    "eventToJsonLine",
    "readJsonlTrace",
    "timelineLine",
  ],
  "condis/testing": ["clientStubs", "callManagerStubs", "protocolCoStubs", "miniportCoStubs"],
};

/** The names an entry point exports, as a plain `node` importing it from ROOT sees them. */
function exportedNames(specifier: string): string[] {
  const out = execFileSync(
    process.execPath,
    ["--input-type=module", "-e", `console.log(JSON.stringify(Object.keys(await import("${specifier}"))))`],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  return JSON.parse(out) as string[];
}

describe("the package's entry points", () => {
  it.each(Object.keys(PROMISED))(
    "%s resolves from dist/ and exports what docs/api.md promises",
    (specifier) => {
      ensureBuilt();
      expect(exportedNames(specifier)).toEqual(expect.arrayContaining([...(PROMISED[specifier] ?? [])]));
    },
  );

  it("files under dist/ are not reachable by path", () => {
    ensureBuilt();
    expect(() => exportedNames("condis/dist/index.js")).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});
