/**
 * Virtual connections: create and delete (NdisCoCreateVc / NdisCoDeleteVc and the MCM forms),
 * activation and deactivation (NdisCmActivateVc, NdisMCmActivateVc, MiniportCoActivateVc,
 * NdisMCoActivateVcComplete, ProtocolCmActivateVcComplete, and the deactivate family).
 */
import type { CO_CALL_PARAMETERS } from "./call-parameters.ts";
import { checkCallParameters, checkClientCaller, completesWithPending } from "./cm-checks.ts";
import { currentFrame } from "./context.ts";
import type { NDIS_HANDLE, NdisHandle } from "./handle.ts";
import { type Host, hostForDdi } from "./host.ts";
import type { AdapterRecord, AfOpen, BindingRecord, DriverRecord, VcRecord, VcState } from "./objects.ts";
import {
  type NDIS_STATUS,
  NDIS_STATUS_CLOSING,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_PARAMETER,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
} from "./status.ts";

/** Records a VC's state change. */
function setVcState(host: Host, vc: VcRecord, to: VcState): void {
  host.emit({ type: "state", object: `Vc ${vc.id}`, from: vc.state, to });
  vc.state = to;
}

function isMcmAdapter(adapter: AdapterRecord): boolean {
  return adapter.miniport.cm !== undefined;
}

function failure(): { status: NDIS_STATUS; NdisVcHandle: null } {
  return { status: NDIS_STATUS_FAILURE, NdisVcHandle: null };
}

function newVc(
  host: Host,
  init: Omit<VcRecord, "id" | "handle" | "state" | "parameters" | "request" | "sendsInFlight" | "call">,
): VcRecord {
  const vc: VcRecord = {
    ...init,
    id: host.nextId(),
    handle: undefined as unknown as NdisHandle<"Vc">,
    state: "Created",
    parameters: undefined,
    request: undefined,
    sendsInFlight: 0,
    call: { state: "None", request: undefined, sap: undefined, parties: new Set(), qos: undefined },
  };
  (vc as { handle: NdisHandle<"Vc"> }).handle = host.issue("Vc", vc);
  host.emit({ type: "state", object: `Vc ${vc.id}`, from: "None", to: "Created" });
  return vc;
}

function link(vc: VcRecord): void {
  vc.adapter.vcs.add(vc);
  vc.af?.vcs.add(vc);
  vc.client?.binding.vcs.add(vc);
  vc.cm?.binding.vcs.add(vc);
}

function unlink(host: Host, vc: VcRecord): void {
  vc.adapter.vcs.delete(vc);
  vc.af?.vcs.delete(vc);
  vc.client?.binding.vcs.delete(vc);
  vc.cm?.binding.vcs.delete(vc);
  setVcState(host, vc, "Deleted");
  host.revoke(vc.handle);
}

/** Calls a protocol's ProtocolCoCreateVc; PENDING (never allowed) counts as a failure. */
function peerCreate(
  host: Host,
  driver: DriverRecord,
  create: () => { status: NDIS_STATUS; ProtocolVcContext?: NDIS_HANDLE },
  vc: VcRecord,
): { status: NDIS_STATUS; context: NDIS_HANDLE } {
  const r = host.callHandler(driver, "ProtocolCoCreateVc", { NdisVcHandle: vc.handle }, create, {
    subject: `Vc ${vc.id}`,
  });
  if (r?.status === NDIS_STATUS_PENDING) {
    host.contract(
      "pending-from-never-pending-handler",
      `ProtocolCoCreateVc of "${driver.name}" returned PENDING: the VC is unusable and is deleted`,
      { object: `Vc ${vc.id}` },
    );
    return { status: NDIS_STATUS_FAILURE, context: undefined };
  }
  return { status: r?.status ?? NDIS_STATUS_FAILURE, context: r?.ProtocolVcContext };
}

function miniportCreate(host: Host, vc: VcRecord): NDIS_STATUS {
  const mp = vc.adapter.miniport;
  const create = mp.co?.CoCreateVcHandler;
  if (create === undefined || create === null) return NDIS_STATUS_FAILURE;
  const r = host.callHandler(
    mp.driver,
    "MiniportCoCreateVc",
    { NdisVcHandle: vc.handle },
    () => create(vc.adapter.MiniportAdapterContext, vc.handle),
    { subject: `Vc ${vc.id}` },
  );
  if (r?.status === NDIS_STATUS_PENDING) {
    host.contract(
      "pending-from-never-pending-handler",
      `MiniportCoCreateVc of "${mp.driver.name}" returned PENDING (fatal in NDIS)`,
      { object: `Vc ${vc.id}` },
    );
    return NDIS_STATUS_FAILURE;
  }
  if (r?.status === NDIS_STATUS_SUCCESS) vc.miniportContext = r.MiniportVcContext;
  return r?.status ?? NDIS_STATUS_FAILURE;
}

