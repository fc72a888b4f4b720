/** The general CoNDIS OIDs the reference miniport answers (ntddndis.h values). */
export const OID_GEN_CO = {
  OID_GEN_CO_SUPPORTED_LIST: 0x00010101,
  OID_GEN_CO_HARDWARE_STATUS: 0x00010102,
  OID_GEN_CO_MEDIA_SUPPORTED: 0x00010103,
  OID_GEN_CO_MEDIA_IN_USE: 0x00010104,
  OID_GEN_CO_LINK_SPEED: 0x00010105,
  OID_GEN_CO_VENDOR_ID: 0x00010106,
  OID_GEN_CO_VENDOR_DESCRIPTION: 0x00010107,
  OID_GEN_CO_DRIVER_VERSION: 0x00010108,
  OID_GEN_CO_MEDIA_CONNECT_STATUS: 0x0001010b,
} as const;

/** NdisMediaStateConnected / NdisMediaStateDisconnected. */
export const NDIS_MEDIA_STATE = { NdisMediaStateConnected: 0, NdisMediaStateDisconnected: 1 } as const;
