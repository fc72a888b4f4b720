/** Code points used inside information elements (Q.2931 / ATM Forum UNI 3.1), as `as const` tables. */

/** AAL type (AAL parameters octet 5). Voice (0x00) and AAL2 (0x02) are not UNI 3.1 and not decoded. */
export const AalType = {
  AAL1: 0x01,
  AAL3_4: 0x03,
  AAL5: 0x05,
  USER_DEFINED: 0x10,
} as const;

/** SSCS type (AAL parameters sub-field 0x84). */
export const SscsType = {
  NULL: 0x00,
  SSCOP_ASSURED: 0x01,
  SSCOP_NON_ASSURED: 0x02,
  FRAME_RELAY: 0x04,
} as const;

/** AAL mode (sub-field 0x83; UNI 3.0 only, omit for 3.1). */
export const AalMode = {
  MESSAGE: 0x01,
  STREAMING: 0x02,
} as const;

/** Bearer class (Broadband bearer capability octet 5, bits 5–1). */
export const BearerClass = {
  BCOB_A: 0x01,
  BCOB_C: 0x03,
  BCOB_X: 0x10,
  /** UNI 4.0. */
  TRANSPARENT_VP: 0x18,
} as const;

/** UNI 3.1 traffic type (BBC octet 5a, bits 5–3). */
export const TrafficType = {
  NO_INDICATION: 0,
  CONSTANT_BIT_RATE: 1,
  VARIABLE_BIT_RATE: 2,
} as const;

/** UNI 3.1 timing requirements (BBC octet 5a, bits 2–1). */
export const TimingRequirements = {
  NO_INDICATION: 0,
  END_TO_END_REQUIRED: 1,
  END_TO_END_NOT_REQUIRED: 2,
} as const;

/** Susceptibility to clipping (BBC octet 6, bits 7–6). */
export const Clipping = {
  NOT_SUSCEPTIBLE: 0,
  SUSCEPTIBLE: 1,
} as const;

/** User-plane connection configuration (BBC octet 6, bits 2–1). */
export const UserPlaneConfiguration = {
  POINT_TO_POINT: 0,
  POINT_TO_MULTIPOINT: 1,
} as const;

/** Numbering plan (party number octet 5, bits 4–1); UNI 3.1 uses only these two. */
export const NumberingPlan = {
  E164: 0x1,
  ATM_ENDSYSTEM_ADDRESS: 0x2,
} as const;

/** Type of number (party number octet 5, bits 7–5). */
export const TypeOfNumber = {
  UNKNOWN: 0,
  INTERNATIONAL: 1,
  NATIONAL: 2,
  NETWORK_SPECIFIC: 3,
  SUBSCRIBER: 4,
  ABBREVIATED: 6,
} as const;

/** Presentation indicator (calling party number octet 5a, bits 7–6). */
export const PresentationIndicator = {
  ALLOWED: 0,
  RESTRICTED: 1,
  NOT_AVAILABLE: 2,
} as const;

/** Screening indicator (calling party number octet 5a, bits 2–1). */
export const ScreeningIndicator = {
  USER_NOT_SCREENED: 0,
  USER_VERIFIED_PASSED: 1,
  USER_VERIFIED_FAILED: 2,
  NETWORK_PROVIDED: 3,
} as const;

/** Type of subaddress (subaddress octet 5, bits 7–5). */
export const SubaddressType = {
  NSAP: 0,
  ATM_ENDSYSTEM_ADDRESS: 1,
  USER_SPECIFIED: 2,
} as const;

/** VP-associated signalling (connection identifier octet 5, bits 5–4). */
export const VpAssociatedSignalling = {
  VP_ASSOCIATED: 0,
  EXPLICIT_VPCI: 1,
} as const;

/** Preferred/exclusive (connection identifier octet 5, bits 3–1). */
export const PreferredExclusive = {
  EXCLUSIVE_VPCI_EXCLUSIVE_VCI: 0,
  EXCLUSIVE_VPCI_ANY_VCI: 1,
  /** UNI 4.0 (VP connections). */
  EXCLUSIVE_VPCI_NO_VCI: 4,
} as const;

/** Restart class (restart indicator octet 5, bits 3–1). */
export const RestartClass = {
  INDICATED_VC: 0,
  /** UNI 4.0. */
  ALL_VCS_IN_INDICATED_VPC: 1,
  ALL_VCS: 2,
} as const;

/** Broadband repeat indicator value (octet 5, bits 4–1). */
export const RepeatIndicator = {
  PRIORITIZED_LIST: 2,
} as const;

/** BHLI type (octet 5, bits 7–1). */
export const BhliType = {
  ISO: 0,
  USER_SPECIFIC: 1,
  /** UNI 3.0 only. */
  HIGH_LAYER_PROFILE: 2,
  VENDOR_SPECIFIC_APPLICATION: 3,
  /** UNI 4.0. */
  TELESERVICE: 4,
} as const;

/** User information layer 2 protocols (BLLI octet 6, bits 5–1). */
export const BlliLayer2Protocol = {
  ISO_1745: 0x01,
  Q921: 0x02,
  X25_LINK: 0x06,
  X25_MULTILINK: 0x07,
  EXTENDED_LAPB: 0x08,
  HDLC_ARM: 0x09,
  HDLC_NRM: 0x0a,
  HDLC_ABM: 0x0b,
  ISO_8802_2_LLC: 0x0c,
  X75_SLP: 0x0d,
  Q922: 0x0e,
  USER_SPECIFIED: 0x10,
  ISO_7776: 0x11,
} as const;

/** User information layer 3 protocols (BLLI octet 7, bits 5–1). H.310 (UNI 4.0) is not decoded. */
export const BlliLayer3Protocol = {
  X25_PACKET: 0x06,
  ISO_8208: 0x07,
  X223_ISO_8878: 0x08,
  ISO_8473_CLNP: 0x09,
  T70: 0x0a,
  ISO_TR_9577: 0x0b,
  USER_SPECIFIED: 0x10,
} as const;

/** ISO/IEC TR 9577 initial protocol identifiers used with BLLI layer 3 = TR 9577. */
export const Ipi = {
  SNAP: 0x80,
  IP: 0xcc,
} as const;

/** QoS classes (QoS parameter octets 5 and 6). */
export const QosClass = {
  UNSPECIFIED: 0,
  CLASS_1: 1,
  CLASS_2: 2,
  CLASS_3: 3,
  CLASS_4: 4,
} as const;

/** Type of network identification (transit network selection octet 5, bits 7–5). */
export const NetworkIdType = {
  USER_SPECIFIED: 0,
  NATIONAL: 2,
  INTERNATIONAL: 3,
} as const;

/** Network identification plan (transit network selection octet 5, bits 4–1). */
export const NetworkIdPlan = {
  UNKNOWN: 0,
  CARRIER_IDENTIFICATION_CODE: 1,
  X121_DNIC: 3,
} as const;

/** Type of report (Broadband report type octet 5, Q.2963.1). */
export const ReportType = {
  /** The sender wants CONNECTION AVAILABLE once its peer runs with the new traffic descriptor. */
  MODIFICATION_CONFIRMATION: 0x01,
} as const;
