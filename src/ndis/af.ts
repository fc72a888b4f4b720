import { freeAfOpen, setAfState } from "./af-teardown.ts";
import {
  checkClientCaller,
  checkCmCaller,
  checkCompletedInHandler,
  completesWithPending,
} from "./cm-checks.ts";
import type { NDIS_HANDLE, NdisHandle } from "./handle.ts";
import { type Host, hostForDdi } from "./host.ts";
import { scheduleAfNotify } from "./lifecycle.ts";
import type { AdapterRecord, AfOpen, AfRegistration, BindingRecord } from "./objects.ts";
import {
  type NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  ndisStatusName,
} from "./status.ts";
import type { CO_ADDRESS_FAMILY } from "./types.ts";

function copyAf(af: CO_ADDRESS_FAMILY): CO_ADDRESS_FAMILY | undefined {
  if (typeof af !== "object" || af === null) return undefined;
  const { AddressFamily, MajorVersion, MinorVersion } = af;
  if (![AddressFamily, MajorVersion, MinorVersion].every((n) => Number.isInteger(n) && n >= 0))
    return undefined;
  return { AddressFamily, MajorVersion, MinorVersion };
}

function registerAf(
  host: Host,
  ddi: string,
  kind: "cm" | "mcm",
  adapter: AdapterRecord,
  binding: BindingRecord | undefined,
  AddressFamily: CO_ADDRESS_FAMILY,
): NDIS_STATUS {
  const af = copyAf(AddressFamily);
  if (af === undefined) {
    host.contract("bad-parameter", `${ddi}: AddressFamily is not a CO_ADDRESS_FAMILY`, { ddi });
    return NDIS_STATUS_FAILURE;
  }
  for (const other of adapter.afs) {
    if (other.AddressFamily.AddressFamily === af.AddressFamily) {
      host.contract(
        "wrong-state",
        `${ddi}: AF ${af.AddressFamily} is already registered on "${adapter.name}" by "${other.driver.name}"`,
        { ddi, level: "semantics" },
      );
      return NDIS_STATUS_FAILURE;
    }
  }
  const owner = kind === "cm" ? binding?.protocol : adapter.miniport;
  const handlers = owner?.cm;
  if (owner === undefined || handlers === undefined) return NDIS_STATUS_FAILURE;
  const reg: AfRegistration = {
    id: host.nextId(),
    kind,
    adapter,
    binding,
    driver: owner.driver,
    AddressFamily: af,
    handlers,
    CallMgrBindingContext:
      binding !== undefined ? binding.ProtocolBindingContext : adapter.MiniportAdapterContext,
    state: "Registered",
    opens: new Set(),
  };
  adapter.afs.add(reg);
  binding?.cmAfs.add(reg);
  host.emit({ type: "state", object: `AfRegistration ${reg.id}`, from: "None", to: "Registered" });
  for (const b of adapter.bindings) if (b.bound) scheduleAfNotify(host, reg, b);
  return NDIS_STATUS_SUCCESS;
}

/** NdisCmRegisterAddressFamilyEx: a stand-alone call manager offers an AF on one of its bindings. */
export function NdisCmRegisterAddressFamilyEx(
  NdisBindingHandle: NdisHandle<"Binding">,
  AddressFamily: CO_ADDRESS_FAMILY,
): NDIS_STATUS {
  const host = hostForDdi("NdisCmRegisterAddressFamilyEx", NdisBindingHandle);
  const ddi = "NdisCmRegisterAddressFamilyEx";
  return host.ddi(ddi, { NdisBindingHandle, AddressFamily }, () => {
    const binding = host.resolve<BindingRecord>(NdisBindingHandle, "Binding", ddi);
    if (binding === undefined) return NDIS_STATUS_FAILURE;
    if (binding.protocol.cm === undefined) {
      host.contract(
        "wrong-caller",
        `${ddi}: "${binding.protocol.characteristics.Name}" registered no NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS`,
        { ddi },
      );
      return NDIS_STATUS_FAILURE;
    }
    if (binding.adapter.miniport.co === undefined) return NDIS_STATUS_FAILURE;
    if (binding.unbinding || binding.state === "Closing" || binding.state === "Closed")
      return NDIS_STATUS_FAILURE;
    return registerAf(host, ddi, "cm", binding.adapter, binding, AddressFamily);
  });
}

