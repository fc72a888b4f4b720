/**
 * Test helpers for call control: sample IEs, configs, received-message builders, and walks that put a
 * user-side or network-side call into each state by the procedures themselves.
 */
import {
  type Call,
  type CallInput,
  type CallKey,
  type CallRequest,
  type CallStep,
  callControlConfig,
  callId,
  type InterfaceInput,
  type InterfaceState,
  type InterfaceStep,
  newCall,
  newInterface,
  type PartyKey,
  stepNetwork,
  stepUser,
} from "../../../src/signaling/call-control/index.ts";
import {
  BearerClass,
  type CallReference,
  type ConnectionIdentifier,
  decodeMessage,
  encodeMessage,
  type MessageOf,
  type Q2931DecodeError,
  type Q2931Message,
  type SetupIes,
  UserPlaneConfiguration,
} from "../../../src/signaling/q2931/index.ts";
import { fromHex } from "../q2931/hex.ts";

/** User-side config with the UNI 3.1 timer values. */
export const USER = callControlConfig({ side: "user" });
/** Network-side config with the UNI 3.1 timer values. */
export const NETWORK = callControlConfig({ side: "network" });

/** The called AESA of the reference's worked SETUP. */
export const CALLED_AESA = fromHex("39 84 0F 80 01 BC 72 00 00 00 01 00 01 00 20 48 1A 2B 3C 00");

/** A point-to-point UBR SETUP. */
export const SETUP: SetupIes = {
  trafficDescriptor: {
    forward: { peakCellRateClp01: 353_207 },
    backward: { peakCellRateClp01: 353_207 },
    bestEffort: true,
  },
  bearerCapability: { bearerClass: BearerClass.BCOB_X, clipping: 0, userPlane: 0 },
  calledPartyNumber: { plan: 0x2, typeOfNumber: 0, address: CALLED_AESA },
  qos: { forwardClass: 0, backwardClass: 0 },
};

/** The same SETUP asking for a point-to-multipoint connection. */
export const SETUP_P2MP: SetupIes = {
  ...SETUP,
  bearerCapability: {
    bearerClass: BearerClass.BCOB_X,
    clipping: 0,
    userPlane: UserPlaneConfiguration.POINT_TO_MULTIPOINT,
  },
};

/** VPCI 0 / VCI 33. */
export const CONNID: ConnectionIdentifier = {
  vpAssociatedSignalling: 1,
  preferredExclusive: 0,
  vpci: 0,
  vci: 33,
};

/** A message with the given type, call reference and IEs. */
export function msg<N extends Q2931Message["type"]>(
  type: N,
  callReference: CallReference,
  ies: MessageOf<N>["ies"],
): MessageOf<N> {
  return { type, callReference, ies } as MessageOf<N>;
}

/** The call reference the peer uses for messages on our call `key`. */
export function peerRef(key: CallKey): CallReference {
  return { value: key.value, flag: key.mine };
}

/** The call reference we use on our call `key`. */
export function ourRef(key: CallKey): CallReference {
  return { value: key.value, flag: !key.mine };
}

/** A received message as a call input. */
export function received(message: Q2931Message): CallInput {
  return { kind: "message", message };
}

/** A request as a call input. */
export function req(request: CallRequest): CallInput {
  return { kind: "request", request };
}

/** A call timer expiry as a call input. */
export function expire(timer: "T303" | "T308" | "T310" | "T313" | "T322"): CallInput {
  return { kind: "timer", timer };
}

/** A party timer expiry as a call input. */
export function expireParty(timer: "T398" | "T399", party: PartyKey): CallInput {
  return { kind: "timer", timer, party };
}

/** Bytes decoded into a decode error (the frame must be faulty). */
export function decodeErrorOf(bytes: Uint8Array): Q2931DecodeError {
  const result = decodeMessage(bytes);
  if (result.ok) throw new Error(`expected a decode error, got ${result.message.type}`);
  return result.error;
}

/** Encodes a message that must encode. */
export function encoded(message: Q2931Message): Uint8Array {
  const result = encodeMessage(message);
  if (!result.ok) throw new Error(`encode failed: ${result.error.path}: ${result.error.reason}`);
  return result.bytes;
}

/** A call plus everything its steps emitted. */
export interface Walk {
  readonly call: Call;
  readonly last: CallStep;
}

/** Applies inputs in order to a call; throws when a request is refused. */
export function walk(call: Call, ...inputs: CallInput[]): Walk {
  const step = call.side === "user" ? stepUser : stepNetwork;
  let current = call;
  let last: CallStep = { state: call, effects: [] };
  for (const input of inputs) {
    last = step(current, input);
    if (last.refused !== undefined) throw new Error(`refused: ${last.refused}`);
    current = last.state;
  }
  return { call: current, last };
}

/** One step of a call on its own side. */
export function step(call: Call, input: CallInput): CallStep {
  return call.side === "user" ? stepUser(call, input) : stepNetwork(call, input);
}

/** Messages a step sent. */
export function sent(s: CallStep): Q2931Message[] {
  return s.effects.flatMap((e) => (e.kind === "send" ? [e.message] : []));
}

