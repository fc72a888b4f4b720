/**
 * The DDIs whose form differs between the stand-alone call manager (NdisCm*, NdisCo*) and the MCM
 * (NdisMCm*), as one table per form. The UNI's code calls the table its platform gives it and never
 * asks which form it runs in.
 */
import {
  NdisCmActivateVc,
  NdisCmAddPartyComplete,
  NdisCmCloseAddressFamilyComplete,
  NdisCmCloseCallComplete,
  NdisCmDeactivateVc,
  NdisCmDeregisterSapComplete,
  NdisCmDispatchCallConnected,
  NdisCmDispatchIncomingCall,
  NdisCmDispatchIncomingCallQoSChange,
  NdisCmDispatchIncomingCloseCall,
  NdisCmDispatchIncomingDropParty,
  NdisCmDropPartyComplete,
  NdisCmMakeCallComplete,
  NdisCmModifyCallQoSComplete,
  NdisCmNotifyCloseAddressFamily,
  NdisCmRegisterSapComplete,
  NdisCoDeleteVc,
  NdisMCmActivateVc,
  NdisMCmAddPartyComplete,
  NdisMCmCloseAddressFamilyComplete,
  NdisMCmCloseCallComplete,
  NdisMCmDeactivateVc,
  NdisMCmDeleteVc,
  NdisMCmDeregisterSapComplete,
  NdisMCmDispatchCallConnected,
  NdisMCmDispatchIncomingCall,
  NdisMCmDispatchIncomingCallQoSChange,
  NdisMCmDispatchIncomingCloseCall,
  NdisMCmDispatchIncomingDropParty,
  NdisMCmDropPartyComplete,
  NdisMCmMakeCallComplete,
  NdisMCmModifyCallQoSComplete,
  NdisMCmNotifyCloseAddressFamily,
  NdisMCmRegisterSapComplete,
} from "../../ndis/index.ts";

/** The call manager's DDIs in one form (the NdisCm* signatures; the NdisMCm* ones are the same). */
export interface UniCmDdi {
  readonly registerSapComplete: typeof NdisCmRegisterSapComplete;
  readonly deregisterSapComplete: typeof NdisCmDeregisterSapComplete;
  readonly closeAddressFamilyComplete: typeof NdisCmCloseAddressFamilyComplete;
  readonly notifyCloseAddressFamily: typeof NdisCmNotifyCloseAddressFamily;
  /** NdisCoDeleteVc / NdisMCmDeleteVc, on a VC the call manager created. */
  readonly deleteVc: typeof NdisCoDeleteVc;
  /** NdisCmActivateVc (SUCCESS, PENDING or a failure) / NdisMCmActivateVc (synchronous). */
  readonly activateVc: typeof NdisCmActivateVc;
  readonly deactivateVc: typeof NdisCmDeactivateVc;
  readonly makeCallComplete: typeof NdisCmMakeCallComplete;
  readonly dispatchIncomingCall: typeof NdisCmDispatchIncomingCall;
  readonly dispatchCallConnected: typeof NdisCmDispatchCallConnected;
  readonly closeCallComplete: typeof NdisCmCloseCallComplete;
  readonly dispatchIncomingCloseCall: typeof NdisCmDispatchIncomingCloseCall;
  readonly modifyCallQoSComplete: typeof NdisCmModifyCallQoSComplete;
  readonly dispatchIncomingCallQoSChange: typeof NdisCmDispatchIncomingCallQoSChange;
  readonly addPartyComplete: typeof NdisCmAddPartyComplete;
  readonly dropPartyComplete: typeof NdisCmDropPartyComplete;
  readonly dispatchIncomingDropParty: typeof NdisCmDispatchIncomingDropParty;
}

/** The stand-alone call manager's forms. */
export const CM_DDI: UniCmDdi = {
  registerSapComplete: NdisCmRegisterSapComplete,
  deregisterSapComplete: NdisCmDeregisterSapComplete,
  closeAddressFamilyComplete: NdisCmCloseAddressFamilyComplete,
  notifyCloseAddressFamily: NdisCmNotifyCloseAddressFamily,
  deleteVc: NdisCoDeleteVc,
  activateVc: NdisCmActivateVc,
  deactivateVc: NdisCmDeactivateVc,
  makeCallComplete: NdisCmMakeCallComplete,
  dispatchIncomingCall: NdisCmDispatchIncomingCall,
  dispatchCallConnected: NdisCmDispatchCallConnected,
  closeCallComplete: NdisCmCloseCallComplete,
  dispatchIncomingCloseCall: NdisCmDispatchIncomingCloseCall,
  modifyCallQoSComplete: NdisCmModifyCallQoSComplete,
  dispatchIncomingCallQoSChange: NdisCmDispatchIncomingCallQoSChange,
  addPartyComplete: NdisCmAddPartyComplete,
  dropPartyComplete: NdisCmDropPartyComplete,
  dispatchIncomingDropParty: NdisCmDispatchIncomingDropParty,
};

/** The MCM's forms. */
export const MCM_DDI: UniCmDdi = {
  registerSapComplete: NdisMCmRegisterSapComplete,
  deregisterSapComplete: NdisMCmDeregisterSapComplete,
  closeAddressFamilyComplete: NdisMCmCloseAddressFamilyComplete,
  notifyCloseAddressFamily: NdisMCmNotifyCloseAddressFamily,
  deleteVc: NdisMCmDeleteVc,
  activateVc: NdisMCmActivateVc,
  deactivateVc: NdisMCmDeactivateVc,
  makeCallComplete: NdisMCmMakeCallComplete,
  dispatchIncomingCall: NdisMCmDispatchIncomingCall,
  dispatchCallConnected: NdisMCmDispatchCallConnected,
  closeCallComplete: NdisMCmCloseCallComplete,
  dispatchIncomingCloseCall: NdisMCmDispatchIncomingCloseCall,
  modifyCallQoSComplete: NdisMCmModifyCallQoSComplete,
  dispatchIncomingCallQoSChange: NdisMCmDispatchIncomingCallQoSChange,
  addPartyComplete: NdisMCmAddPartyComplete,
  dropPartyComplete: NdisMCmDropPartyComplete,
  dispatchIncomingDropParty: NdisMCmDispatchIncomingDropParty,
};
