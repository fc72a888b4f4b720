/** The UNI call manager: the stand-alone protocol driver and the MCM, each hosting one Uni per UNI. */
export {
  type Aal5CallParameters,
  type AtmCallInit,
  type AtmCallParameters,
  type AtmCallParametersError,
  type AtmCallParametersInit,
  type AtmCallParametersResult,
  atmCallParameters,
  atmCallParametersOf,
  CALLMGR_SPECIFIC_Q2931,
  decodeAtmCallParameters,
  encodeAtmCallParameters,
  Q2931_IE_TYPE,
} from "./atm-call-parameters.ts";
export { type UniCallCounters, type UniCallLogEntry, UniCalls } from "./calls.ts";
export { UniCmCore } from "./core.ts";
export { CM_DDI, MCM_DDI, type UniCmDdi } from "./ddi.ts";
export { type UniMcmAdapter, type UniMcmCounters, type UniMcmInit, uniMcm } from "./mcm.ts";
export { NdisTimerScheduler } from "./ndis-scheduler.ts";
export { atmBhli, atmBlli, bhliIe, blliIe, matchSap, sapEndSystem } from "./sap-match.ts";
export type { UniSignaling, UniSignalingTiming } from "./signaling.ts";
export { type UniCallManagerInit, type UniCmBinding, uniCallManager } from "./stand-alone.ts";
export { UNI_ADDRESS_FAMILY } from "./stubs.ts";
export type {
  CallPhase,
  QosChange,
  UniCall,
  UniCmAf,
  UniCmSap,
  UniParty,
  UniPlatform,
} from "./types.ts";
export { SIGNALING_VCI, Uni, type UniContext } from "./uni.ts";
