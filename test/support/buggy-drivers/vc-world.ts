/**
 * A host for the VC, data-path and OID fixtures, with a verifier attached before the first
 * driver loads: the buggy CoNDIS miniport under the test call manager ("cm"), or the test MCM
 * ("mcm"), and the test client. The test drivers' VC, data-path and OID handlers are their
 * replaceable hooks (test/support/drivers/hooks.ts).
 */
import { atmVcParameters } from "../../../src/drivers/atm-media.ts";
import {
  createHost,
  type Host,
  type NDIS_NBL_POOL,
  type NDIS_OID_REQUEST,
  NDIS_REQUEST_TYPE,
  type NDIS_STATUS,
  NDIS_STATUS_SUCCESS,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisCmActivateVc,
  NdisCmDeactivateVc,
  NdisCoCreateVc,
  NdisCoSendNetBufferLists,
  type NdisEvent,
  type NdisHandle,
  NdisMCmActivateVc,
  NdisMCmDeactivateVc,
  type NET_BUFFER_LIST,
} from "../../../src/ndis/index.ts";
import { ControlledScheduler } from "../../../src/sched/index.ts";
import { Verifier } from "../../../src/verifier/index.ts";
import { type TestCallManager, testCallManager } from "../drivers/call-manager.ts";
import { TestClient } from "../drivers/client.ts";
import type { DriverHooks } from "../drivers/hooks.ts";
import { type TestMcm, testMcm } from "../drivers/mcm.ts";
import { type CmPolicy, syncPolicy } from "../drivers/policy.ts";
import { type BuggyCoMiniport, buggyCoMiniport, type CoMiniportFaults } from "./co-miniport.ts";
import type { RunOptions } from "./fixture.ts";
import type { CmKind } from "./world.ts";

/** Options of a VC fixture world. */
export interface VcWorldInit extends RunOptions {
  readonly kind?: CmKind;
  readonly faults?: CoMiniportFaults;
  readonly policy?: Partial<CmPolicy>;
}

/** A settled VC fixture world. */
export interface VcWorld {
  readonly kind: CmKind;
  readonly scheduler: ControlledScheduler;
  readonly host: Host;
  readonly verifier: Verifier;
  readonly events: NdisEvent[];
  readonly client: TestClient;
  /** The stand-alone call manager ("cm") or undefined. */
  readonly cm: TestCallManager | undefined;
  /** The MCM ("mcm") or undefined. */
  readonly mcm: TestMcm | undefined;
  /** The buggy miniport under the stand-alone call manager ("cm"). */
  readonly mp: BuggyCoMiniport;
  /** The name of the call manager's driver. */
  readonly cmName: string;
  /** The call manager's replaceable hooks. */
  readonly cmHooks: DriverHooks;
  settle(): void;
  asClient<T>(fn: () => T): T;
  asCm<T>(fn: () => T): T;
  /** Runs `fn` as the miniport's (or the MCM's) code at DISPATCH_LEVEL, as its DPC. */
  asMiniport<T>(fn: () => T): T;
  /** The client's binding handle. */
  clientBinding(): NdisHandle<"Binding">;
  /** The stand-alone call manager's binding handle. */
  cmBinding(): NdisHandle<"Binding">;
  /** The client's AF handle (the call manager is given the same handle). */
  af(): NdisHandle<"Af">;
  /** The MCM's adapter handle. */
  mcmAdapter(): NdisHandle<"Miniport">;
  /** NdisCoCreateVc as the client on its AF. */
  createVc(): NdisHandle<"Vc">;
  /** Activates as the call manager (NdisCmActivateVc or NdisMCmActivateVc). */
  activate(vc: NdisHandle<"Vc">, vci?: number): NDIS_STATUS;
  /** Deactivates as the call manager (NdisCmDeactivateVc or NdisMCmDeactivateVc). */
  deactivate(vc: NdisHandle<"Vc">): NDIS_STATUS;
  /** A client VC, activated. */
  activeVc(): NdisHandle<"Vc">;
  /** The client's NBL pool (allocated on first use). */
  pool(): NDIS_NBL_POOL;
  /** An NBL of the client's pool, with SourceHandle set to `vc`. */
  nbl(vc: NdisHandle<"Vc"> | null): NET_BUFFER_LIST;
  /** Sends `nbl` (a new one by default) as the client. */
  send(vc: NdisHandle<"Vc">, nbl?: NET_BUFFER_LIST): NET_BUFFER_LIST;
}

