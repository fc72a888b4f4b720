/**
 * The reference dialer: a client of the ATM address family that calls an address, sends N NBLs of
 * a given size, checks that each comes back unchanged, and closes the call (or holds it open, to
 * send more later), and may change the call's peak rate meanwhile (NdisClModifyCallQoS). Every dial
 * is recorded with its outcome.
 */
import {
  type CO_CALL_PARAMETERS,
  type DRIVER_INITIALIZE,
  type NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_SUCCESS,
} from "../../ndis/index.ts";
import { atmMediaParametersOf } from "../atm-media.ts";
import type { ATM_BHLI_IE, ATM_BLLI_IE } from "../atm-sap.ts";
import { atmCallParameters } from "../uni-cm/atm-call-parameters.ts";
import { AfClient } from "./af-client.ts";
import { CallClient, type ClientCall } from "./call-client.ts";
import { type ClientParty, MultipointCalls } from "./multipoint-client.ts";

/** Options of one dial. */
export interface DialOptions {
  readonly blli?: ATM_BLLI_IE;
  readonly bhli?: ATM_BHLI_IE;
  /** Keep the call open once every echo is back (close it with {@link Dialer.hangUp}). */
  readonly hold?: boolean;
}

/** The outcome of one dial. */
export interface DialResult {
  readonly address: Uint8Array;
  readonly size: number;
  /** Frames to send once connected (more may be added with {@link Dialer.sendMore}). */
  count: number;
  /**
   * calling: make-call pending; connected: sending and checking echoes; closing: NdisClCloseCall
   * made; done: the call was up and is closed; failed: the make-call failed.
   */
  state: "calling" | "connected" | "closing" | "done" | "failed";
  makeCallStatus: NDIS_STATUS | undefined;
  sent: number;
  /** Echoes that matched what was sent. */
  echoed: number;
  /** Echoes that did not match any frame sent. */
  mismatched: number;
  /** The CloseStatus when the network closed the call first. */
  incomingClose: NDIS_STATUS | undefined;
  closeStatus: NDIS_STATUS | undefined;
  /** The VPI/VCI the network gave the call (from the completed make-call's media parameters). */
  vc: { readonly vpi: number; readonly vci: number } | undefined;
  readonly hold: boolean;
  /** The leaves of a point-to-multipoint dial (the first is the make-call's party). */
  readonly leaves: LeafResult[];
  /** Outcomes of the dial's QoS changes ({@link Dialer.modifyPeakRate}), PENDING while outstanding. */
  readonly qos: NDIS_STATUS[];
  /** QoS changes the called side made that reached the dialer. */
  incomingQosChanges: number;
  /** The peak rates in force (octets/s), from the call parameters, once connected. */
  peakBandwidth: { transmit: number; receive: number } | undefined;
}

/** One leaf of a point-to-multipoint dial. */
export interface LeafResult {
  readonly address: Uint8Array;
  state: ClientParty["state"];
  status: NDIS_STATUS | undefined;
  droppedByNetwork: boolean;
}

/**
 * The first octet of every dial frame. It is not zero, so trace readers do not take the frames for
 * LAN emulation traffic (which starts with a zero LECID).
 */
export const DIAL_FRAME_MARK = 0xc5;

/** The frame with sequence number `seq`: the mark, the number in the next four octets, then a pattern. */
export function dialFrame(seq: number, size: number): Uint8Array {
  const bytes = new Uint8Array(Math.max(5, size));
  bytes[0] = DIAL_FRAME_MARK;
  new DataView(bytes.buffer).setUint32(1, seq >>> 0);
  for (let i = 5; i < bytes.length; i++) bytes[i] = (seq * 31 + i) & 0xff;
  return bytes;
}

/** The sequence number of a dial frame, or -1 when `data` is not one. */
function dialSequence(data: Uint8Array): number {
  if (data.length < 5 || data[0] !== DIAL_FRAME_MARK) return -1;
  return new DataView(data.buffer, data.byteOffset + 1, 4).getUint32(0);
}

/**
 * The reference dialer. It also roots point-to-multipoint calls: the leaves only receive (nothing
 * flows back from a leaf), so such a dial sends its frames once every leaf is added or refused and
 * stays up until it is hung up.
 */
export class Dialer {
  readonly results: DialResult[] = [];
  /** Its binding and AF. */
  readonly af: AfClient;
  private readonly callPart: CallClient;
  private readonly multipoint: MultipointCalls;
  private readonly byResult = new Map<DialResult, ClientCall>();

