/**
 * The AF and SAP half of a test call manager, shared by the stand-alone CM and the MCM test
 * drivers (the way one UNI call manager core serves both reference drivers). Written only
 * against the public DDI.
 */
import {
  type AnyNdisHandle,
  EX_POOL_PRIORITY,
  makeTag,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisAllocateIoWorkItem,
  NdisAllocateMemoryWithTagPriority,
  NdisCmCloseAddressFamilyComplete,
  NdisCmDeregisterSapComplete,
  NdisCmNotifyCloseAddressFamily,
  NdisCmOpenAddressFamilyComplete,
  NdisCmRegisterSapComplete,
  NdisFreeIoWorkItem,
  NdisFreeMemory,
  type NdisHandle,
  NdisMCmCloseAddressFamilyComplete,
  NdisMCmDeregisterSapComplete,
  NdisMCmNotifyCloseAddressFamily,
  NdisMCmOpenAddressFamilyComplete,
  NdisMCmRegisterSapComplete,
  type NdisMemory,
  NdisQueueIoWorkItem,
  type PROTOCOL_CM_CLOSE_AF,
  type PROTOCOL_CM_DEREGISTER_SAP,
  type PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE,
  type PROTOCOL_CM_OPEN_AF,
  type PROTOCOL_CM_REG_SAP,
} from "../../../src/ndis/index.ts";
import { type CmPolicy, decide } from "./policy.ts";

const SAP_TAG = makeTag("paSt");
const AF_TAG = makeTag("fAtT");

/** The call manager's per-AF area. */
export interface CmAf {
  readonly handle: NdisHandle<"Af">;
  readonly area: NdisMemory;
  readonly saps: Set<CmSap>;
  closePending: boolean;
  notifyPending: boolean;
}

/** The call manager's per-SAP area (the CallMgrSapContext). */
export interface CmSap {
  readonly area: NdisMemory;
  readonly handle: NdisHandle<"Sap">;
  readonly af: CmAf;
}

/** Options of the shared core. */
export interface CmCoreInit {
  readonly form: "cm" | "mcm";
  readonly policy: CmPolicy;
  /** The handle allocations and work items are charged to (a binding or an adapter). */
  readonly owner: () => AnyNdisHandle;
  /** Fault injection for verifier fixtures: keep the per-SAP area at deregistration. */
  readonly leakSapArea?: boolean;
  /** Called when the last AF open is closed (the unbind / halt path waits for it). */
  readonly onAllClosed?: () => void;
}

/** A test call manager's AF/SAP logic. */
export class CmCore {
  readonly afs = new Set<CmAf>();
  /** Completions held back by the "pend-manual" answer; tests release them. */
  readonly manual: (() => void)[] = [];
  readonly statusLog: string[] = [];
  /** Every NdisSapHandle NDIS gave ProtocolCmRegisterSap, in order (the CM must keep them). */
  readonly sapHandles: NdisHandle<"Sap">[] = [];
  private readonly init: CmCoreInit;

  constructor(init: CmCoreInit) {
    this.init = init;
  }

  /** ProtocolCmOpenAf. */
  readonly openAf: PROTOCOL_CM_OPEN_AF = (_CallMgrBindingContext, _AddressFamily, NdisAfHandle) => {
    const area = NdisAllocateMemoryWithTagPriority(
      this.init.owner(),
      64,
      AF_TAG,
      EX_POOL_PRIORITY.NormalPoolPriority,
    );
    if (area === null) return { status: 0xc000009a };
    const af: CmAf = {
      handle: NdisAfHandle,
      area,
      saps: new Set(),
      closePending: false,
      notifyPending: false,
    };
    const d = decide(this.init.policy.openAf, "open AF: sync or pend");
    if (d.kind === "return") {
      if (d.status === NDIS_STATUS_SUCCESS) this.afs.add(af);
      else NdisFreeMemory(area, 64, 0);
      return { status: d.status, CallMgrAfContext: af };
    }
    const complete = () => {
      this.afs.add(af);
      (this.init.form === "cm" ? NdisCmOpenAddressFamilyComplete : NdisMCmOpenAddressFamilyComplete)(
        NDIS_STATUS_SUCCESS,
        NdisAfHandle,
        af,
      );
    };
    this.later(d.how, complete);
    return { status: NDIS_STATUS_PENDING };
  };

  /** ProtocolCmCloseAf: pends while SAPs are still being deregistered. */
  readonly closeAf: PROTOCOL_CM_CLOSE_AF = (CallMgrAfContext) => {
    const af = CallMgrAfContext as CmAf;
    const d = decide(this.init.policy.closeAf, "close AF: sync or pend");
    const finish = () => {
      this.afs.delete(af);
      NdisFreeMemory(af.area, 64, 0);
    };
    if (d.kind === "return" && af.saps.size === 0) {
      if (d.status === NDIS_STATUS_SUCCESS) finish();
      return d.status;
    }
    af.closePending = true;
    const complete = () => {
      af.closePending = false;
      finish();
      (this.init.form === "cm" ? NdisCmCloseAddressFamilyComplete : NdisMCmCloseAddressFamilyComplete)(
        NDIS_STATUS_SUCCESS,
        af.handle,
      );
      this.checkAllClosed();
    };
    if (af.saps.size > 0) {
      this.afterSaps.set(af, complete);
    } else {
      this.later(d.kind === "pend" ? d.how : "work-item", complete);
    }
    return NDIS_STATUS_PENDING;
  };

