/**
 * The `condis` command line. Each command's code is imported only when the command runs, so
 * `condis --help` loads commander and nothing else (see bench/startup.ts).
 */
import { Command, CommanderError, Option } from "commander";
import type { DemoOptions } from "./demo.ts";
import type { ExploreOptions, ReplayOptions } from "./explore.ts";
import { CliError, type CliIo, colorWanted, EXIT, type ExitCode, palette } from "./io.ts";

const EXIT_CODES_HELP = `
Exit status: 0 ok, 1 a step or check failed, 2 usage error, 3 a file could not be written.`;

/** Builds the `condis` command line; `setExit` receives each command's exit code. */
export function buildProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  const program = new Command("condis")
    .description("An executable, verifiable model of Windows connection-oriented NDIS (CoNDIS)")
    .version("0.1.0")
    .addHelpText("after", EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, "")),
      writeErr: (s) => io.err(s.replace(/\n$/, "")),
    });
  program
    .command("demo")
    .description(
      "register a SAP, call it and echo data, deregister the SAP under the live call, close the call (agent + two hosts, in-memory medium)",
    )
    .option("--mcm", "use the integrated call-manager miniport instead of the stand-alone call manager")
    .addOption(
      new Option("--seed <n>", "seed of the controlled scheduler, an integer in [0, 4294967295]").default(
        "1",
      ),
    )
    .option("--trace <file>", "write the event stream as JSON lines")
    .option(
      "--pcap <file>",
      "write every frame of the run (pcapng, one interface per host link; readable by tshark)",
    )
    .option("--json", "print a machine-readable summary instead of the timeline")
    .option("--verbose", "show every event in the timeline")
    .action(async (options: DemoOptions) => {
      const { demo } = await import("./demo.ts");
      setExit(demo(options, io));
    });
  program
    .command("rules")
    .description("list the verifier's rule catalogue (id, name, statement, covered DDIs)")
    .option("--json", "print the catalogue as JSON")
    .action(async (options: { json?: boolean }) => {
      const { renderRules } = await import("../verifier/cli.ts");
      io.out(renderRules({ json: options.json === true }).replace(/\n$/, ""));
    });
  program
    .command("pcap-sample")
    .description(
      "write a pcap with one frame of every Q.2931 message, every SSCOP PDU type, and an ILMI exchange",
    )
    .argument("<file>", "the pcap file to write")
    .action(async (file: string) => {
      const { pcapSample } = await import("./pcap-sample.ts");
      setExit(pcapSample(file, io));
    });
  program
    .command("explore")
    .description(
      "run many schedules of a scenario under a strategy; write a replay file for the violation found",
    )
    .argument("[scenario]", "a built-in scenario or buggy/<target> (--list shows them)")
    .option("--list", "list the built-in scenarios and buggy targets")
    .option("--mcm", "the MCM form instead of the stand-alone call manager")
    .option("--strategy <name>", "random, pct or dfs (delay-bounded exhaustive)", "random")
    .option("--schedules <n>", "schedules to run (all shards together)", "100")
    .option("--seed <n>", "seed of schedule 0; schedule j uses seed + j", "1")
    .option("--depth <d>", "PCT's bug depth (d - 1 priority change points); dfs's delay bound", "3")
    .option("--shard <i/n>", "run only the schedules j with j mod n = i")
    .option("--faults <plan>", "per-link faults, e.g. loss=0.1,dup=0.05,reorder,delay=2ms")
    .option("--out <dir>", "where replay files go", ".")
    .option("--json", "print a machine-readable summary")
    .action(async (scenario: string | undefined, options: ExploreOptions) => {
      const { exploreCommand } = await import("./explore.ts");
      setExit(exploreCommand(scenario, options, io));
    });
  program
    .command("replay")
    .description("re-run a replay file: exit 1 when it breaks a rule, 0 when clean")
    .argument("<file>", "a replay file written by condis explore")
    .option("--minimise", "shrink the decisions by delta debugging to a replay that still breaks the rule")
    .option("--out <file>", "where the minimised replay goes (default: FILE with .min.replay.json)")
    .option("--json", "print a machine-readable report")
    .action(async (file: string, options: ReplayOptions) => {
      const { replayCommand } = await import("./explore.ts");
      setExit(replayCommand(file, options, io));
    });
  return program;
}

/** Runs the CLI with Node's argv (`[node, script, ...args]`); returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error, already printed.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
}

/**
 * The process around `main` (the bin calls this): stdout and stderr, colour from the TTY and
 * `NO_COLOR`/`FORCE_COLOR`, and a reader that goes away (`condis demo | head -1`) ends the run
 * quietly with status 0.
 */
export async function run(): Promise<void> {
  let stdoutClosed = false;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") {
      stdoutClosed = true;
      process.exit(EXIT.ok);
    }
    process.stderr.write(`condis: cannot write to stdout: ${error.message}\n`);
    process.exit(EXIT.io);
  });
  const io: CliIo = {
    out: (line) => {
      if (!stdoutClosed) process.stdout.write(`${line}\n`);
    },
    err: (line) => process.stderr.write(`${line}\n`),
    colors: palette(colorWanted(process.env, process.stdout.isTTY === true)),
  };
  process.exitCode = await main(process.argv, io);
}
