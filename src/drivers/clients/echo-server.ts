/**
 * The reference echo server: a client of the ATM address family that registers a SAP, accepts
 * every call offered on it (or, as told, refuses them or answers later), and sends every NBL it
 * receives back on the same VC. When the caller closes, it closes too. It may change a call's peak
 * rate itself, and keeps (or, as told, refuses by closing) the caller's changes.
 */
import {
  type CO_SAP,
  type DRIVER_INITIALIZE,
  type NDIS_STATUS,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
} from "../../ndis/index.ts";
import { AfClient, type ClientReport } from "./af-client.ts";
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

/** The reference echo server: an AF part and a call part, with the echo policy. */
export class EchoServer {
  /** Its binding, AF and SAPs. */
  readonly af: AfClient;
  /** Its calls. */
  private readonly callPart: CallClient;
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
    this.af = new AfClient(init.name ?? "ECHOSRV");
    this.callPart = new CallClient(this.af, {
      onIncomingCall: (call) => this.incomingCall(call),
      onReceive: (call, data) => this.received(call, data),
      onClosed: (call) => this.closed(call),
      onIncomingQosChange: () => {
        this.stats.qosChanges++;
        return this.callPart.keepsIncomingQos();
      },
    });
    this.af.attach(this.callPart);
    this.answerMode = init.answer ?? "accept";
  }

  get name(): string {
    return this.af.name;
  }

  get DriverEntry(): DRIVER_INITIALIZE {
    return this.af.DriverEntry;
  }

  /** True once the AF is open. */
  get afOpen(): boolean {
    return this.af.afOpen;
  }

  get reports(): readonly ClientReport[] {
    return this.af.reports;
  }

  /** Its calls now. */
  get calls(): ReadonlySet<ClientCall> {
    return this.callPart.calls;
  }

  /** Every call it has had, in order. */
  get history(): readonly ClientCall[] {
    return this.callPart.history;
  }

  /** How it answers a QoS change the caller makes: keep the call, or close it (refuse). */
  get incomingQosAnswer(): CallClient["incomingQosAnswer"] {
    return this.callPart.incomingQosAnswer;
  }

  set incomingQosAnswer(answer: CallClient["incomingQosAnswer"]) {
    this.callPart.incomingQosAnswer = answer;
  }

  /** Registers the SAP to listen on (from the client's own thread). */
  listen(name: string, sap: CO_SAP): CallClientSap {
    return this.af.registerSap(name, sap);
  }

  /** NdisClDeregisterSap, from the client's own thread. */
  deregisterSap(record: CallClientSap): NDIS_STATUS {
    return this.af.deregisterSap(record);
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
      this.callPart.answer(call, status);
    }
    return calls.length;
  }

  /**
   * Changes the peak rate (octets per second; `receive` defaults to `transmit`) of a connected call
   * (NdisClModifyCallQoS); the outcome is appended to `call.qosResults`.
   */
  modifyPeakRate(call: ClientCall, transmit: number, receive = transmit): NDIS_STATUS {
    return this.callPart.changePeakRate(call, transmit, receive);
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
    for (const call of calls) this.callPart.close(call);
    return calls.length;
  }

  private incomingCall(call: ClientCall): NDIS_STATUS {
    this.stats.offered++;
    if (this.answerMode === "pend") {
      this.pended.add(call);
      return NDIS_STATUS_PENDING;
    }
    const status = this.answerMode === "accept" ? NDIS_STATUS_SUCCESS : NDIS_STATUS_NOT_ACCEPTED;
    this.count(status);
    return status;
  }

  private received(call: ClientCall, data: Uint8Array): void {
    if (this.callPart.send(call, data)) this.stats.echoed++;
    else this.stats.notEchoed++;
  }

  private closed(call: ClientCall): void {
    this.pended.delete(call);
    if (call.makeCallStatus === undefined && call.closeStatus !== undefined) this.stats.closed++;
  }

  private count(status: NDIS_STATUS): void {
    if (status === NDIS_STATUS_SUCCESS) this.stats.accepted++;
    else this.stats.refused++;
  }
}
