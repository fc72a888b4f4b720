/**
 * `condis demo`: the SAP life cycle end to end, with a call made on the SAP that outlives its
 * deregistration; a timeline grouped by step, and optional trace, pcap and JSON.
 */
import { ndisStatusName } from "../ndis/index.ts";
import { vcStateText } from "../scenarios/call-phase.ts";
import { FrameNamer } from "../scenarios/frame-names.ts";
import { q2931Messages, q2931Summary } from "../scenarios/q2931-log.ts";
import { runSapDemo, type SapDemoResult } from "../scenarios/sap-demo.ts";
import { ILMI_VCI, ILMI_VPI } from "../signaling/ilmi/index.ts";
import { SIGNALING_VCI, SIGNALING_VPI } from "../signaling/q2931/index.ts";
import { eventToJsonLine } from "../trace/jsonl.ts";
import { PcapngWriter } from "../trace/pcapng.ts";
import { SunAtmTraffic } from "../trace/sunatm.ts";
import { stepTimeline } from "./demo-timeline.ts";
import { type CliIo, EXIT, type ExitCode, type OutputFile, openOutput } from "./io.ts";

/** Options of `condis demo`, as commander parses them. */
export interface DemoOptions {
  readonly mcm?: boolean;
  readonly seed?: string;
  readonly trace?: string;
  readonly pcap?: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
}

/** The largest seed: the controlled scheduler's seed is a 32-bit unsigned integer. */
const MAX_SEED = 0xffff_ffff;

/** The seed `--seed` names: a decimal integer in [0, 2³²−1], or undefined for anything else. */
export function parseSeed(text: string): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(text)) return undefined;
  const seed = Number(text);
  return seed <= MAX_SEED ? seed : undefined;
}

/**
 * Every frame a host sent or received, as a pcapng with the SunATM link type and one interface
 * per host link ("uni-A", "uni-B"), so each frame says which UNI it is on.
 */
export function demoPcap(result: SapDemoResult): Uint8Array {
  const hosts = [...new Set(result.events.flatMap((e) => (e.type === "frame" ? [e.host] : [])))].sort();
  const writer = new PcapngWriter({ interfaceNames: hosts.map((h) => `uni-${h}`) });
  for (const e of result.events) {
    if (e.type !== "frame") continue;
    const traffic =
      e.vpi === ILMI_VPI && e.vci === ILMI_VCI
        ? SunAtmTraffic.ilmi
        : e.vpi === SIGNALING_VPI && e.vci === SIGNALING_VCI
          ? SunAtmTraffic.signalling
          : SunAtmTraffic.unknown;
    // Frames a host sends go user → network; frames it receives came from the switch.
    writer.addFrame(
      {
        timestamp: e.time,
        direction: e.direction === "tx" ? "userToNetwork" : "networkToUser",
        traffic,
        vpi: e.vpi,
        vci: e.vci,
        payload: e.payload,
      },
      `host ${e.host} ${e.direction === "tx" ? "sent" : "received"}, VC ${e.vpi}/${e.vci}`,
      hosts.indexOf(e.host),
    );
  }
  return writer.bytes();
}

/** Runs the demo and prints it; returns the exit code (0 only when every step succeeded). */
export function demo(options: DemoOptions, io: CliIo): ExitCode {
  const seed = parseSeed(options.seed ?? "1");
  if (seed === undefined) {
    io.err(`condis demo: --seed takes an integer in [0, ${MAX_SEED}], not "${options.seed}"`);
    return EXIT.usage;
  }
  // Every output file is opened before the run, so a bad path fails at once.
  const trace = options.trace === undefined ? undefined : openOutput("condis demo", options.trace);
  const pcap = options.pcap === undefined ? undefined : openOutput("condis demo", options.pcap);
  const result = runSapDemo({ mcm: options.mcm === true, seed });
  if (trace !== undefined) writeTrace(trace, result, io);
  if (pcap !== undefined) {
    pcap.write(demoPcap(result));
    const frames = result.events.filter((e) => e.type === "frame").length;
    io.err(`wrote ${frames} frames to ${pcap.path}`);
  }
  if (options.json === true) {
    io.out(
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
    return result.ok ? EXIT.ok : EXIT.failed;
  }
  printTimeline(result, options, io);
  return result.ok ? EXIT.ok : EXIT.failed;
}

function writeTrace(file: OutputFile, result: SapDemoResult, io: CliIo): void {
  file.write(`${result.events.map((e) => eventToJsonLine(e)).join("\n")}\n`);
  io.err(`wrote ${result.events.length} events to ${file.path}`);
}

function printTimeline(result: SapDemoResult, options: DemoOptions, io: CliIo): void {
  const { out, colors } = io;
  out(
    colors.bold(
      `condis demo (${options.mcm === true ? "MCM" : "stand-alone call manager"}, seed ${result.seed}): agent + host A (dialer) and host B (echo server) on the in-memory medium`,
    ),
  );
  const namer = new FrameNamer();
  result.steps.forEach((s, i) => {
    out("");
    out(colors.bold(`── ${i + 1}. ${s.name}`));
    const events = result.events.slice(s.eventRange.from, s.eventRange.to);
    for (const line of stepTimeline(events, namer, { verbose: options.verbose === true, mark: colors.bold }))
      out(line.startsWith("   (") ? colors.dim(line) : line);
  });
  out("");
  for (const line of summary(result)) out(line);
  out("");
  for (const s of result.steps)
    out(`${s.ok ? colors.ok("ok  ") : colors.fail("FAIL")} ${s.name} — ${s.detail}`);
  for (const v of result.violations) out(`  ${v}`);
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