/** NdisMCmRegisterAddressFamilyEx: an MCM offers an AF on its adapter (from MiniportInitializeEx). */
export function NdisMCmRegisterAddressFamilyEx(
  MiniportAdapterHandle: NdisHandle<"Miniport">,
  AddressFamily: CO_ADDRESS_FAMILY,
): NDIS_STATUS {
  const host = hostForDdi("NdisMCmRegisterAddressFamilyEx", MiniportAdapterHandle);
  const ddi = "NdisMCmRegisterAddressFamilyEx";
  return host.ddi(ddi, { MiniportAdapterHandle, AddressFamily }, () => {
    const adapter = host.resolve<AdapterRecord>(MiniportAdapterHandle, "Miniport", ddi);
    if (adapter === undefined) return NDIS_STATUS_FAILURE;
    if (adapter.miniport.cm === undefined || adapter.miniport.co === undefined) {
      host.contract(
        "wrong-caller",
        `${ddi}: miniport "${adapter.miniport.driver.name}" is not an MCM (no call-manager handlers)`,
        { ddi },
      );
      return NDIS_STATUS_FAILURE;
    }
    if (adapter.removing || adapter.state === "Halting" || adapter.state === "Halted")
      return NDIS_STATUS_FAILURE;
    return registerAf(host, ddi, "mcm", adapter, undefined, AddressFamily);
  });
}

/**
 * NdisClOpenAddressFamilyEx: a client opens an AF registered on the adapter of its binding. A
 * non-PENDING status is final (the client runs its own ProtocolClOpenAfCompleteEx); after
 * PENDING, NDIS calls ProtocolClOpenAfCompleteEx from a PASSIVE worker (Q17).
 */
export function NdisClOpenAddressFamilyEx(
  NdisBindingHandle: NdisHandle<"Binding">,
  AddressFamily: CO_ADDRESS_FAMILY,
  ClientAfContext: NDIS_HANDLE,
): { status: NDIS_STATUS; NdisAfHandle: NdisHandle<"Af"> | null } {
  const host = hostForDdi("NdisClOpenAddressFamilyEx", NdisBindingHandle);
  const ddi = "NdisClOpenAddressFamilyEx";
  return host.ddi(
    ddi,
    { NdisBindingHandle, AddressFamily, ClientAfContext },
    () => {
      const fail = { status: NDIS_STATUS_FAILURE, NdisAfHandle: null };
      const binding = host.resolve<BindingRecord>(NdisBindingHandle, "Binding", ddi);
      if (binding === undefined) return fail;
      if (!checkClientCaller(host, ddi, binding.protocol.driver)) return fail;
      if (binding.protocol.cl === undefined) {
        host.contract(
          "wrong-caller",
          `${ddi}: "${binding.protocol.characteristics.Name}" registered no NDIS_CO_CLIENT_OPTIONAL_HANDLERS`,
          { ddi },
        );
        return fail;
      }
      if (binding.unbinding || binding.state === "Closing" || binding.state === "Closed") return fail;
      const af = copyAf(AddressFamily);
      const reg =
        af === undefined
          ? undefined
          : [...binding.adapter.afs].find(
              (r) => r.AddressFamily.AddressFamily === af.AddressFamily && r.state === "Registered",
            );
      if (af === undefined || reg === undefined) return fail;
      const open: AfOpen = {
        id: host.nextId(),
        registration: reg,
        clientBinding: binding,
        handle: undefined as unknown as NdisHandle<"Af">,
        ClientAfContext,
        CallMgrAfContext: undefined,
        state: "Opening",
        request: { op: "open", phase: "in-handler" },
        notify: undefined,
        saps: new Set(),
        vcs: new Set(),
      };
      (open as { handle: NdisHandle<"Af"> }).handle = host.issue("Af", open);
      reg.opens.add(open);
      binding.clientAfs.add(open);
      host.emit({ type: "state", object: `Af ${open.id}`, from: "None", to: "Opening" });
      const r = host.callHandler(
        reg.driver,
        "ProtocolCmOpenAf",
        { AddressFamily: af, NdisAfHandle: open.handle },
        () => reg.handlers.CmOpenAfHandler(reg.CallMgrBindingContext, { ...af }, open.handle),
        {
          subject: `Af ${open.id}`,
        },
      );
      const status = r?.status;
      if (open.request === undefined) {
        if (status !== NDIS_STATUS_PENDING)
          host.contract(
            "double-completion",
            `ProtocolCmOpenAf completed the open inside the handler, then returned ${ndisStatusName(status)}`,
            { object: `Af ${open.id}` },
          );
        return { status: NDIS_STATUS_PENDING, NdisAfHandle: open.handle };
      }
      if (status === NDIS_STATUS_PENDING) {
        open.request.phase = "pending";
        return { status: NDIS_STATUS_PENDING, NdisAfHandle: open.handle };
      }
      open.request = undefined;
      if (status === NDIS_STATUS_SUCCESS) {
        open.CallMgrAfContext = r.CallMgrAfContext;
        setAfState(host, open, "Open");
        return { status: NDIS_STATUS_SUCCESS, NdisAfHandle: open.handle };
      }
      freeAfOpen(host, open);
      return { status, NdisAfHandle: null };
    },
    (r) => r.status,
  );
}

