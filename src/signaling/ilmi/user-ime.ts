import { type Nanoseconds, seconds } from "../../sched/scheduler.ts";
import { type AtmfStatus, ESI_LENGTH, octetsKey } from "./ilmi-mib.ts";
import {
  DEFAULT_ILMI_TIMING,
  emptyRequestTable,
  type IlmiRequestEffect,
  type IlmiTiming,
  type RequestTable,
} from "./ilmi-requests.ts";
import type { SnmpErrorStatus, SnmpMessage } from "./snmp-types.ts";
import { Draft } from "./user-draft.ts";
import { addEndSystem, removeEndSystem } from "./user-end-systems.ts";
import {
  FIRST_POLL_ID,
  type ILMI_REGISTRATION_TIMER,
  type ILMI_VERIFY_TIMER,
  type WalkState,
} from "./user-walk.ts";

export { ILMI_REGISTRATION_TIMER, ILMI_VERIFY_TIMER } from "./user-walk.ts";

/** An end system behind this UNI: its end-system identifier and selector. */
export interface EndSystem {
  readonly esi: Uint8Array;
  readonly sel: number;
}

/** Why an address stopped being registered. */
export type DeregistrationReason =
  /** Our SetRequest invalid(2) was answered noError. */
  | "confirmed"
  /** Our SetRequest invalid(2) was answered with an error; the address is dropped anyway. */
  | "refused"
  /** Our SetRequest invalid(2) went unanswered; the address is dropped anyway. */
  | "noResponse"
  /** The network withdrew the prefix the address was formed from. */
  | "prefixRemoved"
  /** The peer IME sent a coldStart trap: its tables are empty. */
  | "peerRestarted"
  /** This IME (re)started. */
  | "restarted"
  /** The link went down: the network drops a port's addresses with its link. */
  | "linkLost"
  /** Nothing had to be withdrawn: no address of the end system was registered or being registered. */
  | "notRegistered";

/** Why the registration of an end system failed. */
export type EndSystemFailure =
  /** The network answered its SetRequest valid(1) with an error. */
  | "rejected"
  /** Its SetRequest valid(1) went unanswered after every attempt. */
  | "timedOut"
  /** No address of it was confirmed within the registration deadline (no prefix, the link down). */
  | "deadline";

/** What the user-side IME asks its runtime to do or reports to its owner (the call manager). */
export type UserImeEffect =
  | IlmiRequestEffect
  | { readonly kind: "prefixAdded"; readonly prefix: Uint8Array }
  | { readonly kind: "prefixRemoved"; readonly prefix: Uint8Array }
  | { readonly kind: "addressRegistered"; readonly address: Uint8Array }
  | {
      readonly kind: "addressRejected";
      readonly address: Uint8Array;
      readonly errorStatus: SnmpErrorStatus;
    }
  | { readonly kind: "addressTimedOut"; readonly address: Uint8Array }
  | {
      readonly kind: "addressDeregistered";
      readonly address: Uint8Array;
      readonly reason: DeregistrationReason;
    }
  | { readonly kind: "peerRestarted" }
  | { readonly kind: "discarded"; readonly reason: string }
  | UserTimerEffect
  /** The first address of an end system added by `addEndSystem` is confirmed (once per add). */
  | { readonly kind: "endSystemRegistered"; readonly endSystem: EndSystem }
  /** The registration of an added end system failed; the IME has forgotten it (once per add). */
  | {
      readonly kind: "endSystemFailed";
      readonly endSystem: EndSystem;
      readonly failure: EndSystemFailure;
      readonly errorStatus?: SnmpErrorStatus;
    }
  /**
   * The removal of an end system is over: every invalid(2) for its addresses has been answered, gone
   * unanswered, or been overtaken by a restart or the link's loss (once per remove).
   */
  | {
      readonly kind: "endSystemRemoved";
      readonly endSystem: EndSystem;
      readonly reason: DeregistrationReason;
    };

/** The user side's own timers, besides the per-request response timers. */
export type UserTimer = typeof ILMI_VERIFY_TIMER | typeof ILMI_REGISTRATION_TIMER;

/** Start or stop one of the user side's own timers; on expiry feed `timerExpired` back. */
export type UserTimerEffect =
  | {
      readonly kind: "startTimer";
      readonly timer: UserTimer;
      readonly requestId: number;
      readonly delay: Nanoseconds;
    }
  | { readonly kind: "stopTimer"; readonly timer: UserTimer; readonly requestId: number };

/** Inputs of the user-side IME. */
export type UserImeInput =
  /** (Re)start: clear the tables and send a coldStart trap stamped `timeStamp` (TimeTicks). */
  | { readonly kind: "start"; readonly timeStamp: number }
  /** A decoded ILMI message from the network side. */
  | { readonly kind: "receive"; readonly message: SnmpMessage; readonly timeStamp?: number }
  /** The response timer of a request expired. */
  | { readonly kind: "responseTimeout"; readonly requestId: number; readonly timeStamp?: number }
  /** Register ESI+SEL under every valid prefix, now and as prefixes arrive. */
  | { readonly kind: "addEndSystem"; readonly endSystem: EndSystem }
  /** Deregister every address formed from ESI+SEL. */
  | { readonly kind: "removeEndSystem"; readonly endSystem: EndSystem }
  /** One of the user side's own timers expired (`timeStamp`: TimeTicks, for a coldStart it may send). */
  | {
      readonly kind: "timerExpired";
      readonly timer: UserTimer;
      readonly requestId: number;
      readonly timeStamp: number;
    }
  /** The link went down: the network has dropped this port's addresses; wait for the next `start`. */
  | { readonly kind: "linkDown" };

