/** Helpers for VC and data-path tests: handles of the world's drivers, NBL allocation, sends. */
import { atmVcParameters } from "../../src/drivers/atm-media.ts";
import {
  type NDIS_NBL_POOL,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisCmActivateVc,
  NdisCoCreateVc,
  NdisCoSendNetBufferLists,
  type NdisHandle,
  type NET_BUFFER_LIST,
} from "../../src/ndis/index.ts";
import type { World } from "../support/world.ts";

/** The client's and the CM's binding handles, and the client's AF handle. */
export function handles(w: World) {
  const client = w.client.bindings[0]?.handle;
  const cm = w.cm?.bindings[0]?.handle;
  const af = w.client.af().handle;
  if (client === null || client === undefined || cm === null || cm === undefined || af === null)
    throw new Error("world not bound");
  return { client, cm, af };
}

/** Creates a client VC and has the CM activate it on `vpi/vci`. */
export function activeClientVc(w: World, vci = 100): NdisHandle<"Vc"> {
  const h = handles(w);
  const r = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, { owner: "client" }));
  if (r.NdisVcHandle === null) throw new Error(`create failed: ${r.status}`);
  const vc = r.NdisVcHandle;
  w.host.runAs("TESTCM", () => NdisCmActivateVc(vc, atmVcParameters(0, vci)));
  w.settle();
  return vc;
}

/** A pool of the client's. */
export function clientPool(w: World): NDIS_NBL_POOL {
  const pool = w.host.runAs(w.client.name, () =>
    NdisAllocateNetBufferListPool(handles(w).client, { PoolTag: 0x6c437354, fAllocateNetBuffer: true }),
  );
  if (pool === null) throw new Error("no pool");
  return pool;
}

/** Allocates an NBL holding `bytes` from `pool` as the client, with SourceHandle set to `vc`. */
export function clientNbl(
  w: World,
  pool: NDIS_NBL_POOL,
  vc: NdisHandle<"Vc">,
  bytes: Uint8Array,
): NET_BUFFER_LIST {
  const nbl = w.host.runAs(w.client.name, () =>
    NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, bytes, 0, bytes.length),
  );
  if (nbl === null) throw new Error("no NBL");
  nbl.SourceHandle = vc;
  return nbl;
}

/** Sends one NBL of `bytes` as the client. */
export function clientSend(
  w: World,
  pool: NDIS_NBL_POOL,
  vc: NdisHandle<"Vc">,
  bytes: Uint8Array,
): NET_BUFFER_LIST {
  const nbl = clientNbl(w, pool, vc, bytes);
  w.host.runAs(w.client.name, () => NdisCoSendNetBufferLists(vc, nbl, 0));
  return nbl;
}
