/**
 * The reference echo server: a client of the ATM address family that registers a SAP, accepts
 * every call offered on it (or, as told, refuses them or answers later), and sends every NBL it
 * receives back on the same VC. When the caller closes, it closes too. It may change a call's peak
 * rate itself, and keeps (or, as told, refuses by closing) the caller's changes.
 */
import {
  type CO_CALL_PARAMETERS,
  type CO_SAP,
  type NDIS_STATUS,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
} from "../../ndis/index.ts";
import { CallClient, type CallClientSap, type ClientCall } from "./call-client.ts";

/** How the echo server answers calls. */
export type EchoAnswer = "accept" | "reject" | "pend";

/** What the echo server did. */
export interface EchoServerStats {
  offered: number;
  accepted: number;
  refused: number;
  /** Frames received and sent back. */
  echoed: number;
  /** Frames received that could not be sent back. */
  notEchoed: number;
  /** Calls that ended (closed by either side). */
  closed: number;
  /** QoS changes the caller made that reached the server. */
  qosChanges: number;
}

/** The reference echo server. */
export class EchoServer extends CallClient {
  /** How the next calls are answered; may change at any time. */
  answerMode: EchoAnswer;
  readonly stats: EchoServerStats = {
    offered: 0,
    accepted: 0,
    refused: 0,
    echoed: 0,
    notEchoed: 0,
    closed: 0,
    qosChanges: 0,
  };
  private readonly pended = new Set<ClientCall>();

  constructor(init: { name?: string; answer?: EchoAnswer } = {}) {
    super(init.name ?? "ECHOSRV");
    this.answerMode = init.answer ?? "accept";
  }

  /** Registers the SAP to listen on (from the client's own thread). */
  listen(name: string, sap: CO_SAP): CallClientSap {
    return this.registerSap(name, sap);
  }

  /** Calls answered PENDING and not answered yet. */
  get pendingAnswers(): number {
    return this.pended.size;
  }

  /** Answers every pended call with `status` (NdisClIncomingCallComplete); returns how many. */
  answerPending(status: NDIS_STATUS = NDIS_STATUS_SUCCESS): number {
    const calls = [...this.pended];
    this.pended.clear();
    for (const call of calls) {
      this.count(status);
      this.answer(call, status);
    }
    return calls.length;
  }

  /**
   * Changes the peak rate (octets per second; `receive` defaults to `transmit`) of a connected call
   * (NdisClModifyCallQoS); the outcome is appended to `call.qosResults`.
   */
  modifyPeakRate(call: ClientCall, transmit: number, receive = transmit): NDIS_STATUS {
    return this.changePeakRate(call, transmit, receive);
  }

  /** The calls that are up now. */
  connectedCalls(): ClientCall[] {
    return [...this.calls].filter((c) => c.state === "connected");
  }

  /**
   * Closes from this side every call that is up, or accepted and still waiting for its
   * CallConnected (NdisClCloseCall allows both); returns how many.
   */
  hangUp(): number {
    const calls = [...this.calls].filter((c) => c.state === "connected" || c.state === "accepted");
    for (const call of calls) this.close(call);
    return calls.length;
  }

  protected override onIncomingQosChange(call: ClientCall, params: CO_CALL_PARAMETERS): boolean {
    this.stats.qosChanges++;
    return super.onIncomingQosChange(call, params);
  }

  protected override onIncomingCall(call: ClientCall, _params: CO_CALL_PARAMETERS): NDIS_STATUS {
    this.stats.offered++;
    if (this.answerMode === "pend") {
      this.pended.add(call);
      return NDIS_STATUS_PENDING;
    }
    const status = this.answerMode === "accept" ? NDIS_STATUS_SUCCESS : NDIS_STATUS_NOT_ACCEPTED;
    this.count(status);
    return status;
  }

  protected override onReceive(call: ClientCall, data: Uint8Array): void {
    if (this.send(call, data)) this.stats.echoed++;
    else this.stats.notEchoed++;
  }

  protected override onClosed(call: ClientCall): void {
    this.pended.delete(call);
    if (call.makeCallStatus === undefined && call.closeStatus !== undefined) this.stats.closed++;
  }

  private count(status: NDIS_STATUS): void {
    if (status === NDIS_STATUS_SUCCESS) this.stats.accepted++;
    else this.stats.refused++;
  }
}
