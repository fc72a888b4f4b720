import { freeSap, setSapState } from "./af-teardown.ts";
import { checkClientCaller, checkCmCaller, completesWithPending } from "./cm-checks.ts";
import type { NDIS_HANDLE, NdisHandle } from "./handle.ts";
import { type Host, hostForDdi } from "./host.ts";
import type { AfOpen, SapRecord } from "./objects.ts";
import {
  type NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  ndisStatusName,
} from "./status.ts";
import type { CO_SAP } from "./types.ts";

function validSap(sap: CO_SAP): boolean {
  return (
    typeof sap === "object" &&
    sap !== null &&
    Number.isInteger(sap.SapType) &&
    Number.isInteger(sap.SapLength) &&
    sap.Sap instanceof Uint8Array &&
    sap.SapLength >= 0 &&
    sap.SapLength <= sap.Sap.length
  );
}

function clientOf(sap: SapRecord) {
  return sap.af.clientBinding.protocol;
}

/** Delivers the end of a registration to the client (inline: a <=DISPATCH callback). */
function finishRegister(
  host: Host,
  sap: SapRecord,
  status: NDIS_STATUS,
  context: NDIS_HANDLE,
  notifyClient: boolean,
): void {
  sap.request = undefined;
  const client = clientOf(sap);
  if (status === NDIS_STATUS_SUCCESS) {
    sap.CallMgrSapContext = context;
    setSapState(host, sap, "Registered");
  } else {
    freeSap(host, sap);
  }
  if (!notifyClient) return;
  const handle = status === NDIS_STATUS_SUCCESS ? sap.handle : null;
  const cl = client.cl;
  if (cl !== undefined) {
    host.callHandler(
      client.driver,
      "ProtocolClRegisterSapComplete",
      { Status: status, NdisSapHandle: handle },
      () => cl.ClRegisterSapCompleteHandler(status, sap.ProtocolSapContext, sap.Sap, handle),
    );
  }
}

/**
 * NdisClRegisterSap. NDIS errors found before the call manager is called are returned at once
 * (the client completes in its own code). Once ProtocolCmRegisterSap has been called the result
 * is PENDING and the answer reaches ProtocolClRegisterSapComplete, whether the call manager
 * answered synchronously or later (Q1; see HostOptions.registerSapSyncReturn).
 */
