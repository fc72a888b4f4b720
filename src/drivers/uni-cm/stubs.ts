/**
 * Call-manager entries the UNI call manager does not serve: call-manager OIDs. (QoS changes are
 * served: Q.2963.1 connection modification, qos.ts.)
 */
import {
  type NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
  NDIS_OBJECT_TYPE,
  NDIS_STATUS_NOT_SUPPORTED,
} from "../../ndis/index.ts";

/** The OID entries: NOT_SUPPORTED stubs, as the structure's page prescribes. */
export function unsupportedStubs(): Pick<
  NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
  "Header" | "CmOidRequestHandler" | "CmOidRequestCompleteHandler"
> {
  return {
    Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS, Revision: 1 },
    CmOidRequestHandler: () => NDIS_STATUS_NOT_SUPPORTED,
    CmOidRequestCompleteHandler: () => {},
  };
}

/** The ATM address family the UNI call manager offers: Q.2931, UNI 3.1. */
export const UNI_ADDRESS_FAMILY = { AddressFamily: 0x1, MajorVersion: 3, MinorVersion: 1 } as const;
