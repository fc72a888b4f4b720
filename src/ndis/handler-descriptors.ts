import type { IrqlRequirement } from "./irql.ts";

/** Who implements a handler. */
export type HandlerOwner =
  | "protocol"
  | "co-protocol"
  | "call-manager"
  | "client"
  | "miniport"
  | "co-miniport";

/** The annotations of one handler's role type, as data the verifier reads. */
export interface HandlerDescriptor {
  readonly roleType: string;
  readonly owner: HandlerOwner;
  /** The IRQL NDIS calls it at. */
  readonly irql: IrqlRequirement;
  readonly required: boolean;
  /** The DDIs that complete it after it returned NDIS_STATUS_PENDING. */
  readonly completedBy?: readonly string[];
  /** True when it must never return NDIS_STATUS_PENDING. */
  readonly neverPending?: boolean;
}

const d = (
  roleType: string,
  owner: HandlerOwner,
  irql: IrqlRequirement,
  required: boolean,
  extra: { completedBy?: readonly string[]; neverPending?: boolean } = {},
): HandlerDescriptor => ({ roleType, owner, irql, required, ...extra });

/** Every NDIS → driver handler of the model, with its role type and annotations. */
export const HANDLERS = {
  ProtocolSetOptions: d("PROTOCOL_SET_OPTIONS", "protocol", "PASSIVE", false),
  ProtocolBindAdapterEx: d("PROTOCOL_BIND_ADAPTER_EX", "protocol", "PASSIVE", true, {
    completedBy: ["NdisCompleteBindAdapterEx"],
  }),
  ProtocolUnbindAdapterEx: d("PROTOCOL_UNBIND_ADAPTER_EX", "protocol", "PASSIVE", true, {
    completedBy: ["NdisCompleteUnbindAdapterEx"],
  }),
  ProtocolOpenAdapterCompleteEx: d("PROTOCOL_OPEN_ADAPTER_COMPLETE_EX", "protocol", "PASSIVE", true),
  ProtocolCloseAdapterCompleteEx: d("PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX", "protocol", "PASSIVE", true),
  ProtocolNetPnPEvent: d("PROTOCOL_NET_PNP_EVENT", "protocol", "PASSIVE", true),
  ProtocolUninstall: d("PROTOCOL_UNINSTALL", "protocol", "PASSIVE", false),
  ProtocolCoAfRegisterNotify: d("PROTOCOL_CO_AF_REGISTER_NOTIFY", "co-protocol", "PASSIVE", true),
  ProtocolCoStatusEx: d("PROTOCOL_CO_STATUS_EX", "co-protocol", "<=DISPATCH", true),
  ProtocolCoReceiveNetBufferLists: d(
    "PROTOCOL_CO_RECEIVE_NET_BUFFER_LISTS",
    "co-protocol",
    "<=DISPATCH",
    true,
  ),
  ProtocolCoSendNetBufferListsComplete: d(
    "PROTOCOL_CO_SEND_NET_BUFFER_LISTS_COMPLETE",
    "co-protocol",
    "<=DISPATCH",
    true,
  ),
  ProtocolCoCreateVc: d("PROTOCOL_CO_CREATE_VC", "co-protocol", "<=DISPATCH", true, { neverPending: true }),
  ProtocolCoDeleteVc: d("PROTOCOL_CO_DELETE_VC", "co-protocol", "<=DISPATCH", true, { neverPending: true }),
  ProtocolCoOidRequest: d("PROTOCOL_CO_OID_REQUEST", "co-protocol", "<=DISPATCH", true, {
    completedBy: ["NdisCoOidRequestComplete", "NdisMCmOidRequestComplete"],
  }),
  ProtocolCoOidRequestComplete: d("PROTOCOL_CO_OID_REQUEST_COMPLETE", "co-protocol", "<=DISPATCH", true),
  ProtocolCmOpenAf: d("PROTOCOL_CM_OPEN_AF", "call-manager", "<=DISPATCH", true, {
    completedBy: ["NdisCmOpenAddressFamilyComplete", "NdisMCmOpenAddressFamilyComplete"],
  }),
  ProtocolCmCloseAf: d("PROTOCOL_CM_CLOSE_AF", "call-manager", "<=DISPATCH", true, {
    completedBy: ["NdisCmCloseAddressFamilyComplete", "NdisMCmCloseAddressFamilyComplete"],
  }),
  ProtocolCmRegisterSap: d("PROTOCOL_CM_REG_SAP", "call-manager", "<=DISPATCH", true, {
    completedBy: ["NdisCmRegisterSapComplete", "NdisMCmRegisterSapComplete"],
  }),
  ProtocolCmDeregisterSap: d("PROTOCOL_CM_DEREGISTER_SAP", "call-manager", "<=DISPATCH", true, {
    completedBy: ["NdisCmDeregisterSapComplete", "NdisMCmDeregisterSapComplete"],
  }),
  ProtocolCmMakeCall: d("PROTOCOL_CM_MAKE_CALL", "call-manager", "<=DISPATCH", true, {
    completedBy: ["NdisCmMakeCallComplete", "NdisMCmMakeCallComplete"],
  }),
  ProtocolCmCloseCall: d("PROTOCOL_CM_CLOSE_CALL", "call-manager", "<=DISPATCH", true, {
    completedBy: ["NdisCmCloseCallComplete", "NdisMCmCloseCallComplete"],
  }),
  ProtocolCmIncomingCallComplete: d("PROTOCOL_CM_INCOMING_CALL_COMPLETE", "call-manager", "<=DISPATCH", true),
  ProtocolCmAddParty: d("PROTOCOL_CM_ADD_PARTY", "call-manager", "<=DISPATCH", true, {
    completedBy: ["NdisCmAddPartyComplete", "NdisMCmAddPartyComplete"],
  }),
  ProtocolCmDropParty: d("PROTOCOL_CM_DROP_PARTY", "call-manager", "<=DISPATCH", true, {
    completedBy: ["NdisCmDropPartyComplete", "NdisMCmDropPartyComplete"],
  }),
  ProtocolCmActivateVcComplete: d("PROTOCOL_CM_ACTIVATE_VC_COMPLETE", "call-manager", "<=DISPATCH", true),
  ProtocolCmDeactivateVcComplete: d("PROTOCOL_CM_DEACTIVATE_VC_COMPLETE", "call-manager", "<=DISPATCH", true),
  ProtocolCmModifyCallQoS: d("PROTOCOL_CM_MODIFY_QOS_CALL", "call-manager", "<=DISPATCH", true, {
    completedBy: ["NdisCmModifyCallQoSComplete", "NdisMCmModifyCallQoSComplete"],
  }),
  ProtocolCmNotifyCloseAfComplete: d(
    "PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE",
    "call-manager",
    "<=DISPATCH",
    true,
  ),
  ProtocolClOpenAfCompleteEx: d("PROTOCOL_CL_OPEN_AF_COMPLETE_EX", "client", "PASSIVE", true),
  ProtocolClCloseAfComplete: d("PROTOCOL_CL_CLOSE_AF_COMPLETE", "client", "<=DISPATCH", true),
  ProtocolClRegisterSapComplete: d("PROTOCOL_CL_REGISTER_SAP_COMPLETE", "client", "<=DISPATCH", true),
  ProtocolClDeregisterSapComplete: d("PROTOCOL_CL_DEREGISTER_SAP_COMPLETE", "client", "<=DISPATCH", true),
  ProtocolClMakeCallComplete: d("PROTOCOL_CL_MAKE_CALL_COMPLETE", "client", "<=DISPATCH", true),
  ProtocolClModifyCallQoSComplete: d("PROTOCOL_CL_MODIFY_CALL_QOS_COMPLETE", "client", "<=DISPATCH", true),
  ProtocolClCloseCallComplete: d("PROTOCOL_CL_CLOSE_CALL_COMPLETE", "client", "<=DISPATCH", true),
  ProtocolClAddPartyComplete: d("PROTOCOL_CL_ADD_PARTY_COMPLETE", "client", "<=DISPATCH", true),
  ProtocolClDropPartyComplete: d("PROTOCOL_CL_DROP_PARTY_COMPLETE", "client", "<=DISPATCH", true),
  ProtocolClIncomingCall: d("PROTOCOL_CL_INCOMING_CALL", "client", "<=DISPATCH", true, {
    completedBy: ["NdisClIncomingCallComplete"],
  }),
  ProtocolClIncomingCallQoSChange: d("PROTOCOL_CL_INCOMING_CALL_QOS_CHANGE", "client", "<=DISPATCH", true),
  ProtocolClIncomingCloseCall: d("PROTOCOL_CL_INCOMING_CLOSE_CALL", "client", "<=DISPATCH", true),
  ProtocolClIncomingDropParty: d("PROTOCOL_CL_INCOMING_DROP_PARTY", "client", "<=DISPATCH", true),
  ProtocolClCallConnected: d("PROTOCOL_CL_CALL_CONNECTED", "client", "<=DISPATCH", true),
  ProtocolClNotifyCloseAf: d("PROTOCOL_CL_NOTIFY_CLOSE_AF", "client", "<=DISPATCH", true, {
    completedBy: ["NdisClNotifyCloseAddressFamilyComplete"],
  }),
  MiniportSetOptions: d("MINIPORT_SET_OPTIONS", "miniport", "PASSIVE", false),
  MiniportInitializeEx: d("MINIPORT_INITIALIZE", "miniport", "PASSIVE", true),
  MiniportHaltEx: d("MINIPORT_HALT", "miniport", "PASSIVE", true),
  MiniportDriverUnload: d("MINIPORT_UNLOAD", "miniport", "PASSIVE", true),
  MiniportPause: d("MINIPORT_PAUSE", "miniport", "PASSIVE", true, { completedBy: ["NdisMPauseComplete"] }),
  MiniportRestart: d("MINIPORT_RESTART", "miniport", "PASSIVE", true, {
    completedBy: ["NdisMRestartComplete"],
  }),
  MiniportShutdownEx: d("MINIPORT_SHUTDOWN", "miniport", "PASSIVE", true),
  MiniportReturnNetBufferLists: d("MINIPORT_RETURN_NET_BUFFER_LISTS", "miniport", "<=DISPATCH", true),
  MiniportCancelSend: d("MINIPORT_CANCEL_SEND", "miniport", "<=DISPATCH", true),
  MiniportCoCreateVc: d("MINIPORT_CO_CREATE_VC", "co-miniport", "<=DISPATCH", true, { neverPending: true }),
  MiniportCoDeleteVc: d("MINIPORT_CO_DELETE_VC", "co-miniport", "<=DISPATCH", true, { neverPending: true }),
  MiniportCoActivateVc: d("MINIPORT_CO_ACTIVATE_VC", "co-miniport", "<=DISPATCH", true, {
    completedBy: ["NdisMCoActivateVcComplete"],
  }),
  MiniportCoDeactivateVc: d("MINIPORT_CO_DEACTIVATE_VC", "co-miniport", "<=DISPATCH", true, {
    completedBy: ["NdisMCoDeactivateVcComplete"],
  }),
  MiniportCoSendNetBufferLists: d("MINIPORT_CO_SEND_NET_BUFFER_LISTS", "co-miniport", "<=DISPATCH", true),
  MiniportCoOidRequest: d("MINIPORT_CO_OID_REQUEST", "co-miniport", "<=DISPATCH", true, {
    completedBy: ["NdisMCoOidRequestComplete"],
  }),
} as const satisfies Record<string, HandlerDescriptor>;

/** The name of a handler of the model ("ProtocolCmDeregisterSap"). */
export type HandlerName = keyof typeof HANDLERS;
