/**
 * Incoming calls: a SETUP is matched to the registered SAPs (none: RELEASE COMPLETE, cause 88),
 * gets a VC created with the SAP's AF and activated with the connection identifier's VPI/VCI, and
 * is dispatched; the client's answer (at once, or pended and completed later, with CALL
 * PROCEEDING sent meanwhile) becomes CONNECT, or RELEASE COMPLETE and the VC's deletion.
 */
import {
  type CO_CALL_PARAMETERS,
  type NDIS_STATUS,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
} from "../../ndis/index.ts";
import { type CallKey, callId, type PartyKey } from "../../signaling/call-control/index.ts";
import { type AddPartyIes, Cause, type ConnectIes, type SetupIes } from "../../signaling/q2931/index.ts";
import { causeFromStatus, parametersFromSetup, vcOf } from "./call-mapping.ts";
import type { CallTable } from "./call-table.ts";
import { matchSap } from "./sap-match.ts";
import type { UniCall } from "./types.ts";

/** The incoming half of the call logic. */
export class IncomingCalls {
  private readonly t: CallTable;
  /** The network cleared a call the client had accepted: an incoming close. */
  private readonly incomingClose: (call: UniCall, status: NDIS_STATUS) => void;

  constructor(table: CallTable, incomingClose: (call: UniCall, status: NDIS_STATUS) => void) {
    this.t = table;
    this.incomingClose = incomingClose;
  }

  /**
   * ADD PARTY on a point-to-multipoint call this side is a leaf of: another party at this UNI. It
   * shares the call's VC, so it is accepted when a SAP of the same client (AF) matches, and refused
   * with cause 88 otherwise. NDIS has no incoming add-party: the client sees nothing.
   */
  leafParty(call: UniCall, party: PartyKey, ies: AddPartyIes): void {
    const key = call.key;
    if (key === undefined || call.setup === undefined) return;
    const { bhli: _setupBhli, blli: _setupBlli, ...setup } = call.setup;
    const match = matchSap(this.t.core.listeningSaps(), {
      ...setup,
      calledPartyNumber: ies.calledPartyNumber,
      ...(ies.blli === undefined ? {} : { blli: [ies.blli] }),
      ...(ies.bhli === undefined ? {} : { bhli: ies.bhli }),
    });
    if (match !== undefined && match.sap.af === call.af && call.phase !== "incoming-close")
      this.t.sig?.request(key, { name: "add-party.response", party });
    else this.t.sig?.request(key, { name: "add-party.reject", party, cause: Cause.INCOMPATIBLE_DESTINATION });
  }

  /** ProtocolCmIncomingCallComplete: the client's pended answer. */
  incomingCallComplete(status: NDIS_STATUS, call: UniCall, params: CO_CALL_PARAMETERS): void {
    this.answered(call, status, params);
  }

  /** SETUP: find the SAP, make and activate the VC, then dispatch. */
  incoming(key: CallKey, ies: SetupIes): void {
    this.t.counters.incoming++;
    const match = matchSap(this.t.core.listeningSaps(), ies);
    if (match === undefined) {
      this.t.counters.noSap++;
      this.t.note({ what: "no-sap", cause: Cause.INCOMPATIBLE_DESTINATION });
      this.t.sig?.request(key, { name: "reject.request", cause: Cause.INCOMPATIBLE_DESTINATION });
      return;
    }
    const id = ies.connectionIdentifier;
    if (id === undefined) {
      this.t.sig?.request(key, { name: "reject.request", cause: Cause.MANDATORY_IE_MISSING });
      return;
    }
    const call = this.t.newCall("incoming", match.sap.af, match.sap);
    if (call === undefined) {
      this.t.sig?.request(key, { name: "reject.request", cause: Cause.RESOURCE_UNAVAILABLE_UNSPECIFIED });
      return;
    }
    call.key = key;
    call.setup = ies;
    call.trafficDescriptor = ies.trafficDescriptor;
    call.blli = match.blli;
    call.connection = vcOf(id);
    call.phase = "activating";
    this.t.byKey.set(callId(key), call);
    const vc = this.t.platform.createVc(call.af.handle, call);
    if (vc === null) {
      this.refuse(call, Cause.RESOURCE_UNAVAILABLE_UNSPECIFIED);
      this.t.free(call);
      return;
    }
    call.vc = vc;
    call.params = parametersFromSetup(ies, match.blli, call.connection);
    this.t.activate(call, call.params, (status) => {
      if (status !== NDIS_STATUS_SUCCESS) {
        this.refuse(call, Cause.RESOURCE_UNAVAILABLE_UNSPECIFIED);
        this.teardown(call);
      } else if (call.networkGone) this.teardown(call);
      else this.dispatch(call);
    });
  }

  /** Offers the call to the SAP's client (Ndis(M)CmDispatchIncomingCall). */
  dispatch(call: UniCall): void {
    const sap = call.sap;
    if (sap === undefined || call.vc === null || call.params === undefined) return;
    if (!this.t.core.listeningSaps().includes(sap)) {
      // The SAP went while the VC was being activated: nobody listens there any more.
      this.refuse(call, Cause.INCOMPATIBLE_DESTINATION);
      this.teardown(call);
      return;
    }
    call.phase = "offered";
    const status = this.t.ddi.dispatchIncomingCall(sap.handle, call.vc, call.params);
    if (status !== NDIS_STATUS_PENDING) {
      this.answered(call, status, call.params);
      return;
    }
    // The answer may take a while: CALL PROCEEDING stops the network's T303.
    const key = call.key;
    if (call.phase === "offered" && key !== undefined && this.t.sig?.callState(key) === 6)
      this.t.sig.request(key, { name: "proceeding.request" });
  }

  /** The client's answer to an incoming call, synchronous or pended. */
  answered(call: UniCall, status: NDIS_STATUS, params: CO_CALL_PARAMETERS): void {
    if (call.phase !== "offered" || call.vc === null) return;
    if (status !== NDIS_STATUS_SUCCESS) {
      this.t.counters.rejected++;
      this.t.note({ what: "rejected", cause: causeFromStatus(status), status });
      this.refuse(call, causeFromStatus(status));
      this.teardown(call);
      return;
    }
    call.params = params;
    const key = call.key;
    const multiple = (call.setup?.blli?.length ?? 0) > 1 && call.blli !== undefined;
    const ies: ConnectIes = multiple && call.blli !== undefined ? { blli: call.blli } : {};
    if (
      !call.networkGone &&
      key !== undefined &&
      this.t.sig?.request(key, { name: "setup.response", ies }).ok
    ) {
      call.phase = "accepted";
      return;
    }
    // The caller gave up while the client was deciding.
    call.networkGone = true;
    this.t.forget(call);
    this.incomingClose(call, NDIS_STATUS_SUCCESS);
  }

  /** Clears an incoming call the client will not have: RELEASE COMPLETE (or RELEASE after CALL PROCEEDING). */
  refuse(call: UniCall, cause: number): void {
    const key = call.key;
    if (key !== undefined && !call.networkGone) {
      const state = this.t.sig?.callState(key) ?? 0;
      if (state === 6) this.t.sig?.request(key, { name: "reject.request", cause });
      else if (state !== 0) this.t.sig?.request(key, { name: "release.request", cause });
    }
    this.t.forget(call);
  }

  /** An incoming call that never reached the client (or that it refused): deactivate, delete. */
  teardown(call: UniCall): void {
    call.phase = "deleting";
    this.t.deactivate(call, () => this.t.deleteOwnVc(call));
  }
}