function miniportDelete(host: Host, vc: VcRecord): void {
  const mp = vc.adapter.miniport;
  const del = mp.co?.CoDeleteVcHandler;
  if (del === undefined || del === null) return;
  host.callHandler(mp.driver, "MiniportCoDeleteVc", {}, () => del(vc.miniportContext), {
    subject: `Vc ${vc.id}`,
  });
}

/**
 * NdisCoCreateVc. A client creates a VC for an outgoing call (peer: the call manager); a
 * stand-alone call manager creates one for an incoming call with the client's AF handle (peer:
 * the client), or a signaling VC with a NULL AF handle (no protocol peer). The miniport's
 * MiniportCoCreateVc runs first, except on an MCM's adapter; if the peer fails, NDIS undoes the
 * miniport's VC and returns the peer's status.
 */
export function NdisCoCreateVc(
  NdisBindingHandle: NdisHandle<"Binding">,
  NdisAfHandle: NdisHandle<"Af"> | null,
  ProtocolVcContext: NDIS_HANDLE,
): { status: NDIS_STATUS; NdisVcHandle: NdisHandle<"Vc"> | null } {
  const host = hostForDdi("NdisCoCreateVc", NdisBindingHandle);
  const ddi = "NdisCoCreateVc";
  return host.ddi(
    ddi,
    { NdisBindingHandle, NdisAfHandle, ProtocolVcContext },
    () => {
      const binding = host.resolve<BindingRecord>(NdisBindingHandle, "Binding", ddi);
      if (binding === undefined || !checkClientCaller(host, ddi, binding.protocol.driver)) return failure();
      if (binding.state === "Closing" || binding.state === "Closed" || binding.unbinding) return failure();
      const adapter = binding.adapter;
      if (NdisAfHandle === null) {
        // A call manager's signaling VC: the miniport is the only peer.
        if (binding.protocol.cm === undefined || isMcmAdapter(adapter)) {
          host.contract(
            "wrong-caller",
            `${ddi} with a NULL AF handle is for a stand-alone call manager's signaling VC`,
            { ddi },
          );
          return failure();
        }
        const vc = newVc(host, {
          adapter,
          creator: "cm",
          creatorDriver: binding.protocol.driver,
          af: undefined,
          client: undefined,
          cm: { binding, context: ProtocolVcContext },
          mcmContext: undefined,
          miniportContext: undefined,
        });
        const status = miniportCreate(host, vc);
        if (status !== NDIS_STATUS_SUCCESS) {
          host.revoke(vc.handle);
          return { status, NdisVcHandle: null };
        }
        link(vc);
        return { status: NDIS_STATUS_SUCCESS, NdisVcHandle: vc.handle };
      }
      const open = host.resolve<AfOpen>(NdisAfHandle, "Af", ddi);
      if (open === undefined) return failure();
      if (open.state !== "Open") {
        host.contract("wrong-state", `${ddi} on Af ${open.id} in state ${open.state}`, {
          ddi,
          object: `Af ${open.id}`,
          level: "semantics",
        });
        return failure();
      }
      const reg = open.registration;
      const byClient = open.clientBinding === binding;
      const byCm = reg.binding === binding;
      if (!byClient && !byCm) {
        host.contract("bad-parameter", `${ddi}: Af ${open.id} is neither opened nor served on this binding`, {
          ddi,
        });
        return failure();
      }
      const mcm = reg.kind === "mcm";
      const vc = newVc(host, {
        adapter,
        creator: byClient ? "client" : "cm",
        creatorDriver: binding.protocol.driver,
        af: open,
        client: byClient
          ? { binding, context: ProtocolVcContext }
          : { binding: open.clientBinding, context: undefined },
        cm: mcm
          ? undefined
          : byCm
            ? { binding, context: ProtocolVcContext }
            : { binding: reg.binding as BindingRecord, context: undefined },
        mcmContext: undefined,
        miniportContext: undefined,
      });
      if (!mcm) {
        const status = miniportCreate(host, vc);
        if (status !== NDIS_STATUS_SUCCESS) {
          host.revoke(vc.handle);
          return { status, NdisVcHandle: null };
        }
      }
      const peer = byClient
        ? peerCreate(
            host,
            reg.driver,
            () => reg.handlers.CmCreateVcHandler(open.CallMgrAfContext, vc.handle),
            vc,
          )
        : peerCreate(
            host,
            open.clientBinding.protocol.driver,
            () =>
              (
                open.clientBinding.protocol.cl as NonNullable<BindingRecord["protocol"]["cl"]>
              ).ClCreateVcHandler(open.ClientAfContext, vc.handle),
            vc,
          );
      if (peer.status !== NDIS_STATUS_SUCCESS) {
        if (!mcm) miniportDelete(host, vc);
        host.revoke(vc.handle);
        return { status: peer.status, NdisVcHandle: null };
      }
      if (byClient) {
        if (mcm) {
          vc.mcmContext = peer.context;
          vc.miniportContext = peer.context;
        } else if (vc.cm !== undefined) vc.cm.context = peer.context;
      } else if (vc.client !== undefined) vc.client.context = peer.context;
      link(vc);
      return { status: NDIS_STATUS_SUCCESS, NdisVcHandle: vc.handle };
    },
    (r) => r.status,
  );
}