/** Names of the indications a step emitted. */
export function indicated(s: CallStep): string[] {
  return s.effects.flatMap((e) => (e.kind === "indication" ? [e.indication.name] : []));
}

/** Timers a step started ("T303", "T399@m1"). */
export function started(s: CallStep): string[] {
  return s.effects.flatMap((e) =>
    e.kind === "startTimer"
      ? [e.party === undefined ? e.timer : `${e.timer}@${e.party.mine ? "m" : "p"}${e.party.value}`]
      : [],
  );
}

/** Timers a step stopped. */
export function stopped(s: CallStep): string[] {
  return s.effects.flatMap((e) =>
    e.kind === "stopTimer"
      ? [e.party === undefined ? e.timer : `${e.timer}@${e.party.mine ? "m" : "p"}${e.party.value}`]
      : [],
  );
}

/** Our outgoing call, key m7. */
export const OUT: CallKey = { value: 7, mine: true };
/** An incoming call, key p9. */
export const IN: CallKey = { value: 9, mine: false };

/** A user-side call walked into state `state` (10: the outgoing call; use `userIncoming(10)` for the other). */
export function userInState(state: number, setup: SetupIes = SETUP): Call {
  const fresh = newCall(USER, OUT);
  const u1 = walk(fresh, req({ name: "setup.request", ies: setup })).call;
  const connid = { connectionIdentifier: CONNID };
  switch (state) {
    case 1:
      return u1;
    case 3:
      return walk(u1, received(msg("CALL PROCEEDING", peerRef(OUT), connid))).call;
    case 4:
      return walk(u1, received(msg("ALERTING", peerRef(OUT), connid))).call;
    case 10:
      return walk(u1, received(msg("CONNECT", peerRef(OUT), connid))).call;
    case 11:
      return walk(
        u1,
        received(msg("CONNECT", peerRef(OUT), connid)),
        req({ name: "release.request", cause: 16 }),
      ).call;
    default:
      return userIncoming(state, setup);
  }
}

/** A user-side incoming call walked into state 6, 7, 8, 9 or 10. */
export function userIncoming(state: number, setup: SetupIes = SETUP): Call {
  const setupIes = { ...setup, connectionIdentifier: CONNID };
  const u6 = walk(newCall(USER, IN), received(msg("SETUP", peerRef(IN), setupIes))).call;
  switch (state) {
    case 6:
      return u6;
    case 7:
      return walk(u6, req({ name: "alerting.request" })).call;
    case 8:
      return walk(u6, req({ name: "setup.response" })).call;
    case 9:
      return walk(u6, req({ name: "proceeding.request" })).call;
    case 10:
      return walk(u6, req({ name: "setup.response" }), received(msg("CONNECT ACKNOWLEDGE", peerRef(IN), {})))
        .call;
    default:
      throw new Error(`no user state ${state}`);
  }
}

/** A network-side call walked into state `state`: 1/3/4 face a calling user, 6/7/9 a called user. */
export function networkInState(state: number, setup: SetupIes = SETUP): Call {
  const connid = { connectionIdentifier: CONNID };
  if (state === 1 || state === 3 || state === 4 || state === 10) {
    const n1 = walk(newCall(NETWORK, IN), received(msg("SETUP", peerRef(IN), setup))).call;
    if (state === 1) return n1;
    if (state === 3) return walk(n1, req({ name: "proceeding.request", ies: connid })).call;
    if (state === 4) return walk(n1, req({ name: "alerting.request", ies: connid })).call;
    return walk(n1, req({ name: "setup.response", ies: connid })).call;
  }
  const n6 = walk(
    newCall(NETWORK, OUT),
    req({ name: "setup.request", ies: { ...setup, connectionIdentifier: CONNID } }),
  ).call;
  switch (state) {
    case 6:
      return n6;
    case 7:
      return walk(n6, received(msg("ALERTING", peerRef(OUT), {}))).call;
    case 9:
      return walk(n6, received(msg("CALL PROCEEDING", peerRef(OUT), {}))).call;
    case 12:
      return walk(n6, received(msg("CONNECT", peerRef(OUT), {})), req({ name: "release.request", cause: 16 }))
        .call;
    default:
      throw new Error(`no network state ${state}`);
  }
}

/** A frame as an interface input: the decoded message (with its report) or the decode error. */
export function frameInput(bytes: Uint8Array): InterfaceInput {
  const result = decodeMessage(bytes);
  if (!result.ok) return { kind: "decode-error", error: result.error };
  return result.report === undefined
    ? { kind: "message", message: result.message }
    : { kind: "message", message: result.message, report: result.report };
}

/** Messages an interface step sent. */
export function sentBy(s: InterfaceStep): Q2931Message[] {
  return s.effects.flatMap((e) => (e.kind === "send" ? [e.message] : []));
}

/** Names of the indications an interface step emitted. */
export function indicatedBy(s: InterfaceStep): string[] {
  return s.effects.flatMap((e) => (e.kind === "indication" ? [e.indication.name] : []));
}

/** An interface with one call already in it. */
export function interfaceWith(call: Call): InterfaceState {
  const base = newInterface(call.config);
  return { ...base, calls: new Map([[callId(call.key), call]]) };
}
