/**
 * Buggy call managers for the verifier's fixtures: the test call-manager core (the same AF/SAP
 * logic as the clean test CM and MCM), wrapped in a stand-alone CM or an MCM whose handlers or
 * bind/unbind/halt paths can be made to break one rule each.
 */
import {
  CO_ADDRESS_FAMILY,
  type DRIVER_INITIALIZE,
  NDIS_MEDIUM,
  NDIS_OBJECT_TYPE,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisAcquireSpinLock,
  NdisAllocateSpinLock,
  NdisCloseAdapterEx,
  NdisCmRegisterAddressFamilyEx,
  NdisCompleteUnbindAdapterEx,
  NdisDeregisterProtocolDriver,
  type NdisHandle,
  NdisMCmRegisterAddressFamilyEx,
  NdisOpenAdapterEx,
  NdisRegisterProtocolDriver,
  NdisReleaseSpinLock,
  NdisSetOptionalHandlers,
  type PROTOCOL_CM_CLOSE_AF,
  type PROTOCOL_CM_DEREGISTER_SAP,
  type PROTOCOL_CM_OPEN_AF,
  type PROTOCOL_CM_REG_SAP,
} from "../../../src/ndis/index.ts";
import { CmCore } from "../drivers/cm-core.ts";
import { testMiniport } from "../drivers/miniport.ts";
import { type CmPolicy, syncPolicy } from "../drivers/policy.ts";
import { cmStubs, protocolCo } from "../drivers/stubs.ts";

/** The faults a buggy call manager can carry (none: it behaves like the clean test CM). */
export interface CmFaults {
  /** Replaces a handler; gets the clean one and the core to build on. */
  readonly openAf?: (clean: PROTOCOL_CM_OPEN_AF, core: CmCore) => PROTOCOL_CM_OPEN_AF;
  readonly closeAf?: (clean: PROTOCOL_CM_CLOSE_AF, core: CmCore) => PROTOCOL_CM_CLOSE_AF;
  readonly registerSap?: (clean: PROTOCOL_CM_REG_SAP, core: CmCore) => PROTOCOL_CM_REG_SAP;
  readonly deregisterSap?: (clean: PROTOCOL_CM_DEREGISTER_SAP, core: CmCore) => PROTOCOL_CM_DEREGISTER_SAP;
  /** Registers its AF while holding a spin lock, that is at DISPATCH_LEVEL. */
  readonly registerAfAtDispatch?: boolean;
  /** Sets its CoNDIS optional handlers (PASSIVE only) while holding a spin lock. */
  readonly setOptionsAtDispatch?: boolean;
  /** Closes its binding in ProtocolUnbindAdapterEx without NdisCmNotifyCloseAddressFamily first. */
  readonly skipNotifyClose?: boolean;
  /** Keeps the per-SAP area at deregistration. */
  readonly leakSapArea?: boolean;
}

/** A buggy call manager: its driver name, DriverEntry, core and the handle it allocates on. */
export interface BuggyCm {
  readonly name: string;
  readonly DriverEntry: DRIVER_INITIALIZE;
  readonly core: CmCore;
  /** Its binding (stand-alone CM) or adapter (MCM) handle. */
  owner(): NdisHandle<"Binding"> | NdisHandle<"Miniport">;
}

const Q2931 = { AddressFamily: CO_ADDRESS_FAMILY.CO_ADDRESS_FAMILY_Q2931, MajorVersion: 3, MinorVersion: 1 };

function handlersOf(core: CmCore, faults: CmFaults) {
  return {
    ...cmStubs(),
    CmOpenAfHandler: faults.openAf?.(core.openAf, core) ?? core.openAf,
    CmCloseAfHandler: faults.closeAf?.(core.closeAf, core) ?? core.closeAf,
    CmRegisterSapHandler: faults.registerSap?.(core.registerSap, core) ?? core.registerSap,
    CmDeregisterSapHandler: faults.deregisterSap?.(core.deregisterSap, core) ?? core.deregisterSap,
    CmNotifyCloseAfCompleteHandler: core.notifyCloseAfComplete,
  };
}

function atDispatch<T>(fn: () => T, really: boolean): T {
  if (!really) return fn();
  const lock = NdisAllocateSpinLock();
  NdisAcquireSpinLock(lock);
  const result = fn();
  NdisReleaseSpinLock(lock);
  return result;
}

