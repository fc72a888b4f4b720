/**
 * The types and pure helpers the parts of the user-side IME share, below all of them: its state,
 * inputs and effects, the names of its own timers, and UserDraft, what the end systems' lifecycle
 * (user-end-systems.ts) and the walk (user-walk.ts) need of the working copy of one transition.
 * user-draft.ts implements UserDraft over them, and user-ime.ts steps the IME with it, so imports
 * go one way: user-ime → user-draft → user-end-systems, user-walk → user-types.
 */
import type { Nanoseconds } from "../../sched/scheduler.ts";
import { type AtmfStatus, ESI_LENGTH, octetsKey } from "./ilmi-mib.ts";
import type { IlmiRequestEffect, IlmiTiming, RequestTable } from "./ilmi-requests.ts";
import type { SnmpErrorStatus, SnmpMessage } from "./snmp-types.ts";

/** Name of the walk's timer (the delay before a walk, then each GetNext's response timeout). */
export const ILMI_VERIFY_TIMER = "ilmiVerify";
/** Name of an added end system's registration deadline timer. */
export const ILMI_REGISTRATION_TIMER = "ilmiRegistration";
/** Request ids of the walk's GetNexts (and ids of deadline timers), apart from the IME's requests. */
export const FIRST_POLL_ID = 0x40000000;
/** Where the walk stands. */
export type WalkState =
  | { readonly phase: "waiting" }
  | {
      readonly phase: "polling";
      readonly id: number;
      readonly attempts: number;
      readonly message: SnmpMessage;
      /** Addresses the network listed so far (hex). */
      readonly seen: readonly string[];
      /** What this side held when the walk began (user-walk.ts's agreementKey). */
      readonly held: string;
    };

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

/**
 * State of the user-side IME (the call manager's ILMI agent for one UNI). Its tables are updated in
 * place by stepUserIme, so that a step costs the same with 10 or 100,000 end systems: a state passed
 * to a step is consumed, and only the state it returns is current.
 */
export interface UserImeState {
  readonly timing: IlmiTiming;
  /** The user's atmfNetPrefixTable: valid prefixes, by hex key. */
  readonly prefixes: ReadonlyMap<string, Uint8Array>;
  readonly endSystems: ReadonlyMap<string, EndSystem>;
  /** Addresses registered or being registered in the network's atmfAddressTable, by hex key. */
  readonly addresses: ReadonlyMap<string, AddressRecord>;
  /** The keys of `addresses` by end-system key, so one end system's work is O(its addresses). */
  readonly addressesByEndSystem: ReadonlyMap<string, ReadonlySet<string>>;
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

/**
 * The working copy of one transition as the end systems' lifecycle and the walk see it
 * (user-draft.ts's Draft): its tables, the effects so far, and the steps they may take on it.
 */
export interface UserDraft {
  readonly prefixes: Map<string, Uint8Array>;
  readonly endSystems: Map<string, EndSystem>;
  readonly addresses: Map<string, AddressRecord>;
  readonly requests: RequestTable<AddressRequest>;
  readonly adding: Map<string, number | undefined>;
  readonly removals: Map<string, Removal>;
  readonly recovery: UserImeRecovery | undefined;
  walk: WalkState | undefined;
  /** The keys of one end system's address records (live: deregistering one deletes it from the set). */
  addressesOf(esKey: string): ReadonlySet<string>;
  nextTimerId: number;
  readonly effects: UserImeEffect[];
  /** The recovery's restart (a probe while the link is believed down). */
  restart(timeStamp: number): void;
  startTimer(timer: UserTimer, requestId: number, delay: bigint): void;
  stopTimer(timer: UserTimer, requestId: number): void;
  /** Registers prefix ‖ ESI ‖ SEL (a SetRequest valid(1)). */
  register(prefixKey: string, prefix: Uint8Array, esKey: string, es: EndSystem): void;
  /** Withdraws an address (a SetRequest invalid(2)); `removing`: the end system whose removal waits for it. */
  deregister(record: AddressRecord, removing: string | undefined): void;
}

/** Key of an end system; throws RangeError for a malformed one (a caller bug, caught at input time). */
export function endSystemKey(es: EndSystem): string {
  if (es.esi.length !== ESI_LENGTH || !Number.isInteger(es.sel) || es.sel < 0 || es.sel > 0xff) {
    throw new RangeError("an end system is a 6-octet ESI and a one-octet SEL");
  }
  return `${octetsKey(es.esi)}/${es.sel}`;
}
