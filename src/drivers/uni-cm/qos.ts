/**
 * QoS changes of connected point-to-point calls through Q.2963.1 connection modification (peak
 * cell rate modification), shared by the stand-alone call manager and the MCM.
 *
 * - ProtocolCmModifyCallQoS: the client's new FLOWSPECs become an ATM traffic descriptor (the
 *   make-call mapping: PeakBandwidth / 48 octets per cell; Transmit is the forward direction of an
 *   outgoing call and the backward one of an incoming call). Only the peak cell rates may change:
 *   another ServiceType or MaxSduSize is NDIS_STATUS_INVALID_DATA. MODIFY REQUEST goes out (always
 *   with the report type "modification confirmation") and the handler returns PENDING. A
 *   point-to-multipoint call is NOT_SUPPORTED; a call that is not connected, or with a change under
 *   way, is FAILURE.
 * - MODIFY ACKNOWLEDGE: the VC is re-activated with the new parameters, CONNECTION AVAILABLE goes out
 *   when asked for, and the change completes with SUCCESS. A failed re-activation leaves the VC as it
 *   was (NDIS keeps the old parameters): the change completes with FAILURE and the old parameters,
 *   and a MODIFY REQUEST puts the network back to the old traffic descriptor (if that is refused
 *   too, the call is cleared with cause 47).
 * - MODIFY REJECT completes with the status of its cause (as a failed make-call: 37 → CELLRATE_NOT_
 *   AVAILABLE, 47 → RESOURCES, 49/73 → INCOMPATABLE_QOS, else FAILURE) and the old parameters.
 * - T360 (30 s without an answer) clears the call: the change completes with FAILURE, then the
 *   client gets its incoming close. Any clearing does the same: a pending change always completes
 *   before the incoming close; a client's own close completes it first too.
 * - The peer's MODIFY REQUEST: the VC is re-activated with the new parameters first; if the miniport
 *   refuses, MODIFY REJECT cause 47. Then Ndis(M)CmDispatchIncomingCallQoSChange; a client that
 *   returns accepts, and MODIFY ACKNOWLEDGE goes out; a client that closed the call in its handler
 *   refused it (the RELEASE answers). A change that is not only peak cell rates is refused with
 *   cause 73, one that finds the call not connected or busy with cause 41.
 */
import {
  type CO_CALL_PARAMETERS,
  type FLOWSPEC,
  type NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
} from "../../ndis/index.ts";
import type { ModifyIndication } from "../../signaling/call-control/index.ts";
import {
  type AtmTrafficDescriptor,
  Cause,
  type CauseIe,
  type ModifyRequestIes,
  ReportType,
  type TrafficDirection,
} from "../../signaling/q2931/index.ts";
import { peakCellRate } from "./atm-call-parameters.ts";
import { statusFromCause, withVc } from "./call-mapping.ts";
import type { CallTable } from "./call-table.ts";
import type { ClearWithIncomingClose } from "./parties.ts";
import type { QosChange, UniCall } from "./types.ts";

/** Octets of payload per cell, for FLOWSPEC byte rates. */
const CELL_PAYLOAD = 48;

/** The report type condis puts in every MODIFY REQUEST: the three-way exchange with CONNECTION AVAILABLE. */
const CONFIRMATION = { typeOfReport: ReportType.MODIFICATION_CONFIRMATION } as const;

/** The FLOWSPECs of call parameters, or undefined when they carry none. */
function flows(params: CO_CALL_PARAMETERS | undefined): { tx: FLOWSPEC; rx: FLOWSPEC } | undefined {
  const cm = params?.CallMgrParameters;
  return cm === null || cm === undefined ? undefined : { tx: cm.Transmit, rx: cm.Receive };
}

/** The direction pair with new CLP=0+1 peak cell rates, everything else kept. */
function withPeakRates(td: AtmTrafficDescriptor, forward: number, backward: number): AtmTrafficDescriptor {
  return {
    ...td,
    forward: { ...td.forward, peakCellRateClp01: forward },
    backward: { ...td.backward, peakCellRateClp01: backward },
  };
}

/** A direction without its CLP=0+1 peak cell rate, for comparing what else it holds. */
function rest(d: TrafficDirection): string {
  const { peakCellRateClp01: _pcr, ...others } = d;
  return JSON.stringify(others, Object.keys(others).sort());
}

/** True when two traffic descriptors differ at most in their CLP=0+1 peak cell rates (Q.2963.1). */
function onlyPeakRatesDiffer(a: AtmTrafficDescriptor, b: AtmTrafficDescriptor): boolean {
  return (
    a.bestEffort === b.bestEffort &&
    rest(a.forward) === rest(b.forward) &&
    rest(a.backward) === rest(b.backward) &&
    JSON.stringify(a.tagging ?? null) === JSON.stringify(b.tagging ?? null) &&
    JSON.stringify(a.instruction ?? null) === JSON.stringify(b.instruction ?? null)
  );
}

/** The QoS half of the call logic. */
export class QosCalls {
  private readonly t: CallTable;
  /** Clears a call whose VC and network no longer agree, with an incoming close. */
  private readonly clearWithIncomingClose: ClearWithIncomingClose;

