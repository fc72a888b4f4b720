/**
 * Point-to-multipoint parties and QoS changes: NdisClAddParty / ProtocolCmAddParty /
 * Ndis(M)CmAddPartyComplete / ProtocolClAddPartyComplete; NdisClDropParty / ProtocolCmDropParty /
 * Ndis(M)CmDropPartyComplete / ProtocolClDropPartyComplete; Ndis(M)CmDispatchIncomingDropParty /
 * ProtocolClIncomingDropParty; NdisClModifyCallQoS / ProtocolCmModifyCallQoS /
 * Ndis(M)CmModifyCallQoSComplete / ProtocolClModifyCallQoSComplete;
 * Ndis(M)CmDispatchIncomingCallQoSChange / ProtocolClIncomingCallQoSChange.
 */
import type { CO_CALL_PARAMETERS } from "./call-parameters.ts";
import { callManagerOf, checkClient, clientOf, managerOf } from "./call-sides.ts";
import {
  checkCmCaller,
  checkCompletedInHandler,
  checkStatusArgument,
  completesWithPending,
} from "./cm-checks.ts";
import type { NDIS_HANDLE, NdisHandle } from "./handle.ts";
import { type Host, hostForDdi } from "./host.ts";
import type { PartyRecord, VcRecord } from "./objects.ts";
import { freeParty, newParty, setPartyState } from "./party-records.ts";
import { type NDIS_STATUS, NDIS_STATUS_FAILURE, NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS } from "./status.ts";

/** NdisClAddParty: adds a party to an established point-to-multipoint call. */
export function NdisClAddParty(
  NdisVcHandle: NdisHandle<"Vc">,
  ProtocolPartyContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
): { status: NDIS_STATUS; NdisPartyHandle: NdisHandle<"Party"> | null } {
  const host = hostForDdi("NdisClAddParty", NdisVcHandle);
  const ddi = "NdisClAddParty";
  return host.ddi(
    ddi,
    { NdisVcHandle, ProtocolPartyContext, CallParameters },
    () => {
      const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
      if (vc === undefined || !checkClient(host, ddi, vc))
        return { status: NDIS_STATUS_FAILURE, NdisPartyHandle: null };
      if (vc.call.state !== "Connected" || vc.call.parties.size === 0) {
        host.contract(
          "wrong-state",
          `${ddi} on Vc ${vc.id}: the VC must carry an established point-to-multipoint call (call ${vc.call.state})`,
          { ddi, object: `Vc ${vc.id}` },
        );
        return { status: NDIS_STATUS_FAILURE, NdisPartyHandle: null };
      }
      const { reg, context } = managerOf(vc);
      if (reg === undefined) return { status: NDIS_STATUS_FAILURE, NdisPartyHandle: null };
      const party = newParty(host, vc, ProtocolPartyContext);
      party.request = { op: "add", phase: "in-handler" };
      const r = host.callHandler(
        reg.driver,
        "ProtocolCmAddParty",
        { NdisPartyHandle: party.handle },
        () => reg.handlers.CmAddPartyHandler(context, CallParameters, party.handle),
        {
          subject: `Party ${party.id}`,
        },
      );
      const status = r?.status;
      if (party.request === undefined) {
        checkCompletedInHandler(host, "ProtocolCmAddParty", status, `Party ${party.id}`);
        return { status: NDIS_STATUS_PENDING, NdisPartyHandle: party.handle };
      }
      if (status === NDIS_STATUS_PENDING) {
        party.request.phase = "pending";
        return { status: NDIS_STATUS_PENDING, NdisPartyHandle: party.handle };
      }
      party.request = undefined;
      if (status === NDIS_STATUS_SUCCESS) {
        party.CallMgrPartyContext = r.CallMgrPartyContext;
        setPartyState(host, party, "Active");
        return { status, NdisPartyHandle: party.handle };
      }
      freeParty(host, party);
      return { status, NdisPartyHandle: null };
    },
    (r) => r.status,
  );
}

function pendedParty(
  host: Host,
  ddi: string,
  NdisPartyHandle: NdisHandle<"Party">,
  op: "add" | "drop",
  Status: NDIS_STATUS,
): PartyRecord | undefined {
  const party = host.resolve<PartyRecord>(NdisPartyHandle, "Party", ddi);
  const reg = party?.vc.af?.registration;
  if (party === undefined || reg === undefined || !checkCmCaller(host, ddi, reg)) return undefined;
  if (party.request?.op !== op) {
    host.contract(
      "completion-without-pending",
      `${ddi} for Party ${party.id} in state ${party.state}: no pended ${op}`,
      { ddi, object: `Party ${party.id}` },
    );
    return undefined;
  }
  if (completesWithPending(host, ddi, Status, `Party ${party.id}`)) return undefined;
  party.request = undefined;
  return party;
}

