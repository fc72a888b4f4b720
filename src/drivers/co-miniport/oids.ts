/**
 * The general CoNDIS OIDs the reference miniport knows, with ntddndis.h's values. ntddndis.h
 * defines each OID_GEN_CO_* as its connectionless OID_GEN_* twin
 * (`#define OID_GEN_CO_LINK_SPEED OID_GEN_LINK_SPEED`, `#define OID_GEN_LINK_SPEED 0x00010107`).
 */
export const OID_GEN_CO = {
  OID_GEN_CO_SUPPORTED_LIST: 0x00010101,
  OID_GEN_CO_HARDWARE_STATUS: 0x00010102,
  OID_GEN_CO_MEDIA_SUPPORTED: 0x00010103,
  OID_GEN_CO_MEDIA_IN_USE: 0x00010104,
  OID_GEN_CO_LINK_SPEED: 0x00010107,
  OID_GEN_CO_VENDOR_ID: 0x0001010c,
  OID_GEN_CO_VENDOR_DESCRIPTION: 0x0001010d,
  OID_GEN_CO_DRIVER_VERSION: 0x00010110,
  OID_GEN_CO_MEDIA_CONNECT_STATUS: 0x00010114,
} as const;

/** NDIS_MEDIA_STATE (ntddndis.h): NdisMediaStateConnected / NdisMediaStateDisconnected. */
export const NDIS_MEDIA_STATE = { NdisMediaStateConnected: 0, NdisMediaStateDisconnected: 1 } as const;

/**
 * NDIS_CO_LINK_SPEED (ntddndis.h), the answer to OID_GEN_CO_LINK_SPEED: two ULONGs, Outbound
 * then Inbound, each in units of 100 bit/s.
 */
export interface NDIS_CO_LINK_SPEED {
  readonly Outbound: number;
  readonly Inbound: number;
}

/** Octets of an NDIS_CO_LINK_SPEED. */
export const NDIS_CO_LINK_SPEED_SIZE = 8;

/** An NDIS_CO_LINK_SPEED as the C structure lies in an InformationBuffer (little-endian ULONGs). */
export function encodeNdisCoLinkSpeed(speed: NDIS_CO_LINK_SPEED): Uint8Array {
  const bytes = new Uint8Array(NDIS_CO_LINK_SPEED_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, speed.Outbound >>> 0, true);
  view.setUint32(4, speed.Inbound >>> 0, true);
  return bytes;
}

/** Reads an NDIS_CO_LINK_SPEED from an InformationBuffer, or undefined when it is too short. */
export function decodeNdisCoLinkSpeed(bytes: Uint8Array): NDIS_CO_LINK_SPEED | undefined {
  if (bytes.length < NDIS_CO_LINK_SPEED_SIZE) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { Outbound: view.getUint32(0, true), Inbound: view.getUint32(4, true) };
}
