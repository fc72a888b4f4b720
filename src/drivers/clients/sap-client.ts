/**
 * A reference CoNDIS client of the ATM address family that only registers SAPs: it opens the
 * Q.2931 AF when a call manager offers it, registers and deregisters SAPs on request, and tears
 * everything down when it is unbound or the call manager closes the AF. It takes no calls:
 * incoming calls are refused with NDIS_STATUS_NOT_SUPPORTED. The call clients (the echo server,
 * the dialer) build on the same {@link AfClient}.
 */
import { NDIS_STATUS_NOT_SUPPORTED, NDIS_STATUS_SUCCESS } from "../../ndis/index.ts";
import { AfClient, type CallClientSap, type CallHandlers } from "./af-client.ts";

export type { ClientReport } from "./af-client.ts";

/** The client's per-SAP area (its ProtocolSapContext). */
export type ClientSapState = CallClientSap;

/** The reference SAP client. */
export class SapClient extends AfClient {
  constructor(name = "ATMCLIENT") {
    super(name);
  }

  /** No VCs, no calls, no data: every call entry refuses or does nothing. */
  protected callHandlers(): CallHandlers {
    return {
      ClCreateVcHandler: () => ({ status: NDIS_STATUS_NOT_SUPPORTED }),
      ClDeleteVcHandler: () => NDIS_STATUS_SUCCESS,
      ClMakeCallCompleteHandler: () => {},
      ClCloseCallCompleteHandler: () => {},
      ClIncomingCallHandler: () => NDIS_STATUS_NOT_SUPPORTED,
      ClIncomingCloseCallHandler: () => {},
      ClCallConnectedHandler: () => {},
      ClAddPartyCompleteHandler: () => {},
      ClDropPartyCompleteHandler: () => {},
      ClIncomingDropPartyHandler: () => {},
      CoReceiveNetBufferListsHandler: () => {},
      CoSendNetBufferListsCompleteHandler: () => {},
    };
  }

  /** It has no calls to close. */
  protected closeCalls(): boolean {
    return true;
  }
}