  constructor(name = "DIALER") {
    this.af = new AfClient(name);
    this.callPart = new CallClient(this.af, {
      onConnected: (call) => this.connected(call),
      onMakeCallFailed: (call) => this.makeCallFailed(call),
      onReceive: (call, data) => this.received(call, data),
      onClosed: (call) => this.closed(call),
      onIncomingQosChange: (call, params) => this.incomingQosChange(call, params),
      onQosCompleted: (call) => this.qosCompleted(call),
      closingParty: (call) => this.multipoint.closingParty(call),
      partyHandlers: () => this.multipoint.handlers(),
    });
    this.multipoint = new MultipointCalls(this.callPart, {
      onPartyAdded: (party) => this.partyAdded(party),
      onPartyDropped: (party) => this.leafChanged(party),
    });
    this.af.attach(this.callPart);
  }

  /** Runs when a call of the dialer is up, before the dialer acts on it (for measurements). */
  onCallConnected: ((call: ClientCall) => void) | undefined;

  get name(): string {
    return this.af.name;
  }

  /** True once the AF is open. */
  get afOpen(): boolean {
    return this.af.afOpen;
  }

  /** Its calls now. */
  get calls(): ReadonlySet<ClientCall> {
    return this.callPart.calls;
  }

  get DriverEntry(): DRIVER_INITIALIZE {
    return this.af.DriverEntry;
  }

  /** Calls `address` (a 20-octet AESA), then sends `count` frames of `size` octets and checks the echoes. */
  dial(address: Uint8Array, count: number, size: number, options: DialOptions = {}): DialResult {
    const result = this.newResult(address, count, size, options.hold === true);
    // The result rides on the call: the make-call may complete before makeCall returns.
    const call = this.callPart.makeCall(callParameters(address, options), result);
    if (call === undefined) result.state = "failed";
    else this.byResult.set(result, call);
    return result;
  }

  /**
   * Roots a point-to-multipoint call to the first address and adds the others as leaves once it is
   * up; then sends `count` frames of `size` octets to every leaf. It stays up until hung up.
   */
  dialMultipoint(
    addresses: readonly Uint8Array[],
    count: number,
    size: number,
    options: DialOptions = {},
  ): DialResult {
    const first = addresses[0];
    const result = this.newResult(first ?? new Uint8Array(20), count, size, true);
    if (first === undefined) {
      result.state = "failed";
      return result;
    }
    for (const address of addresses)
      result.leaves.push({
        address: address.slice(),
        state: "adding",
        status: undefined,
        droppedByNetwork: false,
      });
    const call = this.multipoint.makeMultipointCall(callParameters(first, options), result, result.leaves[0]);
    if (call === undefined) result.state = "failed";
    else this.byResult.set(result, call);
    return result;
  }

  /** Drops leaf `i` of a point-to-multipoint dial (not the last one: hang up instead). */
  dropLeaf(result: DialResult, i: number): void {
    const call = this.callOf(result);
    const party = call === undefined ? undefined : this.multipoint.parties(call)[i];
    if (party !== undefined) this.multipoint.dropParty(party);
  }

  /** Sends `n` more frames on a held call. */
  sendMore(result: DialResult, n: number): void {
    const call = this.callOf(result);
    if (call === undefined || result.state !== "connected") return;
    result.count += n;
    this.pump(call, result);
  }

  /** Closes the call of a dial now. */
  hangUp(result: DialResult): void {
    const call = this.callOf(result);
    if (call === undefined) return;
    if (result.state === "connected") result.state = "closing";
    this.callPart.close(call);
  }

  /**
   * Changes the peak rate (octets per second; `receive` defaults to `transmit`) of a connected dial
   * (NdisClModifyCallQoS); the outcome is appended to `result.qos`.
   */
  modifyPeakRate(result: DialResult, transmit: number, receive = transmit): NDIS_STATUS {
    const call = this.callOf(result);
    if (call === undefined) return NDIS_STATUS_FAILURE;
    const status = this.callPart.changePeakRate(call, transmit, receive);
    result.qos.splice(0, result.qos.length, ...call.qosResults);
    return status;
  }

  private callOf(result: DialResult): ClientCall | undefined {
    const call = this.byResult.get(result);
    return call === undefined || call.state === "deleted" ? undefined : call;
  }

  private resultOf(call: ClientCall): DialResult | undefined {
    return this.results.find((r) => r === call.tag);
  }

  private qosCompleted(call: ClientCall): void {
    const result = this.resultOf(call);
    if (result === undefined) return;
    result.qos.splice(0, result.qos.length, ...call.qosResults);
    result.peakBandwidth = peaksOf(call.params);
  }

  private incomingQosChange(call: ClientCall, params: CO_CALL_PARAMETERS): boolean {
    const result = this.resultOf(call);
    if (result !== undefined) {
      result.incomingQosChanges = call.incomingQosChanges;
      result.peakBandwidth = peaksOf(params);
    }
    return this.callPart.keepsIncomingQos();
  }

