import type { Nanoseconds } from "../sched/scheduler.ts";
import { ILMI_VCI, ILMI_VPI } from "../signaling/ilmi/index.ts";
import { SIGNALING_VCI, SIGNALING_VPI } from "../signaling/q2931/index.ts";
import { type CaptureResult, captureFailure } from "./capture-error.ts";

/** LINKTYPE_SUNATM: each record starts with the 4-octet SunATM pseudo-header (libpcap's LINKTYPE_SUNATM, 123). */
export const LINKTYPE_SUNATM = 123;

/** Octets of the SunATM pseudo-header: flags, VPI, VCI (big-endian). */
export const SUNATM_HEADER_LENGTH = 4;

/**
 * Traffic types of the flags' low nibble, as Wireshark's pcap reader maps them: `signalling` makes
 * the frame SSCOP (→ Q.2931 for SD PDUs) on any VC, `ilmi` makes it ILMI (SNMP), `unknown` is
 * signalling only on 0/5.
 */
export const SunAtmTraffic = {
  unknown: 0,
  lane: 1,
  llcMultiplexed: 2,
  mars: 3,
  ifmp: 4,
  ilmi: 5,
  signalling: 6,
} as const;

/** One SunATM traffic type. */
export type SunAtmTraffic = (typeof SunAtmTraffic)[keyof typeof SunAtmTraffic];

/** Flags bit 7: set for frames from the DTE (user / call manager), clear for frames from the DCE (switch). */
export const SUNATM_DTE_TO_DCE = 0x80;

/** Who sent a frame across the UNI: the user side (DTE) or the network side (DCE). */
export type AtmDirection = "userToNetwork" | "networkToUser";

/** One AAL5 frame on one VC with its capture time, as a SunATM record carries it. */
export interface SunAtmFrame {
  /** Virtual time of the capture, in nanoseconds. */
  readonly timestamp: Nanoseconds;
  readonly direction: AtmDirection;
  readonly traffic: SunAtmTraffic;
  readonly vpi: number;
  readonly vci: number;
  /** The AAL5 CPCS-SDU: an SSCOP PDU on 0/5, an SNMP message on 0/16; no AAL5 trailer. */
  readonly payload: Uint8Array;
}

/** Encodes the pseudo-header. Throws RangeError for a VPI or VCI out of range (caller bug). */
export function encodeSunAtmHeader(
  frame: Pick<SunAtmFrame, "direction" | "traffic" | "vpi" | "vci">,
): Uint8Array {
  const { vpi, vci } = frame;
  if (!Number.isInteger(vpi) || vpi < 0 || vpi > 0xff) throw new RangeError(`VPI ${vpi} outside 0..255`);
  if (!Number.isInteger(vci) || vci < 0 || vci > 0xffff) throw new RangeError(`VCI ${vci} outside 0..65535`);
  const flags = (frame.direction === "userToNetwork" ? SUNATM_DTE_TO_DCE : 0) | frame.traffic;
  return Uint8Array.of(flags, vpi, vci >> 8, vci & 0xff);
}

/** The pseudo-header fields of a SunATM record. */
export type SunAtmHeader = Pick<SunAtmFrame, "direction" | "traffic" | "vpi" | "vci">;

/**
 * Decodes the pseudo-header at the start of `data` (`base` is the file offset of `data`, for errors).
 * Strict: bits 4–6 of the flags must be clear and the traffic type one Wireshark knows (0–6).
 */
export function decodeSunAtmHeader(data: Uint8Array, base = 0): CaptureResult<SunAtmHeader> {
  const [flags, vpi, vciHigh, vciLow] = data;
  if (flags === undefined || vpi === undefined || vciHigh === undefined || vciLow === undefined) {
    return captureFailure("truncated", base, "SunATM pseudo-header needs 4 octets");
  }
  if ((flags & 0x70) !== 0) {
    return captureFailure("badPseudoHeader", base, `reserved flag bits set in 0x${flags.toString(16)}`);
  }
  const traffic = flags & 0x0f;
  if (traffic > SunAtmTraffic.signalling) {
    return captureFailure("badPseudoHeader", base, `traffic type ${traffic} is not defined`);
  }
  return {
    ok: true,
    value: {
      direction: flags & SUNATM_DTE_TO_DCE ? "userToNetwork" : "networkToUser",
      traffic: traffic as SunAtmTraffic,
      vpi,
      vci: (vciHigh << 8) | vciLow,
    },
  };
}

/** A UNI signalling frame (one SSCOP PDU, by default on 0/5), flagged so tshark dissects SSCOP → Q.2931. */
export function signallingFrame(
  timestamp: Nanoseconds,
  direction: AtmDirection,
  sscopPdu: Uint8Array,
  vpi = SIGNALING_VPI,
  vci = SIGNALING_VCI,
): SunAtmFrame {
  return { timestamp, direction, traffic: SunAtmTraffic.signalling, vpi, vci, payload: sscopPdu };
}

/** An ILMI frame (one SNMP message) on 0/16, flagged so tshark dissects it as ILMI. */
export function ilmiFrame(
  timestamp: Nanoseconds,
  direction: AtmDirection,
  snmpMessage: Uint8Array,
): SunAtmFrame {
  return {
    timestamp,
    direction,
    traffic: SunAtmTraffic.ilmi,
    vpi: ILMI_VPI,
    vci: ILMI_VCI,
    payload: snmpMessage,
  };
}