export function NdisClRegisterSap(
  NdisAfHandle: NdisHandle<"Af">,
  ProtocolSapContext: NDIS_HANDLE,
  Sap: CO_SAP,
): { status: NDIS_STATUS; NdisSapHandle: NdisHandle<"Sap"> | null } {
  const host = hostForDdi("NdisClRegisterSap", NdisAfHandle);
  const ddi = "NdisClRegisterSap";
  return host.ddi(
    ddi,
    { NdisAfHandle, ProtocolSapContext, Sap },
    () => {
      const open = host.resolve<AfOpen>(NdisAfHandle, "Af", ddi);
      if (open === undefined || !checkClientCaller(host, ddi, open.clientBinding.protocol.driver))
        return { status: NDIS_STATUS_FAILURE, NdisSapHandle: null };
      if (open.state !== "Open") {
        host.contract("wrong-state", `${ddi} on Af ${open.id} in state ${open.state}`, {
          ddi,
          object: `Af ${open.id}`,
          level: "semantics",
        });
        return { status: NDIS_STATUS_FAILURE, NdisSapHandle: null };
      }
      if (!validSap(Sap)) {
        host.contract(
          "bad-parameter",
          `${ddi}: Sap is not a CO_SAP (SapType, SapLength <= Sap.length, Sap bytes)`,
          { ddi },
        );
        return { status: NDIS_STATUS_INVALID_DATA, NdisSapHandle: null };
      }
      const sap: SapRecord = {
        id: host.nextId(),
        af: open,
        handle: undefined as unknown as NdisHandle<"Sap">,
        ProtocolSapContext,
        Sap,
        CallMgrSapContext: undefined,
        state: "Registering",
        request: { op: "register", phase: "in-handler", completed: false },
        clientReleased: false,
      };
      // Q2: the handle exists before the call manager sees the SAP.
      (sap as { handle: NdisHandle<"Sap"> }).handle = host.issue("Sap", sap);
      open.saps.add(sap);
      host.emit({ type: "state", object: `Sap ${sap.id}`, from: "None", to: "Registering" });
      const reg = open.registration;
      const r = host.callHandler(
        reg.driver,
        "ProtocolCmRegisterSap",
        { Sap, NdisSapHandle: sap.handle },
        () => reg.handlers.CmRegisterSapHandler(open.CallMgrAfContext, Sap, sap.handle),
        { subject: `Sap ${sap.id}` },
      );
      const status = r?.status;
      const request = sap.request;
      if (request === undefined || request.completed) {
        // Q13: completed inside the handler; that completion's context was used.
        if (status !== NDIS_STATUS_PENDING) {
          host.contract(
            "double-completion",
            `ProtocolCmRegisterSap completed Sap ${sap.id} inside the handler, then returned ${ndisStatusName(status)}`,
            { object: `Sap ${sap.id}` },
          );
        } else if (
          r.CallMgrSapContext !== undefined &&
          sap.state === "Registered" &&
          r.CallMgrSapContext !== sap.CallMgrSapContext
        ) {
          host.contract(
            "sap-context-mismatch",
            `Sap ${sap.id}: *CallMgrSapContext differs from the context given to the completion; the completion's is used`,
            { object: `Sap ${sap.id}`, level: "semantics" },
          );
        }
        return { status: NDIS_STATUS_PENDING, NdisSapHandle: sap.handle };
      }
      if (status === NDIS_STATUS_PENDING) {
        request.phase = "pending";
        return { status: NDIS_STATUS_PENDING, NdisSapHandle: sap.handle };
      }
      if (host.options.registerSapSyncReturn === true) {
        finishRegister(host, sap, status, r.CallMgrSapContext, false);
        return { status, NdisSapHandle: status === NDIS_STATUS_SUCCESS ? sap.handle : null };
      }
      finishRegister(host, sap, status, r.CallMgrSapContext, true);
      return { status: NDIS_STATUS_PENDING, NdisSapHandle: sap.handle };
    },
    (r) => r.status,
  );
}

function registerComplete(
  ddi: "NdisCmRegisterSapComplete" | "NdisMCmRegisterSapComplete",
  Status: NDIS_STATUS,
  NdisSapHandle: NdisHandle<"Sap">,
  CallMgrSapContext: NDIS_HANDLE,
): void {
  const host = hostForDdi(ddi, NdisSapHandle);
  host.ddi(ddi, { Status, NdisSapHandle, CallMgrSapContext }, () => {
    const sap = host.resolve<SapRecord>(NdisSapHandle, "Sap", ddi);
    if (sap === undefined || !checkCmCaller(host, ddi, sap.af.registration)) return;
    const request = sap.request;
    if (request?.op !== "register" || request.completed) {
      host.contract(
        sap.state === "Registering" ? "double-completion" : "completion-without-pending",
        `${ddi} for Sap ${sap.id} in state ${sap.state}: no pended registration`,
        {
          ddi,
          object: `Sap ${sap.id}`,
        },
      );
      return;
    }
    if (completesWithPending(host, ddi, Status, `Sap ${sap.id}`)) return;
    request.completed = true;
    finishRegister(host, sap, Status, CallMgrSapContext, true);
  });
}

/** NdisCmRegisterSapComplete: completes a ProtocolCmRegisterSap that returned PENDING. */
export function NdisCmRegisterSapComplete(
  Status: NDIS_STATUS,
  NdisSapHandle: NdisHandle<"Sap">,
  CallMgrSapContext: NDIS_HANDLE,
): void {
  registerComplete("NdisCmRegisterSapComplete", Status, NdisSapHandle, CallMgrSapContext);
}

