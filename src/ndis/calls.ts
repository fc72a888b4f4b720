/**
 * Calls on VCs: NdisClMakeCall / ProtocolCmMakeCall / Ndis(M)CmMakeCallComplete /
 * ProtocolClMakeCallComplete; Ndis(M)CmDispatchIncomingCall / ProtocolClIncomingCall /
 * NdisClIncomingCallComplete / ProtocolCmIncomingCallComplete; Ndis(M)CmDispatchCallConnected /
 * ProtocolClCallConnected; NdisClCloseCall / ProtocolCmCloseCall / Ndis(M)CmCloseCallComplete /
 * ProtocolClCloseCallComplete; Ndis(M)CmDispatchIncomingCloseCall / ProtocolClIncomingCloseCall.
 * The internal-completion rule holds: a …Complete handler runs only after PENDING.
 */
import type { CO_CALL_PARAMETERS } from "./call-parameters.ts";
import { callManagerOf, checkClient, clientOf, managerOf } from "./call-sides.ts";
import {
  checkCallParameters,
  checkCmCaller,
  checkCompletedInHandler,
  checkStatusArgument,
  completesWithPending,
} from "./cm-checks.ts";
import type { NDIS_HANDLE, NdisHandle } from "./handle.ts";
import { type Host, hostForDdi } from "./host.ts";
import type { CallState, SapRecord, VcRecord } from "./objects.ts";
import { freeParty, newParty, setPartyState } from "./party-records.ts";
import { sapAcceptsDispatch } from "./sap.ts";
import {
  type NDIS_STATUS,
  NDIS_STATUS_CLOSING,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_PARAMETER,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
} from "./status.ts";

function setCallState(host: Host, vc: VcRecord, to: CallState): void {
  host.emit({ type: "state", object: `Call on Vc ${vc.id}`, from: vc.call.state, to });
  vc.call.state = to;
}

/**
 * NdisClMakeCall: the client asks the call manager to set up a call on a VC it created.
 * ProtocolCmMakeCall answers SUCCESS (the call is up and the VC active), PENDING (then
 * Ndis(M)CmMakeCallComplete), or a failure. One call-control operation at a time (OQ-20).
 */
