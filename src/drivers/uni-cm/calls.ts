/**
 * Calls through the UNI call manager, shared by the stand-alone call manager and the MCM: a
 * client's make-call becomes SETUP … CONNECT (the VC activated with the connection identifier's
 * VPI/VCI before the make-call completes); an incoming SETUP is matched to the registered SAPs
 * (none: RELEASE COMPLETE, cause 88), gets a VC with the SAP's AF, activated, then dispatched, and
 * is answered with CONNECT or RELEASE COMPLETE as the client says; a close sends RELEASE,
 * deactivates, then completes; a network release reaches the client as an incoming close. The
 * call manager deletes the VCs it created. UniCalls owns SSCOP and call control and composes the
 * parts over one CallTable (call-table.ts): outgoing.ts, incoming.ts, parties.ts and qos.ts
 * (Q.2963.1 QoS changes); each part gets the table and the hooks it needs, nothing inherits.
 */
import {
  type CO_CALL_PARAMETERS,
  NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  type NdisHandle,
} from "../../ndis/index.ts";
import { callId, type RuntimeIndication } from "../../signaling/call-control/index.ts";
import { Cause, type CauseIe, SIGNALING_VCI } from "../../signaling/q2931/index.ts";
import { statusFromCause } from "./call-mapping.ts";
import { CallTable, type UniCallCounters, type UniCallLogEntry } from "./call-table.ts";
import { IncomingCalls } from "./incoming.ts";
import type { NdisTimerScheduler } from "./ndis-scheduler.ts";
import { OutgoingCalls } from "./outgoing.ts";
import { type ClearWithIncomingClose, PartyCalls } from "./parties.ts";
import { QosCalls } from "./qos.ts";
import { UniSignaling, type UniSignalingTiming } from "./signaling.ts";
import type { UniAfSaps, UniCall, UniCallEntries, UniCmAf, UniParty, UniPlatform } from "./types.ts";

export type { UniCallCounters, UniCallLogEntry } from "./call-table.ts";

/** The calls of one UNI (one binding of the stand-alone call manager, or one MCM adapter). */
export class UniCalls implements UniCallEntries {
  /** The records, their VCs and the signaling they share. */
  private readonly t: CallTable;
  private readonly incomingCalls: IncomingCalls;
  private readonly parties: PartyCalls;
  private readonly qos: QosCalls;
  private readonly outgoing: OutgoingCalls;
  private readonly timing: UniSignalingTiming;
  /** Nonzero while a received frame is processed: a clearing then comes from the remote side. */
  private receiving = 0;

  /** The UNI's scheduler (its one NDIS timer object). */
  private readonly runner: () => NdisTimerScheduler;

  constructor(
    platform: UniPlatform,
    core: UniAfSaps,
    runner: () => NdisTimerScheduler,
    timing: UniSignalingTiming = {},
  ) {
    this.runner = runner;
    this.t = new CallTable(platform, core);
    const clear: ClearWithIncomingClose = (call, cause, status) =>
      this.clearWithIncomingClose(call, cause, status);
    this.incomingCalls = new IncomingCalls(this.t, (call, status) => this.incomingClose(call, status));
    this.parties = new PartyCalls(this.t, clear);
    this.qos = new QosCalls(this.t, clear);
    this.outgoing = new OutgoingCalls(this.t, this.parties, (call, cause) => this.clear(call, cause));
    this.timing = timing;
  }

  /** What happened to calls. */
  get counters(): UniCallCounters {
    return this.t.counters;
  }

  /** The last refusals and clearings (bounded). */
  get log(): readonly UniCallLogEntry[] {
    return this.t.log;
  }

  /** Every call record, by creation. */
  get calls(): ReadonlySet<UniCall> {
    return this.t.calls;
  }

  /** The active call on a VPI/VCI. */
  callOnVc(vpi: number, vci: number): UniCall | undefined {
    return this.t.callOnVc(vpi, vci);
  }

  /** ProtocolCmAddParty. */
  addParty(...args: Parameters<PartyCalls["addParty"]>): ReturnType<PartyCalls["addParty"]> {
    return this.parties.addParty(...args);
  }

  /** ProtocolCmDropParty. */
  dropParty(party: UniParty): NDIS_STATUS {
    return this.parties.dropParty(party);
  }

  /** ProtocolCmModifyCallQoS. */
  modifyCallQoS(call: UniCall, params: CO_CALL_PARAMETERS): NDIS_STATUS {
    return this.qos.modifyCallQoS(call, params);
  }

