/**
 * Outgoing calls: a client's make-call becomes SETUP (at once, or once SSCOP is up) … CONNECT, and
 * the VC is activated with the connection identifier's VPI/VCI before the make-call completes.
 */
import {
  type CO_CALL_PARAMETERS,
  NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_ADDRESS,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  type NdisHandle,
} from "../../ndis/index.ts";
import { callId } from "../../signaling/call-control/index.ts";
import { Cause, type ConnectIes } from "../../signaling/q2931/index.ts";
import { atmCallParametersOf } from "./atm-call-parameters.ts";
import { setupFromParameters, statusFromCause, vcOf, withVc } from "./call-mapping.ts";
import type { CallTable } from "./call-table.ts";
import type { PartyCalls } from "./parties.ts";
import type { UniCall, UniParty } from "./types.ts";

/** The outgoing part of the call logic. */
export class OutgoingCalls {
  private readonly t: CallTable;
  private readonly parties: PartyCalls;
  /** Clears a call on the network (RELEASE) without telling the client. */
  private readonly clear: (call: UniCall, cause: number) => void;

  constructor(table: CallTable, parties: PartyCalls, clear: (call: UniCall, cause: number) => void) {
    this.t = table;
    this.parties = parties;
    this.clear = clear;
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
    const sig = this.t.sig;
    if (sig === undefined || !sig.started) return { status: NDIS_STATUS.NDIS_STATUS_DEST_OUT_OF_ORDER };
    this.t.counters.outgoing++;
    call.params = params;
    call.setup = setupFromParameters(decoded.value, params, called, party !== null);
    call.trafficDescriptor = call.setup.trafficDescriptor;
    call.networkGone = false;
    call.cause = undefined;
    const first = party === null ? null : this.parties.firstParty(call, party, params);
    if (!sig.established) {
      call.phase = "waiting-link";
      this.t.waiting.add(call);
      sig.establish();
      return { status: NDIS_STATUS_PENDING, CallMgrPartyContext: first };
    }
    if (!this.sendSetup(call)) {
      call.phase = "idle";
      this.parties.firstPartyDone(call, false);
      return { status: NDIS_STATUS_FAILURE };
    }
    return { status: NDIS_STATUS_PENDING, CallMgrPartyContext: first };
  }

  /** SSCOP came up (waiting make-calls go out) or went down (they fail if it could not be established). */
  link(up: boolean, failed: boolean): void {
    if (up) {
      for (const call of [...this.t.waiting]) {
        this.t.waiting.delete(call);
        if (!this.sendSetup(call)) this.completeMakeCall(call, NDIS_STATUS_FAILURE);
      }
      return;
    }
    // The establishment the waiting make-calls asked for failed: they fail with it.
    if (failed && this.t.sig?.phase === "Idle") {
      for (const call of [...this.t.waiting]) {
        this.t.waiting.delete(call);
        this.completeMakeCall(call, NDIS_STATUS.NDIS_STATUS_DEST_OUT_OF_ORDER);
      }
    }
  }

  /** SETUP for a make-call; false when call control refuses it. */
  private sendSetup(call: UniCall): boolean {
    const r = call.setup === undefined ? undefined : this.t.sig?.setup(call.setup);
    if (r?.ok !== true || r.call === undefined) return false;
    call.key = r.call;
    this.t.byKey.set(callId(r.call), call);
    call.phase = "calling";
    return true;
  }

  /** CONNECT: the VC is activated with the VPI/VCI the network assigned, then the make-call completes. */
  connectedOutgoing(call: UniCall, ies: ConnectIes): void {
    const key = call.key;
    const id = ies.connectionIdentifier ?? (key === undefined ? undefined : this.t.sig?.connectionOf(key));
    if (id === undefined || call.params === undefined) {
      this.clear(call, Cause.VPCI_VCI_ASSIGNMENT_FAILURE);
      this.completeMakeCall(call, statusFromCause(Cause.VPCI_VCI_ASSIGNMENT_FAILURE));
      return;
    }
    call.connection = vcOf(id);
    call.params = withVc(call.params, call.connection);
    call.phase = "activating";
    this.t.activate(call, call.params, (status) => {
      if (status !== NDIS_STATUS_SUCCESS) {
        this.clear(call, Cause.RESOURCE_UNAVAILABLE_UNSPECIFIED);
        this.completeMakeCall(call, status);
      } else if (call.networkGone) {
        // Cleared while the VC was being activated.
        this.t.deactivate(call, () => this.completeMakeCall(call, statusFromCause(call.cause)));
      } else {
        this.t.counters.connected++;
        this.completeMakeCall(call, NDIS_STATUS_SUCCESS);
      }
    });
  }

  /** Ndis(M)CmMakeCallComplete; a failed call leaves the VC idle, for the client to delete or reuse. */
  completeMakeCall(call: UniCall, status: NDIS_STATUS): void {
    if (call.vc === null) return;
    if (status === NDIS_STATUS_SUCCESS) call.phase = "connected";
    else {
      this.t.counters.failed++;
      this.t.note({ what: "make-call-failed", cause: call.cause, status });
      this.t.forget(call);
      call.phase = "idle";
      call.connection = undefined;
    }
    const first = this.parties.firstPartyDone(call, status === NDIS_STATUS_SUCCESS);
    const params = call.params;
    if (params === undefined) return;
    if (status === NDIS_STATUS_SUCCESS)
      this.t.ddi.makeCallComplete(status, call.vc, first?.handle ?? null, first ?? null, params);
    else this.t.ddi.makeCallComplete(status, call.vc, null, null, params);
  }
}
