/**
 * The call manager's table of calls: the call records (each with an NDIS memory block, so a leaked
 * record shows), their index by Q.2931 call reference, the VC activations, re-activations (QoS
 * changes) and deactivations that may pend (stand-alone) or not (MCM), and the DDIs of the right form.
 */
import {
  type CO_CALL_PARAMETERS,
  EX_POOL_PRIORITY,
  makeTag,
  type NDIS_STATUS,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisAllocateMemoryWithTagPriority,
  NdisFreeMemory,
  type NdisHandle,
} from "../../ndis/index.ts";
import { callId } from "../../signaling/call-control/index.ts";
import type { UniCmDdi } from "./ddi.ts";
import type { NdisTimerScheduler } from "./ndis-scheduler.ts";
import type { UniSignaling } from "./signaling.ts";
import type { UniAfSaps, UniCall, UniCmAf, UniPlatform } from "./types.ts";

const CALL_TAG = makeTag("lCmU");
const CALL_AREA = 128;

/** What happened to calls, for tests and traces. */
export interface UniCallCounters {
  outgoing: number;
  incoming: number;
  connected: number;
  /** Incoming SETUPs no SAP matched (answered with cause 88). */
  noSap: number;
  /** Incoming calls the client refused. */
  rejected: number;
  /** Network clearings that reached a client as an incoming close. */
  incomingCloses: number;
  /** Make-calls that failed. */
  failed: number;
  /** QoS changes the client asked for that the network acknowledged (and the VC took). */
  qosChanged: number;
  /** QoS changes the client asked for that failed (refused, timed out, cleared, or not taken by the VC). */
  qosFailed: number;
  /** QoS changes the remote side asked for that reached the client. */
  qosIncoming: number;
}

/** One entry of the call log: a call refused or cleared, with its cause. */
export interface UniCallLogEntry {
  readonly what: "no-sap" | "rejected" | "make-call-failed" | "cleared-by-network";
  readonly cause: number | undefined;
  readonly status?: NDIS_STATUS;
}

/** The records and VCs of one UNI's calls, shared by the parts of the call logic. */
export class CallTable {
  readonly counters: UniCallCounters = {
    outgoing: 0,
    incoming: 0,
    connected: 0,
    noSap: 0,
    rejected: 0,
    incomingCloses: 0,
    failed: 0,
    qosChanged: 0,
    qosFailed: 0,
    qosIncoming: 0,
  };
  /** The last refusals and clearings (bounded). */
  readonly log: UniCallLogEntry[] = [];
  /** Every call record, by creation. */
  readonly calls = new Set<UniCall>();
  readonly platform: UniPlatform;
  readonly core: UniAfSaps;
  readonly ddi: UniCmDdi;
  /** Calls that Q.2931 call control holds, by call reference. */
  readonly byKey = new Map<string, UniCall>();
  /** Active call VCs by VPI/VCI: where a data frame received on the UNI goes. */
  private readonly byVc = new Map<string, UniCall>();
  /** Make-calls waiting for SSCOP to come up. */
  readonly waiting = new Set<UniCall>();
  scheduler: NdisTimerScheduler | undefined;
  sig: UniSignaling | undefined;

  constructor(platform: UniPlatform, core: UniAfSaps) {
    this.platform = platform;
    this.core = core;
    this.ddi = platform.ddi;
  }

  /** The active call on a VPI/VCI. */
  callOnVc(vpi: number, vci: number): UniCall | undefined {
    return this.byVc.get(`${vpi}/${vci}`);
  }

  // ---- VCs ----

  /** Activates the call's VC; `then` runs with the outcome, now or when a pended activation completes. */
  activate(call: UniCall, params: CO_CALL_PARAMETERS, then: (status: NDIS_STATUS) => void): void {
    call.vcPhase = "activating";
    call.afterActivate = then;
    const status = this.ddi.activateVc(call.vc as NdisHandle<"Vc">, params);
    if (status !== NDIS_STATUS_PENDING) this.activated(call, status);
  }

  /** The activation is over (synchronously, or ProtocolCmActivateVcComplete). */
  activated(call: UniCall, status: NDIS_STATUS): void {
    if (call.vcPhase !== "activating") return;
    call.vcPhase = status === NDIS_STATUS_SUCCESS ? "active" : "inactive";
    const vc = call.connection;
    if (call.vcPhase === "active" && vc !== undefined) {
      this.byVc.set(`${vc.vpi}/${vc.vci}`, call);
      this.platform.dataActive?.(call);
    }
    const then = call.afterActivate;
    call.afterActivate = undefined;
    then?.(status);
  }