/** A stand-alone call manager ("BUGCM") for one adapter, with the given policy and faults. */
export function buggyCallManager(policy: CmPolicy = syncPolicy(), faults: CmFaults = {}): BuggyCm {
  let protocol: NdisHandle<"Protocol"> | null = null;
  let binding: NdisHandle<"Binding"> | null = null;
  let unbind: NdisHandle<"UnbindContext"> | null = null;
  let unbindPended = false;
  const closeIfDone = () => {
    if (unbind === null || binding === null || core.afs.size > 0) return;
    const handle = binding;
    const context = unbind;
    binding = null;
    unbind = null;
    NdisCloseAdapterEx(handle);
    if (unbindPended) NdisCompleteUnbindAdapterEx(context);
  };
  const core: CmCore = new CmCore({
    form: "cm",
    policy,
    owner: () => {
      if (binding === null) throw new Error("BUGCM: not bound");
      return binding;
    },
    ...(faults.leakSapArea === undefined ? {} : { leakSapArea: faults.leakSapArea }),
    onAllClosed: closeIfDone,
  });
  const DriverEntry: DRIVER_INITIALIZE = (DriverObject) => {
    const result = NdisRegisterProtocolDriver(null, {
      Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, Revision: 2 },
      MajorNdisVersion: 6,
      MinorNdisVersion: 0,
      Name: "BUGCM",
      SetOptionsHandler: (handle) => {
        const co = atDispatch(
          () =>
            NdisSetOptionalHandlers(
              handle,
              protocolCo(() => {}),
            ),
          faults.setOptionsAtDispatch === true,
        );
        return co !== NDIS_STATUS_SUCCESS ? co : NdisSetOptionalHandlers(handle, handlersOf(core, faults));
      },
      BindAdapterHandlerEx: (_ctx, BindContext, params) => {
        if (protocol === null) return NDIS_STATUS_FAILURE;
        const open = NdisOpenAdapterEx(
          protocol,
          null,
          {
            Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_OPEN_PARAMETERS, Revision: 1 },
            AdapterName: params.AdapterName,
            MediumArray: [NDIS_MEDIUM.NdisMediumAtm],
          },
          BindContext,
        );
        if (open.status !== NDIS_STATUS_SUCCESS || open.NdisBindingHandle === null) return open.status;
        const handle = open.NdisBindingHandle;
        binding = handle;
        atDispatch(() => NdisCmRegisterAddressFamilyEx(handle, Q2931), faults.registerAfAtDispatch === true);
        return NDIS_STATUS_SUCCESS;
      },
      UnbindAdapterHandlerEx: (UnbindContext) => {
        if (faults.skipNotifyClose === true && binding !== null) {
          NdisCloseAdapterEx(binding);
          binding = null;
          return NDIS_STATUS_SUCCESS;
        }
        unbind = UnbindContext;
        core.notifyCloseAll();
        if (binding === null) return NDIS_STATUS_SUCCESS;
        unbindPended = true;
        return NDIS_STATUS_PENDING;
      },
      OpenAdapterCompleteHandlerEx: () => {},
      CloseAdapterCompleteHandlerEx: () => {},
      NetPnPEventHandler: () => NDIS_STATUS_SUCCESS,
    });
    protocol = result.NdisProtocolHandle;
    DriverObject.DriverUnload = () => {
      if (protocol !== null) NdisDeregisterProtocolDriver(protocol);
    };
    return result.status;
  };
  return {
    name: "BUGCM",
    DriverEntry,
    core,
    owner: () => {
      if (binding === null) throw new Error("BUGCM: not bound");
      return binding;
    },
  };
}

/** An MCM ("BUGMCM"): the test miniport with the core, with the given policy and faults. */
export function buggyMcm(policy: CmPolicy = syncPolicy(), faults: CmFaults = {}): BuggyCm {
  let adapter: NdisHandle<"Miniport"> | null = null;
  const owner = () => {
    if (adapter === null) throw new Error("BUGMCM: no adapter");
    return adapter;
  };
  const core = new CmCore({
    form: "mcm",
    policy,
    owner,
    ...(faults.leakSapArea === undefined ? {} : { leakSapArea: faults.leakSapArea }),
  });
  const miniport = testMiniport({
    cm: () => handlersOf(core, faults),
    onInitialize: (a) => {
      adapter = a.handle;
      atDispatch(() => NdisMCmRegisterAddressFamilyEx(a.handle, Q2931), faults.registerAfAtDispatch === true);
    },
    onHalt: () => {
      if (faults.skipNotifyClose !== true) core.notifyCloseAll();
    },
  });
  return { name: "BUGMCM", DriverEntry: miniport.DriverEntry, core, owner };
}
