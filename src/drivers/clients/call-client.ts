/**
 * The call half of the reference call clients (the echo server and the dialer): it makes calls on
 * VCs it creates, accepts or refuses calls on the call manager's VCs, sends and receives NBLs on
 * them, changes their peak rates (NdisClModifyCallQoS) and takes the remote side's changes, closes
 * calls once its sends have completed (NdisClCloseCall requires it), and deletes the VCs it
 * created. Its owner (the echo server, the dialer) decides through a {@link CallPolicy} how calls
 * are answered, whether remote QoS changes are kept, and what is done with data; it plugs the call
 * part into its {@link AfClient}.
 */
import {
  type CO_CALL_PARAMETERS,
  NDIS_RECEIVE_FLAGS_RESOURCES,
  NDIS_RETURN_FLAGS_DISPATCH_LEVEL,
  type NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisAllocateNetBufferAndNetBufferList,
  NdisClCloseCall,
  NdisClIncomingCallComplete,
  NdisClMakeCall,
  NdisClModifyCallQoS,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  NdisCoSendNetBufferLists,
  NdisFreeNetBufferList,
  type NdisHandle,
  NdisReturnNetBufferLists,
  type NET_BUFFER_LIST,
  netBufferData,
} from "../../ndis/index.ts";
import type { AfClient, AfClientCalls, CallClientSap, CallHandlers } from "./af-client.ts";

export type { CallClientSap } from "./af-client.ts";

/** A call of the client (its ProtocolVcContext). */
export interface ClientCall {
  readonly id: number;
  readonly direction: "outgoing" | "incoming";
  handle: NdisHandle<"Vc"> | null;
  /**
   * idle: an own VC without a call; calling: make-call pending; offered: an incoming call being
   * answered; accepted: accepted, CallConnected awaited; connected: data flows; closing:
   * NdisClCloseCall made or waiting for sends to drain; closed: the call is over (an own VC
   * awaits its delete); deleted: the VC is gone.
   */
  state: "idle" | "calling" | "offered" | "accepted" | "connected" | "closing" | "closed" | "deleted";
  params: CO_CALL_PARAMETERS | undefined;
  sendsInFlight: number;
  /** A close waits for the sends in flight. */
  closeWanted: boolean;
  /** The CloseStatus of an incoming close, when the network closed the call. */
  incomingClose: NDIS_STATUS | undefined;
  makeCallStatus: NDIS_STATUS | undefined;
  closeStatus: NDIS_STATUS | undefined;
  sent: number;
  received: number;
  /** Receives before the call was connected, dropped (OQ-21). */
  droppedEarly: number;
  /** Sends that completed with a failure status. */
  sendFailures: number;
  /** What the owner attached to the call when it made it. */
  tag: unknown;
  /** The SAP an incoming call was offered on. */
  sap: CallClientSap | undefined;
  /** The first party of a point-to-multipoint make-call (NdisClMakeCall's out-parameter). */
  partyHandle: NdisHandle<"Party"> | null;
  /** Outcomes of this client's QoS changes, in order (PENDING while the last one is outstanding). */
  qosResults: NDIS_STATUS[];
  /** QoS changes the remote side made that reached the client (ProtocolClIncomingCallQoSChange). */
  incomingQosChanges: number;
}

/** The party entries of the client characteristics (a point-to-multipoint part brings them). */
export type PartyHandlers = Pick<
  CallHandlers,
  "ClAddPartyCompleteHandler" | "ClDropPartyCompleteHandler" | "ClIncomingDropPartyHandler"
>;

/** What the owner of the call part decides; every entry is optional. */
export interface CallPolicy {
  /** An incoming call: SUCCESS accepts, PENDING answers later with `answer`, others refuse (default NOT_SUPPORTED). */
  onIncomingCall?(call: ClientCall, params: CO_CALL_PARAMETERS): NDIS_STATUS;
  /** A call is up (make-call completed with SUCCESS, or CallConnected). */
  onConnected?(call: ClientCall): void;
  /** A make-call failed. */
  onMakeCallFailed?(call: ClientCall): void;
  /** Data arrived on a connected call. */
  onReceive?(call: ClientCall, data: Uint8Array): void;
  /** A call is over (closed, or refused); its VC may still exist. */
  onClosed?(call: ClientCall): void;
  /** The remote side changed the call's QoS: true keeps the call, false closes it (default: `incomingQosAnswer`). */
  onIncomingQosChange?(call: ClientCall, params: CO_CALL_PARAMETERS): boolean;
  /** A QoS change of this client's completed (its status is the last of `call.qosResults`). */
  onQosCompleted?(call: ClientCall, status: NDIS_STATUS): void;
  /**
   * The party a close names: null for a point-to-point call (the default); for a point-to-multipoint
   * one the last party, once the others are dropped (undefined while drops are in progress).
   */
  closingParty?(call: ClientCall): NdisHandle<"Party"> | null | undefined;
  /** The party entries (default: none used). */
  partyHandlers?(): PartyHandlers;
}