  /**
   * Re-activates the call's active VC with new parameters (a QoS change); `then` runs with the
   * outcome. The VC stays active either way: a failed re-activation keeps the old parameters.
   */
  reactivate(call: UniCall, params: CO_CALL_PARAMETERS, then: (status: NDIS_STATUS) => void): void {
    call.afterReactivate = then;
    const status = this.ddi.activateVc(call.vc as NdisHandle<"Vc">, params);
    if (status !== NDIS_STATUS_PENDING) this.reactivated(call, status);
  }

  /** The re-activation is over; a deactivation that waited for it goes on. */
  reactivated(call: UniCall, status: NDIS_STATUS): void {
    const then = call.afterReactivate;
    if (then === undefined) return;
    call.afterReactivate = undefined;
    then(status);
    const deactivate = call.deactivateAfterReactivate;
    call.deactivateAfterReactivate = undefined;
    if (deactivate !== undefined) this.deactivate(call, deactivate);
  }

  /** Deactivates the call's VC if it is active; `then` runs once it is not. */
  deactivate(call: UniCall, then: () => void): void {
    if (call.afterReactivate !== undefined) {
      // NDIS refuses a deactivation while an activation is pending: wait for it.
      call.deactivateAfterReactivate = then;
      return;
    }
    if (call.vcPhase !== "active") {
      then();
      return;
    }
    call.vcPhase = "deactivating";
    call.afterDeactivate = then;
    this.unroute(call);
    const deactivate = () => {
      const status = this.ddi.deactivateVc(call.vc as NdisHandle<"Vc">);
      if (status !== NDIS_STATUS_PENDING) this.deactivated(call);
    };
    if (this.platform.dataDrain === undefined) deactivate();
    else this.platform.dataDrain(call, deactivate);
  }

  /** The deactivation is over (synchronously, or ProtocolCmDeactivateVcComplete). */
  deactivated(call: UniCall): void {
    if (call.vcPhase !== "deactivating") return;
    call.vcPhase = "inactive";
    const then = call.afterDeactivate;
    call.afterDeactivate = undefined;
    then?.();
  }

  /** Deletes a VC the call manager created (deactivated, no call), and the record with it. */
  deleteOwnVc(call: UniCall): void {
    const vc = call.vc;
    if (vc !== null && this.ddi.deleteVc(vc) !== NDIS_STATUS_SUCCESS) return;
    call.vc = null;
    this.free(call);
  }

  // ---- records ----

  /** A new record with its NDIS memory block, or undefined when there is no memory. */
  newCall(direction: UniCall["direction"], af: UniCmAf, sap: UniCall["sap"]): UniCall | undefined {
    const area = NdisAllocateMemoryWithTagPriority(
      this.platform.owner(),
      CALL_AREA,
      CALL_TAG,
      EX_POOL_PRIORITY.NormalPoolPriority,
    );
    if (area === null) return undefined;
    const call: UniCall = {
      kind: "call",
      direction,
      af,
      area,
      sap,
      vc: null,
      phase: "idle",
      vcPhase: "inactive",
      key: undefined,
      setup: undefined,
      params: undefined,
      connection: undefined,
      blli: undefined,
      networkGone: false,
      cause: undefined,
      multipoint: false,
      parties: [],
      trafficDescriptor: undefined,
      qos: undefined,
      afterActivate: undefined,
      afterDeactivate: undefined,
      afterReactivate: undefined,
      deactivateAfterReactivate: undefined,
    };
    this.calls.add(call);
    return call;
  }

  /** Frees a record and its memory block. */
  free(call: UniCall): void {
    if (!this.calls.delete(call)) return;
    this.unroute(call);
    this.forget(call);
    this.waiting.delete(call);
    call.phase = "deleted";
    NdisFreeMemory(call.area, CALL_AREA, 0);
  }

  /** Frames on the call's VC no longer go to it. */
  private unroute(call: UniCall): void {
    const vc = call.connection;
    if (vc !== undefined && this.byVc.get(`${vc.vpi}/${vc.vci}`) === call)
      this.byVc.delete(`${vc.vpi}/${vc.vci}`);
  }

  /** The call is no longer Q.2931 call control's: drops the index entry. */
  forget(call: UniCall): void {
    if (call.key !== undefined && this.byKey.get(callId(call.key)) === call)
      this.byKey.delete(callId(call.key));
    call.key = undefined;
  }

  /** Runs `fn` later, from the call manager's NDIS timer (never inside the caller's DDI). */
  defer(fn: () => void): void {
    const s = this.scheduler;
    if (s === undefined) fn();
    else s.post({ label: "close call", owner: "uni-cm", run: fn });
  }

  /** Adds to the bounded log. */
  note(entry: UniCallLogEntry): void {
    this.log.push(entry);
    if (this.log.length > 64) this.log.shift();
  }
}
