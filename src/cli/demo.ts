/**
 * `condis demo`: the SAP life cycle end to end, with a call made on the SAP that outlives its
 * deregistration; a timeline grouped by step, and optional trace, pcap and JSON.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { ndisStatusName } from "../ndis/index.ts";
import { vcStateText } from "../scenarios/call-phase.ts";
import { isSscopKeepAlive, q2931Messages, q2931Summary, q2931TypeOf } from "../scenarios/q2931-log.ts";
import { runSapDemo, type SapDemoResult } from "../scenarios/sap-demo.ts";
import { ILMI_VCI, ILMI_VPI } from "../signaling/ilmi/index.ts";
import { SIGNALING_VCI, SIGNALING_VPI } from "../signaling/q2931/index.ts";
import { eventToJsonLine } from "../trace/jsonl.ts";
import { PcapWriter } from "../trace/pcap.ts";
import { SunAtmTraffic } from "../trace/sunatm.ts";
import { timelineLine } from "../trace/timeline.ts";

/** Options of `condis demo`. */
export interface DemoOptions {
  readonly mcm?: boolean;
  readonly seed?: string;
  readonly trace?: string;
  readonly pcap?: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
}

/** Every frame a host sent or received, as a pcap with the SunATM link type. */
export function demoPcap(result: SapDemoResult): Uint8Array {
  const writer = new PcapWriter();
  for (const e of result.events) {
    if (e.type !== "frame") continue;
    const traffic =
      e.vpi === ILMI_VPI && e.vci === ILMI_VCI
        ? SunAtmTraffic.ilmi
        : e.vpi === SIGNALING_VPI && e.vci === SIGNALING_VCI
          ? SunAtmTraffic.signalling
          : SunAtmTraffic.unknown;
    // Frames a host sends go user → network; frames it receives came from the switch.
    writer.addFrame({
      timestamp: e.time,
      direction: e.direction === "tx" ? "userToNetwork" : "networkToUser",
      traffic,
      vpi: e.vpi,
      vci: e.vci,
      payload: e.payload,
    });
  }
  return writer.bytes();
}

/** Runs the demo and prints it; returns the exit code (0 only when every step succeeded). */
export function demo(options: DemoOptions, out: (line: string) => void = console.log): number {
  const seed = options.seed === undefined ? 1 : Number(options.seed);
  if (!Number.isInteger(seed) || seed < 0) {
    out(`condis demo: --seed takes a non-negative integer, not "${options.seed}"`);
    return 2;
  }
  const result = runSapDemo({ mcm: options.mcm === true, seed });
  if (options.trace !== undefined)
    writeFileSync(options.trace, `${result.events.map((e) => eventToJsonLine(e)).join("\n")}\n`);
  if (options.pcap !== undefined) writeFileSync(options.pcap, demoPcap(result));
  if (options.json === true) {
    out(
      JSON.stringify(
        {
          ok: result.ok,
          seed,
          variant: options.mcm === true ? "mcm" : "stand-alone",
          steps: result.steps,
          agentWithSap: result.agentWithSap.addresses,
          agentAfter: result.agentAfter.addresses,
          agentCalls: result.agentWithCall.calls,
          call: result.call,
          violations: result.violations,
          events: result.events.length,
        },
        null,
        2,
      ),
    );
    return result.ok ? 0 : 1;
  }
  out(
    `condis demo (${options.mcm === true ? "MCM" : "stand-alone call manager"}, seed ${seed}): agent + host A (dialer) and host B (echo server) on the in-memory medium`,
  );
  result.steps.forEach((s, i) => {
    out("");
    out(`── ${i + 1}. ${s.name}`);
    let keepAlives = 0;
    for (const e of result.events.slice(s.eventRange.from, s.eventRange.to)) {
      if (e.type === "frame" && options.verbose !== true && isSscopKeepAlive(e.vpi, e.vci, e.payload)) {
        keepAlives++;
        continue;
      }
      const line = timelineLine(e, options.verbose === true);
      if (line === undefined) continue;
      const q2931 = e.type === "frame" ? q2931TypeOf(e.vpi, e.vci, e.payload) : undefined;
      out(q2931 === undefined ? line : `${line} — Q.2931 ${q2931}`);
    }
    if (keepAlives > 0)
      out(`   (${keepAlives} SSCOP POLL/STAT keep-alive frames on 0/5 not shown; --verbose shows them)`);
  });
  out("");
  for (const line of summary(result)) out(line);
  out("");
  for (const s of result.steps) out(`${s.ok ? "ok  " : "FAIL"} ${s.name} — ${s.detail}`);
  for (const v of result.violations) out(`  ${v}`);
  return result.ok ? 0 : 1;
}

/** The agent's tables, the call, its data and its close, in a few lines. */
function summary(result: SapDemoResult): string[] {
  const { call } = result;
  const vc = (v: { readonly vpi: number; readonly vci: number } | undefined) =>
    v === undefined ? "-" : `${v.vpi}/${v.vci}`;
  const switched = result.agentWithCall.calls[0];
  const atDereg = call.atDeregistration;
  const table = result.agentAfter.addresses;
  const closeStep = result.steps.find((s) => s.name.startsWith("A closes the call"));
  const closing = q2931Messages(
    closeStep === undefined ? [] : result.events.slice(closeStep.eventRange.from, closeStep.eventRange.to),
  );
  return [
    "agent's address table with B's SAP registered:",
    ...result.agentWithSap.addresses.map((a) => `  port ${a.port}  ${a.address}`),
    `the call: A's VC ${vc(call.vcA)} ⇄ agent call #${switched?.id ?? "-"} (${switched?.phase ?? "none"}) ⇄ B's VC ${vc(call.vcB)}`,
    `data: A sent ${call.sent} NBLs of ${call.nblSize} bytes (${call.sent * call.nblSize} bytes); ` +
      `${call.echoed} came back unchanged (${call.echoedBeforeDeregistration} before B deregistered its SAP, ` +
      `${call.echoed - call.echoedBeforeDeregistration} after), ${call.mismatched} mismatched; B echoed ${call.serverEchoed}`,
    `agent's address table after the deregistration: ${table.length === 0 ? "empty" : table.map((a) => a.address).join(", ")}; ` +
      `the call meanwhile: A's VC ${vcStateText(atDereg.a)}, B's VC ${vcStateText(atDereg.b)}, ` +
      `agent call ${atDereg.agentCalls[0]?.phase ?? "gone"}`,
    `then A closed the call: ${ndisStatusName(call.closeStatus ?? -1)}; A: ${q2931Summary(closing, "A")}; B: ${q2931Summary(closing, "B")}`,
  ];
}

/** Adds `condis demo` to the program. */
export function registerDemoCommand(program: Command, setExit: (code: number) => void): Command {
  return program
    .command("demo")
    .description(
      "register a SAP, call it and echo data, deregister the SAP under the live call, close the call (agent + two hosts, in-memory medium)",
    )
    .option("--mcm", "use the integrated call-manager miniport instead of the stand-alone call manager")
    .option("--seed <n>", "seed of the controlled scheduler", "1")
    .option("--trace <file>", "write the event stream as JSON lines")
    .option("--pcap <file>", "write every frame of the run (SunATM pcap, readable by tshark)")
    .option("--json", "print a machine-readable summary instead of the timeline")
    .option("--verbose", "show every event in the timeline")
    .action((options: DemoOptions) => setExit(demo(options)));
}
