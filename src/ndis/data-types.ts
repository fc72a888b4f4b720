import type { NDIS_HANDLE } from "./handle.ts";
import type { NDIS_STATUS } from "./status.ts";

/** NET_BUFFER: one frame's bytes within a NET_BUFFER_LIST. */
export interface NET_BUFFER {
  Next: NET_BUFFER | null;
  /** The frame's bytes (the MDL chain of a C driver, flattened). */
  Data: Uint8Array;
  DataOffset: number;
  DataLength: number;
  ProtocolReserved: unknown;
  MiniportReserved: unknown;
}

/** NET_BUFFER_LIST: the unit of send and receive. */
export interface NET_BUFFER_LIST {
  Next: NET_BUFFER_LIST | null;
  FirstNetBuffer: NET_BUFFER | null;
  SourceHandle: NDIS_HANDLE;
  Status: NDIS_STATUS;
  Flags: number;
  ProtocolReserved: unknown;
  MiniportReserved: unknown;
  Context: unknown;
}

/** NDIS_OID_REQUEST (the fields the model uses). */
export interface NDIS_OID_REQUEST {
  RequestType: number;
  Oid: number;
  InformationBuffer: Uint8Array | null;
  BytesWritten: number;
  BytesRead: number;
  BytesNeeded: number;
  RequestId: unknown;
  RequestHandle: NDIS_HANDLE;
}

/** NDIS_STATUS_INDICATION (the fields the model uses). */
export interface NDIS_STATUS_INDICATION {
  SourceHandle: NDIS_HANDLE;
  PortNumber: number;
  StatusCode: NDIS_STATUS;
  Flags: number;
  StatusBuffer: Uint8Array | null;
}
