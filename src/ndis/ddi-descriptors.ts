import type { IrqlRequirement } from "./irql.ts";

/** Which kind of driver may call a DDI. */
export type DdiCaller = "any" | "protocol" | "client" | "call-manager" | "mcm" | "miniport";

/** The documented IRQL and DDI-compliance rule of one driver → NDIS call. */
export interface DdiDescriptor {
  /** The page's `req.irql`. */
  readonly irql: IrqlRequirement;
  /**
   * The Static Driver Verifier IRQL rule its page names in `req.ddi-compliance`; each is a rule
   * of the catalogue. Three pages name none (NdisAllocateSpinLock, NdisFreeSpinLock,
   * NdisGetCurrentSystemTime: "Any level"); condis files them under Irql_Miscellaneous_Function,
   * whose SDV page lists NdisFreeSpinLock.
   */
  readonly rule: string;
  readonly caller: DdiCaller;
  /** For a completion DDI: the handler whose PENDING return it completes. */
  readonly completes?: string;
}

const d = (irql: IrqlRequirement, rule: string, caller: DdiCaller, completes?: string): DdiDescriptor =>
  completes === undefined ? { irql, rule, caller } : { irql, rule, caller, completes };

const PD = "Irql_Protocol_Driver_Function";
const CM = "Irql_CallManager_Function";
const MCM = "Irql_MCM_Function";
const CONN = "Irql_Connection_Function";
const MCO = "Irql_MCO_Function";
const MISC = "Irql_Miscellaneous_Function";
const MP = "Irql_Miniport_Driver_Function";
const SYNCH = "Irql_Synch_Function";
const TIMER = "Irql_Timer_Function";
const NB = "Irql_NetBuffer_Function";
const SR = "Irql_SendRcv_Function";

