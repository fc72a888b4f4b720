import type { Oid } from "./ber.ts";

/** RFC 1157 error-status values (tshark prints these names). */
export const SnmpErrorStatus = {
  noError: 0,
  tooBig: 1,
  noSuchName: 2,
  badValue: 3,
  readOnly: 4,
  genErr: 5,
} as const;

/** One RFC 1157 error-status value. */
export type SnmpErrorStatus = (typeof SnmpErrorStatus)[keyof typeof SnmpErrorStatus];

/** RFC 1157 generic-trap values. */
export const GenericTrap = {
  coldStart: 0,
  warmStart: 1,
  linkDown: 2,
  linkUp: 3,
  authenticationFailure: 4,
  egpNeighborLoss: 5,
  enterpriseSpecific: 6,
} as const;

/** One RFC 1157 generic-trap value. */
export type GenericTrap = (typeof GenericTrap)[keyof typeof GenericTrap];

/** An ObjectSyntax value of RFC 1155 (simple and application-wide types). */
export type SnmpValue =
  | { readonly type: "integer"; readonly value: number }
  | { readonly type: "octetString"; readonly value: Uint8Array }
  | { readonly type: "null" }
  | { readonly type: "objectIdentifier"; readonly value: Oid }
  | { readonly type: "ipAddress"; readonly value: Uint8Array }
  | { readonly type: "counter"; readonly value: number }
  | { readonly type: "gauge"; readonly value: number }
  | { readonly type: "timeTicks"; readonly value: number }
  | { readonly type: "opaque"; readonly value: Uint8Array };

/** A VarBind: object name and value. */
export interface VarBind {
  readonly name: Oid;
  readonly value: SnmpValue;
}

/** The four request/response PDU types, which share one layout. */
export type SnmpRequestPduType = "getRequest" | "getNextRequest" | "getResponse" | "setRequest";

/** GetRequest-, GetNextRequest-, GetResponse- or SetRequest-PDU. */
export interface SnmpRequestPdu {
  readonly type: SnmpRequestPduType;
  readonly requestId: number;
  readonly errorStatus: SnmpErrorStatus;
  readonly errorIndex: number;
  readonly varBinds: readonly VarBind[];
}

/** Trap-PDU (RFC 1157 §4.1.6). */
export interface SnmpTrapPdu {
  readonly type: "trap";
  readonly enterprise: Oid;
  /** NetworkAddress: the four octets of an IpAddress. */
  readonly agentAddr: Uint8Array;
  readonly genericTrap: GenericTrap;
  readonly specificTrap: number;
  /** TimeTicks (hundredths of a second) since the agent (re)started. */
  readonly timeStamp: number;
  readonly varBinds: readonly VarBind[];
}

/** Any SNMPv1 PDU. */
export type SnmpPdu = SnmpRequestPdu | SnmpTrapPdu;

/** An SNMPv1 Message: version 0, community, PDU. */
export interface SnmpMessage {
  readonly version: 0;
  readonly community: Uint8Array;
  readonly pdu: SnmpPdu;
}
