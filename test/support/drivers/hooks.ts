/**
 * Replaceable VC, data-path, OID and status handlers for the test drivers: each test sets the
 * ones it exercises; the defaults accept VCs, record what arrives, and return received NBLs.
 */
import {
  type NDIS_OID_REQUEST,
  NDIS_RECEIVE_FLAGS_RESOURCES,
  NDIS_RETURN_FLAGS_DISPATCH_LEVEL,
  type NDIS_STATUS,
  type NDIS_STATUS_INDICATION,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_SUCCESS,
  type NdisHandle,
  NdisReturnNetBufferLists,
  type NET_BUFFER_LIST,
  type PROTOCOL_CL_ADD_PARTY_COMPLETE,
  type PROTOCOL_CL_CALL_CONNECTED,
  type PROTOCOL_CL_CLOSE_CALL_COMPLETE,
  type PROTOCOL_CL_DROP_PARTY_COMPLETE,
  type PROTOCOL_CL_INCOMING_CALL,
  type PROTOCOL_CL_INCOMING_CALL_QOS_CHANGE,
  type PROTOCOL_CL_INCOMING_CLOSE_CALL,
  type PROTOCOL_CL_INCOMING_DROP_PARTY,
  type PROTOCOL_CL_MAKE_CALL_COMPLETE,
  type PROTOCOL_CL_MODIFY_CALL_QOS_COMPLETE,
  type PROTOCOL_CM_ACTIVATE_VC_COMPLETE,
  type PROTOCOL_CM_ADD_PARTY,
  type PROTOCOL_CM_CLOSE_CALL,
  type PROTOCOL_CM_DEACTIVATE_VC_COMPLETE,
  type PROTOCOL_CM_DROP_PARTY,
  type PROTOCOL_CM_INCOMING_CALL_COMPLETE,
  type PROTOCOL_CM_MAKE_CALL,
  type PROTOCOL_CM_MODIFY_QOS_CALL,
  type PROTOCOL_CO_CREATE_VC,
  type PROTOCOL_CO_DELETE_VC,
  type PROTOCOL_CO_OID_REQUEST,
  type PROTOCOL_CO_OID_REQUEST_COMPLETE,
  type PROTOCOL_CO_RECEIVE_NET_BUFFER_LISTS,
  type PROTOCOL_CO_SEND_NET_BUFFER_LISTS_COMPLETE,
  type PROTOCOL_CO_STATUS_EX,
} from "../../../src/ndis/index.ts";

/** What a test driver saw on its data path and OID path. */
export interface HookLog {
  readonly created: NdisHandle<"Vc">[];
  readonly deleted: unknown[];
  readonly received: { readonly vcContext: unknown; readonly bytes: Uint8Array[]; readonly flags: number }[];
  readonly sendCompleted: { readonly vcContext: unknown; readonly statuses: NDIS_STATUS[] }[];
  readonly statuses: { readonly vcContext: unknown; readonly code: NDIS_STATUS }[];
  readonly oidRequests: NDIS_OID_REQUEST[];
  readonly oidCompleted: { readonly request: NDIS_OID_REQUEST; readonly status: NDIS_STATUS }[];
  readonly activateCompleted: { readonly status: NDIS_STATUS; readonly vcContext: unknown }[];
  readonly deactivateCompleted: { readonly status: NDIS_STATUS; readonly vcContext: unknown }[];
  /** Call handlers entered, in order ("makeCallComplete 0", "incomingCall", …). */
  readonly calls: string[];
}

/** The replaceable handlers. */
export interface DriverHooks {
  createVc: PROTOCOL_CO_CREATE_VC;
  deleteVc: PROTOCOL_CO_DELETE_VC;
  receive: PROTOCOL_CO_RECEIVE_NET_BUFFER_LISTS;
  sendComplete: PROTOCOL_CO_SEND_NET_BUFFER_LISTS_COMPLETE;
  status: PROTOCOL_CO_STATUS_EX;
  oidRequest: PROTOCOL_CO_OID_REQUEST;
  oidRequestComplete: PROTOCOL_CO_OID_REQUEST_COMPLETE;
  activateComplete: PROTOCOL_CM_ACTIVATE_VC_COMPLETE;
  makeCall: PROTOCOL_CM_MAKE_CALL;
  addParty: PROTOCOL_CM_ADD_PARTY;
  dropParty: PROTOCOL_CM_DROP_PARTY;
  modifyQoS: PROTOCOL_CM_MODIFY_QOS_CALL;
  addPartyComplete: PROTOCOL_CL_ADD_PARTY_COMPLETE;
  dropPartyComplete: PROTOCOL_CL_DROP_PARTY_COMPLETE;
  incomingDropParty: PROTOCOL_CL_INCOMING_DROP_PARTY;
  modifyQoSComplete: PROTOCOL_CL_MODIFY_CALL_QOS_COMPLETE;
  incomingQoSChange: PROTOCOL_CL_INCOMING_CALL_QOS_CHANGE;
  closeCall: PROTOCOL_CM_CLOSE_CALL;
  incomingCallComplete: PROTOCOL_CM_INCOMING_CALL_COMPLETE;
  makeCallComplete: PROTOCOL_CL_MAKE_CALL_COMPLETE;
  incomingCall: PROTOCOL_CL_INCOMING_CALL;
  callConnected: PROTOCOL_CL_CALL_CONNECTED;
  closeCallComplete: PROTOCOL_CL_CLOSE_CALL_COMPLETE;
  incomingCloseCall: PROTOCOL_CL_INCOMING_CLOSE_CALL;
  deactivateComplete: PROTOCOL_CM_DEACTIVATE_VC_COMPLETE;
  /** Return indicated NBLs at once (default) or keep them for the test to return. */
  returnReceives: boolean;
  /** NBLs kept when returnReceives is false. */
  readonly held: NET_BUFFER_LIST[];
}

