/**
 * Function role types, named as in ndis.h. A driver declares each handler with its role type
 * (`const cmDeregisterSap: PROTOCOL_CM_DEREGISTER_SAP = (CallMgrSapContext) => …`), which is the
 * static half of the checking; their annotations as data are in handler-descriptors.ts.
 * Out-parameters of a handler become fields of the object it returns.
 */
import type { CO_CALL_PARAMETERS } from "./call-parameters.ts";
import type { NDIS_OID_REQUEST, NDIS_STATUS_INDICATION, NET_BUFFER_LIST } from "./data-types.ts";
import type { NDIS_HANDLE, NdisHandle } from "./handle.ts";
import type { NDIS_STATUS } from "./status.ts";
import type {
  CO_ADDRESS_FAMILY,
  CO_SAP,
  NDIS_BIND_PARAMETERS,
  NDIS_MINIPORT_INIT_PARAMETERS,
  NET_PNP_EVENT_NOTIFICATION,
} from "./types.ts";

// ---- Driver-wide ----

/** SET_OPTIONS: ProtocolSetOptions / MiniportSetOptions. PASSIVE. */
export type SET_OPTIONS = (
  NdisDriverHandle: NdisHandle<"Protocol"> | NdisHandle<"MiniportDriver">,
  DriverContext: NDIS_HANDLE,
) => NDIS_STATUS;
/** PROTOCOL_SET_OPTIONS. */
export type PROTOCOL_SET_OPTIONS = SET_OPTIONS;
/** MINIPORT_SET_OPTIONS. */
export type MINIPORT_SET_OPTIONS = SET_OPTIONS;

// ---- Protocol binding ----

/** PROTOCOL_BIND_ADAPTER_EX: ProtocolBindAdapterEx. PASSIVE; SUCCESS, PENDING or an error. */
export type PROTOCOL_BIND_ADAPTER_EX = (
  ProtocolDriverContext: NDIS_HANDLE,
  BindContext: NdisHandle<"BindContext">,
  BindParameters: NDIS_BIND_PARAMETERS,
) => NDIS_STATUS;
/** PROTOCOL_UNBIND_ADAPTER_EX: ProtocolUnbindAdapterEx. PASSIVE; SUCCESS or PENDING. */
export type PROTOCOL_UNBIND_ADAPTER_EX = (
  UnbindContext: NdisHandle<"UnbindContext">,
  ProtocolBindingContext: NDIS_HANDLE,
) => NDIS_STATUS;
/** PROTOCOL_OPEN_ADAPTER_COMPLETE_EX: ProtocolOpenAdapterCompleteEx. */
export type PROTOCOL_OPEN_ADAPTER_COMPLETE_EX = (
  ProtocolBindingContext: NDIS_HANDLE,
  Status: NDIS_STATUS,
) => void;
/** PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX: ProtocolCloseAdapterCompleteEx. */
export type PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX = (ProtocolBindingContext: NDIS_HANDLE) => void;
/** PROTOCOL_NET_PNP_EVENT: ProtocolNetPnPEvent. PASSIVE. */
export type PROTOCOL_NET_PNP_EVENT = (
  ProtocolBindingContext: NDIS_HANDLE,
  NetPnPEventNotification: NET_PNP_EVENT_NOTIFICATION,
) => NDIS_STATUS;
/** PROTOCOL_UNINSTALL: ProtocolUninstall. PASSIVE. */
export type PROTOCOL_UNINSTALL = () => void;

// ---- CoNDIS protocol (client and call manager) ----