function addPartyComplete(
  ddi: "NdisCmAddPartyComplete" | "NdisMCmAddPartyComplete",
  Status: NDIS_STATUS,
  NdisPartyHandle: NdisHandle<"Party">,
  CallMgrPartyContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  const host = hostForDdi(ddi, NdisPartyHandle);
  host.ddi(ddi, { Status, NdisPartyHandle, CallMgrPartyContext, CallParameters }, () => {
    const party = pendedParty(host, ddi, NdisPartyHandle, "add", Status);
    if (party === undefined) return;
    const { protocol, cl } = clientOf(party.vc);
    const ok = Status === NDIS_STATUS_SUCCESS;
    if (ok) {
      party.CallMgrPartyContext = CallMgrPartyContext;
      setPartyState(host, party, "Active");
    } else freeParty(host, party);
    if (protocol !== undefined && cl !== undefined) {
      host.callHandler(
        protocol.driver,
        "ProtocolClAddPartyComplete",
        { Status },
        () =>
          cl.ClAddPartyCompleteHandler(
            Status,
            party.ProtocolPartyContext,
            ok ? party.handle : null,
            CallParameters,
          ),
        {
          subject: `Party ${party.id}`,
        },
      );
    }
  });
}

/** NdisCmAddPartyComplete: completes a ProtocolCmAddParty that returned PENDING. */
export function NdisCmAddPartyComplete(
  Status: NDIS_STATUS,
  NdisPartyHandle: NdisHandle<"Party">,
  CallMgrPartyContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  addPartyComplete("NdisCmAddPartyComplete", Status, NdisPartyHandle, CallMgrPartyContext, CallParameters);
}

/** NdisMCmAddPartyComplete: the MCM form. */
export function NdisMCmAddPartyComplete(
  Status: NDIS_STATUS,
  NdisPartyHandle: NdisHandle<"Party">,
  CallMgrPartyContext: NDIS_HANDLE,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  addPartyComplete("NdisMCmAddPartyComplete", Status, NdisPartyHandle, CallMgrPartyContext, CallParameters);
}

/**
 * NdisClDropParty: drops a party that is not the last one (the last party leaves with
 * NdisClCloseCall: NDIS answers FAILURE without calling the call manager). The handle stays
 * valid until the drop completes (OQ-8).
 */
export function NdisClDropParty(
  NdisPartyHandle: NdisHandle<"Party">,
  Buffer: Uint8Array | null,
  Size: number,
): NDIS_STATUS {
  const host = hostForDdi("NdisClDropParty", NdisPartyHandle);
  const ddi = "NdisClDropParty";
  return host.ddi(ddi, { NdisPartyHandle, Size }, () => {
    const party = host.resolve<PartyRecord>(NdisPartyHandle, "Party", ddi);
    if (party === undefined || !checkClient(host, ddi, party.vc)) return NDIS_STATUS_FAILURE;
    if (party.state !== "Active" || party.clientDropped) {
      host.contract("wrong-state", `${ddi} on Party ${party.id} in state ${party.state}`, {
        ddi,
        object: `Party ${party.id}`,
        level: "semantics",
      });
      return NDIS_STATUS_FAILURE;
    }
    const active = [...party.vc.call.parties].filter((p) => p.state === "Active");
    if (active.length <= 1) {
      host.contract(
        "wrong-state",
        `${ddi} on Party ${party.id}, the call's last party: close the call with NdisClCloseCall`,
        { ddi, object: `Party ${party.id}`, level: "semantics" },
      );
      return NDIS_STATUS_FAILURE;
    }
    const reg = party.vc.af?.registration;
    if (reg === undefined) return NDIS_STATUS_FAILURE;
    party.clientDropped = true;
    setPartyState(host, party, "Dropping");
    party.request = { op: "drop", phase: "in-handler" };
    const status = host.callHandler(
      reg.driver,
      "ProtocolCmDropParty",
      { Size },
      () => reg.handlers.CmDropPartyHandler(party.CallMgrPartyContext, Buffer, Size),
      { subject: `Party ${party.id}` },
    );
    if (party.request === undefined) {
      checkCompletedInHandler(host, "ProtocolCmDropParty", status, `Party ${party.id}`);
      return NDIS_STATUS_PENDING;
    }
    if (status === NDIS_STATUS_PENDING) {
      party.request.phase = "pending";
      return NDIS_STATUS_PENDING;
    }
    party.request = undefined;
    if (status === NDIS_STATUS_SUCCESS) freeParty(host, party);
    else {
      party.clientDropped = false;
      setPartyState(host, party, "Active");
    }
    return status;
  });
}