  /** ProtocolCmIncomingCallComplete: the client's pended answer. */
  incomingCallComplete(status: NDIS_STATUS, call: UniCall, params: CO_CALL_PARAMETERS): void {
    this.incomingCalls.incomingCallComplete(status, call, params);
  }

  /** The signaling (undefined before the first start). */
  get signaling(): UniSignaling | undefined {
    return this.t.sig;
  }

  /** Brings SSCOP up with fresh call control (binding or adapter restart, the medium's return). */
  start(): void {
    if (this.t.sig === undefined) {
      this.t.scheduler = this.runner();
      this.t.sig = new UniSignaling(
        this.t.scheduler,
        `uni ${this.t.platform.name}`,
        (frame) => this.t.platform.sendSignaling(SIGNALING_VCI, frame),
        { indication: (e) => this.indication(e), link: (up, failed) => this.outgoing.link(up, failed) },
        this.timing,
      );
    }
    this.clearAll();
    this.t.sig.start();
  }

  /** The medium is gone: SSCOP and call control are dropped and every call is cleared locally. */
  linkLost(): void {
    this.t.sig?.stop();
    this.clearAll();
  }

  /** Unbind or halt: signaling stopped, every record left freed (the UNI frees the scheduler). */
  close(): void {
    this.linkLost();
    this.t.sig = undefined;
    this.t.scheduler = undefined;
    for (const call of [...this.t.calls]) this.t.free(call);
  }

  /** A frame received on 0/5. */
  receive(frame: Uint8Array): void {
    this.receiving++;
    try {
      this.t.sig?.receive(frame);
    } finally {
      this.receiving--;
    }
  }

  // ---- NDIS handlers ----

  /** ProtocolCoCreateVc: a client creates a VC for an outgoing call. */
  createVc(af: UniCmAf, vc: NdisHandle<"Vc">): { status: NDIS_STATUS; ProtocolVcContext?: UniCall } {
    const call = this.t.newCall("outgoing", af, undefined);
    if (call === undefined) return { status: NDIS_STATUS_RESOURCES };
    call.vc = vc;
    return { status: NDIS_STATUS_SUCCESS, ProtocolVcContext: call };
  }

  /** ProtocolCoDeleteVc: the client deletes its VC (no call on it: NDIS checked). */
  deleteVc(call: UniCall): NDIS_STATUS {
    if (call.phase !== "idle") return NDIS_STATUS_NOT_ACCEPTED;
    this.t.free(call);
    return NDIS_STATUS_SUCCESS;
  }

  /** ProtocolCmMakeCall: SETUP; PENDING until CONNECT (and the VC's activation) or a clearing. */
  makeCall(...args: Parameters<OutgoingCalls["makeCall"]>): ReturnType<OutgoingCalls["makeCall"]> {
    return this.outgoing.makeCall(...args);
  }

  /** ProtocolCmCloseCall: RELEASE (unless the network already cleared), deactivate, complete. */
  closeCall(call: UniCall): NDIS_STATUS {
    if (call.phase !== "connected" && call.phase !== "accepted" && call.phase !== "incoming-close")
      return NDIS_STATUS_NOT_ACCEPTED;
    call.phase = "closing";
    this.qos.qosBeforeClose(call);
    const key = call.key;
    if (key !== undefined && !call.networkGone) {
      const r = this.t.sig?.request(key, { name: "release.request", cause: Cause.NORMAL_CALL_CLEARING });
      if (r?.ok === true) return NDIS_STATUS_PENDING;
    }
    this.t.forget(call);
    call.networkGone = true;
    // Nothing to wait for on the network: finish later, never inside the client's NdisClCloseCall.
    this.t.defer(() => this.finishClose(call));
    return NDIS_STATUS_PENDING;
  }

  /** ProtocolCmActivateVcComplete (stand-alone): an activation, or the re-activation of a QoS change. */
  activateComplete(status: NDIS_STATUS, call: UniCall): void {
    if (call.afterReactivate !== undefined) this.t.reactivated(call, status);
    else this.t.activated(call, status);
  }

  /** ProtocolCmDeactivateVcComplete (stand-alone). */
  deactivateComplete(_status: NDIS_STATUS, call: UniCall): void {
    this.t.deactivated(call);
  }

  // ---- signaling ----