  private readonly afterSaps = new Map<CmAf, () => void>();

  /** ProtocolCmRegisterSap: allocates the per-SAP area, then answers as the policy says. */
  readonly registerSap: PROTOCOL_CM_REG_SAP = (CallMgrAfContext, _Sap, NdisSapHandle) => {
    const af = CallMgrAfContext as CmAf;
    this.sapHandles.push(NdisSapHandle);
    const area = NdisAllocateMemoryWithTagPriority(
      this.init.owner(),
      128,
      SAP_TAG,
      EX_POOL_PRIORITY.NormalPoolPriority,
    );
    if (area === null) return { status: 0xc000009a };
    const sap: CmSap = { area, handle: NdisSapHandle, af };
    const d = decide(this.init.policy.registerSap, "register SAP: sync or pend");
    if (d.kind === "return") {
      if (d.status === NDIS_STATUS_SUCCESS) af.saps.add(sap);
      else NdisFreeMemory(area, 128, 0);
      return { status: d.status, CallMgrSapContext: sap };
    }
    const complete = () => {
      af.saps.add(sap);
      (this.init.form === "cm" ? NdisCmRegisterSapComplete : NdisMCmRegisterSapComplete)(
        NDIS_STATUS_SUCCESS,
        NdisSapHandle,
        sap,
      );
    };
    this.later(d.how, complete);
    return { status: NDIS_STATUS_PENDING, CallMgrSapContext: sap };
  };

  /** ProtocolCmDeregisterSap: frees the per-SAP area (at once, or when it completes). */
  readonly deregisterSap: PROTOCOL_CM_DEREGISTER_SAP = (CallMgrSapContext) => {
    const sap = CallMgrSapContext as CmSap;
    const release = () => {
      sap.af.saps.delete(sap);
      if (this.init.leakSapArea !== true) NdisFreeMemory(sap.area, 128, 0);
    };
    const d = decide(this.init.policy.deregisterSap, "deregister SAP: sync or pend");
    if (d.kind === "return") {
      if (d.status === NDIS_STATUS_SUCCESS) {
        release();
        this.afterSapGone(sap.af);
      }
      return d.status;
    }
    const complete = () => {
      release();
      (this.init.form === "cm" ? NdisCmDeregisterSapComplete : NdisMCmDeregisterSapComplete)(
        NDIS_STATUS_SUCCESS,
        sap.handle,
      );
      this.afterSapGone(sap.af);
    };
    this.later(d.how, complete);
    return NDIS_STATUS_PENDING;
  };

  /** ProtocolCmNotifyCloseAfComplete. */
  readonly notifyCloseAfComplete: PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE = (CallMgrAfContext, Status) => {
    const af = CallMgrAfContext as CmAf;
    af.notifyPending = false;
    this.statusLog.push(`notify-complete ${Status}`);
    this.checkAllClosed();
  };

  /** Asks every client to close its AF (the CM's unbind, or the MCM's halt). */
  notifyCloseAll(): void {
    for (const af of [...this.afs]) {
      if (af.closePending) continue;
      af.notifyPending = true;
      const status = (
        this.init.form === "cm" ? NdisCmNotifyCloseAddressFamily : NdisMCmNotifyCloseAddressFamily
      )(af.handle);
      this.statusLog.push(`notify ${status}`);
      if (status !== NDIS_STATUS_PENDING) af.notifyPending = false;
    }
    this.checkAllClosed();
  }

  /** Releases the oldest held-back completion; false when none is held. */
  releaseOne(): boolean {
    const next = this.manual.shift();
    if (next === undefined) return false;
    next();
    return true;
  }

  private afterSapGone(af: CmAf): void {
    const pending = this.afterSaps.get(af);
    if (pending !== undefined && af.saps.size === 0) {
      this.afterSaps.delete(af);
      this.later("work-item", pending);
    }
  }

  private checkAllClosed(): void {
    if (this.afs.size === 0) this.init.onAllClosed?.();
  }

  private later(how: "work-item" | "manual" | "inside", complete: () => void): void {
    if (how === "inside") {
      complete();
      return;
    }
    if (how === "manual") {
      this.manual.push(complete);
      return;
    }
    const item = NdisAllocateIoWorkItem(this.init.owner());
    if (item === null) throw new Error("test CM: no work item");
    NdisQueueIoWorkItem(
      item,
      () => {
        NdisFreeIoWorkItem(item);
        complete();
      },
      null,
    );
  }
}
