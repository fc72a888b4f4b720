/**
 * The UNI call manager's address-family and SAP half, shared by the stand-alone call manager
 * and the MCM. A SAP with an ATM address registers that address's ESI and selector with the
 * network control agent over ILMI when it is the first SAP on it; its deregistration
 * deregisters the address when it is the last, and completes when the agent has answered.
 */
import {
  EX_POOL_PRIORITY,
  makeTag,
  NDIS_ERROR_CODE,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_ADDRESS,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  NdisAllocateMemoryWithTagPriority,
  NdisFreeMemory,
  NdisWriteErrorLogEntry,
  type PROTOCOL_CM_CLOSE_AF,
  type PROTOCOL_CM_DEREGISTER_SAP,
  type PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE,
  type PROTOCOL_CM_OPEN_AF,
  type PROTOCOL_CM_REG_SAP,
} from "../../ndis/index.ts";
import { type EndSystem, ILMI_VCI } from "../../signaling/ilmi/index.ts";
import { hex } from "../../util/hex.ts";
import { atmSapKey, decodeAtmSap } from "../atm-sap.ts";
import { IlmiUser, type IlmiUserReport } from "./ilmi-user.ts";
import { sapEndSystem } from "./sap-match.ts";
import type { AfUni, UniAfSaps, UniCmAf, UniCmSap, UniPlatform } from "./types.ts";

const AF_TAG = makeTag("fAmU");
const SAP_TAG = makeTag("pSmU");
const AF_AREA = 64;
const SAP_AREA = 256;

const esKey = (es: EndSystem) => `${hex(es.esi)}/${es.sel}`;

/** The shared AF/SAP logic of the UNI call manager. */
export class UniCmCore implements UniAfSaps {
  readonly afs = new Set<UniCmAf>();
  private readonly uni: AfUni;
  private readonly sapsByKey = new Map<string, UniCmSap>();
  /** The SAPs by end-system key, so one end system's SAPs are found without a scan of all. */
  private readonly sapsByEndSystem = new Map<string, Set<UniCmSap>>();
  /** The ILMI agent: it holds the end systems (and their registrations) from the start. */
  private readonly ilmi: IlmiUser;
  /** Called when the last AF open is gone (the unbind or halt waits for it). */
  onAllClosed: (() => void) | undefined;

  constructor(uni: AfUni) {
    this.uni = uni;
    this.ilmi = new IlmiUser(
      () => uni.scheduler(),
      (bytes) => this.platform.sendSignaling(ILMI_VCI, bytes),
      (e) => this.onIlmi(e),
    );
  }

  private get platform(): UniPlatform {
    return this.uni.platform;
  }

  /** Starts the ILMI agent (once the link to the switch can carry frames). */
  startIlmi(): void {
    this.ilmi.start();
  }

  /** Unbind or halt: ILMI stopped (its timers cancelled). */
  close(): void {
    this.ilmi.stop();
  }

  /** A frame the switch sent on 0/16. */
  receiveIlmi(bytes: Uint8Array): void {
    this.ilmi.receive(bytes);
  }

  /** The link to the switch went down: the switch drops our addresses with it. */
  linkLost(): void {
    this.ilmi.linkDown();
  }

  /** The link to the switch came back: the ILMI agent starts over and the end systems register again. */
  linkRestored(): void {
    if (this.ilmi.started) this.ilmi.start();
  }

  /**
   * The SAPs an incoming call may be offered on, in registration order: registering (calls may
   * arrive before the registration completes) or registered, never one being deregistered.
   */
  listeningSaps(): UniCmSap[] {
    return [...this.sapsByKey.values()].filter((s) => s.state !== "deregistering");
  }

  /** The network prefixes learned over ILMI. */
  prefixes(): Uint8Array[] {
    return this.ilmi.prefixes();
  }