  constructor(table: CallTable, clearWithIncomingClose: ClearWithIncomingClose) {
    this.t = table;
    this.clearWithIncomingClose = clearWithIncomingClose;
  }

  // ---- the client asks ----

  /** ProtocolCmModifyCallQoS: MODIFY REQUEST for the new peak cell rates; PENDING until the answer. */
  modifyCallQoS(call: UniCall, params: CO_CALL_PARAMETERS): NDIS_STATUS {
    const key = call.key;
    if (call.multipoint) return NDIS_STATUS_NOT_SUPPORTED;
    if (
      call.phase !== "connected" ||
      key === undefined ||
      call.networkGone ||
      call.params === undefined ||
      call.connection === undefined ||
      call.qos !== undefined ||
      call.afterReactivate !== undefined
    )
      return NDIS_STATUS_FAILURE;
    const wanted = this.descriptorFor(call, params);
    if (wanted === undefined) return NDIS_STATUS_INVALID_DATA;
    const r = this.t.sig?.request(key, {
      name: "modify.request",
      ies: { trafficDescriptor: wanted.next, reportType: CONFIRMATION },
    });
    if (r?.ok !== true) return NDIS_STATUS_FAILURE;
    call.qos = {
      kind: "client",
      params: withVc(params, call.connection),
      trafficDescriptor: wanted.next,
      old: call.params,
      oldTrafficDescriptor: wanted.current,
      phase: "requested",
    };
    return NDIS_STATUS_PENDING;
  }

  /**
   * The traffic descriptor the client's new parameters ask for, with the one in force; undefined
   * when they change more than the peak rates (service type, SDU size) or carry no FLOWSPECs.
   */
  private descriptorFor(
    call: UniCall,
    params: CO_CALL_PARAMETERS,
  ): { next: AtmTrafficDescriptor; current: AtmTrafficDescriptor } | undefined {
    const next = flows(params);
    const now = flows(call.params);
    const current = call.trafficDescriptor;
    if (next === undefined || now === undefined || current === undefined) return undefined;
    for (const [a, b] of [
      [next.tx, now.tx],
      [next.rx, now.rx],
    ] as const) {
      if (a.ServiceType !== b.ServiceType || a.MaxSduSize !== b.MaxSduSize) return undefined;
    }
    const tx = peakCellRate(next.tx);
    const rx = peakCellRate(next.rx);
    const outgoing = call.direction === "outgoing";
    return { next: withPeakRates(current, outgoing ? tx : rx, outgoing ? rx : tx), current };
  }

  /** Ndis(M)CmModifyCallQoSComplete, counted. */
  private completeQos(call: UniCall, status: NDIS_STATUS, params: CO_CALL_PARAMETERS): void {
    if (status === NDIS_STATUS_SUCCESS) this.t.counters.qosChanged++;
    else this.t.counters.qosFailed++;
    if (call.vc !== null) this.t.ddi.modifyCallQoSComplete(status, call.vc, params);
  }

  /**
   * The call is being cleared (or closed by the client) with a change under way: the client's own
   * change completes with FAILURE and the old parameters, before anything else about the clearing.
   */
  failPendingQos(call: UniCall): void {
    const q = call.qos;
    if (q === undefined) return;
    call.qos = undefined;
    if (q.kind === "client") this.completeQos(call, NDIS_STATUS_FAILURE, q.old);
  }

  /** A change of the client's is under way when it closes: it completes first, from the timer. */
  qosBeforeClose(call: UniCall): void {
    if (call.qos?.kind === "client") this.t.defer(() => this.failPendingQos(call));
  }

  // ---- what the network says ----

  /** A modification indication of call control for one call. */
  modifyIndication(call: UniCall, ind: ModifyIndication): void {
    switch (ind.name) {
      case "modify.indication":
        this.peerAsks(call, ind.ies);
        return;
      case "modify.confirm":
        this.acknowledged(call, ind.confirmRequested);
        return;
      case "modify-reject.indication":
        this.rejected(call, ind.cause);
        return;
      case "connection-available.indication":
        // Our MODIFY ACKNOWLEDGE's confirmation step is over; the VC already runs the new contract.
        return;
    }
  }

  /** MODIFY ACKNOWLEDGE: re-activate with the new parameters, then complete (or restore). */
  private acknowledged(call: UniCall, confirmRequested: boolean): void {
    const q = call.qos;
    const key = call.key;
    if (q?.kind === "restoring") {
      call.qos = undefined;
      if (confirmRequested && key !== undefined)
        this.t.sig?.request(key, { name: "connection-available.request" });
      return;
    }
    if (q?.kind !== "client" || q.phase !== "requested") return;
    if (call.phase !== "connected") {
      // The client is closing: the change fails with the call.
      this.failPendingQos(call);
      return;
    }
    q.phase = "reactivating";
    this.t.reactivate(call, q.params, (status) => {
      if (call.qos !== q) return; // cleared meanwhile: completed then
      call.qos = undefined;
      if (status === NDIS_STATUS_SUCCESS) {
        call.params = q.params;
        call.trafficDescriptor = q.trafficDescriptor;
        const k = call.key;
        if (confirmRequested && k !== undefined && !call.networkGone)
          this.t.sig?.request(k, { name: "connection-available.request" });
        this.completeQos(call, NDIS_STATUS_SUCCESS, q.params);
        return;
      }
      // The VC keeps the old parameters; the network goes back to them too.
      this.completeQos(call, NDIS_STATUS_FAILURE, q.old);
      this.restore(call, q.oldTrafficDescriptor);
    });
  }

