/** The reference CoNDIS miniport. */
export { type CoMiniportAdapter, type CoMiniportInit, type CoMiniportVc, coMiniport } from "./driver.ts";
export {
  decodeNdisCoLinkSpeed,
  encodeNdisCoLinkSpeed,
  type NDIS_CO_LINK_SPEED,
  NDIS_CO_LINK_SPEED_SIZE,
  NDIS_MEDIA_STATE,
  OID_GEN_CO,
} from "./oids.ts";
