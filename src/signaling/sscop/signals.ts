import type { Nanoseconds } from "../../sched/index.ts";
import type { Pdu, ReleaseSource } from "./pdu.ts";

/** The SSCOP timers (Q.2110 §7.8). */
export type SscopTimer = "CC" | "POLL" | "KEEP-ALIVE" | "NO-RESPONSE" | "IDLE";

/** Every SSCOP timer. */
export const SSCOP_TIMERS: readonly SscopTimer[] = ["CC", "POLL", "KEEP-ALIVE", "NO-RESPONSE", "IDLE"];

/** MAA-ERROR codes and their meaning (Q.2110 Appendix / Table: management error indications). */
export const MaaErrorCode = {
  A: "SD PDU unexpected",
  B: "BGN PDU unexpected",
  C: "BGAK PDU unexpected",
  D: "BGREJ PDU unexpected",
  E: "END PDU unexpected",
  F: "ENDAK PDU unexpected",
  G: "POLL PDU unexpected",
  H: "STAT PDU unexpected",
  I: "USTAT PDU unexpected",
  J: "RS PDU unexpected",
  K: "RSAK PDU unexpected",
  L: "ER PDU unexpected",
  M: "ERAK PDU unexpected",
  O: "VT(CC) reached MaxCC (no answer to BGN, END, RS or ER)",
  P: "Timer_NO-RESPONSE expired",
  Q: "SD or POLL N(S) error",
  R: "STAT N(PS) error",
  S: "STAT N(R) or list elements error",
  T: "USTAT N(R) or list elements error",
  U: "PDU length violation",
  V: "SD PDUs must be retransmitted",
  W: "lack of credit",
  X: "credit obtained",
} as const;

/** The letter of an MAA-ERROR indication. */
export type MaaErrorCode = keyof typeof MaaErrorCode;

/** Signals from the SSCOP user (SSCF) to SSCOP. BR (buffer release) is always "yes" here, as SSCF-UNI uses it. */
export type AaRequest =
  | { readonly name: "AA-ESTABLISH.request"; readonly uu?: Uint8Array }
  | { readonly name: "AA-ESTABLISH.response"; readonly uu?: Uint8Array }
  | { readonly name: "AA-RELEASE.request"; readonly uu?: Uint8Array }
  | { readonly name: "AA-DATA.request"; readonly data: Uint8Array }
  | { readonly name: "AA-RESYNC.request"; readonly uu?: Uint8Array }
  | { readonly name: "AA-RESYNC.response" }
  | { readonly name: "AA-RECOVER.response" }
  | { readonly name: "AA-UNITDATA.request"; readonly data: Uint8Array };

/** Signals from SSCOP up to its user. */
export type AaIndication =
  | { readonly name: "AA-ESTABLISH.indication"; readonly uu: Uint8Array }
  | { readonly name: "AA-ESTABLISH.confirm"; readonly uu: Uint8Array }
  | { readonly name: "AA-RELEASE.indication"; readonly uu: Uint8Array; readonly source: ReleaseSource }
  | { readonly name: "AA-RELEASE.confirm" }
  | { readonly name: "AA-DATA.indication"; readonly data: Uint8Array; readonly sn: number }
  | { readonly name: "AA-RESYNC.indication"; readonly uu: Uint8Array }
  | { readonly name: "AA-RESYNC.confirm" }
  | { readonly name: "AA-RECOVER.indication" }
  | { readonly name: "AA-UNITDATA.indication"; readonly data: Uint8Array };

/** Signals from layer management to SSCOP. */
export type MaaRequest = { readonly name: "MAA-UNITDATA.request"; readonly data: Uint8Array };

/** Signals from SSCOP to layer management. */
export type MaaIndication =
  | { readonly name: "MAA-ERROR.indication"; readonly code: MaaErrorCode; readonly count: number }
  | { readonly name: "MAA-UNITDATA.indication"; readonly data: Uint8Array };

/** What the lower side hands to the machine: a decoded PDU, or a raw frame that the machine decodes. */
export type LowerInput =
  | { readonly kind: "pdu"; readonly pdu: Pdu }
  | { readonly kind: "frame"; readonly bytes: Uint8Array };

/** One input of the SSCOP machine. */
export type SscopInput =
  | LowerInput
  | { readonly kind: "timer"; readonly timer: SscopTimer }
  | { readonly kind: "aa"; readonly signal: AaRequest }
  | { readonly kind: "maa"; readonly signal: MaaRequest };

/** Effects that go to the runtime unchanged, whichever layer produced them. */
export type LowerEffect =
  | { readonly kind: "send"; readonly pdu: Pdu }
  /** Start the timer, replacing it if it runs (Q.2110 "start" and "restart" are the same here). */
  | { readonly kind: "startTimer"; readonly timer: SscopTimer; readonly duration: Nanoseconds }
  | { readonly kind: "stopTimer"; readonly timer: SscopTimer }
  | { readonly kind: "maa"; readonly signal: MaaIndication };

/** One effect of an SSCOP transition. */
export type SscopEffect = LowerEffect | { readonly kind: "aa"; readonly signal: AaIndication };
