/**
 * Q.2931 (UNI 3.1) code points: header constants, message types, IE identifiers, call and endpoint
 * states. Each table is an `as const` object with a name lookup for printing (Q.2931 / ATM Forum UNI 3.1).
 */
import { hexOctet } from "../../util/hex.ts";

/** The VPI of the UNI signalling channel (UNI 3.1 §5.1: Q.2931 over SSCOP on VPI 0, VCI 5). */
export const SIGNALING_VPI = 0;
/** The VCI of the UNI signalling channel. */
export const SIGNALING_VCI = 5;

/** Octet 1 of every Q.2931 message. */
export const PROTOCOL_DISCRIMINATOR = 0x09;
/** The call reference length the UNI uses (octet 2, low nibble). */
export const CALL_REFERENCE_LENGTH = 3;
/** Octets before the first IE: discriminator, CR length, 3-octet CR, type, compatibility, 2-octet length. */
export const HEADER_LENGTH = 9;
/** Octets of an IE header: identifier, compatibility instruction, 2-octet length. */
export const IE_HEADER_LENGTH = 4;
/** Largest call reference value (23 bits; the 24th is the flag). */
export const MAX_CALL_REFERENCE = 0x7fffff;
/** The global call reference value, used by RESTART / RESTART ACKNOWLEDGE and interface-wide STATUS. */
export const GLOBAL_CALL_REFERENCE = 0;

/**
 * Message type code points implemented by this codec: UNI 3.1 incl. Q.2971 point-to-multipoint, and
 * the Q.2963.1 connection modification messages (0x88–0x8B).
 */
export const MessageType = {
  ALERTING: 0x01,
  CALL_PROCEEDING: 0x02,
  SETUP: 0x05,
  CONNECT: 0x07,
  CONNECT_ACKNOWLEDGE: 0x0f,
  RESTART: 0x46,
  RELEASE: 0x4d,
  RESTART_ACKNOWLEDGE: 0x4e,
  RELEASE_COMPLETE: 0x5a,
  STATUS_ENQUIRY: 0x75,
  STATUS: 0x7d,
  ADD_PARTY: 0x80,
  ADD_PARTY_ACKNOWLEDGE: 0x81,
  ADD_PARTY_REJECT: 0x82,
  DROP_PARTY: 0x83,
  DROP_PARTY_ACKNOWLEDGE: 0x84,
  /** Q.2963.1: a new ATM traffic descriptor asked for an active point-to-point call. */
  MODIFY_REQUEST: 0x88,
  /** Q.2963.1: the modification is accepted. */
  MODIFY_ACKNOWLEDGE: 0x89,
  /** Q.2963.1: the modification is refused (the old traffic descriptor stays). */
  MODIFY_REJECT: 0x8a,
  /** Q.2963.1: the requester runs with the new traffic descriptor (answers a report type in MODIFY ACKNOWLEDGE). */
  CONNECTION_AVAILABLE: 0x8b,
} as const;

/** A message type code point this codec implements. */
export type MessageTypeCode = (typeof MessageType)[keyof typeof MessageType];

/** Standard message names, as Q.2931 and Wireshark print them; these are the `type` tags of messages. */
export const MESSAGE_NAMES = {
  1: "ALERTING",
  2: "CALL PROCEEDING",
  5: "SETUP",
  7: "CONNECT",
  15: "CONNECT ACKNOWLEDGE",
  70: "RESTART",
  77: "RELEASE",
  78: "RESTART ACKNOWLEDGE",
  90: "RELEASE COMPLETE",
  117: "STATUS ENQUIRY",
  125: "STATUS",
  128: "ADD PARTY",
  129: "ADD PARTY ACKNOWLEDGE",
  130: "ADD PARTY REJECT",
  131: "DROP PARTY",
  132: "DROP PARTY ACKNOWLEDGE",
  136: "MODIFY REQUEST",
  137: "MODIFY ACKNOWLEDGE",
  138: "MODIFY REJECT",
  139: "CONNECTION AVAILABLE",
} as const satisfies Record<MessageTypeCode, string>;

/** The name of a message this codec implements ("SETUP", "CALL PROCEEDING", ...). */
export type MessageName = (typeof MESSAGE_NAMES)[MessageTypeCode];

// Known to the standards but not implemented here (UNI 4.0): named only for printing.
const OTHER_MESSAGE_NAMES: Readonly<Record<number, string>> = {
  110: "NOTIFY",
  133: "PARTY ALERTING",
  144: "LEAF SETUP FAILURE",
  145: "LEAF SETUP REQUEST",
};

/** The printable name of a message type code point ("SETUP", or "unknown message type 0x42"). */
export function messageTypeName(code: number): string {
  return (
    (MESSAGE_NAMES as Readonly<Record<number, string>>)[code] ??
    OTHER_MESSAGE_NAMES[code] ??
    `unknown message type 0x${hex2(code)}`
  );
}

