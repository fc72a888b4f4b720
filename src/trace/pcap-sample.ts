/**
 * The sample capture of `condis pcap-sample`: one SD-carried frame of every Q.2931
 * message type the codec implements, one frame of every SSCOP PDU type, and an ILMI exchange with
 * cold starts, a prefix registration and an address registration and deregistration — all on one UNI,
 * in the direction each is sent, so anyone can open it in Wireshark. Pure and deterministic.
 *
 * It is a catalogue, not one consistent conversation: each message appears once, so the ADD PARTY
 * REJECT, the MODIFY REJECT and the BGREJ answer requests the sample does not repeat.
 */

import type { Nanoseconds } from "../sched/scheduler.ts";
import type { SnmpMessage } from "../signaling/ilmi/index.ts";
import {
  AtmfStatus,
  addressSetRequest,
  coldStartTrap,
  encodeIlmiMessage,
  getResponseTo,
  netPrefixSetRequest,
} from "../signaling/ilmi/index.ts";
import {
  BearerClass,
  CallState,
  Cause,
  CauseLocation,
  encodeMessage,
  type MessageName,
  type MessageOf,
  type Q2931Message,
  ReportType,
  RestartClass,
} from "../signaling/q2931/index.ts";
import { encodePdu, type Pdu, type PduTypeName } from "../signaling/sscop/index.ts";
import { PcapWriter } from "./pcap.ts";
import { type AtmDirection, ilmiFrame, type SunAtmFrame, signallingFrame } from "./sunatm.ts";

/** The protocol a sample frame shows in Wireshark: Q.2931 inside an SSCOP SD, another SSCOP PDU, or ILMI. */
export type SampleProtocol = "Q.2931" | "SSCOP" | "ILMI";

/** SNMP PDU types of the ILMI frames. */
export type SampleSnmpPdu = "trap" | "setRequest" | "getResponse";

/** One frame of the sample, with what it carries. */
export type PcapSampleEntry = {
  readonly frame: SunAtmFrame;
} & (
  | { readonly protocol: "Q.2931"; readonly message: MessageName }
  | { readonly protocol: "SSCOP"; readonly message: PduTypeName }
  | { readonly protocol: "ILMI"; readonly message: SampleSnmpPdu }
);

/** The user's ATM end-system address (an AESA, as ILMI registers it): network prefix ‖ ESI ‖ SEL. */
export const SAMPLE_PREFIX = Uint8Array.of(0x39, 0x84, 0x0f, 0x80, 0x01, 0xbc, 0x72, 0, 0, 0, 0x01, 0, 0x01);
/** The address the user registers, calls and deregisters (prefix, ESI 00:20:48:1A:2B:3C, SEL 0). */
export const SAMPLE_ADDRESS = Uint8Array.of(...SAMPLE_PREFIX, 0x00, 0x20, 0x48, 0x1a, 0x2b, 0x3c, 0x00);
/** A second party's address (another ESI) for the point-to-multipoint messages. */
const LEAF_ADDRESS = Uint8Array.of(...SAMPLE_PREFIX, 0x00, 0x20, 0x48, 0x1a, 0x2b, 0x3d, 0x00);

/** First frame at 1 s, then one every millisecond (ns). */
const START: Nanoseconds = 1_000_000_000n;
const STEP: Nanoseconds = 1_000_000n;

const U = "userToNetwork" as const;
const N = "networkToUser" as const;

/** Call reference 1: the §6.4 point-to-point call, allocated by the user. */
const CALL = 1;
/** Call reference 2: a point-to-multipoint call of the user, for the party messages. */
const P2MP_CALL = 2;
/** A call reference the user allocated: flag 0 on the user's messages, 1 on the network's. */
const ref = (value: number, direction: AtmDirection) => ({ value, flag: direction === N });

const UBR_TRAFFIC = {
  forward: { peakCellRateClp01: 353_207 },
  backward: { peakCellRateClp01: 353_207 },
  bestEffort: true,
} as const;
const AAL5 = {
  aalType: 0x05,
  forwardMaxCpcsSduSize: 9188,
  backwardMaxCpcsSduSize: 9188,
  sscsType: 0,
} as const;
const LLC_BLLI = { layer2: { protocol: 0x0c } } as const;
/** VPCI 0, VCI 33: the first VCI above the reserved ones on VPI 0. */
const CONNECTION = { vpAssociatedSignalling: 0, preferredExclusive: 0, vpci: 0, vci: 33 } as const;
const NORMAL_CLEARING = { location: CauseLocation.USER, value: Cause.NORMAL_CALL_CLEARING } as const;

