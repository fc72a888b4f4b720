/**
 * Small buggy stand-alone call managers for the explorer's `buggy/*` targets, written against the
 * public DDI. Each registers the Q.2931 AF when it binds and serves SAPs; the bug is chosen:
 * - "dereg-twice": ProtocolCmDeregisterSap returns NDIS_STATUS_PENDING, then a work item calls
 *   NdisCmDeregisterSapComplete twice;
 * - "dereg-never": ProtocolCmDeregisterSap returns NDIS_STATUS_PENDING and nothing completes it;
 * - "early-sap": signaling comes up from a work item queued at bind; a ProtocolCmRegisterSap that
 *   arrives before then returns NDIS_STATUS_PENDING and the registration is dropped (never sent,
 *   never completed), the pattern of a SAP registered before ILMI starts.
 */
import { callManagerStubs, protocolCoStubs } from "../../entry/testing.ts";
import {
  CO_ADDRESS_FAMILY,
  type DRIVER_INITIALIZE,
  NDIS_MEDIUM,
  NDIS_OBJECT_TYPE,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisAllocateIoWorkItem,
  NdisCloseAdapterEx,
  NdisCmDeregisterSapComplete,
  NdisCmNotifyCloseAddressFamily,
  NdisCmRegisterAddressFamilyEx,
  NdisCompleteUnbindAdapterEx,
  NdisDeregisterProtocolDriver,
  NdisFreeIoWorkItem,
  type NdisHandle,
  NdisOpenAdapterEx,
  NdisQueueIoWorkItem,
  NdisRegisterProtocolDriver,
  NdisSetOptionalHandlers,
} from "../../ndis/index.ts";

/** The bug a buggy call manager has. */
export type CmBug = "dereg-twice" | "dereg-never" | "early-sap";

/** A buggy call manager's name and DriverEntry. */
export interface BuggyCm {
  readonly name: string;
  readonly DriverEntry: DRIVER_INITIALIZE;
}

/** Runs `routine` later from a PASSIVE work item of `binding`. */
function later(binding: NdisHandle<"Binding">, routine: () => void): void {
  const item = NdisAllocateIoWorkItem(binding);
  if (item === null) return;
  NdisQueueIoWorkItem(
    item,
    () => {
      NdisFreeIoWorkItem(item);
      routine();
    },
    null,
  );
}

/** A call manager with `bug`. */
export function buggyCallManager(bug: CmBug): BuggyCm {
  const cm = {
    protocol: null as NdisHandle<"Protocol"> | null,
    binding: null as NdisHandle<"Binding"> | null,
    af: null as NdisHandle<"Af"> | null,
    unbind: null as NdisHandle<"UnbindContext"> | null,
    signalingUp: false,
  };
  /** The end of an unbind, once the AF is closed: close the adapter, complete the unbind. */
  const finishUnbind = () => {
    const { binding, unbind } = cm;
    cm.binding = null;
    cm.unbind = null;
    if (binding !== null) NdisCloseAdapterEx(binding);
    if (unbind !== null) NdisCompleteUnbindAdapterEx(unbind);
  };
  const DriverEntry: DRIVER_INITIALIZE = (DriverObject) => {
    const r = NdisRegisterProtocolDriver(cm, {
      Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, Revision: 2 },
      MajorNdisVersion: 6,
      MinorNdisVersion: 0,
      Name: "BUGGYCM",
      SetOptionsHandler: (h) => {
        const co = NdisSetOptionalHandlers(h, protocolCoStubs());
        if (co !== NDIS_STATUS_SUCCESS) return co;
        return NdisSetOptionalHandlers(
          h,
          callManagerStubs({
            CmOpenAfHandler: (_ctx, _family, NdisAfHandle) => {
              cm.af = NdisAfHandle;
              return { status: NDIS_STATUS_SUCCESS, CallMgrAfContext: cm };
            },
            CmCloseAfHandler: () => {
              cm.af = null;
              if (cm.unbind !== null && cm.binding !== null) later(cm.binding, finishUnbind);
              return NDIS_STATUS_SUCCESS;
            },
            CmRegisterSapHandler: (_af, _sap, NdisSapHandle) =>
              bug === "early-sap" && !cm.signalingUp
                ? { status: NDIS_STATUS_PENDING, CallMgrSapContext: NdisSapHandle }
                : { status: NDIS_STATUS_SUCCESS, CallMgrSapContext: NdisSapHandle },
            CmDeregisterSapHandler: (CallMgrSapContext) => {
              if (bug === "early-sap") return NDIS_STATUS_SUCCESS;
              const sap = CallMgrSapContext as NdisHandle<"Sap">;
              if (bug === "dereg-twice" && cm.binding !== null)
                later(cm.binding, () => {
                  NdisCmDeregisterSapComplete(NDIS_STATUS_SUCCESS, sap);
                  NdisCmDeregisterSapComplete(NDIS_STATUS_SUCCESS, sap);
                });
              return NDIS_STATUS_PENDING;
            },
          }),
        );
      },
      BindAdapterHandlerEx: (_ctx, BindContext, BindParameters) => {
        const open = NdisOpenAdapterEx(
          cm.protocol as NdisHandle<"Protocol">,
          cm,
          {
            Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_OPEN_PARAMETERS, Revision: 1 },
            AdapterName: BindParameters.AdapterName,
            MediumArray: [NDIS_MEDIUM.NdisMediumAtm],
          },
          BindContext,
        );
        cm.binding = open.NdisBindingHandle;
        if (open.status !== NDIS_STATUS_SUCCESS || cm.binding === null) return open.status;
        later(cm.binding, () => {
          cm.signalingUp = true;
        });
        return NdisCmRegisterAddressFamilyEx(cm.binding, {
          AddressFamily: CO_ADDRESS_FAMILY.CO_ADDRESS_FAMILY_Q2931,
          MajorVersion: 3,
          MinorVersion: 1,
        });
      },
      // The AF is closed first (NdisCmNotifyCloseAddressFamily), then the adapter.
      UnbindAdapterHandlerEx: (UnbindContext) => {
        if (cm.binding === null) return NDIS_STATUS_SUCCESS;
        if (cm.af === null) return NdisCloseAdapterEx(cm.binding);
        cm.unbind = UnbindContext;
        NdisCmNotifyCloseAddressFamily(cm.af);
        return NDIS_STATUS_PENDING;
      },
      OpenAdapterCompleteHandlerEx: () => {},
      CloseAdapterCompleteHandlerEx: () => {},
      NetPnPEventHandler: () => NDIS_STATUS_SUCCESS,
    });
    cm.protocol = r.NdisProtocolHandle;
    DriverObject.DriverUnload = () => {
      if (cm.protocol !== null) NdisDeregisterProtocolDriver(cm.protocol);
    };
    return r.status;
  };
  return { name: "BUGGYCM", DriverEntry };
}
