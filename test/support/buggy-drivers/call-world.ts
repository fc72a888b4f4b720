/**
 * Calls in a VC fixture world: the call-manager DDIs in the form of its kind, and the usual
 * set-ups (an outgoing call made, a SAP registered, a VC the call manager created for an incoming
 * call). The call manager's call handlers are its replaceable hooks; each fixture replaces the
 * one that carries its bug.
 */
import { atmVcParameters } from "../../../src/drivers/atm-media.ts";
import {
  type CO_CALL_PARAMETERS,
  type NDIS_STATUS,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClAddParty,
  NdisClCloseCall,
  NdisClDropParty,
  NdisClMakeCall,
  NdisClModifyCallQoS,
  NdisCmActivateVc,
  NdisCmAddPartyComplete,
  NdisCmCloseCallComplete,
  NdisCmDeactivateVc,
  NdisCmDispatchCallConnected,
  NdisCmDispatchIncomingCall,
  NdisCmDispatchIncomingCallQoSChange,
  NdisCmDispatchIncomingCloseCall,
  NdisCmDispatchIncomingDropParty,
  NdisCmDropPartyComplete,
  NdisCmMakeCallComplete,
  NdisCmModifyCallQoSComplete,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  type NdisHandle,
  NdisMCmActivateVc,
  NdisMCmAddPartyComplete,
  NdisMCmCloseCallComplete,
  NdisMCmCreateVc,
  NdisMCmDeactivateVc,
  NdisMCmDeleteVc,
  NdisMCmDispatchCallConnected,
  NdisMCmDispatchIncomingCall,
  NdisMCmDispatchIncomingCallQoSChange,
  NdisMCmDispatchIncomingCloseCall,
  NdisMCmDispatchIncomingDropParty,
  NdisMCmDropPartyComplete,
  NdisMCmMakeCallComplete,
  NdisMCmModifyCallQoSComplete,
} from "../../../src/ndis/index.ts";
import type { VcWorld } from "./vc-world.ts";
import type { CmKind } from "./world.ts";

/** The call parameters every call fixture uses. */
export const CALL_PARAMS: CO_CALL_PARAMETERS = atmVcParameters(0, 100);

/** The call-manager DDIs a call fixture uses, in the form of a call-manager kind. */
export interface CallForms {
  readonly prefix: "NdisCm" | "NdisMCm";
  /** Activates with the call parameters of the fixtures, on `vci` (100 unless told). */
  activate(vc: NdisHandle<"Vc">, vci?: number): NDIS_STATUS;
  deactivate(vc: NdisHandle<"Vc">): NDIS_STATUS;
  /** Completes a make-call; a multipoint call's first party gets the context `{ party }`. */
  makeCallComplete(status: NDIS_STATUS, vc: NdisHandle<"Vc">, party?: NdisHandle<"Party"> | null): void;
  closeCallComplete(status: NDIS_STATUS, vc: NdisHandle<"Vc">): void;
  dispatchIncomingCall(sap: NdisHandle<"Sap">, vc: NdisHandle<"Vc">): NDIS_STATUS;
  dispatchCallConnected(vc: NdisHandle<"Vc">): void;
  dispatchIncomingCloseCall(status: NDIS_STATUS, vc: NdisHandle<"Vc">): void;
  /** Deletes a VC the call manager created (NdisCoDeleteVc or NdisMCmDeleteVc). */
  deleteVc(vc: NdisHandle<"Vc">): NDIS_STATUS;
  addPartyComplete(status: NDIS_STATUS, party: NdisHandle<"Party">): void;
  dropPartyComplete(status: NDIS_STATUS, party: NdisHandle<"Party">): void;
  dispatchIncomingDropParty(status: NDIS_STATUS, party: NdisHandle<"Party">): void;
  modifyCallQoSComplete(status: NDIS_STATUS, vc: NdisHandle<"Vc">): void;
  dispatchIncomingCallQoSChange(vc: NdisHandle<"Vc">): void;
}