/** PROTOCOL_CO_AF_REGISTER_NOTIFY: ProtocolCoAfRegisterNotify. PASSIVE. */
export type PROTOCOL_CO_AF_REGISTER_NOTIFY = (
  ProtocolBindingContext: NDIS_HANDLE,
  AddressFamily: CO_ADDRESS_FAMILY,
) => void;
/** PROTOCOL_CO_STATUS_EX: ProtocolCoStatusEx. */
export type PROTOCOL_CO_STATUS_EX = (
  ProtocolBindingContext: NDIS_HANDLE,
  ProtocolVcContext: NDIS_HANDLE,
  StatusIndication: NDIS_STATUS_INDICATION,
) => void;
/** PROTOCOL_CO_RECEIVE_NET_BUFFER_LISTS: ProtocolCoReceiveNetBufferLists. */
export type PROTOCOL_CO_RECEIVE_NET_BUFFER_LISTS = (
  ProtocolBindingContext: NDIS_HANDLE,
  ProtocolVcContext: NDIS_HANDLE,
  NetBufferLists: NET_BUFFER_LIST,
  NumberOfNetBufferLists: number,
  ReceiveFlags: number,
) => void;
/** PROTOCOL_CO_SEND_NET_BUFFER_LISTS_COMPLETE: ProtocolCoSendNetBufferListsComplete. */
export type PROTOCOL_CO_SEND_NET_BUFFER_LISTS_COMPLETE = (
  ProtocolVcContext: NDIS_HANDLE,
  NetBufferLists: NET_BUFFER_LIST,
  SendCompleteFlags: number,
) => void;
/** PROTOCOL_CO_CREATE_VC: ProtocolCoCreateVc. Never PENDING. */
export type PROTOCOL_CO_CREATE_VC = (
  ProtocolAfContext: NDIS_HANDLE,
  NdisVcHandle: NdisHandle<"Vc">,
) => { status: NDIS_STATUS; ProtocolVcContext?: NDIS_HANDLE };
/** PROTOCOL_CO_DELETE_VC: ProtocolCoDeleteVc. Never PENDING. */
export type PROTOCOL_CO_DELETE_VC = (ProtocolVcContext: NDIS_HANDLE) => NDIS_STATUS;
/** PROTOCOL_CO_OID_REQUEST: ProtocolCoOidRequest. */
export type PROTOCOL_CO_OID_REQUEST = (
  ProtocolAfContext: NDIS_HANDLE,
  ProtocolVcContext: NDIS_HANDLE,
  ProtocolPartyContext: NDIS_HANDLE,
  OidRequest: NDIS_OID_REQUEST,
) => NDIS_STATUS;
/** PROTOCOL_CO_OID_REQUEST_COMPLETE: ProtocolCoOidRequestComplete. */
export type PROTOCOL_CO_OID_REQUEST_COMPLETE = (
  ProtocolAfContext: NDIS_HANDLE,
  ProtocolVcContext: NDIS_HANDLE,
  ProtocolPartyContext: NDIS_HANDLE,
  OidRequest: NDIS_OID_REQUEST,
  Status: NDIS_STATUS,
) => void;

// ---- Call manager ----

