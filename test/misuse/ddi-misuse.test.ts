/**
 * Each misuse the issue lists gets a verifier violation naming the DDI and the bad argument (or a
 * documented NDIS_STATUS, or NdisUsageError where no host can be found), leaves state intact,
 * and never throws a raw JavaScript error.
 */
import { describe, expect, it } from "vitest";
import { currentFrame } from "../../src/ndis/context.ts";
import {
  CO_CALL_FLAGS,
  makeTag,
  NDIS_ERROR_CODE,
  NDIS_STATUS_INVALID_PARAMETER,
  NDIS_STATUS_SUCCESS,
  NdisAcquireSpinLock,
  NdisAllocateMemoryWithTagPriority,
  NdisAllocateSpinLock,
  NdisClMakeCall,
  NdisClOpenAddressFamilyEx,
  NdisCmActivateVc,
  NdisCmCloseCallComplete,
  NdisCmDispatchCallConnected,
  NdisCmDispatchIncomingCloseCall,
  NdisCmMakeCallComplete,
  NdisCmRegisterSapComplete,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  NdisCoOidRequest,
  NdisDprAcquireSpinLock,
  NdisDprReleaseSpinLock,
  NdisFreeMemory,
  NdisFreeSpinLock,
  type NdisHandle,
  NdisReleaseSpinLock,
  NdisUsageError,
  NdisWriteErrorLogEntry,
  PASSIVE_LEVEL,
} from "../../src/ndis/index.ts";
import { syncPolicy } from "../support/drivers/policy.ts";
import { makeWorld } from "../support/world.ts";

import { binding, checked, cmBinding } from "./checked.ts";

describe("spin locks", () => {
  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a number", 7],
    ["a foreign object", { id: 1 }],
  ])("given %s, each spin-lock DDI is refused with a violation naming it and SpinLock", (_what, bad) => {
    const { w, found } = checked();
    const calls = [NdisAcquireSpinLock, NdisReleaseSpinLock, NdisDprAcquireSpinLock, NdisDprReleaseSpinLock];
    w.host.runAtDispatch(w.client.name, () => {
      for (const call of calls) call(bad as never);
    });
    w.host.runAs(w.client.name, () => NdisFreeSpinLock(bad as never));
    const names = [
      "NdisAcquireSpinLock",
      "NdisReleaseSpinLock",
      "NdisDprAcquireSpinLock",
      "NdisDprReleaseSpinLock",
      "NdisFreeSpinLock",
    ];
    expect(found()).toHaveLength(5);
    for (const [i, v] of found().entries()) {
      expect(v).toMatch(/^CONDIS-HDL-003 Handle_Valid: /);
      expect(v).toContain(`${names[i]}: SpinLock`);
    }
  });

  it("a lock used after NdisFreeSpinLock, or freed twice, is reported as used after free and not taken", () => {
    const { w, found } = checked();
    const irql = w.host.runAs(w.client.name, () => {
      const lock = NdisAllocateSpinLock();
      NdisFreeSpinLock(lock);
      NdisAcquireSpinLock(lock);
      const after = currentFrame()?.irql;
      NdisFreeSpinLock(lock);
      return after;
    });
    // The refused acquisition did not raise the IRQL.
    expect(irql).toBe(PASSIVE_LEVEL);
    expect(found()).toHaveLength(2);
    expect(found()[0]).toMatch(
      /^CONDIS-HDL-002 Handle_NotUsedAfterFree: NdisAcquireSpinLock: lock \d+ was freed with NdisFreeSpinLock$/,
    );
    expect(found()[1]).toMatch(
      /^CONDIS-HDL-002 Handle_NotUsedAfterFree: NdisFreeSpinLock: lock \d+ was freed with NdisFreeSpinLock$/,
    );
  });
});