/** Every driver → NDIS call of the model, with the IRQL its page states. */
export const DDIS = {
  NdisRegisterProtocolDriver: d("PASSIVE", PD, "protocol"),
  NdisDeregisterProtocolDriver: d("PASSIVE", PD, "protocol"),
  NdisSetOptionalHandlers: d("PASSIVE", MISC, "any"),
  NdisOpenAdapterEx: d("PASSIVE", PD, "protocol"),
  NdisCloseAdapterEx: d("PASSIVE", PD, "protocol"),
  NdisCompleteBindAdapterEx: d("<=DISPATCH", PD, "protocol", "ProtocolBindAdapterEx"),
  NdisCompleteUnbindAdapterEx: d("<=DISPATCH", PD, "protocol", "ProtocolUnbindAdapterEx"),
  NdisUnbindAdapter: d("<=DISPATCH", PD, "protocol"),
  NdisMRegisterMiniportDriver: d("PASSIVE", MP, "miniport"),
  NdisMDeregisterMiniportDriver: d("PASSIVE", MP, "miniport"),
  NdisMSetMiniportAttributes: d("PASSIVE", MP, "miniport"),
  NdisAllocateMemoryWithTagPriority: d("<=DISPATCH", MISC, "any"),
  NdisFreeMemory: d("<=DISPATCH", MISC, "any"),
  NdisAllocateSpinLock: d("ANY", MISC, "any"),
  NdisFreeSpinLock: d("ANY", MISC, "any"),
  NdisAcquireSpinLock: d("<=DISPATCH", SYNCH, "any"),
  NdisReleaseSpinLock: d("DISPATCH", SYNCH, "any"),
  NdisDprAcquireSpinLock: d("DISPATCH", SYNCH, "any"),
  NdisDprReleaseSpinLock: d("DISPATCH", SYNCH, "any"),
  NdisAllocateIoWorkItem: d("<=DISPATCH", MISC, "any"),
  NdisQueueIoWorkItem: d("<=DISPATCH", MISC, "any"),
  NdisFreeIoWorkItem: d("<=DISPATCH", MISC, "any"),
  NdisAllocateTimerObject: d("<=DISPATCH", TIMER, "any"),
  NdisSetTimerObject: d("<=DISPATCH", TIMER, "any"),
  // On a periodic timer its page requires PASSIVE_LEVEL; NdisCancelTimerObject checks that case.
  NdisCancelTimerObject: d("<=DISPATCH", TIMER, "any"),
  NdisFreeTimerObject: d("<=DISPATCH", TIMER, "any"),
  NdisGetCurrentSystemTime: d("ANY", MISC, "any"),
  NdisWriteErrorLogEntry: d("<=DISPATCH", MISC, "any"),
  NdisCmRegisterAddressFamilyEx: d("PASSIVE", CM, "call-manager"),
  NdisMCmRegisterAddressFamilyEx: d("PASSIVE", MCM, "mcm"),
  NdisClOpenAddressFamilyEx: d("PASSIVE", PD, "client"),
  NdisClCloseAddressFamily: d("<=DISPATCH", PD, "client"),
  NdisClNotifyCloseAddressFamilyComplete: d("<=DISPATCH", PD, "client", "ProtocolClNotifyCloseAf"),
  NdisCmOpenAddressFamilyComplete: d("<=DISPATCH", CM, "call-manager", "ProtocolCmOpenAf"),
  NdisMCmOpenAddressFamilyComplete: d("<=DISPATCH", MCM, "mcm", "ProtocolCmOpenAf"),
  NdisCmCloseAddressFamilyComplete: d("<=DISPATCH", CM, "call-manager", "ProtocolCmCloseAf"),
  NdisMCmCloseAddressFamilyComplete: d("<=DISPATCH", MCM, "mcm", "ProtocolCmCloseAf"),
  NdisCmNotifyCloseAddressFamily: d("PASSIVE", CM, "call-manager"),
  NdisMCmNotifyCloseAddressFamily: d("PASSIVE", MCM, "mcm"),
  NdisClRegisterSap: d("<=DISPATCH", PD, "client"),
  NdisClDeregisterSap: d("<=DISPATCH", PD, "client"),
  NdisCmRegisterSapComplete: d("<=DISPATCH", CM, "call-manager", "ProtocolCmRegisterSap"),
  NdisMCmRegisterSapComplete: d("<=DISPATCH", MCM, "mcm", "ProtocolCmRegisterSap"),
  NdisCmDeregisterSapComplete: d("<=DISPATCH", CM, "call-manager", "ProtocolCmDeregisterSap"),
  NdisMCmDeregisterSapComplete: d("<=DISPATCH", MCM, "mcm", "ProtocolCmDeregisterSap"),
  NdisCoCreateVc: d("<=DISPATCH", CONN, "protocol"),
  NdisCoDeleteVc: d("<=DISPATCH", CONN, "protocol"),
  NdisMCmCreateVc: d("<=DISPATCH", MCM, "mcm"),
  NdisMCmDeleteVc: d("<=DISPATCH", MCM, "mcm"),
  NdisCmActivateVc: d("<=DISPATCH", CM, "call-manager"),
  NdisCmDeactivateVc: d("<=DISPATCH", CM, "call-manager"),
  NdisMCmActivateVc: d("<=DISPATCH", MCM, "mcm"),
  NdisMCmDeactivateVc: d("<=DISPATCH", MCM, "mcm"),
  NdisMCoActivateVcComplete: d("<=DISPATCH", MCO, "miniport", "MiniportCoActivateVc"),
  NdisMCoDeactivateVcComplete: d("<=DISPATCH", MCO, "miniport", "MiniportCoDeactivateVc"),
  NdisClMakeCall: d("<=DISPATCH", PD, "client"),
  NdisCmMakeCallComplete: d("<=DISPATCH", CM, "call-manager", "ProtocolCmMakeCall"),
  NdisMCmMakeCallComplete: d("<=DISPATCH", MCM, "mcm", "ProtocolCmMakeCall"),
  NdisCmDispatchIncomingCall: d("<=DISPATCH", CM, "call-manager"),
  NdisMCmDispatchIncomingCall: d("<=DISPATCH", MCM, "mcm"),
  NdisClIncomingCallComplete: d("<=DISPATCH", PD, "client", "ProtocolClIncomingCall"),
  NdisCmDispatchCallConnected: d("<=DISPATCH", CM, "call-manager"),
  NdisMCmDispatchCallConnected: d("<=DISPATCH", MCM, "mcm"),
  NdisClCloseCall: d("<=DISPATCH", PD, "client"),
  NdisCmCloseCallComplete: d("<=DISPATCH", CM, "call-manager", "ProtocolCmCloseCall"),
  NdisMCmCloseCallComplete: d("<=DISPATCH", MCM, "mcm", "ProtocolCmCloseCall"),
  NdisCmDispatchIncomingCloseCall: d("<=DISPATCH", CM, "call-manager"),
  NdisMCmDispatchIncomingCloseCall: d("<=DISPATCH", MCM, "mcm"),
  NdisClAddParty: d("<=DISPATCH", PD, "client"),
  NdisCmAddPartyComplete: d("<=DISPATCH", CM, "call-manager", "ProtocolCmAddParty"),
  NdisMCmAddPartyComplete: d("<=DISPATCH", MCM, "mcm", "ProtocolCmAddParty"),
  NdisClDropParty: d("<=DISPATCH", PD, "client"),
  NdisCmDropPartyComplete: d("<=DISPATCH", CM, "call-manager", "ProtocolCmDropParty"),
  NdisMCmDropPartyComplete: d("<=DISPATCH", MCM, "mcm", "ProtocolCmDropParty"),
  NdisCmDispatchIncomingDropParty: d("<=DISPATCH", CM, "call-manager"),
  NdisMCmDispatchIncomingDropParty: d("<=DISPATCH", MCM, "mcm"),
  NdisClModifyCallQoS: d("<=DISPATCH", PD, "client"),
  NdisCmModifyCallQoSComplete: d("<=DISPATCH", CM, "call-manager", "ProtocolCmModifyCallQoS"),
  NdisMCmModifyCallQoSComplete: d("<=DISPATCH", MCM, "mcm", "ProtocolCmModifyCallQoS"),
  NdisCmDispatchIncomingCallQoSChange: d("<=DISPATCH", CM, "call-manager"),
  NdisMCmDispatchIncomingCallQoSChange: d("<=DISPATCH", MCM, "mcm"),
  NdisAllocateNetBufferListPool: d("<=DISPATCH", NB, "any"),
  NdisFreeNetBufferListPool: d("<=DISPATCH", NB, "any"),
  NdisAllocateNetBufferAndNetBufferList: d("<=DISPATCH", NB, "any"),
  NdisFreeNetBufferList: d("<=DISPATCH", NB, "any"),
  NdisCoSendNetBufferLists: d("<=DISPATCH", CONN, "protocol"),
  NdisMCoSendNetBufferListsComplete: d("<=DISPATCH", MCO, "miniport"),
  NdisMCoIndicateReceiveNetBufferLists: d("<=DISPATCH", MCO, "miniport"),
  NdisReturnNetBufferLists: d("<=DISPATCH", SR, "protocol"),
  NdisCoOidRequest: d("<=DISPATCH", CONN, "protocol"),
  NdisCoOidRequestComplete: d("<=DISPATCH", CONN, "protocol", "ProtocolCoOidRequest"),
  NdisMCmOidRequest: d("<=DISPATCH", MCM, "mcm"),
  NdisMCmOidRequestComplete: d("<=DISPATCH", MCM, "mcm", "ProtocolCoOidRequest"),
  NdisMCoOidRequestComplete: d("<=DISPATCH", MCO, "miniport", "MiniportCoOidRequest"),
  NdisMCoIndicateStatusEx: d("<=DISPATCH", MCO, "miniport"),
} as const satisfies Record<string, DdiDescriptor>;

/** The name of a DDI of the model ("NdisClDeregisterSap"). */
export type DdiName = keyof typeof DDIS;