/** NdisMCmRegisterSapComplete: the MCM form. */
export function NdisMCmRegisterSapComplete(
  Status: NDIS_STATUS,
  NdisSapHandle: NdisHandle<"Sap">,
  CallMgrSapContext: NDIS_HANDLE,
): void {
  registerComplete("NdisMCmRegisterSapComplete", Status, NdisSapHandle, CallMgrSapContext);
}

/**
 * Checks, when a deregistration completes, that the call manager freed its per-SAP area: the
 * CallMgrSapContext when it is a block of NdisAllocateMemoryWithTagPriority (or holds blocks
 * as own properties), and every block allocated while NDIS ran the call manager for this SAP.
 */
function checkSapAreaFreed(host: Host, sap: SapRecord): void {
  const ctx = sap.CallMgrSapContext;
  const blocks = new Set<unknown>();
  if (host.memory.isLive(ctx)) blocks.add(ctx);
  if (typeof ctx === "object" && ctx !== null)
    for (const value of Object.values(ctx)) if (host.memory.isLive(value)) blocks.add(value);
  const attributed = host.memory.liveFor(`Sap ${sap.id}`);
  if (blocks.size === 0 && attributed.length === 0) return;
  const ids = [
    ...new Set([
      ...attributed.map((b) => `#${b.id} '${b.tag}'`),
      ...(blocks.size > 0 ? ["CallMgrSapContext area"] : []),
    ]),
  ];
  host.contract(
    "sap-area-not-freed",
    `Sap ${sap.id}: deregistration completed with per-SAP memory still allocated (${ids.join(", ")})`,
    { object: `Sap ${sap.id}` },
  );
}

/** Ends a deregistration with the call manager's status. */
function finishDeregister(host: Host, sap: SapRecord, status: NDIS_STATUS): void {
  const client = clientOf(sap);
  if (status === NDIS_STATUS_SUCCESS) {
    checkSapAreaFreed(host, sap);
    freeSap(host, sap);
  } else {
    // Q4: the call manager failed it; the SAP is registered again and the client may retry.
    host.contract(
      "cm-failed-deregistration",
      `Sap ${sap.id}: call manager failed the deregistration with ${ndisStatusName(status)}; the SAP stays registered`,
      {
        object: `Sap ${sap.id}`,
        level: "semantics",
      },
    );
    sap.request = undefined;
    sap.clientReleased = false;
    setSapState(host, sap, "Registered");
  }
  const cl = client.cl;
  if (cl !== undefined) {
    host.callHandler(client.driver, "ProtocolClDeregisterSapComplete", { Status: status }, () =>
      cl.ClDeregisterSapCompleteHandler(status, sap.ProtocolSapContext),
    );
  }
}

/**
 * NdisClDeregisterSap. PENDING once ProtocolCmDeregisterSap has been called (its answer, however
 * given, reaches ProtocolClDeregisterSapComplete); FAILURE when the SAP is already being
 * deregistered, or (Q3) while its registration is still pending. The client's handle is dead
 * from the call.
 */
