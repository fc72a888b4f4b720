import { ms, type Nanoseconds, seconds } from "../../sched/index.ts";

/** SSCOP parameters (Q.2110 §7.8 timers and counters) as SSCF-UNI sets them, plus the local credit window. */
export interface SscopConfig {
  /** Timer_CC: retransmission interval of BGN, END, RS and ER. */
  readonly timerCC: Nanoseconds;
  /** Timer_POLL: POLL interval while SDs are outstanding. */
  readonly timerPoll: Nanoseconds;
  /** Timer_KEEP-ALIVE: POLL interval in the transient phase (nothing outstanding). */
  readonly timerKeepAlive: Nanoseconds;
  /** Timer_NO-RESPONSE: the link is lost when no STAT arrives for this long. */
  readonly timerNoResponse: Nanoseconds;
  /** Timer_IDLE: quiet period after which keep-alive polling resumes. */
  readonly timerIdle: Nanoseconds;
  /** MaxCC: transmissions of BGN/END/RS/ER before giving up. */
  readonly maxCC: number;
  /** MaxPD: SDs sent between two POLLs. */
  readonly maxPD: number;
  /** MaxSTAT: list elements in one STAT (odd, at least 3); longer lists are split. */
  readonly maxSTAT: number;
  /** MaxK: largest SD/UD/MD information field, octets. */
  readonly maxK: number;
  /** MaxJ: largest SSCOP-UU field, octets. */
  readonly maxJ: number;
  /** Receive window: VR(MR) − VR(R), the credit this side grants (an implementation choice). */
  readonly receiveWindow: number;
}

/**
 * The SSCF-UNI (Q.2130) values, which linux-atm sscf.c and ngatm agree on.
 * The receive window is ours: ngatm's MAXMR.
 */
export const SSCF_UNI_DEFAULTS: SscopConfig = Object.freeze({
  timerCC: seconds(1),
  timerPoll: ms(750),
  timerKeepAlive: seconds(2),
  timerNoResponse: seconds(7),
  timerIdle: seconds(15),
  maxCC: 4,
  maxPD: 25,
  maxSTAT: 67,
  maxK: 4096,
  maxJ: 4096,
  receiveWindow: 128,
});

/**
 * The largest MaxJ ITU-T Q.2110 allows: the SSCOP-UU field of a BGN, BGAK, END, RS, ER or BGREJ is
 * at most 65524 octets (MaxK, the SD information field, goes to 65528).
 */
export const MAX_J_LIMIT = 65524;

/** Overrides of the SSCF-UNI defaults. */
export type SscopConfigInit = Partial<SscopConfig>;

function positiveInt(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`SSCOP config: ${name} = ${value} must be an integer in [1, ${max}]`);
  }
}

/**
 * The SSCF-UNI defaults with `init` applied, checked. Throws RangeError on a nonsensical value
 * (a configuration error of the caller, found once at construction).
 */
export function sscopConfig(init: SscopConfigInit = {}): SscopConfig {
  const config: SscopConfig = { ...SSCF_UNI_DEFAULTS, ...init };
  for (const name of ["timerCC", "timerPoll", "timerKeepAlive", "timerNoResponse", "timerIdle"] as const) {
    if (config[name] <= 0n)
      throw new RangeError(`SSCOP config: ${name} = ${config[name]} ns must be positive`);
  }
  positiveInt("maxCC", config.maxCC, 255);
  positiveInt("maxPD", config.maxPD, 0xffffff);
  positiveInt("maxK", config.maxK, 65528);
  positiveInt("maxJ", config.maxJ, MAX_J_LIMIT);
  // Half the sequence space at most, so that "behind" and "ahead" stay distinguishable.
  positiveInt("receiveWindow", config.receiveWindow, 0x7fffff);
  if (!Number.isInteger(config.maxSTAT) || config.maxSTAT < 3 || config.maxSTAT % 2 === 0) {
    throw new RangeError(`SSCOP config: maxSTAT = ${config.maxSTAT} must be an odd integer >= 3`);
  }
  return Object.freeze(config);
}
