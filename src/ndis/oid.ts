/**
 * CoNDIS OID requests (NdisCoOidRequest, NdisMCmOidRequest and their completions) and status
 * indications (NdisMCoIndicateStatusEx → ProtocolCoStatusEx).
 */
import { completesWithPending } from "./cm-checks.ts";
import { currentFrame } from "./context.ts";
import type { NDIS_OID_REQUEST, NDIS_STATUS_INDICATION } from "./data-types.ts";
import type { NDIS_HANDLE, NdisHandle } from "./handle.ts";
import { type Host, hostForDdi } from "./host.ts";
import type { AdapterRecord, AfOpen, BindingRecord, DriverRecord, VcRecord } from "./objects.ts";
import {
  type NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_PARAMETER,
  NDIS_STATUS_PENDING,
} from "./status.ts";

/** OID_CO_* codes (ntddndis.h). */
export const OID_CO = {
  OID_CO_ADD_PVC: 0xfe000001,
  OID_CO_DELETE_PVC: 0xfe000002,
  OID_CO_GET_CALL_INFORMATION: 0xfe000003,
  OID_CO_ADD_ADDRESS: 0xfe000004,
  OID_CO_DELETE_ADDRESS: 0xfe000005,
  OID_CO_GET_ADDRESSES: 0xfe000006,
  OID_CO_ADDRESS_CHANGE: 0xfe000007,
  OID_CO_SIGNALING_ENABLED: 0xfe000008,
  OID_CO_SIGNALING_DISABLED: 0xfe000009,
  OID_CO_AF_CLOSE: 0xfe00000a,
} as const;

/** NDIS_REQUEST_TYPE values used with NDIS_OID_REQUEST.RequestType. */
export const NDIS_REQUEST_TYPE = {
  NdisRequestQueryInformation: 0,
  NdisRequestSetInformation: 1,
  NdisRequestQueryStatistics: 2,
  NdisRequestMethod: 12,
} as const;

/** Who completes a pended request, and whose completion handler NDIS then calls. */
interface PendingOid {
  readonly completer: DriverRecord;
  readonly completeVia: "miniport" | "af";
  readonly deliver: (status: NDIS_STATUS) => void;
}

const pending = new WeakMap<NDIS_OID_REQUEST, PendingOid>();

function clientVcContext(vc: VcRecord | undefined): NDIS_HANDLE {
  return vc?.client?.context ?? null;
}

function cmVcContext(vc: VcRecord | undefined): NDIS_HANDLE {
  return vc === undefined
    ? null
    : vc.af?.registration.kind === "mcm"
      ? vc.mcmContext
      : (vc.cm?.context ?? null);
}

/** Runs a request handler and records it as pending when it returns PENDING (it may complete inside). */
function dispatch(request: NDIS_OID_REQUEST, entry: PendingOid, run: () => NDIS_STATUS): NDIS_STATUS {
  pending.set(request, entry);
  const status = run();
  if (status !== NDIS_STATUS_PENDING) pending.delete(request);
  return status;
}

/**
 * NdisCoOidRequest. With a NULL AF handle the request goes to the miniport (MiniportCoOidRequest);
 * with an AF handle, from a client to its call manager or from a call manager to the client
 * (ProtocolCoOidRequest). NDIS does not check or serialise CoNDIS OIDs.
 */