/** NdisMCmCreateVc: an MCM creates a VC for an incoming call; only the client's ProtocolCoCreateVc runs. */
export function NdisMCmCreateVc(
  MiniportAdapterHandle: NdisHandle<"Miniport">,
  NdisAfHandle: NdisHandle<"Af">,
  MiniportVcContext: NDIS_HANDLE,
): { status: NDIS_STATUS; NdisVcHandle: NdisHandle<"Vc"> | null } {
  const host = hostForDdi("NdisMCmCreateVc", MiniportAdapterHandle);
  const ddi = "NdisMCmCreateVc";
  return host.ddi(
    ddi,
    { MiniportAdapterHandle, NdisAfHandle, MiniportVcContext },
    () => {
      const adapter = host.resolve<AdapterRecord>(MiniportAdapterHandle, "Miniport", ddi);
      const open = host.resolve<AfOpen>(NdisAfHandle, "Af", ddi);
      if (adapter === undefined || open === undefined) return failure();
      if (open.registration.adapter !== adapter || open.registration.kind !== "mcm") {
        host.contract("wrong-caller", `${ddi}: Af ${open.id} is not served by this MCM adapter`, { ddi });
        return failure();
      }
      if (open.state !== "Open") return failure();
      const client = open.clientBinding.protocol;
      const vc = newVc(host, {
        adapter,
        creator: "mcm",
        creatorDriver: adapter.miniport.driver,
        af: open,
        client: { binding: open.clientBinding, context: undefined },
        cm: undefined,
        mcmContext: MiniportVcContext,
        miniportContext: MiniportVcContext,
      });
      const cl = client.cl;
      if (cl === undefined) return failure();
      const peer = peerCreate(
        host,
        client.driver,
        () => cl.ClCreateVcHandler(open.ClientAfContext, vc.handle),
        vc,
      );
      if (peer.status !== NDIS_STATUS_SUCCESS) {
        host.revoke(vc.handle);
        return { status: peer.status, NdisVcHandle: null };
      }
      (vc.client as { context: NDIS_HANDLE }).context = peer.context;
      link(vc);
      return { status: NDIS_STATUS_SUCCESS, NdisVcHandle: vc.handle };
    },
    (r) => r.status,
  );
}

function deleteChecks(
  host: Host,
  ddi: string,
  vc: VcRecord,
  creator: VcRecord["creator"][],
): NDIS_STATUS | undefined {
  const caller = currentFrame()?.driver;
  if (
    !creator.includes(vc.creator) ||
    (caller !== null && caller !== undefined && caller !== vc.creatorDriver)
  ) {
    host.contract(
      "vc-delete-by-non-creator",
      `${ddi} on Vc ${vc.id} by "${caller?.name ?? "?"}": only its creator "${vc.creatorDriver.name}" may delete it`,
      { ddi, object: `Vc ${vc.id}` },
    );
    return NDIS_STATUS_FAILURE;
  }
  if (vc.call.state !== "None") {
    host.contract(
      "wrong-state",
      `${ddi} on Vc ${vc.id} with a call in state ${vc.call.state}: close the call first`,
      { ddi, object: `Vc ${vc.id}` },
    );
    return NDIS_STATUS_NOT_ACCEPTED;
  }
  if (vc.state === "Deactivating") return NDIS_STATUS_CLOSING;
  if (vc.state !== "Created") {
    host.contract("wrong-state", `${ddi} on Vc ${vc.id} in state ${vc.state}: deactivate it first`, {
      ddi,
      object: `Vc ${vc.id}`,
    });
    return NDIS_STATUS_NOT_ACCEPTED;
  }
  return undefined;
}

