import {
  BerTag,
  expectEnd,
  expectTlv,
  type Field,
  INT32_MAX,
  INT32_MIN,
  integerContents,
  type Oid,
  oidContents,
  readTlv,
  type Tlv,
  UINT32_MAX,
} from "./ber.ts";
import { BerWriter } from "./ber-writer.ts";
import { type DecodeResult, decodeFailure } from "./decode-error.ts";
import type {
  GenericTrap,
  SnmpErrorStatus,
  SnmpMessage,
  SnmpPdu,
  SnmpRequestPduType,
  SnmpValue,
  VarBind,
} from "./snmp-types.ts";

/** PDU tag of each PDU type. */
export const PDU_TAG = {
  getRequest: BerTag.getRequest,
  getNextRequest: BerTag.getNextRequest,
  getResponse: BerTag.getResponse,
  setRequest: BerTag.setRequest,
  trap: BerTag.trap,
} as const satisfies Record<SnmpPdu["type"], number>;

const REQUEST_TYPE_BY_TAG: ReadonlyMap<number, SnmpRequestPduType> = new Map([
  [BerTag.getRequest, "getRequest"],
  [BerTag.getNextRequest, "getNextRequest"],
  [BerTag.getResponse, "getResponse"],
  [BerTag.setRequest, "setRequest"],
]);

// ---- encoding -----------------------------------------------------------------------------------

/** The encoder's buffer, reused by every message (encoding is synchronous). */
const writer = new BerWriter();

/**
 * Encodes an SNMPv1 message in strict BER, in one pass into one reused buffer. Throws RangeError
 * when a field is outside its SMI type (an integer out of range, an OID without encoding, an
 * IpAddress not four octets): a caller bug.
 */
export function encodeSnmpMessage(message: SnmpMessage): Uint8Array {
  const w = writer;
  w.reset();
  // Back to front: the last field first, then each constructed element is closed around its fields.
  writePdu(w, message.pdu);
  w.octets(BerTag.octetString, message.community);
  w.integer(BerTag.integer, message.version, 0, 0);
  w.close(BerTag.sequence, 0);
  return w.finish();
}

function writePdu(w: BerWriter, pdu: SnmpPdu): void {
  const mark = w.mark();
  writeVarBinds(w, pdu.varBinds);
  if (pdu.type === "trap") {
    if (pdu.agentAddr.length !== 4) throw new RangeError("Trap agent-addr must be four octets");
    w.integer(BerTag.timeTicks, pdu.timeStamp, 0, UINT32_MAX);
    w.integer(BerTag.integer, pdu.specificTrap, INT32_MIN, INT32_MAX);
    w.integer(BerTag.integer, pdu.genericTrap, 0, 6);
    w.octets(BerTag.ipAddress, pdu.agentAddr);
    w.oid(pdu.enterprise);
    w.close(BerTag.trap, mark);
    return;
  }
  w.integer(BerTag.integer, pdu.errorIndex, 0, INT32_MAX);
  w.integer(BerTag.integer, pdu.errorStatus, 0, 5);
  w.integer(BerTag.integer, pdu.requestId, INT32_MIN, INT32_MAX);
  w.close(PDU_TAG[pdu.type], mark);
}

function writeVarBinds(w: BerWriter, varBinds: readonly VarBind[]): void {
  const list = w.mark();
  for (let i = varBinds.length - 1; i >= 0; i--) {
    const vb = varBinds[i] as VarBind;
    const mark = w.mark();
    writeValue(w, vb.value);
    w.oid(vb.name);
    w.close(BerTag.sequence, mark);
  }
  w.close(BerTag.sequence, list);
}

const EMPTY = new Uint8Array(0);

function writeValue(w: BerWriter, value: SnmpValue): void {
  switch (value.type) {
    case "integer":
      w.integer(BerTag.integer, value.value, INT32_MIN, INT32_MAX);
      return;
    case "octetString":
      w.octets(BerTag.octetString, value.value);
      return;
    case "null":
      w.octets(BerTag.null, EMPTY);
      return;
    case "objectIdentifier":
      w.oid(value.value);
      return;
    case "ipAddress":
      if (value.value.length !== 4) throw new RangeError("IpAddress must be four octets");
      w.octets(BerTag.ipAddress, value.value);
      return;
    case "counter":
      w.integer(BerTag.counter, value.value, 0, UINT32_MAX);
      return;
    case "gauge":
      w.integer(BerTag.gauge, value.value, 0, UINT32_MAX);
      return;
    case "timeTicks":
      w.integer(BerTag.timeTicks, value.value, 0, UINT32_MAX);
      return;
    case "opaque":
      w.octets(BerTag.opaque, value.value);
      return;
  }
}

/** Encodes one ObjectSyntax value on its own. */
export function encodeValue(value: SnmpValue): Uint8Array {
  const w = new BerWriter();
  writeValue(w, value);
  return w.finish();
}

