import { describe, expect, it } from "vitest";
import {
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SAP_IN_USE,
  NDIS_STATUS_SUCCESS,
  NdisClRegisterSap,
  NdisCmRegisterSapComplete,
  type NdisHandle,
  NdisMCmRegisterSapComplete,
} from "../../src/ndis/index.ts";
import { testSap } from "../support/drivers/client.ts";
import { makeWorld } from "../support/world.ts";
import { codes, entries } from "./helpers.ts";

const kinds = ["cm", "mcm"] as const;

describe.each(kinds)("SAP registration (%s)", (kind) => {
  it("8.1 synchronous: PENDING to the client, completion SUCCESS with the handle (Q1, Q2)", () => {
    const w = makeWorld({ kind });
    const { status, sap } = w.client.registerSap(w.host);
    expect(status).toBe(NDIS_STATUS_PENDING);
    expect(sap.registerCompletions).toBe(1);
    expect(sap.lastStatus).toBe(NDIS_STATUS_SUCCESS);
    expect(sap.handle).not.toBeNull();
    const cmSap = [...[...w.core().afs][0]!.saps][0]!;
    expect(cmSap.handle).toEqual(sap.handle);
    expect(w.host.snapshot().saps.map((s) => s.state)).toEqual(["Registered"]);
    expect(codes(w.events)).toEqual([]);
  });

  it("8.2 pending: completes once when the CM calls the completion", () => {
    const w = makeWorld({
      kind,
      policy: { openAf: "sync", closeAf: "sync", registerSap: "pend-manual", deregisterSap: "sync" },
    });
    const { status, sap } = w.client.registerSap(w.host);
    expect(status).toBe(NDIS_STATUS_PENDING);
    expect(sap.registerCompletions).toBe(0);
    expect(w.host.snapshot().saps.map((s) => s.state)).toEqual(["Registering"]);
    w.host.runAs(kind === "cm" ? "TESTCM" : "TESTMCM", () => w.core().releaseOne());
    expect(sap.registerCompletions).toBe(1);
    expect(sap.state).toBe("registered");
    expect(codes(w.events)).toEqual([]);
  });

  it("Q1 switch: with registerSapSyncReturn the CM's synchronous status is returned and no callback follows", () => {
    const w = makeWorld({ kind, options: { registerSapSyncReturn: true } });
    const { status, sap } = w.client.registerSap(w.host);
    expect(status).toBe(NDIS_STATUS_SUCCESS);
    expect(sap.registerCompletions).toBe(1);
    expect(w.client.log.filter((l) => l.what === "RegisterSapComplete(callback)")).toEqual([]);
  });

  it.each([
    ["RESOURCES", NDIS_STATUS_RESOURCES],
    ["INVALID_DATA", NDIS_STATUS_INVALID_DATA],
    ["SAP_IN_USE", NDIS_STATUS_SAP_IN_USE],
  ])("a CM failure (%s) reaches the client with a NULL handle and frees the SAP", (_name, failure) => {
    const w = makeWorld({
      kind,
      policy: { openAf: "sync", closeAf: "sync", registerSap: { fail: failure }, deregisterSap: "sync" },
    });
    const { status, sap } = w.client.registerSap(w.host);
    expect(status).toBe(NDIS_STATUS_PENDING);
    expect(sap.lastStatus).toBe(failure);
    expect(sap.handle).toBeNull();
    expect(sap.registerCompletions).toBe(1);
    expect(w.host.snapshot().saps).toEqual([]);
    expect(w.host.snapshot().liveBlocks).toBe(1); // only the CM's per-AF area
  });

  it("a failed pended registration frees the SAP and its handle", () => {
    const w = makeWorld({
      kind,
      policy: { openAf: "sync", closeAf: "sync", registerSap: "pend-manual", deregisterSap: "sync" },
    });
    const { sap } = w.client.registerSap(w.host);
    const cmDriver = kind === "cm" ? "TESTCM" : "TESTMCM";
    const handle = w.core().sapHandles.at(-1)!;
    // The CM fails it itself instead of releasing the held completion.
    w.host.runAs(cmDriver, () =>
      (kind === "cm" ? NdisCmRegisterSapComplete : NdisMCmRegisterSapComplete)(
        NDIS_STATUS_RESOURCES,
        handle,
        null,
      ),
    );
    expect(sap.lastStatus).toBe(NDIS_STATUS_RESOURCES);
    expect(sap.handle).toBeNull();
    expect(w.host.snapshot().saps).toEqual([]);
    // The held completion now names a dead handle: refused and reported.
    w.host.runAs(cmDriver, () => w.core().releaseOne());
    expect(sap.registerCompletions).toBe(1);
    expect(codes(w.events)).toEqual(["invalid-handle"]);
  });

  it("Q13: a completion called inside the handler before it returns PENDING completes exactly once", () => {
    const w = makeWorld({
      kind,
      policy: { openAf: "sync", closeAf: "sync", registerSap: "complete-inside", deregisterSap: "sync" },
    });
    const { status, sap } = w.client.registerSap(w.host);
    expect(status).toBe(NDIS_STATUS_PENDING);
    expect(sap.registerCompletions).toBe(1);
    expect(sap.state).toBe("registered");
    expect(codes(w.events)).toEqual([]);
  });

  it("Q9: ProtocolClRegisterSapComplete hands back the client's own CO_SAP buffer", () => {
    const w = makeWorld({ kind });
    const buffer = testSap(7);
    const { sap } = w.client.registerSap(w.host, buffer);
    expect(sap.returnedSap).toBe(buffer);
  });

  it("Q16: the same client registering the same SAP twice reaches the CM twice", () => {
    const w = makeWorld({ kind });
    const a = w.client.registerSap(w.host, testSap(3));
    const b = w.client.registerSap(w.host, testSap(3));
    expect(entries(w.events, "ProtocolCmRegisterSap")).toBe(2);
    expect(a.sap.state).toBe("registered");
    expect(b.sap.state).toBe("registered");
  });

  it("fails without calling the CM on an AF that is not open, or with a malformed CO_SAP", () => {
    const w = makeWorld({ kind });
    const af = w.client.af();
    const bad = w.host.runAs(w.client.name, () =>
      NdisClRegisterSap(af.handle as NdisHandle<"Af">, null, {
        SapType: 1,
        SapLength: 40,
        Sap: new Uint8Array(4),
      }),
    );
    expect(bad.status).toBe(NDIS_STATUS_INVALID_DATA);
    w.client.closeAf(w.host);
    const late = w.host.runAs(w.client.name, () =>
      NdisClRegisterSap(af.handle as NdisHandle<"Af">, null, testSap()),
    );
    expect(late.status).toBe(NDIS_STATUS_FAILURE);
    expect(entries(w.events, "ProtocolCmRegisterSap")).toBe(0);
    expect(codes(w.events)).toEqual(["bad-parameter", "invalid-handle"]);
  });

  it("a second completion, or a completion with PENDING, is refused and reported", () => {
    const w = makeWorld({
      kind,
      policy: { openAf: "sync", closeAf: "sync", registerSap: "pend-manual", deregisterSap: "sync" },
    });
    const { sap } = w.client.registerSap(w.host);
    const cmDriver = kind === "cm" ? "TESTCM" : "TESTMCM";
    const complete = kind === "cm" ? NdisCmRegisterSapComplete : NdisMCmRegisterSapComplete;
    const handle = w.core().sapHandles.at(-1)!;
    w.host.runAs(cmDriver, () => complete(NDIS_STATUS_PENDING, handle, null));
    expect(codes(w.events)).toEqual(["completion-with-pending-status"]);
    expect(sap.registerCompletions).toBe(0);
    w.host.runAs(cmDriver, () => w.core().releaseOne());
    expect(sap.registerCompletions).toBe(1);
    w.host.runAs(cmDriver, () => complete(NDIS_STATUS_SUCCESS, handle, null));
    expect(codes(w.events)).toEqual(["completion-with-pending-status", "completion-without-pending"]);
    expect(sap.registerCompletions).toBe(1);
  });
});