/** PROTOCOL_CM_OPEN_AF: ProtocolCmOpenAf. */
export type PROTOCOL_CM_OPEN_AF = (
  CallMgrBindingContext: NDIS_HANDLE,
  AddressFamily: CO_ADDRESS_FAMILY,
  NdisAfHandle: NdisHandle<"Af">,
) => { status: NDIS_STATUS; CallMgrAfContext?: NDIS_HANDLE };
/** PROTOCOL_CM_CLOSE_AF: ProtocolCmCloseAf. SUCCESS, PENDING or NOT_ACCEPTED. */
export type PROTOCOL_CM_CLOSE_AF = (CallMgrAfContext: NDIS_HANDLE) => NDIS_STATUS;
/** PROTOCOL_CM_REG_SAP: ProtocolCmRegisterSap. */
export type PROTOCOL_CM_REG_SAP = (
  CallMgrAfContext: NDIS_HANDLE,
  Sap: CO_SAP,
  NdisSapHandle: NdisHandle<"Sap">,
) => { status: NDIS_STATUS; CallMgrSapContext?: NDIS_HANDLE };
/** PROTOCOL_CM_DEREGISTER_SAP: ProtocolCmDeregisterSap. SUCCESS or PENDING. */
export type PROTOCOL_CM_DEREGISTER_SAP = (CallMgrSapContext: NDIS_HANDLE) => NDIS_STATUS;
/** PROTOCOL_CM_MAKE_CALL: ProtocolCmMakeCall. */
export type PROTOCOL_CM_MAKE_CALL = (
  CallMgrVcContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
  NdisPartyHandle: NdisHandle<"Party"> | null,
) => { status: NDIS_STATUS; CallMgrPartyContext?: NDIS_HANDLE };
/** PROTOCOL_CM_CLOSE_CALL: ProtocolCmCloseCall. */
export type PROTOCOL_CM_CLOSE_CALL = (
  CallMgrVcContext: NDIS_HANDLE,
  CallMgrPartyContext: NDIS_HANDLE,
  CloseData: Uint8Array | null,
  Size: number,
) => NDIS_STATUS;
/** PROTOCOL_CM_INCOMING_CALL_COMPLETE: ProtocolCmIncomingCallComplete. */
export type PROTOCOL_CM_INCOMING_CALL_COMPLETE = (
  Status: NDIS_STATUS,
  CallMgrVcContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
) => void;
/** PROTOCOL_CM_ADD_PARTY: ProtocolCmAddParty. */
export type PROTOCOL_CM_ADD_PARTY = (
  CallMgrVcContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
  NdisPartyHandle: NdisHandle<"Party">,
) => { status: NDIS_STATUS; CallMgrPartyContext?: NDIS_HANDLE };
/** PROTOCOL_CM_DROP_PARTY: ProtocolCmDropParty. */
export type PROTOCOL_CM_DROP_PARTY = (
  CallMgrPartyContext: NDIS_HANDLE,
  CloseData: Uint8Array | null,
  Size: number,
) => NDIS_STATUS;
/** PROTOCOL_CM_ACTIVATE_VC_COMPLETE: ProtocolCmActivateVcComplete. */
export type PROTOCOL_CM_ACTIVATE_VC_COMPLETE = (
  Status: NDIS_STATUS,
  CallMgrVcContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
) => void;
/** PROTOCOL_CM_DEACTIVATE_VC_COMPLETE: ProtocolCmDeactivateVcComplete. */
export type PROTOCOL_CM_DEACTIVATE_VC_COMPLETE = (Status: NDIS_STATUS, CallMgrVcContext: NDIS_HANDLE) => void;
/** PROTOCOL_CM_MODIFY_QOS_CALL: ProtocolCmModifyCallQoS (the one role type not named after its handler). */
export type PROTOCOL_CM_MODIFY_QOS_CALL = (
  CallMgrVcContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
) => NDIS_STATUS;
/** PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE: ProtocolCmNotifyCloseAfComplete. */
export type PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE = (
  CallMgrAfContext: NDIS_HANDLE,
  Status: NDIS_STATUS,
) => void;

// ---- Client ----

