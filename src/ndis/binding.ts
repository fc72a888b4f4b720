import { completesWithPending } from "./cm-checks.ts";
import type { NDIS_HANDLE, NdisHandle } from "./handle.ts";
import { hostForDdi } from "./host.ts";
import {
  type BindContextRecord,
  closeBinding,
  finishBind,
  finishUnbind,
  scheduleUnbind,
  setBindingState,
  type UnbindContextRecord,
} from "./lifecycle.ts";
import type { AdapterRecord, BindingRecord, ProtocolRecord } from "./objects.ts";
import {
  type NDIS_STATUS,
  NDIS_STATUS_ADAPTER_NOT_FOUND,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_SUCCESS,
  NDIS_STATUS_UNSUPPORTED_MEDIA,
} from "./status.ts";
import {
  type NDIS_MINIPORT_ADAPTER_ATTRIBUTES,
  type NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
  NDIS_OBJECT_TYPE,
  type NDIS_OPEN_PARAMETERS,
} from "./types.ts";

/**
 * NdisOpenAdapterEx: only inside ProtocolBindAdapterEx (or before its NdisCompleteBindAdapterEx).
 * The model completes every open synchronously; the binding starts Paused.
 */
export function NdisOpenAdapterEx(
  NdisProtocolHandle: NdisHandle<"Protocol">,
  ProtocolBindingContext: NDIS_HANDLE,
  OpenParameters: NDIS_OPEN_PARAMETERS,
  BindContext: NdisHandle<"BindContext">,
): { status: NDIS_STATUS; NdisBindingHandle: NdisHandle<"Binding"> | null; SelectedMediumIndex: number } {
  const host = hostForDdi("NdisOpenAdapterEx", NdisProtocolHandle);
  const none = { NdisBindingHandle: null, SelectedMediumIndex: -1 };
  const ddi = "NdisOpenAdapterEx";
  return host.ddi(
    ddi,
    { NdisProtocolHandle, ProtocolBindingContext, OpenParameters, BindContext },
    () => {
      const protocol = host.resolve<ProtocolRecord>(NdisProtocolHandle, "Protocol", ddi);
      const ctx = host.resolve<BindContextRecord>(BindContext, "BindContext", ddi);
      if (protocol === undefined || ctx === undefined) return { status: NDIS_STATUS_FAILURE, ...none };
      if (ctx.protocol !== protocol || ctx.binding !== undefined) {
        host.contract(
          "wrong-state",
          `${ddi}: BindContext is not this protocol's open bind, or it already opened`,
          { ddi },
        );
        return { status: NDIS_STATUS_FAILURE, ...none };
      }
      const adapter = ctx.adapter;
      if (adapter.state === "Halted" || adapter.state === "Halting")
        return { status: NDIS_STATUS_ADAPTER_NOT_FOUND, ...none };
      const media = OpenParameters?.MediumArray ?? [];
      const index = media.indexOf(adapter.medium);
      if (index < 0) return { status: NDIS_STATUS_UNSUPPORTED_MEDIA, ...none };
      const binding: BindingRecord = {
        protocol,
        adapter,
        handle: undefined as unknown as NdisHandle<"Binding">,
        ProtocolBindingContext,
        state: "Opening",
        bound: false,
        unbinding: false,
        cmAfs: new Set(),
        clientAfs: new Set(),
        vcs: new Set(),
      };
      (binding as { handle: NdisHandle<"Binding"> }).handle = host.issue("Binding", binding);
      protocol.bindings.add(binding);
      adapter.bindings.add(binding);
      ctx.binding = binding;
      setBindingState(host, binding, "Paused");
      return { status: NDIS_STATUS_SUCCESS, NdisBindingHandle: binding.handle, SelectedMediumIndex: index };
    },
    (r) => r.status,
  );
}

