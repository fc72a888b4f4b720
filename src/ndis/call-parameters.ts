/** FLOWSPEC (qos.h): one direction's traffic contract. */
export interface FLOWSPEC {
  TokenRate: number;
  TokenBucketSize: number;
  PeakBandwidth: number;
  Latency: number;
  DelayVariation: number;
  ServiceType: number;
  MaxSduSize: number;
  MinimumPolicedSize: number;
}

/** CO_SPECIFIC_PARAMETERS: medium- or call-manager-specific bytes with a type tag. */
export interface CO_SPECIFIC_PARAMETERS {
  ParamType: number;
  Length: number;
  Parameters: Uint8Array;
}

/** CO_CALL_MANAGER_PARAMETERS: what the call manager negotiates. */
export interface CO_CALL_MANAGER_PARAMETERS {
  Transmit: FLOWSPEC;
  Receive: FLOWSPEC;
  CallMgrSpecific: CO_SPECIFIC_PARAMETERS;
}

/** CO_MEDIA_PARAMETERS: what the miniport applies to a VC. */
export interface CO_MEDIA_PARAMETERS {
  Flags: number;
  ReceivePriority: number;
  ReceiveSizeHint: number;
  MediaSpecific: CO_SPECIFIC_PARAMETERS;
}

/** CO_CALL_PARAMETERS: the parameters of a call, in and out of every call DDI. */
export interface CO_CALL_PARAMETERS {
  Flags: number;
  CallMgrParameters: CO_CALL_MANAGER_PARAMETERS | null;
  MediaParameters: CO_MEDIA_PARAMETERS | null;
}

/** CO_CALL_PARAMETERS.Flags values. */
export const CO_CALL_FLAGS = {
  PERMANENT_VC: 0x00000001,
  CALL_PARAMETERS_CHANGED: 0x00000002,
  QUERY_CALL_PARAMETERS: 0x00000004,
  BROADCAST_VC: 0x00000008,
  MULTIPOINT_VC: 0x00000010,
} as const;

/** CO_MEDIA_PARAMETERS.Flags values. */
export const CO_MEDIA_FLAGS = {
  RECEIVE_TIME_INDICATION: 0x00000001,
  USE_TIME_STAMPS: 0x00000002,
  TRANSMIT_VC: 0x00000004,
  RECEIVE_VC: 0x00000008,
  INDICATE_ERRED_PACKETS: 0x00000010,
  INDICATE_END_OF_TX: 0x00000020,
  RESERVE_RESOURCES_VC: 0x00000040,
  ROUND_DOWN_FLOW: 0x00000080,
  ROUND_UP_FLOW: 0x00000100,
} as const;
