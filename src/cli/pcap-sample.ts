/** `condis pcap-sample FILE`: writes the sample capture of every Q.2931 message, SSCOP PDU and ILMI exchange. */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import {
  buildPcapSample,
  type PcapSampleEntry,
  pcapSampleEntries,
  type SampleProtocol,
} from "../trace/pcap-sample.ts";

const KINDS: readonly (readonly [SampleProtocol, string])[] = [
  ["Q.2931", "Q.2931 in SSCOP SD"],
  ["SSCOP", "other SSCOP PDUs"],
  ["ILMI", "ILMI (SNMP)"],
];

/** The summary lines: how many frames of each kind, and which messages. */
export function describePcapSample(file: string, entries: readonly PcapSampleEntry[]): string[] {
  const lines = [`condis pcap-sample: wrote ${entries.length} frames to ${file} (pcap, LINKTYPE_SUNATM)`];
  for (const [protocol, label] of KINDS) {
    const names = entries.filter((e) => e.protocol === protocol).map((e) => e.message);
    const counts = new Map<string, number>();
    for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
    const list = [...counts].map(([name, n]) => (n === 1 ? name : `${n}× ${name}`)).join(", ");
    lines.push(`${String(names.length).padStart(4)} ${label}: ${list}`);
  }
  lines.push(`open it in Wireshark, or: tshark -r ${file} -V -O sscop,q2931,ilmi`);
  return lines;
}

/** Writes the sample to `file` and prints the summary; `write` is injectable for tests. */
export function pcapSample(
  file: string,
  out: (line: string) => void = console.log,
  write: (file: string, bytes: Uint8Array) => void = writeFileSync,
): void {
  const entries = pcapSampleEntries();
  write(file, buildPcapSample(entries));
  for (const line of describePcapSample(file, entries)) out(line);
}

/** Adds `condis pcap-sample FILE` to the program; a write failure exits 1 with the reason. */
export function registerPcapSampleCommand(program: Command): Command {
  return program
    .command("pcap-sample")
    .description(
      "write a pcap with one frame of every Q.2931 message, every SSCOP PDU type, and an ILMI exchange",
    )
    .argument("<file>", "the pcap file to write")
    .action(function (this: Command, file: string) {
      try {
        pcapSample(file);
      } catch (error) {
        this.error(`condis pcap-sample: cannot write ${file}: ${(error as Error).message}`, { exitCode: 1 });
      }
    });
}