function openComplete(
  ddi: "NdisCmOpenAddressFamilyComplete" | "NdisMCmOpenAddressFamilyComplete",
  Status: NDIS_STATUS,
  NdisAfHandle: NdisHandle<"Af">,
  CallMgrAfContext: NDIS_HANDLE,
): void {
  const host = hostForDdi(ddi, NdisAfHandle);
  host.ddi(ddi, { Status, NdisAfHandle, CallMgrAfContext }, () => {
    const open = host.resolve<AfOpen>(NdisAfHandle, "Af", ddi);
    if (open === undefined || !checkCmCaller(host, ddi, open.registration)) return;
    if (open.request?.op !== "open") {
      host.contract(
        open.state === "Opening" ? "completion-without-pending" : "double-completion",
        `${ddi} for Af ${open.id} in state ${open.state}: no pended open`,
        { ddi, object: `Af ${open.id}` },
      );
      return;
    }
    if (completesWithPending(host, ddi, Status, `Af ${open.id}`)) return;
    open.request = undefined;
    const client = open.clientBinding.protocol;
    const cl = client.cl;
    if (Status === NDIS_STATUS_SUCCESS) {
      open.CallMgrAfContext = CallMgrAfContext;
      setAfState(host, open, "Open");
    } else {
      freeAfOpen(host, open);
    }
    const handle = Status === NDIS_STATUS_SUCCESS ? open.handle : null;
    host.post(`open AF complete to ${client.characteristics.Name}`, client.driver, () => {
      if (cl === undefined) return;
      host.callHandler(client.driver, "ProtocolClOpenAfCompleteEx", { NdisAfHandle: handle, Status }, () =>
        cl.ClOpenAfCompleteHandlerEx(open.ClientAfContext, handle, Status),
      );
    });
  });
}

/** NdisCmOpenAddressFamilyComplete: completes a ProtocolCmOpenAf that returned PENDING. */
export function NdisCmOpenAddressFamilyComplete(
  Status: NDIS_STATUS,
  NdisAfHandle: NdisHandle<"Af">,
  CallMgrAfContext: NDIS_HANDLE,
): void {
  openComplete("NdisCmOpenAddressFamilyComplete", Status, NdisAfHandle, CallMgrAfContext);
}

/** NdisMCmOpenAddressFamilyComplete: the MCM form. */
export function NdisMCmOpenAddressFamilyComplete(
  Status: NDIS_STATUS,
  NdisAfHandle: NdisHandle<"Af">,
  CallMgrAfContext: NDIS_HANDLE,
): void {
  openComplete("NdisMCmOpenAddressFamilyComplete", Status, NdisAfHandle, CallMgrAfContext);
}

function finishClose(host: Host, open: AfOpen): void {
  setAfState(host, open, "Closed");
  if (open.notify === undefined) freeAfOpen(host, open);
}

/**
 * NdisClCloseAddressFamily. Q8: with a SAP still registered or registering, FAILURE without
 * calling the call manager; a call manager's NOT_ACCEPTED reaches the client as FAILURE.
 * A non-PENDING status is final (the client runs its own ProtocolClCloseAfComplete).
 */