export function NdisCoOidRequest(
  NdisBindingHandle: NdisHandle<"Binding">,
  NdisAfHandle: NdisHandle<"Af"> | null,
  NdisVcHandle: NdisHandle<"Vc"> | null,
  NdisPartyHandle: NdisHandle<"Party"> | null,
  OidRequest: NDIS_OID_REQUEST,
): NDIS_STATUS {
  const host = hostForDdi("NdisCoOidRequest", NdisBindingHandle);
  const ddi = "NdisCoOidRequest";
  return host.ddi(
    ddi,
    { NdisBindingHandle, NdisAfHandle, NdisVcHandle, NdisPartyHandle, Oid: OidRequest?.Oid ?? null },
    () => {
      const binding = host.resolve<BindingRecord>(NdisBindingHandle, "Binding", ddi);
      if (binding === undefined) return NDIS_STATUS_FAILURE;
      if (!wellFormed(host, ddi, "OidRequest", OidRequest, "Oid")) return NDIS_STATUS_INVALID_PARAMETER;
      if (binding.unbinding && binding.state === "Closed") return NDIS_STATUS_FAILURE;
      const vc = NdisVcHandle === null ? undefined : host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
      if (NdisVcHandle !== null && vc === undefined) return NDIS_STATUS_FAILURE;
      const requester = binding.protocol;
      const requesterCo = requester.co;
      if (NdisAfHandle === null) {
        if (NdisPartyHandle !== null) return NDIS_STATUS_INVALID_PARAMETER;
        const adapter = binding.adapter;
        const mp = adapter.miniport;
        const handler = mp.co?.CoOidRequestHandler;
        if (handler === undefined) return NDIS_STATUS_FAILURE;
        const side = vc?.client?.binding === binding ? vc.client : vc?.cm;
        return dispatch(
          OidRequest,
          {
            completer: mp.driver,
            completeVia: "miniport",
            deliver: (status) => {
              const complete =
                requester.cm?.CmOidRequestCompleteHandler ?? requester.cl?.ClOidRequestCompleteHandler;
              if (complete !== undefined && requesterCo !== undefined) {
                host.callHandler(
                  requester.driver,
                  "ProtocolCoOidRequestComplete",
                  { Oid: OidRequest.Oid, Status: status },
                  () => complete(null, side?.context ?? null, null, OidRequest, status),
                );
              }
            },
          },
          () =>
            host.callHandler(mp.driver, "MiniportCoOidRequest", { Oid: OidRequest.Oid }, () =>
              handler(adapter.MiniportAdapterContext, vc?.miniportContext ?? null, OidRequest),
            ),
        );
      }
      const open = host.resolve<AfOpen>(NdisAfHandle, "Af", ddi);
      if (open === undefined) return NDIS_STATUS_FAILURE;
      const reg = open.registration;
      const client = open.clientBinding.protocol;
      const cl = client.cl;
      if (cl === undefined) return NDIS_STATUS_FAILURE;
      if (open.clientBinding === binding) {
        // Client → call manager (or MCM).
        return dispatch(
          OidRequest,
          {
            completer: reg.driver,
            completeVia: "af",
            deliver: (status) =>
              host.callHandler(
                client.driver,
                "ProtocolCoOidRequestComplete",
                { Oid: OidRequest.Oid, Status: status },
                () =>
                  cl.ClOidRequestCompleteHandler(
                    open.ClientAfContext,
                    clientVcContext(vc),
                    null,
                    OidRequest,
                    status,
                  ),
              ),
          },
          () =>
            host.callHandler(reg.driver, "ProtocolCoOidRequest", { Oid: OidRequest.Oid }, () =>
              reg.handlers.CmOidRequestHandler(open.CallMgrAfContext, cmVcContext(vc), null, OidRequest),
            ),
        );
      }
      if (reg.binding === binding) return toClient(host, open, vc, OidRequest);
      host.contract("bad-parameter", `${ddi}: Af ${open.id} is neither opened nor served on this binding`, {
        ddi,
      });
      return NDIS_STATUS_FAILURE;
    },
  );
}

/** A call manager's (or MCM's) request to the client of an AF. */
function toClient(
  host: Host,
  open: AfOpen,
  vc: VcRecord | undefined,
  OidRequest: NDIS_OID_REQUEST,
): NDIS_STATUS {
  const reg = open.registration;
  const client = open.clientBinding.protocol;
  const cl = client.cl;
  if (cl === undefined) return NDIS_STATUS_FAILURE;
  return dispatch(
    OidRequest,
    {
      completer: client.driver,
      completeVia: "af",
      deliver: (status) =>
        host.callHandler(
          reg.driver,
          "ProtocolCoOidRequestComplete",
          { Oid: OidRequest.Oid, Status: status },
          () =>
            reg.handlers.CmOidRequestCompleteHandler(
              open.CallMgrAfContext,
              cmVcContext(vc),
              null,
              OidRequest,
              status,
            ),
        ),
    },
    () =>
      host.callHandler(client.driver, "ProtocolCoOidRequest", { Oid: OidRequest.Oid }, () =>
        cl.ClOidRequestHandler(open.ClientAfContext, clientVcContext(vc), null, OidRequest),
      ),
  );
}