/** The call part of a client. */
export class CallClient implements AfClientCalls {
  /** How the client answers a QoS change the remote side makes: keep the call, or close it (refuse). */
  incomingQosAnswer: "accept" | "close" = "accept";
  readonly calls = new Set<ClientCall>();
  /** Every call the client has had, in order (kept after deletion, for reports). */
  readonly history: ClientCall[] = [];
  private nextCallId = 1;
  private readonly af: AfClient;
  private readonly policy: CallPolicy;

  constructor(af: AfClient, policy: CallPolicy = {}) {
    this.af = af;
    this.policy = policy;
  }

  /** The default answer to a remote QoS change: keep the call when `incomingQosAnswer` is "accept". */
  keepsIncomingQos(): boolean {
    return this.incomingQosAnswer === "accept";
  }

  /** Creates a VC and makes a call on it; the outcome arrives in the policy's onConnected or onMakeCallFailed. */
  makeCall(
    params: CO_CALL_PARAMETERS,
    tag?: unknown,
    /** For a point-to-multipoint call: makes the first party's ProtocolPartyContext. */
    partyFor?: (call: ClientCall) => unknown,
  ): ClientCall | undefined {
    const binding = this.af.bindingHandle();
    const af = this.af.afHandle();
    if (binding === undefined || af === undefined) return undefined;
    const call = this.newCall("outgoing");
    call.tag = tag;
    const created = NdisCoCreateVc(binding, af, call);
    if (created.NdisVcHandle === null) {
      this.calls.delete(call);
      call.state = "deleted";
      return undefined;
    }
    call.handle = created.NdisVcHandle;
    call.state = "calling";
    call.params = params;
    const r = NdisClMakeCall(call.handle, params, partyFor === undefined ? null : partyFor(call));
    call.partyHandle = r.NdisPartyHandle;
    if (r.status !== NDIS_STATUS_PENDING) this.makeCallCompleted(call, r.status, params, r.NdisPartyHandle);
    return call;
  }

