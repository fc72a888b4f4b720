/**
 * The per-interface dispatcher: routes decoded messages and decode errors by call reference and flag,
 * creates calls for incoming SETUP and for setup requests, answers messages for unknown call references
 * as Q.2931 call control / ATM Forum UNI 3.1 prescribes, runs the global call reference (restart), and supervises the
 * signalling link (T309). Pure: `stepInterface(state, input) → { state, effects }`.
 */
import { Cause, MAX_CALL_REFERENCE, MessageType, type Q2931DecodeError } from "../q2931/index.ts";
import { callId, newCall } from "./call.ts";
import { answerUnknownCall } from "./common.ts";
import type { InterfaceInput, InterfaceState, InterfaceStep } from "./interface-state.ts";
import { InterfaceTransition } from "./interface-transition.ts";
import {
  answerReference,
  keyOfReceived,
  messageTypeCode,
  releaseComplete,
  statusMessage,
} from "./messages.ts";
import {
  onGlobalDecodeError,
  onGlobalMessage,
  onT316,
  onT317,
  restartingAll,
  restartRequest,
  restartResponse,
} from "./restart.ts";
import type { CallKey } from "./signals.ts";

/** One step of an interface's call control. */
export function stepInterface(state: InterfaceState, input: InterfaceInput): InterfaceStep {
  const t = new InterfaceTransition(state);
  switch (input.kind) {
    case "message": {
      const { message } = input;
      if (message.callReference.value === 0) {
        onGlobalMessage(t, message);
        break;
      }
      const key = keyOfReceived(message.callReference);
      const call = t.getCall(key);
      const report = input.report === undefined ? {} : { report: input.report };
      if (call !== undefined) {
        t.stepCall(call, { kind: "message", message, ...report });
      } else if (message.type === "SETUP" && !key.mine && restartingAll(t)) {
        t.send(releaseComplete(answerReference(message.callReference), t.cause(Cause.TEMPORARY_FAILURE)));
        t.indicate({
          name: "error.indication",
          cause: Cause.TEMPORARY_FAILURE,
          messageType: MessageType.SETUP,
          answer: "release",
          reason: `SETUP for ${callId(key)} while every VC is being restarted`,
        });
      } else if (message.type === "SETUP" && !key.mine) {
        t.stepCall(newCall(t.s.config, key), { kind: "message", message, ...report });
      } else {
        const answer = answerUnknownCall(message, t.s.config.causeLocation);
        if (answer !== undefined) t.send(answer);
        if (answer?.type === "RELEASE COMPLETE") {
          const cause = answer.ies.cause?.[0]?.value ?? 0;
          t.indicate({
            name: "error.indication",
            cause,
            messageType: messageTypeCode(message),
            answer: "release",
            reason: `${message.type} for unknown call reference ${callId(key)}`,
          });
        }
      }
      break;
    }
    case "decode-error":
      decodeError(t, input.error);
      break;
    case "setup": {
      if (!t.s.linkUp) {
        t.refuse("setup while the signalling link is down");
        break;
      }
      if (restartingAll(t)) {
        t.refuse("setup while every VC is being restarted (REST1 or REST2)");
        break;
      }
      const key = allocateCallReference(t);
      if (key === undefined) {
        t.refuse("every call reference value is in use");
        break;
      }
      t.stepCall(newCall(t.s.config, key), {
        kind: "request",
        request: { name: "setup.request", ies: input.ies },
      });
      t.call = key;
      break;
    }
    case "request": {
      const call = t.getCall(input.call);
      if (call === undefined) t.refuse(`${input.request.name} for unknown call ${callId(input.call)}`);
      else t.stepCall(call, { kind: "request", request: input.request });
      break;
    }
    case "restart.request":
      restartRequest(t, input.restartClass, input.connectionIdentifier);
      break;
    case "restart.response":
      restartResponse(t);
      break;
    case "timer":
      if (input.call === undefined) interfaceTimer(t, input.timer);
      else {
        const call = t.getCall(input.call);
        if (call !== undefined) {
          t.stepCall(
            call,
            input.party === undefined
              ? { kind: "timer", timer: input.timer }
              : { kind: "timer", timer: input.timer, party: input.party },
          );
        }
      }
      break;
    case "link-released":
      linkReleased(t);
      break;
    case "link-established":
      t.s.linkUp = true;
      t.stopTimer("T309");
      for (const call of t.allCalls()) t.stepCall(call, { kind: "resynchronise" });
      break;
  }
  return t.result();
}

