/** ILMI address registration: SNMPv1/BER codec, ILMI MIB objects, and the user- and network-side IMEs. */
export type { Oid } from "./ber.ts";
export type { DecodeResult, IlmiDecodeError } from "./decode-error.ts";
export { IlmiDecodeErrorCode } from "./decode-error.ts";
export {
  addressSetRequest,
  coldStartTrap,
  decodeIlmiMessage,
  encodeIlmiMessage,
  getRequest,
  getResponseTo,
  ILMI_COMMUNITY,
  ILMI_VCI,
  ILMI_VPI,
  ilmiRequest,
  netPrefixSetRequest,
} from "./ilmi-message.ts";
export type { IlmiTableIndex } from "./ilmi-mib.ts";
export {
  AESA_LENGTH,
  AtmfStatus,
  addressStatusOid,
  compareOids,
  ESI_LENGTH,
  formAddress,
  formatOid,
  IlmiOid,
  NET_PREFIX_LENGTH,
  netPrefixStatusOid,
  parseAddressStatusOid,
  parseNetPrefixStatusOid,
} from "./ilmi-mib.ts";
export type {
  IlmiRequestEffect,
  IlmiSendEffect,
  IlmiStartTimerEffect,
  IlmiStopTimerEffect,
  IlmiTiming,
} from "./ilmi-requests.ts";
export { DEFAULT_ILMI_TIMING, ILMI_RESPONSE_TIMER } from "./ilmi-requests.ts";
export type {
  AddressRemovalReason,
  NetworkImeEffect,
  NetworkImeInit,
  NetworkImeInput,
  NetworkImeState,
  PrefixWithdrawalOutcome,
} from "./network-ime.ts";
export { initialNetworkIme, stepNetworkIme } from "./network-ime.ts";
export { decodeSnmpMessage, encodeSnmpMessage } from "./snmp-codec.ts";
export type {
  SnmpMessage,
  SnmpPdu,
  SnmpRequestPdu,
  SnmpRequestPduType,
  SnmpTrapPdu,
  SnmpValue,
  VarBind,
} from "./snmp-types.ts";
export { GenericTrap, SnmpErrorStatus } from "./snmp-types.ts";
export type {
  DeregistrationReason,
  EndSystem,
  EndSystemFailure,
  EndSystemPhase,
  UserImeEffect,
  UserImeInit,
  UserImeInput,
  UserImeRecovery,
  UserImeState,
  UserTimer,
} from "./user-ime.ts";
export {
  DEFAULT_USER_IME_RECOVERY,
  endSystemKey,
  endSystemPhase,
  ILMI_REGISTRATION_TIMER,
  ILMI_VERIFY_TIMER,
  initialUserIme,
  registeredAddresses,
  stepUserIme,
} from "./user-ime.ts";
