/**
 * The CoNDIS data path: NdisCoSendNetBufferLists → MiniportCoSendNetBufferLists →
 * NdisMCoSendNetBufferListsComplete → ProtocolCoSendNetBufferListsComplete, and
 * NdisMCoIndicateReceiveNetBufferLists → ProtocolCoReceiveNetBufferLists →
 * NdisReturnNetBufferLists → MiniportReturnNetBufferLists.
 */
import { currentFrame } from "./context.ts";
import type { NET_BUFFER_LIST } from "./data-types.ts";
import type { NdisHandle } from "./handle.ts";
import { type Host, hostForDdi } from "./host.ts";
import { chain } from "./nbl.ts";
import type { AdapterRecord, BindingRecord, VcRecord, VcSide } from "./objects.ts";
import { NDIS_STATUS_VC_NOT_ACTIVATED } from "./status.ts";

/** Send, send-complete, receive and return flags (ndis.h). */
export const NDIS_SEND_FLAGS_DISPATCH_LEVEL = 0x1;
/** See NDIS_SEND_FLAGS_DISPATCH_LEVEL. */
export const NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL = 0x1;
/** The receive indication runs at DISPATCH_LEVEL. */
export const NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL = 0x1;
/** The miniport takes the NBLs back when the indication returns: the protocol must copy. */
export const NDIS_RECEIVE_FLAGS_RESOURCES = 0x2;
/** NdisReturnNetBufferLists runs at DISPATCH_LEVEL. */
export const NDIS_RETURN_FLAGS_DISPATCH_LEVEL = 0x1;

/** Re-links `nbls` into one chain (NDIS may move NBLs between chains; their NET_BUFFERs stay). */
function relink(nbls: readonly NET_BUFFER_LIST[]): NET_BUFFER_LIST | null {
  for (let i = 0; i < nbls.length; i++) (nbls[i] as NET_BUFFER_LIST).Next = nbls[i + 1] ?? null;
  return nbls[0] ?? null;
}

function sideOf(vc: VcRecord, sender: "client" | "cm"): VcSide | undefined {
  return sender === "client" ? vc.client : vc.cm;
}

/** Delivers send completions to the protocol that sent them. */
function completeToSender(
  host: Host,
  vc: VcRecord,
  sender: "client" | "cm",
  nbls: NET_BUFFER_LIST[],
  flags: number,
): void {
  const side = sideOf(vc, sender);
  const protocol = side?.binding.protocol;
  const handler = protocol?.co?.CoSendNetBufferListsCompleteHandler;
  const head = relink(nbls);
  if (side === undefined || protocol === undefined || handler === undefined || head === null) return;
  host.callHandler(
    protocol.driver,
    "ProtocolCoSendNetBufferListsComplete",
    { count: nbls.length },
    () => handler(side.context, head, flags),
    { subject: `Vc ${vc.id}` },
  );
}

/**
 * NdisCoSendNetBufferLists: a client on its call's VC, or a stand-alone call manager on its
 * signaling VC. The sender gives up each NBL until its send completion. An MCM never calls it.
 * On a VC that is not active every NBL completes with NDIS_STATUS_VC_NOT_ACTIVATED (OQ-10).
 */