  /** Sends one NBL carrying `data` on a connected call; false when it cannot. */
  send(call: ClientCall, data: Uint8Array): boolean {
    const pool = this.af.sendPool();
    if (pool === undefined || call.handle === null || call.state !== "connected") return false;
    const nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, data, 0, data.length);
    if (nbl === null) return false;
    nbl.SourceHandle = call.handle;
    call.sendsInFlight++;
    call.sent++;
    NdisCoSendNetBufferLists(call.handle, nbl, 0);
    return true;
  }

  /** Closes a call once its sends have completed (NdisClCloseCall requires it). */
  close(call: ClientCall): void {
    // A call already closing is left alone: its close is issued, or waits for the sends.
    if (call.state !== "connected" && call.state !== "accepted") return;
    call.state = "closing";
    call.closeWanted = true;
    this.closeIfDrained(call);
  }

  /**
   * NdisClModifyCallQoS on a connected call: the same parameters with new peak rates (octets per
   * second; `receive` defaults to `transmit`). The outcome is appended to `call.qosResults` (PENDING
   * until the completion replaces it); on SUCCESS `call.params` are the new ones.
   */
  changePeakRate(call: ClientCall, transmit: number, receive = transmit): NDIS_STATUS {
    const params = call.params;
    const cm = params?.CallMgrParameters;
    if (
      call.handle === null ||
      call.state !== "connected" ||
      params === undefined ||
      cm === null ||
      cm === undefined
    )
      return NDIS_STATUS_FAILURE;
    // One change at a time (NDIS allows one outstanding NdisClModifyCallQoS per call).
    if (call.qosResults.includes(NDIS_STATUS_PENDING)) return NDIS_STATUS_NOT_ACCEPTED;
    const wanted: CO_CALL_PARAMETERS = {
      ...params,
      CallMgrParameters: {
        ...cm,
        Transmit: { ...cm.Transmit, PeakBandwidth: transmit },
        Receive: { ...cm.Receive, PeakBandwidth: receive },
      },
    };
    const index = call.qosResults.push(NDIS_STATUS_PENDING) - 1;
    const status = NdisClModifyCallQoS(call.handle, wanted);
    // Not PENDING: the client completes in its own code (no callback follows).
    if (status !== NDIS_STATUS_PENDING)
      this.qosCompleted(call, status, status === NDIS_STATUS_SUCCESS ? wanted : params, index);
    return status;
  }

  /** Answers an incoming call this client pended (PENDING from the policy's onIncomingCall). */
  answer(call: ClientCall, status: NDIS_STATUS): void {
    if (call.state !== "offered" || call.handle === null || call.params === undefined) return;
    call.state = status === NDIS_STATUS_SUCCESS ? "accepted" : "closed";
    NdisClIncomingCallComplete(status, call.handle, call.params);
    this.afterAnswer(call);
  }

  // ---- NDIS ----

  /** The VC, call and data entries of the characteristics. */
  handlers(): CallHandlers {
    const party = this.policy.partyHandlers?.();
    return {
      ClCreateVcHandler: (_afCtx, NdisVcHandle) => {
        // The call manager's VC for an incoming call.
        const call = this.newCall("incoming");
        call.handle = NdisVcHandle;
        return { status: NDIS_STATUS_SUCCESS, ProtocolVcContext: call };
      },
      ClDeleteVcHandler: (vcCtx) => {
        // NDIS is still deleting the VC: the teardown may go on (close the AF) only afterwards.
        this.forget(vcCtx as ClientCall, false);
        this.af.teardownLater();
        return NDIS_STATUS_SUCCESS;
      },
      ClMakeCallCompleteHandler: (status, vcCtx, party, params) =>
        this.makeCallCompleted(vcCtx as ClientCall, status, params, party),
      ClCloseCallCompleteHandler: (status, vcCtx) => this.closeCompleted(vcCtx as ClientCall, status),
      ClIncomingCallHandler: (sapCtx, vcCtx, params) =>
        this.incomingCall(vcCtx as ClientCall, sapCtx as CallClientSap, params),
      ClIncomingCloseCallHandler: (status, vcCtx) => this.incomingClose(vcCtx as ClientCall, status),
      ClCallConnectedHandler: (vcCtx) => this.callConnected(vcCtx as ClientCall),
      CoReceiveNetBufferListsHandler: (_ctx, vcCtx, nbls, _n, flags) =>
        this.received(vcCtx as ClientCall, nbls, flags),
      CoSendNetBufferListsCompleteHandler: (vcCtx, nbls) => this.sendCompleted(vcCtx as ClientCall, nbls),
      // Point-to-multipoint: the owner's party part (multipoint-client.ts), if any.
      ClAddPartyCompleteHandler: party?.ClAddPartyCompleteHandler ?? (() => {}),
      ClDropPartyCompleteHandler: party?.ClDropPartyCompleteHandler ?? (() => {}),
      ClIncomingDropPartyHandler: party?.ClIncomingDropPartyHandler ?? (() => {}),
      ClModifyCallQoSCompleteHandler: (status, vcCtx, params) =>
        this.qosCompleted(vcCtx as ClientCall, status, params),
      ClIncomingCallQoSChangeHandler: (vcCtx, params) => this.incomingQosChange(vcCtx as ClientCall, params),
    };
  }

  /** Starts closing every call; true once none is left. */
  closeCalls(): boolean {
    for (const call of [...this.calls]) {
      if (call.state === "connected" || call.state === "accepted") this.close(call);
      else if (call.state === "offered") this.answer(call, NDIS_STATUS_FAILURE);
      else if (call.state === "idle" || (call.state === "closed" && call.direction === "outgoing"))
        this.deleteOwnVc(call);
    }
    return this.calls.size === 0;
  }

  // ---- calls ----

  private newCall(direction: ClientCall["direction"]): ClientCall {
    const call: ClientCall = {
      id: this.nextCallId++,
      direction,
      handle: null,
      state: direction === "outgoing" ? "idle" : "offered",
      params: undefined,
      sendsInFlight: 0,
      closeWanted: false,
      incomingClose: undefined,
      makeCallStatus: undefined,
      closeStatus: undefined,
      sent: 0,
      received: 0,
      droppedEarly: 0,
      sendFailures: 0,
      tag: undefined,
      sap: undefined,
      partyHandle: null,
      qosResults: [],
      incomingQosChanges: 0,
    };
    this.calls.add(call);
    this.history.push(call);
    return call;
  }

  private incomingCall(call: ClientCall, sap: CallClientSap, params: CO_CALL_PARAMETERS): NDIS_STATUS {
    call.params = params;
    call.sap = sap;
    call.state = "offered";
    const status = this.af.closing()
      ? NDIS_STATUS_FAILURE
      : (this.policy.onIncomingCall?.(call, params) ?? NDIS_STATUS_NOT_SUPPORTED);
    if (status === NDIS_STATUS_PENDING) return status;
    call.state = status === NDIS_STATUS_SUCCESS ? "accepted" : "closed";
    this.afterAnswer(call);
    return status;
  }

  private afterAnswer(call: ClientCall): void {
    if (call.state === "closed") this.policy.onClosed?.(call);
  }

  private callConnected(call: ClientCall): void {
    if (call.state !== "accepted") return;
    call.state = "connected";
    this.policy.onConnected?.(call);
  }

  private makeCallCompleted(
    call: ClientCall,
    status: NDIS_STATUS,
    params: CO_CALL_PARAMETERS,
    party: NdisHandle<"Party"> | null,
  ): void {
    call.makeCallStatus = status;
    call.partyHandle = status === NDIS_STATUS_SUCCESS ? party : null;
    if (status === NDIS_STATUS_SUCCESS) {
      call.params = params;
      call.state = "connected";
      this.policy.onConnected?.(call);
      if (this.af.closing()) this.close(call);
      return;
    }
    call.state = "closed";
    this.policy.onMakeCallFailed?.(call);
    this.policy.onClosed?.(call);
    this.deleteOwnVc(call);
  }

  /** The outcome of a QoS change (the completion, or NdisClModifyCallQoS's own answer). */
  private qosCompleted(
    call: ClientCall,
    status: NDIS_STATUS,
    params: CO_CALL_PARAMETERS,
    index = call.qosResults.lastIndexOf(NDIS_STATUS_PENDING),
  ): void {
    if (index >= 0) call.qosResults[index] = status;
    else call.qosResults.push(status);
    if (status === NDIS_STATUS_SUCCESS) call.params = params;
    this.policy.onQosCompleted?.(call, status);
  }

  /** ProtocolClIncomingCallQoSChange: keep the new parameters, or refuse them by closing the call. */
  private incomingQosChange(call: ClientCall, params: CO_CALL_PARAMETERS): void {
    call.incomingQosChanges++;
    call.params = params;
    if (!(this.policy.onIncomingQosChange?.(call, params) ?? this.keepsIncomingQos())) this.close(call);
  }

  private incomingClose(call: ClientCall, status: NDIS_STATUS): void {
    call.incomingClose = status;
    // The client must close; it does as soon as its sends are done.
    call.state = "closing";
    call.closeWanted = true;
    this.closeIfDrained(call);
  }

  /** NdisClCloseCall, once the sends are done (and the extra parties dropped). */
  closeIfDrained(call: ClientCall): void {
    if (!call.closeWanted || call.sendsInFlight > 0 || call.handle === null) return;
    const party = this.policy.closingParty === undefined ? null : this.policy.closingParty(call);
    if (party === undefined) return;
    call.closeWanted = false;
    const status = NdisClCloseCall(call.handle, party, null, 0);
    if (status !== NDIS_STATUS_PENDING) this.closeCompleted(call, status);
  }

  private closeCompleted(call: ClientCall, status: NDIS_STATUS): void {
    call.closeStatus = status;
    if (status !== NDIS_STATUS_SUCCESS) {
      call.state = "connected";
      return;
    }
    call.state = "closed";
    this.policy.onClosed?.(call);
    // A VC the call manager created is its to delete; an own VC is deleted here.
    this.deleteOwnVc(call);
    this.af.teardown();
  }

  private deleteOwnVc(call: ClientCall): void {
    if (call.direction !== "outgoing" || call.handle === null) return;
    if (NdisCoDeleteVc(call.handle) === NDIS_STATUS_SUCCESS) this.forget(call);
  }

  private forget(call: ClientCall, teardown = true): void {
    call.state = "deleted";
    call.handle = null;
    this.calls.delete(call);
    if (teardown) this.af.teardown();
  }

  // ---- data ----

  private received(call: ClientCall, nbls: NET_BUFFER_LIST, flags: number): void {
    // Copy the data and give the NBLs back first; what the data triggers may close the call.
    const frames: Uint8Array[] = [];
    for (let nbl: NET_BUFFER_LIST | null = nbls; nbl !== null; nbl = nbl.Next) {
      for (let nb = nbl.FirstNetBuffer; nb !== null; nb = nb.Next) frames.push(netBufferData(nb).slice());
    }
    const binding = this.af.bindingHandle();
    if ((flags & NDIS_RECEIVE_FLAGS_RESOURCES) === 0 && binding !== undefined)
      NdisReturnNetBufferLists(binding, nbls, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
    for (const data of frames) {
      if (call.state !== "connected") {
        call.droppedEarly++;
        continue;
      }
      call.received++;
      this.policy.onReceive?.(call, data);
    }
  }

  private sendCompleted(call: ClientCall, nbls: NET_BUFFER_LIST): void {
    for (let nbl: NET_BUFFER_LIST | null = nbls, next: NET_BUFFER_LIST | null; nbl !== null; nbl = next) {
      next = nbl.Next;
      if (nbl.Status !== NDIS_STATUS_SUCCESS) call.sendFailures++;
      NdisFreeNetBufferList(nbl);
      call.sendsInFlight--;
    }
    this.closeIfDrained(call);
    this.af.teardown();
  }
}
