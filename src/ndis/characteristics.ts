/**
 * Characteristics structures, field for field as in ndis.h. Where ndis.h requires an entry, the
 * field is required here, so a missing handler is a compile error; registration checks the same
 * at run time for JavaScript callers.
 */
import type * as R from "./role-types.ts";
import type { NDIS_OBJECT_HEADER } from "./types.ts";

/** NDIS_PROTOCOL_DRIVER_CHARACTERISTICS. */
export interface NDIS_PROTOCOL_DRIVER_CHARACTERISTICS {
  readonly Header: NDIS_OBJECT_HEADER;
  readonly MajorNdisVersion: number;
  readonly MinorNdisVersion: number;
  readonly MajorDriverVersion?: number;
  readonly MinorDriverVersion?: number;
  readonly Flags?: number;
  readonly Name: string;
  readonly SetOptionsHandler?: R.PROTOCOL_SET_OPTIONS;
  readonly BindAdapterHandlerEx: R.PROTOCOL_BIND_ADAPTER_EX;
  readonly UnbindAdapterHandlerEx: R.PROTOCOL_UNBIND_ADAPTER_EX;
  readonly OpenAdapterCompleteHandlerEx: R.PROTOCOL_OPEN_ADAPTER_COMPLETE_EX;
  readonly CloseAdapterCompleteHandlerEx: R.PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX;
  readonly NetPnPEventHandler: R.PROTOCOL_NET_PNP_EVENT;
  readonly UninstallHandler?: R.PROTOCOL_UNINSTALL;
}

/** NDIS_PROTOCOL_CO_CHARACTERISTICS: the CoNDIS half of a client or call manager. */
export interface NDIS_PROTOCOL_CO_CHARACTERISTICS {
  readonly Header: NDIS_OBJECT_HEADER;
  readonly Flags?: number;
  readonly CoStatusHandlerEx: R.PROTOCOL_CO_STATUS_EX;
  readonly CoAfRegisterNotifyHandler: R.PROTOCOL_CO_AF_REGISTER_NOTIFY;
  readonly CoReceiveNetBufferListsHandler: R.PROTOCOL_CO_RECEIVE_NET_BUFFER_LISTS;
  readonly CoSendNetBufferListsCompleteHandler: R.PROTOCOL_CO_SEND_NET_BUFFER_LISTS_COMPLETE;
}

/** NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS: every entry must be non-NULL (stubs return NOT_SUPPORTED). */
export interface NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS {
  readonly Header: NDIS_OBJECT_HEADER;
  readonly Reserved?: number;
  readonly CmCreateVcHandler: R.PROTOCOL_CO_CREATE_VC;
  readonly CmDeleteVcHandler: R.PROTOCOL_CO_DELETE_VC;
  readonly CmOpenAfHandler: R.PROTOCOL_CM_OPEN_AF;
  readonly CmCloseAfHandler: R.PROTOCOL_CM_CLOSE_AF;
  readonly CmRegisterSapHandler: R.PROTOCOL_CM_REG_SAP;
  readonly CmDeregisterSapHandler: R.PROTOCOL_CM_DEREGISTER_SAP;
  readonly CmMakeCallHandler: R.PROTOCOL_CM_MAKE_CALL;
  readonly CmCloseCallHandler: R.PROTOCOL_CM_CLOSE_CALL;
  readonly CmIncomingCallCompleteHandler: R.PROTOCOL_CM_INCOMING_CALL_COMPLETE;
  readonly CmAddPartyHandler: R.PROTOCOL_CM_ADD_PARTY;
  readonly CmDropPartyHandler: R.PROTOCOL_CM_DROP_PARTY;
  readonly CmActivateVcCompleteHandler: R.PROTOCOL_CM_ACTIVATE_VC_COMPLETE;
  readonly CmDeactivateVcCompleteHandler: R.PROTOCOL_CM_DEACTIVATE_VC_COMPLETE;
  readonly CmModifyCallQoSHandler: R.PROTOCOL_CM_MODIFY_QOS_CALL;
  readonly CmOidRequestHandler: R.PROTOCOL_CO_OID_REQUEST;
  readonly CmOidRequestCompleteHandler: R.PROTOCOL_CO_OID_REQUEST_COMPLETE;
  readonly CmNotifyCloseAfCompleteHandler: R.PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE;
}

