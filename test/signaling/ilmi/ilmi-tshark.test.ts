/**
 * External check (issue 4 item 6): a capture of ILMI registration and deregistration in both
 * directions, produced by the two IMEs talking through the codec, decodes in tshark 4.0 frame by
 * frame as the SNMP PDU we sent, with no malformed frame and no expert item at all (ATM Forum ILMI 4.0).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addressSetRequest,
  decodeIlmiMessage,
  encodeIlmiMessage,
  getRequest,
  ilmiRequest,
} from "../../../src/signaling/ilmi/ilmi-message.ts";
import {
  AtmfStatus,
  formatOid,
  IlmiOid,
  parseAddressStatusOid,
  parseNetPrefixStatusOid,
} from "../../../src/signaling/ilmi/ilmi-mib.ts";
import type { SnmpMessage } from "../../../src/signaling/ilmi/snmp-types.ts";
import { PcapWriter } from "../../../src/trace/pcap.ts";
import { ilmiFrame } from "../../../src/trace/sunatm.ts";
import {
  ACCEPTANCE_FILTER,
  framesMatching,
  probeTshark,
  requireTshark,
  SnmpPduChoice,
  SnmpPduName,
  STRICT_FILTER,
  TSHARK_MISSING,
  TsharkFields,
  tsharkFrames,
  tsharkVerbose,
} from "../../support/tshark.ts";
import { ADDRESS, ESI, PREFIX, SEL } from "./fixtures.ts";
import { IlmiLink, type LoggedFrame } from "./ilmi-link.ts";

const ES = { esi: ESI, sel: SEL };
const FOREIGN_ADDRESS = ADDRESS.map((b, i) => (i === 12 ? 0x7f : b));

let dir = "";

beforeAll(() => {
  requireTshark();
  dir = mkdtempSync(join(tmpdir(), "condis-ilmi-"));
});

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

/** Cold starts on both sides, registration, reads, refusals, deregistration, prefix withdrawal and re-offer. */
function exchange(): LoggedFrame[] {
  const link = new IlmiLink({ endSystems: [ES] }, { prefixes: [PREFIX] });
  link.stepUser({ kind: "start", timeStamp: 0 });
  link.stepNetwork({ kind: "start", timeStamp: 12 });
  link.drain();
  link.inject("network", getRequest("getNextRequest", 900, [IlmiOid.atmfNetPrefixTable]));
  link.inject("user", getRequest("getRequest", 901, [IlmiOid.atmfAddressRegistrationAdminStatus]));
  link.inject("user", addressSetRequest(902, FOREIGN_ADDRESS, AtmfStatus.valid));
  link.inject(
    "user",
    ilmiRequest("setRequest", 903, [{ name: IlmiOid.sysUpTime, value: { type: "timeTicks", value: 5 } }]),
  );
  link.drain();
  link.stepUser({ kind: "removeEndSystem", endSystem: ES });
  link.drain();
  link.stepNetwork({ kind: "removePrefix", prefix: PREFIX });
  link.drain();
  link.stepUser({ kind: "addEndSystem", endSystem: ES });
  link.stepNetwork({ kind: "addPrefix", prefix: PREFIX });
  link.drain();
  expect(link.network.addresses.size).toBe(1);
  return link.frames;
}

function decoded(frame: LoggedFrame): SnmpMessage {
  const result = decodeIlmiMessage(frame.bytes);
  if (!result.ok) throw new Error(result.error.reason);
  return result.value;
}

/** "user SetRequest atmfAddressStatus=2" style labels, to check the scenario covers what it should. */
function label(frame: LoggedFrame): string {
  const { pdu } = decoded(frame);
  const vb = pdu.varBinds[0];
  const column =
    vb === undefined
      ? "-"
      : parseAddressStatusOid(vb.name)
        ? "atmfAddressStatus"
        : parseNetPrefixStatusOid(vb.name)
          ? "atmfNetPrefixStatus"
          : formatOid(vb.name);
  const value = vb?.value.type === "integer" ? `=${vb.value.value}` : "";
  const status = pdu.type === "trap" ? "" : ` status ${pdu.errorStatus}`;
  return `${frame.from} ${pdu.type} ${column}${value}${status}`;
}

