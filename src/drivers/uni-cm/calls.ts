/**
 * Calls through the UNI call manager, shared by the stand-alone call manager and the MCM: a
 * client's make-call becomes SETUP … CONNECT (the VC activated with the connection identifier's
 * VPI/VCI before the make-call completes); an incoming SETUP is matched to the registered SAPs
 * (none: RELEASE COMPLETE, cause 88), gets a VC with the SAP's AF, activated, then dispatched, and
 * is answered with CONNECT or RELEASE COMPLETE as the client says; a close sends RELEASE,
 * deactivates, then completes; a network release reaches the client as an incoming close. The
 * call manager deletes the VCs it created. QoS changes (Q.2963.1) are in qos.ts.
 */
import {
  type CO_CALL_PARAMETERS,
  NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_ADDRESS,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  type NdisHandle,
} from "../../ndis/index.ts";
import { callId, type RuntimeIndication } from "../../signaling/call-control/index.ts";
import { Cause, type CauseIe, type ConnectIes } from "../../signaling/q2931/index.ts";
import { atmCallParametersOf } from "./atm-call-parameters.ts";
import {
  setupFromParameters,
  statusFromCause,
  type UniCall,
  type UniParty,
  vcOf,
  withVc,
} from "./call-record.ts";
import type { UniCmAf, UniCmCore } from "./core.ts";
import { QosCalls } from "./qos.ts";
import { UniSignaling, type UniSignalingTiming } from "./signaling.ts";
import { SIGNALING_VCI, type UniPlatform } from "./uni.ts";

export type { UniCallCounters, UniCallLogEntry } from "./call-table.ts";

/** The calls of one UNI (one binding of the stand-alone call manager, or one MCM adapter). */
export class UniCalls extends QosCalls {
  private readonly timing: UniSignalingTiming;
  /** Nonzero while a received frame is processed: a clearing then comes from the remote side. */
  private receiving = 0;

  constructor(platform: UniPlatform, core: UniCmCore, timing: UniSignalingTiming = {}) {
    super(platform, core);
    this.timing = timing;
  }

  /** The signaling (undefined before the first start). */
  get signaling(): UniSignaling | undefined {
    return this.sig;
  }

  /** Brings SSCOP up with fresh call control (binding or adapter restart, the medium's return). */
  start(): void {
    if (this.sig === undefined) {
      this.scheduler = this.core.scheduler();
      this.sig = new UniSignaling(
        this.scheduler,
        `uni ${this.platform.name}`,
        (frame) => this.platform.sendSignaling(SIGNALING_VCI, frame),
        { indication: (e) => this.indication(e), link: (up, failed) => this.link(up, failed) },
        this.timing,
      );
    }
    this.clearAll();
    this.sig.start();
  }

  /** The medium is gone: SSCOP and call control are dropped and every call is cleared locally. */
  linkLost(): void {
    this.sig?.stop();
    this.clearAll();
  }

  /** Unbind or halt: signaling stopped, every record left freed (the core frees the scheduler). */
  close(): void {
    this.linkLost();
    this.sig = undefined;
    this.scheduler = undefined;
    for (const call of [...this.calls]) this.free(call);
  }

  /** A frame received on 0/5. */
  receive(frame: Uint8Array): void {
    this.receiving++;
    try {
      this.sig?.receive(frame);
    } finally {
      this.receiving--;
    }
  }

  // ---- NDIS handlers ----

  /** ProtocolCoCreateVc: a client creates a VC for an outgoing call. */
  createVc(af: UniCmAf, vc: NdisHandle<"Vc">): { status: NDIS_STATUS; ProtocolVcContext?: UniCall } {
    const call = this.newCall("outgoing", af, undefined);
    if (call === undefined) return { status: NDIS_STATUS_RESOURCES };
    call.vc = vc;
    return { status: NDIS_STATUS_SUCCESS, ProtocolVcContext: call };
  }