/** A SETUP as a UNI 3.1 user sends it (call reference 1): UBR, AAL5, LLC BLLI, AESA called number. */
export const SAMPLE_SETUP: MessageOf<"SETUP"> = {
  type: "SETUP",
  callReference: ref(CALL, U),
  ies: {
    aal: AAL5,
    trafficDescriptor: UBR_TRAFFIC,
    bearerCapability: {
      bearerClass: BearerClass.BCOB_X,
      transferCapability: { trafficType: 0, timingRequirements: 0 },
      clipping: 0,
      userPlane: 0,
    },
    blli: [LLC_BLLI],
    calledPartyNumber: { plan: 0x2, typeOfNumber: 0, address: SAMPLE_ADDRESS },
    qos: { forwardClass: 0, backwardClass: 0 },
  },
};

/** One step of the sample: a Q.2931 message in an SD, a bare SSCOP PDU, or an ILMI message. */
type Step =
  | { readonly direction: AtmDirection; readonly q2931: Q2931Message }
  | { readonly direction: AtmDirection; readonly pdu: Pdu }
  | { readonly direction: AtmDirection; readonly ilmi: SnmpMessage };

const q = (direction: AtmDirection, q2931: Q2931Message): Step => ({ direction, q2931 });
const s = (direction: AtmDirection, pdu: Pdu): Step => ({ direction, pdu });
const i = (direction: AtmDirection, ilmi: SnmpMessage): Step => ({ direction, ilmi });
const empty = new Uint8Array(0);

/** The GetResponse noError echoing a SetRequest, as the receiving IME answers it (RFC 1157 §4.1.5). */
function accept(request: SnmpMessage): SnmpMessage {
  if (request.pdu.type === "trap") throw new Error("pcap sample: a trap has no response");
  return getResponseTo(request.pdu);
}

const PREFIX_SET = netPrefixSetRequest(5, SAMPLE_PREFIX, AtmfStatus.valid);
const ADDRESS_REGISTER = addressSetRequest(17, SAMPLE_ADDRESS, AtmfStatus.valid);
const ADDRESS_DEREGISTER = addressSetRequest(18, SAMPLE_ADDRESS, AtmfStatus.invalid);

/**
 * The sample, in order. Each side numbers its own SDs from N(S) 0; POLL, STAT and the windows (N(MR) =
 * N(R) + 128) follow those counts. USTAT, ER and RS show recovery with illustrative numbers.
 */
