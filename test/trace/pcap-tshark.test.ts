/** External check (issue 4 item 6): tshark 4.0 reads the captures our writers produce as intended. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PcapWriter } from "../../src/trace/pcap.ts";
import { PcapngWriter } from "../../src/trace/pcapng.ts";
import { ilmiFrame, type SunAtmFrame, signallingFrame } from "../../src/trace/sunatm.ts";
import { ADDRESS_RESPONSE_OK, ADDRESS_SET_VALID, COLD_START_TRAP } from "../signaling/ilmi/fixtures.ts";
import {
  framesMatching,
  STRICT_FILTER,
  TsharkFields,
  type TsharkFrame,
  tsharkForSuite,
  tsharkFrames,
  tsharkVerbose,
} from "../support/tshark.ts";
import { SETUP_SD_PDU } from "./fixtures.ts";

/** A SETUP on 0/5 from the user and an ILMI exchange on 0/16, at distinct nanosecond times. */
const FRAMES: readonly SunAtmFrame[] = [
  signallingFrame(1_000_000_001n, "userToNetwork", SETUP_SD_PDU),
  ilmiFrame(1_000_000_002n, "userToNetwork", ADDRESS_SET_VALID),
  ilmiFrame(2_123_456_789n, "networkToUser", ADDRESS_RESPONSE_OK),
  ilmiFrame(3_000_000_000n, "networkToUser", COLD_START_TRAP),
];

const EXPECTED_PROTOCOLS = [
  ["atm", "sscop", "q2931"],
  ["atm", "ilmi"],
  ["atm", "ilmi"],
  ["atm", "ilmi"],
];

let dir = "";

beforeAll(() => {
  if (!tsharkForSuite()) return;
  dir = mkdtempSync(join(tmpdir(), "condis-pcap-"));
});

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

function checkCapture(file: string): TsharkFrame[] {
  const frames = tsharkFrames(file, [
    "frame.time_epoch",
    "frame.comment",
    ...TsharkFields.atm,
    ...TsharkFields.sscop,
  ]);
  expect(frames.map((f) => f.protocols)).toEqual(EXPECTED_PROTOCOLS);
  expect(frames.map((f) => `${f.protocol} ${f.message}`)).toEqual([
    "Q.2931 SETUP",
    "ILMI set-request",
    "ILMI get-response",
    "ILMI trap",
  ]);
  for (const [i, frame] of frames.entries()) {
    const sent = FRAMES[i]!;
    const seconds = sent.timestamp / 1_000_000_000n;
    const nanos = (sent.timestamp % 1_000_000_000n).toString().padStart(9, "0");
    expect(frame.fields["frame.time_epoch"]).toEqual([`${seconds}.${nanos}`]);
    expect(frame.fields["atm.channel"]).toEqual([sent.direction === "userToNetwork" ? "0" : "1"]);
    expect(frame.fields["atm.vpi"]).toEqual([String(sent.vpi)]);
    expect(frame.fields["atm.vci"]).toEqual([String(sent.vci)]);
    expect(frame.malformed).toBe(false);
  }
  // The SETUP is an SSCOP SD (type 8) with N(S) 0.
  expect(frames[0]?.fields["sscop.type"]).toEqual(["0x08"]);
  expect(frames[0]?.fields["sscop.s"]).toEqual(["0"]);
  // STRICT_FILTER includes the §7 acceptance filter (malformed, error-level expert items).
  const bad = framesMatching(file, STRICT_FILTER);
  expect(bad, tsharkVerbose(file, bad)).toEqual([]);
  return frames;
}

describe("tshark reads our captures", () => {
  it("classic pcap (nanosecond magic): SSCOP→Q.2931 on 0/5, ILMI on 0/16, exact times, directions", () => {
    const writer = new PcapWriter();
    for (const frame of FRAMES) writer.addFrame(frame);
    const file = join(dir, "sig.pcap");
    writeFileSync(file, writer.bytes());
    checkCapture(file);
  });

  it("pcapng (if_tsresol 9), with the VC in each packet comment", () => {
    const writer = new PcapngWriter({ interfaceName: "uni0" });
    for (const frame of FRAMES) writer.addFrame(frame);
    const file = join(dir, "sig.pcapng");
    writeFileSync(file, writer.bytes());
    const comments = checkCapture(file).map((f) => f.fields["frame.comment"]);
    expect(comments).toEqual([["VC 0/5"], ["VC 0/16"], ["VC 0/16"], ["VC 0/16"]]);
  });

  it("takes the capture as bytes too", () => {
    const writer = new PcapWriter({ resolution: "microsecond" });
    writer.addFrame(FRAMES[1]!);
    expect(tsharkFrames(writer.bytes()).map((f) => f.protocols)).toEqual([["atm", "ilmi"]]);
  });
});