/** Calls the non-creating protocol's ProtocolCoDeleteVc; a failure keeps the VC (OQ-11). */
function peerDelete(host: Host, vc: VcRecord): NDIS_STATUS {
  const open = vc.af;
  if (open === undefined) return NDIS_STATUS_SUCCESS;
  const reg = open.registration;
  if (vc.creator === "client") {
    const ctx = reg.kind === "mcm" ? vc.mcmContext : vc.cm?.context;
    return host.callHandler(reg.driver, "ProtocolCoDeleteVc", {}, () => reg.handlers.CmDeleteVcHandler(ctx), {
      subject: `Vc ${vc.id}`,
    });
  }
  const client = open.clientBinding.protocol;
  const cl = client.cl;
  if (cl === undefined) return NDIS_STATUS_SUCCESS;
  return host.callHandler(
    client.driver,
    "ProtocolCoDeleteVc",
    {},
    () => cl.ClDeleteVcHandler(vc.client?.context),
    { subject: `Vc ${vc.id}` },
  );
}

/** NdisCoDeleteVc: by the VC's creator only, once it is deactivated; runs the peer's ProtocolCoDeleteVc and MiniportCoDeleteVc. */
export function NdisCoDeleteVc(NdisVcHandle: NdisHandle<"Vc">): NDIS_STATUS {
  const host = hostForDdi("NdisCoDeleteVc", NdisVcHandle);
  const ddi = "NdisCoDeleteVc";
  return host.ddi(ddi, { NdisVcHandle }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return NDIS_STATUS_FAILURE;
    const refused = deleteChecks(host, ddi, vc, ["client", "cm"]);
    if (refused !== undefined) return refused;
    const status = peerDelete(host, vc);
    if (status !== NDIS_STATUS_SUCCESS) return status;
    if (vc.af?.registration.kind !== "mcm") miniportDelete(host, vc);
    unlink(host, vc);
    return NDIS_STATUS_SUCCESS;
  });
}

/** NdisMCmDeleteVc: an MCM deletes a VC it created; only the client's ProtocolCoDeleteVc runs. */
export function NdisMCmDeleteVc(NdisVcHandle: NdisHandle<"Vc">): NDIS_STATUS {
  const host = hostForDdi("NdisMCmDeleteVc", NdisVcHandle);
  const ddi = "NdisMCmDeleteVc";
  return host.ddi(ddi, { NdisVcHandle }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return NDIS_STATUS_FAILURE;
    const refused = deleteChecks(host, ddi, vc, ["mcm"]);
    if (refused !== undefined) return refused === NDIS_STATUS_CLOSING ? NDIS_STATUS_NOT_ACCEPTED : refused;
    const status = peerDelete(host, vc);
    if (status !== NDIS_STATUS_SUCCESS) return status;
    unlink(host, vc);
    return NDIS_STATUS_SUCCESS;
  });
}

/** Checks that the caller manages the VC's calls: its stand-alone call manager, or its MCM. */
function checkManager(host: Host, ddi: string, vc: VcRecord, form: "cm" | "mcm"): boolean {
  const caller = currentFrame()?.driver;
  const manager = vc.af?.registration.driver ?? vc.cm?.binding.protocol.driver ?? vc.creatorDriver;
  if (caller !== null && caller !== undefined && caller !== manager) {
    host.contract(
      "wrong-caller",
      `${ddi} on Vc ${vc.id} by "${caller.name}"; only its call manager "${manager.name}" activates and deactivates it`,
      { ddi, object: `Vc ${vc.id}` },
    );
    return false;
  }
  const mcm = isMcmAdapter(vc.adapter);
  if (mcm !== (form === "mcm")) {
    host.contract(
      "wrong-form",
      `${ddi} on Vc ${vc.id}: ${mcm ? "an MCM uses NdisMCm*" : "a stand-alone call manager uses NdisCm*"}`,
      { ddi, object: `Vc ${vc.id}`, level: "semantics" },
    );
    return false;
  }
  return true;
}

function cmVcContext(vc: VcRecord): NDIS_HANDLE {
  return vc.cm?.context;
}

