/**
 * Procedures both sides share: clearing (Q.2931 call control / ATM Forum UNI 3.1 "Clearing"), status enquiry, STATUS,
 * and the answers to unexpected and faulty messages (§3.5). The caller has checked the call state.
 */
import {
  Cause,
  type CauseIe,
  diagnosticFromTimer,
  type MessageCompatibility,
  MessageType,
  type Q2931DecodeError,
  type Q2931Message,
  type StatusReport,
} from "../q2931/index.ts";
import {
  answerEndpoint,
  answerReference,
  causeAboutMessage,
  messageTypeCode,
  outgoingEndpoint,
  partyOfReceived,
  releaseComplete,
  statusMessage,
} from "./messages.ts";
import type { PartyKey } from "./signals.ts";
import { isClearing, PartyState, releaseSentState } from "./states.ts";
import type { CallTransition } from "./transition.ts";

/** Sends RELEASE with these causes, starts T308 and enters U11 / N12; parties go silently. */
export function sendRelease(t: CallTransition, causes: readonly CauseIe[]): void {
  t.stopAll();
  t.s.parties = [];
  t.send("RELEASE", { cause: causes });
  t.s.releaseCauses = causes;
  t.s.expiries = { ...t.s.expiries, T308: 0 };
  t.start("T308");
  t.setState(releaseSentState(t.s.side));
}

/** Clears the call because of a timer or an error ("label D" of the SDLs): tell the user, then RELEASE. */
export function clearCall(t: CallTransition, cause: CauseIe): void {
  t.indicate({ name: "release.indication", cause: [cause] });
  sendRelease(t, [cause]);
}

/** release.request in any state but Null and the clearing states. */
export function releaseRequest(t: CallTransition, cause: CauseIe): void {
  sendRelease(t, [cause]);
}

/** RELEASE received: a clear collision in U11/N12 ends the call; otherwise answer RELEASE COMPLETE. */
export function onRelease(t: CallTransition, causes: readonly CauseIe[], answer?: CauseIe): void {
  if (t.s.state === releaseSentState(t.s.side)) {
    // Q.2931 clear collision: no RELEASE COMPLETE, the call reference is released at once.
    t.toNull(causes);
    return;
  }
  t.stopAll();
  t.send("RELEASE COMPLETE", answer === undefined ? {} : { cause: [answer] });
  t.indicate({ name: "release.indication", cause: causes });
  t.toNull(causes);
}

/** RELEASE COMPLETE received in any state. */
export function onReleaseComplete(t: CallTransition, causes: readonly CauseIe[]): void {
  const reported = causes.length > 0 ? causes : [t.cause(Cause.NORMAL_UNSPECIFIED)];
  if (!isClearing(t.s.state)) t.indicate({ name: "release.indication", cause: reported });
  t.toNull(reported);
}

/** T308 expiry in U11 / N12: resend RELEASE once (adding cause 102 "308"), then release the call reference. */
export function onT308(t: CallTransition): void {
  const count = t.s.expiries.T308 + 1;
  t.s.expiries = { ...t.s.expiries, T308: count };
  const timeout = t.cause(Cause.RECOVERY_ON_TIMER_EXPIRY, diagnosticFromTimer("308"));
  if (count < t.s.config.retries.T308) {
    const first = t.s.releaseCauses ?? [t.cause(Cause.NORMAL_UNSPECIFIED)];
    const causes = first.length >= 2 ? first : [...first, timeout];
    t.send("RELEASE", { cause: causes });
    t.start("T308");
    return;
  }
  t.toNull([timeout]);
}

/** STATUS ENQUIRY received: STATUS with the call state and cause 30 (and the party's state when asked). */
export function onStatusEnquiry(t: CallTransition, message: Q2931Message & { type: "STATUS ENQUIRY" }): void {
  const cause = t.cause(Cause.RESPONSE_TO_STATUS_ENQUIRY);
  const asked = message.ies.endpointReference;
  if (asked === undefined) {
    t.send("STATUS", { cause, callState: { state: t.s.state } });
    return;
  }
  const party = t.party(partyOfReceived(asked));
  t.send("STATUS", {
    cause,
    callState: { state: t.s.state },
    endpointReference: answerEndpoint(asked),
    endpointState: { state: party?.state ?? PartyState.NULL },
  });
}

