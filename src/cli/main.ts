import { Command, CommanderError } from "commander";
import { registerRulesCommand } from "../verifier/cli.ts";
import { registerDemoCommand } from "./demo.ts";
import { registerPcapSampleCommand } from "./pcap-sample.ts";

let exitCode = 0;

/** Builds the `condis` command line; each subcommand lives in its own module under cli/. */
export function buildProgram(): Command {
  const program = new Command("condis")
    .description("An executable, verifiable model of Windows connection-oriented NDIS (CoNDIS)")
    .version("0.1.0")
    .exitOverride();
  registerRulesCommand(program);
  registerPcapSampleCommand(program);
  registerDemoCommand(program, (code) => {
    exitCode = code;
  });
  return program;
}

/** Runs the CLI with Node's argv; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    exitCode = 0;
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
}