export function NdisClCloseAddressFamily(NdisAfHandle: NdisHandle<"Af">): NDIS_STATUS {
  const host = hostForDdi("NdisClCloseAddressFamily", NdisAfHandle);
  const ddi = "NdisClCloseAddressFamily";
  return host.ddi(ddi, { NdisAfHandle }, () => {
    const open = host.resolve<AfOpen>(NdisAfHandle, "Af", ddi);
    if (open === undefined || !checkClientCaller(host, ddi, open.clientBinding.protocol.driver))
      return NDIS_STATUS_FAILURE;
    if (open.state !== "Open") {
      host.contract(
        "wrong-state",
        `${ddi} on Af ${open.id} in state ${open.state}${open.state === "Closing" ? ": already closing" : ""}`,
        { ddi, object: `Af ${open.id}`, level: "semantics" },
      );
      return NDIS_STATUS_FAILURE;
    }
    const held = [...open.saps].filter((s) => s.state === "Registered" || s.state === "Registering");
    if (held.length > 0) {
      host.contract(
        "af-closed-with-saps",
        `${ddi} on Af ${open.id} with ${held.length} SAP(s) still registered: deregister them first`,
        { ddi, object: `Af ${open.id}`, level: "semantics" },
      );
      return NDIS_STATUS_FAILURE;
    }
    if (open.vcs.size > 0) {
      host.contract(
        "af-closed-with-vcs",
        `${ddi} on Af ${open.id} with ${open.vcs.size} VC(s): delete them first`,
        { ddi, object: `Af ${open.id}`, level: "semantics" },
      );
      return NDIS_STATUS_FAILURE;
    }
    setAfState(host, open, "Closing");
    open.request = { op: "close", phase: "in-handler" };
    const reg = open.registration;
    const status = host.callHandler(
      reg.driver,
      "ProtocolCmCloseAf",
      {},
      () => reg.handlers.CmCloseAfHandler(open.CallMgrAfContext),
      { subject: `Af ${open.id}` },
    );
    if (open.request === undefined) {
      if (status !== NDIS_STATUS_PENDING)
        host.contract(
          "double-completion",
          `ProtocolCmCloseAf completed the close inside the handler, then returned ${ndisStatusName(status)}`,
          { object: `Af ${open.id}` },
        );
      return NDIS_STATUS_PENDING;
    }
    if (status === NDIS_STATUS_PENDING) {
      open.request.phase = "pending";
      return NDIS_STATUS_PENDING;
    }
    open.request = undefined;
    if (status === NDIS_STATUS_SUCCESS) {
      finishClose(host, open);
      return NDIS_STATUS_SUCCESS;
    }
    if (status !== NDIS_STATUS_NOT_ACCEPTED)
      host.contract(
        "wrong-state",
        `ProtocolCmCloseAf returned ${ndisStatusName(status)}; documented: SUCCESS, PENDING, NOT_ACCEPTED`,
        { object: `Af ${open.id}` },
      );
    setAfState(host, open, "Open");
    return NDIS_STATUS_FAILURE;
  });
}

function closeComplete(
  ddi: "NdisCmCloseAddressFamilyComplete" | "NdisMCmCloseAddressFamilyComplete",
  Status: NDIS_STATUS,
  NdisAfHandle: NdisHandle<"Af">,
): void {
  const host = hostForDdi(ddi, NdisAfHandle);
  host.ddi(ddi, { Status, NdisAfHandle }, () => {
    const open = host.resolve<AfOpen>(NdisAfHandle, "Af", ddi);
    if (open === undefined || !checkCmCaller(host, ddi, open.registration)) return;
    if (open.request?.op !== "close") {
      host.contract(
        open.state === "Closing" ? "completion-without-pending" : "double-completion",
        `${ddi} for Af ${open.id} in state ${open.state}: no pended close`,
        { ddi, object: `Af ${open.id}` },
      );
      return;
    }
    if (completesWithPending(host, ddi, Status, `Af ${open.id}`)) return;
    open.request = undefined;
    const client = open.clientBinding.protocol;
    let reported = Status;
    if (Status === NDIS_STATUS_SUCCESS) {
      finishClose(host, open);
    } else {
      host.contract(
        "wrong-state",
        `${ddi} with ${ndisStatusName(Status)}: only NDIS_STATUS_SUCCESS is documented`,
        { ddi, object: `Af ${open.id}` },
      );
      setAfState(host, open, "Open");
      reported = NDIS_STATUS_FAILURE;
    }
    const cl = client.cl;
    if (cl !== undefined)
      host.callHandler(client.driver, "ProtocolClCloseAfComplete", { Status: reported }, () =>
        cl.ClCloseAfCompleteHandler(reported, open.ClientAfContext),
      );
  });
}

/** NdisCmCloseAddressFamilyComplete: completes a ProtocolCmCloseAf that returned PENDING. */
export function NdisCmCloseAddressFamilyComplete(Status: NDIS_STATUS, NdisAfHandle: NdisHandle<"Af">): void {
  closeComplete("NdisCmCloseAddressFamilyComplete", Status, NdisAfHandle);
}