describe("NdisWriteErrorLogEntry", () => {
  it.each([
    ["a string ErrorCode", ["timeout"], "ErrorCode (timeout)"],
    ["a non-numeric ErrorValue", [NDIS_ERROR_CODE.NDIS_ERROR_CODE_TIMEOUT, 1, { x: 1 }], "ErrorValues[1]"],
    ["a negative ErrorCode", [-1], "ErrorCode (-1)"],
  ])("with %s logs nothing and is a violation naming the argument", (_what, args, named) => {
    const { w, found } = checked();
    const logs = () => w.events.filter((e) => e.type === "log").length;
    const before = logs();
    w.host.runAs(w.client.name, () =>
      (NdisWriteErrorLogEntry as (...a: unknown[]) => void)(binding(w), ...(args as unknown[])),
    );
    expect(logs()).toBe(before);
    expect(found()).toHaveLength(1);
    expect(found()[0]).toMatch(/^CONDIS-PRM-001 Parameter_WellFormed: NdisWriteErrorLogEntry: /);
    expect(found()[0]).toContain(named);
  });

  it("with ULONG arguments logs the entry", () => {
    const { w, found } = checked();
    w.host.runAs(w.client.name, () =>
      NdisWriteErrorLogEntry(binding(w), NDIS_ERROR_CODE.NDIS_ERROR_CODE_TIMEOUT, 5),
    );
    expect(w.events.filter((e) => e.type === "log").at(-1)).toMatchObject({
      errorCode: NDIS_ERROR_CODE.NDIS_ERROR_CODE_TIMEOUT,
      values: [5],
    });
    expect(found()).toEqual([]);
  });
});

describe("call DDIs on a VC that carries no call", () => {
  const params = { Flags: CO_CALL_FLAGS.PERMANENT_VC } as never;
  const cases = [
    [
      "NdisCmMakeCallComplete",
      "CONDIS-CMP-002",
      (vc: NdisHandle<"Vc">) => NdisCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, null, null, params),
    ],
    [
      "NdisCmCloseCallComplete",
      "CONDIS-CMP-002",
      (vc: NdisHandle<"Vc">) => NdisCmCloseCallComplete(NDIS_STATUS_SUCCESS, vc, null),
    ],
    [
      "NdisCmDispatchCallConnected",
      "CONDIS-CALL-010",
      (vc: NdisHandle<"Vc">) => NdisCmDispatchCallConnected(vc),
    ],
    [
      "NdisCmDispatchIncomingCloseCall",
      "CONDIS-CALL-011",
      (vc: NdisHandle<"Vc">) => NdisCmDispatchIncomingCloseCall(NDIS_STATUS_SUCCESS, vc, null, 0),
    ],
  ] as const;

  it.each(cases)("%s on the call manager's signaling VC (NULL AF) is a violation (%s)", (ddi, rule, call) => {
    const { w, found } = checked();
    const vc = w.host.runAs("TESTCM", () => NdisCoCreateVc(cmBinding(w), null, {}).NdisVcHandle);
    expect(vc).not.toBeNull();
    const before = w.host.snapshot();
    w.host.runAs("TESTCM", () => call(vc!));
    expect(w.host.snapshot()).toEqual(before);
    expect(found()).toHaveLength(1);
    expect(found()[0]).toMatch(new RegExp(`^${rule} `));
    expect(found()[0]).toContain(ddi);
    w.host.runAs("TESTCM", () => NdisCoDeleteVc(vc!));
  });
});

describe("status arguments", () => {
  it("an incoming close whose CloseStatus is no NDIS_STATUS is refused (Parameter_WellFormed)", () => {
    const { w, found } = checked();
    const vc = w.host.runAs(
      w.client.name,
      () => NdisCoCreateVc(binding(w), w.client.af().handle, {}).NdisVcHandle,
    );
    const before = w.host.snapshot();
    w.host.runAs("TESTCM", () => NdisCmDispatchIncomingCloseCall("closed" as never, vc!, null, 0));
    expect(w.host.snapshot()).toEqual(before);
    expect(found()).toHaveLength(1);
    expect(found()[0]).toMatch(
      /^CONDIS-PRM-001 Parameter_WellFormed: NdisCmDispatchIncomingCloseCall: CloseStatus \(closed\) is not an NDIS_STATUS/,
    );
  });
});