export function NdisClMakeCall(
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
  ProtocolPartyContext: NDIS_HANDLE,
): { status: NDIS_STATUS; NdisPartyHandle: NdisHandle<"Party"> | null } {
  const host = hostForDdi("NdisClMakeCall", NdisVcHandle);
  const none = { NdisPartyHandle: null };
  const ddi = "NdisClMakeCall";
  return host.ddi(
    ddi,
    { NdisVcHandle, CallParameters, ProtocolPartyContext },
    () => {
      const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
      if (vc === undefined || !checkClient(host, ddi, vc)) return { status: NDIS_STATUS_FAILURE, ...none };
      if (!checkCallParameters(host, ddi, CallParameters, `Vc ${vc.id}`))
        return { status: NDIS_STATUS_INVALID_PARAMETER, ...none };
      if (vc.creator !== "client") {
        host.contract(
          "wrong-state",
          `${ddi} on Vc ${vc.id}, which the call manager created for an incoming call`,
          { ddi, object: `Vc ${vc.id}` },
        );
        return { status: NDIS_STATUS_FAILURE, ...none };
      }
      if (vc.call.state !== "None") {
        host.contract("wrong-state", `${ddi} on Vc ${vc.id} with a call in state ${vc.call.state}`, {
          ddi,
          object: `Vc ${vc.id}`,
          level: "semantics",
        });
        return { status: NDIS_STATUS_NOT_ACCEPTED, ...none };
      }
      const { reg, context } = managerOf(vc);
      if (reg === undefined) return { status: NDIS_STATUS_FAILURE, ...none };
      // A non-NULL ProtocolPartyContext asks for a point-to-multipoint call; its first party's
      // handle is in the out-parameter even when the call pends (OQ-13).
      const party =
        ProtocolPartyContext === null || ProtocolPartyContext === undefined
          ? undefined
          : newParty(host, vc, ProtocolPartyContext);
      const partyHandle = party?.handle ?? null;
      setCallState(host, vc, "MakeCallPending");
      vc.call.request = { op: "make", phase: "in-handler" };
      const r = host.callHandler(
        reg.driver,
        "ProtocolCmMakeCall",
        { CallParameters, NdisPartyHandle: partyHandle },
        () => reg.handlers.CmMakeCallHandler(context, CallParameters, partyHandle),
        {
          subject: `Vc ${vc.id}`,
        },
      );
      const status = r?.status;
      if (vc.call.request === undefined) {
        checkCompletedInHandler(host, "ProtocolCmMakeCall", status, `Vc ${vc.id}`);
        return {
          status: NDIS_STATUS_PENDING,
          NdisPartyHandle: party?.state === "Active" ? partyHandle : null,
        };
      }
      if (status === NDIS_STATUS_PENDING) {
        vc.call.request.phase = "pending";
        return { status: NDIS_STATUS_PENDING, NdisPartyHandle: partyHandle };
      }
      vc.call.request = undefined;
      if (status === NDIS_STATUS_SUCCESS && vc.state !== "Active") {
        host.contract(
          "vc-not-ready",
          `ProtocolCmMakeCall returned SUCCESS on Vc ${vc.id} in state ${vc.state}: activate the VC first`,
          { object: `Vc ${vc.id}` },
        );
      }
      setCallState(host, vc, status === NDIS_STATUS_SUCCESS ? "Connected" : "None");
      if (party !== undefined) {
        if (status === NDIS_STATUS_SUCCESS) {
          party.CallMgrPartyContext = r.CallMgrPartyContext;
          setPartyState(host, party, "Active");
        } else freeParty(host, party);
      }
      return { status, NdisPartyHandle: status === NDIS_STATUS_SUCCESS ? partyHandle : null };
    },
    (r) => r.status,
  );
}

function makeCallComplete(
  ddi: "NdisCmMakeCallComplete" | "NdisMCmMakeCallComplete",
  Status: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  NdisPartyHandle: NdisHandle<"Party"> | null,
  CallMgrPartyContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  const host = hostForDdi(ddi, NdisVcHandle);
  host.ddi(ddi, { Status, NdisVcHandle, NdisPartyHandle, CallMgrPartyContext, CallParameters }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return;
    const reg = callManagerOf(host, ddi, vc, "completion-without-pending");
    if (reg === undefined) return;
    if (vc.call.request?.op !== "make") {
      host.contract(
        "completion-without-pending",
        `${ddi} on Vc ${vc.id} with the call in state ${vc.call.state}: no pended make-call`,
        { ddi, object: `Vc ${vc.id}` },
      );
      return;
    }
    if (completesWithPending(host, ddi, Status, `Vc ${vc.id}`)) return;
    if (Status === NDIS_STATUS_SUCCESS && vc.state !== "Active") {
      host.contract(
        "vc-not-ready",
        `${ddi}(SUCCESS) on Vc ${vc.id} in state ${vc.state}: SUCCESS only after the VC is activated`,
        { ddi, object: `Vc ${vc.id}` },
      );
    }
    vc.call.request = undefined;
    setCallState(host, vc, Status === NDIS_STATUS_SUCCESS ? "Connected" : "None");
    const party = [...vc.call.parties][0];
    if (party !== undefined) {
      if (Status === NDIS_STATUS_SUCCESS) {
        party.CallMgrPartyContext = CallMgrPartyContext;
        setPartyState(host, party, "Active");
      } else freeParty(host, party);
    }
    const partyHandle = Status === NDIS_STATUS_SUCCESS ? (party?.handle ?? null) : null;
    const { protocol, cl, context } = clientOf(vc);
    if (protocol !== undefined && cl !== undefined) {
      host.callHandler(
        protocol.driver,
        "ProtocolClMakeCallComplete",
        { Status, NdisPartyHandle: partyHandle },
        () => cl.ClMakeCallCompleteHandler(Status, context, partyHandle, CallParameters),
        {
          subject: `Vc ${vc.id}`,
        },
      );
    }
  });
}