// ---- decoding -----------------------------------------------------------------------------------

/** Decodes one SNMPv1 message occupying all of `bytes`; never throws. */
export function decodeSnmpMessage(bytes: Uint8Array): DecodeResult<SnmpMessage> {
  const top = expectTlv(bytes, 0, bytes.length, BerTag.sequence, "Message");
  if (!top.ok) return top;
  const message = top.value;
  const trailing = expectEnd(message.end, bytes.length, "the Message");
  if (!trailing.ok) return trailing;
  const end = message.end;

  const version = readInteger(
    bytes,
    message.contentStart,
    end,
    BerTag.integer,
    INT32_MIN,
    INT32_MAX,
    "version",
  );
  if (!version.ok) return version;
  if (version.value.value !== 0) {
    return decodeFailure(
      "badVersion",
      message.contentStart,
      `version ${version.value.value} is not SNMPv1 (0)`,
    );
  }
  const community = readOctets(bytes, version.value.next, end, BerTag.octetString, "community");
  if (!community.ok) return community;

  const pduTlv = readTlv(bytes, community.value.next, end);
  if (!pduTlv.ok) return pduTlv;
  const pdu = decodePdu(bytes, pduTlv.value);
  if (!pdu.ok) return pdu;
  const done = expectEnd(pduTlv.value.end, end, "the PDU");
  if (!done.ok) return done;
  return { ok: true, value: { version: 0, community: community.value.value, pdu: pdu.value } };
}

function decodePdu(bytes: Uint8Array, tlv: Tlv): DecodeResult<SnmpPdu> {
  const { contentStart: start, end } = tlv;
  if (tlv.tag === BerTag.trap) return decodeTrap(bytes, start, end);
  const type = REQUEST_TYPE_BY_TAG.get(tlv.tag);
  if (type === undefined) {
    return decodeFailure("unexpectedTag", tlv.offset, `tag 0x${tlv.tag.toString(16)} is not an SNMPv1 PDU`);
  }
  const requestId = readInteger(bytes, start, end, BerTag.integer, INT32_MIN, INT32_MAX, "request-id");
  if (!requestId.ok) return requestId;
  const status = readInteger(
    bytes,
    requestId.value.next,
    end,
    BerTag.integer,
    INT32_MIN,
    INT32_MAX,
    "error-status",
  );
  if (!status.ok) return status;
  if (status.value.value < 0 || status.value.value > 5) {
    return decodeFailure(
      "badErrorStatus",
      requestId.value.next,
      `error-status ${status.value.value} not in 0..5`,
    );
  }
  const index = readInteger(bytes, status.value.next, end, BerTag.integer, 0, INT32_MAX, "error-index");
  if (!index.ok) return index;
  const varBinds = readVarBinds(bytes, index.value.next, end);
  if (!varBinds.ok) return varBinds;
  return {
    ok: true,
    value: {
      type,
      requestId: requestId.value.value,
      errorStatus: status.value.value as SnmpErrorStatus,
      errorIndex: index.value.value,
      varBinds: varBinds.value,
    },
  };
}

function decodeTrap(bytes: Uint8Array, start: number, end: number): DecodeResult<SnmpPdu> {
  const enterprise = readOid(bytes, start, end, "enterprise");
  if (!enterprise.ok) return enterprise;
  const agentAddr = readOctets(bytes, enterprise.value.next, end, BerTag.ipAddress, "agent-addr");
  if (!agentAddr.ok) return agentAddr;
  if (agentAddr.value.value.length !== 4) {
    return decodeFailure("badIpAddress", enterprise.value.next, "agent-addr is not four octets");
  }
  const generic = readInteger(
    bytes,
    agentAddr.value.next,
    end,
    BerTag.integer,
    INT32_MIN,
    INT32_MAX,
    "generic-trap",
  );
  if (!generic.ok) return generic;
  if (generic.value.value < 0 || generic.value.value > 6) {
    return decodeFailure(
      "badGenericTrap",
      agentAddr.value.next,
      `generic-trap ${generic.value.value} not in 0..6`,
    );
  }
  const specific = readInteger(
    bytes,
    generic.value.next,
    end,
    BerTag.integer,
    INT32_MIN,
    INT32_MAX,
    "specific-trap",
  );
  if (!specific.ok) return specific;
  const timeStamp = readInteger(
    bytes,
    specific.value.next,
    end,
    BerTag.timeTicks,
    0,
    UINT32_MAX,
    "time-stamp",
  );
  if (!timeStamp.ok) return timeStamp;
  const varBinds = readVarBinds(bytes, timeStamp.value.next, end);
  if (!varBinds.ok) return varBinds;
  return {
    ok: true,
    value: {
      type: "trap",
      enterprise: enterprise.value.value,
      agentAddr: agentAddr.value.value,
      genericTrap: generic.value.value as GenericTrap,
      specificTrap: specific.value.value,
      timeStamp: timeStamp.value.value,
      varBinds: varBinds.value,
    },
  };
}

