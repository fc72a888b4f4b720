/**
 * Builders for the messages call control originates and for the call-reference and endpoint-reference
 * flag rules (Q.2931 / ATM Forum UNI 3.1): flag 0 travels from the side that allocated the value.
 */
import {
  type CallReference,
  type CauseIe,
  causeOverreads,
  diagnosticFromMessageType,
  type EndpointReference,
  MessageType,
  type Q2931Message,
  type StatusMessage,
} from "../q2931/index.ts";
import type { CallKey, CauseSpec, PartyKey } from "./signals.ts";

/** A Cause IE; an empty diagnostic is left out, as the decoder would. */
export function causeIe(value: number, location: number, diagnostic?: Uint8Array): CauseIe {
  return diagnostic === undefined || diagnostic.length === 0
    ? { location, value }
    : { location, value, diagnostic };
}

/** The Cause IE a request asked for: a bare value gets our location. */
export function causeFromSpec(spec: CauseSpec, location: number): CauseIe {
  return typeof spec === "number" ? causeIe(spec, location) : spec;
}

/** The call reference of the messages we send on this call. */
export function outgoingReference(key: CallKey): CallReference {
  return { value: key.value, flag: !key.mine };
}

/** The call whose messages carry this received call reference (flag 1: we allocated it). */
export function keyOfReceived(reference: CallReference): CallKey {
  return { value: reference.value, mine: reference.flag };
}

/** The call reference of an answer to a received message: same value, flag flipped. */
export function answerReference(received: CallReference): CallReference {
  return { value: received.value, flag: !received.flag };
}

/** The Endpoint reference IE we send for a party. */
export function outgoingEndpoint(party: PartyKey): EndpointReference {
  return { value: party.value, flag: !party.mine };
}

/** The party a received Endpoint reference IE names (flag 1: we allocated it). */
export function partyOfReceived(reference: EndpointReference): PartyKey {
  return { value: reference.value, mine: reference.flag };
}

/** The Endpoint reference IE that answers a received one: same value, flag flipped. */
export function answerEndpoint(received: EndpointReference): EndpointReference {
  return { value: received.value, flag: !received.flag };
}

/** STATUS with the call state, cause and, when given, the endpoint reference and state. */
export function statusMessage(
  callReference: CallReference,
  state: number,
  cause: CauseIe,
  endpoint?: { readonly reference: EndpointReference; readonly state: number },
): StatusMessage {
  const ies =
    endpoint === undefined
      ? { cause, callState: { state } }
      : {
          cause,
          callState: { state },
          endpointReference: endpoint.reference,
          endpointState: { state: endpoint.state },
        };
  return { type: "STATUS", callReference, ies };
}

/** RELEASE COMPLETE, with a cause when it is the first clearing message. */
export function releaseComplete(callReference: CallReference, cause?: CauseIe): Q2931Message {
  return {
    type: "RELEASE COMPLETE",
    callReference,
    ies: cause === undefined ? {} : { cause: [cause] },
  };
}

/** The code point of a typed message's type. */
export function messageTypeCode(message: Q2931Message): number {
  return MESSAGE_CODES[message.type];
}

/** A cause whose diagnostic is the type of a message (causes 97, 98, 101). */
export function causeAboutMessage(value: number, location: number, messageType: number): CauseIe {
  return causeIe(value, location, diagnosticFromMessageType(messageType));
}

const MESSAGE_CODES: { readonly [N in Q2931Message["type"]]: number } = {
  ALERTING: MessageType.ALERTING,
  "CALL PROCEEDING": MessageType.CALL_PROCEEDING,
  SETUP: MessageType.SETUP,
  CONNECT: MessageType.CONNECT,
  "CONNECT ACKNOWLEDGE": MessageType.CONNECT_ACKNOWLEDGE,
  RESTART: MessageType.RESTART,
  RELEASE: MessageType.RELEASE,
  "RESTART ACKNOWLEDGE": MessageType.RESTART_ACKNOWLEDGE,
  "RELEASE COMPLETE": MessageType.RELEASE_COMPLETE,
  "STATUS ENQUIRY": MessageType.STATUS_ENQUIRY,
  STATUS: MessageType.STATUS,
  "ADD PARTY": MessageType.ADD_PARTY,
  "ADD PARTY ACKNOWLEDGE": MessageType.ADD_PARTY_ACKNOWLEDGE,
  "ADD PARTY REJECT": MessageType.ADD_PARTY_REJECT,
  "DROP PARTY": MessageType.DROP_PARTY,
  "DROP PARTY ACKNOWLEDGE": MessageType.DROP_PARTY_ACKNOWLEDGE,
  "MODIFY REQUEST": MessageType.MODIFY_REQUEST,
  "MODIFY ACKNOWLEDGE": MessageType.MODIFY_ACKNOWLEDGE,
  "MODIFY REJECT": MessageType.MODIFY_REJECT,
  "CONNECTION AVAILABLE": MessageType.CONNECTION_AVAILABLE,
};

function safeCause(cause: CauseIe): CauseIe {
  if (!causeOverreads(cause.value, cause.diagnostic?.length ?? 0)) return cause;
  const { diagnostic: _dropped, ...rest } = cause;
  return rest;
}

/**
 * tshark 4.0 reads one octet past a Cause with diagnostics for causes 22, 37, 43, 88, 96, 99 and 100,
 * which is "Malformed" when that Cause ends the message (a quirk of tshark 4.0's Q.2931 dissector). RELEASE,
 * RELEASE COMPLETE, DROP PARTY ACKNOWLEDGE and MODIFY REJECT end with a Cause and nothing can be
 * moved behind it, so such a final Cause is sent without its diagnostic.
 */
export function withSafeEnding(message: Q2931Message): Q2931Message {
  switch (message.type) {
    case "RELEASE":
    case "RELEASE COMPLETE": {
      const causes = message.ies.cause;
      const last = causes?.at(-1);
      if (causes === undefined || last === undefined) return message;
      const safe = safeCause(last);
      if (safe === last) return message;
      return { ...message, ies: { ...message.ies, cause: [...causes.slice(0, -1), safe] } } as Q2931Message;
    }
    case "DROP PARTY ACKNOWLEDGE": {
      const cause = message.ies.cause;
      if (cause === undefined || safeCause(cause) === cause) return message;
      return { ...message, ies: { ...message.ies, cause: safeCause(cause) } };
    }
    case "MODIFY REJECT": {
      const cause = message.ies.cause;
      return safeCause(cause) === cause ? message : { ...message, ies: { cause: safeCause(cause) } };
    }
    default:
      return message;
  }
}
