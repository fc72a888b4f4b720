/**
 * `condis/testing`: handler tables for tests, one stub per entry, so a test driver writes only the
 * handlers it exercises. A stub that returns a status returns NDIS_STATUS_NOT_SUPPORTED (what the
 * optional-handlers pages prescribe for an entry a driver does not serve; an incoming call gets
 * NDIS_STATUS_NOT_ACCEPTED); a stub that returns nothing does nothing. Pass overrides to replace any.
 */
import {
  type NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
  type NDIS_CO_CLIENT_OPTIONAL_HANDLERS,
  type NDIS_MINIPORT_CO_CHARACTERISTICS,
  NDIS_OBJECT_TYPE,
  type NDIS_PROTOCOL_CO_CHARACTERISTICS,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_NOT_SUPPORTED,
} from "../ndis/index.ts";
import {
  NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1,
  NDIS_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1,
  NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1,
  NDIS_PROTOCOL_CO_CHARACTERISTICS_REVISION_1,
} from "./revisions.ts";

/** The handler fields of a structure, any of which a test may replace. */
export type HandlerOverrides<T> = Partial<Omit<T, "Header" | "Reserved" | "Flags">>;

const unsupported = () => NDIS_STATUS_NOT_SUPPORTED;
const unsupportedWithContext = () => ({ status: NDIS_STATUS_NOT_SUPPORTED });
const nothing = () => {};

/** NDIS_PROTOCOL_CO_CHARACTERISTICS for a client or call manager: every entry a stub. */
export function protocolCoStubs(
  overrides: HandlerOverrides<NDIS_PROTOCOL_CO_CHARACTERISTICS> = {},
): NDIS_PROTOCOL_CO_CHARACTERISTICS {
  return {
    Header: {
      Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS,
      Revision: NDIS_PROTOCOL_CO_CHARACTERISTICS_REVISION_1,
    },
    CoStatusHandlerEx: nothing,
    CoAfRegisterNotifyHandler: nothing,
    CoReceiveNetBufferListsHandler: nothing,
    CoSendNetBufferListsCompleteHandler: nothing,
    ...overrides,
  };
}

/** NDIS_CO_CLIENT_OPTIONAL_HANDLERS: every entry a stub (an incoming call is not accepted). */
export function clientStubs(
  overrides: HandlerOverrides<NDIS_CO_CLIENT_OPTIONAL_HANDLERS> = {},
): NDIS_CO_CLIENT_OPTIONAL_HANDLERS {
  return {
    Header: {
      Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS,
      Revision: NDIS_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1,
    },
    ClCreateVcHandler: unsupportedWithContext,
    ClDeleteVcHandler: unsupported,
    ClOidRequestHandler: unsupported,
    ClOidRequestCompleteHandler: nothing,
    ClOpenAfCompleteHandlerEx: nothing,
    ClCloseAfCompleteHandler: nothing,
    ClRegisterSapCompleteHandler: nothing,
    ClDeregisterSapCompleteHandler: nothing,
    ClMakeCallCompleteHandler: nothing,
    ClModifyCallQoSCompleteHandler: nothing,
    ClCloseCallCompleteHandler: nothing,
    ClAddPartyCompleteHandler: nothing,
    ClDropPartyCompleteHandler: nothing,
    ClIncomingCallHandler: () => NDIS_STATUS_NOT_ACCEPTED,
    ClIncomingCallQoSChangeHandler: nothing,
    ClIncomingCloseCallHandler: nothing,
    ClIncomingDropPartyHandler: nothing,
    ClCallConnectedHandler: nothing,
    ClNotifyCloseAfHandler: unsupported,
    ...overrides,
  };
}

/** NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS: every entry a stub. */
export function callManagerStubs(
  overrides: HandlerOverrides<NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS> = {},
): NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS {
  return {
    Header: {
      Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
      Revision: NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1,
    },
    CmCreateVcHandler: unsupportedWithContext,
    CmDeleteVcHandler: unsupported,
    CmOpenAfHandler: unsupportedWithContext,
    CmCloseAfHandler: unsupported,
    CmRegisterSapHandler: unsupportedWithContext,
    CmDeregisterSapHandler: unsupported,
    CmMakeCallHandler: unsupportedWithContext,
    CmCloseCallHandler: unsupported,
    CmIncomingCallCompleteHandler: nothing,
    CmAddPartyHandler: unsupportedWithContext,
    CmDropPartyHandler: unsupported,
    CmActivateVcCompleteHandler: nothing,
    CmDeactivateVcCompleteHandler: nothing,
    CmModifyCallQoSHandler: unsupported,
    CmOidRequestHandler: unsupported,
    CmOidRequestCompleteHandler: nothing,
    CmNotifyCloseAfCompleteHandler: nothing,
    ...overrides,
  };
}

/** NDIS_MINIPORT_CO_CHARACTERISTICS: every entry a stub. */
export function miniportCoStubs(
  overrides: HandlerOverrides<NDIS_MINIPORT_CO_CHARACTERISTICS> = {},
): NDIS_MINIPORT_CO_CHARACTERISTICS {
  return {
    Header: {
      Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS,
      Revision: NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1,
    },
    CoCreateVcHandler: unsupportedWithContext,
    CoDeleteVcHandler: unsupported,
    CoActivateVcHandler: unsupported,
    CoDeactivateVcHandler: unsupported,
    CoSendNetBufferListsHandler: nothing,
    CoOidRequestHandler: unsupported,
    ...overrides,
  };
}