/** NDIS_CO_CLIENT_OPTIONAL_HANDLERS: every entry must be non-NULL (stubs return NOT_SUPPORTED). */
export interface NDIS_CO_CLIENT_OPTIONAL_HANDLERS {
  readonly Header: NDIS_OBJECT_HEADER;
  readonly Reserved?: number;
  readonly ClCreateVcHandler: R.PROTOCOL_CO_CREATE_VC;
  readonly ClDeleteVcHandler: R.PROTOCOL_CO_DELETE_VC;
  readonly ClOidRequestHandler: R.PROTOCOL_CO_OID_REQUEST;
  readonly ClOidRequestCompleteHandler: R.PROTOCOL_CO_OID_REQUEST_COMPLETE;
  readonly ClOpenAfCompleteHandlerEx: R.PROTOCOL_CL_OPEN_AF_COMPLETE_EX;
  readonly ClCloseAfCompleteHandler: R.PROTOCOL_CL_CLOSE_AF_COMPLETE;
  readonly ClRegisterSapCompleteHandler: R.PROTOCOL_CL_REGISTER_SAP_COMPLETE;
  readonly ClDeregisterSapCompleteHandler: R.PROTOCOL_CL_DEREGISTER_SAP_COMPLETE;
  readonly ClMakeCallCompleteHandler: R.PROTOCOL_CL_MAKE_CALL_COMPLETE;
  readonly ClModifyCallQoSCompleteHandler: R.PROTOCOL_CL_MODIFY_CALL_QOS_COMPLETE;
  readonly ClCloseCallCompleteHandler: R.PROTOCOL_CL_CLOSE_CALL_COMPLETE;
  readonly ClAddPartyCompleteHandler: R.PROTOCOL_CL_ADD_PARTY_COMPLETE;
  readonly ClDropPartyCompleteHandler: R.PROTOCOL_CL_DROP_PARTY_COMPLETE;
  readonly ClIncomingCallHandler: R.PROTOCOL_CL_INCOMING_CALL;
  readonly ClIncomingCallQoSChangeHandler: R.PROTOCOL_CL_INCOMING_CALL_QOS_CHANGE;
  readonly ClIncomingCloseCallHandler: R.PROTOCOL_CL_INCOMING_CLOSE_CALL;
  readonly ClIncomingDropPartyHandler: R.PROTOCOL_CL_INCOMING_DROP_PARTY;
  readonly ClCallConnectedHandler: R.PROTOCOL_CL_CALL_CONNECTED;
  readonly ClNotifyCloseAfHandler: R.PROTOCOL_CL_NOTIFY_CLOSE_AF;
}

/**
 * NDIS_MINIPORT_DRIVER_CHARACTERISTICS: the entries a CoNDIS miniport of the model uses, in the
 * order of the structure's page. The page's other entries (OidRequestHandler,
 * SendNetBufferListsHandler, CheckForHangHandlerEx, ResetHandlerEx, DevicePnPEventNotifyHandler,
 * CancelOidRequestHandler and the direct-OID handlers) are not modelled.
 */
export interface NDIS_MINIPORT_DRIVER_CHARACTERISTICS {
  readonly Header: NDIS_OBJECT_HEADER;
  readonly MajorNdisVersion: number;
  readonly MinorNdisVersion: number;
  readonly MajorDriverVersion?: number;
  readonly MinorDriverVersion?: number;
  readonly Flags?: number;
  readonly SetOptionsHandler?: R.MINIPORT_SET_OPTIONS;
  readonly InitializeHandlerEx: R.MINIPORT_INITIALIZE;
  readonly HaltHandlerEx: R.MINIPORT_HALT;
  readonly UnloadHandler: R.MINIPORT_UNLOAD;
  readonly PauseHandler: R.MINIPORT_PAUSE;
  readonly RestartHandler: R.MINIPORT_RESTART;
  readonly ReturnNetBufferListsHandler: R.MINIPORT_RETURN_NET_BUFFER_LISTS;
  readonly CancelSendHandler: R.MINIPORT_CANCEL_SEND;
  readonly ShutdownHandlerEx: R.MINIPORT_SHUTDOWN;
}

