/** Fixtures of the IRQL and spin-lock rules. */
import {
  NdisAcquireSpinLock,
  NdisAllocateIoWorkItem,
  NdisAllocateSpinLock,
  NdisAllocateTimerObject,
  NdisCancelTimerObject,
  NdisClOpenAddressFamilyEx,
  NdisDprAcquireSpinLock,
  NdisDprReleaseSpinLock,
  NdisFreeSpinLock,
  NdisFreeTimerObject,
  NdisQueueIoWorkItem,
  NdisReleaseSpinLock,
  NdisSetTimerObject,
} from "../../../src/ndis/index.ts";
import { BOTH, CM_ONLY, type Fixture } from "./fixture.ts";
import { bareMiniport } from "./miniport.ts";
import { fixtureWorld } from "./world.ts";

/** The IRQL fixtures. */
export const IRQL_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-IRQL-001",
    bug: "a call manager that registers its AF while holding a spin lock (DISPATCH_LEVEL)",
    kinds: ["cm"],
    run: (kind, opts) => fixtureWorld({ kind, ...opts, faults: { registerAfAtDispatch: true } }),
    event: () => ({ type: "ddi-call", ddi: "NdisCmRegisterAddressFamilyEx", irql: 2 }),
    evidence: 1,
  },
  {
    rule: "CONDIS-IRQL-002",
    bug: "an MCM that registers its AF in MiniportInitializeEx while holding a spin lock",
    kinds: ["mcm"],
    run: (kind, opts) => fixtureWorld({ kind, ...opts, faults: { registerAfAtDispatch: true } }),
    event: () => ({ type: "ddi-call", ddi: "NdisMCmRegisterAddressFamilyEx", irql: 2 }),
  },
  {
    rule: "CONDIS-IRQL-003",
    bug: "a client that calls the PASSIVE-only NdisClOpenAddressFamilyEx from a DPC",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const binding = w.clientBinding();
      w.host.runAtDispatch(w.client.name, () =>
        NdisClOpenAddressFamilyEx(binding, { AddressFamily: 99, MajorVersion: 1, MinorVersion: 0 }, null),
      );
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClOpenAddressFamilyEx", irql: 2 }),
  },
  {
    rule: "CONDIS-IRQL-004",
    bug: "a miniport that sets its general attributes while holding a spin lock",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.host.loadDriver("BUGMP", bareMiniport({ attributesAtDispatch: true }).DriverEntry);
      w.host.addAdapter({ name: "ATM1", miniport: "BUGMP" });
      w.settle();
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisMSetMiniportAttributes", irql: 2 }),
  },
  {
    rule: "CONDIS-IRQL-005",
    bug: "a call manager that sets its CoNDIS optional handlers (PASSIVE only) while holding a spin lock",
    kinds: CM_ONLY,
    run: (kind, opts) => fixtureWorld({ kind, ...opts, faults: { setOptionsAtDispatch: true } }),
    event: () => ({ type: "ddi-call", ddi: "NdisSetOptionalHandlers", irql: 2 }),
  },
  {
    rule: "CONDIS-IRQL-008",
    bug: "a client thread that takes a spin lock with NdisDprAcquireSpinLock at PASSIVE_LEVEL",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.asClient(() => NdisDprAcquireSpinLock(NdisAllocateSpinLock()));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisDprAcquireSpinLock", irql: 0 }),
  },
  {
    rule: "CONDIS-IRQL-009",
    bug: "a client that cancels its periodic timer from a DPC (a periodic timer is cancelled at PASSIVE_LEVEL)",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const binding = w.clientBinding();
      const timer = w.asClient(() => {
        const t = NdisAllocateTimerObject(binding, {
          AllocationTag: 0,
          TimerFunction: () => {},
          FunctionContext: null,
        }).TimerObject;
        if (t !== null) NdisSetTimerObject(t, -10_000n, 100);
        return t;
      });
      if (timer === null) throw new Error("fixture: no timer object");
      w.host.runAtDispatch(w.client.name, () => NdisCancelTimerObject(timer));
      w.asClient(() => NdisFreeTimerObject(timer));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCancelTimerObject", irql: 2 }),
  },
];

/** The spin-lock fixtures. */
export const LOCK_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-LOCK-001",
    bug: "a client thread that acquires the same spin lock twice",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.asClient(() => {
        const lock = NdisAllocateSpinLock();
        NdisAcquireSpinLock(lock);
        NdisAcquireSpinLock(lock);
        NdisReleaseSpinLock(lock);
      });
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisAcquireSpinLock", irql: 2 }),
  },
  {
    rule: "CONDIS-LOCK-002",
    bug: "a client thread that releases a spin lock it never acquired",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.host.runAtDispatch(w.client.name, () => NdisReleaseSpinLock(NdisAllocateSpinLock()));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisReleaseSpinLock" }),
  },
  {
    rule: "CONDIS-LOCK-003",
    bug: "a DPC that takes the same spin lock twice with NdisDprAcquireSpinLock",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.host.runAtDispatch(w.client.name, () => {
        const lock = NdisAllocateSpinLock();
        NdisDprAcquireSpinLock(lock);
        NdisDprAcquireSpinLock(lock);
        NdisDprReleaseSpinLock(lock);
      });
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisDprAcquireSpinLock", irql: 2 }),
  },
  {
    rule: "CONDIS-LOCK-004",
    bug: "a call manager whose ProtocolCmRegisterSap takes a lock with NdisAcquireSpinLock and drops it with NdisDprReleaseSpinLock",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({
        kind,
        ...opts,
        faults: {
          registerSap: (clean) => (ctx, sap, handle) => {
            const lock = NdisAllocateSpinLock();
            NdisAcquireSpinLock(lock);
            NdisDprReleaseSpinLock(lock);
            return clean(ctx, sap, handle);
          },
        },
      });
      w.client.registerSap(w.host);
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisDprReleaseSpinLock" }),
    // The mismatched release, then the handler returning at DISPATCH_LEVEL.
    evidence: 2,
  },
  {
    rule: "CONDIS-LOCK-005",
    bug: "a call manager work item that returns holding a spin lock",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.asCm(() => {
        const lock = NdisAllocateSpinLock();
        const item = NdisAllocateIoWorkItem(w.cm.owner());
        if (item !== null) NdisQueueIoWorkItem(item, () => NdisAcquireSpinLock(lock), null);
      });
      w.settle();
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisAcquireSpinLock" }),
  },
  {
    rule: "CONDIS-LOCK-006",
    bug: "a client thread that frees a spin lock it still holds",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.asClient(() => {
        const lock = NdisAllocateSpinLock();
        NdisAcquireSpinLock(lock);
        NdisFreeSpinLock(lock);
        NdisReleaseSpinLock(lock);
      });
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisFreeSpinLock" }),
  },
];