function dropPartyComplete(
  ddi: "NdisCmDropPartyComplete" | "NdisMCmDropPartyComplete",
  Status: NDIS_STATUS,
  NdisPartyHandle: NdisHandle<"Party">,
): void {
  const host = hostForDdi(ddi, NdisPartyHandle);
  host.ddi(ddi, { Status, NdisPartyHandle }, () => {
    const party = pendedParty(host, ddi, NdisPartyHandle, "drop", Status);
    if (party === undefined) return;
    if (Status === NDIS_STATUS_SUCCESS) freeParty(host, party);
    else {
      party.clientDropped = false;
      setPartyState(host, party, "Active");
    }
    const { protocol, cl } = clientOf(party.vc);
    if (protocol !== undefined && cl !== undefined) {
      host.callHandler(
        protocol.driver,
        "ProtocolClDropPartyComplete",
        { Status },
        () => cl.ClDropPartyCompleteHandler(Status, party.ProtocolPartyContext),
        { subject: `Party ${party.id}` },
      );
    }
  });
}

/** NdisCmDropPartyComplete: completes a ProtocolCmDropParty that returned PENDING. */
export function NdisCmDropPartyComplete(Status: NDIS_STATUS, NdisPartyHandle: NdisHandle<"Party">): void {
  dropPartyComplete("NdisCmDropPartyComplete", Status, NdisPartyHandle);
}

/** NdisMCmDropPartyComplete: the MCM form. */
export function NdisMCmDropPartyComplete(Status: NDIS_STATUS, NdisPartyHandle: NdisHandle<"Party">): void {
  dropPartyComplete("NdisMCmDropPartyComplete", Status, NdisPartyHandle);
}

function incomingDropParty(
  ddi: "NdisCmDispatchIncomingDropParty" | "NdisMCmDispatchIncomingDropParty",
  DropStatus: NDIS_STATUS,
  NdisPartyHandle: NdisHandle<"Party">,
  Buffer: Uint8Array | null,
  Size: number,
): void {
  const host = hostForDdi(ddi, NdisPartyHandle);
  host.ddi(ddi, { DropStatus, NdisPartyHandle, Size }, () => {
    const party = host.resolve<PartyRecord>(NdisPartyHandle, "Party", ddi);
    const reg = party?.vc.af?.registration;
    if (party === undefined || reg === undefined || !checkCmCaller(host, ddi, reg)) return;
    if (!checkStatusArgument(host, ddi, "DropStatus", DropStatus, `Party ${party.id}`)) return;
    const active = [...party.vc.call.parties].filter((p) => p.state === "Active");
    if (party.state !== "Active" || active.length <= 1) {
      host.contract(
        "wrong-state",
        `${ddi} on Party ${party.id}: never for the call's last party (use an incoming close)`,
        { ddi, object: `Party ${party.id}` },
      );
      return;
    }
    const { protocol, cl } = clientOf(party.vc);
    if (protocol !== undefined && cl !== undefined) {
      host.callHandler(
        protocol.driver,
        "ProtocolClIncomingDropParty",
        { DropStatus },
        () => cl.ClIncomingDropPartyHandler(DropStatus, party.ProtocolPartyContext, Buffer, Size),
        { subject: `Party ${party.id}` },
      );
    }
  });
}

/** NdisCmDispatchIncomingDropParty: the remote party left; the client must then call NdisClDropParty. */
export function NdisCmDispatchIncomingDropParty(
  DropStatus: NDIS_STATUS,
  NdisPartyHandle: NdisHandle<"Party">,
  Buffer: Uint8Array | null,
  Size: number,
): void {
  incomingDropParty("NdisCmDispatchIncomingDropParty", DropStatus, NdisPartyHandle, Buffer, Size);
}

/** NdisMCmDispatchIncomingDropParty: the MCM form. */
export function NdisMCmDispatchIncomingDropParty(
  DropStatus: NDIS_STATUS,
  NdisPartyHandle: NdisHandle<"Party">,
  Buffer: Uint8Array | null,
  Size: number,
): void {
  incomingDropParty("NdisMCmDispatchIncomingDropParty", DropStatus, NdisPartyHandle, Buffer, Size);
}