/** Information element identifiers this codec implements. */
export const IeId = {
  CAUSE: 0x08,
  CALL_STATE: 0x14,
  ENDPOINT_REFERENCE: 0x54,
  ENDPOINT_STATE: 0x55,
  AAL_PARAMETERS: 0x58,
  ATM_TRAFFIC_DESCRIPTOR: 0x59,
  CONNECTION_IDENTIFIER: 0x5a,
  QOS_PARAMETER: 0x5c,
  BROADBAND_HIGH_LAYER_INFORMATION: 0x5d,
  BROADBAND_BEARER_CAPABILITY: 0x5e,
  BROADBAND_LOW_LAYER_INFORMATION: 0x5f,
  BROADBAND_SENDING_COMPLETE: 0x62,
  BROADBAND_REPEAT_INDICATOR: 0x63,
  CALLING_PARTY_NUMBER: 0x6c,
  CALLING_PARTY_SUBADDRESS: 0x6d,
  CALLED_PARTY_NUMBER: 0x70,
  CALLED_PARTY_SUBADDRESS: 0x71,
  TRANSIT_NETWORK_SELECTION: 0x78,
  RESTART_INDICATOR: 0x79,
  /** Q.2963.1. */
  BROADBAND_REPORT_TYPE: 0x89,
} as const;

/** An IE identifier this codec implements. */
export type IeIdCode = (typeof IeId)[keyof typeof IeId];

const IE_NAMES: Readonly<Record<number, string>> = {
  8: "Cause",
  20: "Call state",
  39: "Notification indicator",
  66: "End-to-end transit delay",
  84: "Endpoint reference",
  85: "Endpoint state",
  88: "AAL parameters",
  89: "ATM traffic descriptor",
  90: "Connection identifier",
  91: "OAM traffic descriptor",
  92: "QoS parameter",
  93: "Broadband high layer information",
  94: "Broadband bearer capability",
  95: "Broadband low layer information",
  96: "Broadband locking shift",
  97: "Broadband non-locking shift",
  98: "Broadband sending complete",
  99: "Broadband repeat indicator",
  108: "Calling party number",
  109: "Calling party subaddress",
  112: "Called party number",
  113: "Called party subaddress",
  120: "Transit network selection",
  121: "Restart indicator",
  127: "Generic identifier transport",
  128: "Minimum acceptable ATM traffic descriptor",
  129: "Alternative ATM traffic descriptor",
  132: "ABR setup parameters",
  137: "Broadband report type",
};

/** The printable name of an IE identifier ("AAL parameters", or "unknown IE 0x42"). */
export function ieName(id: number): string {
  return IE_NAMES[id] ?? `unknown IE 0x${hex2(id)}`;
}

/** Coding standard, bits 7–6 of an IE compatibility octet. */
export const CodingStandard = {
  ITU_T: 0,
  ISO_IEC: 1,
  NATIONAL: 2,
  /** "Standard defined for the network": ATM Forum-specific coding (UNI 3.1 QoS parameter). */
  NETWORK: 3,
} as const;

/** IE action indicator (bits 3–1 of the IE compatibility octet); obeyed only when the flag bit is set. */
export const IeAction = {
  CLEAR_CALL: 0,
  DISCARD_IE_AND_PROCEED: 1,
  DISCARD_IE_PROCEED_AND_REPORT: 2,
  DISCARD_MESSAGE_AND_IGNORE: 5,
  DISCARD_MESSAGE_AND_REPORT: 6,
} as const;

/** Message action indicator (bits 2–1 of the message compatibility octet); obeyed when its flag is set. */
export const MessageAction = {
  CLEAR_CALL: 0,
  DISCARD_AND_IGNORE: 1,
  DISCARD_AND_REPORT: 2,
} as const;

/** Call state code points of the Call state IE (the same codes serve Un and Nn states). */
export const CallState = {
  NULL: 0x00,
  CALL_INITIATED: 0x01,
  OUTGOING_CALL_PROCEEDING: 0x03,
  CALL_DELIVERED: 0x04,
  CALL_PRESENT: 0x06,
  CALL_RECEIVED: 0x07,
  CONNECT_REQUEST: 0x08,
  INCOMING_CALL_PROCEEDING: 0x09,
  ACTIVE: 0x0a,
  RELEASE_REQUEST: 0x0b,
  RELEASE_INDICATION: 0x0c,
  /** REST1: global call reference, RESTART sent. */
  RESTART_REQUEST: 0x3d,
  /** REST2: global call reference, RESTART received. */
  RESTART: 0x3e,
} as const;

/** Endpoint (party) state code points of the Endpoint state IE (Q.2971). */
export const EndpointState = {
  NULL: 0x00,
  ADD_PARTY_INITIATED: 0x01,
  ALERTING_DELIVERED: 0x04,
  ADD_PARTY_RECEIVED: 0x06,
  ALERTING_RECEIVED: 0x07,
  ACTIVE: 0x0a,
  DROP_PARTY_INITIATED: 0x0b,
  DROP_PARTY_RECEIVED: 0x0c,
} as const;

/** The printable name of a call state code ("ACTIVE", or "unknown call state 0x2a"). */
export function callStateName(code: number): string {
  return keyOf(CallState, code) ?? `unknown call state 0x${hex2(code)}`;
}

/** The printable name of an endpoint state code ("ADD_PARTY_INITIATED", or "unknown endpoint state 0x2a"). */
export function endpointStateName(code: number): string {
  return keyOf(EndpointState, code) ?? `unknown endpoint state 0x${hex2(code)}`;
}

// The key under which `value` appears in an `as const` code table, for printing.
function keyOf(table: Readonly<Record<string, number>>, value: number): string | undefined {
  for (const [key, code] of Object.entries(table)) if (code === value) return key;
  return undefined;
}

/** Two lower-case hex digits, for messages; anything but a non-negative integer is printed as is. */
export function hex2(value: unknown): string {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) return String(value);
  return hexOctet(value);
}