const STEPS: readonly Step[] = [
  // ILMI: both IMEs cold-start, the network registers its prefix, the user its address.
  i(U, coldStartTrap(0)),
  i(N, coldStartTrap(120)),
  i(N, PREFIX_SET),
  i(U, accept(PREFIX_SET)),
  i(U, ADDRESS_REGISTER),
  i(N, accept(ADDRESS_REGISTER)),
  // The signalling link comes up; the user restarts every VC (global call reference).
  s(U, { type: "BGN", nSQ: 1, nMR: 128, uu: empty }),
  s(N, { type: "BGAK", nMR: 128, uu: empty }),
  q(U, {
    type: "RESTART",
    callReference: { value: 0, flag: false },
    ies: { restartIndicator: { restartClass: RestartClass.ALL_VCS } },
  }),
  q(N, {
    type: "RESTART ACKNOWLEDGE",
    callReference: { value: 0, flag: true },
    ies: { restartIndicator: { restartClass: RestartClass.ALL_VCS } },
  }),
  // The §6.4 call, answered by the network.
  q(U, SAMPLE_SETUP),
  q(N, { type: "CALL PROCEEDING", callReference: ref(CALL, N), ies: { connectionIdentifier: CONNECTION } }),
  q(N, { type: "ALERTING", callReference: ref(CALL, N), ies: {} }),
  q(N, { type: "CONNECT", callReference: ref(CALL, N), ies: { aal: AAL5, blli: LLC_BLLI } }),
  q(U, { type: "CONNECT ACKNOWLEDGE", callReference: ref(CALL, U), ies: {} }),
  // The user polls after its third SD; the network has received all three.
  s(U, { type: "POLL", nPS: 1, nS: 3 }),
  s(N, { type: "STAT", nPS: 1, nMR: 131, nR: 3, list: [] }),
  q(U, { type: "STATUS ENQUIRY", callReference: ref(CALL, U), ies: {} }),
  q(N, {
    type: "STATUS",
    callReference: ref(CALL, N),
    ies: {
      cause: { location: CauseLocation.PRIVATE_NETWORK_LOCAL_USER, value: Cause.RESPONSE_TO_STATUS_ENQUIRY },
      callState: { state: CallState.ACTIVE },
    },
  }),
  // The user asks for a higher peak cell rate (Q.2963.1); the network agrees and asks for confirmation.
  q(U, {
    type: "MODIFY REQUEST",
    callReference: ref(CALL, U),
    ies: {
      trafficDescriptor: {
        forward: { peakCellRateClp01: 100_000 },
        backward: { peakCellRateClp01: 100_000 },
        bestEffort: true,
      },
      reportType: { typeOfReport: ReportType.MODIFICATION_CONFIRMATION },
    },
  }),
  q(N, {
    type: "MODIFY ACKNOWLEDGE",
    callReference: ref(CALL, N),
    ies: { reportType: { typeOfReport: ReportType.MODIFICATION_CONFIRMATION } },
  }),
  q(U, { type: "CONNECTION AVAILABLE", callReference: ref(CALL, U), ies: {} }),
  q(N, {
    type: "MODIFY REJECT",
    callReference: ref(CALL, N),
    ies: {
      cause: {
        location: CauseLocation.PRIVATE_NETWORK_LOCAL_USER,
        value: Cause.USER_CELL_RATE_NOT_AVAILABLE,
      },
    },
  }),
  // Party messages of the point-to-multipoint call.
  q(U, {
    type: "ADD PARTY",
    callReference: ref(P2MP_CALL, U),
    ies: {
      aal: AAL5,
      calledPartyNumber: { plan: 0x2, typeOfNumber: 0, address: LEAF_ADDRESS },
      endpointReference: { value: 1, flag: false },
    },
  }),
  q(N, {
    type: "ADD PARTY ACKNOWLEDGE",
    callReference: ref(P2MP_CALL, N),
    ies: { endpointReference: { value: 1, flag: true } },
  }),
  q(N, {
    type: "ADD PARTY REJECT",
    callReference: ref(P2MP_CALL, N),
    ies: {
      cause: { location: CauseLocation.PRIVATE_NETWORK_REMOTE_USER, value: Cause.USER_BUSY },
      endpointReference: { value: 2, flag: true },
    },
  }),
  q(U, {
    type: "DROP PARTY",
    callReference: ref(P2MP_CALL, U),
    ies: { cause: NORMAL_CLEARING, endpointReference: { value: 1, flag: false } },
  }),
  q(N, {
    type: "DROP PARTY ACKNOWLEDGE",
    callReference: ref(P2MP_CALL, N),
    ies: { endpointReference: { value: 1, flag: true } },
  }),
  // The user clears the §6.4 call.
  q(U, { type: "RELEASE", callReference: ref(CALL, U), ies: { cause: [NORMAL_CLEARING] } }),
  q(N, { type: "RELEASE COMPLETE", callReference: ref(CALL, N), ies: {} }),
  // Recovery: a gap report, error recovery, resynchronisation.
  s(N, { type: "USTAT", nMR: 133, nR: 5, list: [5, 6] }),
  s(U, { type: "ER", nSQ: 2, nMR: 137 }),
  s(N, { type: "ERAK", nMR: 133 }),
  s(U, { type: "RS", nSQ: 3, nMR: 137, uu: empty }),
  s(N, { type: "RSAK", nMR: 133 }),
  // Unassured and management data carry opaque octets (tshark hands only SD payloads to Q.2931).
  s(U, { type: "UD", data: Uint8Array.of(0x55, 0x44) }),
  s(U, { type: "MD", data: Uint8Array.of(0x4d, 0x44) }),
  // The user deregisters its address, then releases the link; a new BGN is refused.
  i(U, ADDRESS_DEREGISTER),
  i(N, accept(ADDRESS_DEREGISTER)),
  s(U, { type: "END", source: "user", uu: empty }),
  s(N, { type: "ENDAK" }),
  s(N, { type: "BGREJ", uu: empty }),
];

/** Every frame of the sample in capture order, timestamps strictly increasing. */
export function pcapSampleEntries(): PcapSampleEntry[] {
  // N(S) of the next SD, per sending side.
  const nS = { userToNetwork: 0, networkToUser: 0 };
  return STEPS.map((step, index): PcapSampleEntry => {
    const time = START + BigInt(index) * STEP;
    if ("ilmi" in step) {
      const frame = ilmiFrame(time, step.direction, encodeIlmiMessage(step.ilmi));
      return { protocol: "ILMI", message: step.ilmi.pdu.type as SampleSnmpPdu, frame };
    }
    if ("pdu" in step) {
      return {
        protocol: "SSCOP",
        message: step.pdu.type,
        frame: signallingFrame(time, step.direction, encodePdu(step.pdu)),
      };
    }
    // requireSafeEnding: no message may end in an IE that tshark 4.0 reads past.
    const encoded = encodeMessage(step.q2931, { requireSafeEnding: true });
    if (!encoded.ok) throw new Error(`pcap sample: ${step.q2931.type}: ${encoded.error.reason}`);
    const sd = encodePdu({ type: "SD", nS: nS[step.direction]++, data: encoded.bytes });
    return { protocol: "Q.2931", message: step.q2931.type, frame: signallingFrame(time, step.direction, sd) };
  });
}

/** The sample (or the given entries of it) as a classic pcap file: SunATM link type, nanosecond timestamps. */
export function buildPcapSample(entries: readonly PcapSampleEntry[] = pcapSampleEntries()): Uint8Array {
  const writer = new PcapWriter();
  for (const entry of entries) writer.addFrame(entry.frame);
  return writer.bytes();
}
