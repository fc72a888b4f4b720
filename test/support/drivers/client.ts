/**
 * A test CoNDIS client: opens AF Q2931 when it is offered, registers and deregisters SAPs on
 * request, and tears everything down on unbind or when the call manager asks. It logs every
 * callback and counts completions, so tests can check each request completed exactly once.
 */
import {
  CO_ADDRESS_FAMILY,
  type CO_SAP,
  type DRIVER_INITIALIZE,
  type Host,
  NDIS_MEDIUM,
  NDIS_OBJECT_TYPE,
  type NDIS_STATUS,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClCloseAddressFamily,
  NdisClDeregisterSap,
  NdisClNotifyCloseAddressFamilyComplete,
  NdisClOpenAddressFamilyEx,
  NdisCloseAdapterEx,
  NdisClRegisterSap,
  NdisCompleteUnbindAdapterEx,
  NdisDeregisterProtocolDriver,
  type NdisHandle,
  NdisOpenAdapterEx,
  NdisRegisterProtocolDriver,
  NdisSetOptionalHandlers,
  SAP_TYPE,
} from "../../../src/ndis/index.ts";
import { type DriverHooks, defaultHooks, type HookLog } from "./hooks.ts";
import { clientStubs, protocolCo } from "./stubs.ts";

/** The client's per-SAP area (its ProtocolSapContext). */
export interface ClientSap {
  readonly id: number;
  readonly af: ClientAf;
  handle: NdisHandle<"Sap"> | null;
  state: "registering" | "registered" | "deregistering" | "gone" | "failed";
  registerCompletions: number;
  deregisterCompletions: number;
  lastStatus: NDIS_STATUS | undefined;
  /** The CO_SAP that ProtocolClRegisterSapComplete handed back. */
  returnedSap: CO_SAP | undefined;
}

/** The client's per-AF area (its ClientAfContext). */
export interface ClientAf {
  readonly binding: ClientBinding;
  handle: NdisHandle<"Af"> | null;
  state: "opening" | "open" | "closing" | "closed" | "failed";
  readonly saps: Set<ClientSap>;
  openCompletions: number;
  closeCompletions: number;
  /** Where a CM-initiated close stands: inside ProtocolClNotifyCloseAf, or returned PENDING. */
  notify: "none" | "in-handler" | "pending";
}

/** The client's per-binding area. */
export interface ClientBinding {
  handle: NdisHandle<"Binding"> | null;
  readonly afs: ClientAf[];
  unbind: NdisHandle<"UnbindContext"> | null;
  unbindPended: boolean;
}

/** A logged callback. */
export interface ClientLogEntry {
  readonly what: string;
  readonly status?: NDIS_STATUS;
  readonly sap?: number;
}

/** A small ATM-style SAP (an NSAP-typed blob) for tests. */
export function testSap(n = 1): CO_SAP {
  const bytes = new Uint8Array(20).fill(n & 0xff);
  return { SapType: SAP_TYPE.SAP_TYPE_NSAP, SapLength: bytes.length, Sap: bytes };
}

/** The test client. */
export class TestClient {
  readonly name: string;
  readonly bindings: ClientBinding[] = [];
  readonly log: ClientLogEntry[] = [];
  readonly saps: ClientSap[] = [];
  /** Open the AF automatically when it is offered. */
  autoOpen = true;
  /** Fault injection: on unbind, close the adapter at once without deregistering or closing anything. */
  rudeUnbind = false;
  /** The VC, data-path and OID handlers (replaceable), and what they saw. */
  readonly hooks: DriverHooks;
  readonly hookLog: HookLog;
  private nextSap = 1;
  private protocolHandle: NdisHandle<"Protocol"> | null = null;

  constructor(name = "TESTCL") {
    this.name = name;
    const { hooks, log } = defaultHooks(() => this.bindings[0]?.handle ?? null);
    this.hooks = hooks;
    this.hookLog = log;
  }

