/**
 * The call-manager handler table both forms of the UNI call manager register: AF and SAP entries
 * go to the AF/SAP core, VC, call, party and QoS entries to the calls of the same UNI, OIDs to
 * NOT_SUPPORTED stubs. Each form says how to find the UNI (binding or adapter) of a context.
 */
import {
  type NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_SUCCESS,
} from "../../ndis/index.ts";
import type { UniCall, UniParty } from "./call-record.ts";
import type { UniCalls } from "./calls.ts";
import type { UniCmAf, UniCmCore } from "./core.ts";
import { unsupportedStubs } from "./stubs.ts";

/** One UNI of the call manager: its AF/SAP core and its calls. */
export interface UniCmInstance {
  readonly core: UniCmCore;
  readonly calls: UniCalls;
}

/** True for a call record (the call manager's VC contexts also include its own signaling VCs). */
export function isCall(ctx: unknown): ctx is UniCall {
  return typeof ctx === "object" && ctx !== null && (ctx as { kind?: unknown }).kind === "call";
}

/** The handler table, over the instances the driver has now. */
export function uniCmHandlers(
  instances: () => Iterable<UniCmInstance>,
  openAf: NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS["CmOpenAfHandler"],
  vcComplete: {
    activate: NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS["CmActivateVcCompleteHandler"];
    deactivate: NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS["CmDeactivateVcCompleteHandler"];
  },
): NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS {
  const ofAf = (ctx: unknown) => {
    for (const i of instances()) if (i.core.afs.has(ctx as UniCmAf)) return i;
    return undefined;
  };
  const ofCall = (ctx: unknown) => {
    if (!isCall(ctx)) return undefined;
    for (const i of instances()) if (i.calls.calls.has(ctx)) return i;
    return undefined;
  };
  return {
    ...unsupportedStubs(),
    CmOpenAfHandler: openAf,
    CmCloseAfHandler: (afCtx) => ofAf(afCtx)?.core.closeAf(afCtx) ?? NDIS_STATUS_FAILURE,
    CmRegisterSapHandler: (afCtx, sap, h) =>
      ofAf(afCtx)?.core.registerSap(afCtx, sap, h) ?? { status: NDIS_STATUS_FAILURE },
    CmDeregisterSapHandler: (sapCtx) =>
      ofAf((sapCtx as { af: unknown }).af)?.core.deregisterSap(sapCtx) ?? NDIS_STATUS_FAILURE,
    CmNotifyCloseAfCompleteHandler: (afCtx, status) => ofAf(afCtx)?.core.notifyCloseAfComplete(afCtx, status),
    CmCreateVcHandler: (afCtx, NdisVcHandle) =>
      ofAf(afCtx)?.calls.createVc(afCtx as UniCmAf, NdisVcHandle) ?? { status: NDIS_STATUS_FAILURE },
    CmDeleteVcHandler: (vcCtx) => {
      const i = ofCall(vcCtx);
      // A VC the call manager no longer tracks (its UNI is gone) has nothing left to free.
      return i === undefined ? NDIS_STATUS_SUCCESS : i.calls.deleteVc(vcCtx as UniCall);
    },
    CmMakeCallHandler: (vcCtx, params, party) =>
      ofCall(vcCtx)?.calls.makeCall(vcCtx as UniCall, params, party) ?? { status: NDIS_STATUS_FAILURE },
    CmCloseCallHandler: (vcCtx) => ofCall(vcCtx)?.calls.closeCall(vcCtx as UniCall) ?? NDIS_STATUS_FAILURE,
    CmAddPartyHandler: (vcCtx, params, party) =>
      ofCall(vcCtx)?.calls.addParty(vcCtx as UniCall, params, party) ?? { status: NDIS_STATUS_FAILURE },
    CmDropPartyHandler: (partyCtx) => {
      const party = partyCtx as UniParty | null;
      return party?.kind === "party"
        ? (ofCall(party.call)?.calls.dropParty(party) ?? NDIS_STATUS_FAILURE)
        : NDIS_STATUS_FAILURE;
    },
    CmModifyCallQoSHandler: (vcCtx, params) =>
      ofCall(vcCtx)?.calls.modifyCallQoS(vcCtx as UniCall, params) ?? NDIS_STATUS_FAILURE,
    CmIncomingCallCompleteHandler: (status, vcCtx, params) =>
      ofCall(vcCtx)?.calls.incomingCallComplete(status, vcCtx as UniCall, params),
    CmActivateVcCompleteHandler: (status, vcCtx, params) => {
      const i = ofCall(vcCtx);
      if (i !== undefined) i.calls.activateComplete(status, vcCtx as UniCall);
      else vcComplete.activate(status, vcCtx, params);
    },
    CmDeactivateVcCompleteHandler: (status, vcCtx) => {
      const i = ofCall(vcCtx);
      if (i !== undefined) i.calls.deactivateComplete(status, vcCtx as UniCall);
      else vcComplete.deactivate(status, vcCtx);
    },
  };
}