  /** ProtocolCoDeleteVc: the client deletes its VC (no call on it: NDIS checked). */
  deleteVc(call: UniCall): NDIS_STATUS {
    if (call.phase !== "idle") return NDIS_STATUS_NOT_ACCEPTED;
    this.free(call);
    return NDIS_STATUS_SUCCESS;
  }

  /**
   * ProtocolCmMakeCall: SETUP to the called party of the call parameters' CallMgrSpecific (a
   * point-to-multipoint SETUP when the client gave a party); PENDING until CONNECT (and the VC's
   * activation) or a clearing.
   */
  makeCall(
    call: UniCall,
    params: CO_CALL_PARAMETERS,
    party: NdisHandle<"Party"> | null,
  ): { status: NDIS_STATUS; CallMgrPartyContext?: UniParty | null } {
    if (call.phase !== "idle") return { status: NDIS_STATUS_NOT_ACCEPTED };
    const decoded = atmCallParametersOf(params);
    if (!decoded.ok) return { status: NDIS_STATUS_INVALID_DATA };
    const called = decoded.value.calledParty;
    if (called === undefined) return { status: NDIS_STATUS_INVALID_ADDRESS };
    const sig = this.sig;
    if (sig === undefined || !sig.started) return { status: NDIS_STATUS.NDIS_STATUS_DEST_OUT_OF_ORDER };
    this.counters.outgoing++;
    call.params = params;
    call.setup = setupFromParameters(decoded.value, params, called, party !== null);
    call.trafficDescriptor = call.setup.trafficDescriptor;
    call.networkGone = false;
    call.cause = undefined;
    const first = party === null ? null : this.firstParty(call, party, params);
    if (!sig.established) {
      call.phase = "waiting-link";
      this.waiting.add(call);
      sig.establish();
      return { status: NDIS_STATUS_PENDING, CallMgrPartyContext: first };
    }
    if (!this.sendSetup(call)) {
      call.phase = "idle";
      this.firstPartyDone(call, false);
      return { status: NDIS_STATUS_FAILURE };
    }
    return { status: NDIS_STATUS_PENDING, CallMgrPartyContext: first };
  }

  /** ProtocolCmCloseCall: RELEASE (unless the network already cleared), deactivate, complete. */
  closeCall(call: UniCall): NDIS_STATUS {
    if (call.phase !== "connected" && call.phase !== "accepted" && call.phase !== "incoming-close")
      return NDIS_STATUS_NOT_ACCEPTED;
    call.phase = "closing";
    this.qosBeforeClose(call);
    const key = call.key;
    if (key !== undefined && !call.networkGone) {
      const r = this.sig?.request(key, { name: "release.request", cause: Cause.NORMAL_CALL_CLEARING });
      if (r?.ok === true) return NDIS_STATUS_PENDING;
    }
    this.forget(call);
    call.networkGone = true;
    // Nothing to wait for on the network: finish later, never inside the client's NdisClCloseCall.
    this.defer(() => this.finishClose(call));
    return NDIS_STATUS_PENDING;
  }

  /** ProtocolCmActivateVcComplete (stand-alone): an activation, or the re-activation of a QoS change. */
  activateComplete(status: NDIS_STATUS, call: UniCall): void {
    if (call.afterReactivate !== undefined) this.reactivated(call, status);
    else this.activated(call, status);
  }

  /** ProtocolCmDeactivateVcComplete (stand-alone). */
  deactivateComplete(_status: NDIS_STATUS, call: UniCall): void {
    this.deactivated(call);
  }

  // ---- signaling ----

