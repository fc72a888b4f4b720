/**
 * Q.2963.1 connection modification (peak cell rate modification) of an active point-to-point call,
 * the same on both sides of the UNI: a sub-state of U10/N10 (see {@link Modification}).
 *
 * - modify.request: MODIFY REQUEST with the new ATM traffic descriptor, T360 (30 s).
 * - The peer answers MODIFY ACKNOWLEDGE (the new descriptor is in force) or MODIFY REJECT (the old
 *   one stays). A report type "modification confirmation" in MODIFY ACKNOWLEDGE asks the requester
 *   for CONNECTION AVAILABLE once it runs with the new descriptor; the acknowledging side waits
 *   for it under T361 (20 s, then it assumes it).
 * - T360 expiry clears the call (RELEASE, cause 102 "360"), as linux-atm does: after it neither side
 *   knows which traffic contract is in force.
 * - Either side may ask. When both MODIFY REQUESTs cross, each side refuses the other's with MODIFY
 *   REJECT, cause 41 "temporary failure", and waits for the answer to its own: both changes fail and
 *   either side may try again.
 * - A point-to-multipoint call is never modified: MODIFY REQUEST gets MODIFY REJECT, cause 63
 *   "service or option not available", and modify.request is refused.
 * - A modification message outside U10/N10, or one that does not fit the sub-state, is answered as
 *   any unexpected message is (STATUS, cause 101).
 */
import {
  Cause,
  type CauseIe,
  diagnosticFromTimer,
  type ModifyRequestIes,
  type Q2931Message,
  ReportType,
} from "../q2931/index.ts";
import { clearCall, unexpectedMessage } from "./common.ts";
import { callStateLabel } from "./states.ts";
import type { CallTransition } from "./transition.ts";

/** The modification messages. */
export type ModifyMessage = Extract<
  Q2931Message,
  { type: "MODIFY REQUEST" | "MODIFY ACKNOWLEDGE" | "MODIFY REJECT" | "CONNECTION AVAILABLE" }
>;

const CONFIRMATION = { typeOfReport: ReportType.MODIFICATION_CONFIRMATION } as const;

const asksConfirmation = (report: { readonly typeOfReport: number } | undefined): boolean =>
  report?.typeOfReport === ReportType.MODIFICATION_CONFIRMATION;

function here(t: CallTransition): string {
  const m = t.s.modify;
  return `${callStateLabel(t.s.side, t.s.state)}${m === undefined ? "" : ` (modification ${m.role})`}`;
}

/** modify.request: MODIFY REQUEST and T360, on an active point-to-point call with no change under way. */
export function modifyRequest(t: CallTransition, ies: ModifyRequestIes): void {
  if (t.s.state !== 10) {
    t.refuse(`modify.request in ${here(t)}`);
    return;
  }
  if (t.s.multipoint) {
    t.refuse("modify.request on a point-to-multipoint call (Q.2963.1 modifies point-to-point calls)");
    return;
  }
  const m = t.s.modify;
  if (m?.role === "requested" || m?.role === "received") {
    t.refuse(`modify.request in ${here(t)}`);
    return;
  }
  // A confirmation still awaited or owed is overtaken by the new request.
  t.stop("T361");
  t.send("MODIFY REQUEST", ies);
  t.start("T360");
  t.s.modify = { role: "requested", trafficDescriptor: ies.trafficDescriptor };
}

/** modify.response: MODIFY ACKNOWLEDGE for the peer's request, with a report type when confirming. */
export function modifyResponse(t: CallTransition, confirm: boolean | undefined): void {
  const m = t.s.modify;
  if (t.s.state !== 10 || m?.role !== "received") {
    t.refuse(`modify.response in ${here(t)}`);
    return;
  }
  const withReport = confirm ?? m.confirm;
  t.send("MODIFY ACKNOWLEDGE", withReport ? { reportType: CONFIRMATION } : {});
  if (withReport) {
    t.start("T361");
    t.s.modify = { role: "awaiting-available" };
  } else t.s.modify = undefined;
}

