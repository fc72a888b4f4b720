import type { NET_BUFFER, NET_BUFFER_LIST } from "./data-types.ts";
import type { AnyNdisHandle } from "./handle.ts";
import { hostForDdi } from "./host.ts";
import type { BindingRecord, DriverRecord, VcRecord } from "./objects.ts";
import { ownerOfHandle } from "./owner.ts";
import { NDIS_STATUS_SUCCESS } from "./status.ts";

/** NET_BUFFER_LIST_POOL_PARAMETERS (the fields the model uses). */
export interface NET_BUFFER_LIST_POOL_PARAMETERS {
  readonly PoolTag: number;
  readonly fAllocateNetBuffer: boolean;
  readonly ContextSize?: number;
  readonly DataSize?: number;
}

/** An NBL pool (NDIS_HANDLE from NdisAllocateNetBufferListPool). */
export interface NDIS_NBL_POOL {
  readonly id: number;
}

/** Where an NBL is. */
export type NblHolder =
  | { readonly kind: "owner" }
  | { readonly kind: "sent"; readonly vc: VcRecord; readonly sender: "client" | "cm" }
  | { readonly kind: "indicated"; readonly vc: VcRecord; readonly binding: BindingRecord };

interface NblInfo {
  readonly id: number;
  readonly owner: DriverRecord;
  readonly pool: NDIS_NBL_POOL;
  holder: NblHolder;
}

interface PoolInfo {
  readonly owner: DriverRecord;
  live: number;
}

/** @internal Tracks every NBL of a host. */
export class NblTracker {
  private readonly nbls = new Map<NET_BUFFER_LIST, NblInfo>();
  private readonly pools = new Map<NDIS_NBL_POOL, PoolInfo>();
  private nextId = 1;

  /** A new pool of `owner`. */
  addPool(owner: DriverRecord): NDIS_NBL_POOL {
    const pool = Object.freeze({ id: this.nextId++ });
    this.pools.set(pool, { owner, live: 0 });
    return pool;
  }

  pool(pool: NDIS_NBL_POOL): PoolInfo | undefined {
    return this.pools.get(pool);
  }

  removePool(pool: NDIS_NBL_POOL): void {
    this.pools.delete(pool);
  }

  add(nbl: NET_BUFFER_LIST, owner: DriverRecord, pool: NDIS_NBL_POOL): void {
    this.nbls.set(nbl, { id: this.nextId++, owner, pool, holder: { kind: "owner" } });
    const p = this.pools.get(pool);
    if (p !== undefined) p.live++;
  }

  info(nbl: NET_BUFFER_LIST): NblInfo | undefined {
    return this.nbls.get(nbl);
  }

  remove(nbl: NET_BUFFER_LIST): void {
    const info = this.nbls.get(nbl);
    if (info === undefined) return;
    this.nbls.delete(nbl);
    const p = this.pools.get(info.pool);
    if (p !== undefined) p.live--;
  }

  /** NBLs not with their owner: sent and not completed, or indicated and not returned. */
  outstanding(): { id: number; owner: string; holder: string }[] {
    const out: { id: number; owner: string; holder: string }[] = [];
    for (const info of this.nbls.values()) {
      if (info.holder.kind !== "owner")
        out.push({
          id: info.id,
          owner: info.owner.name,
          holder: `${info.holder.kind} on Vc ${info.holder.vc.id}`,
        });
    }
    return out;
  }

  /** Live NBLs and pools of a driver (for the unload report). */
  liveOf(driver: DriverRecord): { nbls: number; pools: number } {
    let nbls = 0;
    let pools = 0;
    for (const info of this.nbls.values()) if (info.owner === driver) nbls++;
    for (const p of this.pools.values()) if (p.owner === driver) pools++;
    return { nbls, pools };
  }

  /** Number of live NBLs. */
  get size(): number {
    return this.nbls.size;
  }
}

/** Iterates an NBL chain (bounded, so a cyclic chain cannot hang NDIS). */
export function* chain(first: NET_BUFFER_LIST | null): Generator<NET_BUFFER_LIST> {
  let nbl = first;
  let n = 0;
  while (nbl !== null && nbl !== undefined && n < 1_000_000) {
    yield nbl;
    nbl = nbl.Next;
    n++;
  }
}

/** NdisAllocateNetBufferListPool: a pool owned by the driver behind `NdisHandle`. */
export function NdisAllocateNetBufferListPool(
  NdisHandle: AnyNdisHandle,
  Parameters: NET_BUFFER_LIST_POOL_PARAMETERS,
): NDIS_NBL_POOL | null {
  const host = hostForDdi("NdisAllocateNetBufferListPool", NdisHandle);
  return host.ddi("NdisAllocateNetBufferListPool", { NdisHandle, Parameters }, () => {
    const owner = ownerOfHandle(host, NdisHandle, "NdisAllocateNetBufferListPool");
    if (owner === undefined) return null;
    const p = (typeof Parameters === "object" && Parameters !== null ? Parameters : {}) as Partial<
      Record<keyof NET_BUFFER_LIST_POOL_PARAMETERS, unknown>
    >;
    const wellFormed =
      isUlong(p.PoolTag) &&
      typeof p.fAllocateNetBuffer === "boolean" &&
      (p.ContextSize === undefined || isUlong(p.ContextSize)) &&
      (p.DataSize === undefined || isUlong(p.DataSize));
    if (!wellFormed) {
      host.contract(
        "bad-parameter",
        "NdisAllocateNetBufferListPool: Parameters is not a NET_BUFFER_LIST_POOL_PARAMETERS (PoolTag, fAllocateNetBuffer, ContextSize, DataSize)",
        { ddi: "NdisAllocateNetBufferListPool" },
      );
      return null;
    }
    return host.nbls.addPool(owner);
  });
}