/** NdisCmMakeCallComplete: completes a ProtocolCmMakeCall that returned PENDING. */
export function NdisCmMakeCallComplete(
  Status: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  NdisPartyHandle: NdisHandle<"Party"> | null,
  CallMgrPartyContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  makeCallComplete(
    "NdisCmMakeCallComplete",
    Status,
    NdisVcHandle,
    NdisPartyHandle,
    CallMgrPartyContext,
    CallParameters,
  );
}

/** NdisMCmMakeCallComplete: the MCM form. */
export function NdisMCmMakeCallComplete(
  Status: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  NdisPartyHandle: NdisHandle<"Party"> | null,
  CallMgrPartyContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  makeCallComplete(
    "NdisMCmMakeCallComplete",
    Status,
    NdisVcHandle,
    NdisPartyHandle,
    CallMgrPartyContext,
    CallParameters,
  );
}

function dispatchIncomingCall(
  ddi: "NdisCmDispatchIncomingCall" | "NdisMCmDispatchIncomingCall",
  NdisSapHandle: NdisHandle<"Sap">,
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): NDIS_STATUS {
  const host = hostForDdi(ddi, NdisSapHandle);
  return host.ddi(ddi, { NdisSapHandle, NdisVcHandle, CallParameters }, () => {
    const sap = host.resolve<SapRecord>(NdisSapHandle, "Sap", ddi);
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (sap === undefined || vc === undefined || !checkCmCaller(host, ddi, sap.af.registration))
      return NDIS_STATUS_FAILURE;
    if (!sapAcceptsDispatch(sap)) {
      // Q6 / OQ-18: the client is already deregistering this SAP.
      host.contract(
        "wrong-state",
        `${ddi} on Sap ${sap.id} in state ${sap.state}: the client is deregistering it`,
        { ddi, object: `Sap ${sap.id}`, level: "semantics" },
      );
      return NDIS_STATUS_CLOSING;
    }
    if (vc.af !== sap.af || vc.creator === "client") {
      // Q10: the VC must be the call manager's, created with the SAP's AF handle.
      host.contract(
        "bad-parameter",
        `${ddi}: Vc ${vc.id} was not created by the call manager with the AF of Sap ${sap.id}`,
        { ddi, object: `Vc ${vc.id}`, level: "semantics" },
      );
      return NDIS_STATUS_FAILURE;
    }
    if (vc.call.state !== "None") {
      host.contract("wrong-state", `${ddi} on Vc ${vc.id} with a call in state ${vc.call.state}`, {
        ddi,
        object: `Vc ${vc.id}`,
      });
      return NDIS_STATUS_NOT_ACCEPTED;
    }
    const { protocol, cl, context } = clientOf(vc);
    if (protocol === undefined || cl === undefined) return NDIS_STATUS_FAILURE;
    vc.call.sap = sap;
    setCallState(host, vc, "Offered");
    vc.call.request = { op: "incoming", phase: "in-handler" };
    const status = host.callHandler(
      protocol.driver,
      "ProtocolClIncomingCall",
      { CallParameters },
      () => cl.ClIncomingCallHandler(sap.ProtocolSapContext, context, CallParameters),
      { subject: `Vc ${vc.id}` },
    );
    if (vc.call.request === undefined) {
      checkCompletedInHandler(host, "ProtocolClIncomingCall", status, `Vc ${vc.id}`);
      return NDIS_STATUS_PENDING;
    }
    if (status === NDIS_STATUS_PENDING) {
      vc.call.request.phase = "pending";
      return NDIS_STATUS_PENDING;
    }
    // OQ-17: a synchronous answer is returned to the call manager; no completion handler follows.
    vc.call.request = undefined;
    setCallState(host, vc, status === NDIS_STATUS_SUCCESS ? "Accepted" : "None");
    return status;
  });
}

