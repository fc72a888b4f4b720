/**
 * Q.2931 (UNI 3.1) call control: pure user-side and network-side call machines with point-to-multipoint
 * party control, a per-interface dispatcher with the restart procedures, and a runtime on a scheduler.
 */
export type { Call, ExpiryCounts, Modification, Party } from "./call.ts";
export { callId, newCall, partyId } from "./call.ts";
export { stepInterface } from "./call-table.ts";
export type {
  CallControlConfig,
  CallControlConfigInit,
  CallTimerName,
  InterfaceTimerName,
  PartyTimerName,
  RetryCounts,
  Side,
  TimerName,
  TimerValues,
} from "./config.ts";
export { callControlConfig, DEFAULT_RETRIES, UNI31_TIMERS } from "./config.ts";
export type {
  InterfaceEffect,
  InterfaceInput,
  InterfaceState,
  InterfaceStep,
  RestartProcesses,
  RestartStateCode,
  TimerRef,
} from "./interface-state.ts";
export { newInterface } from "./interface-state.ts";
export { stepNetwork } from "./network.ts";
export type { CallControlRuntimeInit, RequestResult, RuntimeIndication } from "./runtime.ts";
export { CallControlRuntime, timerKey } from "./runtime.ts";
export type {
  AddPartyRequestIes,
  CallEffect,
  CallIndication,
  CallIndicationName,
  CallInput,
  CallKey,
  CallRequest,
  CallRequestName,
  CallTimer,
  CauseSpec,
  InterfaceIndication,
  ModifyIndication,
  PartyKey,
} from "./signals.ts";
export type { CallStateCode, PartyStateCode } from "./states.ts";
export { callStateLabel, PartyState, partyStateLabel } from "./states.ts";
export type { CallStep } from "./transition.ts";
export { stepUser } from "./user.ts";
