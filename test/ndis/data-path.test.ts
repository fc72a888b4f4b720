import { describe, expect, it } from "vitest";
import type { AtmFrame } from "../../src/media/index.ts";
import {
  NDIS_RECEIVE_FLAGS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  NDIS_STATUS_VC_NOT_ACTIVATED,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisCmDeactivateVc,
  NdisCoCreateVc,
  NdisCoSendNetBufferLists,
  NdisFreeNetBufferList,
  NdisFreeNetBufferListPool,
  NdisMCoSendNetBufferListsComplete,
  NdisReturnNetBufferLists,
  type NET_BUFFER_LIST,
} from "../../src/ndis/index.ts";
import { makeWorld } from "../support/world.ts";
import { codes, entries, handlerEntries, indexOf } from "./helpers.ts";
import { activeClientVc, clientNbl, clientPool, clientSend, handles } from "./vc-helpers.ts";

const world = (medium = {}) => makeWorld({ medium });

describe("send path", () => {
  it("an NBL goes out on the VC's VPI/VCI and completes to the client exactly once with SUCCESS", () => {
    const w = world();
    const vc = activeClientVc(w, 77);
    const frames: AtmFrame[] = [];
    w.link!.b.onReceive((f) => frames.push(f));
    const pool = clientPool(w);
    clientSend(w, pool, vc, new Uint8Array([1, 2, 3, 4]));
    expect(w.client.hookLog.sendCompleted).toEqual([]); // completion is deferred to the miniport's DPC
    w.settle();
    expect(frames).toEqual([{ vpi: 0, vci: 77, payload: new Uint8Array([1, 2, 3, 4]) }]);
    expect(w.client.hookLog.sendCompleted).toEqual([
      { vcContext: { owner: "client" }, statuses: [NDIS_STATUS_SUCCESS] },
    ]);
    expect(w.host.snapshot().outstandingNbls).toEqual([]);
    expect(codes(w.events)).toEqual([]);
    const frameEvents = w.events.filter((e) => e.type === "frame");
    expect(frameEvents).toMatchObject([{ adapter: "ATM0", direction: "tx", vpi: 0, vci: 77 }]);
  });

  it("OQ-10: a send on a VC that is not active completes with NDIS_STATUS_VC_NOT_ACTIVATED", () => {
    const w = world();
    const h = handles(w);
    const vc = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null)).NdisVcHandle!;
    clientSend(w, clientPool(w), vc, new Uint8Array([1]));
    expect(w.client.hookLog.sendCompleted.map((c) => c.statuses)).toEqual([[NDIS_STATUS_VC_NOT_ACTIVATED]]);
    expect(entries(w.events, "MiniportCoSendNetBufferLists")).toBe(0);
    expect(codes(w.events)).toEqual(["vc-not-ready"]);
  });

  it("an NBL the sender does not hold is refused; a completion of one not outstanding is reported", () => {
    const w = world();
    const vc = activeClientVc(w);
    const pool = clientPool(w);
    const nbl = clientSend(w, pool, vc, new Uint8Array([5]));
    w.host.runAs(w.client.name, () => NdisCoSendNetBufferLists(vc, nbl, 0)); // still with the miniport
    w.settle();
    w.host.runAs("COMINI", () => NdisMCoSendNetBufferListsComplete(vc, nbl, 0)); // already completed
    expect(codes(w.events)).toEqual(["nbl-ownership", "nbl-double-completion"]);
    expect(w.client.hookLog.sendCompleted).toHaveLength(1);
  });

  it("a VC deactivated with sends in flight: the sends complete first, then the deactivation", () => {
    const w = world();
    const vc = activeClientVc(w);
    const pool = clientPool(w);
    clientSend(w, pool, vc, new Uint8Array([1]));
    clientSend(w, pool, vc, new Uint8Array([2]));
    expect(w.host.runAs("TESTCM", () => NdisCmDeactivateVc(vc))).toBe(0x103);
    w.settle();
    const lastSendComplete = w.events.findLastIndex(
      (e) => e.type === "handler-enter" && e.handler === "ProtocolCoSendNetBufferListsComplete",
    );
    const deactivated = indexOf(
      w.events,
      (e) => e.type === "handler-enter" && e.handler === "ProtocolCmDeactivateVcComplete",
    );
    expect(lastSendComplete).toBeGreaterThan(-1);
    expect(deactivated).toBeGreaterThan(lastSendComplete);
    expect(w.client.hookLog.sendCompleted.flatMap((c) => c.statuses)).toEqual([
      NDIS_STATUS_SUCCESS,
      NDIS_STATUS_SUCCESS,
    ]);
    expect(w.host.snapshot().outstandingNbls).toEqual([]);
    expect(codes(w.events)).toEqual([]);
  });

  it("a stand-alone call manager sends only on its signaling VCs, not on a client's VC", () => {
    const w = world();
    const vc = activeClientVc(w);
    const cmBinding = handles(w).cm;
    w.host.runAs("TESTCM", () => {
      const pool = NdisAllocateNetBufferListPool(cmBinding, { PoolTag: 1, fAllocateNetBuffer: true });
      const nbl = NdisAllocateNetBufferAndNetBufferList(pool!, 0, 0, new Uint8Array([1]), 0, 1)!;
      nbl.SourceHandle = vc;
      NdisCoSendNetBufferLists(vc, nbl, 0);
    });
    expect(codes(w.events)).toEqual(["cm-send-off-signaling"]);
    expect(entries(w.events, "MiniportCoSendNetBufferLists")).toBe(0);
  });

  it("an MCM never calls NdisCoSendNetBufferLists", () => {
    const w = makeWorld({ kind: "mcm" });
    w.host.runAs("TESTMCM", () =>
      NdisCoSendNetBufferLists(null as never, null as unknown as NET_BUFFER_LIST, 0),
    );
    expect(codes(w.events)).toEqual(["mcm-used-co-send"]);
  });
});

