import { describe, expect, it } from "vitest";
import { currentFrame } from "../../src/ndis/context.ts";
import {
  DISPATCH_LEVEL,
  HANDLERS,
  makeTag,
  NDIS_STATUS,
  NDIS_STATUS_SUCCESS,
  NdisAcquireSpinLock,
  NdisAllocateIoWorkItem,
  NdisAllocateMemoryWithTagPriority,
  NdisAllocateSpinLock,
  NdisAllocateTimerObject,
  NdisCancelTimerObject,
  NdisClOpenAddressFamilyEx,
  NdisDprAcquireSpinLock,
  NdisDprReleaseSpinLock,
  NdisFreeMemory,
  NdisFreeTimerObject,
  type NdisHandle,
  NdisQueueIoWorkItem,
  NdisReleaseSpinLock,
  NdisSetTimerObject,
  NT_SUCCESS,
  ndisStatusName,
  PASSIVE_LEVEL,
  tagName,
} from "../../src/ndis/index.ts";
import { makeWorld } from "../support/world.ts";
import { codes } from "./helpers.ts";

describe("NDIS_STATUS", () => {
  it("has the ndis.h values and prints names", () => {
    expect(NDIS_STATUS.NDIS_STATUS_PENDING).toBe(0x103);
    expect(NDIS_STATUS.NDIS_STATUS_FAILURE).toBe(0xc0000001);
    expect(NDIS_STATUS.NDIS_STATUS_RESOURCES).toBe(0xc000009a);
    expect(NDIS_STATUS.NDIS_STATUS_INVALID_DATA).toBe(0xc0010015);
    expect(NDIS_STATUS.NDIS_STATUS_NOT_ACCEPTED).toBe(0x00010003);
    expect(ndisStatusName(0xc0010021)).toBe("NDIS_STATUS_SAP_IN_USE");
    expect(ndisStatusName(0xdeadbeef)).toBe("0xdeadbeef");
    expect(NT_SUCCESS(NDIS_STATUS.NDIS_STATUS_PENDING)).toBe(true);
    expect(NT_SUCCESS(NDIS_STATUS.NDIS_STATUS_CLOSING)).toBe(false);
  });

  it("the role type of ProtocolCmModifyCallQoS keeps its ndis.h name (Q15)", () => {
    expect(HANDLERS.ProtocolCmModifyCallQoS.roleType).toBe("PROTOCOL_CM_MODIFY_QOS_CALL");
    expect(HANDLERS.ProtocolCmRegisterSap.roleType).toBe("PROTOCOL_CM_REG_SAP");
    expect(HANDLERS.ProtocolCmDeregisterSap.completedBy).toEqual([
      "NdisCmDeregisterSapComplete",
      "NdisMCmDeregisterSapComplete",
    ]);
    expect(HANDLERS.ProtocolClOpenAfCompleteEx.irql).toBe("PASSIVE");
  });
});

describe("IRQL and spin locks", () => {
  it("NdisAcquireSpinLock raises to DISPATCH_LEVEL and NdisReleaseSpinLock restores", () => {
    const w = makeWorld();
    const seen: number[] = [];
    w.host.runAs("TESTCL", () => {
      const lock = NdisAllocateSpinLock();
      seen.push(currentFrame()!.irql);
      NdisAcquireSpinLock(lock);
      seen.push(currentFrame()!.irql);
      NdisReleaseSpinLock(lock);
      seen.push(currentFrame()!.irql);
    });
    expect(seen).toEqual([PASSIVE_LEVEL, DISPATCH_LEVEL, PASSIVE_LEVEL]);
    expect(codes(w.events)).toEqual([]);
  });

  it("the Dpr variants and NdisReleaseSpinLock require DISPATCH_LEVEL; a double acquire and a foreign release are reported", () => {
    const w = makeWorld();
    w.host.runAs("TESTCL", () => {
      const lock = NdisAllocateSpinLock();
      NdisDprAcquireSpinLock(lock); // at PASSIVE: Irql_Synch_Function
      NdisDprReleaseSpinLock(lock); // at PASSIVE too
      NdisAcquireSpinLock(lock);
      NdisAcquireSpinLock(lock); // deadlock
      NdisReleaseSpinLock(lock);
      NdisReleaseSpinLock(lock); // not held, and at PASSIVE
    });
    expect(codes(w.events)).toEqual([
      "irql-too-low",
      "irql-too-low",
      "spin-lock-misuse",
      "irql-too-low",
      "spin-lock-misuse",
    ]);
  });

  it("a PASSIVE-only DDI called at DISPATCH_LEVEL is reported with its IRQL rule", () => {
    const w = makeWorld();
    const binding = w.client.bindings[0]!.handle as NdisHandle<"Binding">;
    w.host.runAtDispatch("TESTCL", () =>
      NdisClOpenAddressFamilyEx(binding, { AddressFamily: 99, MajorVersion: 1, MinorVersion: 0 }, null),
    );
    expect(w.contracts()[0]).toBe(
      "irql-too-high: NdisClOpenAddressFamilyEx called at DISPATCH_LEVEL; its page requires PASSIVE_LEVEL (Irql_Protocol_Driver_Function)",
    );
  });

  it("driver code that returns to NDIS holding a spin lock is reported", () => {
    const w = makeWorld();
    w.host.runAs("TESTCM", () => {
      const lock = NdisAllocateSpinLock();
      const item = NdisAllocateIoWorkItem(w.cm!.bindings[0]!.handle as NdisHandle<"Binding">)!;
      NdisQueueIoWorkItem(item, () => NdisAcquireSpinLock(lock), null);
    });
    w.settle();
    expect(codes(w.events)).toEqual(["spin-lock-held-at-exit"]);
  });
});

