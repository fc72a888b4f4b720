/** SSCOP (Q.2110) with SSCF-UNI (Q.2130): PDU codec, pure protocol machines, and the runtime link. */

export type { SscopDecodeError, SscopDecodeResult } from "./codec.ts";
export { decodePdu, encodePdu, SscopDecodeErrorCode } from "./codec.ts";
export type { SscopConfig, SscopConfigInit } from "./config.ts";
export { SSCF_UNI_DEFAULTS, sscopConfig } from "./config.ts";
export type { SscopLinkEvent, SscopLinkInit } from "./link.ts";
export { SscopLink } from "./link.ts";
export { step } from "./machine.ts";
export type { Pdu, PduOf, PduTypeName, ReleaseSource } from "./pdu.ts";
export { PDU_TYPE_NAMES, PduType } from "./pdu.ts";
export type {
  AaIndication,
  AaRequest,
  LowerEffect,
  LowerInput,
  MaaIndication,
  MaaRequest,
  SscopEffect,
  SscopInput,
  SscopTimer,
} from "./signals.ts";
export { MaaErrorCode, SSCOP_TIMERS } from "./signals.ts";
export type {
  AalIndication,
  AalRequest,
  SscfPhase,
  SscfUniEffect,
  SscfUniInput,
  SscfUniState,
  SscfUniStep,
} from "./sscf-uni.ts";
export { initialSscfUniState, SscfPhaseLabel, sscfUniStep } from "./sscf-uni.ts";
export type { SscopPhase, SscopState, TxEntry } from "./state.ts";
export { initialSscopState, SscopPhaseNumber } from "./state.ts";
export type { SscopStep } from "./transition.ts";