export function NdisCoSendNetBufferLists(
  NdisVcHandle: NdisHandle<"Vc">,
  NetBufferLists: NET_BUFFER_LIST,
  SendFlags: number,
): void {
  const host = hostForDdi("NdisCoSendNetBufferLists", NdisVcHandle);
  const ddi = "NdisCoSendNetBufferLists";
  host.ddi(ddi, { NdisVcHandle, SendFlags }, () => {
    const caller = currentFrame()?.driver;
    if (caller?.miniport !== undefined) {
      host.contract(
        "mcm-used-co-send",
        `${ddi} called by miniport "${caller.name}": an MCM transmits on its medium directly and never calls it`,
        { ddi },
      );
      return;
    }
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return;
    const sender =
      vc.client?.binding.protocol.driver === caller
        ? "client"
        : vc.cm?.binding.protocol.driver === caller
          ? "cm"
          : undefined;
    if (sender === undefined || caller === null || caller === undefined) {
      host.contract(
        "wrong-caller",
        `${ddi} on Vc ${vc.id} by "${caller?.name ?? "?"}", which has no side of this VC`,
        { ddi, object: `Vc ${vc.id}` },
      );
      return;
    }
    if (sender === "cm" && vc.af !== undefined) {
      // A stand-alone call manager reaches the network only through its own signaling VCs.
      host.contract(
        "cm-send-off-signaling",
        `${ddi} by call manager "${caller.name}" on Vc ${vc.id}, a client's VC: a call manager sends only on its signaling VCs`,
        {
          ddi,
          object: `Vc ${vc.id}`,
        },
      );
      return;
    }
    const accepted: NET_BUFFER_LIST[] = [];
    for (const nbl of chain(NetBufferLists)) {
      const info = host.nbls.info(nbl);
      if (info === undefined || info.holder.kind !== "owner" || info.owner !== caller) {
        host.contract(
          "nbl-ownership",
          `${ddi}: an NBL that "${caller.name}" does not hold (${info === undefined ? "not from NdisAllocateNetBufferAndNetBufferList" : `held: ${info.holder.kind}`})`,
          { ddi, object: `Vc ${vc.id}` },
        );
        continue;
      }
      if (nbl.SourceHandle !== NdisVcHandle) {
        host.contract("bad-parameter", `${ddi}: NBL ${info.id} SourceHandle is not the NdisVcHandle`, {
          ddi,
          object: `Vc ${vc.id}`,
          level: "semantics",
        });
      }
      accepted.push(nbl);
    }
    if (accepted.length === 0) return;
    if (!carriesData(vc)) {
      host.contract(
        "vc-not-ready",
        `${ddi} on Vc ${vc.id} in state ${vc.state}: completed with NDIS_STATUS_VC_NOT_ACTIVATED`,
        { ddi, object: `Vc ${vc.id}`, level: "semantics" },
      );
      for (const nbl of accepted) nbl.Status = NDIS_STATUS_VC_NOT_ACTIVATED;
      completeToSender(host, vc, sender, accepted, 0);
      return;
    }
    for (const nbl of accepted) {
      const info = host.nbls.info(nbl);
      if (info !== undefined) info.holder = { kind: "sent", vc, sender };
    }
    vc.sendsInFlight += accepted.length;
    const mp = vc.adapter.miniport;
    const send = mp.co?.CoSendNetBufferListsHandler;
    const head = relink(accepted);
    if (send === undefined || head === null) return;
    host.callHandler(
      mp.driver,
      "MiniportCoSendNetBufferLists",
      { count: accepted.length, SendFlags },
      () => send(vc.miniportContext, head, SendFlags),
      { subject: `Vc ${vc.id}` },
    );
  });
}

/** NdisMCoSendNetBufferListsComplete: the miniport hands sent NBLs back; each exactly once. */
export function NdisMCoSendNetBufferListsComplete(
  NdisVcHandle: NdisHandle<"Vc">,
  NetBufferLists: NET_BUFFER_LIST,
  SendCompleteFlags: number,
): void {
  const host = hostForDdi("NdisMCoSendNetBufferListsComplete", NdisVcHandle);
  const ddi = "NdisMCoSendNetBufferListsComplete";
  host.ddi(ddi, { NdisVcHandle, SendCompleteFlags }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return;
    const bySender: Record<"client" | "cm", NET_BUFFER_LIST[]> = { client: [], cm: [] };
    for (const nbl of chain(NetBufferLists)) {
      const info = host.nbls.info(nbl);
      if (info === undefined || info.holder.kind !== "sent" || info.holder.vc !== vc) {
        host.contract(
          "nbl-double-completion",
          `${ddi} on Vc ${vc.id}: NBL ${info?.id ?? "?"} is not a send outstanding on this VC (completed twice?)`,
          { ddi, object: `Vc ${vc.id}` },
        );
        continue;
      }
      bySender[info.holder.sender].push(nbl);
      info.holder = { kind: "owner" };
      vc.sendsInFlight--;
    }
    for (const sender of ["client", "cm"] as const)
      if (bySender[sender].length > 0)
        completeToSender(host, vc, sender, bySender[sender], SendCompleteFlags);
  });
}

/** The protocol that receives on a VC: the client, or the call manager on its signaling VC (OQ-9). */
function receiverOf(vc: VcRecord): VcSide | undefined {
  return vc.af === undefined ? vc.cm : vc.client;
}

/**
 * NdisMCoIndicateReceiveNetBufferLists: the miniport indicates received NBLs on an active VC.
 * Without NDIS_RECEIVE_FLAGS_RESOURCES the protocol holds them until NdisReturnNetBufferLists;
 * with it, the miniport has them back as soon as the indication returns.
 */
