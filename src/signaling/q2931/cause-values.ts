/**
 * Cause values (UNI 3.1, Q.2931 / ATM Forum UNI 3.1) and cause locations, with name lookups and builders for
 * the diagnostic octets that the call-control layer attaches when it answers a faulty message.
 */

/** Cause values (decimal, as in Q.2931 / UNI 3.1). */
export const Cause = {
  UNALLOCATED_NUMBER: 1,
  NO_ROUTE_TO_TRANSIT_NETWORK: 2,
  NO_ROUTE_TO_DESTINATION: 3,
  /** UNI 3.0 only. */
  VPCI_VCI_UNACCEPTABLE: 10,
  NORMAL_CALL_CLEARING: 16,
  USER_BUSY: 17,
  NO_USER_RESPONDING: 18,
  CALL_REJECTED: 21,
  NUMBER_CHANGED: 22,
  USER_REJECTS_CLIR: 23,
  DESTINATION_OUT_OF_ORDER: 27,
  INVALID_NUMBER_FORMAT: 28,
  RESPONSE_TO_STATUS_ENQUIRY: 30,
  NORMAL_UNSPECIFIED: 31,
  REQUESTED_VPCI_VCI_NOT_AVAILABLE: 35,
  VPCI_VCI_ASSIGNMENT_FAILURE: 36,
  USER_CELL_RATE_NOT_AVAILABLE: 37,
  NETWORK_OUT_OF_ORDER: 38,
  TEMPORARY_FAILURE: 41,
  ACCESS_INFORMATION_DISCARDED: 43,
  NO_VPCI_VCI_AVAILABLE: 45,
  RESOURCE_UNAVAILABLE_UNSPECIFIED: 47,
  QOS_UNAVAILABLE: 49,
  /** UNI 3.0 numbering of "user cell rate not available" (3.1 uses 37). */
  USER_CELL_RATE_NOT_AVAILABLE_UNI30: 51,
  BEARER_CAPABILITY_NOT_AUTHORIZED: 57,
  BEARER_CAPABILITY_NOT_PRESENTLY_AVAILABLE: 58,
  SERVICE_OR_OPTION_NOT_AVAILABLE: 63,
  BEARER_CAPABILITY_NOT_IMPLEMENTED: 65,
  UNSUPPORTED_TRAFFIC_PARAMETER_COMBINATION: 73,
  AAL_PARAMETERS_CANNOT_BE_SUPPORTED: 78,
  INVALID_CALL_REFERENCE_VALUE: 81,
  IDENTIFIED_CHANNEL_DOES_NOT_EXIST: 82,
  INCOMPATIBLE_DESTINATION: 88,
  INVALID_ENDPOINT_REFERENCE: 89,
  INVALID_TRANSIT_NETWORK_SELECTION: 91,
  TOO_MANY_PENDING_ADD_PARTY_REQUESTS: 92,
  /** UNI 3.0 / UNI 4.0 numbering of "AAL parameters cannot be supported" (3.1 uses 78). */
  AAL_PARAMETERS_CANNOT_BE_SUPPORTED_UNI30: 93,
  MANDATORY_IE_MISSING: 96,
  MESSAGE_TYPE_NOT_IMPLEMENTED: 97,
  MESSAGE_NOT_COMPATIBLE_OR_NOT_IMPLEMENTED: 98,
  IE_NOT_IMPLEMENTED: 99,
  INVALID_IE_CONTENTS: 100,
  MESSAGE_NOT_COMPATIBLE_WITH_CALL_STATE: 101,
  RECOVERY_ON_TIMER_EXPIRY: 102,
  INCORRECT_MESSAGE_LENGTH: 104,
  PROTOCOL_ERROR_UNSPECIFIED: 111,
  INTERWORKING_UNSPECIFIED: 127,
} as const;

/** A cause value named in {@link Cause}. */
export type CauseValue = (typeof Cause)[keyof typeof Cause];