/** NdisFreeNetBufferListPool: every NBL of the pool must have been freed. */
export function NdisFreeNetBufferListPool(PoolHandle: NDIS_NBL_POOL): void {
  const host = hostForDdi("NdisFreeNetBufferListPool");
  host.ddi("NdisFreeNetBufferListPool", { PoolHandle: PoolHandle?.id ?? null }, () => {
    const pool = host.nbls.pool(PoolHandle);
    if (pool === undefined) {
      host.contract("invalid-handle", "NdisFreeNetBufferListPool: not a live pool", {
        ddi: "NdisFreeNetBufferListPool",
      });
      return;
    }
    if (pool.live > 0)
      host.contract("nbl-ownership", `NdisFreeNetBufferListPool: ${pool.live} NBL(s) of the pool not freed`, {
        ddi: "NdisFreeNetBufferListPool",
      });
    host.nbls.removePool(PoolHandle);
  });
}

/**
 * NdisAllocateNetBufferAndNetBufferList: one NBL with one NET_BUFFER over `MdlChain` (the bytes
 * of a C driver's MDL chain), or null.
 */
export function NdisAllocateNetBufferAndNetBufferList(
  PoolHandle: NDIS_NBL_POOL,
  ContextSize: number,
  ContextBackFill: number,
  MdlChain: Uint8Array | null,
  DataOffset: number,
  DataLength: number,
): NET_BUFFER_LIST | null {
  const host = hostForDdi("NdisAllocateNetBufferAndNetBufferList");
  return host.ddi(
    "NdisAllocateNetBufferAndNetBufferList",
    { PoolHandle: PoolHandle?.id ?? null, ContextSize, ContextBackFill, DataOffset, DataLength },
    () => {
      const pool = host.nbls.pool(PoolHandle);
      if (pool === undefined) {
        host.contract("invalid-handle", "NdisAllocateNetBufferAndNetBufferList: not a live pool", {
          ddi: "NdisAllocateNetBufferAndNetBufferList",
        });
        return null;
      }
      const ddi = "NdisAllocateNetBufferAndNetBufferList";
      const bad = !isUlong(ContextSize)
        ? `ContextSize (${String(ContextSize)})`
        : !isUlong(ContextBackFill)
          ? `ContextBackFill (${String(ContextBackFill)})`
          : MdlChain !== null && !(MdlChain instanceof Uint8Array)
            ? "MdlChain (not a buffer)"
            : !isUlong(DataOffset)
              ? `DataOffset (${String(DataOffset)})`
              : !isUlong(DataLength)
                ? `DataLength (${String(DataLength)})`
                : undefined;
      if (bad !== undefined) {
        host.contract("bad-parameter", `${ddi}: bad ${bad}; nothing was allocated`, { ddi });
        return null;
      }
      const data = MdlChain ?? new Uint8Array(0);
      if (DataOffset + DataLength > data.length) {
        host.contract(
          "bad-parameter",
          `NdisAllocateNetBufferAndNetBufferList: DataOffset ${DataOffset} + DataLength ${DataLength} exceeds the ${data.length}-byte buffer`,
          {
            ddi: "NdisAllocateNetBufferAndNetBufferList",
          },
        );
        return null;
      }
      const nb: NET_BUFFER = {
        Next: null,
        Data: data,
        DataOffset,
        DataLength,
        ProtocolReserved: null,
        MiniportReserved: null,
      };
      const nbl: NET_BUFFER_LIST = {
        Next: null,
        FirstNetBuffer: nb,
        SourceHandle: null,
        Status: NDIS_STATUS_SUCCESS,
        Flags: 0,
        ProtocolReserved: null,
        MiniportReserved: null,
        Context: null,
      };
      host.nbls.add(nbl, pool.owner, PoolHandle);
      return nbl;
    },
  );
}

/** NdisFreeNetBufferList: only by its owner, and only while it holds it. */
export function NdisFreeNetBufferList(NetBufferList: NET_BUFFER_LIST): void {
  const host = hostForDdi("NdisFreeNetBufferList");
  host.ddi("NdisFreeNetBufferList", {}, () => {
    const info = host.nbls.info(NetBufferList);
    if (info === undefined) {
      host.contract("double-free", "NdisFreeNetBufferList: not a live NBL (freed twice?)", {
        ddi: "NdisFreeNetBufferList",
      });
      return;
    }
    if (info.holder.kind !== "owner") {
      host.contract(
        "nbl-ownership",
        `NdisFreeNetBufferList: NBL ${info.id} is ${info.holder.kind} on Vc ${info.holder.vc.id}, not with its owner`,
        { ddi: "NdisFreeNetBufferList" },
      );
      return;
    }
    host.nbls.remove(NetBufferList);
  });
}

/** The bytes a NET_BUFFER describes. */
export function netBufferData(nb: NET_BUFFER): Uint8Array {
  return nb.Data.subarray(nb.DataOffset, nb.DataOffset + nb.DataLength);
}

function isUlong(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}
