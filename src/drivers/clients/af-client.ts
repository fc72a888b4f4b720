/**
 * The binding, address-family and SAP part of the reference clients: it opens the Q.2931 AF
 * when a call manager offers it, registers and deregisters SAPs, and tears down in order when the
 * call manager closes the AF or the binding goes: calls first (the call part closes them), then
 * SAPs, then the AF, then the adapter from a PASSIVE work item. The call and data handlers of the
 * characteristics come from the call part plugged in ({@link AfClient.attach}); without one the
 * client takes no calls.
 */
import {
  CO_ADDRESS_FAMILY,
  type CO_SAP,
  type DRIVER_INITIALIZE,
  makeTag,
  type NDIS_CO_CLIENT_OPTIONAL_HANDLERS,
  NDIS_MEDIUM,
  type NDIS_NBL_POOL,
  NDIS_OBJECT_TYPE,
  type NDIS_PROTOCOL_CO_CHARACTERISTICS,
  type NDIS_STATUS,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisAllocateIoWorkItem,
  NdisAllocateNetBufferListPool,
  NdisClCloseAddressFamily,
  NdisClDeregisterSap,
  NdisClNotifyCloseAddressFamilyComplete,
  NdisClOpenAddressFamilyEx,
  NdisCloseAdapterEx,
  NdisClRegisterSap,
  NdisCompleteUnbindAdapterEx,
  NdisDeregisterProtocolDriver,
  NdisFreeIoWorkItem,
  NdisFreeNetBufferListPool,
  type NdisHandle,
  NdisOpenAdapterEx,
  NdisQueueIoWorkItem,
  NdisRegisterProtocolDriver,
  NdisSetOptionalHandlers,
} from "../../ndis/index.ts";

/** The pool tag of a binding's send NBL pool ("MYCl" in a pool dump). */
const CLIENT_POOL_TAG = makeTag("lCYM");

/** The client's per-SAP area (its ProtocolSapContext). */
export interface CallClientSap {
  readonly name: string;
  readonly sap: CO_SAP;
  handle: NdisHandle<"Sap"> | null;
  state: "registering" | "registered" | "deregistering" | "deregistered" | "failed";
  lastStatus: NDIS_STATUS | undefined;
}

/** What the client reports, in order (for the demo's timeline and for tests). */
export interface ClientReport {
  readonly what: "af-open" | "af-closed" | "sap-registered" | "sap-deregistered" | "sap-failed";
  readonly status: NDIS_STATUS;
  readonly sap?: string;
}

interface AfState {
  handle: NdisHandle<"Af"> | null;
  state: "opening" | "open" | "closing" | "closed";
  notify: "none" | "in-handler" | "pending";
}

/** The client's per-binding context. */
export interface ClientBinding {
  handle: NdisHandle<"Binding"> | null;
  /** The pool its send NBLs come from. */
  pool: NDIS_NBL_POOL | null;
  af: AfState | undefined;
  unbind: { context: NdisHandle<"UnbindContext">; pended: boolean } | null;
  closeQueued: boolean;
}

/** The call entries of the client characteristics (the VC, call and data handlers). */
export type CallHandlers = Pick<
  NDIS_CO_CLIENT_OPTIONAL_HANDLERS,
  | "ClCreateVcHandler"
  | "ClDeleteVcHandler"
  | "ClMakeCallCompleteHandler"
  | "ClCloseCallCompleteHandler"
  | "ClIncomingCallHandler"
  | "ClIncomingCloseCallHandler"
  | "ClCallConnectedHandler"
  | "ClAddPartyCompleteHandler"
  | "ClDropPartyCompleteHandler"
  | "ClIncomingDropPartyHandler"
> &
  /** QoS changes: a client without them ignores the completions and accepts incoming changes. */
  Partial<
    Pick<
      NDIS_CO_CLIENT_OPTIONAL_HANDLERS,
      "ClModifyCallQoSCompleteHandler" | "ClIncomingCallQoSChangeHandler"
    >
  > &
  Pick<
    NDIS_PROTOCOL_CO_CHARACTERISTICS,
    "CoReceiveNetBufferListsHandler" | "CoSendNetBufferListsCompleteHandler"
  >;