/** NdisCmDispatchIncomingCall: offers an incoming call on a SAP (REGISTERING or REGISTERED) to its client. */
export function NdisCmDispatchIncomingCall(
  NdisSapHandle: NdisHandle<"Sap">,
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): NDIS_STATUS {
  return dispatchIncomingCall("NdisCmDispatchIncomingCall", NdisSapHandle, NdisVcHandle, CallParameters);
}

/** NdisMCmDispatchIncomingCall: the MCM form. */
export function NdisMCmDispatchIncomingCall(
  NdisSapHandle: NdisHandle<"Sap">,
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): NDIS_STATUS {
  return dispatchIncomingCall("NdisMCmDispatchIncomingCall", NdisSapHandle, NdisVcHandle, CallParameters);
}

/** NdisClIncomingCallComplete: the client answers an incoming call it pended; NDIS calls ProtocolCmIncomingCallComplete. */
export function NdisClIncomingCallComplete(
  Status: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  const host = hostForDdi("NdisClIncomingCallComplete", NdisVcHandle);
  const ddi = "NdisClIncomingCallComplete";
  host.ddi(ddi, { Status, NdisVcHandle, CallParameters }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined || !checkClient(host, ddi, vc)) return;
    if (vc.call.request?.op !== "incoming") {
      host.contract(
        "completion-without-pending",
        `${ddi} on Vc ${vc.id} with the call in state ${vc.call.state}: no pended incoming call`,
        { ddi, object: `Vc ${vc.id}` },
      );
      return;
    }
    if (completesWithPending(host, ddi, Status, `Vc ${vc.id}`)) return;
    vc.call.request = undefined;
    setCallState(host, vc, Status === NDIS_STATUS_SUCCESS ? "Accepted" : "None");
    const { reg, context } = managerOf(vc);
    if (reg !== undefined) {
      host.callHandler(
        reg.driver,
        "ProtocolCmIncomingCallComplete",
        { Status },
        () => reg.handlers.CmIncomingCallCompleteHandler(Status, context, CallParameters),
        { subject: `Vc ${vc.id}` },
      );
    }
  });
}

function dispatchCallConnected(
  ddi: "NdisCmDispatchCallConnected" | "NdisMCmDispatchCallConnected",
  NdisVcHandle: NdisHandle<"Vc">,
): void {
  const host = hostForDdi(ddi, NdisVcHandle);
  host.ddi(ddi, { NdisVcHandle }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return;
    const reg = callManagerOf(host, ddi, vc, "wrong-state");
    if (reg === undefined) return;
    if (vc.call.state !== "Accepted") {
      host.contract(
        "wrong-state",
        `${ddi} on Vc ${vc.id} with the call in state ${vc.call.state}: only after the client accepted`,
        { ddi, object: `Vc ${vc.id}` },
      );
      return;
    }
    setCallState(host, vc, "Connected");
    const { protocol, cl, context } = clientOf(vc);
    if (protocol !== undefined && cl !== undefined)
      host.callHandler(
        protocol.driver,
        "ProtocolClCallConnected",
        {},
        () => cl.ClCallConnectedHandler(context),
        { subject: `Vc ${vc.id}` },
      );
  });
}

/** NdisCmDispatchCallConnected: the incoming call is up end to end; data may flow. */
export function NdisCmDispatchCallConnected(NdisVcHandle: NdisHandle<"Vc">): void {
  dispatchCallConnected("NdisCmDispatchCallConnected", NdisVcHandle);
}

/** NdisMCmDispatchCallConnected: the MCM form. */
export function NdisMCmDispatchCallConnected(NdisVcHandle: NdisHandle<"Vc">): void {
  dispatchCallConnected("NdisMCmDispatchCallConnected", NdisVcHandle);
}

