/**
 * The UNI call manager's address-family and SAP half, shared by the stand-alone call manager
 * and the MCM. A SAP with an ATM address registers that address's ESI and selector with the
 * network control agent over ILMI when it is the first SAP on it; its deregistration
 * deregisters the address when it is the last, and completes when the agent has answered.
 */
import {
  type AnyNdisHandle,
  EX_POOL_PRIORITY,
  makeTag,
  NDIS_ERROR_CODE,
  type NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_ADDRESS,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  NdisAllocateMemoryWithTagPriority,
  NdisCmCloseAddressFamilyComplete,
  NdisCmDeregisterSapComplete,
  NdisCmNotifyCloseAddressFamily,
  NdisCmRegisterSapComplete,
  NdisFreeMemory,
  type NdisHandle,
  NdisMCmCloseAddressFamilyComplete,
  NdisMCmDeregisterSapComplete,
  NdisMCmNotifyCloseAddressFamily,
  NdisMCmRegisterSapComplete,
  type NdisMemory,
  NdisWriteErrorLogEntry,
  type PROTOCOL_CM_CLOSE_AF,
  type PROTOCOL_CM_DEREGISTER_SAP,
  type PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE,
  type PROTOCOL_CM_OPEN_AF,
  type PROTOCOL_CM_REG_SAP,
} from "../../ndis/index.ts";
import type { EndSystem } from "../../signaling/ilmi/index.ts";
import { type ATM_SAP, atmSapKey, decodeAtmSap } from "../atm-sap.ts";
import { IlmiUser, type IlmiUserReport } from "./ilmi-user.ts";
import { sapEndSystem } from "./sap-match.ts";

const AF_TAG = makeTag("fAmU");
const SAP_TAG = makeTag("pSmU");
const AF_AREA = 64;
const SAP_AREA = 256;

/** What the core needs from the driver that hosts it. */
export interface UniCmPlatform {
  readonly form: "cm" | "mcm";
  /** The handle its memory and timers are charged to (binding or adapter). */
  owner(): AnyNdisHandle;
  /** Sends an ILMI message on VPI 0 / VCI 16 (NdisCoSendNetBufferLists, or the MCM's medium). */
  sendIlmi(bytes: Uint8Array): void;
  /** True while the link to the switch is up. */
  linkUp(): boolean;
}

/** The call manager's per-AF area (its CallMgrAfContext). */
export interface UniCmAf {
  readonly handle: NdisHandle<"Af">;
  readonly area: NdisMemory;
  readonly saps: Set<UniCmSap>;
  closePending: boolean;
  notifyPending: boolean;
}

/** The call manager's per-SAP area (its CallMgrSapContext). */
export interface UniCmSap {
  readonly area: NdisMemory;
  readonly handle: NdisHandle<"Sap">;
  readonly af: UniCmAf;
  readonly sap: ATM_SAP;
  readonly key: string;
  /** The end system it listens on, or undefined for a SAP without an address. */
  readonly endSystem: EndSystem | undefined;
  state: "registering" | "registered" | "deregistering";
}

/** An end system's registration with the agent, shared by the SAPs on it. */
interface Registration {
  readonly endSystem: EndSystem;
  readonly saps: Set<UniCmSap>;
  phase: "registering" | "registered" | "deregistering";
  /** SAPs whose registration waits for the deregistration in flight to finish. */
  readonly queued: Set<UniCmSap>;
}

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const esKey = (es: EndSystem) => `${hex(es.esi)}/${es.sel}`;

/** The shared AF/SAP logic of the UNI call manager. */
export class UniCmCore {
  readonly afs = new Set<UniCmAf>();
  private readonly platform: UniCmPlatform;
  private readonly registrations = new Map<string, Registration>();
  private readonly sapsByKey = new Map<string, UniCmSap>();
  private ilmi: IlmiUser | undefined;
  /** Called when the last AF open is gone (the unbind or halt waits for it). */
  onAllClosed: (() => void) | undefined;
  /** Addresses whose deregistration the agent never confirmed; deregistered again at the next link-up. */
  readonly unconfirmed = new Set<string>();

  constructor(platform: UniCmPlatform) {
    this.platform = platform;
  }

