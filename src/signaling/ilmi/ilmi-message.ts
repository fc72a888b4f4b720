import type { Oid } from "./ber.ts";
import { type DecodeResult, decodeFailure } from "./decode-error.ts";
import { type AtmfStatus, addressStatusOid, IlmiOid, netPrefixStatusOid, sameOctets } from "./ilmi-mib.ts";
import { decodeSnmpMessage, encodeSnmpMessage } from "./snmp-codec.ts";
import {
  GenericTrap,
  type SnmpErrorStatus,
  type SnmpMessage,
  type SnmpRequestPdu,
  type SnmpRequestPduType,
  type VarBind,
} from "./snmp-types.ts";

/** ILMI's fixed SNMP community, "ILMI" in ASCII. */
export const ILMI_COMMUNITY: Uint8Array = Uint8Array.of(0x49, 0x4c, 0x4d, 0x49);

/** ILMI runs on VPI 0 / VCI 16 (ATM Forum ILMI 4.0 address registration). */
export const ILMI_VPI = 0;
/** ILMI's well-known VCI. */
export const ILMI_VCI = 16;

/** Encodes an ILMI message (SNMPv1, BER) for an AAL5 frame on 0/16. Throws RangeError on caller bugs. */
export function encodeIlmiMessage(message: SnmpMessage): Uint8Array {
  return encodeSnmpMessage(message);
}

/** Decodes an AAL5 frame received on 0/16: strict SNMPv1 with community "ILMI"; never throws. */
export function decodeIlmiMessage(bytes: Uint8Array): DecodeResult<SnmpMessage> {
  const result = decodeSnmpMessage(bytes);
  if (result.ok && !sameOctets(result.value.community, ILMI_COMMUNITY)) {
    // The community is the second element of the Message: tag + length of the SEQUENCE, then 3 octets of version.
    return decodeFailure("badCommunity", communityOffset(bytes), 'community is not "ILMI"');
  }
  return result;
}

function communityOffset(bytes: Uint8Array): number {
  const first = bytes[1] ?? 0;
  return 2 + (first > 0x80 ? first & 0x7f : 0) + 3;
}

/** An ILMI message carrying a request-style PDU. */
export function ilmiRequest(
  type: SnmpRequestPduType,
  requestId: number,
  varBinds: readonly VarBind[],
  errorStatus: SnmpErrorStatus = 0,
  errorIndex = 0,
): SnmpMessage {
  return {
    version: 0,
    community: ILMI_COMMUNITY,
    pdu: { type, requestId, errorStatus, errorIndex, varBinds },
  };
}

/** Network → user: SetRequest atmfNetPrefixStatus.port.13.prefix = valid(1) (register) or invalid(2). */
export function netPrefixSetRequest(
  requestId: number,
  prefix: Uint8Array,
  status: AtmfStatus,
  port = 0,
): SnmpMessage {
  return ilmiRequest("setRequest", requestId, [
    { name: netPrefixStatusOid(prefix, port), value: { type: "integer", value: status } },
  ]);
}

/** User → network: SetRequest atmfAddressStatus.port.20.address = valid(1) (register) or invalid(2). */
export function addressSetRequest(
  requestId: number,
  address: Uint8Array,
  status: AtmfStatus,
  port = 0,
): SnmpMessage {
  return ilmiRequest("setRequest", requestId, [
    { name: addressStatusOid(address, port), value: { type: "integer", value: status } },
  ]);
}

/** GetRequest or GetNextRequest for some objects (values NULL, as RFC 1157 asks). */
export function getRequest(
  type: "getRequest" | "getNextRequest",
  requestId: number,
  names: readonly Oid[],
): SnmpMessage {
  return ilmiRequest(
    type,
    requestId,
    names.map((name) => ({ name, value: { type: "null" } })),
  );
}

/**
 * The GetResponse to a request: same request-id; by default the request's own VarBinds echoed (what an
 * agent returns for a Set, and for any error), with error-status and 1-based error-index.
 */
export function getResponseTo(
  request: SnmpRequestPdu,
  errorStatus: SnmpErrorStatus = 0,
  errorIndex = 0,
  varBinds: readonly VarBind[] = request.varBinds,
): SnmpMessage {
  return ilmiRequest("getResponse", request.requestId, varBinds, errorStatus, errorIndex);
}

/**
 * The coldStart trap an IME sends when it (re)starts, as linux ilmid builds it (ATM Forum ILMI 4.0 address registration):
 * agent-addr 0.0.0.0, time-stamp = uptime in TimeTicks, one VarBind sysUpTime.0 = NULL.
 */
export function coldStartTrap(timeStamp: number): SnmpMessage {
  return {
    version: 0,
    community: ILMI_COMMUNITY,
    pdu: {
      type: "trap",
      enterprise: IlmiOid.coldStartEnterprise,
      agentAddr: new Uint8Array(4),
      genericTrap: GenericTrap.coldStart,
      specificTrap: 0,
      timeStamp,
      varBinds: [{ name: IlmiOid.sysUpTime, value: { type: "null" } }],
    },
  };
}
