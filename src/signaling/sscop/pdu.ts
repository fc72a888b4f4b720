/** SSCOP PDU type codes (Q.2110 §7.1; the 4-bit type field of the trailer, Q.2110 SSCOP / Q.2130 SSCF-UNI). */
export const PduType = {
  BGN: 0x1,
  BGAK: 0x2,
  END: 0x3,
  ENDAK: 0x4,
  RS: 0x5,
  RSAK: 0x6,
  BGREJ: 0x7,
  SD: 0x8,
  ER: 0x9,
  POLL: 0xa,
  STAT: 0xb,
  USTAT: 0xc,
  UD: 0xd,
  MD: 0xe,
  ERAK: 0xf,
} as const;

/** The name of an SSCOP PDU type. */
export type PduTypeName = keyof typeof PduType;

/** Every PDU type name, in code order. */
export const PDU_TYPE_NAMES: readonly PduTypeName[] = Object.keys(PduType) as PduTypeName[];

/** Who released the connection, carried in the S bit of END (0 = SSCOP user, 1 = SSCOP itself). */
export type ReleaseSource = "user" | "sscop";

/** BGN: request to establish; N(SQ) detects retransmission, N(MR) grants the first credit. */
export interface BgnPdu {
  readonly type: "BGN";
  readonly nSQ: number;
  readonly nMR: number;
  /** SSCOP-UU: user-to-user information (unused by SSCF-UNI, usually empty). */
  readonly uu: Uint8Array;
}

/** BGAK: establishment accepted. */
export interface BgakPdu {
  readonly type: "BGAK";
  readonly nMR: number;
  readonly uu: Uint8Array;
}

/** END: release (S bit tells user from SSCOP release). */
export interface EndPdu {
  readonly type: "END";
  readonly source: ReleaseSource;
  readonly uu: Uint8Array;
}

/** ENDAK: release acknowledged. */
export interface EndakPdu {
  readonly type: "ENDAK";
}

/** RS: resynchronisation request. */
export interface RsPdu {
  readonly type: "RS";
  readonly nSQ: number;
  readonly nMR: number;
  readonly uu: Uint8Array;
}

/** RSAK: resynchronisation acknowledged. */
export interface RsakPdu {
  readonly type: "RSAK";
  readonly nMR: number;
}

/** BGREJ: establishment rejected. */
export interface BgrejPdu {
  readonly type: "BGREJ";
  readonly uu: Uint8Array;
}

/** SD: sequenced data with N(S). */
export interface SdPdu {
  readonly type: "SD";
  readonly nS: number;
  readonly data: Uint8Array;
}

/** ER: error recovery request. */
export interface ErPdu {
  readonly type: "ER";
  readonly nSQ: number;
  readonly nMR: number;
}

/** POLL: status request carrying N(PS) and the sender's VT(S) as N(S). */
export interface PollPdu {
  readonly type: "POLL";
  readonly nPS: number;
  readonly nS: number;
}

/** STAT: solicited status; `list` alternates first-missing / first-received-after-gap N(S) values. */
export interface StatPdu {
  readonly type: "STAT";
  readonly nPS: number;
  readonly nMR: number;
  readonly nR: number;
  readonly list: readonly number[];
}

/** USTAT: unsolicited status reporting one gap [list[0], list[1]). */
export interface UstatPdu {
  readonly type: "USTAT";
  readonly nMR: number;
  readonly nR: number;
  readonly list: readonly [number, number];
}

/** UD: unnumbered (unassured) user data. */
export interface UdPdu {
  readonly type: "UD";
  readonly data: Uint8Array;
}

/** MD: unnumbered management data. */
export interface MdPdu {
  readonly type: "MD";
  readonly data: Uint8Array;
}

/** ERAK: error recovery acknowledged. */
export interface ErakPdu {
  readonly type: "ERAK";
  readonly nMR: number;
}

/** Any SSCOP PDU, discriminated on `type`. */
export type Pdu =
  | BgnPdu
  | BgakPdu
  | EndPdu
  | EndakPdu
  | RsPdu
  | RsakPdu
  | BgrejPdu
  | SdPdu
  | ErPdu
  | PollPdu
  | StatPdu
  | UstatPdu
  | UdPdu
  | MdPdu
  | ErakPdu;

/** The PDU of one type. */
export type PduOf<T extends PduTypeName> = Extract<Pdu, { type: T }>;
