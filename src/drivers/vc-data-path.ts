/**
 * The VC data path of a CoNDIS miniport on a medium port, shared by the reference CO miniport and
 * the UNI MCM: a VC carries data on the VPI/VCI its activation named; sends go on the wire at once
 * and complete from the adapter's DPC (a zero-delay NDIS timer object), so they can still be in
 * flight when the VC is deactivated; a deactivation waits for them; a frame on an active VC is
 * indicated to the protocol that holds the VC. Each form says what finishing a deactivation means
 * (NdisMCoDeactivateVcComplete or NdisMCmDeactivateVc): that is where CoNDIS makes them differ.
 */
import type { AtmFrame, MediumPort } from "../media/medium.ts";
import {
  type NDIS_NBL_POOL,
  NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL,
  NDIS_RECEIVE_FLAGS_RESOURCES,
  NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL,
  NDIS_STATUS_SUCCESS,
  NDIS_STATUS_VC_NOT_ACTIVATED,
  type NDIS_TIMER_OBJECT,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisAllocateTimerObject,
  NdisFreeNetBufferList,
  NdisFreeNetBufferListPool,
  NdisFreeTimerObject,
  type NdisHandle,
  NdisMCoIndicateReceiveNetBufferLists,
  NdisMCoSendNetBufferListsComplete,
  NdisSetTimerObject,
  type NET_BUFFER_LIST,
  netBufferData,
} from "../ndis/index.ts";

/** The VPI/VCI a VC carries data on. */
export interface WireVc {
  readonly vpi: number;
  readonly vci: number;
}

/** One VC's data-path state (part of the miniport's VC context). */
export interface DataPathVc {
  readonly handle: NdisHandle<"Vc">;
  /** The VPI/VCI while the VC is active; undefined while it is not. */
  wire: WireVc | undefined;
  /** Send NBLs handed to the wire whose completion is still queued for the DPC. */
  inFlight: number;
  /** A deactivation waiting for the sends in flight: what finishes it. */
  whenDrained: (() => void) | undefined;
}

/** Frames the data path carried. */
export interface DataPathCounters {
  /** Frames sent on active VCs. */
  dataOut: number;
  /** Frames indicated to a protocol. */
  dataIn: number;
  /** Frames on a VPI/VCI no active VC holds, dropped. */
  unknownVc: number;
  /** Deactivations that waited for sends in flight. */
  deactivationsWaited: number;
}

/** Options of a data path. */
export interface VcDataPathInit {
  /** Indicate receives with NDIS_RECEIVE_FLAGS_RESOURCES: protocols must copy (default: false). */
  readonly receiveWithResources?: boolean;
}

const wireKey = (vpi: number, vci: number): string => `${vpi}/${vci}`;

/** A new VC's data-path state: inactive, nothing in flight. */
export function newDataPathVc(handle: NdisHandle<"Vc">): DataPathVc {
  return { handle, wire: undefined, inFlight: 0, whenDrained: undefined };
}

/** One adapter's VC data path: its receive NBL pool, its DPC and the active VCs by VPI/VCI. */
export class VcDataPath {
  readonly counters: DataPathCounters = {
    dataOut: 0,
    dataIn: 0,
    unknownVc: 0,
    deactivationsWaited: 0,
  };
  private readonly byWire = new Map<string, DataPathVc>();
  /** Send completions (and the owner's other deferred work) waiting for the DPC. */
  private readonly completions: (() => void)[] = [];
  private halted = false;

  private readonly port: MediumPort;
  private readonly pool: NDIS_NBL_POOL;
  private readonly timer: NDIS_TIMER_OBJECT;
  private readonly init: VcDataPathInit;

  private constructor(port: MediumPort, pool: NDIS_NBL_POOL, timer: NDIS_TIMER_OBJECT, init: VcDataPathInit) {
    this.port = port;
    this.pool = pool;
    this.timer = timer;
    this.init = init;
  }

  /**
   * Allocates the receive pool and the DPC timer, charged to the miniport and tagged `tag`
   * (MiniportInitializeEx); undefined when NDIS refused either (nothing is left allocated).
   */
  static create(
    miniport: NdisHandle<"Miniport">,
    port: MediumPort,
    tag: number,
    init: VcDataPathInit = {},
  ): VcDataPath | undefined {
    const pool = NdisAllocateNetBufferListPool(miniport, { PoolTag: tag, fAllocateNetBuffer: true });
    if (pool === null) return undefined;
    let self: VcDataPath | undefined;
    const timer = NdisAllocateTimerObject(miniport, {
      AllocationTag: tag,
      TimerFunction: () => self?.runDpc(),
      FunctionContext: null,
    });
    if (timer.TimerObject === null) {
      NdisFreeNetBufferListPool(pool);
      return undefined;
    }
    self = new VcDataPath(port, pool, timer.TimerObject, init);
    return self;
  }

  /** The active VC on a VPI/VCI, if any. */
  carrier(vpi: number, vci: number): DataPathVc | undefined {
    return this.byWire.get(wireKey(vpi, vci));
  }

  /** The VC now carries data on `wire` (an activation, or a re-activation with new parameters). */
  activate(vc: DataPathVc, wire: WireVc): void {
    this.unmap(vc);
    vc.wire = { vpi: wire.vpi, vci: wire.vci };
    this.byWire.set(wireKey(wire.vpi, wire.vci), vc);
  }