/** status-enquiry.request: one STATUS ENQUIRY at a time, supervised by T322. */
export function statusEnquiryRequest(t: CallTransition, party: PartyKey | undefined): void {
  if (t.s.enquiry !== undefined) {
    t.refuse("a STATUS ENQUIRY is already outstanding (T322 runs)");
    return;
  }
  if (party !== undefined && t.party(party) === undefined) {
    t.refuse(`no party ${party.mine ? "m" : "p"}${party.value} in this call`);
    return;
  }
  sendEnquiry(t, party);
  t.s.enquiry = party === undefined ? {} : { party };
  t.s.expiries = { ...t.s.expiries, T322: 0 };
}

function sendEnquiry(t: CallTransition, party: PartyKey | undefined): void {
  t.send("STATUS ENQUIRY", party === undefined ? {} : { endpointReference: outgoingEndpoint(party) });
  t.start("T322");
}

/** T322 expiry: resend STATUS ENQUIRY; after the last one give up and clear with cause 102 "322" (ngatm). */
export function onT322(t: CallTransition): void {
  const enquiry = t.s.enquiry;
  if (enquiry === undefined) return;
  const count = t.s.expiries.T322 + 1;
  t.s.expiries = { ...t.s.expiries, T322: count };
  if (count < t.s.config.retries.T322) {
    sendEnquiry(t, enquiry.party);
    return;
  }
  t.s.enquiry = undefined;
  t.indicate({ name: "status-enquiry.failed" });
  if (!isClearing(t.s.state)) {
    clearCall(t, t.cause(Cause.RECOVERY_ON_TIMER_EXPIRY, diagnosticFromTimer("322")));
  }
}

/** The normal compatibility instruction, for messages that carry none. */
const REGULAR: MessageCompatibility = { flag: false, action: 0 };

/**
 * Answers a message that is not allowed in the current state (§3.5): obey its action indicator when
 * its flag is set, otherwise STATUS with cause 101 and the message type as diagnostic. "Clear" is not
 * obeyed while clearing is already under way.
 */
export function unexpectedMessage(t: CallTransition, message: Q2931Message, reason: string): void {
  const type = messageTypeCode(message);
  const epref = "endpointReference" in message.ies ? message.ies.endpointReference : undefined;
  answerFault(t, {
    cause: Cause.MESSAGE_NOT_COMPATIBLE_WITH_CALL_STATE,
    diagnostic: Uint8Array.of(type),
    messageType: type,
    compatibility: message.compatibility ?? REGULAR,
    reason: `${message.type} in ${reason}`,
    ...(epref === undefined ? {} : { endpoint: epref }),
  });
}

interface Fault {
  readonly cause: number;
  readonly diagnostic?: Uint8Array;
  readonly messageType: number;
  readonly compatibility: MessageCompatibility;
  readonly reason: string;
  readonly endpoint?: { readonly value: number; readonly flag: boolean };
}

function answerFault(t: CallTransition, fault: Fault): void {
  const { flag, action } = fault.compatibility;
  const base = { name: "error.indication", cause: fault.cause, messageType: fault.messageType } as const;
  if (flag && action === 1) {
    t.indicate({ ...base, answer: "ignored", reason: `${fault.reason}: action indicator says ignore` });
    return;
  }
  const cause = t.cause(fault.cause, fault.diagnostic);
  if (flag && action === 0) {
    if (isClearing(t.s.state)) {
      t.indicate({ ...base, answer: "ignored", reason: `${fault.reason}: already clearing` });
      return;
    }
    t.indicate({ ...base, answer: "release", reason: `${fault.reason}: action indicator says clear` });
    clearCall(t, cause);
    return;
  }
  t.indicate({ ...base, answer: "status", reason: fault.reason });
  sendStatus(t, cause, fault.endpoint);
}

/** STATUS with the call state and this cause, naming the party when the message named one. */
export function sendStatus(
  t: CallTransition,
  cause: CauseIe,
  endpoint?: { readonly value: number; readonly flag: boolean },
): void {
  if (endpoint === undefined || !t.s.multipoint) {
    t.send("STATUS", { cause, callState: { state: t.s.state } });
    return;
  }
  const party = t.party(partyOfReceived(endpoint));
  t.send("STATUS", {
    cause,
    callState: { state: t.s.state },
    endpointReference: answerEndpoint(endpoint),
    endpointState: { state: party?.state ?? PartyState.NULL },
  });
}

