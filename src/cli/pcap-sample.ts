/** `condis pcap-sample FILE`: writes the sample capture of every Q.2931 message, SSCOP PDU and ILMI exchange. */
import {
  buildPcapSample,
  type PcapSampleEntry,
  pcapSampleEntries,
  type SampleProtocol,
} from "../trace/pcap-sample.ts";
import { type CliIo, EXIT, type ExitCode, openOutput } from "./io.ts";

const KINDS: readonly (readonly [SampleProtocol, string])[] = [
  ["Q.2931", "Q.2931 in SSCOP SD"],
  ["SSCOP", "other SSCOP PDUs"],
  ["ILMI", "ILMI (SNMP)"],
];

/** The summary lines: how many frames of each kind, and which messages. */
export function describePcapSample(file: string, entries: readonly PcapSampleEntry[]): string[] {
  const lines: string[] = [];
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

/**
 * Writes the sample to `file`: the confirmation on stderr, what it holds on stdout. An unwritable
 * path is a CliError (exit 3) raised before anything is built.
 */
export function pcapSample(file: string, io: CliIo): ExitCode {
  const output = openOutput("condis pcap-sample", file);
  const entries = pcapSampleEntries();
  output.write(buildPcapSample(entries));
  io.err(`wrote ${entries.length} frames to ${file} (pcap, LINKTYPE_SUNATM)`);
  for (const line of describePcapSample(file, entries)) io.out(line);
  return EXIT.ok;
}