describe("receive path", () => {
  it("a frame on the VC is indicated to the client and returned to the miniport, which frees it", () => {
    const w = world();
    activeClientVc(w, 55);
    w.link!.b.send({ vpi: 0, vci: 55, payload: new Uint8Array([7, 8]) });
    w.settle();
    expect(w.client.hookLog.received.map((r) => [...(r.bytes[0] ?? [])])).toEqual([[7, 8]]);
    expect(entries(w.events, "MiniportReturnNetBufferLists")).toBe(1);
    expect(w.host.snapshot().liveNbls).toBe(0);
    const [indication] = handlerEntries(w.events, "ProtocolCoReceiveNetBufferLists");
    expect(indication?.irql).toBe(2);
    expect(codes(w.events)).toEqual([]);
  });

  it("the protocol may hold indicated NBLs and return them later; a second return is reported", () => {
    const w = world();
    activeClientVc(w, 56);
    w.client.hooks.returnReceives = false;
    w.link!.b.send({ vpi: 0, vci: 56, payload: new Uint8Array([1]) });
    w.settle();
    expect(w.host.snapshot().outstandingNbls).toHaveLength(1);
    const held = w.client.hooks.held.splice(0);
    const binding = handles(w).client;
    w.host.runAs(w.client.name, () => NdisReturnNetBufferLists(binding, held[0]!, 0));
    expect(w.host.snapshot().outstandingNbls).toEqual([]);
    w.host.runAs(w.client.name, () => NdisReturnNetBufferLists(binding, held[0]!, 0));
    expect(codes(w.events)).toEqual(["nbl-double-completion"]);
  });

  it("with NDIS_RECEIVE_FLAGS_RESOURCES no ownership passes: no return follows, and returning is refused", () => {
    const w = world({ receiveWithResources: true });
    activeClientVc(w, 57);
    let kept: NET_BUFFER_LIST | undefined;
    w.client.hooks.receive = (_b, _v, nbls, _n, flags) => {
      expect(flags & NDIS_RECEIVE_FLAGS_RESOURCES).toBe(NDIS_RECEIVE_FLAGS_RESOURCES);
      kept = nbls;
    };
    w.link!.b.send({ vpi: 0, vci: 57, payload: new Uint8Array([3]) });
    w.settle();
    expect(kept).toBeDefined();
    expect(entries(w.events, "MiniportReturnNetBufferLists")).toBe(0);
    expect(w.host.snapshot().liveNbls).toBe(0);
    w.host.runAs(w.client.name, () => NdisReturnNetBufferLists(handles(w).client, kept!, 0));
    expect(codes(w.events)).toEqual(["nbl-double-completion"]);
  });

  it("frames for an unknown VC are counted and dropped; nothing is indicated", () => {
    const w = world();
    activeClientVc(w, 58);
    w.link!.b.send({ vpi: 0, vci: 999, payload: new Uint8Array([1]) });
    w.settle();
    expect(w.client.hookLog.received).toEqual([]);
  });
});

describe("NBL pools", () => {
  it("freeing an NBL twice, or a pool with NBLs left, is reported", () => {
    const w = world();
    const vc = activeClientVc(w);
    const pool = clientPool(w);
    const nbl = clientNbl(w, pool, vc, new Uint8Array([1]));
    w.host.runAs(w.client.name, () => NdisFreeNetBufferList(nbl));
    w.host.runAs(w.client.name, () => NdisFreeNetBufferList(nbl));
    clientNbl(w, pool, vc, new Uint8Array([2]));
    expect(w.host.snapshot().liveNbls).toBe(1);
    w.host.runAs(w.client.name, () => NdisFreeNetBufferListPool(pool));
    expect(codes(w.events)).toEqual(["double-free", "nbl-ownership"]);
  });
});