/** The call part of a client: its handlers, and how it closes every call before a teardown. */
export interface AfClientCalls {
  /** The VC, call and data handlers. */
  handlers(): CallHandlers;
  /** Starts closing every call; true once none is left (the teardown then goes on). */
  closeCalls(): boolean;
}

/** No calls: every call entry refuses or does nothing (a client that only registers SAPs). */
export const NO_CALLS: AfClientCalls = {
  handlers: () => ({
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
  }),
  closeCalls: () => true,
};

/** An AF client: binding, AF and SAPs, with a call part plugged in. */
export class AfClient {
  readonly name: string;
  readonly saps: CallClientSap[] = [];
  readonly reports: ClientReport[] = [];
  private binding: ClientBinding | undefined;
  private calls: AfClientCalls = NO_CALLS;
  /** Runs once the AF is open, inside the completion that opened it (a client may register SAPs there). */
  onAfOpen: (() => void) | undefined;
  private protocolHandle: NdisHandle<"Protocol"> | null = null;
  private teardownQueued = false;

  constructor(name: string) {
    this.name = name;
  }

  /** True once the AF is open. */
  get afOpen(): boolean {
    return this.binding?.af?.state === "open";
  }

  /** NdisClRegisterSap, from the client's own thread. */
  registerSap(name: string, sap: CO_SAP): CallClientSap {
    const record: CallClientSap = { name, sap, handle: null, state: "registering", lastStatus: undefined };
    this.saps.push(record);
    const af = this.binding?.af;
    if (af?.handle === null || af === undefined || af.state !== "open") {
      this.sapRegistered(record, NDIS_STATUS_FAILURE, null);
      return record;
    }
    const r = NdisClRegisterSap(af.handle, record, sap);
    if (r.status !== NDIS_STATUS_PENDING) this.sapRegistered(record, r.status, r.NdisSapHandle);
    return record;
  }

  /** NdisClDeregisterSap, from the client's own thread. Calls received on the SAP are not affected. */
  deregisterSap(record: CallClientSap): NDIS_STATUS {
    if (record.handle === null || record.state !== "registered") return NDIS_STATUS_FAILURE;
    record.state = "deregistering";
    const status = NdisClDeregisterSap(record.handle);
    if (status !== NDIS_STATUS_PENDING) this.sapDeregistered(record, status);
    return status;
  }

  /** Plugs in the call part (before the driver is loaded). */
  attach(calls: AfClientCalls): void {
    this.calls = calls;
  }

  /** The open AF's handle, or undefined. */
  afHandle(): NdisHandle<"Af"> | undefined {
    const af = this.binding?.af;
    return af?.state === "open" && af.handle !== null ? af.handle : undefined;
  }

  /** The binding's handle, or undefined. */
  bindingHandle(): NdisHandle<"Binding"> | undefined {
    return this.binding?.handle ?? undefined;
  }

  /** The pool send NBLs come from, or undefined. */
  sendPool(): NDIS_NBL_POOL | undefined {
    return this.binding?.pool ?? undefined;
  }

  /** True while the AF or the binding is going away. */
  closing(): boolean {
    const b = this.binding;
    return b !== undefined && (b.unbind !== null || (b.af !== undefined && b.af.notify !== "none"));
  }