function finishActivate(
  host: Host,
  vc: VcRecord,
  status: NDIS_STATUS,
  parameters: CO_CALL_PARAMETERS,
  previous: VcState,
): void {
  vc.request = undefined;
  if (status === NDIS_STATUS_SUCCESS) {
    vc.parameters = parameters;
    setVcState(host, vc, "Active");
  } else {
    // A failed (re-)activation leaves the VC as it was, with its old parameters in force.
    setVcState(host, vc, previous);
  }
}

/**
 * NdisCmActivateVc: the call manager asks the miniport to activate (or re-activate) a VC.
 * SUCCESS or a failure is final; after PENDING, NdisMCoActivateVcComplete leads to
 * ProtocolCmActivateVcComplete.
 */
export function NdisCmActivateVc(
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): NDIS_STATUS {
  const host = hostForDdi("NdisCmActivateVc", NdisVcHandle);
  const ddi = "NdisCmActivateVc";
  return host.ddi(ddi, { NdisVcHandle, CallParameters }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined || !checkManager(host, ddi, vc, "cm")) return NDIS_STATUS_FAILURE;
    if (!checkCallParameters(host, ddi, CallParameters, `Vc ${vc.id}`)) return NDIS_STATUS_INVALID_PARAMETER;
    if (vc.state === "Activating") return NDIS_STATUS_NOT_ACCEPTED;
    if (vc.state === "Deactivating") return NDIS_STATUS_CLOSING;
    const previous = vc.state;
    vc.request = { op: "activate", phase: "in-handler", parameters: CallParameters, previous };
    setVcState(host, vc, "Activating");
    const mp = vc.adapter.miniport;
    const status = host.callHandler(
      mp.driver,
      "MiniportCoActivateVc",
      { CallParameters },
      () => (mp.co?.CoActivateVcHandler ?? (() => NDIS_STATUS_FAILURE))(vc.miniportContext, CallParameters),
      {
        subject: `Vc ${vc.id}`,
      },
    );
    if (vc.request === undefined) return NDIS_STATUS_PENDING;
    if (status === NDIS_STATUS_PENDING) {
      vc.request.phase = "pending";
      return NDIS_STATUS_PENDING;
    }
    finishActivate(host, vc, status, CallParameters, previous);
    return status;
  });
}

/** NdisMCoActivateVcComplete: the miniport completes a pended activation; NDIS calls ProtocolCmActivateVcComplete. */
export function NdisMCoActivateVcComplete(
  Status: NDIS_STATUS,
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): void {
  const host = hostForDdi("NdisMCoActivateVcComplete", NdisVcHandle);
  const ddi = "NdisMCoActivateVcComplete";
  host.ddi(ddi, { Status, NdisVcHandle, CallParameters }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return;
    const request = vc.request;
    if (request?.op !== "activate") {
      host.contract(
        "completion-without-pending",
        `${ddi} on Vc ${vc.id} in state ${vc.state}: no pended activation`,
        { ddi, object: `Vc ${vc.id}` },
      );
      return;
    }
    if (completesWithPending(host, ddi, Status, `Vc ${vc.id}`)) return;
    finishActivate(host, vc, Status, CallParameters, request.previous);
    const cm = vc.af?.registration ?? undefined;
    const driver = cm?.driver ?? vc.cm?.binding.protocol.driver;
    const handlers = cm?.handlers ?? vc.cm?.binding.protocol.cm;
    if (driver === undefined || handlers === undefined) return;
    host.callHandler(driver, "ProtocolCmActivateVcComplete", { Status }, () =>
      handlers.CmActivateVcCompleteHandler(Status, cmVcContext(vc), CallParameters),
    );
  });
}

function finishDeactivate(host: Host, vc: VcRecord, status: NDIS_STATUS, previous: VcState): void {
  vc.request = undefined;
  if (status === NDIS_STATUS_SUCCESS) {
    if (vc.sendsInFlight > 0) {
      host.contract(
        "vc-not-ready",
        `Vc ${vc.id} deactivated with ${vc.sendsInFlight} send(s) not completed: the miniport must complete them first`,
        { object: `Vc ${vc.id}` },
      );
    }
    vc.parameters = undefined;
    setVcState(host, vc, "Created");
  } else {
    setVcState(host, vc, previous);
  }
}

