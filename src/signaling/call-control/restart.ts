/**
 * The global call reference: RESTART / RESTART ACKNOWLEDGE with T316 and T317, STATUS about the restart
 * processes, and the answers to other messages on the global call reference (Q.2931 call control / ATM Forum UNI 3.1;
 * ngatm `input_global` and `sig_reset.c`).
 */
import {
  Cause,
  type ConnectionIdentifier,
  GLOBAL_CALL_REFERENCE,
  type Q2931DecodeError,
  type Q2931Message,
  RestartClass,
  type RestartIes,
} from "../q2931/index.ts";
import type { Call } from "./call.ts";
import type { InterfaceTransition } from "./interface-transition.ts";
import { answerReference, messageTypeCode, statusMessage } from "./messages.ts";

/** The call reference of the RESTART we originate. */
const RESTART_REFERENCE = { value: GLOBAL_CALL_REFERENCE, flag: false } as const;
/** The call reference of the RESTART ACKNOWLEDGE we answer with. */
const ACKNOWLEDGE_REFERENCE = { value: GLOBAL_CALL_REFERENCE, flag: true } as const;

/** True when a RESTART of this class and connection identifier covers the call. */
function restartCovers(ies: RestartIes, call: Call): boolean {
  const restartClass = ies.restartIndicator.restartClass;
  if (restartClass === RestartClass.ALL_VCS) return true;
  const named = ies.connectionIdentifier;
  const vc = call.connectionIdentifier;
  if (named === undefined || vc === undefined || named.vpci !== vc.vpci) return false;
  return restartClass === RestartClass.ALL_VCS_IN_INDICATED_VPC || named.vci === vc.vci;
}

/** Clears every call the restart covers, without messages (the peer restarts its side too). */
function clearCovered(t: InterfaceTransition, ies: RestartIes): void {
  const cause = t.cause(Cause.TEMPORARY_FAILURE);
  for (const call of t.allCalls()) {
    if (restartCovers(ies, call)) t.stepCall(call, { kind: "clear-locally", cause });
  }
}

/**
 * True while a restart of all VCs is under way in either direction (REST1 or REST2): the VCs are not
 * available for new calls until it completes (Q.2931 §5.5), so a setup request is refused and an
 * incoming SETUP is answered with RELEASE COMPLETE.
 */
export function restartingAll(t: InterfaceTransition): boolean {
  const { start, respond, sent, received } = t.s.restart;
  return (
    (start === 0x3d && sent?.restartIndicator.restartClass === RestartClass.ALL_VCS) ||
    (respond === 0x3e && received?.restartIndicator.restartClass === RestartClass.ALL_VCS)
  );
}

/** restart.request: RESTART with T316 from REST0 (→ REST1), after clearing the calls it covers. */
export function restartRequest(
  t: InterfaceTransition,
  restartClass: number,
  connectionIdentifier: ConnectionIdentifier | undefined,
): void {
  if (t.s.restart.start !== 0x00) {
    t.refuse("restart.request while our RESTART is outstanding (REST1)");
    return;
  }
  if (!Number.isInteger(restartClass) || restartClass < 0 || restartClass > 7) {
    t.refuse(`restart.request: class ${restartClass} is not a 3-bit restart class`);
    return;
  }
  if (restartClass !== RestartClass.ALL_VCS && connectionIdentifier === undefined) {
    t.refuse(`restart.request: class ${restartClass} needs a connection identifier`);
    return;
  }
  const ies: RestartIes =
    connectionIdentifier === undefined || restartClass === RestartClass.ALL_VCS
      ? { restartIndicator: { restartClass } }
      : { connectionIdentifier, restartIndicator: { restartClass } };
  clearCovered(t, ies);
  t.send({ type: "RESTART", callReference: RESTART_REFERENCE, ies });
  t.setRestart({ start: 0x3d, sent: ies, t316Expiries: 0 });
  t.startTimer("T316");
}

/** restart.response: local clearing is done, answer RESTART ACKNOWLEDGE (REST2 → REST0). */
export function restartResponse(t: InterfaceTransition): void {
  const received = t.s.restart.received;
  if (t.s.restart.respond !== 0x3e || received === undefined) {
    t.refuse("restart.response without a RESTART to answer (not in REST2)");
    return;
  }
  t.stopTimer("T317");
  t.send({ type: "RESTART ACKNOWLEDGE", callReference: ACKNOWLEDGE_REFERENCE, ies: received });
  t.setRestart({ respond: 0x00, received: undefined });
}