  /** The DriverEntry to load on a host. */
  readonly DriverEntry: DRIVER_INITIALIZE = (DriverObject) => {
    const result = NdisRegisterProtocolDriver(this, {
      Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, Revision: 2 },
      MajorNdisVersion: 6,
      MinorNdisVersion: 0,
      Name: this.name,
      SetOptionsHandler: (NdisDriverHandle) => {
        const co = NdisSetOptionalHandlers(
          NdisDriverHandle,
          protocolCo((ctx, af) => this.afRegisterNotify(ctx as ClientBinding, af.AddressFamily), this.hooks),
        );
        if (co !== NDIS_STATUS_SUCCESS) return co;
        return NdisSetOptionalHandlers(NdisDriverHandle, {
          ...clientStubs(),
          ClCreateVcHandler: (a, b) => this.hooks.createVc(a, b),
          ClAddPartyCompleteHandler: (a, b, c, d) => this.hooks.addPartyComplete(a, b, c, d),
          ClDropPartyCompleteHandler: (a, b) => this.hooks.dropPartyComplete(a, b),
          ClIncomingDropPartyHandler: (a, b, c, d) => this.hooks.incomingDropParty(a, b, c, d),
          ClModifyCallQoSCompleteHandler: (a, b, c) => this.hooks.modifyQoSComplete(a, b, c),
          ClIncomingCallQoSChangeHandler: (a, b) => this.hooks.incomingQoSChange(a, b),
          ClMakeCallCompleteHandler: (a, b, c, d) => this.hooks.makeCallComplete(a, b, c, d),
          ClCallConnectedHandler: (a) => this.hooks.callConnected(a),
          ClCloseCallCompleteHandler: (a, b, c) => this.hooks.closeCallComplete(a, b, c),
          ClIncomingCloseCallHandler: (a, b, c, d) => this.hooks.incomingCloseCall(a, b, c, d),
          ClDeleteVcHandler: (a) => this.hooks.deleteVc(a),
          ClOidRequestHandler: (a, b, c, d) => this.hooks.oidRequest(a, b, c, d),
          ClOidRequestCompleteHandler: (a, b, c, d, e) => this.hooks.oidRequestComplete(a, b, c, d, e),
          ClOpenAfCompleteHandlerEx: (ctx, handle, status) =>
            this.openAfComplete(ctx as ClientAf, handle, status),
          ClCloseAfCompleteHandler: (status, ctx) => this.closeAfComplete(ctx as ClientAf, status),
          ClRegisterSapCompleteHandler: (status, ctx, sap, handle) => {
            (ctx as ClientSap).returnedSap = sap;
            this.registerSapComplete(ctx as ClientSap, status, handle);
          },
          ClDeregisterSapCompleteHandler: (status, ctx) =>
            this.deregisterSapComplete(ctx as ClientSap, status),
          ClNotifyCloseAfHandler: (ctx) => this.notifyCloseAf(ctx as ClientAf),
          ClIncomingCallHandler: (a, b, c) => this.hooks.incomingCall(a, b, c),
        });
      },
      BindAdapterHandlerEx: (_ctx, BindContext, params) => {
        if (this.protocolHandle === null) return 0xc0000001;
        const b: ClientBinding = { handle: null, afs: [], unbind: null, unbindPended: false };
        const open = NdisOpenAdapterEx(
          this.protocolHandle,
          b,
          {
            Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_OPEN_PARAMETERS, Revision: 1 },
            AdapterName: params.AdapterName,
            MediumArray: [NDIS_MEDIUM.NdisMediumAtm],
          },
          BindContext,
        );
        if (open.status !== NDIS_STATUS_SUCCESS) return open.status;
        b.handle = open.NdisBindingHandle;
        this.bindings.push(b);
        return NDIS_STATUS_SUCCESS;
      },
      UnbindAdapterHandlerEx: (UnbindContext, ctx) => {
        const b = ctx as ClientBinding;
        b.unbind = UnbindContext;
        if (this.rudeUnbind && b.handle !== null) {
          NdisCloseAdapterEx(b.handle);
          b.handle = null;
          return NDIS_STATUS_SUCCESS;
        }
        this.teardown(b);
        if (b.handle === null) return NDIS_STATUS_SUCCESS;
        b.unbindPended = true;
        return NDIS_STATUS_PENDING;
      },
      OpenAdapterCompleteHandlerEx: () => {},
      CloseAdapterCompleteHandlerEx: () => {},
      NetPnPEventHandler: () => NDIS_STATUS_SUCCESS,
    });
    this.protocolHandle = result.NdisProtocolHandle;
    DriverObject.DriverUnload = () => {
      if (this.protocolHandle !== null) NdisDeregisterProtocolDriver(this.protocolHandle);
    };
    return result.status;
  };

  /** The first AF the client opened (or is opening). */
  af(index = 0): ClientAf {
    const all = this.bindings.flatMap((b) => b.afs);
    const af = all[index];
    if (af === undefined) throw new Error(`${this.name}: no AF #${index}`);
    return af;
  }

  /** NdisClRegisterSap as this client, from its own thread. */
  registerSap(
    host: Host,
    sap: CO_SAP = testSap(),
    af: ClientAf = this.af(),
  ): { status: NDIS_STATUS; sap: ClientSap } {
    const record: ClientSap = {
      id: this.nextSap++,
      af,
      handle: null,
      state: "registering",
      registerCompletions: 0,
      deregisterCompletions: 0,
      lastStatus: undefined,
      returnedSap: undefined,
    };
    this.saps.push(record);
    af.saps.add(record);
    const r = host.runAs(this.name, () => NdisClRegisterSap(af.handle as NdisHandle<"Af">, record, sap));
    if (r.status !== NDIS_STATUS_PENDING) {
      // A final status: the client completes in its own code.
      this.registerSapComplete(record, r.status, r.NdisSapHandle, "returned");
    }
    return { status: r.status, sap: record };
  }

  /** NdisClDeregisterSap as this client. */
  deregisterSap(host: Host, sap: ClientSap): NDIS_STATUS {
    const handle = sap.handle;
    if (sap.state === "registered") sap.state = "deregistering";
    const status = host.runAs(this.name, () => NdisClDeregisterSap(handle as NdisHandle<"Sap">));
    if (status !== NDIS_STATUS_PENDING && sap.state === "deregistering") sap.state = "registered";
    this.log.push({ what: "NdisClDeregisterSap", status, sap: sap.id });
    return status;
  }

  /** NdisClCloseAddressFamily as this client. */
  closeAf(host: Host, af: ClientAf = this.af()): NDIS_STATUS {
    const status = host.runAs(this.name, () => this.closeAfNow(af));
    return status;
  }

  private closeAfNow(af: ClientAf): NDIS_STATUS {
    if (af.handle === null) return 0xc0000001;
    const before = af.state;
    af.state = "closing";
    const status = NdisClCloseAddressFamily(af.handle);
    this.log.push({ what: "NdisClCloseAddressFamily", status });
    if (status === NDIS_STATUS_PENDING) return status;
    if (status === NDIS_STATUS_SUCCESS) this.closeAfComplete(af, status);
    else af.state = before;
    return status;
  }

  private afRegisterNotify(b: ClientBinding, family: number): void {
    this.log.push({ what: "AfRegisterNotify" });
    if (!this.autoOpen || family !== CO_ADDRESS_FAMILY.CO_ADDRESS_FAMILY_Q2931 || b.handle === null) return;
    const af: ClientAf = {
      binding: b,
      handle: null,
      state: "opening",
      saps: new Set(),
      openCompletions: 0,
      closeCompletions: 0,
      notify: "none",
    };
    b.afs.push(af);
    const r = NdisClOpenAddressFamilyEx(
      b.handle,
      { AddressFamily: family, MajorVersion: 3, MinorVersion: 1 },
      af,
    );
    if (r.status !== NDIS_STATUS_PENDING) this.openAfComplete(af, r.NdisAfHandle, r.status);
  }

  private openAfComplete(af: ClientAf, handle: NdisHandle<"Af"> | null, status: NDIS_STATUS): void {
    af.openCompletions++;
    this.log.push({ what: "OpenAfComplete", status });
    if (status === NDIS_STATUS_SUCCESS) {
      af.handle = handle;
      af.state = "open";
    } else {
      af.state = "failed";
    }
  }

  private closeAfComplete(af: ClientAf, status: NDIS_STATUS): void {
    af.closeCompletions++;
    this.log.push({ what: "CloseAfComplete", status });
    if (status !== NDIS_STATUS_SUCCESS) {
      af.state = "open";
      return;
    }
    af.state = "closed";
    // Complete the notify only once ProtocolClNotifyCloseAf has returned PENDING.
    if (af.notify === "pending") {
      af.notify = "none";
      NdisClNotifyCloseAddressFamilyComplete(af.handle as NdisHandle<"Af">, NDIS_STATUS_SUCCESS);
    }
    this.continueTeardown(af.binding);
  }

  private registerSapComplete(
    sap: ClientSap,
    status: NDIS_STATUS,
    handle: NdisHandle<"Sap"> | null,
    how = "callback",
  ): void {
    sap.registerCompletions++;
    sap.lastStatus = status;
    this.log.push({ what: `RegisterSapComplete(${how})`, status, sap: sap.id });
    if (status === NDIS_STATUS_SUCCESS) {
      sap.handle = handle;
      sap.state = "registered";
      if (sap.af.state === "closing" || sap.af.binding.unbind !== null) this.continueTeardown(sap.af.binding);
    } else {
      sap.state = "failed";
      sap.af.saps.delete(sap);
      this.continueTeardown(sap.af.binding);
    }
  }

  private deregisterSapComplete(sap: ClientSap, status: NDIS_STATUS): void {
    sap.deregisterCompletions++;
    sap.lastStatus = status;
    this.log.push({ what: "DeregisterSapComplete", status, sap: sap.id });
    if (status === NDIS_STATUS_SUCCESS || status === 0xc0000001) {
      sap.state = "gone";
      sap.handle = null;
      sap.af.saps.delete(sap);
      this.continueTeardown(sap.af.binding);
    } else {
      sap.state = "registered";
    }
  }

  private notifyCloseAf(af: ClientAf): NDIS_STATUS {
    this.log.push({ what: "NotifyCloseAf" });
    af.notify = "in-handler";
    this.teardownAf(af);
    if (af.state === "closed") {
      af.notify = "none";
      return NDIS_STATUS_SUCCESS;
    }
    af.notify = "pending";
    return NDIS_STATUS_PENDING;
  }

  private teardown(b: ClientBinding): void {
    for (const af of b.afs) this.teardownAf(af);
    this.continueTeardown(b);
  }

  /** Deregisters every registered SAP, then closes the AF once none is left. */
  private teardownAf(af: ClientAf): void {
    if (af.state !== "open") return;
    for (const sap of [...af.saps]) {
      if (sap.state === "registered" && sap.handle !== null) {
        sap.state = "deregistering";
        const status = NdisClDeregisterSap(sap.handle);
        if (status !== NDIS_STATUS_PENDING) sap.state = "registered";
      }
    }
    if (af.saps.size === 0 && af.state === "open") this.closeAfNow(af);
  }

  private continueTeardown(b: ClientBinding): void {
    const tearingDown = b.unbind !== null;
    for (const af of b.afs) if (af.notify !== "none" || tearingDown) this.teardownAf(af);
    if (!tearingDown || b.handle === null) return;
    if (b.afs.some((af) => af.state === "open" || af.state === "closing" || af.state === "opening")) return;
    const handle = b.handle;
    const unbind = b.unbind as NdisHandle<"UnbindContext">;
    b.handle = null;
    NdisCloseAdapterEx(handle);
    if (b.unbindPended) NdisCompleteUnbindAdapterEx(unbind);
  }
}