  /** MODIFY REJECT: the old parameters stay. */
  private rejected(call: UniCall, cause: CauseIe): void {
    const q = call.qos;
    if (q?.kind === "restoring") {
      // The network keeps a contract the VC does not run: the call cannot go on.
      call.qos = undefined;
      this.clearWithIncomingClose(call, Cause.RESOURCE_UNAVAILABLE_UNSPECIFIED, NDIS_STATUS_FAILURE);
      return;
    }
    if (q?.kind !== "client" || q.phase !== "requested") return;
    call.qos = undefined;
    this.completeQos(call, statusFromCause(cause.value), q.old);
  }

  /** After a failed re-activation: MODIFY REQUEST back to the traffic descriptor the VC still runs. */
  private restore(call: UniCall, td: AtmTrafficDescriptor): void {
    const key = call.key;
    if (key === undefined || call.networkGone || call.phase !== "connected") return;
    const r = this.t.sig?.request(key, {
      name: "modify.request",
      ies: { trafficDescriptor: td, reportType: CONFIRMATION },
    });
    if (r?.ok === true) call.qos = { kind: "restoring" };
    else this.clearWithIncomingClose(call, Cause.RESOURCE_UNAVAILABLE_UNSPECIFIED, NDIS_STATUS_FAILURE);
  }

  // ---- the peer asks ----

  /** The peer's MODIFY REQUEST: re-activate, dispatch to the client, then MODIFY ACKNOWLEDGE. */
  private peerAsks(call: UniCall, ies: ModifyRequestIes): void {
    const key = call.key;
    if (key === undefined) return;
    const reject = (cause: number) => this.t.sig?.request(key, { name: "modify.reject", cause });
    if (
      call.phase !== "connected" ||
      call.multipoint ||
      call.qos !== undefined ||
      call.afterReactivate !== undefined ||
      call.vcPhase !== "active" ||
      call.params === undefined ||
      call.connection === undefined
    ) {
      reject(Cause.TEMPORARY_FAILURE);
      return;
    }
    const params = this.parametersFor(call, ies.trafficDescriptor);
    if (params === undefined) {
      reject(Cause.UNSUPPORTED_TRAFFIC_PARAMETER_COMBINATION);
      return;
    }
    const q: QosChange = { kind: "incoming", params, trafficDescriptor: ies.trafficDescriptor };
    call.qos = q;
    this.t.reactivate(call, params, (status) => {
      if (call.qos !== q) return; // cleared meanwhile
      call.qos = undefined;
      const k = call.key;
      if (status !== NDIS_STATUS_SUCCESS) {
        if (k !== undefined && !call.networkGone)
          this.t.sig?.request(k, { name: "modify.reject", cause: Cause.RESOURCE_UNAVAILABLE_UNSPECIFIED });
        return;
      }
      call.params = params;
      call.trafficDescriptor = ies.trafficDescriptor;
      if (call.phase !== "connected" || call.vc === null) return;
      this.t.counters.qosIncoming++;
      this.t.ddi.dispatchIncomingCallQoSChange(call.vc, params);
      // The client accepted by returning; one that closed the call in its handler refused it.
      const after = call.key;
      if (call.phase === "connected" && after !== undefined && !call.networkGone)
        this.t.sig?.request(after, { name: "modify.response" });
    });
  }

  /**
   * The call parameters for a traffic descriptor the peer asks for: the ones in force with new
   * PeakBandwidths; undefined when it changes more than the CLP=0+1 peak cell rates.
   */
  private parametersFor(call: UniCall, td: AtmTrafficDescriptor): CO_CALL_PARAMETERS | undefined {
    const current = call.trafficDescriptor;
    const params = call.params;
    const cm = params?.CallMgrParameters;
    if (params === undefined || cm === null || cm === undefined) return undefined;
    if (current !== undefined && !onlyPeakRatesDiffer(current, td)) return undefined;
    const forward = td.forward.peakCellRateClp01;
    const backward = td.backward.peakCellRateClp01;
    const outgoing = call.direction === "outgoing";
    const tx = outgoing ? forward : backward;
    const rx = outgoing ? backward : forward;
    return {
      ...params,
      CallMgrParameters: {
        ...cm,
        Transmit: tx === undefined ? cm.Transmit : { ...cm.Transmit, PeakBandwidth: tx * CELL_PAYLOAD },
        Receive: rx === undefined ? cm.Receive : { ...cm.Receive, PeakBandwidth: rx * CELL_PAYLOAD },
      },
    };
  }
}