describe("structure arguments", () => {
  it.each([
    ["NULL", null],
    ["an object with no Oid", {}],
  ])("NdisCoOidRequest with %s for OidRequest returns INVALID_PARAMETER and is reported", (_what, bad) => {
    const { w, found } = checked();
    const status = w.host.runAs(w.client.name, () =>
      NdisCoOidRequest(binding(w), null, null, null, bad as never),
    );
    expect(status).toBe(NDIS_STATUS_INVALID_PARAMETER);
    expect(found()).toHaveLength(1);
    expect(found()[0]).toMatch(
      /^CONDIS-PRM-001 Parameter_WellFormed: NdisCoOidRequest: OidRequest .* has no numeric Oid/,
    );
  });
});

describe("call parameters", () => {
  it("NdisCmActivateVc with no CO_CALL_PARAMETERS returns INVALID_PARAMETER without calling the miniport", () => {
    const { w, found } = checked();
    const vc = w.host.runAs("TESTCM", () => NdisCoCreateVc(cmBinding(w), null, {}).NdisVcHandle);
    const before = w.host.snapshot();
    const status = w.host.runAs("TESTCM", () => NdisCmActivateVc(vc!, null as never));
    expect(status).toBe(NDIS_STATUS_INVALID_PARAMETER);
    expect(w.host.snapshot()).toEqual(before);
    expect(w.events.some((e) => e.type === "handler-enter" && e.handler === "MiniportCoActivateVc")).toBe(
      false,
    );
    expect(found()).toHaveLength(1);
    expect(found()[0]).toMatch(
      /^CONDIS-PRM-001 Parameter_WellFormed: NdisCmActivateVc: CallParameters \(null\)/,
    );
  });

  it("NdisClMakeCall with no CO_CALL_PARAMETERS returns INVALID_PARAMETER without calling the call manager", () => {
    const { w, found } = checked();
    const r = w.host.runAs(w.client.name, () => {
      const vc = NdisCoCreateVc(binding(w), w.client.af().handle, {}).NdisVcHandle!;
      return NdisClMakeCall(vc, undefined as never, null);
    });
    expect(r.status).toBe(NDIS_STATUS_INVALID_PARAMETER);
    expect(w.events.some((e) => e.type === "handler-enter" && e.handler === "ProtocolCmMakeCall")).toBe(
      false,
    );
    expect(found()).toHaveLength(1);
    expect(found()[0]).toMatch(/^CONDIS-PRM-001 Parameter_WellFormed: NdisClMakeCall: CallParameters/);
  });
});

describe("handles are unforgeable by identity", () => {
  const forgeries = [
    ["an object-spread copy", (h: NdisHandle<"Binding">) => ({ ...h })],
    ["a JSON round trip", (h: NdisHandle<"Binding">) => JSON.parse(JSON.stringify(h))],
    [
      "a hand-made handle",
      (h: NdisHandle<"Binding">) => ({ kind: "Binding", host: "A", slot: h.slot, generation: h.generation }),
    ],
  ] as const;

  it.each(forgeries)("%s of a live binding handle is refused (Handle_Valid)", (_what, forge) => {
    const { w, found } = checked();
    const before = w.host.snapshot();
    const r = w.host.runAs(w.client.name, () =>
      NdisClOpenAddressFamilyEx(
        forge(binding(w)) as never,
        { AddressFamily: 99, MajorVersion: 1, MinorVersion: 0 },
        null,
      ),
    );
    expect(r.status).not.toBe(NDIS_STATUS_SUCCESS);
    expect(w.host.snapshot()).toEqual(before);
    expect(found()).toHaveLength(1);
    expect(found()[0]).toMatch(
      /^CONDIS-HDL-003 Handle_Valid: NdisClOpenAddressFamilyEx: not a handle NDIS issued/,
    );
  });

  it("two hosts with the same name cannot use each other's handles", () => {
    const { w, found } = checked();
    const twin = makeWorld();
    expect(twin.host.name).toBe(w.host.name);
    const before = [w.host.snapshot(), twin.host.snapshot()];
    w.host.runAs(w.client.name, () =>
      NdisClOpenAddressFamilyEx(binding(twin), { AddressFamily: 99, MajorVersion: 1, MinorVersion: 0 }, null),
    );
    expect([w.host.snapshot(), twin.host.snapshot()]).toEqual(before);
    expect(found()).toHaveLength(1);
    expect(found()[0]).toMatch(/^CONDIS-HDL-003 Handle_Valid: .*belongs to host "A"/);
  });
});

