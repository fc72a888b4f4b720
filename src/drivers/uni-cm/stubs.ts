/** Call-manager entries the UNI call manager does not serve yet (calls and parties arrive with calls). */
import {
  type NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
  NDIS_OBJECT_TYPE,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_SUCCESS,
} from "../../ndis/index.ts";

/** The call, party, QoS and OID entries: NOT_SUPPORTED stubs, as the structure's page prescribes. */
export function callStubs(): Pick<
  NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
  | "Header"
  | "CmMakeCallHandler"
  | "CmCloseCallHandler"
  | "CmIncomingCallCompleteHandler"
  | "CmAddPartyHandler"
  | "CmDropPartyHandler"
  | "CmModifyCallQoSHandler"
  | "CmOidRequestHandler"
  | "CmOidRequestCompleteHandler"
  | "CmCreateVcHandler"
  | "CmDeleteVcHandler"
> {
  return {
    Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS, Revision: 1 },
    CmCreateVcHandler: (_af, NdisVcHandle) => ({
      status: NDIS_STATUS_SUCCESS,
      ProtocolVcContext: { NdisVcHandle },
    }),
    CmDeleteVcHandler: () => NDIS_STATUS_SUCCESS,
    CmMakeCallHandler: () => ({ status: NDIS_STATUS_NOT_SUPPORTED }),
    CmCloseCallHandler: () => NDIS_STATUS_NOT_SUPPORTED,
    CmIncomingCallCompleteHandler: () => {},
    CmAddPartyHandler: () => ({ status: NDIS_STATUS_NOT_SUPPORTED }),
    CmDropPartyHandler: () => NDIS_STATUS_NOT_SUPPORTED,
    CmModifyCallQoSHandler: () => NDIS_STATUS_NOT_SUPPORTED,
    CmOidRequestHandler: () => NDIS_STATUS_NOT_SUPPORTED,
    CmOidRequestCompleteHandler: () => {},
  };
}

/** The ATM address family the UNI call manager offers: Q.2931, UNI 3.1. */
export const UNI_ADDRESS_FAMILY = { AddressFamily: 0x1, MajorVersion: 3, MinorVersion: 1 } as const;