  private connected(call: ClientCall): void {
    this.onCallConnected?.(call);
    this.multipoint.connected(call);
    const result = this.resultOf(call);
    if (result === undefined) return;
    result.peakBandwidth = peaksOf(call.params);
    result.makeCallStatus = NDIS_STATUS_SUCCESS;
    result.state = "connected";
    const id = atmMediaParametersOf(call.params)?.ConnectionId;
    result.vc = id === undefined ? undefined : { vpi: id.Vpi, vci: id.Vci };
    if (result.leaves.length > 1) {
      // Data reaches only the leaves added before it is sent: add them all first.
      for (const leaf of result.leaves.slice(1))
        this.multipoint.addParty(call, callParameters(leaf.address, {}), leaf);
      this.leavesSettled(call, result);
      return;
    }
    this.pump(call, result);
    this.maybeDone(call, result);
  }

  private partyAdded(party: ClientParty): void {
    this.leafChanged(party);
    const result = this.resultOf(party.call);
    if (result !== undefined) this.leavesSettled(party.call, result);
  }

  private makeCallFailed(call: ClientCall): void {
    const result = this.resultOf(call);
    if (result === undefined) return;
    result.makeCallStatus = call.makeCallStatus;
    result.state = "failed";
  }

  private received(call: ClientCall, data: Uint8Array): void {
    const result = this.resultOf(call);
    if (result === undefined) return;
    const seq = dialSequence(data);
    const expected = seq >= 0 && seq < result.sent ? dialFrame(seq, result.size) : undefined;
    const same =
      expected !== undefined && expected.length === data.length && expected.every((b, i) => b === data[i]);
    if (same) result.echoed++;
    else result.mismatched++;
    this.maybeDone(call, result);
  }

  private closed(call: ClientCall): void {
    const parties = [...this.multipoint.parties(call)];
    this.multipoint.closed(call);
    for (const party of parties) this.leafChanged(party);
    const result = this.resultOf(call);
    if (result === undefined) return;
    result.incomingClose = call.incomingClose;
    result.closeStatus = call.closeStatus;
    if (result.state !== "failed") result.state = "done";
  }

  private newResult(address: Uint8Array, count: number, size: number, hold: boolean): DialResult {
    const result: DialResult = {
      address: address.slice(),
      size: Math.max(4, size),
      count,
      state: "calling",
      makeCallStatus: undefined,
      sent: 0,
      echoed: 0,
      mismatched: 0,
      incomingClose: undefined,
      closeStatus: undefined,
      vc: undefined,
      hold,
      leaves: [],
      qos: [],
      incomingQosChanges: 0,
      peakBandwidth: undefined,
    };
    this.results.push(result);
    return result;
  }

  /** Once no leaf is still being added, the frames go out (to every leaf that joined). */
  private leavesSettled(call: ClientCall, result: DialResult): void {
    if (result.state !== "connected" || this.multipoint.parties(call).some((p) => p.state === "adding"))
      return;
    this.pump(call, result);
  }

  private leafChanged(party: ClientParty): void {
    const leaf = party.tag as LeafResult | undefined;
    if (leaf === undefined) return;
    leaf.state = party.state;
    leaf.status = party.status;
    leaf.droppedByNetwork = party.droppedByNetwork;
  }

  private pump(call: ClientCall, result: DialResult): void {
    while (result.sent < result.count) {
      if (!this.callPart.send(call, dialFrame(result.sent, result.size))) return;
      result.sent++;
    }
  }

  private maybeDone(call: ClientCall, result: DialResult): void {
    if (result.hold || result.state !== "connected") return;
    if (result.echoed + result.mismatched < result.count) return;
    result.state = "closing";
    this.callPart.close(call);
  }
}

/** The call parameters of a dial: UBR, AAL5 with 9180-octet SDUs, and the BLLI/BHLI asked for. */
function callParameters(address: Uint8Array, options: DialOptions) {
  return atmCallParameters({
    calledParty: address,
    aal5: { forwardMaxCpcsSduSize: 9180, backwardMaxCpcsSduSize: 9180 },
    blli: options.blli,
    bhli: options.bhli,
  });
}

/** The peak rates (octets/s) of call parameters. */
function peaksOf(params: CO_CALL_PARAMETERS | undefined): DialResult["peakBandwidth"] {
  const cm = params?.CallMgrParameters;
  return cm === null || cm === undefined
    ? undefined
    : { transmit: cm.Transmit.PeakBandwidth, receive: cm.Receive.PeakBandwidth };
}