/** Default hooks with a log; `binding()` gives the handle to return NBLs on. */
export function defaultHooks(binding: () => NdisHandle<"Binding"> | null): {
  hooks: DriverHooks;
  log: HookLog;
} {
  const log: HookLog = {
    created: [],
    deleted: [],
    received: [],
    sendCompleted: [],
    statuses: [],
    oidRequests: [],
    oidCompleted: [],
    activateCompleted: [],
    deactivateCompleted: [],
    calls: [],
  };
  const hooks: DriverHooks = {
    returnReceives: true,
    held: [],
    createVc: (_afContext, NdisVcHandle) => {
      log.created.push(NdisVcHandle);
      return { status: NDIS_STATUS_SUCCESS, ProtocolVcContext: { vc: NdisVcHandle } };
    },
    deleteVc: (ctx) => {
      log.deleted.push(ctx);
      return NDIS_STATUS_SUCCESS;
    },
    receive: (_bindingCtx, vcContext, NetBufferLists, _n, flags) => {
      const bytes: Uint8Array[] = [];
      for (let nbl: NET_BUFFER_LIST | null = NetBufferLists; nbl !== null; nbl = nbl.Next) {
        for (let nb = nbl.FirstNetBuffer; nb !== null; nb = nb.Next)
          bytes.push(nb.Data.slice(nb.DataOffset, nb.DataOffset + nb.DataLength));
      }
      log.received.push({ vcContext, bytes, flags });
      if ((flags & NDIS_RECEIVE_FLAGS_RESOURCES) !== 0) return;
      if (hooks.returnReceives) {
        const b = binding();
        if (b !== null) NdisReturnNetBufferLists(b, NetBufferLists, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
      } else {
        for (let nbl: NET_BUFFER_LIST | null = NetBufferLists; nbl !== null; nbl = nbl.Next)
          hooks.held.push(nbl);
      }
    },
    sendComplete: (vcContext, NetBufferLists) => {
      const statuses: NDIS_STATUS[] = [];
      for (let nbl: NET_BUFFER_LIST | null = NetBufferLists; nbl !== null; nbl = nbl.Next)
        statuses.push(nbl.Status);
      log.sendCompleted.push({ vcContext, statuses });
    },
    status: (_b, vcContext, indication: NDIS_STATUS_INDICATION) => {
      log.statuses.push({ vcContext, code: indication.StatusCode });
    },
    oidRequest: (_af, _vc, _party, request) => {
      log.oidRequests.push(request);
      return NDIS_STATUS_NOT_SUPPORTED;
    },
    oidRequestComplete: (_af, _vc, _party, request, status) => {
      log.oidCompleted.push({ request, status });
    },
    activateComplete: (status, vcContext) => {
      log.activateCompleted.push({ status, vcContext });
    },
    deactivateComplete: (status, vcContext) => {
      log.deactivateCompleted.push({ status, vcContext });
    },
    makeCall: () => ({ status: NDIS_STATUS_NOT_SUPPORTED }),
    addParty: () => ({ status: NDIS_STATUS_NOT_SUPPORTED }),
    dropParty: () => NDIS_STATUS_NOT_SUPPORTED,
    modifyQoS: () => NDIS_STATUS_NOT_SUPPORTED,
    addPartyComplete: (status) => {
      log.calls.push(`addPartyComplete ${status}`);
    },
    dropPartyComplete: (status) => {
      log.calls.push(`dropPartyComplete ${status}`);
    },
    incomingDropParty: (status) => {
      log.calls.push(`incomingDropParty ${status}`);
    },
    modifyQoSComplete: (status) => {
      log.calls.push(`modifyQoSComplete ${status}`);
    },
    incomingQoSChange: () => {
      log.calls.push("incomingQoSChange");
    },
    closeCall: () => NDIS_STATUS_NOT_SUPPORTED,
    incomingCallComplete: (status) => {
      log.calls.push(`incomingCallComplete ${status}`);
    },
    makeCallComplete: (status) => {
      log.calls.push(`makeCallComplete ${status}`);
    },
    incomingCall: () => {
      log.calls.push("incomingCall");
      return NDIS_STATUS_SUCCESS;
    },
    callConnected: () => {
      log.calls.push("callConnected");
    },
    closeCallComplete: (status) => {
      log.calls.push(`closeCallComplete ${status}`);
    },
    incomingCloseCall: (status) => {
      log.calls.push(`incomingCloseCall ${status}`);
    },
  };
  return { hooks, log };
}
