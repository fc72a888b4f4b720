/** The IRQL requirements of the DDI pages that the model once had wrong, checked by the strict verifier. */
import { describe, expect, it } from "vitest";
import {
  NdisAllocateSpinLock,
  NdisAllocateTimerObject,
  NdisCancelTimerObject,
  NdisDprAcquireSpinLock,
  NdisDprReleaseSpinLock,
  NdisFreeTimerObject,
  NdisSetTimerObject,
} from "../../src/ndis/index.ts";
import { binding, checked } from "./checked.ts";

describe("IRQL requirements of the pages", () => {
  it("timer objects may be allocated and freed at DISPATCH_LEVEL", () => {
    const { w, found } = checked();
    w.host.runAtDispatch(w.client.name, () => {
      const t = NdisAllocateTimerObject(binding(w), {
        AllocationTag: 0,
        TimerFunction: () => {},
        FunctionContext: null,
      });
      NdisFreeTimerObject(t.TimerObject!);
    });
    expect(found()).toEqual([]);
  });

  it("NdisReleaseSpinLock and the NdisDpr* calls at PASSIVE_LEVEL break Irql_Synch_Function", () => {
    const { w, found } = checked();
    w.host.runAs(w.client.name, () => {
      const lock = NdisAllocateSpinLock();
      NdisDprAcquireSpinLock(lock);
      NdisDprReleaseSpinLock(lock);
    });
    expect(found()).toEqual([
      "CONDIS-IRQL-008 Irql_Synch_Function: NdisDprAcquireSpinLock called at PASSIVE_LEVEL; its page requires DISPATCH_LEVEL",
      "CONDIS-IRQL-008 Irql_Synch_Function: NdisDprReleaseSpinLock called at PASSIVE_LEVEL; its page requires DISPATCH_LEVEL",
    ]);
  });

  it("a periodic timer is cancelled at PASSIVE_LEVEL; at DISPATCH_LEVEL it breaks Irql_Timer_Function", () => {
    const { w, found } = checked();
    const timer = w.host.runAs(w.client.name, () => {
      const t = NdisAllocateTimerObject(binding(w), {
        AllocationTag: 0,
        TimerFunction: () => {},
        FunctionContext: null,
      }).TimerObject!;
      NdisSetTimerObject(t, -10_000n, 50);
      return t;
    });
    w.host.runAs(w.client.name, () => {
      NdisCancelTimerObject(timer);
      NdisSetTimerObject(timer, -10_000n, 50);
    });
    expect(found()).toEqual([]);
    w.host.runAtDispatch(w.client.name, () => NdisCancelTimerObject(timer));
    expect(found()).toEqual([
      "CONDIS-IRQL-009 Irql_Timer_Function: NdisCancelTimerObject called at DISPATCH_LEVEL on a periodic timer; its page requires PASSIVE_LEVEL (Irql_Timer_Function)",
    ]);
  });
});
