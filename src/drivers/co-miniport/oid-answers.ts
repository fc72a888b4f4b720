import {
  NDIS_MEDIUM,
  type NDIS_OID_REQUEST,
  NDIS_REQUEST_TYPE,
  type NDIS_STATUS,
  NDIS_STATUS_BUFFER_TOO_SHORT,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_SUCCESS,
} from "../../ndis/index.ts";
import { encodeNdisCoLinkSpeed, NDIS_MEDIA_STATE, OID_GEN_CO } from "./oids.ts";

const VENDOR = new TextEncoder().encode("condis reference CoNDIS miniport\0");
/** Link speed in units of 100 bit/s, as OID_GEN_CO_LINK_SPEED reports (155.52 Mbit/s). */
const LINK_SPEED_100BPS = 1_555_200;

/** Answers the query OIDs the reference miniport supports; NOT_SUPPORTED for the rest. */
export function answerOid(
  adapter: { readonly port: { readonly linkUp: boolean } },
  request: NDIS_OID_REQUEST,
): NDIS_STATUS {
  if (request.RequestType !== NDIS_REQUEST_TYPE.NdisRequestQueryInformation) return NDIS_STATUS_NOT_SUPPORTED;
  const ulong = (value: number) => {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
    return bytes;
  };
  let answer: Uint8Array;
  switch (request.Oid) {
    case OID_GEN_CO_MEDIA_SUPPORTED_OR_IN_USE(request.Oid):
      answer = ulong(NDIS_MEDIUM.NdisMediumAtm);
      break;
    case OID_GEN_CO.OID_GEN_CO_LINK_SPEED:
      answer = encodeNdisCoLinkSpeed({ Outbound: LINK_SPEED_100BPS, Inbound: LINK_SPEED_100BPS });
      break;
    case OID_GEN_CO.OID_GEN_CO_MEDIA_CONNECT_STATUS:
      answer = ulong(
        adapter.port.linkUp
          ? NDIS_MEDIA_STATE.NdisMediaStateConnected
          : NDIS_MEDIA_STATE.NdisMediaStateDisconnected,
      );
      break;
    case OID_GEN_CO.OID_GEN_CO_VENDOR_DESCRIPTION:
      answer = VENDOR;
      break;
    default:
      return NDIS_STATUS_NOT_SUPPORTED;
  }
  const buffer = request.InformationBuffer;
  if (buffer === null || buffer.length < answer.length) {
    request.BytesNeeded = answer.length;
    request.BytesWritten = 0;
    return NDIS_STATUS_BUFFER_TOO_SHORT;
  }
  buffer.set(answer);
  request.BytesWritten = answer.length;
  request.BytesNeeded = 0;
  return NDIS_STATUS_SUCCESS;
}

function OID_GEN_CO_MEDIA_SUPPORTED_OR_IN_USE(oid: number): number {
  return oid === OID_GEN_CO.OID_GEN_CO_MEDIA_SUPPORTED || oid === OID_GEN_CO.OID_GEN_CO_MEDIA_IN_USE
    ? oid
    : -1;
}
