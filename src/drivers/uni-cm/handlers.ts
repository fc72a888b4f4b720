/**
 * The call-manager handler table both forms of the UNI call manager register: AF and SAP entries
 * go to the AF/SAP core, VC, call, party and QoS entries to the calls, OIDs to NOT_SUPPORTED stubs.
 * Every entry reaches its UNI through the context NDIS hands it: the binding or adapter context
 * (ProtocolAfContext at the open), the AF, SAP, VC and party contexts the call manager gave NDIS,
 * each of which names its UNI.
 */
import {
  type NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_SUCCESS,
} from "../../ndis/index.ts";
import { unsupportedStubs } from "./stubs.ts";
import type { UniCall, UniCmAf, UniCmSap, UniParty } from "./types.ts";
import type { UniContext } from "./uni.ts";

/** True for a call record (the call manager's VC contexts also include its own signaling VCs). */
export function isCall(ctx: unknown): ctx is UniCall {
  return typeof ctx === "object" && ctx !== null && (ctx as { kind?: unknown }).kind === "call";
}

/** The handler table; `signalingVc` gets the completions for the driver's own signaling VCs. */
export function uniCmHandlers(signalingVc: {
  activate: NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS["CmActivateVcCompleteHandler"];
  deactivate: NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS["CmDeactivateVcCompleteHandler"];
}): NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS {
  const af = (ctx: unknown) => ctx as UniCmAf;
  const call = (ctx: unknown) => ctx as UniCall;
  /** The call, unless its UNI already freed the record (its unbind or halt): then FAILURE. */
  const live = (ctx: unknown) => (call(ctx).phase === "deleted" ? undefined : call(ctx));
  return {
    ...unsupportedStubs(),
    CmOpenAfHandler: (ctx, family, h) => (ctx as UniContext).uni.core.openAf(ctx, family, h),
    CmCloseAfHandler: (afCtx) => af(afCtx).uni.core.closeAf(afCtx),
    CmRegisterSapHandler: (afCtx, sap, h) => af(afCtx).uni.core.registerSap(afCtx, sap, h),
    CmDeregisterSapHandler: (sapCtx) => (sapCtx as UniCmSap).af.uni.core.deregisterSap(sapCtx),
    CmNotifyCloseAfCompleteHandler: (afCtx, status) =>
      af(afCtx).uni.core.notifyCloseAfComplete(afCtx, status),
    CmCreateVcHandler: (afCtx, NdisVcHandle) => af(afCtx).uni.calls.createVc(af(afCtx), NdisVcHandle),
    CmDeleteVcHandler: (vcCtx) => {
      const c = call(vcCtx);
      // A record the UNI already freed (its unbind or halt) has nothing left to free.
      return c.phase === "deleted" ? NDIS_STATUS_SUCCESS : c.af.uni.calls.deleteVc(c);
    },
    CmMakeCallHandler: (vcCtx, params, party) =>
      live(vcCtx)?.af.uni.calls.makeCall(call(vcCtx), params, party) ?? { status: NDIS_STATUS_FAILURE },
    CmCloseCallHandler: (vcCtx) => live(vcCtx)?.af.uni.calls.closeCall(call(vcCtx)) ?? NDIS_STATUS_FAILURE,
    CmAddPartyHandler: (vcCtx, params, party) =>
      live(vcCtx)?.af.uni.calls.addParty(call(vcCtx), params, party) ?? { status: NDIS_STATUS_FAILURE },
    CmDropPartyHandler: (partyCtx) => {
      const party = partyCtx as UniParty;
      return live(party.call)?.af.uni.calls.dropParty(party) ?? NDIS_STATUS_FAILURE;
    },
    CmModifyCallQoSHandler: (vcCtx, params) =>
      live(vcCtx)?.af.uni.calls.modifyCallQoS(call(vcCtx), params) ?? NDIS_STATUS_FAILURE,
    CmIncomingCallCompleteHandler: (status, vcCtx, params) =>
      live(vcCtx)?.af.uni.calls.incomingCallComplete(status, call(vcCtx), params),
    CmActivateVcCompleteHandler: (status, vcCtx, params) => {
      if (isCall(vcCtx)) live(vcCtx)?.af.uni.calls.activateComplete(status, vcCtx);
      else signalingVc.activate(status, vcCtx, params);
    },
    CmDeactivateVcCompleteHandler: (status, vcCtx) => {
      if (isCall(vcCtx)) live(vcCtx)?.af.uni.calls.deactivateComplete(status, vcCtx);
      else signalingVc.deactivate(status, vcCtx);
    },
  };
}
