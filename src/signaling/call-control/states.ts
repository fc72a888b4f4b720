/**
 * Call and party state numbers with their printable names (Q.2931 call control / ATM Forum UNI 3.1). A call state's
 * number is also its Call-state IE code (U10 = N10 = 0x0A); a party state is stored as its Endpoint-state
 * IE code.
 */
import { CallState, EndpointState } from "../q2931/index.ts";
import type { Side } from "./config.ts";

/** Call states (the same numbers serve Un and Nn). */
export type CallStateCode = 0 | 1 | 3 | 4 | 6 | 7 | 8 | 9 | 10 | 11 | 12;

/** Party (endpoint) states of Q.2971 that UNI 3.1 uses: P0, P1, P2, P5, P6, P7 by their IE codes. */
export type PartyStateCode = 0x00 | 0x01 | 0x06 | 0x0a | 0x0b | 0x0c;

/** Party state codes by name. */
export const PartyState = {
  /** P0 Null. */
  NULL: EndpointState.NULL,
  /** P1 Add Party Initiated (ADD PARTY or the p2mp SETUP sent). */
  ADD_PARTY_INITIATED: EndpointState.ADD_PARTY_INITIATED,
  /** P2 Add Party Received (ADD PARTY or the p2mp SETUP received). */
  ADD_PARTY_RECEIVED: EndpointState.ADD_PARTY_RECEIVED,
  /** P7 Active. */
  ACTIVE: EndpointState.ACTIVE,
  /** P5 Drop Party Initiated (DROP PARTY sent). */
  DROP_PARTY_INITIATED: EndpointState.DROP_PARTY_INITIATED,
  /** P6 Drop Party Received. */
  DROP_PARTY_RECEIVED: EndpointState.DROP_PARTY_RECEIVED,
} as const satisfies Record<string, PartyStateCode>;

const CALL_STATE_NAMES: Readonly<Record<number, string>> = {
  [CallState.NULL]: "Null",
  [CallState.CALL_INITIATED]: "Call Initiated",
  [CallState.OUTGOING_CALL_PROCEEDING]: "Outgoing Call Proceeding",
  [CallState.CALL_DELIVERED]: "Call Delivered",
  [CallState.CALL_PRESENT]: "Call Present",
  [CallState.CALL_RECEIVED]: "Call Received",
  [CallState.CONNECT_REQUEST]: "Connect Request",
  [CallState.INCOMING_CALL_PROCEEDING]: "Incoming Call Proceeding",
  [CallState.ACTIVE]: "Active",
  [CallState.RELEASE_REQUEST]: "Release Request",
  [CallState.RELEASE_INDICATION]: "Release Indication",
};

/** "U10 Active" / "N6 Call Present". */
export function callStateLabel(side: Side, state: number): string {
  const name = CALL_STATE_NAMES[state] ?? `unknown state 0x${state.toString(16)}`;
  return `${side === "user" ? "U" : "N"}${state} ${name}`;
}

const PARTY_STATE_LABELS: Readonly<Record<number, string>> = {
  [PartyState.NULL]: "P0 Null",
  [PartyState.ADD_PARTY_INITIATED]: "P1 Add Party Initiated",
  [PartyState.ADD_PARTY_RECEIVED]: "P2 Add Party Received",
  [PartyState.DROP_PARTY_INITIATED]: "P5 Drop Party Initiated",
  [PartyState.DROP_PARTY_RECEIVED]: "P6 Drop Party Received",
  [PartyState.ACTIVE]: "P7 Active",
};

/** "P7 Active". */
export function partyStateLabel(state: number): string {
  return PARTY_STATE_LABELS[state] ?? `unknown party state 0x${state.toString(16)}`;
}

/** The state in which our side has sent RELEASE: U11 on the user side, N12 on the network side. */
export function releaseSentState(side: Side): CallStateCode {
  return side === "user" ? CallState.RELEASE_REQUEST : CallState.RELEASE_INDICATION;
}

/** True in U11/U12/N11/N12, where clearing is under way. */
export function isClearing(state: number): boolean {
  return state === CallState.RELEASE_REQUEST || state === CallState.RELEASE_INDICATION;
}

/**
 * The peer's reported call state cannot belong to the same call as ours: one side thinks the call is
 * outgoing and the other that it is incoming (ngatm `state_compat`, the only incompatibility it judges;
 * a STATUS may report an older state of the same call). The codes are shared by both sides: states 1–4
 * are the calling side's (U1–U4 and the network's N1–N4 facing the caller), 6–9 the called side's.
 */
export function peerStateIncompatible(mine: number, peer: number): boolean {
  const outgoing = (s: number) => s === 1 || s === 3 || s === 4;
  const incoming = (s: number) => s === 6 || s === 7 || s === 8 || s === 9;
  return (outgoing(mine) && incoming(peer)) || (incoming(mine) && outgoing(peer));
}
