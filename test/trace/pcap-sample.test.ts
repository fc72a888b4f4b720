/**
 * `condis pcap-sample` (issue 4 items 5 and 6): the sample holds one SD-carried frame of every Q.2931
 * message type, one frame of every other SSCOP PDU type, and an ILMI register/deregister exchange; our
 * own decoders read every frame back, and tshark 4.0 dissects each as the message we sent, in order,
 * with nothing matching the strict filter
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bufferIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { describePcapSample } from "../../src/cli/pcap-sample.ts";
import {
  addressStatusOid,
  decodeIlmiMessage,
  formatOid,
  netPrefixStatusOid,
} from "../../src/signaling/ilmi/index.ts";
import { decodeMessage, MESSAGE_NAMES } from "../../src/signaling/q2931/index.ts";
import { decodePdu, PDU_TYPE_NAMES, PduType, type PduTypeName } from "../../src/signaling/sscop/index.ts";
import { readSunAtmPcap } from "../../src/trace/pcap.ts";
import {
  buildPcapSample,
  type PcapSampleEntry,
  pcapSampleEntries,
  SAMPLE_ADDRESS,
  SAMPLE_PREFIX,
} from "../../src/trace/pcap-sample.ts";
import { SunAtmTraffic } from "../../src/trace/sunatm.ts";
import {
  framesMatching,
  requireTshark,
  SnmpPduName,
  STRICT_FILTER,
  TsharkFields,
  type TsharkFrame,
  tsharkFrames,
  tsharkVerbose,
} from "../support/tshark.ts";
import { SETUP_SD_PDU } from "./fixtures.ts";

/** tshark 4.0's names of the SSCOP PDU types (its Info column). */
const SSCOP_INFO: Readonly<Record<PduTypeName, string>> = {
  BGN: "Begin",
  BGAK: "Begin Acknowledge",
  END: "End",
  ENDAK: "End Acknowledge",
  RS: "Resynchronization",
  RSAK: "Resynchronization Acknowledge",
  BGREJ: "Begin Reject",
  SD: "Sequenced Data",
  ER: "Error Recovery",
  POLL: "Status Request",
  STAT: "Solicited Status Response",
  USTAT: "Unsolicited Status Response",
  UD: "Unnumbered Data",
  MD: "Management Data",
  ERAK: "Error Acknowledge",
};

const hex2 = (n: number) => `0x${n.toString(16).padStart(2, "0")}`;
const entries = pcapSampleEntries();
const sample = buildPcapSample();
const names = (protocol: PcapSampleEntry["protocol"]) =>
  entries.filter((e) => e.protocol === protocol).map((e) => e.message);