/** NdisCmDeactivateVc: NOT_ACCEPTED while an activation is pending, CLOSING while already deactivating. */
export function NdisCmDeactivateVc(NdisVcHandle: NdisHandle<"Vc">): NDIS_STATUS {
  const host = hostForDdi("NdisCmDeactivateVc", NdisVcHandle);
  const ddi = "NdisCmDeactivateVc";
  return host.ddi(ddi, { NdisVcHandle }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined || !checkManager(host, ddi, vc, "cm")) return NDIS_STATUS_FAILURE;
    if (vc.state === "Activating") return NDIS_STATUS_NOT_ACCEPTED;
    if (vc.state === "Deactivating") return NDIS_STATUS_CLOSING;
    if (vc.state !== "Active") return NDIS_STATUS_NOT_ACCEPTED;
    vc.request = { op: "deactivate", phase: "in-handler", previous: "Active" };
    setVcState(host, vc, "Deactivating");
    const mp = vc.adapter.miniport;
    const status = host.callHandler(
      mp.driver,
      "MiniportCoDeactivateVc",
      {},
      () => (mp.co?.CoDeactivateVcHandler ?? (() => NDIS_STATUS_FAILURE))(vc.miniportContext),
      { subject: `Vc ${vc.id}` },
    );
    if (vc.request === undefined) return NDIS_STATUS_PENDING;
    if (status === NDIS_STATUS_PENDING) {
      vc.request.phase = "pending";
      return NDIS_STATUS_PENDING;
    }
    finishDeactivate(host, vc, status, "Active");
    return status;
  });
}

/** NdisMCoDeactivateVcComplete: the miniport completes a pended deactivation; NDIS calls ProtocolCmDeactivateVcComplete. */
export function NdisMCoDeactivateVcComplete(Status: NDIS_STATUS, NdisVcHandle: NdisHandle<"Vc">): void {
  const host = hostForDdi("NdisMCoDeactivateVcComplete", NdisVcHandle);
  const ddi = "NdisMCoDeactivateVcComplete";
  host.ddi(ddi, { Status, NdisVcHandle }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return;
    if (vc.request?.op !== "deactivate") {
      host.contract(
        "completion-without-pending",
        `${ddi} on Vc ${vc.id} in state ${vc.state}: no pended deactivation`,
        { ddi, object: `Vc ${vc.id}` },
      );
      return;
    }
    if (completesWithPending(host, ddi, Status, `Vc ${vc.id}`)) return;
    finishDeactivate(host, vc, Status, vc.request.previous);
    const driver = vc.af?.registration.driver ?? vc.cm?.binding.protocol.driver;
    const handlers = vc.af?.registration.handlers ?? vc.cm?.binding.protocol.cm;
    if (driver === undefined || handlers === undefined) return;
    host.callHandler(driver, "ProtocolCmDeactivateVcComplete", { Status }, () =>
      handlers.CmDeactivateVcCompleteHandler(Status, cmVcContext(vc)),
    );
  });
}

/** NdisMCmActivateVc: an MCM tells NDIS the VC is ready (synchronous; no handler is called, OQ-5). */
export function NdisMCmActivateVc(
  NdisVcHandle: NdisHandle<"Vc">,
  CallParameters: CO_CALL_PARAMETERS,
): NDIS_STATUS {
  const host = hostForDdi("NdisMCmActivateVc", NdisVcHandle);
  const ddi = "NdisMCmActivateVc";
  return host.ddi(ddi, { NdisVcHandle, CallParameters }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined || !checkManager(host, ddi, vc, "mcm")) return NDIS_STATUS_FAILURE;
    if (!checkCallParameters(host, ddi, CallParameters, `Vc ${vc.id}`)) return NDIS_STATUS_INVALID_PARAMETER;
    vc.parameters = CallParameters;
    if (vc.state !== "Active") setVcState(host, vc, "Active");
    return NDIS_STATUS_SUCCESS;
  });
}

/** NdisMCmDeactivateVc: synchronous; NOT_ACCEPTED when the VC is not active. */
export function NdisMCmDeactivateVc(NdisVcHandle: NdisHandle<"Vc">): NDIS_STATUS {
  const host = hostForDdi("NdisMCmDeactivateVc", NdisVcHandle);
  const ddi = "NdisMCmDeactivateVc";
  return host.ddi(ddi, { NdisVcHandle }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined || !checkManager(host, ddi, vc, "mcm")) return NDIS_STATUS_FAILURE;
    if (vc.state !== "Active") return NDIS_STATUS_NOT_ACCEPTED;
    finishDeactivate(host, vc, NDIS_STATUS_SUCCESS, "Active");
    return NDIS_STATUS_SUCCESS;
  });
}
