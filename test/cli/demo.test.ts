import { describe, expect, it } from "vitest";
import { demo, demoPcap } from "../../src/cli/demo.ts";
import { main } from "../../src/cli/main.ts";
import { runSapDemo } from "../../src/scenarios/sap-demo.ts";
import { framesMatching, STRICT_FILTER, tsharkFrames } from "../support/tshark.ts";

describe.each([false, true])("condis demo (mcm: %s)", (mcm) => {
  it("every step succeeds: SAP registered and deregistered over ILMI, no leak, no violation", () => {
    const result = runSapDemo({ mcm, seed: 7 });
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual(result.steps.map((s) => [s.name, true]));
    expect(result.violations).toEqual([]);
    expect(result.quiescence.outstanding).toEqual([]);
    const completion = mcm ? "NdisMCmDeregisterSapComplete" : "NdisCmDeregisterSapComplete";
    expect(result.events.filter((e) => e.type === "ddi-call" && e.ddi === completion)).toHaveLength(1);
    const coSends = result.events.filter(
      (e) => e.type === "ddi-call" && e.ddi === "NdisCoSendNetBufferLists",
    );
    if (mcm) expect(coSends).toEqual([]);
    else expect(coSends.length).toBeGreaterThan(0);
  });

  it("its pcap decodes in tshark as ILMI register and deregister exchanges, with no malformed frame", () => {
    const result = runSapDemo({ mcm, seed: 1 });
    const pcap = demoPcap(result);
    expect(framesMatching(pcap, STRICT_FILTER)).toEqual([]);
    const frames = tsharkFrames(pcap, ["snmp.value.int"]);
    expect(frames.length).toBeGreaterThan(8);
    // ILMI on 0/16, and SSCOP (carrying Q.2931) on 0/5 once the call manager brings signaling up.
    expect(frames.every((f) => f.protocols.includes("ilmi") || f.protocols.includes("sscop"))).toBe(true);
    const addressSets = frames.filter(
      (f) => f.message === "set-request" && f.info.includes("1.3.6.1.4.1.353.2.6.1.1.3"),
    );
    // One registration (valid 1) and one deregistration (invalid 2) of B's address.
    expect(addressSets.map((f) => f.fields["snmp.value.int"]?.[0])).toEqual(["1", "2"]);
  });
});

describe("the demo command", () => {
  it("exits 0 and prints each step; --json prints a summary; a bad seed exits 2", async () => {
    const lines: string[] = [];
    expect(demo({}, (l) => lines.push(l))).toBe(0);
    expect(lines.filter((l) => l.startsWith("ok  "))).toHaveLength(5);
    const json: string[] = [];
    expect(demo({ json: true, mcm: true }, (l) => json.push(l))).toBe(0);
    expect(JSON.parse(json.join("\n"))).toMatchObject({ ok: true, variant: "mcm" });
    expect(demo({ seed: "x" }, () => {})).toBe(2);
    expect(await main(["node", "condis", "demo", "--json"])).toBe(0);
  });
});
