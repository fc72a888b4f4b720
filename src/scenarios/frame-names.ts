/**
 * Names for the frames of a run, as a reader of the timeline wants them: the SSCOP PDU type on
 * the signaling VC (and the Q.2931 message an SD carries), the ILMI PDU and its objects on VCI
 * 16, and whether the frame is routine traffic the default timeline hides: SSCOP POLL/STAT
 * keep-alives, and ILMI Get/GetNext polls with their responses.
 */
import type { NdisEvent } from "../ndis/index.ts";
import {
  decodeIlmiMessage,
  formatOid,
  IlmiOid,
  parseAddressStatusOid,
  parseNetPrefixStatusOid,
} from "../signaling/ilmi/index.ts";
import { decodeMessage } from "../signaling/q2931/index.ts";
import { decodePdu } from "../signaling/sscop/index.ts";

/** What a frame is: its name, and whether it is routine (hidden by default). */
export interface FrameName {
  /** "SSCOP SD — Q.2931 SETUP", "ILMI SetRequest atmfAddressStatus.… = invalid(2)", "data". */
  readonly text: string;
  readonly kind: "keep-alive" | "ilmi-poll" | "signaling" | "ilmi" | "data";
}

type Frame = Extract<NdisEvent, { type: "frame" }>;

const PDU_NAMES: Readonly<Record<string, string>> = {
  getRequest: "GetRequest",
  getNextRequest: "GetNextRequest",
  getResponse: "GetResponse",
  setRequest: "SetRequest",
};
const STATUS_NAMES: Readonly<Record<number, string>> = { 1: "valid(1)", 2: "invalid(2)" };
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/** An ILMI object's name: the MIB column and its index, or the dotted OID. */
function objectName(oid: readonly number[]): string {
  const address = parseAddressStatusOid(oid);
  if (address !== undefined) return `atmfAddressStatus.${address.port}.${hex(address.octets)}`;
  const prefix = parseNetPrefixStatusOid(oid);
  if (prefix !== undefined) return `atmfNetPrefixStatus.${prefix.port}.${hex(prefix.octets)}`;
  for (const [name, known] of Object.entries(IlmiOid))
    if (known.length <= oid.length && known.every((x, i) => oid[i] === x))
      return known.length === oid.length ? name : `${name}.${oid.slice(known.length).join(".")}`;
  return formatOid(oid);
}

/** Names the frames of a run in order; ILMI responses are paired with their requests per host. */
export class FrameNamer {
  /** `${host}/${direction of the request}/${requestId}` → the request was a poll. */
  private readonly requests = new Map<string, boolean>();

  /** The name of one frame event. */
  name(e: Frame): FrameName {
    if (e.vpi === 0 && e.vci === 5) return this.sscop(e.payload);
    if (e.vpi === 0 && e.vci === 16) return this.ilmi(e);
    return { text: `data, ${e.payload.length} bytes`, kind: "data" };
  }

  private sscop(payload: Uint8Array): FrameName {
    const pdu = decodePdu(payload);
    if (!pdu.ok) return { text: "SSCOP (undecodable)", kind: "signaling" };
    const type = pdu.value.type;
    if (type === "POLL" || type === "STAT") return { text: `SSCOP ${type}`, kind: "keep-alive" };
    if (type !== "SD") return { text: `SSCOP ${type}`, kind: "signaling" };
    const message = decodeMessage(pdu.value.data);
    return {
      text: `SSCOP SD — Q.2931 ${message.ok ? message.message.type : "(undecodable)"}`,
      kind: "signaling",
    };
  }

  private ilmi(e: Frame): FrameName {
    const decoded = decodeIlmiMessage(e.payload);
    if (!decoded.ok) return { text: "ILMI (undecodable)", kind: "ilmi" };
    const pdu = decoded.value.pdu;
    if (pdu.type === "trap") {
      const trap =
        ["coldStart", "warmStart", "linkDown", "linkUp"][pdu.genericTrap] ?? `trap ${pdu.genericTrap}`;
      return { text: `ILMI Trap ${trap}`, kind: "ilmi" };
    }
    const binds = pdu.varBinds
      .map((v) => {
        const name = objectName(v.name);
        if (v.value.type === "null") return name;
        const value =
          v.value.type === "integer" && name.includes("Status.")
            ? (STATUS_NAMES[v.value.value] ?? String(v.value.value))
            : "value" in v.value && typeof v.value.value === "number"
              ? String(v.value.value)
              : v.value.type;
        return `${name} = ${value}`;
      })
      .join(", ");
    const text = `ILMI ${PDU_NAMES[pdu.type] ?? pdu.type} ${binds}`.trimEnd();
    if (pdu.type === "getResponse") {
      const other = e.direction === "tx" ? "rx" : "tx";
      const key = `${e.host}/${other}/${pdu.requestId}`;
      const poll = this.requests.get(key) ?? false;
      this.requests.delete(key);
      return { text, kind: poll ? "ilmi-poll" : "ilmi" };
    }
    const poll = pdu.type === "getRequest" || pdu.type === "getNextRequest";
    this.requests.set(`${e.host}/${e.direction}/${pdu.requestId}`, poll);
    return { text, kind: poll ? "ilmi-poll" : "ilmi" };
  }
}