/** Reads the VarBindList that must end the PDU contents at `end`. */
function readVarBinds(bytes: Uint8Array, offset: number, end: number): DecodeResult<readonly VarBind[]> {
  const list = expectTlv(bytes, offset, end, BerTag.sequence, "variable-bindings");
  if (!list.ok) return list;
  const done = expectEnd(list.value.end, end, "variable-bindings");
  if (!done.ok) return done;
  const varBinds: VarBind[] = [];
  let p = list.value.contentStart;
  while (p < list.value.end) {
    const vb = expectTlv(bytes, p, list.value.end, BerTag.sequence, "VarBind");
    if (!vb.ok) return vb;
    const name = readOid(bytes, vb.value.contentStart, vb.value.end, "name");
    if (!name.ok) return name;
    const value = readValue(bytes, name.value.next, vb.value.end);
    if (!value.ok) return value;
    const vbDone = expectEnd(value.value.next, vb.value.end, "a VarBind");
    if (!vbDone.ok) return vbDone;
    varBinds.push({ name: name.value.value, value: value.value.value });
    p = vb.value.end;
  }
  return { ok: true, value: varBinds };
}

/** Reads one ObjectSyntax value. */
function readValue(bytes: Uint8Array, offset: number, end: number): DecodeResult<Field<SnmpValue>> {
  const tlv = readTlv(bytes, offset, end);
  if (!tlv.ok) return tlv;
  const t = tlv.value;
  const next = t.end;
  const contents = (): Uint8Array => bytes.slice(t.contentStart, t.end);
  const unsigned = (type: "counter" | "gauge" | "timeTicks"): DecodeResult<Field<SnmpValue>> => {
    const v = integerContents(bytes, t, 0, UINT32_MAX, type);
    return v.ok ? { ok: true, value: { value: { type, value: v.value }, next } } : v;
  };
  switch (t.tag) {
    case BerTag.integer: {
      const v = integerContents(bytes, t, INT32_MIN, INT32_MAX, "INTEGER value");
      return v.ok ? { ok: true, value: { value: { type: "integer", value: v.value }, next } } : v;
    }
    case BerTag.octetString:
      return { ok: true, value: { value: { type: "octetString", value: contents() }, next } };
    case BerTag.null:
      if (t.end !== t.contentStart) return decodeFailure("badNull", t.contentStart, "NULL with contents");
      return { ok: true, value: { value: { type: "null" }, next } };
    case BerTag.objectIdentifier: {
      const v = oidContents(bytes, t);
      return v.ok ? { ok: true, value: { value: { type: "objectIdentifier", value: v.value }, next } } : v;
    }
    case BerTag.ipAddress:
      if (t.end - t.contentStart !== 4)
        return decodeFailure("badIpAddress", t.offset, "IpAddress is not 4 octets");
      return { ok: true, value: { value: { type: "ipAddress", value: contents() }, next } };
    case BerTag.counter:
      return unsigned("counter");
    case BerTag.gauge:
      return unsigned("gauge");
    case BerTag.timeTicks:
      return unsigned("timeTicks");
    case BerTag.opaque:
      return { ok: true, value: { value: { type: "opaque", value: contents() }, next } };
    default:
      return decodeFailure("unexpectedTag", offset, `tag 0x${t.tag.toString(16)} is not an SNMPv1 value`);
  }
}

function readInteger(
  bytes: Uint8Array,
  offset: number,
  end: number,
  tag: number,
  min: number,
  max: number,
  what: string,
): DecodeResult<Field<number>> {
  const tlv = expectTlv(bytes, offset, end, tag, what);
  if (!tlv.ok) return tlv;
  const v = integerContents(bytes, tlv.value, min, max, what);
  return v.ok ? { ok: true, value: { value: v.value, next: tlv.value.end } } : v;
}

function readOctets(
  bytes: Uint8Array,
  offset: number,
  end: number,
  tag: number,
  what: string,
): DecodeResult<Field<Uint8Array>> {
  const tlv = expectTlv(bytes, offset, end, tag, what);
  if (!tlv.ok) return tlv;
  return {
    ok: true,
    value: { value: bytes.slice(tlv.value.contentStart, tlv.value.end), next: tlv.value.end },
  };
}

function readOid(bytes: Uint8Array, offset: number, end: number, what: string): DecodeResult<Field<Oid>> {
  const tlv = expectTlv(bytes, offset, end, BerTag.objectIdentifier, what);
  if (!tlv.ok) return tlv;
  const v = oidContents(bytes, tlv.value);
  return v.ok ? { ok: true, value: { value: v.value, next: tlv.value.end } } : v;
}
