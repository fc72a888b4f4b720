/**
 * The part of a call's step that both sides share: input dispatch, clearing, STATUS / STATUS ENQUIRY,
 * party control, Q.2963.1 connection modification, faulty and unexpected messages. Each side plugs in its own basic-call table
 * ({@link SideRules}, see user.ts and network.ts).
 */
import type { Q2931Message } from "../q2931/index.ts";
import type { Call } from "./call.ts";
import { timerId } from "./call.ts";
import {
  answerUnknownCall,
  clearLocally,
  onDecodeError,
  onRelease,
  onReleaseComplete,
  onStatusEnquiry,
  onT308,
  onT322,
  releaseRequest,
  reportAfter,
  resynchronise,
  statusEnquiryRequest,
  unexpectedMessage,
} from "./common.ts";
import type { CallTimerName, Side } from "./config.ts";
import { causeFromSpec } from "./messages.ts";
import {
  connectionAvailableRequest,
  modifyReject,
  modifyRequest,
  modifyResponse,
  onModifyMessage,
  onT360,
  onT361,
} from "./modify.ts";
import {
  addPartyReject,
  addPartyRequest,
  addPartyResponse,
  dropPartyRequest,
  onPartyMessage,
  onT398,
  onT399,
} from "./party.ts";
import type { CallInput, CallRequest } from "./signals.ts";
import { callStateLabel, isClearing, releaseSentState } from "./states.ts";
import { onStatus } from "./status.ts";
import { type CallStep, CallTransition } from "./transition.ts";

/** The basic-call procedures of one side. */
export interface SideRules {
  readonly side: Side;
  /** SETUP, CALL PROCEEDING, ALERTING, CONNECT, CONNECT ACKNOWLEDGE; false when not allowed in this state. */
  message(t: CallTransition, message: Q2931Message): boolean;
  /** setup.request, proceeding.request, alerting.request, setup.response, reject.request; false when not allowed. */
  request(t: CallTransition, request: CallRequest): boolean;
  /** T303, T310, T313 (already known to be running). */
  timer(t: CallTransition, timer: "T303" | "T310" | "T313"): void;
}

/** One step of a call's machine on the side `rules` describes. */
export function stepCall(call: Call, input: CallInput, rules: SideRules): CallStep {
  if (call.side !== rules.side) {
    throw new Error(
      `call ${call.key.value}: a ${call.side}-side call stepped by the ${rules.side}-side machine`,
    );
  }
  const t = new CallTransition(call);
  switch (input.kind) {
    case "request":
      request(t, input.request, rules);
      break;
    case "message":
      message(t, input.message, rules);
      reportAfter(t, input.report);
      break;
    case "decode-error":
      if (t.s.state !== 0) onDecodeError(t, input.error);
      break;
    case "timer": {
      const id = timerId(input.timer, input.party);
      // An expiry that was overtaken by a stop (the runtime raced it) is stale.
      if (!t.s.timers.includes(id)) break;
      t.s.timers = t.s.timers.filter((running) => running !== id);
      if (input.party !== undefined) {
        if (input.timer === "T398") onT398(t, input.party);
        else onT399(t, input.party);
      } else {
        timer(t, input.timer, rules);
      }
      break;
    }
    case "clear-locally":
      clearLocally(t, input.cause);
      break;
    case "resynchronise":
      resynchronise(t);
      break;
  }
  return t.result();
}

function timer(t: CallTransition, name: CallTimerName, rules: SideRules): void {
  switch (name) {
    case "T308":
      if (t.s.state === releaseSentState(t.s.side)) onT308(t);
      return;
    case "T322":
      onT322(t);
      return;
    case "T360":
      onT360(t);
      return;
    case "T361":
      onT361(t);
      return;
    default:
      rules.timer(t, name);
  }
}

function message(t: CallTransition, m: Q2931Message, rules: SideRules): void {
  const here = callStateLabel(t.s.side, t.s.state);
  if (t.s.state === 0 && m.type !== "SETUP") {
    // No call yet: answer as for an unknown call reference.
    const answer = answerUnknownCall(m, t.s.config.causeLocation);
    if (answer !== undefined) t.sendMessage(answer);
    return;
  }
  switch (m.type) {
    case "SETUP":
      // A SETUP on an existing call (a T303 retransmission) is ignored (ngatm `input_call`).
      if (t.s.state === 0) rules.message(t, m);
      return;
    case "RELEASE":
      onRelease(t, m.ies.cause);
      return;
    case "RELEASE COMPLETE":
      onReleaseComplete(t, m.ies.cause ?? []);
      return;
    case "STATUS":
      onStatus(t, m);
      return;
    case "STATUS ENQUIRY":
      onStatusEnquiry(t, m);
      return;
    case "ADD PARTY":
    case "ADD PARTY ACKNOWLEDGE":
    case "ADD PARTY REJECT":
    case "DROP PARTY":
    case "DROP PARTY ACKNOWLEDGE":
      onPartyMessage(t, m);
      return;
    case "MODIFY REQUEST":
    case "MODIFY ACKNOWLEDGE":
    case "MODIFY REJECT":
    case "CONNECTION AVAILABLE":
      onModifyMessage(t, m);
      return;
    case "RESTART":
    case "RESTART ACKNOWLEDGE":
      unexpectedMessage(t, m, `${here} (restart messages use the global call reference)`);
      return;
    default:
      if (!rules.message(t, m)) unexpectedMessage(t, m, here);
  }
}

function request(t: CallTransition, r: CallRequest, rules: SideRules): void {
  const here = callStateLabel(t.s.side, t.s.state);
  const location = t.s.config.causeLocation;
  switch (r.name) {
    case "release.request":
      if (t.s.state === 0 || isClearing(t.s.state)) t.refuse(`release.request in ${here}`);
      else releaseRequest(t, causeFromSpec(r.cause, location));
      return;
    case "status-enquiry.request":
      if (t.s.state === 0) t.refuse(`status-enquiry.request in ${here}`);
      else statusEnquiryRequest(t, r.party);
      return;
    case "add-party.request": {
      const party = addPartyRequest(t, r.ies);
      if (party !== undefined) t.created = party;
      return;
    }
    case "add-party.response":
      addPartyResponse(t, r.party);
      return;
    case "add-party.reject":
      addPartyReject(t, r.party, causeFromSpec(r.cause, location));
      return;
    case "drop-party.request":
      dropPartyRequest(t, r.party, causeFromSpec(r.cause, location));
      return;
    case "modify.request":
      modifyRequest(t, r.ies);
      return;
    case "modify.response":
      modifyResponse(t, r.confirm);
      return;
    case "modify.reject":
      modifyReject(t, causeFromSpec(r.cause, location));
      return;
    case "connection-available.request":
      connectionAvailableRequest(t);
      return;
    default:
      if (!rules.request(t, r)) t.refuse(`${r.name} in ${here}`);
  }
}