/** NdisCloseAdapterEx: from ProtocolUnbindAdapterEx (or a failing bind). Completes synchronously. */
export function NdisCloseAdapterEx(NdisBindingHandle: NdisHandle<"Binding">): NDIS_STATUS {
  const host = hostForDdi("NdisCloseAdapterEx", NdisBindingHandle);
  const ddi = "NdisCloseAdapterEx";
  return host.ddi(ddi, { NdisBindingHandle }, () => {
    const binding = host.resolve<BindingRecord>(NdisBindingHandle, "Binding", ddi);
    if (binding === undefined) return NDIS_STATUS_FAILURE;
    if (binding.bound && !binding.unbinding) {
      host.contract(
        "wrong-state",
        `${ddi}: only from ProtocolUnbindAdapterEx (use NdisUnbindAdapter to ask for an unbind)`,
        { ddi },
      );
      return NDIS_STATUS_FAILURE;
    }
    closeBinding(host, binding);
    return NDIS_STATUS_SUCCESS;
  });
}

/** NdisCompleteBindAdapterEx: completes a ProtocolBindAdapterEx that returned PENDING. */
export function NdisCompleteBindAdapterEx(
  BindAdapterContext: NdisHandle<"BindContext">,
  Status: NDIS_STATUS,
): void {
  const host = hostForDdi("NdisCompleteBindAdapterEx", BindAdapterContext);
  const ddi = "NdisCompleteBindAdapterEx";
  host.ddi(ddi, { BindAdapterContext, Status }, () => {
    const ctx = host.resolve<BindContextRecord>(BindAdapterContext, "BindContext", ddi);
    if (ctx === undefined) return;
    if (completesWithPending(host, ddi, Status)) return;
    finishBind(host, ctx, Status);
  });
}

/** NdisCompleteUnbindAdapterEx: completes a ProtocolUnbindAdapterEx that returned PENDING. */
export function NdisCompleteUnbindAdapterEx(UnbindContext: NdisHandle<"UnbindContext">): void {
  const host = hostForDdi("NdisCompleteUnbindAdapterEx", UnbindContext);
  const ddi = "NdisCompleteUnbindAdapterEx";
  host.ddi(ddi, { UnbindContext }, () => {
    const ctx = host.resolve<UnbindContextRecord>(UnbindContext, "UnbindContext", ddi);
    if (ctx !== undefined) finishUnbind(host, ctx);
  });
}

/** NdisUnbindAdapter: asks NDIS to unbind this binding later (from a work item). */
export function NdisUnbindAdapter(NdisBindingHandle: NdisHandle<"Binding">): NDIS_STATUS {
  const host = hostForDdi("NdisUnbindAdapter", NdisBindingHandle);
  const ddi = "NdisUnbindAdapter";
  return host.ddi(ddi, { NdisBindingHandle }, () => {
    const binding = host.resolve<BindingRecord>(NdisBindingHandle, "Binding", ddi);
    if (binding === undefined) return NDIS_STATUS_FAILURE;
    scheduleUnbind(host, binding);
    return NDIS_STATUS_SUCCESS;
  });
}

/** NdisMSetMiniportAttributes: from MiniportInitializeEx; sets the adapter context and medium. */
export function NdisMSetMiniportAttributes(
  NdisMiniportHandle: NdisHandle<"Miniport">,
  MiniportAttributes: NDIS_MINIPORT_ADAPTER_ATTRIBUTES,
): NDIS_STATUS {
  const host = hostForDdi("NdisMSetMiniportAttributes", NdisMiniportHandle);
  const ddi = "NdisMSetMiniportAttributes";
  return host.ddi(ddi, { NdisMiniportHandle, MiniportAttributes }, () => {
    const adapter = host.resolve<AdapterRecord>(NdisMiniportHandle, "Miniport", ddi);
    if (adapter === undefined) return NDIS_STATUS_FAILURE;
    if (adapter.state !== "Initializing") {
      host.contract("wrong-state", `${ddi}: only from MiniportInitializeEx`, { ddi });
      return NDIS_STATUS_FAILURE;
    }
    switch (MiniportAttributes?.Header?.Type) {
      case NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES:
        adapter.MiniportAdapterContext = (
          MiniportAttributes as { MiniportAdapterContext: NDIS_HANDLE }
        ).MiniportAdapterContext;
        return NDIS_STATUS_SUCCESS;
      case NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES:
        adapter.medium = (MiniportAttributes as NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES).MediaType;
        return NDIS_STATUS_SUCCESS;
      default:
        host.contract("bad-parameter", `${ddi}: unknown attribute Header.Type`, { ddi });
        return NDIS_STATUS_FAILURE;
    }
  });
}