  /** An indication of Q.2931 call control, for one call. */
  private indication(event: RuntimeIndication): void {
    if (event.call === undefined) return;
    const ind = event.indication;
    const call = this.byKey.get(callId(event.call));
    switch (ind.name) {
      case "setup.indication":
        if (call === undefined) this.incoming(event.call, ind.ies);
        return;
      case "setup.confirm":
        if (call?.phase === "calling") this.connectedOutgoing(call, ind.ies);
        return;
      case "setup-complete.indication":
        if (call?.phase === "accepted" && call.vc !== null) {
          call.phase = "connected";
          this.counters.connected++;
          this.ddi.dispatchCallConnected(call.vc);
        }
        return;
      case "release.indication":
      case "release.confirm":
        if (call !== undefined) this.released(call, ind.cause);
        return;
      case "add-party.indication":
        if (call?.direction === "incoming") this.leafParty(call, ind.party, ind.ies);
        return;
      case "add-party.confirm":
      case "add-party-reject.indication":
      case "drop-party.indication":
      case "drop-party.confirm":
        if (call !== undefined) this.partyIndication(call, ind);
        return;
      case "modify.indication":
      case "modify.confirm":
      case "modify-reject.indication":
      case "connection-available.indication":
        if (call !== undefined) this.modifyIndication(call, ind);
        return;
      default:
        return;
    }
  }

  /** SSCOP came up (waiting make-calls go out) or went down (they fail if it could not be established). */
  private link(up: boolean, failed: boolean): void {
    if (up) {
      for (const call of [...this.waiting]) {
        this.waiting.delete(call);
        if (!this.sendSetup(call)) this.completeMakeCall(call, NDIS_STATUS_FAILURE);
      }
      return;
    }
    // The establishment the waiting make-calls asked for failed: they fail with it.
    if (failed && this.sig?.phase === "Idle") {
      for (const call of [...this.waiting]) {
        this.waiting.delete(call);
        this.completeMakeCall(call, NDIS_STATUS.NDIS_STATUS_DEST_OUT_OF_ORDER);
      }
    }
  }

  /** SETUP for a make-call; false when call control refuses it. */
  private sendSetup(call: UniCall): boolean {
    const r = call.setup === undefined ? undefined : this.sig?.setup(call.setup);
    if (r?.ok !== true || r.call === undefined) return false;
    call.key = r.call;
    this.byKey.set(callId(r.call), call);
    call.phase = "calling";
    return true;
  }

  // ---- outgoing ----

  /** CONNECT: the VC is activated with the VPI/VCI the network assigned, then the make-call completes. */
  private connectedOutgoing(call: UniCall, ies: ConnectIes): void {
    const key = call.key;
    const id = ies.connectionIdentifier ?? (key === undefined ? undefined : this.sig?.connectionOf(key));
    if (id === undefined || call.params === undefined) {
      this.clear(call, Cause.VPCI_VCI_ASSIGNMENT_FAILURE);
      this.completeMakeCall(call, statusFromCause(Cause.VPCI_VCI_ASSIGNMENT_FAILURE));
      return;
    }
    call.connection = vcOf(id);
    call.params = withVc(call.params, call.connection);
    call.phase = "activating";
    this.activate(call, call.params, (status) => {
      if (status !== NDIS_STATUS_SUCCESS) {
        this.clear(call, Cause.RESOURCE_UNAVAILABLE_UNSPECIFIED);
        this.completeMakeCall(call, status);
      } else if (call.networkGone) {
        // Cleared while the VC was being activated.
        this.deactivate(call, () => this.completeMakeCall(call, statusFromCause(call.cause)));
      } else {
        this.counters.connected++;
        this.completeMakeCall(call, NDIS_STATUS_SUCCESS);
      }
    });
  }

  /** Ndis(M)CmMakeCallComplete; a failed call leaves the VC idle, for the client to delete or reuse. */
  private completeMakeCall(call: UniCall, status: NDIS_STATUS): void {
    if (call.vc === null) return;
    if (status === NDIS_STATUS_SUCCESS) call.phase = "connected";
    else {
      this.counters.failed++;
      this.note({ what: "make-call-failed", cause: call.cause, status });
      this.forget(call);
      call.phase = "idle";
      call.connection = undefined;
    }
    const first = this.firstPartyDone(call, status === NDIS_STATUS_SUCCESS);
    const params = call.params;
    if (params === undefined) return;
    if (status === NDIS_STATUS_SUCCESS)
      this.ddi.makeCallComplete(status, call.vc, first?.handle ?? null, first ?? null, params);
    else this.ddi.makeCallComplete(status, call.vc, null, null, params);
  }