function interfaceTimer(t: InterfaceTransition, timer: "T309" | "T316" | "T317"): void {
  if (!t.expired(timer)) return;
  if (timer === "T316") onT316(t);
  else if (timer === "T317") onT317(t);
  else {
    // T309: the link did not come back; the calls kept waiting are cleared (destination out of order).
    const cause = t.cause(Cause.DESTINATION_OUT_OF_ORDER);
    for (const call of t.allCalls()) t.stepCall(call, { kind: "clear-locally", cause });
  }
}

/** SAAL released: calls not active are cleared at once, active ones wait for the link under T309. */
function linkReleased(t: InterfaceTransition): void {
  t.s.linkUp = false;
  const cause = t.cause(Cause.DESTINATION_OUT_OF_ORDER);
  for (const call of t.allCalls()) {
    if (call.state !== 10) t.stepCall(call, { kind: "clear-locally", cause });
  }
  if (t.s.calls.size > 0 && !t.s.timers.includes("T309")) t.startTimer("T309");
}

/** A value from 1 to 2^23 − 1 that none of our calls uses. */
function allocateCallReference(t: InterfaceTransition): CallKey | undefined {
  let value = t.s.nextCallReference;
  for (let tries = 0; tries < MAX_CALL_REFERENCE; tries++) {
    if (value < 1 || value > MAX_CALL_REFERENCE) value = 1;
    const key: CallKey = { value, mine: true };
    if (t.getCall(key) === undefined) {
      t.s.nextCallReference = value + 1;
      return key;
    }
    value++;
  }
  return undefined;
}

/**
 * A frame that failed to decode. Without a header there is no call to answer on. On a known call the
 * call's machine answers. For an unknown call reference a faulty SETUP is refused with RELEASE COMPLETE
 * carrying the decoder's cause (96, 100; Q.2931 §5.6.7.1), and anything else is answered as a message of
 * its type would be (RELEASE COMPLETE cause 81, or nothing).
 */
function decodeError(t: InterfaceTransition, error: Q2931DecodeError): void {
  const header = error.header;
  const ignored = (reason: string) =>
    t.indicate({
      name: "error.indication",
      cause: error.cause ?? 0,
      messageType: header?.messageType ?? 0,
      answer: "ignored",
      reason,
    });
  if (header === undefined) {
    ignored(error.reason);
    return;
  }
  if (header.callReference.value === 0) {
    onGlobalDecodeError(t, error);
    return;
  }
  const key = keyOfReceived(header.callReference);
  const call = t.getCall(key);
  if (call !== undefined) {
    t.stepCall(call, { kind: "decode-error", error });
    return;
  }
  if (error.disposition === "ignore") {
    ignored(error.reason);
    return;
  }
  const to = answerReference(header.callReference);
  const type = header.messageType;
  const cause = error.cause ?? Cause.PROTOCOL_ERROR_UNSPECIFIED;
  if (type === MessageType.SETUP) {
    if (key.mine) {
      ignored(`${error.reason} (SETUP with call reference flag 1)`);
    } else if (
      error.disposition === "clear" ||
      cause === Cause.MANDATORY_IE_MISSING ||
      cause === Cause.INVALID_IE_CONTENTS
    ) {
      t.send(releaseComplete(to, t.cause(cause, error.diagnostic)));
      t.indicate({
        name: "error.indication",
        cause,
        messageType: type,
        answer: "release",
        reason: error.reason,
      });
    } else {
      t.send(statusMessage(to, 0, t.cause(cause, error.diagnostic)));
      t.indicate({
        name: "error.indication",
        cause,
        messageType: type,
        answer: "status",
        reason: error.reason,
      });
    }
    return;
  }
  if (type === MessageType.RELEASE_COMPLETE || type === MessageType.STATUS) {
    ignored(`${error.reason} (unknown call reference ${callId(key)})`);
    return;
  }
  if (type === MessageType.STATUS_ENQUIRY) {
    t.send(statusMessage(to, 0, t.cause(Cause.RESPONSE_TO_STATUS_ENQUIRY)));
    return;
  }
  t.send(releaseComplete(to, t.cause(Cause.INVALID_CALL_REFERENCE_VALUE)));
  t.indicate({
    name: "error.indication",
    cause: Cause.INVALID_CALL_REFERENCE_VALUE,
    messageType: type,
    answer: "release",
    reason: `${error.reason} (unknown call reference ${callId(key)})`,
  });
}
