import { type SscopConfig, sscopConfig } from "./config.ts";
import type { ReleaseSource } from "./pdu.ts";
import type { SscopTimer } from "./signals.ts";

/** The Q.2110 states, by name, with their numbers (Q.2110 SSCOP / Q.2130 SSCF-UNI). */
export const SscopPhaseNumber = {
  Idle: 1,
  OutgoingConnectionPending: 2,
  IncomingConnectionPending: 3,
  OutgoingDisconnectionPending: 4,
  OutgoingResynchronizationPending: 5,
  IncomingResynchronizationPending: 6,
  OutgoingRecoveryPending: 7,
  RecoveryResponsePending: 8,
  IncomingRecoveryPending: 9,
  DataTransferReady: 10,
} as const;

/** A Q.2110 state name. */
export type SscopPhase = keyof typeof SscopPhaseNumber;

/** A sent, unacknowledged SD kept in the transmission buffer. */
export interface TxEntry {
  readonly data: Uint8Array;
  /** VT(PS) when the SD was last (re)transmitted: a STAT answering an older POLL cannot ask for it. */
  readonly ps: number;
  /** True while the SD sits in the retransmission queue. */
  readonly queued: boolean;
}

/** Which timers run. */
export type TimerSet = Readonly<Record<SscopTimer, boolean>>;

/**
 * The whole state of one SSCOP entity: the Q.2110 state, the state variables of §4.4, the buffers
 * and the running timers. Treated as immutable: `step` returns a new object.
 */
export interface SscopState {
  readonly config: SscopConfig;
  readonly phase: SscopPhase;
  /** VT(S): N(S) of the next new SD. */
  readonly vtS: number;
  /** VT(PS): poll sequence number, incremented before each POLL. */
  readonly vtPS: number;
  /** VT(A): oldest unacknowledged SD. */
  readonly vtA: number;
  /** VT(PA): lowest acceptable N(PS) of a STAT. */
  readonly vtPA: number;
  /** VT(MS): peer's N(MR), the edge of the send window. */
  readonly vtMS: number;
  /** VT(PD): SDs sent since the last POLL. */
  readonly vtPD: number;
  /** VT(CC): transmissions of the current BGN/END/RS/ER. */
  readonly vtCC: number;
  /** VT(SQ): 8-bit connection sequence put in BGN/RS/ER. */
  readonly vtSQ: number;
  /** VR(R): next in-sequence SD expected. */
  readonly vrR: number;
  /** VR(H): one past the highest SD known to exist. */
  readonly vrH: number;
  /** VR(MR): receive window edge, sent as N(MR). */
  readonly vrMR: number;
  /** VR(SQ): N(SQ) of the last BGN/RS/ER received (retransmission detection). */
  readonly vrSQ: number;
  /** Credit flag: false after MAA-ERROR W (window closed), until X. */
  readonly credit: boolean;
  readonly timers: TimerSet;
  /** SDUs given by AA-DATA.request and not yet numbered. */
  readonly transmitQueue: readonly Uint8Array[];
  /** Every SD in [VT(A), VT(S)), keyed by N(S). */
  readonly transmitBuffer: ReadonlyMap<number, TxEntry>;
  /** N(S) values to retransmit, oldest first. */
  readonly retransmitQueue: readonly number[];
  /** SDs received out of sequence, keyed by N(S). */
  readonly receiveBuffer: ReadonlyMap<number, Uint8Array>;
  /** SSCOP-UU kept for retransmissions of BGN, BGAK, BGREJ, END and RS. */
  readonly uuBgn: Uint8Array;
  readonly uuBgak: Uint8Array;
  readonly uuBgrej: Uint8Array;
  readonly uuEnd: Uint8Array;
  readonly uuRs: Uint8Array;
  /** S bit of the last END sent, reused when it is retransmitted. */
  readonly lastEndSource: ReleaseSource;
}

/** All timers stopped. */
const NO_TIMERS: TimerSet = Object.freeze({
  CC: false,
  POLL: false,
  "KEEP-ALIVE": false,
  "NO-RESPONSE": false,
  IDLE: false,
});

const EMPTY = new Uint8Array(0);

/** A fresh entity in state 1 (Idle) with the given configuration (SSCF-UNI defaults if omitted). */
export function initialSscopState(config: SscopConfig = sscopConfig()): SscopState {
  return {
    config,
    phase: "Idle",
    vtS: 0,
    vtPS: 0,
    vtA: 0,
    vtPA: 1,
    vtMS: 0,
    vtPD: 0,
    vtCC: 0,
    vtSQ: 0,
    vrR: 0,
    vrH: 0,
    vrMR: config.receiveWindow,
    vrSQ: 0,
    credit: true,
    timers: NO_TIMERS,
    transmitQueue: [],
    transmitBuffer: new Map(),
    retransmitQueue: [],
    receiveBuffer: new Map(),
    uuBgn: EMPTY,
    uuBgak: EMPTY,
    uuBgrej: EMPTY,
    uuEnd: EMPTY,
    uuRs: EMPTY,
    lastEndSource: "user",
  };
}