describe("a DDI with no current driver", () => {
  it("NdisFreeMemory outside host.runAs throws NdisUsageError and frees nothing", () => {
    const w = makeWorld();
    const block = w.host.runAs(w.client.name, () =>
      NdisAllocateMemoryWithTagPriority(binding(w), 8, makeTag("tsMx"), 0),
    );
    const live = w.host.snapshot().liveBlocks;
    let thrown: unknown;
    try {
      NdisFreeMemory(block!, 8, 0);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NdisUsageError);
    expect((thrown as NdisUsageError).code).toBe("no-driver-context");
    expect((thrown as NdisUsageError).message).toContain("NdisFreeMemory");
    expect(w.host.snapshot().liveBlocks).toBe(live);
    w.host.runAs(w.client.name, () => NdisFreeMemory(block!, 8, 0));
    expect(w.host.snapshot().liveBlocks).toBe(live - 1);
  });

  it("a DDI given a live handle outside driver code throws NdisUsageError too", () => {
    const w = makeWorld();
    expect(() =>
      NdisClOpenAddressFamilyEx(binding(w), { AddressFamily: 99, MajorVersion: 1, MinorVersion: 0 }, null),
    ).toThrow(NdisUsageError);
    expect(() => NdisAllocateSpinLock()).toThrow(NdisUsageError);
  });
});

describe("a completion whose Status is no NDIS_STATUS", () => {
  it("is ignored and reported; the request stays pended and completes normally afterwards", () => {
    const { w, found } = checked(makeWorld({ policy: { ...syncPolicy(), registerSap: "pend-manual" } }));
    w.client.registerSap(w.host);
    w.settle();
    const sap = w.core().sapHandles[0]!;
    expect(w.host.snapshot().saps.map((x) => x.state)).toEqual(["Registering"]);
    w.host.runAs("TESTCM", () => NdisCmRegisterSapComplete("ok" as never, sap, null));
    expect(w.host.snapshot().saps.map((x) => x.state)).toEqual(["Registering"]);
    expect(found()).toEqual([
      "CONDIS-PRM-001 Parameter_WellFormed: NdisCmRegisterSapComplete: Status (ok) is not an NDIS_STATUS; the completion is ignored",
    ]);
    w.host.runAs("TESTCM", () => w.core().releaseOne());
    w.settle();
    expect(w.host.snapshot().saps.map((x) => x.state)).toEqual(["Registered"]);
    expect(found()).toHaveLength(1);
  });
});

describe("NdisFreeMemory of another driver's block", () => {
  it("is a violation blamed on the caller; the owner's block stays allocated and its own free is clean", () => {
    const { w, found, drivers } = checked();
    const block = w.host.runAs("TESTCM", () =>
      NdisAllocateMemoryWithTagPriority(cmBinding(w), 16, makeTag("tsCm"), 0),
    );
    const live = w.host.snapshot().liveBlocks;
    w.host.runAs(w.client.name, () => NdisFreeMemory(block!, 16, 0));
    expect(w.host.snapshot().liveBlocks).toBe(live);
    expect(found()).toHaveLength(1);
    expect(found()[0]).toMatch(
      /^CONDIS-MEM-004 Memory_FreeOnlyAllocated: NdisFreeMemory: .*belongs to driver "TESTCM", not to the caller "TESTCL"/,
    );
    expect(drivers()).toEqual(["TESTCL"]);
    w.host.runAs("TESTCM", () => NdisFreeMemory(block!, 16, 0));
    expect(w.host.snapshot().liveBlocks).toBe(live - 1);
    expect(found()).toHaveLength(1);
  });
});