  /** The DriverEntry to load on a host. */
  readonly DriverEntry: DRIVER_INITIALIZE = (DriverObject) => {
    const result = NdisRegisterProtocolDriver(null, {
      Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, Revision: 2 },
      MajorNdisVersion: 6,
      MinorNdisVersion: 0,
      Name: this.name,
      SetOptionsHandler: (h) => {
        const calls = this.calls.handlers();
        const co = NdisSetOptionalHandlers(h, {
          Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS, Revision: 1 },
          CoStatusHandlerEx: () => {},
          CoAfRegisterNotifyHandler: (ctx, af) => this.afOffered(ctx as ClientBinding, af.AddressFamily),
          CoReceiveNetBufferListsHandler: calls.CoReceiveNetBufferListsHandler,
          CoSendNetBufferListsCompleteHandler: calls.CoSendNetBufferListsCompleteHandler,
        });
        if (co !== NDIS_STATUS_SUCCESS) return co;
        return NdisSetOptionalHandlers(h, {
          Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS, Revision: 1 },
          ClCreateVcHandler: calls.ClCreateVcHandler,
          ClDeleteVcHandler: calls.ClDeleteVcHandler,
          ClOidRequestHandler: () => NDIS_STATUS_NOT_SUPPORTED,
          ClOidRequestCompleteHandler: () => {},
          ClOpenAfCompleteHandlerEx: (ctx, handle, status) => this.afOpened(ctx as AfState, handle, status),
          ClCloseAfCompleteHandler: (status, ctx) => this.afClosed(ctx as AfState, status),
          ClRegisterSapCompleteHandler: (status, ctx, _sap, handle) =>
            this.sapRegistered(ctx as CallClientSap, status, handle),
          ClDeregisterSapCompleteHandler: (status, ctx) => this.sapDeregistered(ctx as CallClientSap, status),
          ClMakeCallCompleteHandler: calls.ClMakeCallCompleteHandler,
          ClModifyCallQoSCompleteHandler: calls.ClModifyCallQoSCompleteHandler ?? (() => {}),
          ClCloseCallCompleteHandler: calls.ClCloseCallCompleteHandler,
          ClAddPartyCompleteHandler: calls.ClAddPartyCompleteHandler,
          ClDropPartyCompleteHandler: calls.ClDropPartyCompleteHandler,
          ClIncomingCallHandler: calls.ClIncomingCallHandler,
          ClIncomingCallQoSChangeHandler: calls.ClIncomingCallQoSChangeHandler ?? (() => {}),
          ClIncomingCloseCallHandler: calls.ClIncomingCloseCallHandler,
          ClIncomingDropPartyHandler: calls.ClIncomingDropPartyHandler,
          ClCallConnectedHandler: calls.ClCallConnectedHandler,
          ClNotifyCloseAfHandler: (ctx) => this.notifyClose(ctx as AfState),
        });
      },
      BindAdapterHandlerEx: (_ctx, BindContext, params) => {
        if (this.protocolHandle === null || this.binding !== undefined) return NDIS_STATUS_FAILURE;
        const b: ClientBinding = {
          handle: null,
          pool: null,
          af: undefined,
          unbind: null,
          closeQueued: false,
        };
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
        if (open.status !== NDIS_STATUS_SUCCESS || open.NdisBindingHandle === null) return open.status;
        b.handle = open.NdisBindingHandle;
        b.pool = NdisAllocateNetBufferListPool(b.handle, {
          PoolTag: CLIENT_POOL_TAG,
          fAllocateNetBuffer: true,
        });
        this.binding = b;
        return NDIS_STATUS_SUCCESS;
      },
      UnbindAdapterHandlerEx: (UnbindContext, ctx) => {
        const b = ctx as ClientBinding;
        // The teardown ends on a work item, which completes the unbind.
        b.unbind = { context: UnbindContext, pended: true };
        this.teardown();
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

  /** Runs the teardown from a PASSIVE work item (when the current handler must finish first). */
  teardownLater(): void {
    const b = this.binding;
    if (b === undefined || b.handle === null || this.teardownQueued || !this.closing()) return;
    const item = NdisAllocateIoWorkItem(b.handle);
    if (item === null) return;
    this.teardownQueued = true;
    NdisQueueIoWorkItem(
      item,
      () => {
        NdisFreeIoWorkItem(item);
        this.teardownQueued = false;
        this.teardown();
      },
      b,
    );
  }

  /** Closes every call, then deregisters every SAP, then closes the AF, then (when unbinding) the adapter. */
  teardown(): void {
    const b = this.binding;
    if (b === undefined || !this.closing() || !this.calls.closeCalls()) return;
    const af = b.af;
    if (af?.state === "open") {
      for (const sap of this.saps) if (sap.state === "registered") this.deregisterSap(sap);
      const busy = this.saps.some(
        (s) => s.state === "registering" || s.state === "deregistering" || s.state === "registered",
      );
      // A deregistration completed inside its DDI may already have closed the AF (re-entrantly).
      const open: AfState["state"] = af.state;
      if (!busy && af.handle !== null && open === "open") {
        af.state = "closing";
        const status = NdisClCloseAddressFamily(af.handle);
        if (status === NDIS_STATUS_SUCCESS) this.afClosed(af, status);
        else if (status !== NDIS_STATUS_PENDING) af.state = "open";
      }
    }
    if (b.unbind === null || b.handle === null || b.closeQueued) return;
    if (b.af !== undefined && b.af.state !== "closed") return;
    // NdisCloseAdapterEx is PASSIVE-only, and completions may arrive at DISPATCH_LEVEL: close from a work item.
    const item = NdisAllocateIoWorkItem(b.handle);
    if (item === null) return;
    b.closeQueued = true;
    NdisQueueIoWorkItem(
      item,
      () => {
        NdisFreeIoWorkItem(item);
        const handle = b.handle;
        const unbind = b.unbind;
        if (b.pool !== null) NdisFreeNetBufferListPool(b.pool);
        b.pool = null;
        b.handle = null;
        if (handle !== null) NdisCloseAdapterEx(handle);
        if (unbind?.pended === true) NdisCompleteUnbindAdapterEx(unbind.context);
        this.binding = undefined;
      },
      b,
    );
  }

  private afOffered(b: ClientBinding, family: number): void {
    if (family !== CO_ADDRESS_FAMILY.CO_ADDRESS_FAMILY_Q2931 || b.af !== undefined || b.handle === null)
      return;
    const af: AfState = { handle: null, state: "opening", notify: "none" };
    b.af = af;
    const r = NdisClOpenAddressFamilyEx(
      b.handle,
      { AddressFamily: family, MajorVersion: 3, MinorVersion: 1 },
      af,
    );
    if (r.status !== NDIS_STATUS_PENDING) this.afOpened(af, r.NdisAfHandle, r.status);
  }

  private afOpened(af: AfState, handle: NdisHandle<"Af"> | null, status: NDIS_STATUS): void {
    af.handle = handle;
    af.state = status === NDIS_STATUS_SUCCESS ? "open" : "closed";
    this.reports.push({ what: "af-open", status });
    if (status === NDIS_STATUS_SUCCESS) this.onAfOpen?.();
  }

  private afClosed(af: AfState, status: NDIS_STATUS): void {
    if (status !== NDIS_STATUS_SUCCESS) {
      af.state = "open";
      return;
    }
    af.state = "closed";
    this.reports.push({ what: "af-closed", status });
    if (af.notify === "pending") {
      af.notify = "none";
      NdisClNotifyCloseAddressFamilyComplete(af.handle as NdisHandle<"Af">, NDIS_STATUS_SUCCESS);
    }
    this.teardown();
  }

  private sapRegistered(record: CallClientSap, status: NDIS_STATUS, handle: NdisHandle<"Sap"> | null): void {
    record.lastStatus = status;
    record.handle = status === NDIS_STATUS_SUCCESS ? handle : null;
    record.state = status === NDIS_STATUS_SUCCESS ? "registered" : "failed";
    this.reports.push({
      what: status === NDIS_STATUS_SUCCESS ? "sap-registered" : "sap-failed",
      status,
      sap: record.name,
    });
    if (this.closing()) this.teardown();
  }

  private sapDeregistered(record: CallClientSap, status: NDIS_STATUS): void {
    record.lastStatus = status;
    if (status === NDIS_STATUS_SUCCESS || status === NDIS_STATUS_FAILURE) {
      record.state = "deregistered";
      record.handle = null;
    } else record.state = "registered";
    this.reports.push({ what: "sap-deregistered", status, sap: record.name });
    if (this.closing()) this.teardown();
  }

  private notifyClose(af: AfState): NDIS_STATUS {
    af.notify = "in-handler";
    this.teardown();
    if (af.state === "closed") {
      af.notify = "none";
      return NDIS_STATUS_SUCCESS;
    }
    af.notify = "pending";
    return NDIS_STATUS_PENDING;
  }
}