describe("the pcap sample", () => {
  it("has one SD-carried frame of every Q.2931 message type", () => {
    expect([...names("Q.2931")].sort()).toEqual(Object.values(MESSAGE_NAMES).sort());
  });

  it("has one frame of every other SSCOP PDU type (SD is the Q.2931 frames')", () => {
    expect([...names("SSCOP")].sort()).toEqual(PDU_TYPE_NAMES.filter((t) => t !== "SD").sort());
  });

  it("has the ILMI exchange: cold starts, prefix registration, address registration and deregistration", () => {
    const ilmi = entries
      .filter((e) => e.protocol === "ILMI")
      .map((e) => {
        const decoded = decodeIlmiMessage(e.frame.payload);
        if (!decoded.ok) throw new Error(decoded.error.reason);
        const pdu = decoded.value.pdu;
        const value = pdu.varBinds[0]?.value;
        const oid = pdu.type === "trap" ? "" : formatOid(pdu.varBinds[0]?.name ?? []);
        return [e.frame.direction, pdu.type, oid, value?.type === "integer" ? value.value : null];
      });
    const prefix = formatOid(netPrefixStatusOid(SAMPLE_PREFIX));
    const address = formatOid(addressStatusOid(SAMPLE_ADDRESS));
    expect(ilmi).toEqual([
      ["userToNetwork", "trap", "", null],
      ["networkToUser", "trap", "", null],
      ["networkToUser", "setRequest", prefix, 1],
      ["userToNetwork", "getResponse", prefix, 1],
      ["userToNetwork", "setRequest", address, 1],
      ["networkToUser", "getResponse", address, 1],
      ["userToNetwork", "setRequest", address, 2],
      ["networkToUser", "getResponse", address, 2],
    ]);
  });

  it("is deterministic, with strictly increasing timestamps, and reads back frame for frame", () => {
    expect(buildPcapSample()).toEqual(sample);
    const read = readSunAtmPcap(sample);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value).toEqual(entries.map((e) => e.frame));
    const times = read.value.map((f) => f.timestamp);
    expect(times.every((t, i) => i === 0 || t > (times[i - 1] ?? t))).toBe(true);
  });

  it("puts signalling on 0/5 and ILMI on 0/16, and every frame decodes with our own codecs", () => {
    const nS = { userToNetwork: 0, networkToUser: 0 };
    for (const { protocol, message, frame } of entries) {
      if (protocol === "ILMI") {
        expect([frame.traffic, frame.vpi, frame.vci]).toEqual([SunAtmTraffic.ilmi, 0, 16]);
        expect(decodeIlmiMessage(frame.payload).ok).toBe(true);
        continue;
      }
      expect([frame.traffic, frame.vpi, frame.vci]).toEqual([SunAtmTraffic.signalling, 0, 5]);
      const pdu = decodePdu(frame.payload);
      if (!pdu.ok) throw new Error(pdu.error.reason);
      if (protocol === "SSCOP") {
        expect(pdu.value.type).toBe(message);
        continue;
      }
      // Each side numbers its SDs from 0.
      expect(pdu.value).toMatchObject({ type: "SD", nS: nS[frame.direction]++ });
      if (pdu.value.type !== "SD") continue;
      const decoded = decodeMessage(pdu.value.data);
      if (!decoded.ok) throw new Error(decoded.error.reason);
      expect(decoded.message.type).toBe(message);
      expect(decoded.skipped).toEqual([]);
    }
  });

  it("carries the minimal UNI 3.1 SETUP byte for byte, from the user", () => {
    const setup = entries.find((e) => e.message === "SETUP");
    expect(setup?.frame.direction).toBe("userToNetwork");
    const sd = decodePdu(setup?.frame.payload ?? new Uint8Array());
    const reference = decodePdu(SETUP_SD_PDU);
    expect(sd.ok && reference.ok).toBe(true);
    if (!sd.ok || !reference.ok || sd.value.type !== "SD" || reference.value.type !== "SD") return;
    expect(sd.value.data).toEqual(reference.value.data);
  });

  it("sends each message from the side that sends it: SETUP, RELEASE, BGN, POLL, END from the user", () => {
    const from = (name: string) => entries.find((e) => e.message === name)?.frame.direction;
    for (const name of ["SETUP", "CONNECT ACKNOWLEDGE", "RELEASE", "BGN", "POLL", "END"]) {
      expect(from(name), name).toBe("userToNetwork");
    }
    for (const name of ["CALL PROCEEDING", "CONNECT", "RELEASE COMPLETE", "BGAK", "STAT", "ENDAK"]) {
      expect(from(name), name).toBe("networkToUser");
    }
  });
});