/**
 * A message of this call that failed to decode after its header (§3.5 "faulty messages"). RELEASE and
 * RELEASE COMPLETE with a bad or missing Cause still clear the call as if cause 31 had come (Q.2931
 * §5.6.7.1), RELEASE answered with RELEASE COMPLETE carrying the error cause; other messages get the
 * decoder's disposition: ignore, STATUS with the cause (96, 97, 99, 100), or clearing.
 */
export function onDecodeError(t: CallTransition, error: Q2931DecodeError): void {
  const header = error.header;
  if (header === undefined) return;
  const type = header.messageType;
  const base = { name: "error.indication", cause: error.cause ?? 0, messageType: type } as const;
  if (error.disposition === "ignore") {
    t.indicate({ ...base, answer: "ignored", reason: error.reason });
    return;
  }
  const cause = t.cause(error.cause ?? Cause.PROTOCOL_ERROR_UNSPECIFIED, error.diagnostic);
  const normal = t.cause(Cause.NORMAL_UNSPECIFIED);
  if (type === MessageType.RELEASE) {
    t.indicate({ ...base, answer: "release", reason: error.reason });
    onRelease(t, [normal], cause);
    return;
  }
  if (type === MessageType.RELEASE_COMPLETE) {
    t.indicate({ ...base, answer: "release", reason: error.reason });
    onReleaseComplete(t, [normal]);
    return;
  }
  if (type === MessageType.SETUP) {
    // A SETUP on an existing call is ignored however it decodes (ngatm `input_call`).
    t.indicate({ ...base, answer: "ignored", reason: `${error.reason} (SETUP on an existing call)` });
    return;
  }
  answerFault(t, {
    cause: error.cause ?? Cause.PROTOCOL_ERROR_UNSPECIFIED,
    ...(error.diagnostic === undefined ? {} : { diagnostic: error.diagnostic }),
    messageType: type,
    compatibility: error.disposition === "clear" ? { flag: true, action: 0 } : REGULAR,
    reason: error.reason,
  });
}

/** After a message that decoded with non-fatal IE errors was processed: STATUS with cause 99 or 100. */
export function reportAfter(t: CallTransition, report: StatusReport | undefined): void {
  if (report === undefined || t.s.state === 0) return;
  t.send("STATUS", {
    cause: t.cause(report.cause, report.diagnostic),
    callState: { state: t.s.state },
  });
}

/** Local clearing (RESTART, signalling link lost, T309): no messages, the user is told. */
export function clearLocally(t: CallTransition, cause: CauseIe): void {
  if (t.s.state === 0) return;
  t.indicate({ name: "release.indication", cause: [cause] });
  t.toNull([cause]);
}

/** The signalling link is back: an active call asks its peer with STATUS ENQUIRY (ngatm `call_se`). */
export function resynchronise(t: CallTransition): void {
  if (t.s.state !== 10 || t.s.enquiry !== undefined) return;
  sendEnquiry(t, undefined);
  t.s.enquiry = {};
  t.s.expiries = { ...t.s.expiries, T322: 0 };
}

/** Builds the answer to a message for an unknown call reference (§3.5, ngatm `input_unknown`). */
export function answerUnknownCall(message: Q2931Message, location: number): Q2931Message | undefined {
  const to = answerReference(message.callReference);
  switch (message.type) {
    case "SETUP":
    case "RELEASE COMPLETE":
      return undefined;
    case "STATUS ENQUIRY": {
      const cause = { location, value: Cause.RESPONSE_TO_STATUS_ENQUIRY };
      const asked = message.ies.endpointReference;
      return asked === undefined
        ? statusMessage(to, 0, cause)
        : statusMessage(to, 0, cause, { reference: answerEndpoint(asked), state: PartyState.NULL });
    }
    case "STATUS":
      if (message.ies.callState.state === 0) return undefined;
      return releaseComplete(
        to,
        causeAboutMessage(Cause.MESSAGE_NOT_COMPATIBLE_WITH_CALL_STATE, location, MessageType.STATUS),
      );
    default:
      return releaseComplete(to, { location, value: Cause.INVALID_CALL_REFERENCE_VALUE });
  }
}