/** NdisClModifyCallQoS: the client asks for new call parameters on an established call. */
export function NdisClModifyCallQoS(
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): NDIS_STATUS {
  const host = hostForDdi("NdisClModifyCallQoS", NdisVcHandle);
  const ddi = "NdisClModifyCallQoS";
  return host.ddi(ddi, { NdisVcHandle, CallParameters }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined || !checkClient(host, ddi, vc)) return NDIS_STATUS_FAILURE;
    if (vc.call.state !== "Connected" || vc.call.qos !== undefined) {
      host.contract(
        "wrong-state",
        `${ddi} on Vc ${vc.id} (call ${vc.call.state}${vc.call.qos !== undefined ? ", a change outstanding" : ""})`,
        { ddi, object: `Vc ${vc.id}`, level: "semantics" },
      );
      return NDIS_STATUS_FAILURE;
    }
    const { reg, context } = managerOf(vc);
    if (reg === undefined) return NDIS_STATUS_FAILURE;
    vc.call.qos = "in-handler";
    const status = host.callHandler(
      reg.driver,
      "ProtocolCmModifyCallQoS",
      { CallParameters },
      () => reg.handlers.CmModifyCallQoSHandler(context, CallParameters),
      { subject: `Vc ${vc.id}` },
    );
    if (vc.call.qos === undefined) {
      checkCompletedInHandler(host, "ProtocolCmModifyCallQoS", status, `Vc ${vc.id}`);
      return NDIS_STATUS_PENDING;
    }
    vc.call.qos = status === NDIS_STATUS_PENDING ? "pending" : undefined;
    return status;
  });
}

function modifyQoSComplete(
  ddi: "NdisCmModifyCallQoSComplete" | "NdisMCmModifyCallQoSComplete",
  Status: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  const host = hostForDdi(ddi, NdisVcHandle);
  host.ddi(ddi, { Status, NdisVcHandle, CallParameters }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return;
    const reg = callManagerOf(host, ddi, vc, "completion-without-pending");
    if (reg === undefined) return;
    if (vc.call.qos === undefined) {
      host.contract("completion-without-pending", `${ddi} on Vc ${vc.id}: no pended QoS change`, {
        ddi,
        object: `Vc ${vc.id}`,
      });
      return;
    }
    if (completesWithPending(host, ddi, Status, `Vc ${vc.id}`)) return;
    vc.call.qos = undefined;
    const { protocol, cl, context } = clientOf(vc);
    if (protocol !== undefined && cl !== undefined) {
      host.callHandler(
        protocol.driver,
        "ProtocolClModifyCallQoSComplete",
        { Status },
        () => cl.ClModifyCallQoSCompleteHandler(Status, context, CallParameters),
        { subject: `Vc ${vc.id}` },
      );
    }
  });
}

/** NdisCmModifyCallQoSComplete: completes a ProtocolCmModifyCallQoS that returned PENDING. */
export function NdisCmModifyCallQoSComplete(
  Status: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  modifyQoSComplete("NdisCmModifyCallQoSComplete", Status, NdisVcHandle, CallParameters);
}

/** NdisMCmModifyCallQoSComplete: the MCM form. */
export function NdisMCmModifyCallQoSComplete(
  Status: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  modifyQoSComplete("NdisMCmModifyCallQoSComplete", Status, NdisVcHandle, CallParameters);
}

function incomingQoSChange(
  ddi: "NdisCmDispatchIncomingCallQoSChange" | "NdisMCmDispatchIncomingCallQoSChange",
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  const host = hostForDdi(ddi, NdisVcHandle);
  host.ddi(ddi, { NdisVcHandle, CallParameters }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return;
    const reg = callManagerOf(host, ddi, vc, "wrong-state");
    if (reg === undefined) return;
    if (vc.call.state !== "Connected") {
      host.contract("wrong-state", `${ddi} on Vc ${vc.id} with the call in state ${vc.call.state}`, {
        ddi,
        object: `Vc ${vc.id}`,
      });
      return;
    }
    const { protocol, cl, context } = clientOf(vc);
    if (protocol !== undefined && cl !== undefined) {
      host.callHandler(
        protocol.driver,
        "ProtocolClIncomingCallQoSChange",
        {},
        () => cl.ClIncomingCallQoSChangeHandler(context, CallParameters),
        { subject: `Vc ${vc.id}` },
      );
    }
  });
}

/** NdisCmDispatchIncomingCallQoSChange: the remote side changed the QoS; the client accepts by returning, or closes the call. */
export function NdisCmDispatchIncomingCallQoSChange(
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  incomingQoSChange("NdisCmDispatchIncomingCallQoSChange", NdisVcHandle, CallParameters);
}

/** NdisMCmDispatchIncomingCallQoSChange: the MCM form. */
export function NdisMCmDispatchIncomingCallQoSChange(
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  incomingQoSChange("NdisMCmDispatchIncomingCallQoSChange", NdisVcHandle, CallParameters);
}
