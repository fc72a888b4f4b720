/**
 * The Q.2931 messages of a run, read back from the frames the hosts sent and received on the
 * signaling VC (0/5): SSCOP SD PDUs whose data decodes as a Q.2931 message.
 */
import type { NdisEvent } from "../ndis/index.ts";
import { decodeMessage, SIGNALING_VCI, SIGNALING_VPI } from "../signaling/q2931/index.ts";
import { decodePdu } from "../signaling/sscop/index.ts";

/** The Q.2931 message type a frame on 0/5 carries ("SETUP", "CONNECT", ...), or undefined. */
export function q2931TypeOf(vpi: number, vci: number, payload: Uint8Array): string | undefined {
  if (vpi !== SIGNALING_VPI || vci !== SIGNALING_VCI) return undefined;
  const pdu = decodePdu(payload);
  if (!pdu.ok || pdu.value.type !== "SD") return undefined;
  const message = decodeMessage(pdu.value.data);
  return message.ok ? message.message.type : undefined;
}

/** True for an SSCOP POLL or STAT on 0/5: the keep-alive exchange that runs while the link is up. */
export function isSscopKeepAlive(vpi: number, vci: number, payload: Uint8Array): boolean {
  if (vpi !== SIGNALING_VPI || vci !== SIGNALING_VCI) return false;
  const pdu = decodePdu(payload);
  return pdu.ok && (pdu.value.type === "POLL" || pdu.value.type === "STAT");
}

/** One Q.2931 message a host sent (tx, to the switch) or received (rx, from the switch). */
export interface Q2931Entry {
  readonly host: string;
  readonly direction: "tx" | "rx";
  readonly type: string;
}

/** The Q.2931 messages among `events` (frames of any host), in order. */
export function q2931Messages(events: readonly NdisEvent[]): Q2931Entry[] {
  return events.flatMap((e) => {
    if (e.type !== "frame") return [];
    const type = q2931TypeOf(e.vpi, e.vci, e.payload);
    return type === undefined ? [] : [{ host: e.host, direction: e.direction, type }];
  });
}

/** The messages of one host as text: "SETUP →" for sent, "← CONNECT" for received. */
export function q2931Summary(entries: readonly Q2931Entry[], host: string): string {
  const own = entries.filter((m) => m.host === host);
  if (own.length === 0) return "no Q.2931 message";
  return own.map((m) => (m.direction === "tx" ? `${m.type} →` : `← ${m.type}`)).join(", ");
}