/**
 * NdisClCloseCall: the client closes a call (an established one, one it accepted, or after an
 * incoming close). All its sends must have completed. ProtocolCmCloseCall answers SUCCESS (the
 * call is closed and the VC deactivated), PENDING, or a failure.
 */
export function NdisClCloseCall(
  NdisVcHandle: NdisHandle<"Vc">,
  NdisPartyHandle: NdisHandle<"Party"> | null,
  Buffer: Uint8Array | null,
  Size: number,
): NDIS_STATUS {
  const host = hostForDdi("NdisClCloseCall", NdisVcHandle);
  const ddi = "NdisClCloseCall";
  return host.ddi(ddi, { NdisVcHandle, NdisPartyHandle, Size }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined || !checkClient(host, ddi, vc)) return NDIS_STATUS_FAILURE;
    const state = vc.call.state;
    if (state !== "Connected" && state !== "Accepted" && state !== "IncomingClose") {
      host.contract("wrong-state", `${ddi} on Vc ${vc.id} with the call in state ${state}`, {
        ddi,
        object: `Vc ${vc.id}`,
        level: "semantics",
      });
      return state === "Closing" ? NDIS_STATUS_CLOSING : NDIS_STATUS_FAILURE;
    }
    if (vc.sendsInFlight > 0) {
      host.contract(
        "vc-not-ready",
        `${ddi} on Vc ${vc.id} with ${vc.sendsInFlight} send(s) not completed: every send completes before the close`,
        { ddi, object: `Vc ${vc.id}` },
      );
    }
    const { reg, context } = managerOf(vc);
    if (reg === undefined) return NDIS_STATUS_FAILURE;
    const parties = [...vc.call.parties].filter((p) => p.state === "Active");
    if (parties.length > 1) {
      host.contract(
        "wrong-state",
        `${ddi} on Vc ${vc.id} with ${parties.length} parties: drop all but one first`,
        { ddi, object: `Vc ${vc.id}`, level: "semantics" },
      );
      return NDIS_STATUS_FAILURE;
    }
    setCallState(host, vc, "Closing");
    vc.call.request = { op: "close", phase: "in-handler" };
    const partyContext = parties[0]?.CallMgrPartyContext ?? null;
    const status = host.callHandler(
      reg.driver,
      "ProtocolCmCloseCall",
      { Size },
      () => reg.handlers.CmCloseCallHandler(context, partyContext, Buffer, Size),
      { subject: `Vc ${vc.id}` },
    );
    if (vc.call.request === undefined) {
      checkCompletedInHandler(host, "ProtocolCmCloseCall", status, `Vc ${vc.id}`);
      return NDIS_STATUS_PENDING;
    }
    if (status === NDIS_STATUS_PENDING) {
      vc.call.request.phase = "pending";
      return NDIS_STATUS_PENDING;
    }
    vc.call.request = undefined;
    finishClose(host, vc, status, state);
    return status;
  });
}

function finishClose(host: Host, vc: VcRecord, status: NDIS_STATUS, previous: CallState): void {
  if (status === NDIS_STATUS_SUCCESS) {
    if (vc.state === "Active" || vc.state === "Activating") {
      // OQ-2: the call manager deactivates the VC before the close completes.
      host.contract(
        "vc-not-ready",
        `the close of the call on Vc ${vc.id} completed with the VC still ${vc.state}: deactivate it first`,
        { object: `Vc ${vc.id}` },
      );
    }
    vc.call.sap = undefined;
    for (const party of [...vc.call.parties]) freeParty(host, party);
    setCallState(host, vc, "None");
  } else {
    setCallState(host, vc, previous);
  }
}