/** PROTOCOL_CL_OPEN_AF_COMPLETE_EX: ProtocolClOpenAfCompleteEx. PASSIVE. */
export type PROTOCOL_CL_OPEN_AF_COMPLETE_EX = (
  ProtocolAfContext: NDIS_HANDLE,
  NdisAfHandle: NdisHandle<"Af"> | null,
  Status: NDIS_STATUS,
) => void;
/** PROTOCOL_CL_CLOSE_AF_COMPLETE: ProtocolClCloseAfComplete. */
export type PROTOCOL_CL_CLOSE_AF_COMPLETE = (Status: NDIS_STATUS, ProtocolAfContext: NDIS_HANDLE) => void;
/** PROTOCOL_CL_REGISTER_SAP_COMPLETE: ProtocolClRegisterSapComplete. */
export type PROTOCOL_CL_REGISTER_SAP_COMPLETE = (
  Status: NDIS_STATUS,
  ProtocolSapContext: NDIS_HANDLE,
  Sap: CO_SAP,
  NdisSapHandle: NdisHandle<"Sap"> | null,
) => void;
/** PROTOCOL_CL_DEREGISTER_SAP_COMPLETE: ProtocolClDeregisterSapComplete. */
export type PROTOCOL_CL_DEREGISTER_SAP_COMPLETE = (
  Status: NDIS_STATUS,
  ProtocolSapContext: NDIS_HANDLE,
) => void;
/** PROTOCOL_CL_MAKE_CALL_COMPLETE: ProtocolClMakeCallComplete. */
export type PROTOCOL_CL_MAKE_CALL_COMPLETE = (
  Status: NDIS_STATUS,
  ProtocolVcContext: NDIS_HANDLE,
  NdisPartyHandle: NdisHandle<"Party"> | null,
  CallParameters: CO_CALL_PARAMETERS,
) => void;
/** PROTOCOL_CL_MODIFY_CALL_QOS_COMPLETE: ProtocolClModifyCallQoSComplete. */
export type PROTOCOL_CL_MODIFY_CALL_QOS_COMPLETE = (
  Status: NDIS_STATUS,
  ProtocolVcContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
) => void;
/** PROTOCOL_CL_CLOSE_CALL_COMPLETE: ProtocolClCloseCallComplete. */
export type PROTOCOL_CL_CLOSE_CALL_COMPLETE = (
  Status: NDIS_STATUS,
  ProtocolVcContext: NDIS_HANDLE,
  ProtocolPartyContext: NDIS_HANDLE,
) => void;
/** PROTOCOL_CL_ADD_PARTY_COMPLETE: ProtocolClAddPartyComplete. */
export type PROTOCOL_CL_ADD_PARTY_COMPLETE = (
  Status: NDIS_STATUS,
  ProtocolPartyContext: NDIS_HANDLE,
  NdisPartyHandle: NdisHandle<"Party"> | null,
  CallParameters: CO_CALL_PARAMETERS,
) => void;
/** PROTOCOL_CL_DROP_PARTY_COMPLETE: ProtocolClDropPartyComplete. */
export type PROTOCOL_CL_DROP_PARTY_COMPLETE = (
  Status: NDIS_STATUS,
  ProtocolPartyContext: NDIS_HANDLE,
) => void;
/** PROTOCOL_CL_INCOMING_CALL: ProtocolClIncomingCall. SUCCESS accepts, PENDING answers later, anything else rejects. */
export type PROTOCOL_CL_INCOMING_CALL = (
  ProtocolSapContext: NDIS_HANDLE,
  ProtocolVcContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
) => NDIS_STATUS;
/** PROTOCOL_CL_INCOMING_CALL_QOS_CHANGE: ProtocolClIncomingCallQoSChange. */
export type PROTOCOL_CL_INCOMING_CALL_QOS_CHANGE = (
  ProtocolVcContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
) => void;
/** PROTOCOL_CL_INCOMING_CLOSE_CALL: ProtocolClIncomingCloseCall. */
export type PROTOCOL_CL_INCOMING_CLOSE_CALL = (
  CloseStatus: NDIS_STATUS,
  ProtocolVcContext: NDIS_HANDLE,
  CloseData: Uint8Array | null,
  Size: number,
) => void;
/** PROTOCOL_CL_INCOMING_DROP_PARTY: ProtocolClIncomingDropParty. */
export type PROTOCOL_CL_INCOMING_DROP_PARTY = (
  DropStatus: NDIS_STATUS,
  ProtocolPartyContext: NDIS_HANDLE,
  CloseData: Uint8Array | null,
  Size: number,
) => void;
/** PROTOCOL_CL_CALL_CONNECTED: ProtocolClCallConnected. */
export type PROTOCOL_CL_CALL_CONNECTED = (ProtocolVcContext: NDIS_HANDLE) => void;
/** PROTOCOL_CL_NOTIFY_CLOSE_AF: ProtocolClNotifyCloseAf. SUCCESS, PENDING or an error. */
export type PROTOCOL_CL_NOTIFY_CLOSE_AF = (ClientAfContext: NDIS_HANDLE) => NDIS_STATUS;

