/** fast-check arbitraries for SNMPv1 values and messages. */
import fc from "fast-check";
import { INT32_MAX, INT32_MIN, type Oid, UINT32_MAX } from "../../../src/signaling/ilmi/ber.ts";
import { ILMI_COMMUNITY } from "../../../src/signaling/ilmi/ilmi-message.ts";
import type {
  GenericTrap,
  SnmpErrorStatus,
  SnmpMessage,
  SnmpPdu,
  SnmpRequestPduType,
  SnmpValue,
  VarBind,
} from "../../../src/signaling/ilmi/snmp-types.ts";

const arc = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: UINT32_MAX }));

/** Any encodable OBJECT IDENTIFIER (2..128 arcs). */
export const oidArb: fc.Arbitrary<Oid> = fc
  .tuple(
    fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 39 })),
      fc.tuple(fc.constant(2), fc.integer({ min: 0, max: UINT32_MAX - 80 })),
    ),
    fc.array(arc, { maxLength: 126 }),
  )
  .map(([[a, b], rest]) => [a, b, ...rest]);

const int32 = fc.oneof(fc.integer({ min: -300, max: 300 }), fc.integer({ min: INT32_MIN, max: INT32_MAX }));
const uint32 = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: UINT32_MAX }));
const octets = fc.uint8Array({ maxLength: 300 });

/** Any ObjectSyntax value. */
export const valueArb: fc.Arbitrary<SnmpValue> = fc.oneof(
  int32.map((value) => ({ type: "integer", value }) as const),
  octets.map((value) => ({ type: "octetString", value }) as const),
  fc.constant({ type: "null" } as const),
  oidArb.map((value) => ({ type: "objectIdentifier", value }) as const),
  fc.uint8Array({ minLength: 4, maxLength: 4 }).map((value) => ({ type: "ipAddress", value }) as const),
  uint32.map((value) => ({ type: "counter", value }) as const),
  uint32.map((value) => ({ type: "gauge", value }) as const),
  uint32.map((value) => ({ type: "timeTicks", value }) as const),
  octets.map((value) => ({ type: "opaque", value }) as const),
);

/** Any VarBind. */
export const varBindArb: fc.Arbitrary<VarBind> = fc.record({ name: oidArb, value: valueArb });

const varBinds = fc.array(varBindArb, { maxLength: 6 });

/** A request-style PDU of the given type. */
export function requestPduArb(type: SnmpRequestPduType): fc.Arbitrary<SnmpPdu> {
  return fc.record({
    type: fc.constant(type),
    requestId: int32,
    errorStatus: fc.integer({ min: 0, max: 5 }).map((n) => n as SnmpErrorStatus),
    errorIndex: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: INT32_MAX })),
    varBinds,
  });
}

/** A Trap-PDU. */
export const trapPduArb: fc.Arbitrary<SnmpPdu> = fc.record({
  type: fc.constant("trap" as const),
  enterprise: oidArb,
  agentAddr: fc.uint8Array({ minLength: 4, maxLength: 4 }),
  genericTrap: fc.integer({ min: 0, max: 6 }).map((n) => n as GenericTrap),
  specificTrap: int32,
  timeStamp: uint32,
  varBinds,
});

/** A message wrapping the given PDU arbitrary; community "ILMI" or any octets. */
export function messageArb(pdu: fc.Arbitrary<SnmpPdu>): fc.Arbitrary<SnmpMessage> {
  return fc.record({
    version: fc.constant(0 as const),
    community: fc.oneof(fc.constant(ILMI_COMMUNITY), fc.uint8Array({ maxLength: 200 })),
    pdu,
  });
}

/** Messages of every PDU type. */
export const anyMessageArb: fc.Arbitrary<SnmpMessage> = messageArb(
  fc.oneof(
    requestPduArb("getRequest"),
    requestPduArb("getNextRequest"),
    requestPduArb("getResponse"),
    requestPduArb("setRequest"),
    trapPduArb,
  ),
);