describe("ILMI capture checked by tshark", () => {
  it("fails with an install hint when tshark cannot be found", () => {
    expect(() => probeTshark({ PATH: "/nonexistent" })).toThrow(TSHARK_MISSING);
  });

  it("decodes every register / deregister frame, both directions, as the SNMP PDU we sent", () => {
    const frames = exchange();
    const labels = new Set(frames.map(label));
    for (const expected of [
      "user trap 1.3.6.1.2.1.1.3.0",
      "network trap 1.3.6.1.2.1.1.3.0",
      "network setRequest atmfNetPrefixStatus=1 status 0",
      "user getResponse atmfNetPrefixStatus=1 status 0",
      "user setRequest atmfAddressStatus=1 status 0",
      "network getResponse atmfAddressStatus=1 status 0",
      "network getResponse atmfAddressStatus=1 status 3",
      "user setRequest atmfAddressStatus=2 status 0",
      "network getResponse atmfAddressStatus=2 status 0",
      "network setRequest atmfNetPrefixStatus=2 status 0",
      "user getResponse atmfNetPrefixStatus=2 status 0",
      "network getNextRequest 1.3.6.1.4.1.353.2.7.1 status 0",
      "user getResponse atmfNetPrefixStatus=1 status 0",
      "user getRequest 1.3.6.1.4.1.353.2.11.1.1.2.0 status 0",
      "network getResponse 1.3.6.1.2.1.1.3.0 status 2",
    ]) {
      expect(labels, expected).toContain(expected);
    }

    const writer = new PcapWriter();
    for (const frame of frames) {
      writer.addFrame(
        ilmiFrame(frame.time, frame.from === "user" ? "userToNetwork" : "networkToUser", frame.bytes),
      );
    }
    const file = join(dir, "ilmi.pcap");
    writeFileSync(file, writer.bytes());

    const dissected = tsharkFrames(file, [...TsharkFields.atm, ...TsharkFields.ilmi]);
    expect(dissected).toHaveLength(frames.length);
    for (const [i, got] of dissected.entries()) {
      const frame = frames[i]!;
      const { pdu } = decoded(frame);
      const where = `frame ${i + 1}: ${label(frame)}`;
      expect(got.protocols, where).toEqual(["atm", "ilmi"]);
      expect(got.protocol, where).toBe("ILMI");
      expect(got.message, where).toBe(SnmpPduName[pdu.type]);
      expect(got.malformed, where).toBe(false);
      expect(got.expert, where).toEqual([]);
      const f = got.fields;
      expect(f["atm.channel"], where).toEqual([frame.from === "user" ? "0" : "1"]);
      expect(f["atm.vci"], where).toEqual(["16"]);
      expect(f["snmp.version"], where).toEqual(["0"]);
      expect(f["snmp.community"], where).toEqual(["ILMI"]);
      expect(f["snmp.data"], where).toEqual([SnmpPduChoice[pdu.type]]);
      expect(f["snmp.name"], where).toEqual(pdu.varBinds.map((vb) => formatOid(vb.name)));
      expect(f["snmp.value.int"], where).toEqual(
        pdu.varBinds.flatMap((vb) => (vb.value.type === "integer" ? [String(vb.value.value)] : [])),
      );
      if (pdu.type === "trap") {
        expect(f["snmp.enterprise"], where).toEqual([formatOid(pdu.enterprise)]);
        expect(f["snmp.agent_addr"], where).toEqual(["0.0.0.0"]);
        expect(f["snmp.generic_trap"], where).toEqual([String(pdu.genericTrap)]);
        expect(f["snmp.time_stamp"], where).toEqual([String(pdu.timeStamp)]);
      } else {
        expect(f["snmp.request_id"], where).toEqual([String(pdu.requestId)]);
        expect(f["snmp.error_status"], where).toEqual([String(pdu.errorStatus)]);
        expect(f["snmp.error_index"], where).toEqual([String(pdu.errorIndex)]);
      }
    }

    const flagged = framesMatching(file, `${STRICT_FILTER} || _ws.expert`);
    expect(flagged, tsharkVerbose(file, flagged)).toEqual([]);
  });

  it("the harness does see a malformed ILMI frame (so a clean result means something)", () => {
    const writer = new PcapWriter();
    const truncated = encodeIlmiMessage(addressSetRequest(17, ADDRESS, AtmfStatus.valid)).subarray(0, 30);
    writer.addFrame(ilmiFrame(1n, "userToNetwork", truncated));
    const file = join(dir, "malformed.pcap");
    writeFileSync(file, writer.bytes());
    expect(tsharkFrames(file)[0]?.malformed).toBe(true);
    expect(framesMatching(file, ACCEPTANCE_FILTER)).toEqual([1]);
  });
});