function closeCallComplete(
  ddi: "NdisCmCloseCallComplete" | "NdisMCmCloseCallComplete",
  Status: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  NdisPartyHandle: NdisHandle<"Party"> | null,
): void {
  const host = hostForDdi(ddi, NdisVcHandle);
  host.ddi(ddi, { Status, NdisVcHandle, NdisPartyHandle }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return;
    const reg = callManagerOf(host, ddi, vc, "completion-without-pending");
    if (reg === undefined) return;
    if (vc.call.request?.op !== "close") {
      host.contract(
        "completion-without-pending",
        `${ddi} on Vc ${vc.id} with the call in state ${vc.call.state}: no pended close`,
        { ddi, object: `Vc ${vc.id}` },
      );
      return;
    }
    if (completesWithPending(host, ddi, Status, `Vc ${vc.id}`)) return;
    vc.call.request = undefined;
    finishClose(host, vc, Status, "Connected");
    const { protocol, cl, context } = clientOf(vc);
    if (protocol !== undefined && cl !== undefined) {
      host.callHandler(
        protocol.driver,
        "ProtocolClCloseCallComplete",
        { Status },
        () => cl.ClCloseCallCompleteHandler(Status, context, null),
        { subject: `Vc ${vc.id}` },
      );
    }
  });
}

/** NdisCmCloseCallComplete: completes a ProtocolCmCloseCall that returned PENDING. */
export function NdisCmCloseCallComplete(
  Status: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  NdisPartyHandle: NdisHandle<"Party"> | null,
): void {
  closeCallComplete("NdisCmCloseCallComplete", Status, NdisVcHandle, NdisPartyHandle);
}

/** NdisMCmCloseCallComplete: the MCM form. */
export function NdisMCmCloseCallComplete(
  Status: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  NdisPartyHandle: NdisHandle<"Party"> | null,
): void {
  closeCallComplete("NdisMCmCloseCallComplete", Status, NdisVcHandle, NdisPartyHandle);
}

function dispatchIncomingCloseCall(
  ddi: "NdisCmDispatchIncomingCloseCall" | "NdisMCmDispatchIncomingCloseCall",
  CloseStatus: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  Buffer: Uint8Array | null,
  Size: number,
): void {
  const host = hostForDdi(ddi, NdisVcHandle);
  host.ddi(ddi, { CloseStatus, NdisVcHandle, Size }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return;
    const reg = callManagerOf(host, ddi, vc, "wrong-state");
    if (reg === undefined) return;
    if (!checkStatusArgument(host, ddi, "CloseStatus", CloseStatus, `Vc ${vc.id}`)) return;
    if (vc.call.state !== "Connected" && vc.call.state !== "Accepted") {
      host.contract("wrong-state", `${ddi} on Vc ${vc.id} with the call in state ${vc.call.state}`, {
        ddi,
        object: `Vc ${vc.id}`,
      });
      return;
    }
    setCallState(host, vc, "IncomingClose");
    const { protocol, cl, context } = clientOf(vc);
    if (protocol !== undefined && cl !== undefined) {
      host.callHandler(
        protocol.driver,
        "ProtocolClIncomingCloseCall",
        { CloseStatus },
        () => cl.ClIncomingCloseCallHandler(CloseStatus, context, Buffer, Size),
        { subject: `Vc ${vc.id}` },
      );
    }
  });
}

/** NdisCmDispatchIncomingCloseCall: the remote side (or a failure) closes the call; the client must then call NdisClCloseCall. */
export function NdisCmDispatchIncomingCloseCall(
  CloseStatus: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  Buffer: Uint8Array | null,
  Size: number,
): void {
  dispatchIncomingCloseCall("NdisCmDispatchIncomingCloseCall", CloseStatus, NdisVcHandle, Buffer, Size);
}

/** NdisMCmDispatchIncomingCloseCall: the MCM form. */
export function NdisMCmDispatchIncomingCloseCall(
  CloseStatus: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  Buffer: Uint8Array | null,
  Size: number,
): void {
  dispatchIncomingCloseCall("NdisMCmDispatchIncomingCloseCall", CloseStatus, NdisVcHandle, Buffer, Size);
}