  /** Starts the ILMI agent (once the link to the switch can carry frames). */
  startIlmi(): void {
    this.ilmi ??= new IlmiUser(
      this.platform.owner(),
      (bytes) => this.platform.sendIlmi(bytes),
      (e) => this.onIlmi(e),
      () => this.platform.linkUp(),
      () => this.sweep(),
    );
    this.ilmi.start();
  }

  /** Stops the ILMI agent and frees its timer. */
  stopIlmi(): void {
    this.ilmi?.stop();
    this.ilmi = undefined;
  }

  /** A frame the switch sent on 0/16. */
  receiveIlmi(bytes: Uint8Array): void {
    this.ilmi?.receive(bytes);
  }

  /** The link to the switch came back: the ILMI agent starts over (the agent dropped our addresses). */
  linkRestored(): void {
    this.unconfirmed.clear();
    this.ilmi?.start();
    for (const reg of this.registrations.values())
      if (reg.phase !== "deregistering") this.ilmi?.addEndSystem(reg.endSystem);
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
    return this.ilmi?.prefixes() ?? [];
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
    af.saps.add(sap);
    if (endSystem === undefined) {
      sap.state = "registered";
      return { status: NDIS_STATUS_SUCCESS, CallMgrSapContext: sap };
    }
    const k = esKey(endSystem);
    const reg = this.registrations.get(k);
    if (reg === undefined) {
      this.registrations.set(k, { endSystem, saps: new Set([sap]), phase: "registering", queued: new Set() });
      this.ilmi?.addEndSystem(endSystem);
      return { status: NDIS_STATUS_PENDING, CallMgrSapContext: sap };
    }
    if (reg.phase === "deregistering") {
      reg.queued.add(sap);
      return { status: NDIS_STATUS_PENDING, CallMgrSapContext: sap };
    }
    reg.saps.add(sap);
    if (reg.phase === "registered") {
      sap.state = "registered";
      return { status: NDIS_STATUS_SUCCESS, CallMgrSapContext: sap };
    }
    return { status: NDIS_STATUS_PENDING, CallMgrSapContext: sap };
  };

  /**
   * ProtocolCmDeregisterSap: the last SAP on an address deregisters it with the agent and
   * completes on the answer; otherwise (other SAPs on the address, no address, or the link down)
   * the per-SAP area is freed and SUCCESS returned at once.
   */
  readonly deregisterSap: PROTOCOL_CM_DEREGISTER_SAP = (CallMgrSapContext) => {
    const sap = CallMgrSapContext as UniCmSap;
    const endSystem = sap.endSystem;
    const reg = endSystem === undefined ? undefined : this.registrations.get(esKey(endSystem));
    reg?.saps.delete(sap);
    if (reg === undefined || endSystem === undefined || reg.saps.size > 0) {
      this.freeSap(sap);
      return NDIS_STATUS_SUCCESS;
    }
    if (!this.platform.linkUp() || this.ilmi === undefined) {
      // No network exchange is possible: the agent drops our addresses with the link.
      this.registrations.delete(esKey(endSystem));
      this.ilmi?.removeEndSystem(endSystem);
      this.freeSap(sap);
      return NDIS_STATUS_SUCCESS;
    }
    sap.state = "deregistering";
    reg.phase = "deregistering";
    reg.saps.add(sap);
    this.ilmi.removeEndSystem(endSystem);
    return NDIS_STATUS_PENDING;
  };

  /** Asks every client to close its AF (the CM's unbind, or the MCM's halt). */
  notifyCloseAll(): void {
    for (const af of [...this.afs]) {
      if (af.closePending || af.notifyPending) continue;
      af.notifyPending = true;
      const status = (
        this.platform.form === "cm" ? NdisCmNotifyCloseAddressFamily : NdisMCmNotifyCloseAddressFamily
      )(af.handle);
      if (status !== NDIS_STATUS_PENDING) af.notifyPending = false;
    }
    this.checkAllClosed();
  }