  /**
   * The VC stops carrying data at once. True when no send is in flight (the deactivation is over);
   * otherwise false, and `finish` runs from the DPC once the last send in flight has completed.
   */
  deactivate(vc: DataPathVc, finish: () => void): boolean {
    this.unmap(vc);
    if (vc.inFlight === 0) return true;
    this.counters.deactivationsWaited++;
    vc.whenDrained = finish;
    return false;
  }

  /** Forgets a VC that is being deleted. */
  forget(vc: DataPathVc): void {
    this.unmap(vc);
  }

  /**
   * MiniportCoSendNetBufferLists: every NET_BUFFER of an NBL goes out on the VC's VPI/VCI; an NBL
   * on an inactive VC gets NDIS_STATUS_VC_NOT_ACTIVATED. All complete together from the DPC.
   */
  send(vc: DataPathVc, NetBufferLists: NET_BUFFER_LIST): void {
    const nbls: NET_BUFFER_LIST[] = [];
    for (let nbl: NET_BUFFER_LIST | null = NetBufferLists; nbl !== null; nbl = nbl.Next) nbls.push(nbl);
    for (const nbl of nbls) {
      const wire = this.halted ? undefined : vc.wire;
      if (wire === undefined) {
        nbl.Status = NDIS_STATUS_VC_NOT_ACTIVATED;
        continue;
      }
      for (let nb = nbl.FirstNetBuffer; nb !== null; nb = nb.Next) {
        this.port.send({ vpi: wire.vpi, vci: wire.vci, payload: netBufferData(nb) });
        this.counters.dataOut++;
      }
      nbl.Status = NDIS_STATUS_SUCCESS;
    }
    vc.inFlight += nbls.length;
    this.defer(() => {
      // The chain is rebuilt: the protocol may not touch Next while the miniport holds the NBLs.
      for (let i = 0; i < nbls.length; i++) (nbls[i] as NET_BUFFER_LIST).Next = nbls[i + 1] ?? null;
      vc.inFlight -= nbls.length;
      NdisMCoSendNetBufferListsComplete(
        vc.handle,
        nbls[0] as NET_BUFFER_LIST,
        NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL,
      );
      const finish = vc.whenDrained;
      if (finish !== undefined && vc.inFlight === 0) {
        vc.whenDrained = undefined;
        finish();
      }
    });
  }

  /**
   * A frame from the medium (in the miniport's DPC): indicated on the active VC that holds its
   * VPI/VCI, or counted and dropped. With RESOURCES the NBL is freed when the indication returns;
   * otherwise it comes back through MiniportReturnNetBufferLists.
   */
  receive(frame: AtmFrame): void {
    if (this.halted) return;
    const vc = this.carrier(frame.vpi, frame.vci);
    if (vc === undefined) {
      this.counters.unknownVc++;
      return;
    }
    const nbl = NdisAllocateNetBufferAndNetBufferList(
      this.pool,
      0,
      0,
      frame.payload.slice(),
      0,
      frame.payload.length,
    );
    if (nbl === null) return;
    nbl.SourceHandle = vc.handle;
    this.counters.dataIn++;
    const resources = this.init.receiveWithResources === true;
    NdisMCoIndicateReceiveNetBufferLists(
      vc.handle,
      nbl,
      1,
      NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL | (resources ? NDIS_RECEIVE_FLAGS_RESOURCES : 0),
    );
    if (resources) NdisFreeNetBufferList(nbl);
  }

  /** MiniportReturnNetBufferLists: the receive NBLs come back and are freed. */
  returnNetBufferLists(NetBufferLists: NET_BUFFER_LIST): void {
    for (
      let nbl: NET_BUFFER_LIST | null = NetBufferLists, next: NET_BUFFER_LIST | null;
      nbl !== null;
      nbl = next
    ) {
      next = nbl.Next;
      NdisFreeNetBufferList(nbl);
    }
  }

  /** Queues work for the DPC, so it runs after the current call returns (inline once halted). */
  defer(work: () => void): void {
    if (this.halted) {
      work();
      return;
    }
    this.completions.push(work);
    if (this.completions.length === 1) NdisSetTimerObject(this.timer, 0n, 0);
  }

  /** Runs what is queued for the DPC now (MiniportHaltEx: nothing may stay pending). */
  flush(): void {
    while (this.completions.length > 0) this.runDpc();
  }

  /** MiniportHaltEx: completes what is queued, then frees the DPC timer and the receive pool. */
  halt(): void {
    if (this.halted) return;
    this.flush();
    this.halted = true;
    this.byWire.clear();
    NdisFreeTimerObject(this.timer);
    NdisFreeNetBufferListPool(this.pool);
  }

  private runDpc(): void {
    // Work queued while the DPC runs (a completion that sends again) waits for the next one.
    const work = this.completions.splice(0);
    for (const w of work) w();
  }

  private unmap(vc: DataPathVc): void {
    const wire = vc.wire;
    vc.wire = undefined;
    if (wire !== undefined && this.byWire.get(wireKey(wire.vpi, wire.vci)) === vc)
      this.byWire.delete(wireKey(wire.vpi, wire.vci));
  }
}