/** A query NDIS_OID_REQUEST for `Oid`. */
export function oidQuery(Oid: number): NDIS_OID_REQUEST {
  return {
    RequestType: NDIS_REQUEST_TYPE.NdisRequestQueryInformation,
    Oid,
    InformationBuffer: new Uint8Array(8),
    BytesWritten: 0,
    BytesRead: 0,
    BytesNeeded: 0,
    RequestId: null,
    RequestHandle: null,
  };
}

/** Builds and settles a VC fixture world; the verifier sees every event from the first load on. */
export function vcWorld(init: VcWorldInit = {}): VcWorld {
  const kind = init.kind ?? "cm";
  const scheduler = new ControlledScheduler({ seed: 1 });
  const host = createHost({ name: "A", scheduler });
  const verifier = new Verifier({
    mode: init.mode ?? "strict",
    onViolation: init.onViolation ?? "collect",
    replay: scheduler,
  });
  verifier.attach(host);
  const events: NdisEvent[] = [];
  host.events.subscribe((e) => events.push(e));
  const policy: CmPolicy = { ...syncPolicy(), ...init.policy };
  const mp = buggyCoMiniport(init.faults);
  const client = new TestClient();
  let cm: TestCallManager | undefined;
  let mcm: TestMcm | undefined;
  if (kind === "cm") {
    host.loadDriver(mp.name, mp.DriverEntry);
    cm = testCallManager("TESTCM", policy);
    host.loadDriver("TESTCM", cm.DriverEntry);
    host.addAdapter({ name: "ATM0", miniport: mp.name });
  } else {
    mcm = testMcm(policy);
    host.loadDriver("TESTMCM", mcm.DriverEntry);
    host.addAdapter({ name: "ATM0", miniport: "TESTMCM" });
  }
  host.loadDriver(client.name, client.DriverEntry);
  const cmName = kind === "cm" ? "TESTCM" : "TESTMCM";
  const settle = () => {
    if (!scheduler.runUntilIdle(100_000).idle) throw new Error("VC fixture world did not settle");
  };
  settle();
  let pool: NDIS_NBL_POOL | null = null;
  const must = <T>(value: T | null | undefined, what: string): T => {
    if (value === null || value === undefined) throw new Error(`VC fixture: no ${what}`);
    return value;
  };
  const w: VcWorld = {
    kind,
    scheduler,
    host,
    verifier,
    events,
    client,
    cm,
    mcm,
    mp,
    cmName,
    cmHooks: must(cm?.hooks ?? mcm?.hooks, "call manager"),
    settle,
    asClient: (fn) => host.runAs(client.name, fn),
    asCm: (fn) => host.runAs(cmName, fn),
    asMiniport: (fn) => host.runAtDispatch(kind === "cm" ? mp.name : cmName, fn),
    clientBinding: () => must(client.bindings[0]?.handle, "client binding"),
    cmBinding: () => must(cm?.bindings[0]?.handle, "call-manager binding"),
    af: () => must(client.af().handle, "AF"),
    mcmAdapter: () => must(mcm?.adapters[0]?.handle, "MCM adapter"),
    createVc: () =>
      must(w.asClient(() => NdisCoCreateVc(w.clientBinding(), w.af(), { client: true })).NdisVcHandle, "VC"),
    activate: (vc, vci = 100) =>
      w.asCm(() =>
        kind === "cm"
          ? NdisCmActivateVc(vc, atmVcParameters(0, vci))
          : NdisMCmActivateVc(vc, atmVcParameters(0, vci)),
      ),
    deactivate: (vc) => w.asCm(() => (kind === "cm" ? NdisCmDeactivateVc(vc) : NdisMCmDeactivateVc(vc))),
    activeVc: () => {
      const vc = w.createVc();
      if (w.activate(vc) !== NDIS_STATUS_SUCCESS) throw new Error("VC fixture: activation did not succeed");
      return vc;
    },
    pool: () => {
      pool ??= must(
        w.asClient(() =>
          NdisAllocateNetBufferListPool(w.clientBinding(), {
            PoolTag: 0x4c43_5354,
            fAllocateNetBuffer: true,
          }),
        ),
        "pool",
      );
      return pool;
    },
    nbl: (vc) => {
      const p = w.pool();
      const bytes = new Uint8Array([1, 2, 3]);
      const nbl = must(
        w.asClient(() => NdisAllocateNetBufferAndNetBufferList(p, 0, 0, bytes, 0, bytes.length)),
        "NBL",
      );
      nbl.SourceHandle = vc;
      return nbl;
    },
    send: (vc, nbl = w.nbl(vc)) => {
      w.asClient(() => NdisCoSendNetBufferLists(vc, nbl, 0));
      return nbl;
    },
  };
  return w;
}