/** The call-manager call DDIs of a kind (run them as the call manager). */
export function callForms(kind: CmKind): CallForms {
  return kind === "cm"
    ? {
        prefix: "NdisCm",
        activate: (vc, vci) =>
          NdisCmActivateVc(vc, vci === undefined ? CALL_PARAMS : atmVcParameters(0, vci)),
        deactivate: (vc) => NdisCmDeactivateVc(vc),
        makeCallComplete: (status, vc, party = null) =>
          NdisCmMakeCallComplete(status, vc, party, party === null ? null : { party }, CALL_PARAMS),
        closeCallComplete: (status, vc) => NdisCmCloseCallComplete(status, vc, null),
        dispatchIncomingCall: (sap, vc) => NdisCmDispatchIncomingCall(sap, vc, CALL_PARAMS),
        dispatchCallConnected: (vc) => NdisCmDispatchCallConnected(vc),
        dispatchIncomingCloseCall: (status, vc) => NdisCmDispatchIncomingCloseCall(status, vc, null, 0),
        deleteVc: (vc) => NdisCoDeleteVc(vc),
        addPartyComplete: (status, party) => NdisCmAddPartyComplete(status, party, { party }, CALL_PARAMS),
        dropPartyComplete: (status, party) => NdisCmDropPartyComplete(status, party),
        dispatchIncomingDropParty: (status, party) => NdisCmDispatchIncomingDropParty(status, party, null, 0),
        modifyCallQoSComplete: (status, vc) => NdisCmModifyCallQoSComplete(status, vc, CALL_PARAMS),
        dispatchIncomingCallQoSChange: (vc) => NdisCmDispatchIncomingCallQoSChange(vc, CALL_PARAMS),
      }
    : {
        prefix: "NdisMCm",
        activate: (vc, vci) =>
          NdisMCmActivateVc(vc, vci === undefined ? CALL_PARAMS : atmVcParameters(0, vci)),
        deactivate: (vc) => NdisMCmDeactivateVc(vc),
        makeCallComplete: (status, vc, party = null) =>
          NdisMCmMakeCallComplete(status, vc, party, party === null ? null : { party }, CALL_PARAMS),
        closeCallComplete: (status, vc) => NdisMCmCloseCallComplete(status, vc, null),
        dispatchIncomingCall: (sap, vc) => NdisMCmDispatchIncomingCall(sap, vc, CALL_PARAMS),
        dispatchCallConnected: (vc) => NdisMCmDispatchCallConnected(vc),
        dispatchIncomingCloseCall: (status, vc) => NdisMCmDispatchIncomingCloseCall(status, vc, null, 0),
        deleteVc: (vc) => NdisMCmDeleteVc(vc),
        addPartyComplete: (status, party) => NdisMCmAddPartyComplete(status, party, { party }, CALL_PARAMS),
        dropPartyComplete: (status, party) => NdisMCmDropPartyComplete(status, party),
        dispatchIncomingDropParty: (status, party) =>
          NdisMCmDispatchIncomingDropParty(status, party, null, 0),
        modifyCallQoSComplete: (status, vc) => NdisMCmModifyCallQoSComplete(status, vc, CALL_PARAMS),
        dispatchIncomingCallQoSChange: (vc) => NdisMCmDispatchIncomingCallQoSChange(vc, CALL_PARAMS),
      };
}

/** How the call manager answers a make-call or a close: at once, or PENDING (the fixture completes). */
export type CallAnswer = "sync" | "pend";

/**
 * A correct call manager for `vc`: it activates the VC in ProtocolCmMakeCall and deactivates it
 * in ProtocolCmCloseCall, and answers each as told.
 */
export function correctCm(
  w: VcWorld,
  vc: NdisHandle<"Vc">,
  make: CallAnswer,
  close: CallAnswer = make,
): void {
  const f = callForms(w.kind);
  w.cmHooks.makeCall = () => {
    f.activate(vc);
    return { status: make === "sync" ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PENDING };
  };
  w.cmHooks.closeCall = () => {
    f.deactivate(vc);
    return close === "sync" ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PENDING;
  };
}