/** NdisMCmCloseAddressFamilyComplete: the MCM form. */
export function NdisMCmCloseAddressFamilyComplete(Status: NDIS_STATUS, NdisAfHandle: NdisHandle<"Af">): void {
  closeComplete("NdisMCmCloseAddressFamilyComplete", Status, NdisAfHandle);
}

function notifyClose(
  ddi: "NdisCmNotifyCloseAddressFamily" | "NdisMCmNotifyCloseAddressFamily",
  NdisAfHandle: NdisHandle<"Af">,
): NDIS_STATUS {
  const host = hostForDdi(ddi, NdisAfHandle);
  return host.ddi(ddi, { NdisAfHandle }, () => {
    const open = host.resolve<AfOpen>(NdisAfHandle, "Af", ddi);
    if (open === undefined || !checkCmCaller(host, ddi, open.registration)) return NDIS_STATUS_FAILURE;
    if (open.state !== "Open" || open.notify !== undefined) {
      host.contract(
        "wrong-state",
        `${ddi} on Af ${open.id} in state ${open.state}${open.notify !== undefined ? " with a notify outstanding" : ""}`,
        { ddi, object: `Af ${open.id}`, level: "semantics" },
      );
      return NDIS_STATUS_FAILURE;
    }
    const client = open.clientBinding.protocol;
    const cl = client.cl;
    if (cl === undefined) return NDIS_STATUS_FAILURE;
    open.notify = { phase: "in-handler" };
    const status = host.callHandler(
      client.driver,
      "ProtocolClNotifyCloseAf",
      {},
      () => cl.ClNotifyCloseAfHandler(open.ClientAfContext),
      { subject: `Af ${open.id}` },
    );
    if (open.notify === undefined) {
      checkCompletedInHandler(host, "ProtocolClNotifyCloseAf", status, `Af ${open.id}`);
      return NDIS_STATUS_PENDING;
    }
    if (status === NDIS_STATUS_PENDING) {
      open.notify.phase = "pending";
      return NDIS_STATUS_PENDING;
    }
    open.notify = undefined;
    // The client may have closed the AF inside its handler.
    if ((open.state as AfOpen["state"]) === "Closed") freeAfOpen(host, open);
    return status;
  });
}

/** NdisCmNotifyCloseAddressFamily: a call manager asks a client to close its AF (from ProtocolUnbindAdapterEx). */
export function NdisCmNotifyCloseAddressFamily(NdisAfHandle: NdisHandle<"Af">): NDIS_STATUS {
  return notifyClose("NdisCmNotifyCloseAddressFamily", NdisAfHandle);
}

/** NdisMCmNotifyCloseAddressFamily: the MCM form (from MiniportHaltEx). */
export function NdisMCmNotifyCloseAddressFamily(NdisAfHandle: NdisHandle<"Af">): NDIS_STATUS {
  return notifyClose("NdisMCmNotifyCloseAddressFamily", NdisAfHandle);
}

/** NdisClNotifyCloseAddressFamilyComplete: completes a ProtocolClNotifyCloseAf that returned PENDING; the AF handle stays usable for this call. */
export function NdisClNotifyCloseAddressFamilyComplete(
  NdisAfHandle: NdisHandle<"Af">,
  Status: NDIS_STATUS,
): void {
  const host = hostForDdi("NdisClNotifyCloseAddressFamilyComplete", NdisAfHandle);
  const ddi = "NdisClNotifyCloseAddressFamilyComplete";
  host.ddi(ddi, { NdisAfHandle, Status }, () => {
    const open = host.resolve<AfOpen>(NdisAfHandle, "Af", ddi);
    if (open === undefined || !checkClientCaller(host, ddi, open.clientBinding.protocol.driver)) return;
    if (open.notify === undefined) {
      host.contract("completion-without-pending", `${ddi} for Af ${open.id}: no notify outstanding`, {
        ddi,
        object: `Af ${open.id}`,
      });
      return;
    }
    if (completesWithPending(host, ddi, Status, `Af ${open.id}`)) return;
    open.notify = undefined;
    const reg = open.registration;
    host.callHandler(reg.driver, "ProtocolCmNotifyCloseAfComplete", { Status }, () =>
      reg.handlers.CmNotifyCloseAfCompleteHandler(open.CallMgrAfContext, Status),
    );
    if (open.state === "Closed") freeAfOpen(host, open);
  });
}
