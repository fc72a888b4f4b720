/** A test MCM: the test miniport with the shared call-manager core, registering AF Q2931 on each adapter. */
import {
  CO_ADDRESS_FAMILY,
  type DRIVER_INITIALIZE,
  type NDIS_STATUS,
  NdisMCmRegisterAddressFamilyEx,
} from "../../../src/ndis/index.ts";
import { CmCore } from "./cm-core.ts";
import { type DriverHooks, defaultHooks, type HookLog } from "./hooks.ts";
import { type TestAdapter, testMiniport } from "./miniport.ts";
import { type CmPolicy, syncPolicy } from "./policy.ts";
import { cmStubs } from "./stubs.ts";

/** The test MCM: its DriverEntry, its core, and what AF registration returned. */
export interface TestMcm {
  readonly DriverEntry: DRIVER_INITIALIZE;
  readonly core: CmCore;
  readonly adapters: TestAdapter[];
  readonly registerStatus: NDIS_STATUS[];
  /** The VC and OID handlers of its call-manager half (replaceable), and what they saw. */
  readonly hooks: DriverHooks;
  readonly hookLog: HookLog;
}

/** Builds a test MCM with the given policy. */
export function testMcm(policy: CmPolicy = syncPolicy(), opts: { leakSapArea?: boolean } = {}): TestMcm {
  let current: TestAdapter | undefined;
  const registerStatus: NDIS_STATUS[] = [];
  const { hooks, log } = defaultHooks(() => null);
  const core = new CmCore({
    form: "mcm",
    policy,
    owner: () => {
      if (current === undefined) throw new Error("test MCM: no adapter");
      return current.handle;
    },
    ...(opts.leakSapArea === undefined ? {} : { leakSapArea: opts.leakSapArea }),
  });
  const miniport = testMiniport({
    cm: () => ({
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
      CmOpenAfHandler: core.openAf,
      CmCloseAfHandler: core.closeAf,
      CmRegisterSapHandler: core.registerSap,
      CmDeregisterSapHandler: core.deregisterSap,
      CmNotifyCloseAfCompleteHandler: core.notifyCloseAfComplete,
    }),
    onInitialize: (adapter) => {
      current = adapter;
      registerStatus.push(
        NdisMCmRegisterAddressFamilyEx(adapter.handle, {
          AddressFamily: CO_ADDRESS_FAMILY.CO_ADDRESS_FAMILY_Q2931,
          MajorVersion: 3,
          MinorVersion: 1,
        }),
      );
    },
    onHalt: () => core.notifyCloseAll(),
  });
  return {
    DriverEntry: miniport.DriverEntry,
    core,
    adapters: miniport.adapters,
    registerStatus,
    hooks,
    hookLog: log,
  };
}
