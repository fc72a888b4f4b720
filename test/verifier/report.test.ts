import { describe, expect, it } from "vitest";
import { NDIS_STATUS_RESOURCES } from "../../src/ndis/index.ts";
import { formatTextReport, REPORT_VERSION, reportJson, Verifier } from "../../src/verifier/index.ts";
import { forms } from "../support/buggy-drivers/fixture.ts";
import { fixtureWorld } from "../support/buggy-drivers/world.ts";

/** A call manager completing a pended deregistration with a failure status. */
function failedCompletion() {
  const w = fixtureWorld({ policy: { deregisterSap: "pend-manual" } });
  const { sap } = w.client.registerSap(w.host);
  const handle = w.cmSap();
  w.client.deregisterSap(w.host, sap);
  w.asCm(() => forms("cm").deregisterSapComplete(NDIS_STATUS_RESOURCES, handle));
  w.verifier.checkQuiescence();
  return w;
}

describe("human report", () => {
  it("names the rule, the offending call, the core's reports and the replay, and draws the call tree", () => {
    const w = failedCompletion();
    const text = formatTextReport(w.verifier);
    expect(text).toContain("condis verifier: 1 violation(s) (strict mode, collect)");
    expect(text).toContain("CONDIS-CMP-005 DeregisterSapComplete_Success [error, must]");
    expect(text).toMatch(
      /at: {5}host A, driver BUGCM, event #\d+: NdisCmDeregisterSapComplete\(Status=NDIS_STATUS_RESOURCES, NdisSapHandle=Sap \d+\.\d+\)/,
    );
    expect(text).toMatch(/core: {3}#\d+ deregister-sap-complete-not-success \(must\)/);
    expect(text).toMatch(/core: {3}#\d+ cm-failed-deregistration \(semantics\)/);
    expect(text).toMatch(/replay: seed 1, \d+ decision\(s\)/);
    const lines = text.split("\n");
    const offending = lines.find((l) => l.includes(">>"));
    expect(offending).toMatch(/>> #\s*\d+ BUGCM\s+NdisCmDeregisterSapComplete\(/);
    // What NDIS did inside the call sits one level deeper; the prefix ends where the rule broke.
    const inside = lines.find((l) => l.includes("!!"));
    const column = (l: string | undefined) => l?.search(/NdisCmDeregisterSapComplete\(|core reports/) ?? -1;
    expect(inside).toContain("core reports deregister-sap-complete-not-success");
    expect(column(inside)).toBe(column(offending) + 2);
    const handler = lines.find((l) => l.includes("NDIS calls ProtocolCmDeregisterSap()"));
    const caller = lines.find((l) => l.includes("NdisClDeregisterSap(NdisSapHandle"));
    expect(handler?.search("NDIS calls")).toBe((caller?.search("NdisClDeregisterSap") ?? -9) + 2);
    expect(text).toContain("quiescence: the system was idle; 0 liveness violation(s)");
  });

  it("a long prefix keeps the latest events and says how many it left out", () => {
    const w = fixtureWorld({ policy: { deregisterSap: "pend-manual" } });
    const { sap } = w.client.registerSap(w.host);
    w.client.deregisterSap(w.host, sap);
    // Replay the recorded stream into a verifier with a short trace and no scheduler.
    const replayed = new Verifier({ traceLimit: 10 });
    for (const e of w.events) replayed.observe(e);
    const [v] = replayed.checkQuiescence().violations;
    expect(v?.trace.events).toHaveLength(10);
    expect(v?.trace.omitted).toBe(w.events.length - 10);
    expect(v?.replay).toBeNull();
    const text = formatTextReport(replayed);
    expect(text).toContain("replay: not available");
    expect(text).toContain(`(${w.events.length - 10} earlier events not kept)`);
  });
});

describe("JSON report", () => {
  it("is versioned, JSON-safe and carries rule, event, evidence, trace and replay", () => {
    const w = failedCompletion();
    const json = JSON.parse(JSON.stringify(reportJson(w.verifier)));
    expect(json.version).toBe(REPORT_VERSION);
    expect(json.mode).toBe("strict");
    expect(json.hosts).toEqual(["A"]);
    const [v] = json.violations;
    expect(v.rule).toMatchObject({ id: "CONDIS-CMP-005", level: "must", severity: "error" });
    expect(v.event).toMatchObject({ type: "ddi-call", ddi: "NdisCmDeregisterSapComplete", time: "0" });
    expect(v.evidence.map((e: { code: string }) => e.code)).toEqual([
      "deregister-sap-complete-not-success",
      "cm-failed-deregistration",
    ]);
    expect(v.trace.events.at(-1).seq).toBeGreaterThanOrEqual(v.event.seq);
    expect(v.replay.seed).toBe(1);
    expect(v.replay.decisions.length).toBeGreaterThan(0);
    expect(json.quiescence).toEqual({
      outcome: "quiescent",
      violations: [],
      outstanding: [],
      outstandingNbls: [],
    });
  });
});

describe("several hosts", () => {
  it("one verifier watches two hosts; each keeps its own state and the trace names the hosts", () => {
    const verifier = new Verifier();
    const b = fixtureWorld({ hostName: "B", verifier });
    const c = fixtureWorld({ hostName: "C", verifier, policy: { deregisterSap: "pend-manual" } });
    b.client.registerSap(b.host);
    const { sap } = c.client.registerSap(c.host);
    const handle = c.cmSap();
    c.client.deregisterSap(c.host, sap);
    c.asCm(() => forms("cm").deregisterSapComplete(NDIS_STATUS_RESOURCES, handle));
    expect(verifier.hostNames()).toEqual(["B", "C"]);
    expect(verifier.violations().map((v) => `${v.host} ${v.rule.id}`)).toEqual(["C CONDIS-CMP-005"]);
    const text = formatTextReport(verifier);
    expect(text).toMatch(/>> #\s*\d+ C BUGCM/);
    expect(text).toMatch(/#\s*\d+ B /);
  });
});
