import { seconds } from "../../sched/scheduler.ts";
import { DEFAULT_ILMI_TIMING, emptyRequestTable } from "./ilmi-requests.ts";
import { Draft } from "./user-draft.ts";
import { addEndSystem, removeEndSystem } from "./user-end-systems.ts";
import {
  type EndSystem,
  type EndSystemPhase,
  endSystemKey,
  FIRST_POLL_ID,
  type UserImeEffect,
  type UserImeInit,
  type UserImeInput,
  type UserImeRecovery,
  type UserImeState,
} from "./user-types.ts";

export type {
  AddressRecord,
  AddressRequest,
  DeregistrationReason,
  EndSystem,
  EndSystemFailure,
  EndSystemPhase,
  Removal,
  UserImeEffect,
  UserImeInit,
  UserImeInput,
  UserImeRecovery,
  UserImeState,
  UserTimer,
  UserTimerEffect,
} from "./user-types.ts";
export { endSystemKey, ILMI_REGISTRATION_TIMER, ILMI_VERIFY_TIMER } from "./user-types.ts";

/** ilmid's verify poll (15 s, 2 s × 4), and a 30 s registration deadline (two walk periods). */
export const DEFAULT_USER_IME_RECOVERY: UserImeRecovery = {
  verifyDelay: seconds(15),
  pollTimeout: seconds(2),
  pollAttempts: 4,
  registrationDeadline: seconds(30),
};

/** The phase of one end system. */
export function endSystemPhase(state: UserImeState, endSystem: EndSystem): EndSystemPhase | undefined {
  const key = endSystemKey(endSystem);
  if (state.removals.has(key)) return "removing";
  if (state.adding.has(key)) return "registering";
  return state.endSystems.has(key) ? "registered" : undefined;
}

/** A user-side IME with no prefixes yet; feed it `start`. */
export function initialUserIme(init: UserImeInit = {}): UserImeState {
  const endSystems = new Map((init.endSystems ?? []).map((es) => [endSystemKey(es), es]));
  return {
    timing: { ...DEFAULT_ILMI_TIMING, ...init.timing },
    prefixes: new Map(),
    endSystems,
    addresses: new Map(),
    addressesByEndSystem: new Map(),
    requests: emptyRequestTable(init.firstRequestId),
    adding: new Map([...endSystems.keys()].map((k) => [k, undefined])),
    removals: new Map(),
    recovery: init.recovery === undefined ? undefined : { ...DEFAULT_USER_IME_RECOVERY, ...init.recovery },
    linkUp: true,
    walk: undefined,
    restarts: 0,
    nextTimerId: FIRST_POLL_ID,
  };
}

/** The registered (confirmed) addresses. */
export function registeredAddresses(state: UserImeState): Uint8Array[] {
  return [...state.addresses.values()].filter((r) => r.phase === "registered").map((r) => r.address);
}

/**
 * The user-side registration machine (ATM Forum ILMI 4.0 address registration): accepts the network's prefixes in its
 * atmfNetPrefixTable, registers prefix ‖ ESI ‖ SEL for every end system in the network's
 * atmfAddressTable, deregisters on request, and starts over when either side cold-starts.
 * Consumes `state`: its tables are updated in place (so a step costs the same however many end
 * systems are registered), and only the returned state is current; a caller that needs the old
 * state afterwards must copy it first. Returns the next state and the effects to perform, in order;
 * a step that refuses its input (a malformed end system) throws before it changes anything.
 */
export function stepUserIme(state: UserImeState, input: UserImeInput): [UserImeState, UserImeEffect[]] {
  const d = new Draft(state);
  switch (input.kind) {
    case "start":
      d.linkUp = true;
      d.start(input.timeStamp, "restarted");
      break;
    case "receive":
      d.receive(input.message, input.timeStamp ?? 0);
      break;
    case "responseTimeout":
      d.timeout(input.requestId, input.timeStamp ?? 0);
      break;
    case "timerExpired":
      d.timerExpired(input.timer, input.requestId, input.timeStamp);
      break;
    case "linkDown":
      d.linkDown();
      break;
    case "addEndSystem":
      addEndSystem(d, input.endSystem);
      break;
    case "removeEndSystem":
      removeEndSystem(d, input.endSystem);
      break;
  }
  return [d.freeze(), d.effects];
}
