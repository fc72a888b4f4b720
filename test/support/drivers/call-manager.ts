/** A test stand-alone call manager: a protocol driver that registers AF Q2931 on every binding. */
import {
  CO_ADDRESS_FAMILY,
  type DRIVER_INITIALIZE,
  NDIS_MEDIUM,
  NDIS_OBJECT_TYPE,
  type NDIS_STATUS,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisCloseAdapterEx,
  NdisCmRegisterAddressFamilyEx,
  NdisCompleteUnbindAdapterEx,
  NdisDeregisterProtocolDriver,
  type NdisHandle,
  NdisOpenAdapterEx,
  NdisRegisterProtocolDriver,
  NdisSetOptionalHandlers,
} from "../../../src/ndis/index.ts";
import { CmCore } from "./cm-core.ts";
import { type DriverHooks, defaultHooks, type HookLog } from "./hooks.ts";
import { type CmPolicy, syncPolicy } from "./policy.ts";
import { cmStubs, protocolCo } from "./stubs.ts";

/** The CM's per-binding context. */
interface CmBinding {
  handle: NdisHandle<"Binding"> | null;
  core: CmCore;
  unbind: NdisHandle<"UnbindContext"> | null;
  unbindPended: boolean;
}

/** The test CM: its DriverEntry and, per binding, its core. */
export interface TestCallManager {
  readonly DriverEntry: DRIVER_INITIALIZE;
  readonly bindings: CmBinding[];
  readonly registerStatus: NDIS_STATUS[];
  /** The core of the first binding. */
  core(): CmCore;
  /** The VC, data-path and OID handlers (replaceable), and what they saw. */
  readonly hooks: DriverHooks;
  readonly hookLog: HookLog;
}

/** Builds a test stand-alone call manager with the given policy. */
export function testCallManager(
  name = "TESTCM",
  policy: CmPolicy = syncPolicy(),
  opts: { leakSapArea?: boolean } = {},
): TestCallManager {
  const bindings: CmBinding[] = [];
  const registerStatus: NDIS_STATUS[] = [];
  const { hooks, log } = defaultHooks(() => bindings[0]?.handle ?? null);
  let current: CmBinding | undefined;
  const coreFor = (ctx: unknown) => (ctx as CmBinding).core;
  const closeIfDone = (b: CmBinding) => {
    if (b.unbind === null || b.core.afs.size > 0 || b.handle === null) return;
    const handle = b.handle;
    const unbind = b.unbind;
    b.handle = null;
    b.unbind = null;
    NdisCloseAdapterEx(handle);
    if (b.unbindPended) NdisCompleteUnbindAdapterEx(unbind);
  };
  const DriverEntry: DRIVER_INITIALIZE = (DriverObject) => {
    let protocolHandle: NdisHandle<"Protocol"> | null = null;
    const result = NdisRegisterProtocolDriver(null, {
      Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, Revision: 2 },
      MajorNdisVersion: 6,
      MinorNdisVersion: 0,
      Name: name,
      SetOptionsHandler: (NdisDriverHandle) => {
        const co = NdisSetOptionalHandlers(
          NdisDriverHandle,
          protocolCo(() => {}, hooks),
        );
        if (co !== NDIS_STATUS_SUCCESS) return co;
        // One handler table; each handler finds its binding's core through its context.
        return NdisSetOptionalHandlers(NdisDriverHandle, {
          ...cmStubs(),
          CmCreateVcHandler: (a, b) => hooks.createVc(a, b),
          CmAddPartyHandler: (a, b, c) => hooks.addParty(a, b, c),
          CmDropPartyHandler: (a, b, c) => hooks.dropParty(a, b, c),
          CmModifyCallQoSHandler: (a, b) => hooks.modifyQoS(a, b),
          CmMakeCallHandler: (a, b, c) => hooks.makeCall(a, b, c),
          CmCloseCallHandler: (a, b, c, d) => hooks.closeCall(a, b, c, d),
          CmIncomingCallCompleteHandler: (a, b, c) => hooks.incomingCallComplete(a, b, c),
          CmDeleteVcHandler: (a) => hooks.deleteVc(a),
          CmOidRequestHandler: (a, b, c, d) => hooks.oidRequest(a, b, c, d),
          CmOidRequestCompleteHandler: (a, b, c, d, e) => hooks.oidRequestComplete(a, b, c, d, e),
          CmActivateVcCompleteHandler: (a, b, c) => hooks.activateComplete(a, b, c),
          CmDeactivateVcCompleteHandler: (a, b) => hooks.deactivateComplete(a, b),
          CmOpenAfHandler: (ctx, af, h) => coreFor(ctx).openAf(ctx, af, h),
          CmCloseAfHandler: (afCtx) => coreOfAf(afCtx).closeAf(afCtx),
          CmRegisterSapHandler: (afCtx, sap, h) => coreOfAf(afCtx).registerSap(afCtx, sap, h),
          CmDeregisterSapHandler: (sapCtx) => coreOfSap(sapCtx).deregisterSap(sapCtx),
          CmNotifyCloseAfCompleteHandler: (afCtx, status) =>
            coreOfAf(afCtx).notifyCloseAfComplete(afCtx, status),
        });
      },
      BindAdapterHandlerEx: (_ctx, BindContext, params) => {
        const b: CmBinding = {
          handle: null,
          core: undefined as unknown as CmCore,
          unbind: null,
          unbindPended: false,
        };
        b.core = new CmCore({
          form: "cm",
          policy,
          owner: () => {
            if (b.handle === null) throw new Error("test CM: binding closed");
            return b.handle;
          },
          ...(opts.leakSapArea === undefined ? {} : { leakSapArea: opts.leakSapArea }),
          onAllClosed: () => closeIfDone(b),
        });
        if (protocolHandle === null) return 0xc0000001;
        const open = NdisOpenAdapterEx(
          protocolHandle,
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
        bindings.push(b);
        current = b;
        registerStatus.push(
          NdisCmRegisterAddressFamilyEx(b.handle, {
            AddressFamily: CO_ADDRESS_FAMILY.CO_ADDRESS_FAMILY_Q2931,
            MajorVersion: 3,
            MinorVersion: 1,
          }),
        );
        return NDIS_STATUS_SUCCESS;
      },
      UnbindAdapterHandlerEx: (UnbindContext, ctx) => {
        const b = ctx as CmBinding;
        b.unbind = UnbindContext;
        b.core.notifyCloseAll();
        if (b.handle === null) return NDIS_STATUS_SUCCESS;
        b.unbindPended = true;
        return NDIS_STATUS_PENDING;
      },
      OpenAdapterCompleteHandlerEx: () => {},
      CloseAdapterCompleteHandlerEx: () => {},
      NetPnPEventHandler: () => NDIS_STATUS_SUCCESS,
    });
    protocolHandle = result.NdisProtocolHandle;
    DriverObject.DriverUnload = () => {
      if (protocolHandle !== null) NdisDeregisterProtocolDriver(protocolHandle);
    };
    return result.status;
  };
  const coreOfAf = (afCtx: unknown): CmCore => {
    for (const b of bindings) for (const af of b.core.afs) if (af === afCtx) return b.core;
    if (current === undefined) throw new Error("test CM: unknown AF context");
    return current.core;
  };
  const coreOfSap = (sapCtx: unknown): CmCore => coreOfAf((sapCtx as { af: unknown }).af);
  return {
    DriverEntry,
    hooks,
    hookLog: log,
    bindings,
    registerStatus,
    core: () => {
      const first = bindings[0];
      if (first === undefined) throw new Error("test CM: not bound");
      return first.core;
    },
  };
}
