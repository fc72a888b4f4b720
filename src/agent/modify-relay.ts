/**
 * The relay of Q.2963.1 connection modifications between the two halves of an active point-to-point
 * call. Each half runs the procedure itself (call control): the requester's half receives the MODIFY
 * REQUEST, the agent asks the other half with its own MODIFY REQUEST (same IEs: the traffic
 * descriptor's forward direction is the call's, calling → called, whoever asks), and its answer goes
 * back: MODIFY ACKNOWLEDGE (with the report type the other user chose) or MODIFY REJECT (with the
 * other user's cause). A CONNECTION AVAILABLE from the requester is passed on when the other user
 * asked for it. The agent itself refuses:
 * - a peak cell rate above the limit of either port (cause 37, "user cell rate not available");
 * - a call not active on both halves, or whose other half is busy with a modification of its own
 *   (cause 41, "temporary failure").
 * Point-to-multipoint calls never get here: each half's call control answers cause 63 itself.
 * On success the call's recorded traffic descriptor becomes the new one.
 */
import type { ModifyIndication } from "../signaling/call-control/index.ts";
import { type AtmTrafficDescriptor, Cause, type ModifyRequestIes } from "../signaling/q2931/index.ts";
import type { CallFabric } from "./call-fabric.ts";
import type { Half, SwitchCall } from "./switch-call.ts";

/** The highest peak cell rate (CLP=0 or CLP=0+1, either direction) a traffic descriptor asks for. */
export function highestPeakCellRate(td: AtmTrafficDescriptor): number {
  const rates = [td.forward, td.backward].flatMap((d) => [d.peakCellRateClp0 ?? 0, d.peakCellRateClp01 ?? 0]);
  return Math.max(0, ...rates);
}

/** A modification indication from `half` of `call`. */
export function modifyIndication(f: CallFabric, call: SwitchCall, half: Half, ind: ModifyIndication): void {
  switch (ind.name) {
    case "modify.indication":
      requested(f, call, half, ind.ies);
      return;
    case "modify.confirm": {
      const m = call.modification;
      if (m === undefined || m.to !== half) return;
      call.trafficDescriptor = ind.trafficDescriptor;
      m.awaiting = ind.confirmRequested;
      if (!m.awaiting) call.modification = undefined;
      f.emit({
        kind: "callModified",
        call: call.id,
        port: m.from.port,
        outcome: "accepted",
        trafficDescriptor: ind.trafficDescriptor,
      });
      if (!m.from.clearing) f.request(m.from, { name: "modify.response", confirm: ind.confirmRequested });
      return;
    }
    case "modify-reject.indication": {
      const m = call.modification;
      if (m === undefined || m.to !== half) return;
      call.modification = undefined;
      f.emit({
        kind: "callModified",
        call: call.id,
        port: m.from.port,
        outcome: "rejected",
        trafficDescriptor: m.trafficDescriptor,
        cause: ind.cause.value,
      });
      // The other user's cause goes back as it came: its location says where the refusal came from.
      if (!m.from.clearing) f.request(m.from, { name: "modify.reject", cause: ind.cause });
      return;
    }
    case "connection-available.indication": {
      // The requester runs with the new descriptor (or its half stopped waiting: T361): tell the other.
      const m = call.modification;
      if (m === undefined || m.from !== half || !m.awaiting) return;
      call.modification = undefined;
      if (!m.to.clearing) f.request(m.to, { name: "connection-available.request" });
      return;
    }
  }
}

/** MODIFY REQUEST from the user on `from`: checked, then asked of the other half. */
function requested(f: CallFabric, call: SwitchCall, from: Half, ies: ModifyRequestIes): void {
  const refuse = (cause: number, reason: string): void => {
    f.emit({
      kind: "callModified",
      call: call.id,
      port: from.port,
      outcome: "rejected",
      trafficDescriptor: ies.trafficDescriptor,
      cause,
      reason,
    });
    f.request(from, { name: "modify.reject", cause });
  };
  if (call.multipoint) {
    refuse(Cause.SERVICE_OR_OPTION_NOT_AVAILABLE, "a point-to-multipoint call is not modified");
    return;
  }
  const to = from === call.root ? call.legs[0] : call.root;
  if (call.phase !== "active" || to === undefined || to.clearing || from.clearing || !isConnected(call)) {
    refuse(Cause.TEMPORARY_FAILURE, "the call is not active on both sides");
    return;
  }
  const rate = highestPeakCellRate(ies.trafficDescriptor);
  for (const port of [from.port, to.port]) {
    const limit = f.maxPeakCellRate(port);
    if (limit !== undefined && rate > limit) {
      refuse(
        Cause.USER_CELL_RATE_NOT_AVAILABLE,
        `peak cell rate ${rate} cells/s is above port ${port}'s limit of ${limit}`,
      );
      return;
    }
  }
  const asked = f.request(to, { name: "modify.request", ies });
  if (!asked.ok) {
    refuse(Cause.TEMPORARY_FAILURE, `the other side cannot be asked: ${asked.reason}`);
    return;
  }
  call.modification = { from, to, trafficDescriptor: ies.trafficDescriptor, awaiting: false };
}

function isConnected(call: SwitchCall): boolean {
  return call.legs[0]?.connected === true;
}