describe("tshark 4.0 over the pcap sample", () => {
  let frames: TsharkFrame[] = [];

  beforeAll(() => {
    requireTshark();
    frames = tsharkFrames(sample, [
      ...TsharkFields.atm,
      "sscop.type",
      "q2931.message_type",
      "snmp.data",
      "snmp.value.int",
    ]);
  });

  it("dissects every frame as the protocol and message we sent, in order", () => {
    // tshark 4.0 does not know the Q.2963.1 modification messages (0x88–0x8B): "Unknown message type".
    const codeOf = (name: string) => Number(Object.entries(MESSAGE_NAMES).find(([, n]) => n === name)?.[0]);
    const info = (name: string) => {
      const code = codeOf(name);
      return code >= 0x88 && code <= 0x8b
        ? `Unknown message type (0x${code.toString(16).toUpperCase()})`
        : name;
    };
    const expected = entries.map((e) => {
      if (e.protocol === "Q.2931") return ["atm:sscop:q2931", "Q.2931", info(e.message)];
      if (e.protocol === "SSCOP") return ["atm:sscop", "SSCOP", SSCOP_INFO[e.message]];
      return ["atm:ilmi", "ILMI", SnmpPduName[e.message]];
    });
    const seen = frames.map((f) => [
      f.protocols.join(":"),
      f.protocol,
      f.protocol === "ILMI" ? f.message : f.info,
    ]);
    expect(seen).toEqual(expected);
  });

  it("shows the type codes, channel and direction of every frame", () => {
    const codeOf = Object.fromEntries(
      Object.entries(MESSAGE_NAMES).map(([code, name]) => [name, Number(code)]),
    );
    for (const [i, e] of entries.entries()) {
      const f = frames[i];
      expect(f?.fields["atm.channel"], `frame ${i + 1}`).toEqual([
        e.frame.direction === "userToNetwork" ? "0" : "1",
      ]);
      expect(f?.fields["atm.vci"]).toEqual([String(e.frame.vci)]);
      if (e.protocol === "ILMI") continue;
      const type = e.protocol === "Q.2931" ? "SD" : e.message;
      expect(f?.fields["sscop.type"], `frame ${i + 1}`).toEqual([hex2(PduType[type])]);
      if (e.protocol === "Q.2931") {
        expect(f?.fields["q2931.message_type"]).toEqual([hex2(codeOf[e.message] ?? -1)]);
      }
    }
    const statuses = frames
      .filter((f) => f.fields["snmp.value.int"]?.length)
      .map((f) => f.fields["snmp.value.int"]);
    expect(statuses).toEqual([["1"], ["1"], ["1"], ["1"], ["2"], ["2"]]);
  });

  it("has no malformed frame, no error, and no warning but the two tshark 4.0 raises on every AAL / traffic descriptor IE", () => {
    const bad = framesMatching(sample, STRICT_FILTER);
    expect(bad, tsharkVerbose(sample, bad)).toEqual([]);
    expect(frames.some((f) => f.expert.length > 0)).toBe(true);
  });
});

describe("condis pcap-sample", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "condis-pcap-sample-"));
  });
  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("writes the sample to FILE, confirms it on stderr, and prints how many frames of each kind", async () => {
    const file = join(dir, "sample.pcap");
    const io = bufferIo();
    expect(await main(["node", "condis", "pcap-sample", file], io)).toBe(0);
    expect(new Uint8Array(readFileSync(file))).toEqual(sample);
    expect(io.stderr).toEqual([`wrote 42 frames to ${file} (pcap, LINKTYPE_SUNATM)`]);
    expect(io.stdout).toEqual(describePcapSample(file, entries));
  });

  it("summarises 20 Q.2931 messages, 14 other SSCOP PDUs and 8 ILMI messages", () => {
    const lines = describePcapSample("x.pcap", entries);
    expect(lines[0]).toMatch(/^ {2}20 Q\.2931 in SSCOP SD: RESTART, RESTART ACKNOWLEDGE, SETUP, /);
    expect(lines[1]).toMatch(/^ {2}14 other SSCOP PDUs: BGN, BGAK, POLL, STAT, /);
    expect(lines[2]).toBe("   8 ILMI (SNMP): 2× trap, 3× setRequest, 3× getResponse");
  });

  it("exits 3 naming the file when it cannot write, and 2 without FILE", async () => {
    const bad = join(dir, "no-such-dir", "x.pcap");
    const io = bufferIo();
    expect(await main(["node", "condis", "pcap-sample", bad], io)).toBe(3);
    expect(io.stderr).toEqual([expect.stringContaining(`cannot write ${bad}`)]);
    expect(await main(["node", "condis", "pcap-sample"], bufferIo())).toBe(2);
  });
});