  /** An indication of Q.2931 call control, for one call. */
  private indication(event: RuntimeIndication): void {
    if (event.call === undefined) return;
    const ind = event.indication;
    const call = this.t.byKey.get(callId(event.call));
    switch (ind.name) {
      case "setup.indication":
        if (call === undefined) this.incomingCalls.incoming(event.call, ind.ies);
        return;
      case "setup.confirm":
        if (call?.phase === "calling") this.outgoing.connectedOutgoing(call, ind.ies);
        return;
      case "setup-complete.indication":
        if (call?.phase === "accepted" && call.vc !== null) {
          call.phase = "connected";
          this.t.counters.connected++;
          this.t.ddi.dispatchCallConnected(call.vc);
        }
        return;
      case "release.indication":
      case "release.confirm":
        if (call !== undefined) this.released(call, ind.cause);
        return;
      case "add-party.indication":
        if (call?.direction === "incoming") this.incomingCalls.leafParty(call, ind.party, ind.ies);
        return;
      case "add-party.confirm":
      case "add-party-reject.indication":
      case "drop-party.indication":
      case "drop-party.confirm":
        if (call !== undefined) this.parties.partyIndication(call, ind);
        return;
      case "modify.indication":
      case "modify.confirm":
      case "modify-reject.indication":
      case "connection-available.indication":
        if (call !== undefined) this.qos.modifyIndication(call, ind);
        return;
      default:
        return;
    }
  }

  // ---- clearing ----

  /** RELEASE or RELEASE COMPLETE from the network, a timer, or loss of the link. */
  private released(call: UniCall, causes: readonly CauseIe[]): void {
    if (call.networkGone) return;
    call.networkGone = true;
    call.cause = causes[0]?.value;
    this.t.forget(call);
    // A QoS change under way fails before the client hears of the clearing.
    this.qos.failPendingQos(call);
    if (call.phase !== "calling") this.parties.partiesLost(call, call.cause);
    const status = this.receiving > 0 ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
    switch (call.phase) {
      case "calling":
        this.outgoing.completeMakeCall(call, statusFromCause(call.cause));
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
  private incomingClose(call: UniCall, status: NDIS_STATUS): void {
    // A client that closed in the meantime (say, when a pending addition failed) needs no incoming close.
    if (
      call.vc === null ||
      (call.phase !== "connected" && call.phase !== "accepted" && call.phase !== "offered")
    )
      return;
    call.phase = "incoming-close";
    this.t.counters.incomingCloses++;
    this.t.note({ what: "cleared-by-network", cause: call.cause, status });
    this.t.ddi.dispatchIncomingCloseCall(status, call.vc, null, 0);
  }

  /** The close's network part is over: deactivate, complete, and delete a VC the call manager made. */
  private finishClose(call: UniCall): void {
    if (call.phase !== "closing") return;
    this.qos.failPendingQos(call);
    this.t.deactivate(call, () => {
      const vc = call.vc;
      if (vc === null) return;
      call.phase = call.direction === "outgoing" ? "idle" : "deleting";
      call.connection = undefined;
      this.parties.partiesCleared(call);
      this.t.ddi.closeCallComplete(NDIS_STATUS_SUCCESS, vc, null);
      if (call.direction === "incoming") this.t.deleteOwnVc(call);
    });
  }

  /**
   * The call ends here: RELEASE, and an incoming close to the client (the network dropped the last
   * party: SUCCESS; a QoS change left the VC and the network disagreeing: FAILURE).
   */
  private clearWithIncomingClose(
    call: UniCall,
    cause: number,
    status: NDIS_STATUS = NDIS_STATUS_SUCCESS,
  ): void {
    this.clear(call, cause);
    call.networkGone = true;
    call.cause = cause;
    this.qos.failPendingQos(call);
    this.parties.partiesLost(call, cause);
    this.incomingClose(call, status);
  }

  /** Clears a call on the network (RELEASE) without telling the client. */
  private clear(call: UniCall, cause: number): void {
    const key = call.key;
    if (key !== undefined && !call.networkGone) this.t.sig?.request(key, { name: "release.request", cause });
    this.t.forget(call);
  }

  /** Call control is gone (restart, link loss): every call is cleared as if by the network. */
  private clearAll(): void {
    for (const call of [...this.t.waiting]) {
      this.t.waiting.delete(call);
      this.outgoing.completeMakeCall(call, NDIS_STATUS.NDIS_STATUS_DEST_OUT_OF_ORDER);
    }
    const cause: CauseIe = { location: 0, value: Cause.DESTINATION_OUT_OF_ORDER };
    for (const call of [...this.t.calls]) if (call.key !== undefined) this.released(call, [cause]);
    this.t.byKey.clear();
  }
}