/** T316 expiry in REST1: resend RESTART, or after the last try give up (REST0) and report. */
export function onT316(t: InterfaceTransition): void {
  const sent = t.s.restart.sent;
  if (t.s.restart.start !== 0x3d || sent === undefined) return;
  const count = t.s.restart.t316Expiries + 1;
  if (count < t.s.config.retries.T316) {
    t.setRestart({ t316Expiries: count });
    t.send({ type: "RESTART", callReference: RESTART_REFERENCE, ies: sent });
    t.startTimer("T316");
    return;
  }
  t.setRestart({ start: 0x00, sent: undefined, t316Expiries: count });
  t.indicate({ name: "restart.error", timer: "T316", reason: "no RESTART ACKNOWLEDGE after the last T316" });
}

/** T317 expiry in REST2: the layer above did not confirm local clearing; report and return to REST0. */
export function onT317(t: InterfaceTransition): void {
  if (t.s.restart.respond !== 0x3e) return;
  t.setRestart({ respond: 0x00, received: undefined });
  t.indicate({ name: "restart.error", timer: "T317", reason: "restart.response did not come before T317" });
}

function sameRestart(a: RestartIes, b: RestartIes): boolean {
  const x = a.connectionIdentifier;
  const y = b.connectionIdentifier;
  return (
    a.restartIndicator.restartClass === b.restartIndicator.restartClass &&
    (x === undefined) === (y === undefined) &&
    (x === undefined || y === undefined || (x.vpci === y.vpci && x.vci === y.vci))
  );
}

/** A decoded message on the global call reference. */
export function onGlobalMessage(t: InterfaceTransition, message: Q2931Message): void {
  const to = answerReference(message.callReference);
  const flag = message.callReference.flag;
  const answerStatus = (state: number, cause: number, diagnostic?: Uint8Array) => {
    t.send(statusMessage(to, state, t.cause(cause, diagnostic)));
    t.indicate({
      name: "error.indication",
      cause,
      messageType: messageTypeCode(message),
      answer: "status",
      reason: `${message.type} on the global call reference (flag ${flag ? 1 : 0})`,
    });
  };
  const aboutType = Uint8Array.of(messageTypeCode(message));
  switch (message.type) {
    case "RESTART":
      if (flag) {
        answerStatus(t.s.restart.start, Cause.INVALID_CALL_REFERENCE_VALUE);
      } else if (t.s.restart.respond === 0x3e) {
        answerStatus(0x3e, Cause.MESSAGE_NOT_COMPATIBLE_WITH_CALL_STATE, aboutType);
      } else {
        clearCovered(t, message.ies);
        t.setRestart({ respond: 0x3e, received: message.ies });
        t.startTimer("T317");
        t.indicate({
          name: "restart.indication",
          restartClass: message.ies.restartIndicator.restartClass,
          ...(message.ies.connectionIdentifier === undefined
            ? {}
            : { connectionIdentifier: message.ies.connectionIdentifier }),
        });
      }
      return;
    case "RESTART ACKNOWLEDGE": {
      const sent = t.s.restart.sent;
      if (!flag) {
        answerStatus(t.s.restart.respond, Cause.INVALID_CALL_REFERENCE_VALUE);
      } else if (t.s.restart.start !== 0x3d || sent === undefined) {
        answerStatus(0x00, Cause.MESSAGE_NOT_COMPATIBLE_WITH_CALL_STATE, aboutType);
      } else if (sameRestart(sent, message.ies)) {
        t.stopTimer("T316");
        t.setRestart({ start: 0x00, sent: undefined });
        t.indicate({ name: "restart.confirm" });
      }
      // An acknowledgement of another restart is ignored: T316 goes on (Q.2931 §5.5.1.2).
      return;
    }
    case "STATUS":
      t.indicate({
        name: "restart.status",
        peerState: message.ies.callState.state,
        cause: message.ies.cause,
      });
      return;
    default:
      answerStatus(flag ? t.s.restart.start : t.s.restart.respond, Cause.INVALID_CALL_REFERENCE_VALUE);
  }
}

/** A frame on the global call reference that failed to decode: STATUS when the decoder asks for a report. */
export function onGlobalDecodeError(t: InterfaceTransition, error: Q2931DecodeError): void {
  const header = error.header;
  if (header === undefined) return;
  const flag = header.callReference.flag;
  const state = flag ? t.s.restart.start : t.s.restart.respond;
  if (error.disposition !== "report" || error.cause === undefined) {
    t.indicate({
      name: "error.indication",
      cause: error.cause ?? 0,
      messageType: header.messageType,
      answer: "ignored",
      reason: error.reason,
    });
    return;
  }
  t.send(statusMessage(answerReference(header.callReference), state, t.cause(error.cause, error.diagnostic)));
  t.indicate({
    name: "error.indication",
    cause: error.cause,
    messageType: header.messageType,
    answer: "status",
    reason: error.reason,
  });
}