/** NDIS_MINIPORT_CO_CHARACTERISTICS. CoCreateVc/CoDeleteVc are NULL for an MCM. */
export interface NDIS_MINIPORT_CO_CHARACTERISTICS {
  readonly Header: NDIS_OBJECT_HEADER;
  readonly Flags?: number;
  readonly CoCreateVcHandler: R.MINIPORT_CO_CREATE_VC | null;
  readonly CoDeleteVcHandler: R.MINIPORT_CO_DELETE_VC | null;
  readonly CoActivateVcHandler: R.MINIPORT_CO_ACTIVATE_VC;
  readonly CoDeactivateVcHandler: R.MINIPORT_CO_DEACTIVATE_VC;
  readonly CoSendNetBufferListsHandler: R.MINIPORT_CO_SEND_NET_BUFFER_LISTS;
  readonly CoOidRequestHandler: R.MINIPORT_CO_OID_REQUEST;
}

/** What NdisSetOptionalHandlers accepts, told apart by Header.Type. */
export type NDIS_DRIVER_OPTIONAL_HANDLERS =
  | NDIS_PROTOCOL_CO_CHARACTERISTICS
  | NDIS_MINIPORT_CO_CHARACTERISTICS
  | NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS
  | NDIS_CO_CLIENT_OPTIONAL_HANDLERS;

/** The required handler fields of each structure, for the run-time check. */
export const REQUIRED_FIELDS = {
  NDIS_PROTOCOL_DRIVER_CHARACTERISTICS: [
    "BindAdapterHandlerEx",
    "UnbindAdapterHandlerEx",
    "OpenAdapterCompleteHandlerEx",
    "CloseAdapterCompleteHandlerEx",
    "NetPnPEventHandler",
  ],
  NDIS_PROTOCOL_CO_CHARACTERISTICS: [
    "CoStatusHandlerEx",
    "CoAfRegisterNotifyHandler",
    "CoReceiveNetBufferListsHandler",
    "CoSendNetBufferListsCompleteHandler",
  ],
  NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS: [
    "CmCreateVcHandler",
    "CmDeleteVcHandler",
    "CmOpenAfHandler",
    "CmCloseAfHandler",
    "CmRegisterSapHandler",
    "CmDeregisterSapHandler",
    "CmMakeCallHandler",
    "CmCloseCallHandler",
    "CmIncomingCallCompleteHandler",
    "CmAddPartyHandler",
    "CmDropPartyHandler",
    "CmActivateVcCompleteHandler",
    "CmDeactivateVcCompleteHandler",
    "CmModifyCallQoSHandler",
    "CmOidRequestHandler",
    "CmOidRequestCompleteHandler",
    "CmNotifyCloseAfCompleteHandler",
  ],
  NDIS_CO_CLIENT_OPTIONAL_HANDLERS: [
    "ClCreateVcHandler",
    "ClDeleteVcHandler",
    "ClOidRequestHandler",
    "ClOidRequestCompleteHandler",
    "ClOpenAfCompleteHandlerEx",
    "ClCloseAfCompleteHandler",
    "ClRegisterSapCompleteHandler",
    "ClDeregisterSapCompleteHandler",
    "ClMakeCallCompleteHandler",
    "ClModifyCallQoSCompleteHandler",
    "ClCloseCallCompleteHandler",
    "ClAddPartyCompleteHandler",
    "ClDropPartyCompleteHandler",
    "ClIncomingCallHandler",
    "ClIncomingCallQoSChangeHandler",
    "ClIncomingCloseCallHandler",
    "ClIncomingDropPartyHandler",
    "ClCallConnectedHandler",
    "ClNotifyCloseAfHandler",
  ],
  NDIS_MINIPORT_DRIVER_CHARACTERISTICS: [
    "InitializeHandlerEx",
    "HaltHandlerEx",
    "UnloadHandler",
    "PauseHandler",
    "RestartHandler",
    "ReturnNetBufferListsHandler",
    "CancelSendHandler",
    "ShutdownHandlerEx",
  ],
  NDIS_MINIPORT_CO_CHARACTERISTICS: [
    "CoActivateVcHandler",
    "CoDeactivateVcHandler",
    "CoSendNetBufferListsHandler",
    "CoOidRequestHandler",
  ],
} as const satisfies Record<string, readonly string[]>;

/** The names of the required fields that `table` lacks (not a function). */
export function missingHandlers(table: object, required: readonly string[]): string[] {
  const record = table as Record<string, unknown>;
  return required.filter((field) => typeof record[field] !== "function");
}
