/** Handler stubs for the entries a test driver does not exercise (every entry must be non-NULL). */
import {
  type NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
  type NDIS_CO_CLIENT_OPTIONAL_HANDLERS,
  type NDIS_MINIPORT_CO_CHARACTERISTICS,
  NDIS_OBJECT_TYPE,
  type NDIS_PROTOCOL_CO_CHARACTERISTICS,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_SUCCESS,
} from "../../../src/ndis/index.ts";
import type { DriverHooks } from "./hooks.ts";

const notSupported = () => NDIS_STATUS_NOT_SUPPORTED;
const nothing = () => {};
const notSupportedWithContext = () => ({ status: NDIS_STATUS_NOT_SUPPORTED });

/** NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS whose VC, call and party entries are stubs. */
export function cmStubs(): Omit<
  NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
  | "CmOpenAfHandler"
  | "CmCloseAfHandler"
  | "CmRegisterSapHandler"
  | "CmDeregisterSapHandler"
  | "CmNotifyCloseAfCompleteHandler"
> {
  return {
    Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS, Revision: 1 },
    CmCreateVcHandler: () => ({ status: NDIS_STATUS_SUCCESS, ProtocolVcContext: null }),
    CmDeleteVcHandler: () => NDIS_STATUS_SUCCESS,
    CmMakeCallHandler: notSupportedWithContext,
    CmCloseCallHandler: notSupported,
    CmIncomingCallCompleteHandler: nothing,
    CmAddPartyHandler: notSupportedWithContext,
    CmDropPartyHandler: notSupported,
    CmActivateVcCompleteHandler: nothing,
    CmDeactivateVcCompleteHandler: nothing,
    CmModifyCallQoSHandler: notSupported,
    CmOidRequestHandler: notSupported,
    CmOidRequestCompleteHandler: nothing,
  };
}

/** NDIS_CO_CLIENT_OPTIONAL_HANDLERS whose VC, call and party entries are stubs. */
export function clientStubs(): Omit<
  NDIS_CO_CLIENT_OPTIONAL_HANDLERS,
  | "ClOpenAfCompleteHandlerEx"
  | "ClCloseAfCompleteHandler"
  | "ClRegisterSapCompleteHandler"
  | "ClDeregisterSapCompleteHandler"
  | "ClNotifyCloseAfHandler"
  | "ClIncomingCallHandler"
> {
  return {
    Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS, Revision: 1 },
    ClCreateVcHandler: () => ({ status: NDIS_STATUS_SUCCESS, ProtocolVcContext: null }),
    ClDeleteVcHandler: () => NDIS_STATUS_SUCCESS,
    ClOidRequestHandler: notSupported,
    ClOidRequestCompleteHandler: nothing,
    ClMakeCallCompleteHandler: nothing,
    ClModifyCallQoSCompleteHandler: nothing,
    ClCloseCallCompleteHandler: nothing,
    ClAddPartyCompleteHandler: nothing,
    ClDropPartyCompleteHandler: nothing,
    ClIncomingCallQoSChangeHandler: nothing,
    ClIncomingCloseCallHandler: nothing,
    ClIncomingDropPartyHandler: nothing,
    ClCallConnectedHandler: nothing,
  };
}

/** NDIS_PROTOCOL_CO_CHARACTERISTICS with the given AF notify handler; data-path handlers from `hooks`. */
export function protocolCo(
  CoAfRegisterNotifyHandler: NDIS_PROTOCOL_CO_CHARACTERISTICS["CoAfRegisterNotifyHandler"],
  hooks?: Pick<DriverHooks, "receive" | "sendComplete" | "status">,
): NDIS_PROTOCOL_CO_CHARACTERISTICS {
  return {
    Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS, Revision: 1 },
    CoStatusHandlerEx: hooks === undefined ? nothing : (a, b, c) => hooks.status(a, b, c),
    CoAfRegisterNotifyHandler,
    CoReceiveNetBufferListsHandler:
      hooks === undefined ? nothing : (a, b, c, d, e) => hooks.receive(a, b, c, d, e),
    CoSendNetBufferListsCompleteHandler:
      hooks === undefined ? nothing : (a, b, c) => hooks.sendComplete(a, b, c),
  };
}

/** NDIS_MINIPORT_CO_CHARACTERISTICS of a miniport that accepts every VC and drops every send. */
export function miniportCo(mcm: boolean): NDIS_MINIPORT_CO_CHARACTERISTICS {
  return {
    Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS, Revision: 1 },
    CoCreateVcHandler: mcm ? null : () => ({ status: NDIS_STATUS_SUCCESS, MiniportVcContext: null }),
    CoDeleteVcHandler: mcm ? null : () => NDIS_STATUS_SUCCESS,
    CoActivateVcHandler: () => NDIS_STATUS_SUCCESS,
    CoDeactivateVcHandler: () => NDIS_STATUS_SUCCESS,
    CoSendNetBufferListsHandler: nothing,
    CoOidRequestHandler: notSupported,
  };
}