// ---- Miniport ----

/** MINIPORT_INITIALIZE: MiniportInitializeEx. PASSIVE. */
export type MINIPORT_INITIALIZE = (
  NdisMiniportHandle: NdisHandle<"Miniport">,
  MiniportDriverContext: NDIS_HANDLE,
  MiniportInitParameters: NDIS_MINIPORT_INIT_PARAMETERS,
) => NDIS_STATUS;
/** MINIPORT_HALT: MiniportHaltEx. PASSIVE. */
export type MINIPORT_HALT = (MiniportAdapterContext: NDIS_HANDLE, HaltAction: number) => void;
/** MINIPORT_UNLOAD: MiniportDriverUnload. PASSIVE. */
export type MINIPORT_UNLOAD = (DriverObject: unknown) => void;
/** MINIPORT_PAUSE: MiniportPause. PASSIVE; SUCCESS or PENDING (NdisMPauseComplete). */
export type MINIPORT_PAUSE = (MiniportAdapterContext: NDIS_HANDLE, PauseParameters: unknown) => NDIS_STATUS;
/** MINIPORT_RESTART: MiniportRestart. PASSIVE; SUCCESS, PENDING (NdisMRestartComplete) or an error. */
export type MINIPORT_RESTART = (
  MiniportAdapterContext: NDIS_HANDLE,
  RestartParameters: unknown,
) => NDIS_STATUS;
/** MINIPORT_SHUTDOWN: MiniportShutdownEx. */
export type MINIPORT_SHUTDOWN = (MiniportAdapterContext: NDIS_HANDLE, ShutdownAction: number) => void;
/** MINIPORT_RETURN_NET_BUFFER_LISTS: MiniportReturnNetBufferLists. */
export type MINIPORT_RETURN_NET_BUFFER_LISTS = (
  MiniportAdapterContext: NDIS_HANDLE,
  NetBufferLists: NET_BUFFER_LIST,
  ReturnFlags: number,
) => void;
/** MINIPORT_CANCEL_SEND: MiniportCancelSend. */
export type MINIPORT_CANCEL_SEND = (MiniportAdapterContext: NDIS_HANDLE, CancelId: unknown) => void;
/** MINIPORT_CO_CREATE_VC: MiniportCoCreateVc. Never PENDING. */
export type MINIPORT_CO_CREATE_VC = (
  MiniportAdapterContext: NDIS_HANDLE,
  NdisVcHandle: NdisHandle<"Vc">,
) => { status: NDIS_STATUS; MiniportVcContext?: NDIS_HANDLE };
/** MINIPORT_CO_DELETE_VC: MiniportCoDeleteVc. */
export type MINIPORT_CO_DELETE_VC = (MiniportVcContext: NDIS_HANDLE) => NDIS_STATUS;
/** MINIPORT_CO_ACTIVATE_VC: MiniportCoActivateVc. */
export type MINIPORT_CO_ACTIVATE_VC = (
  MiniportVcContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
) => NDIS_STATUS;
/** MINIPORT_CO_DEACTIVATE_VC: MiniportCoDeactivateVc. */
export type MINIPORT_CO_DEACTIVATE_VC = (MiniportVcContext: NDIS_HANDLE) => NDIS_STATUS;
/** MINIPORT_CO_SEND_NET_BUFFER_LISTS: MiniportCoSendNetBufferLists. */
export type MINIPORT_CO_SEND_NET_BUFFER_LISTS = (
  MiniportVcContext: NDIS_HANDLE,
  NetBufferLists: NET_BUFFER_LIST,
  SendFlags: number,
) => void;
/** MINIPORT_CO_OID_REQUEST: MiniportCoOidRequest. */
export type MINIPORT_CO_OID_REQUEST = (
  MiniportAdapterContext: NDIS_HANDLE,
  MiniportVcContext: NDIS_HANDLE,
  NdisRequest: NDIS_OID_REQUEST,
) => NDIS_STATUS;