  readonly openAf: PROTOCOL_CM_OPEN_AF = (_ctx, _af, NdisAfHandle) => {
    const area = NdisAllocateMemoryWithTagPriority(
      this.platform.owner(),
      AF_AREA,
      AF_TAG,
      EX_POOL_PRIORITY.NormalPoolPriority,
    );
    if (area === null) return { status: NDIS_STATUS_RESOURCES };
    const af: UniCmAf = {
      uni: this.uni,
      handle: NdisAfHandle,
      area,
      saps: new Set(),
      closePending: false,
      notifyPending: false,
    };
    this.afs.add(af);
    return { status: NDIS_STATUS_SUCCESS, CallMgrAfContext: af };
  };

  readonly closeAf: PROTOCOL_CM_CLOSE_AF = (CallMgrAfContext) => {
    const af = CallMgrAfContext as UniCmAf;
    if (af.saps.size > 0) {
      // Deregistrations are still in flight: finish the close when they are done.
      af.closePending = true;
      return NDIS_STATUS_PENDING;
    }
    this.freeAf(af);
    return NDIS_STATUS_SUCCESS;
  };

  readonly notifyCloseAfComplete: PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE = (CallMgrAfContext) => {
    (CallMgrAfContext as UniCmAf).notifyPending = false;
    this.checkAllClosed();
  };

  /**
   * ProtocolCmRegisterSap: validates the ATM SAP, refuses one another client already
   * registered (NDIS_STATUS_INVALID_DATA, as the page requires), allocates the per-SAP area, and
   * registers the address with the agent when it is the first SAP on it.
   */
  readonly registerSap: PROTOCOL_CM_REG_SAP = (CallMgrAfContext, Sap, NdisSapHandle) => {
    const af = CallMgrAfContext as UniCmAf;
    const decoded = decodeAtmSap(Sap);
    if (!decoded.ok) return { status: NDIS_STATUS_INVALID_DATA };
    const key = atmSapKey(decoded.sap);
    if (this.sapsByKey.has(key)) return { status: NDIS_STATUS_INVALID_DATA };
    const area = NdisAllocateMemoryWithTagPriority(
      this.platform.owner(),
      SAP_AREA,
      SAP_TAG,
      EX_POOL_PRIORITY.NormalPoolPriority,
    );
    if (area === null) return { status: NDIS_STATUS_RESOURCES };
    const endSystem = sapEndSystem(decoded.sap);
    const sap: UniCmSap = {
      area,
      handle: NdisSapHandle,
      af,
      sap: decoded.sap,
      key,
      endSystem,
      state: "registering",
    };
    this.sapsByKey.set(key, sap);
    if (endSystem !== undefined) {
      const k = esKey(endSystem);
      const on = this.sapsByEndSystem.get(k);
      if (on === undefined) this.sapsByEndSystem.set(k, new Set([sap]));
      else on.add(sap);
    }
    af.saps.add(sap);
    if (endSystem === undefined || this.ilmi.phase(endSystem) === "registered") {
      sap.state = "registered";
      return { status: NDIS_STATUS_SUCCESS, CallMgrSapContext: sap };
    }
    // Registering, being removed (it registers again afterwards), or new: the agent reports the outcome.
    this.ilmi.addEndSystem(endSystem);
    return { status: NDIS_STATUS_PENDING, CallMgrSapContext: sap };
  };

  /**
   * ProtocolCmDeregisterSap: the last SAP on an address deregisters it with the agent and
   * completes when the agent reports the removal over; otherwise (other SAPs on the address, no
   * address, or nothing to withdraw) the per-SAP area is freed and SUCCESS returned at once.
   */
  readonly deregisterSap: PROTOCOL_CM_DEREGISTER_SAP = (CallMgrSapContext) => {
    const sap = CallMgrSapContext as UniCmSap;
    const endSystem = sap.endSystem;
    if (endSystem === undefined || this.othersOn(endSystem, sap)) {
      this.freeSap(sap);
      return NDIS_STATUS_SUCCESS;
    }
    this.ilmi.removeEndSystem(endSystem);
    if (this.ilmi.phase(endSystem) !== "removing") {
      // Nothing had to be withdrawn: the removal was reported inside this call.
      this.freeSap(sap);
      return NDIS_STATUS_SUCCESS;
    }
    sap.state = "deregistering";
    return NDIS_STATUS_PENDING;
  };