/** modify.reject: MODIFY REJECT for the peer's request. */
export function modifyReject(t: CallTransition, cause: CauseIe): void {
  if (t.s.state !== 10 || t.s.modify?.role !== "received") {
    t.refuse(`modify.reject in ${here(t)}`);
    return;
  }
  t.send("MODIFY REJECT", { cause });
  t.s.modify = undefined;
}

/** connection-available.request: the CONNECTION AVAILABLE the peer's MODIFY ACKNOWLEDGE asked for. */
export function connectionAvailableRequest(t: CallTransition): void {
  if (t.s.state !== 10 || t.s.modify?.role !== "available-owed") {
    t.refuse(`connection-available.request in ${here(t)}`);
    return;
  }
  t.send("CONNECTION AVAILABLE", {});
  t.s.modify = undefined;
}

/** A modification message received on a known call. */
export function onModifyMessage(t: CallTransition, message: ModifyMessage): void {
  if (t.s.state !== 10) {
    unexpectedMessage(t, message, here(t));
    return;
  }
  const m = t.s.modify;
  switch (message.type) {
    case "MODIFY REQUEST":
      if (t.s.multipoint) {
        t.send("MODIFY REJECT", { cause: t.cause(Cause.SERVICE_OR_OPTION_NOT_AVAILABLE) });
        return;
      }
      if (m?.role === "requested") {
        // Crossing requests: refuse the peer's; ours waits for the peer's answer (its refusal).
        t.send("MODIFY REJECT", { cause: t.cause(Cause.TEMPORARY_FAILURE) });
        return;
      }
      if (m?.role === "received") {
        unexpectedMessage(t, message, `${here(t)}: the previous MODIFY REQUEST is unanswered`);
        return;
      }
      t.stop("T361");
      t.s.modify = {
        role: "received",
        trafficDescriptor: message.ies.trafficDescriptor,
        confirm: asksConfirmation(message.ies.reportType),
      };
      t.indicate({ name: "modify.indication", ies: message.ies });
      return;
    case "MODIFY ACKNOWLEDGE": {
      if (m?.role !== "requested") {
        unexpectedMessage(t, message, here(t));
        return;
      }
      t.stop("T360");
      const confirmRequested = asksConfirmation(message.ies.reportType);
      t.s.modify = confirmRequested ? { role: "available-owed" } : undefined;
      t.indicate({ name: "modify.confirm", trafficDescriptor: m.trafficDescriptor, confirmRequested });
      return;
    }
    case "MODIFY REJECT":
      if (m?.role !== "requested") {
        unexpectedMessage(t, message, here(t));
        return;
      }
      t.stop("T360");
      t.s.modify = undefined;
      t.indicate({ name: "modify-reject.indication", cause: message.ies.cause });
      return;
    case "CONNECTION AVAILABLE":
      if (m?.role !== "awaiting-available") {
        unexpectedMessage(t, message, here(t));
        return;
      }
      t.stop("T361");
      t.s.modify = undefined;
      t.indicate({ name: "connection-available.indication", timedOut: false });
      return;
  }
}

/** T360: no answer to our MODIFY REQUEST; the call is cleared with cause 102 "360". */
export function onT360(t: CallTransition): void {
  if (t.s.state !== 10 || t.s.modify?.role !== "requested") return;
  t.s.modify = undefined;
  clearCall(t, t.cause(Cause.RECOVERY_ON_TIMER_EXPIRY, diagnosticFromTimer("360")));
}

/** T361: no CONNECTION AVAILABLE; the peer is taken to run with the new traffic descriptor. */
export function onT361(t: CallTransition): void {
  if (t.s.state !== 10 || t.s.modify?.role !== "awaiting-available") return;
  t.s.modify = undefined;
  t.indicate({ name: "connection-available.indication", timedOut: true });
}