export function NdisMCoIndicateReceiveNetBufferLists(
  NdisVcHandle: NdisHandle<"Vc">,
  NetBufferLists: NET_BUFFER_LIST,
  NumberOfNetBufferLists: number,
  CoReceiveFlags: number,
): void {
  const host = hostForDdi("NdisMCoIndicateReceiveNetBufferLists", NdisVcHandle);
  const ddi = "NdisMCoIndicateReceiveNetBufferLists";
  host.ddi(ddi, { NdisVcHandle, NumberOfNetBufferLists, CoReceiveFlags }, () => {
    const vc = host.resolve<VcRecord>(NdisVcHandle, "Vc", ddi);
    if (vc === undefined) return;
    const caller = currentFrame()?.driver;
    const miniport = vc.adapter.miniport.driver;
    if (caller !== null && caller !== undefined && caller !== miniport) {
      host.contract(
        "wrong-caller",
        `${ddi} on Vc ${vc.id} by "${caller.name}"; its miniport is "${miniport.name}"`,
        { ddi, object: `Vc ${vc.id}` },
      );
      return;
    }
    if (!carriesData(vc)) {
      host.contract(
        "vc-not-ready",
        `${ddi} on Vc ${vc.id} in state ${vc.state}: a miniport indicates only on active VCs`,
        { ddi, object: `Vc ${vc.id}` },
      );
      return;
    }
    const receiver = receiverOf(vc);
    const handler = receiver?.binding.protocol.co?.CoReceiveNetBufferListsHandler;
    if (receiver === undefined || handler === undefined) return;
    const nbls = [...chain(NetBufferLists)];
    if (nbls.length !== NumberOfNetBufferLists) {
      host.contract(
        "bad-parameter",
        `${ddi}: NumberOfNetBufferLists ${NumberOfNetBufferLists} but the chain holds ${nbls.length}`,
        { ddi, object: `Vc ${vc.id}` },
      );
    }
    const resources = (CoReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) !== 0;
    for (const nbl of nbls) {
      const info = host.nbls.info(nbl);
      if (info === undefined || info.holder.kind !== "owner" || info.owner !== miniport) {
        host.contract(
          "nbl-ownership",
          `${ddi}: NBL ${info?.id ?? "?"} is not held by miniport "${miniport.name}"`,
          { ddi, object: `Vc ${vc.id}` },
        );
        return;
      }
      if (!resources) info.holder = { kind: "indicated", vc, binding: receiver.binding };
    }
    const protocol = receiver.binding.protocol;
    host.callHandler(
      protocol.driver,
      "ProtocolCoReceiveNetBufferLists",
      { NumberOfNetBufferLists, ReceiveFlags: CoReceiveFlags },
      () =>
        handler(
          receiver.binding.ProtocolBindingContext,
          receiver.context,
          NetBufferLists,
          NumberOfNetBufferLists,
          CoReceiveFlags,
        ),
      { subject: `Vc ${vc.id}` },
    );
  });
}

/** NdisReturnNetBufferLists: the protocol gives indicated NBLs back; NDIS calls each miniport's MiniportReturnNetBufferLists. */
export function NdisReturnNetBufferLists(
  NdisBindingHandle: NdisHandle<"Binding">,
  NetBufferLists: NET_BUFFER_LIST,
  ReturnFlags: number,
): void {
  const host = hostForDdi("NdisReturnNetBufferLists", NdisBindingHandle);
  const ddi = "NdisReturnNetBufferLists";
  host.ddi(ddi, { NdisBindingHandle, ReturnFlags }, () => {
    const binding = host.resolve<BindingRecord>(NdisBindingHandle, "Binding", ddi);
    if (binding === undefined) return;
    const byAdapter = new Map<AdapterRecord, NET_BUFFER_LIST[]>();
    for (const nbl of chain(NetBufferLists)) {
      const info = host.nbls.info(nbl);
      if (info === undefined || info.holder.kind !== "indicated" || info.holder.binding !== binding) {
        host.contract(
          "nbl-double-completion",
          `${ddi}: NBL ${info?.id ?? "?"} was not indicated to this binding, or was returned already`,
          { ddi },
        );
        continue;
      }
      const adapter = info.holder.vc.adapter;
      info.holder = { kind: "owner" };
      const list = byAdapter.get(adapter) ?? [];
      list.push(nbl);
      byAdapter.set(adapter, list);
    }
    for (const [adapter, nbls] of byAdapter) {
      const head = relink(nbls);
      const mp = adapter.miniport;
      if (head === null) continue;
      host.callHandler(mp.driver, "MiniportReturnNetBufferLists", { count: nbls.length }, () =>
        mp.characteristics.ReturnNetBufferListsHandler(adapter.MiniportAdapterContext, head, ReturnFlags),
      );
    }
  });
}

/**
 * An Active VC carries data, and so does one being re-activated: its old parameters stay in force
 * until the miniport completes the re-activation (a failed one keeps them).
 */
function carriesData(vc: VcRecord): boolean {
  if (vc.state === "Active") return true;
  return vc.state === "Activating" && vc.request?.op === "activate" && vc.request.previous === "Active";
}