/** NdisMCmOidRequest: an MCM's request to the client of one of its AFs. */
export function NdisMCmOidRequest(
  NdisAfHandle: NdisHandle<"Af">,
  NdisVcHandle: NdisHandle<"Vc"> | null,
  NdisPartyHandle: NdisHandle<"Party"> | null,
  OidRequest: NDIS_OID_REQUEST,
): NDIS_STATUS {
  const host = hostForDdi("NdisMCmOidRequest", NdisAfHandle);
  const ddi = "NdisMCmOidRequest";
  return host.ddi(ddi, { NdisAfHandle, NdisVcHandle, NdisPartyHandle, Oid: OidRequest?.Oid ?? null }, () => {
    const open = host.resolve<AfOpen>(NdisAfHandle, "Af", ddi);
    if (open === undefined) return NDIS_STATUS_FAILURE;
    if (!wellFormed(host, ddi, "OidRequest", OidRequest, "Oid")) return NDIS_STATUS_INVALID_PARAMETER;
    if (open.registration.kind !== "mcm") {
      host.contract(
        "wrong-form",
        `${ddi} on Af ${open.id}, which a stand-alone call manager serves (it uses NdisCoOidRequest)`,
        { ddi, level: "semantics" },
      );
    }
    const vc = NdisVcHandle === null ? undefined : host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (NdisVcHandle !== null && vc === undefined) return NDIS_STATUS_FAILURE;
    return toClient(host, open, vc, OidRequest);
  });
}

function completeAf(
  ddi: "NdisCoOidRequestComplete" | "NdisMCmOidRequestComplete",
  NdisAfHandle: NdisHandle<"Af">,
  OidRequest: NDIS_OID_REQUEST,
  Status: NDIS_STATUS,
  args: Record<string, unknown>,
): void {
  const host = hostForDdi(ddi, NdisAfHandle);
  host.ddi(ddi, { ...args, Oid: OidRequest?.Oid ?? null, Status }, () => {
    const open = host.resolve<AfOpen>(NdisAfHandle, "Af", ddi);
    if (open === undefined) return;
    finish(host, ddi, OidRequest, Status, "af");
  });
}

function finish(
  host: Host,
  ddi: string,
  OidRequest: NDIS_OID_REQUEST,
  Status: NDIS_STATUS,
  via: "af" | "miniport",
): void {
  const entry = pending.get(OidRequest);
  const caller = currentFrame()?.driver;
  if (entry === undefined || entry.completeVia !== via) {
    host.contract(
      "oid-completion",
      `${ddi}: no pended request for this NDIS_OID_REQUEST (completed twice, or it never returned PENDING)`,
      { ddi },
    );
    return;
  }
  if (caller !== null && caller !== undefined && caller !== entry.completer) {
    host.contract(
      "wrong-caller",
      `${ddi} by "${caller.name}"; the request is pending at "${entry.completer.name}"`,
      { ddi },
    );
    return;
  }
  if (completesWithPending(host, ddi, Status)) return;
  pending.delete(OidRequest);
  entry.deliver(Status);
}

/** NdisCoOidRequestComplete: completes a ProtocolCoOidRequest that returned PENDING. */
export function NdisCoOidRequestComplete(
  NdisAfHandle: NdisHandle<"Af">,
  NdisVcHandle: NdisHandle<"Vc"> | null,
  NdisPartyHandle: NdisHandle<"Party"> | null,
  OidRequest: NDIS_OID_REQUEST,
  Status: NDIS_STATUS,
): void {
  completeAf("NdisCoOidRequestComplete", NdisAfHandle, OidRequest, Status, {
    NdisAfHandle,
    NdisVcHandle,
    NdisPartyHandle,
  });
}

