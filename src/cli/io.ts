/**
 * How a `condis` command talks to its caller: lines on stdout, lines on stderr, whether to colour,
 * and the documented exit codes. Commands take a `CliIo`, so tests run them without a process.
 */
import { closeSync, openSync, writeFileSync } from "node:fs";
import pc from "picocolors";

/** The exit codes of every `condis` command (documented in the README). */
export const EXIT = {
  /** Everything asked for was done and every step or check passed. */
  ok: 0,
  /** A step or a check failed. */
  failed: 1,
  /** The command line was wrong (unknown option, bad value). */
  usage: 2,
  /** A file could not be written. */
  io: 3,
} as const;

/** One of the documented exit codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The colours a command may use; each is the identity when colour is off. */
export interface Palette {
  readonly ok: (s: string) => string;
  readonly fail: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

/** A command's output: `out` is the result (stdout), `err` diagnostics and confirmations (stderr). */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly colors: Palette;
}

/** Whether to colour: `NO_COLOR` (non-empty) turns it off, `FORCE_COLOR` on (unless "0"/"false"), else only on a TTY. */
export function colorWanted(env: Readonly<Record<string, string | undefined>>, isTty: boolean): boolean {
  if ((env.NO_COLOR ?? "") !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return isTty;
}

/** The palette for colour on or off. */
export function palette(color: boolean): Palette {
  const c = pc.createColors(color);
  return { ok: c.green, fail: c.red, dim: c.dim, bold: c.bold };
}

/** An io that collects both streams, without colour (for tests and library callers). */
export function bufferIo(): CliIo & { readonly stdout: string[]; readonly stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    colors: palette(false),
  };
}

/** A failure with its exit code and one line for stderr. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** An output file opened before any work is done, written once at the end. */
export interface OutputFile {
  readonly path: string;
  /** Writes the whole content and closes the file. */
  write(content: string | Uint8Array): void;
}

/**
 * Opens `path` for writing now, so that an unwritable path fails at once (exit 3, one line)
 * instead of after the whole run.
 */
export function openOutput(command: string, path: string): OutputFile {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (error) {
    throw new CliError(`${command}: cannot write ${path}: ${reason(error)}`, EXIT.io);
  }
  return {
    path,
    write(content) {
      try {
        writeFileSync(fd, content);
      } catch (error) {
        throw new CliError(`${command}: cannot write ${path}: ${reason(error)}`, EXIT.io);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** The system's one-line reason for an I/O error ("ENOENT: no such file or directory"). */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, open '.*'$/, "").split("\n")[0] ?? message;
}
