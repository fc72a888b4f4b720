/** The reference CoNDIS miniport. */
export { type CoMiniportAdapter, type CoMiniportInit, type CoMiniportVc, coMiniport } from "./driver.ts";
export { NDIS_MEDIA_STATE, OID_GEN_CO } from "./oids.ts";