  // ---- clearing ----

  /** RELEASE or RELEASE COMPLETE from the network, a timer, or loss of the link. */
  private released(call: UniCall, causes: readonly CauseIe[]): void {
    if (call.networkGone) return;
    call.networkGone = true;
    call.cause = causes[0]?.value;
    this.forget(call);
    // A QoS change under way fails before the client hears of the clearing.
    this.failPendingQos(call);
    if (call.phase !== "calling") this.partiesLost(call, call.cause);
    const status = this.receiving > 0 ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
    switch (call.phase) {
      case "calling":
        this.completeMakeCall(call, statusFromCause(call.cause));
        return;
      case "connected":
      case "accepted":
        this.incomingClose(call, status);
        return;
      case "closing":
        this.finishClose(call);
        return;
      default:
        // activating, offered: the step in progress sees networkGone when it completes.
        return;
    }
  }

  /** Ndis(M)CmDispatchIncomingCloseCall: SUCCESS when the remote side cleared, a failure when the network did. */
  protected incomingClose(call: UniCall, status: NDIS_STATUS): void {
    // A client that closed in the meantime (say, when a pending addition failed) needs no incoming close.
    if (
      call.vc === null ||
      (call.phase !== "connected" && call.phase !== "accepted" && call.phase !== "offered")
    )
      return;
    call.phase = "incoming-close";
    this.counters.incomingCloses++;
    this.note({ what: "cleared-by-network", cause: call.cause, status });
    this.ddi.dispatchIncomingCloseCall(status, call.vc, null, 0);
  }

  /** The close's network part is over: deactivate, complete, and delete a VC the call manager made. */
  private finishClose(call: UniCall): void {
    if (call.phase !== "closing") return;
    this.failPendingQos(call);
    this.deactivate(call, () => {
      const vc = call.vc;
      if (vc === null) return;
      call.phase = call.direction === "outgoing" ? "idle" : "deleting";
      call.connection = undefined;
      this.partiesCleared(call);
      this.ddi.closeCallComplete(NDIS_STATUS_SUCCESS, vc, null);
      if (call.direction === "incoming") this.deleteOwnVc(call);
    });
  }

  /**
   * The call ends here: RELEASE, and an incoming close to the client (the network dropped the last
   * party: SUCCESS; a QoS change left the VC and the network disagreeing: FAILURE).
   */
  protected clearWithIncomingClose(
    call: UniCall,
    cause: number,
    status: NDIS_STATUS = NDIS_STATUS_SUCCESS,
  ): void {
    this.clear(call, cause);
    call.networkGone = true;
    call.cause = cause;
    this.failPendingQos(call);
    this.partiesLost(call, cause);
    this.incomingClose(call, status);
  }

  /** Clears a call on the network (RELEASE) without telling the client. */
  private clear(call: UniCall, cause: number): void {
    const key = call.key;
    if (key !== undefined && !call.networkGone) this.sig?.request(key, { name: "release.request", cause });
    this.forget(call);
  }

  /** Call control is gone (restart, link loss): every call is cleared as if by the network. */
  private clearAll(): void {
    for (const call of [...this.waiting]) {
      this.waiting.delete(call);
      this.completeMakeCall(call, NDIS_STATUS.NDIS_STATUS_DEST_OUT_OF_ORDER);
    }
    const cause: CauseIe = { location: 0, value: Cause.DESTINATION_OUT_OF_ORDER };
    for (const call of [...this.calls]) if (call.key !== undefined) this.released(call, [cause]);
    this.byKey.clear();
  }
}