/** NdisMCmOidRequestComplete: the MCM form. */
export function NdisMCmOidRequestComplete(
  NdisAfHandle: NdisHandle<"Af">,
  NdisVcHandle: NdisHandle<"Vc"> | null,
  NdisPartyHandle: NdisHandle<"Party"> | null,
  OidRequest: NDIS_OID_REQUEST,
  Status: NDIS_STATUS,
): void {
  completeAf("NdisMCmOidRequestComplete", NdisAfHandle, OidRequest, Status, {
    NdisAfHandle,
    NdisVcHandle,
    NdisPartyHandle,
  });
}

/** NdisMCoOidRequestComplete: the miniport completes a MiniportCoOidRequest that returned PENDING. */
export function NdisMCoOidRequestComplete(
  MiniportAdapterHandle: NdisHandle<"Miniport">,
  NdisMiniportVcHandle: NdisHandle<"Vc"> | null,
  OidRequest: NDIS_OID_REQUEST,
  Status: NDIS_STATUS,
): void {
  const host = hostForDdi("NdisMCoOidRequestComplete", MiniportAdapterHandle);
  const ddi = "NdisMCoOidRequestComplete";
  host.ddi(ddi, { MiniportAdapterHandle, NdisMiniportVcHandle, Oid: OidRequest?.Oid ?? null, Status }, () => {
    if (host.resolve<AdapterRecord>(MiniportAdapterHandle, "Miniport", ddi) === undefined) return;
    finish(host, ddi, OidRequest, Status, "miniport");
  });
}

/**
 * NdisMCoIndicateStatusEx: with a NULL VC handle every bound CoNDIS protocol's ProtocolCoStatusEx
 * runs; with a VC, the client and the call manager that share it, each with its own VC context.
 */
export function NdisMCoIndicateStatusEx(
  MiniportAdapterHandle: NdisHandle<"Miniport">,
  NdisVcHandle: NdisHandle<"Vc"> | null,
  StatusIndication: NDIS_STATUS_INDICATION,
): void {
  const host = hostForDdi("NdisMCoIndicateStatusEx", MiniportAdapterHandle);
  const ddi = "NdisMCoIndicateStatusEx";
  host.ddi(
    ddi,
    { MiniportAdapterHandle, NdisVcHandle, StatusCode: StatusIndication?.StatusCode ?? null },
    () => {
      const adapter = host.resolve<AdapterRecord>(MiniportAdapterHandle, "Miniport", ddi);
      if (adapter === undefined) return;
      if (!wellFormed(host, ddi, "StatusIndication", StatusIndication, "StatusCode")) return;
      const targets: { binding: BindingRecord; context: NDIS_HANDLE }[] = [];
      if (NdisVcHandle === null) {
        for (const binding of adapter.bindings) targets.push({ binding, context: null });
      } else {
        const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
        if (vc === undefined) return;
        if (vc.client !== undefined) targets.push({ binding: vc.client.binding, context: vc.client.context });
        if (vc.cm !== undefined) targets.push({ binding: vc.cm.binding, context: vc.cm.context });
      }
      for (const { binding, context } of targets) {
        const handler = binding.protocol.co?.CoStatusHandlerEx;
        if (handler === undefined || binding.state === "Closed") continue;
        host.callHandler(
          binding.protocol.driver,
          "ProtocolCoStatusEx",
          { StatusCode: StatusIndication.StatusCode },
          () => handler(binding.ProtocolBindingContext, context, StatusIndication),
        );
      }
    },
  );
}

/** True when `value` is a structure with a numeric `field`; otherwise reports it (bad-parameter). */
function wellFormed(host: Host, ddi: string, name: string, value: unknown, field: string): boolean {
  if (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Record<string, unknown>)[field] === "number"
  )
    return true;
  host.contract(
    "bad-parameter",
    `${ddi}: ${name} (${String(value)}) has no numeric ${field}; nothing was done`,
    {
      ddi,
    },
  );
  return false;
}