  /** Asks every client to close its AF (the CM's unbind, or the MCM's halt). */
  notifyCloseAll(): void {
    for (const af of [...this.afs]) {
      if (af.closePending || af.notifyPending) continue;
      af.notifyPending = true;
      const status = this.platform.ddi.notifyCloseAddressFamily(af.handle);
      if (status !== NDIS_STATUS_PENDING) af.notifyPending = false;
    }
    this.checkAllClosed();
  }

  /** Whether a SAP other than `sap` is on an end system (registering or registered). */
  private othersOn(endSystem: EndSystem, sap: UniCmSap): boolean {
    for (const s of this.sapsByEndSystem.get(esKey(endSystem)) ?? []) {
      if (s !== sap && s.state !== "deregistering") return true;
    }
    return false;
  }

  /** An outcome of the ILMI agent for one end system completes the SAPs waiting on it. */
  private onIlmi(report: IlmiUserReport): void {
    const k = esKey(report.endSystem);
    // A snapshot: completing a SAP may free it or register another on the same end system.
    const on = [...(this.sapsByEndSystem.get(k) ?? [])];
    switch (report.kind) {
      case "endSystemRegistered": {
        const complete = this.platform.ddi.registerSapComplete;
        for (const sap of on.filter((s) => s.state === "registering")) {
          sap.state = "registered";
          complete(NDIS_STATUS_SUCCESS, sap.handle, sap);
        }
        return;
      }
      case "endSystemFailed": {
        const status = report.failure === "rejected" ? NDIS_STATUS_INVALID_ADDRESS : NDIS_STATUS_FAILURE;
        const complete = this.platform.ddi.registerSapComplete;
        for (const sap of on.filter((s) => s.state === "registering")) {
          this.freeSap(sap);
          complete(status, sap.handle, null);
        }
        return;
      }
      case "endSystemRemoved": {
        if (report.reason === "noResponse") {
          // The agent never answered: complete anyway (local state must not wait on a dead network),
          // and say so in the event log; the ILMI agent resynchronises with the switch by itself.
          NdisWriteErrorLogEntry(
            this.platform.owner(),
            NDIS_ERROR_CODE.NDIS_ERROR_CODE_TIMEOUT,
            report.endSystem.sel,
          );
        }
        const complete = this.platform.ddi.deregisterSapComplete;
        for (const sap of on.filter((s) => s.state === "deregistering")) {
          this.freeSap(sap);
          complete(NDIS_STATUS_SUCCESS, sap.handle);
          this.afterSapGone(sap.af);
        }
        return;
      }
    }
  }

  private freeSap(sap: UniCmSap): void {
    this.sapsByKey.delete(sap.key);
    if (sap.endSystem !== undefined) {
      const k = esKey(sap.endSystem);
      const on = this.sapsByEndSystem.get(k);
      on?.delete(sap);
      if (on?.size === 0) this.sapsByEndSystem.delete(k);
    }
    sap.af.saps.delete(sap);
    NdisFreeMemory(sap.area, SAP_AREA, 0);
  }

  /** Finishes a close that waited for the AF's last SAP. */
  private afterSapGone(af: UniCmAf): void {
    if (af.closePending && af.saps.size === 0) {
      af.closePending = false;
      this.freeAf(af);
      this.platform.ddi.closeAddressFamilyComplete(NDIS_STATUS_SUCCESS, af.handle);
    }
  }

  private freeAf(af: UniCmAf): void {
    this.afs.delete(af);
    NdisFreeMemory(af.area, AF_AREA, 0);
    this.checkAllClosed();
  }

  private checkAllClosed(): void {
    if (this.afs.size === 0) this.onAllClosed?.();
  }
}