export function NdisClDeregisterSap(NdisSapHandle: NdisHandle<"Sap">): NDIS_STATUS {
  const host = hostForDdi("NdisClDeregisterSap", NdisSapHandle);
  const ddi = "NdisClDeregisterSap";
  return host.ddi(ddi, { NdisSapHandle }, () => {
    const sap = host.resolve<SapRecord>(NdisSapHandle, "Sap", ddi);
    if (sap === undefined || !checkClientCaller(host, ddi, clientOf(sap).driver)) return NDIS_STATUS_FAILURE;
    if (sap.clientReleased || sap.state === "Deregistering") {
      host.contract(
        "wrong-state",
        `${ddi} on Sap ${sap.id}: already being deregistered (the handle died at the first call)`,
        { ddi, object: `Sap ${sap.id}` },
      );
      return NDIS_STATUS_FAILURE;
    }
    if (sap.state === "Registering") {
      host.contract(
        "deregister-while-registering",
        `${ddi} on Sap ${sap.id} while its registration is pending: wait for ProtocolClRegisterSapComplete`,
        {
          ddi,
          object: `Sap ${sap.id}`,
          level: "semantics",
        },
      );
      return NDIS_STATUS_FAILURE;
    }
    sap.clientReleased = true;
    sap.request = { op: "deregister", phase: "in-handler", completed: false };
    setSapState(host, sap, "Deregistering");
    const reg = sap.af.registration;
    const status = host.callHandler(
      reg.driver,
      "ProtocolCmDeregisterSap",
      {},
      () => reg.handlers.CmDeregisterSapHandler(sap.CallMgrSapContext),
      { subject: `Sap ${sap.id}` },
    );
    const request = sap.request;
    if (request === undefined || request.completed) {
      if (status !== NDIS_STATUS_PENDING) {
        host.contract(
          "double-completion",
          `ProtocolCmDeregisterSap completed Sap ${sap.id} inside the handler, then returned ${ndisStatusName(status)}`,
          { object: `Sap ${sap.id}` },
        );
      }
      return NDIS_STATUS_PENDING;
    }
    if (status === NDIS_STATUS_PENDING) {
      request.phase = "pending";
      return NDIS_STATUS_PENDING;
    }
    request.completed = true;
    finishDeregister(host, sap, status);
    return NDIS_STATUS_PENDING;
  });
}

function deregisterComplete(
  ddi: "NdisCmDeregisterSapComplete" | "NdisMCmDeregisterSapComplete",
  Status: NDIS_STATUS,
  NdisSapHandle: NdisHandle<"Sap">,
): void {
  const host = hostForDdi(ddi, NdisSapHandle);
  host.ddi(ddi, { Status, NdisSapHandle }, () => {
    const sap = host.resolve<SapRecord>(NdisSapHandle, "Sap", ddi);
    if (sap === undefined || !checkCmCaller(host, ddi, sap.af.registration)) return;
    const request = sap.request;
    if (request?.op !== "deregister" || request.completed) {
      host.contract(
        "completion-without-pending",
        `${ddi} for Sap ${sap.id} in state ${sap.state}: no pended deregistration`,
        { ddi, object: `Sap ${sap.id}` },
      );
      return;
    }
    if (completesWithPending(host, ddi, Status, `Sap ${sap.id}`)) return;
    if (Status !== NDIS_STATUS_SUCCESS) {
      host.contract(
        "deregister-sap-complete-not-success",
        `${ddi} with ${ndisStatusName(Status)}: only NDIS_STATUS_SUCCESS is allowed`,
        { ddi, object: `Sap ${sap.id}` },
      );
    }
    request.completed = true;
    finishDeregister(host, sap, Status);
  });
}

/** NdisCmDeregisterSapComplete: completes a ProtocolCmDeregisterSap that returned PENDING; the handle is dead on return. */
export function NdisCmDeregisterSapComplete(Status: NDIS_STATUS, NdisSapHandle: NdisHandle<"Sap">): void {
  deregisterComplete("NdisCmDeregisterSapComplete", Status, NdisSapHandle);
}

/** NdisMCmDeregisterSapComplete: the MCM form. */
export function NdisMCmDeregisterSapComplete(Status: NDIS_STATUS, NdisSapHandle: NdisHandle<"Sap">): void {
  deregisterComplete("NdisMCmDeregisterSapComplete", Status, NdisSapHandle);
}

/**
 * @internal For the incoming-call dispatch (calls layer): whether a SAP accepts a dispatch.
 * REGISTERING and REGISTERED do (documented); DEREGISTERING does not (Q6, OQ-18).
 */
export function sapAcceptsDispatch(sap: SapRecord): boolean {
  return sap.state === "Registering" || sap.state === "Registered";
}