  private onIlmi(effect: IlmiUserReport): void {
    switch (effect.kind) {
      case "addressRegistered":
        this.registered(effect.address, NDIS_STATUS_SUCCESS);
        break;
      case "addressRejected":
        this.registered(effect.address, NDIS_STATUS_INVALID_ADDRESS);
        break;
      case "addressTimedOut":
        this.registered(effect.address, NDIS_STATUS_FAILURE);
        break;
      case "addressDeregistered":
        this.deregistered(effect.address, effect.reason);
        break;
      default:
        break;
    }
  }

  /**
   * Completes every deregistration the ILMI agent no longer has an exchange for: the address was
   * never confirmed (nothing to withdraw), or a restart on either side dropped it already.
   */
  private sweep(): void {
    const ilmi = this.ilmi;
    if (ilmi === undefined) return;
    for (const reg of [...this.registrations.values()]) {
      if (reg.phase === "deregistering" && !ilmi.deregistrationPending(reg.endSystem)) {
        const address = Uint8Array.from([...new Uint8Array(13), ...reg.endSystem.esi, reg.endSystem.sel]);
        this.deregistered(address, "withdrawn");
      }
    }
  }

  private registrationFor(address: Uint8Array): [string, Registration] | undefined {
    const k = `${hex(address.subarray(13, 19))}/${address[19] ?? 0}`;
    const reg = this.registrations.get(k);
    return reg === undefined ? undefined : [k, reg];
  }

  private registered(address: Uint8Array, status: NDIS_STATUS): void {
    const found = this.registrationFor(address);
    if (found === undefined) return;
    const [k, reg] = found;
    if (reg.phase !== "registering") return;
    const waiting = [...reg.saps].filter((s) => s.state === "registering");
    if (status === NDIS_STATUS_SUCCESS) {
      reg.phase = "registered";
    } else {
      this.registrations.delete(k);
      this.ilmi?.removeEndSystem(reg.endSystem);
    }
    const complete = this.platform.form === "cm" ? NdisCmRegisterSapComplete : NdisMCmRegisterSapComplete;
    for (const sap of waiting) {
      if (status === NDIS_STATUS_SUCCESS) {
        sap.state = "registered";
        complete(NDIS_STATUS_SUCCESS, sap.handle, sap);
      } else {
        this.freeSap(sap);
        complete(status, sap.handle, null);
      }
    }
  }

  private deregistered(address: Uint8Array, reason: string): void {
    const found = this.registrationFor(address);
    if (found === undefined) return;
    const [k, reg] = found;
    if (reg.phase !== "deregistering") return;
    if (reason === "noResponse") {
      // The agent never answered: complete anyway (local state must not wait on a dead network),
      // and say so in the event log; the ILMI agent resynchronises with the switch by itself.
      this.unconfirmed.add(k);
      NdisWriteErrorLogEntry(
        this.platform.owner(),
        NDIS_ERROR_CODE.NDIS_ERROR_CODE_TIMEOUT,
        reg.endSystem.sel,
      );
    }
    this.registrations.delete(k);
    const complete = this.platform.form === "cm" ? NdisCmDeregisterSapComplete : NdisMCmDeregisterSapComplete;
    for (const sap of [...reg.saps]) {
      this.freeSap(sap);
      complete(NDIS_STATUS_SUCCESS, sap.handle);
      this.afterSapGone(sap.af);
    }
    if (reg.queued.size > 0) {
      // Registrations that arrived during the deregistration start a new one.
      this.registrations.set(k, {
        endSystem: reg.endSystem,
        saps: new Set(reg.queued),
        phase: "registering",
        queued: new Set(),
      });
      this.ilmi?.addEndSystem(reg.endSystem);
    }
  }

  private freeSap(sap: UniCmSap): void {
    this.sapsByKey.delete(sap.key);
    sap.af.saps.delete(sap);
    NdisFreeMemory(sap.area, SAP_AREA, 0);
  }

  /** Finishes a close that waited for the AF's last SAP. */
  private afterSapGone(af: UniCmAf): void {
    if (af.closePending && af.saps.size === 0) {
      af.closePending = false;
      this.freeAf(af);
      (this.platform.form === "cm" ? NdisCmCloseAddressFamilyComplete : NdisMCmCloseAddressFamilyComplete)(
        NDIS_STATUS_SUCCESS,
        af.handle,
      );
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