/** An address registered or being registered (the IME's view of its row in the network's table). */
export interface AddressRecord {
  readonly address: Uint8Array;
  readonly prefixKey: string;
  readonly endSystemKey: string;
  readonly phase: "registering" | "registered";
  /** The SetRequest valid(1) still waiting for its answer. */
  readonly requestId: number | undefined;
}

/** What a SetRequest of an address was for. */
export interface AddressRequest {
  readonly address: Uint8Array;
  readonly status: AtmfStatus;
  /** For invalid(2): whether the address had been confirmed, so its owner hears of the removal. */
  readonly wasRegistered: boolean;
  /** For invalid(2): the end system whose removal waits for it (none for a stale withdrawal). */
  readonly endSystemKey?: string;
}

/** An end system being removed: its removal is reported once no invalid(2) for it is outstanding. */
export interface Removal {
  readonly endSystem: EndSystem;
  /** Added again meanwhile: it registers once the removal is reported. */
  readonly readd: boolean;
}

/** The recovery the call manager's ILMI agent adds to the bare IME (as linux ilmid does). */
export interface UserImeRecovery {
  /** Delay from a (re)start to the first walk of the network's address table, and its period. */
  readonly verifyDelay: Nanoseconds;
  /** Response timeout of one GetNext of the walk. */
  readonly pollTimeout: Nanoseconds;
  /** Transmissions of one GetNext before the IME restarts. */
  readonly pollAttempts: number;
  /** How long an added end system may wait for its first confirmed address before it fails. */
  readonly registrationDeadline: Nanoseconds;
}

/** ilmid's verify poll (15 s, 2 s × 4), and a 30 s registration deadline (two walk periods). */
export const DEFAULT_USER_IME_RECOVERY: UserImeRecovery = {
  verifyDelay: seconds(15),
  pollTimeout: seconds(2),
  pollAttempts: 4,
  registrationDeadline: seconds(30),
};

/** State of the user-side IME (the call manager's ILMI agent for one UNI). */
export interface UserImeState {
  readonly timing: IlmiTiming;
  /** The user's atmfNetPrefixTable: valid prefixes, by hex key. */
  readonly prefixes: ReadonlyMap<string, Uint8Array>;
  readonly endSystems: ReadonlyMap<string, EndSystem>;
  /** Addresses registered or being registered in the network's atmfAddressTable, by hex key. */
  readonly addresses: ReadonlyMap<string, AddressRecord>;
  readonly requests: RequestTable<AddressRequest>;
  /** Added end systems whose outcome is not reported yet, with their deadline timer's id. */
  readonly adding: ReadonlyMap<string, number | undefined>;
  /** End systems being removed. */
  readonly removals: ReadonlyMap<string, Removal>;
  /** Restarts, walk and deadlines; undefined for the bare IME. */
  readonly recovery: UserImeRecovery | undefined;
  /** False after `linkDown` until the next `start`. */
  readonly linkUp: boolean;
  /** The walk of the network's address table ({@link WalkState}). */
  readonly walk: WalkState | undefined;
  /** Restarts the IME made on its own to resynchronise. */
  readonly restarts: number;
  /** The id of the next deadline timer or walk GetNext. */
  readonly nextTimerId: number;
}

/** Options of a user-side IME. */
export interface UserImeInit {
  readonly endSystems?: readonly EndSystem[];
  readonly timing?: Partial<IlmiTiming>;
  readonly firstRequestId?: number;
  /** Adds ilmid's recovery: a restart on a request unanswered to the end, the walk, the deadlines. */
  readonly recovery?: Partial<UserImeRecovery>;
}

/** Where an end system stands, or undefined when the IME does not have it. */
export type EndSystemPhase = "registering" | "registered" | "removing";

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
 * The user-side registration machine (wire-reference §5.3): accepts the network's prefixes in its
 * atmfNetPrefixTable, registers prefix ‖ ESI ‖ SEL for every end system in the network's
 * atmfAddressTable, deregisters on request, and starts over when either side cold-starts.
 * Pure: returns the next state and the effects to perform, in order.
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

/** Key of an end system; throws RangeError for a malformed one (a caller bug, caught at input time). */
export function endSystemKey(es: EndSystem): string {
  if (es.esi.length !== ESI_LENGTH || !Number.isInteger(es.sel) || es.sel < 0 || es.sel > 0xff) {
    throw new RangeError("an end system is a 6-octet ESI and a one-octet SEL");
  }
  return `${octetsKey(es.esi)}/${es.sel}`;
}