/** NdisClMakeCall as the client; returns its status. */
export function makeCall(w: VcWorld, vc: NdisHandle<"Vc">): NDIS_STATUS {
  return w.asClient(() => NdisClMakeCall(vc, CALL_PARAMS, null)).status;
}

/** NdisClCloseCall as the client; returns its status. */
export function closeCall(w: VcWorld, vc: NdisHandle<"Vc">): NDIS_STATUS {
  return w.asClient(() => NdisClCloseCall(vc, null, null, 0));
}

/** A client VC carrying an established outgoing call (made synchronously by a correct call manager). */
export function connectedCall(w: VcWorld): NdisHandle<"Vc"> {
  const vc = w.createVc();
  correctCm(w, vc, "sync");
  if (makeCall(w, vc) !== NDIS_STATUS_SUCCESS) throw new Error("call fixture: make-call did not succeed");
  return vc;
}

/** A point-to-multipoint call made synchronously by a correct call manager: its VC and first party. */
export function multipointCall(w: VcWorld): { vc: NdisHandle<"Vc">; first: NdisHandle<"Party"> } {
  const vc = w.createVc();
  correctCm(w, vc, "sync");
  const made = w.asClient(() => NdisClMakeCall(vc, CALL_PARAMS, { party: 1 }));
  if (made.status !== NDIS_STATUS_SUCCESS || made.NdisPartyHandle === null)
    throw new Error("call fixture: the multipoint make-call did not succeed");
  return { vc, first: made.NdisPartyHandle };
}

/** NdisClAddParty as the client; returns its status and the new party's handle. */
export function addParty(w: VcWorld, vc: NdisHandle<"Vc">, context: unknown = { party: 2 }) {
  return w.asClient(() => NdisClAddParty(vc, context, CALL_PARAMS));
}

/** NdisClDropParty as the client; returns its status. */
export function dropParty(w: VcWorld, party: NdisHandle<"Party">): NDIS_STATUS {
  return w.asClient(() => NdisClDropParty(party, null, 0));
}

/** NdisClModifyCallQoS as the client; returns its status. */
export function modifyQoS(w: VcWorld, vc: NdisHandle<"Vc">): NDIS_STATUS {
  return w.asClient(() => NdisClModifyCallQoS(vc, CALL_PARAMS));
}

/** Registers the client's SAP; returns the handle the call manager was given. */
export function registeredSap(w: VcWorld): NdisHandle<"Sap"> {
  w.client.registerSap(w.host);
  const core = w.cm?.core() ?? w.mcm?.core;
  const sap = core?.sapHandles.at(-1);
  if (sap === undefined) throw new Error("call fixture: no SAP handle");
  return sap;
}

/** A VC the call manager creates for an incoming call, activated. */
export function incomingVc(w: VcWorld): NdisHandle<"Vc"> {
  const vc = w.asCm(() =>
    w.kind === "cm"
      ? NdisCoCreateVc(w.cmBinding(), w.af(), { cm: true }).NdisVcHandle
      : NdisMCmCreateVc(w.mcmAdapter(), w.af(), { mcm: true }).NdisVcHandle,
  );
  if (vc === null) throw new Error("call fixture: the call manager could not create a VC");
  w.asCm(() => callForms(w.kind).activate(vc));
  return vc;
}

/** An incoming call on a fresh VC, offered to a client that pends its answer; returns the VC. */
export function pendedIncomingCall(w: VcWorld): NdisHandle<"Vc"> {
  const sap = registeredSap(w);
  const vc = incomingVc(w);
  w.client.hooks.incomingCall = () => NDIS_STATUS_PENDING;
  w.asCm(() => callForms(w.kind).dispatchIncomingCall(sap, vc));
  return vc;
}