describe("memory", () => {
  it("blocks are tracked with tag and owner; a double free is reported and changes nothing", () => {
    const w = makeWorld();
    const binding = w.client.bindings[0]!.handle as NdisHandle<"Binding">;
    const before = w.host.snapshot().liveBlocks;
    w.host.runAs("TESTCL", () => {
      const block = NdisAllocateMemoryWithTagPriority(binding, 32, makeTag("lCsT"), 16)!;
      expect(block.bytes).toHaveLength(32);
      expect(tagName(block.Tag)).toBe("TsCl");
      expect(w.host.snapshot().liveBlocks).toBe(before + 1);
      NdisFreeMemory(block, 32, 0);
      NdisFreeMemory(block, 32, 0);
    });
    expect(w.host.snapshot().liveBlocks).toBe(before);
    expect(codes(w.events)).toEqual(["double-free"]);
    const alloc = w.events.find((e) => e.type === "alloc" && e.owner === "TESTCL");
    expect(alloc).toMatchObject({ tag: "TsCl", length: 32 });
  });

  it("allocation with a bad handle returns NULL and is reported", () => {
    const w = makeWorld();
    const r = w.host.runAs("TESTCL", () =>
      NdisAllocateMemoryWithTagPriority(
        { kind: "Sap", slot: 1, generation: 9, host: "A" } as unknown as NdisHandle<"Sap">,
        8,
        0,
        16,
      ),
    );
    expect(r).toBeNull();
    expect(codes(w.events)).toContain("invalid-handle");
  });
});

describe("work items and timers", () => {
  it("a work item runs later at PASSIVE_LEVEL in its driver's context", () => {
    const w = makeWorld();
    const seen: { irql: number; driver: string | undefined }[] = [];
    w.host.runAs("TESTCL", () => {
      const item = NdisAllocateIoWorkItem(w.client.bindings[0]!.handle as NdisHandle<"Binding">)!;
      NdisQueueIoWorkItem(
        item,
        () => seen.push({ irql: currentFrame()!.irql, driver: currentFrame()!.driver?.name }),
        null,
      );
    });
    expect(seen).toEqual([]);
    w.settle();
    expect(seen).toEqual([{ irql: PASSIVE_LEVEL, driver: "TESTCL" }]);
  });

  it("a timer fires at DISPATCH_LEVEL after its virtual due time; a cancelled one does not", () => {
    const w = makeWorld();
    const fired: bigint[] = [];
    const binding = w.client.bindings[0]!.handle as NdisHandle<"Binding">;
    const start = w.scheduler.now();
    w.host.runAs("TESTCL", () => {
      const t1 = NdisAllocateTimerObject(binding, {
        AllocationTag: 0,
        TimerFunction: () => fired.push(w.scheduler.now() - start),
        FunctionContext: null,
      });
      const t2 = NdisAllocateTimerObject(binding, {
        AllocationTag: 0,
        TimerFunction: () => fired.push(-1n),
        FunctionContext: null,
      });
      expect(t1.status).toBe(NDIS_STATUS_SUCCESS);
      NdisSetTimerObject(t1.TimerObject!, -10_000n, 0); // 1 ms
      NdisSetTimerObject(t2.TimerObject!, -20_000n, 0);
      expect(NdisCancelTimerObject(t2.TimerObject!)).toBe(true);
      NdisFreeTimerObject(t2.TimerObject!);
    });
    w.settle();
    expect(fired).toEqual([1_000_000n]);
  });
});