const CAUSE_NAMES: Readonly<Record<number, string>> = {
  1: "unallocated (unassigned) number",
  2: "no route to specified transit network",
  3: "no route to destination",
  10: "VPCI/VCI unacceptable",
  16: "normal call clearing",
  17: "user busy",
  18: "no user responding",
  21: "call rejected",
  22: "number changed",
  23: "user rejects all calls with calling line identification restriction",
  27: "destination out of order",
  28: "invalid number format (address incomplete)",
  30: "response to STATUS ENQUIRY",
  31: "normal, unspecified",
  35: "requested VPCI/VCI not available",
  36: "VPCI/VCI assignment failure",
  37: "user cell rate not available",
  38: "network out of order",
  41: "temporary failure",
  43: "access information discarded",
  45: "no VPCI/VCI available",
  47: "resource unavailable, unspecified",
  49: "Quality of Service unavailable",
  51: "user cell rate not available (UNI 3.0)",
  57: "bearer capability not authorized",
  58: "bearer capability not presently available",
  63: "service or option not available, unspecified",
  65: "bearer capability not implemented",
  73: "unsupported combination of traffic parameters",
  78: "AAL parameters cannot be supported",
  81: "invalid call reference value",
  82: "identified channel does not exist",
  88: "incompatible destination",
  89: "invalid endpoint reference",
  91: "invalid transit network selection",
  92: "too many pending add party requests",
  93: "AAL parameters cannot be supported (UNI 3.0)",
  96: "mandatory information element is missing",
  97: "message type non-existent or not implemented",
  98: "message not compatible with call state or message type non-existent or not implemented",
  99: "information element non-existent or not implemented",
  100: "invalid information element contents",
  101: "message not compatible with call state",
  102: "recovery on timer expiry",
  104: "incorrect message length",
  111: "protocol error, unspecified",
  127: "interworking, unspecified",
};

/** The printable meaning of a cause value ("normal call clearing", or "unknown cause 5"). */
export function causeName(value: number): string {
  return CAUSE_NAMES[value] ?? `unknown cause ${value}`;
}

/** Cause location code points (octet 5, bits 4–1); LAu/WSq numbering, not ngatm's. */
export const CauseLocation = {
  USER: 0,
  PRIVATE_NETWORK_LOCAL_USER: 1,
  PUBLIC_NETWORK_LOCAL_USER: 2,
  TRANSIT_NETWORK: 3,
  PUBLIC_NETWORK_REMOTE_USER: 4,
  PRIVATE_NETWORK_REMOTE_USER: 5,
  INTERNATIONAL_NETWORK: 7,
  BEYOND_INTERWORKING_POINT: 10,
} as const;

// tshark 4.0 reads one octet past a Cause IE carrying diagnostics for these values (its diagnostic loop runs
// `while (len >= 0)`), and re-parses a nested IE for cause 22 (a quirk of tshark 4.0's Q.2931 dissector).
const OVERREADING_CAUSES: ReadonlySet<number> = new Set([22, 37, 43, 88, 96, 99, 100]);

/** True when tshark 4.0 reads past a Cause IE with this value and diagnostic, so it must not end a message. */
export function causeOverreads(value: number, diagnosticLength: number): boolean {
  return diagnosticLength > 0 && OVERREADING_CAUSES.has(value);
}

/** Diagnostic octets naming IEs (causes 43, 88, 96, 99, 100): one identifier each. */
export function diagnosticFromIeIds(ids: readonly number[]): Uint8Array {
  return Uint8Array.from(ids, (id) => id & 0xff);
}

/** Diagnostic octet naming a message type (causes 97, 98, 101). */
export function diagnosticFromMessageType(code: number): Uint8Array {
  return Uint8Array.of(code & 0xff);
}

/** Diagnostic for cause 102: the timer number as three IA5 digits ("303" → 33 30 33). */
export function diagnosticFromTimer(timer: string): Uint8Array {
  return Uint8Array.from(timer.slice(0, 3).padStart(3, "0"), (c) => c.charCodeAt(0) & 0x7f);
}
