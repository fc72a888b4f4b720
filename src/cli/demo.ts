/** `condis demo`: the SAP life cycle end to end, with a timeline, and optional trace, pcap and JSON. */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { runSapDemo, type SapDemoResult } from "../scenarios/sap-demo.ts";
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
      e.vpi === 0 && e.vci === 16
        ? SunAtmTraffic.ilmi
        : e.vpi === 0 && e.vci === 5
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
    `condis demo (${options.mcm === true ? "MCM" : "stand-alone call manager"}, seed ${seed}): agent + hosts A and B on the in-memory medium`,
  );
  out("");
  for (const e of result.events) {
    const line = timelineLine(e, options.verbose === true);
    if (line !== undefined) out(line);
  }
  out("");
  out("agent's address table with B's SAP registered:");
  for (const a of result.agentWithSap.addresses) out(`  port ${a.port}  ${a.address}`);
  out(
    `agent's address table after the deregistration: ${result.agentAfter.addresses.length === 0 ? "empty" : result.agentAfter.addresses.map((a) => a.address).join(", ")}`,
  );
  out("");
  for (const s of result.steps) out(`${s.ok ? "ok  " : "FAIL"} ${s.name} — ${s.detail}`);
  for (const v of result.violations) out(`  ${v}`);
  return result.ok ? 0 : 1;
}

/** Adds `condis demo` to the program. */
export function registerDemoCommand(program: Command, setExit: (code: number) => void): Command {
  return program
    .command("demo")
    .description("register and deregister a SAP end to end (agent + two hosts, in-memory medium)")
    .option("--mcm", "use the integrated call-manager miniport instead of the stand-alone call manager")
    .option("--seed <n>", "seed of the controlled scheduler", "1")
    .option("--trace <file>", "write the event stream as JSON lines")
    .option("--pcap <file>", "write every frame of the run (SunATM pcap, readable by tshark)")
    .option("--json", "print a machine-readable summary instead of the timeline")
    .option("--verbose", "show every event in the timeline")
    .action((options: DemoOptions) => setExit(demo(options)));
}
