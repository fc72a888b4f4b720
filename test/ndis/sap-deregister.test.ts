import { describe, expect, it } from "vitest";
import {
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  NdisClDeregisterSap,
  NdisCmDeregisterSapComplete,
  type NdisHandle,
  NdisMCmDeregisterSapComplete,
} from "../../src/ndis/index.ts";
import { sapAcceptsDispatch } from "../../src/ndis/sap.ts";
import type { CmPolicy } from "../support/drivers/policy.ts";
import { makeWorld } from "../support/world.ts";
import { codes, entries, indexOf } from "./helpers.ts";

const kinds = ["cm", "mcm"] as const;
const deregister = (answer: CmPolicy["deregisterSap"]): CmPolicy => ({
  openAf: "sync",
  closeAf: "sync",
  registerSap: "sync",
  deregisterSap: answer,
});

describe.each(kinds)("SAP deregistration (%s)", (kind) => {
  const cmDriver = kind === "cm" ? "TESTCM" : "TESTMCM";
  const complete = kind === "cm" ? NdisCmDeregisterSapComplete : NdisMCmDeregisterSapComplete;

  it("8.3 synchronous: PENDING, ProtocolClDeregisterSapComplete(SUCCESS) once, SAP and per-SAP area freed", () => {
    const w = makeWorld({ kind });
    const { sap } = w.client.registerSap(w.host);
    const blocks = w.host.snapshot().liveBlocks;
    expect(w.client.deregisterSap(w.host, sap)).toBe(NDIS_STATUS_PENDING);
    expect(sap.deregisterCompletions).toBe(1);
    expect(sap.lastStatus).toBe(NDIS_STATUS_SUCCESS);
    expect(w.host.snapshot().saps).toEqual([]);
    expect(w.host.snapshot().liveBlocks).toBe(blocks - 1);
    expect(codes(w.events)).toEqual([]);
  });

  it("8.4 pending: the completion comes only from the CM's Ndis(M)CmDeregisterSapComplete, exactly once", () => {
    const w = makeWorld({ kind, policy: deregister("pend-manual") });
    const { sap } = w.client.registerSap(w.host);
    expect(w.client.deregisterSap(w.host, sap)).toBe(NDIS_STATUS_PENDING);
    expect(sap.deregisterCompletions).toBe(0);
    expect(w.host.snapshot().saps.map((s) => s.state)).toEqual(["Deregistering"]);
    w.host.runAs(cmDriver, () => w.core().releaseOne());
    expect(sap.deregisterCompletions).toBe(1);
    expect(sap.lastStatus).toBe(NDIS_STATUS_SUCCESS);
    expect(w.host.snapshot().saps).toEqual([]);
    const completeAt = indexOf(
      w.events,
      (e) =>
        e.type === "ddi-call" &&
        e.ddi === (kind === "cm" ? "NdisCmDeregisterSapComplete" : "NdisMCmDeregisterSapComplete"),
    );
    const clientAt = indexOf(
      w.events,
      (e) => e.type === "handler-enter" && e.handler === "ProtocolClDeregisterSapComplete",
    );
    expect(clientAt).toBeGreaterThan(completeAt);
    expect(codes(w.events)).toEqual([]);
  });

  it("8.4 pending via a work item: completes after the scheduler runs it", () => {
    const w = makeWorld({ kind, policy: deregister("pend") });
    const { sap } = w.client.registerSap(w.host);
    w.client.deregisterSap(w.host, sap);
    expect(sap.deregisterCompletions).toBe(0);
    w.settle();
    expect(sap.deregisterCompletions).toBe(1);
    expect(codes(w.events)).toEqual([]);
  });

  it("a redundant NdisClDeregisterSap returns FAILURE and does not reach the CM", () => {
    const w = makeWorld({ kind, policy: deregister("pend-manual") });
    const { sap } = w.client.registerSap(w.host);
    const handle = sap.handle as NdisHandle<"Sap">;
    expect(w.client.deregisterSap(w.host, sap)).toBe(NDIS_STATUS_PENDING);
    expect(w.host.runAs(w.client.name, () => NdisClDeregisterSap(handle))).toBe(NDIS_STATUS_FAILURE);
    expect(entries(w.events, "ProtocolCmDeregisterSap")).toBe(1);
    expect(codes(w.events)).toEqual(["wrong-state"]);
  });

  it("the client's handle is dead after deregistration: a later call is refused as stale", () => {
    const w = makeWorld({ kind });
    const { sap } = w.client.registerSap(w.host);
    const handle = sap.handle as NdisHandle<"Sap">;
    w.client.deregisterSap(w.host, sap);
    expect(w.host.runAs(w.client.name, () => NdisClDeregisterSap(handle))).toBe(NDIS_STATUS_FAILURE);
    expect(entries(w.events, "ProtocolCmDeregisterSap")).toBe(1);
    expect(w.contracts()[0]).toMatch(/^invalid-handle: NdisClDeregisterSap: stale Sap handle/);
  });

  it("Q13: completing inside ProtocolCmDeregisterSap before returning PENDING completes exactly once", () => {
    const w = makeWorld({ kind, policy: deregister("complete-inside") });
    const { sap } = w.client.registerSap(w.host);
    expect(w.client.deregisterSap(w.host, sap)).toBe(NDIS_STATUS_PENDING);
    expect(sap.deregisterCompletions).toBe(1);
    expect(codes(w.events)).toEqual([]);
  });

  it("a second Ndis(M)CmDeregisterSapComplete names a dead handle: refused and reported", () => {
    const w = makeWorld({ kind, policy: deregister("pend-manual") });
    const { sap } = w.client.registerSap(w.host);
    const handle = w.core().sapHandles.at(-1)!;
    w.client.deregisterSap(w.host, sap);
    w.host.runAs(cmDriver, () => w.core().releaseOne());
    w.host.runAs(cmDriver, () => complete(NDIS_STATUS_SUCCESS, handle));
    expect(sap.deregisterCompletions).toBe(1);
    expect(codes(w.events)).toEqual(["invalid-handle"]);
  });

  it("a completion without a pended deregistration is refused and leaves the SAP registered", () => {
    const w = makeWorld({ kind });
    const { sap } = w.client.registerSap(w.host);
    const handle = w.core().sapHandles.at(-1)!;
    w.host.runAs(cmDriver, () => complete(NDIS_STATUS_SUCCESS, handle));
    expect(codes(w.events)).toEqual(["completion-without-pending"]);
    expect(sap.deregisterCompletions).toBe(0);
    expect(w.host.snapshot().saps.map((s) => s.state)).toEqual(["Registered"]);
  });

  it("a completion with NDIS_STATUS_PENDING is refused; the SAP stays Deregistering until a real one", () => {
    const w = makeWorld({ kind, policy: deregister("pend-manual") });
    const { sap } = w.client.registerSap(w.host);
    const handle = w.core().sapHandles.at(-1)!;
    w.client.deregisterSap(w.host, sap);
    w.host.runAs(cmDriver, () => complete(NDIS_STATUS_PENDING, handle));
    expect(codes(w.events)).toEqual(["completion-with-pending-status"]);
    expect(w.host.snapshot().saps.map((s) => s.state)).toEqual(["Deregistering"]);
    w.host.runAs(cmDriver, () => w.core().releaseOne());
    expect(sap.deregisterCompletions).toBe(1);
  });

  it("a completion with a failure status is a violation; the status reaches the client and the SAP is registered again", () => {
    const w = makeWorld({ kind, policy: deregister("pend-manual") });
    const { sap } = w.client.registerSap(w.host);
    const handle = w.core().sapHandles.at(-1)!;
    w.client.deregisterSap(w.host, sap);
    w.host.runAs(cmDriver, () => complete(NDIS_STATUS_RESOURCES, handle));
    expect(codes(w.events)).toEqual(["deregister-sap-complete-not-success", "cm-failed-deregistration"]);
    expect(sap.lastStatus).toBe(NDIS_STATUS_RESOURCES);
    expect(sap.state).toBe("registered");
    expect(w.host.snapshot().saps.map((s) => s.state)).toEqual(["Registered"]);
  });

  it("Q4: a synchronous failure from ProtocolCmDeregisterSap is propagated; the client may retry", () => {
    // Not NDIS_STATUS_FAILURE: that status tells the client the AF was closing (SAP released).
    const policy = deregister({ fail: NDIS_STATUS_RESOURCES });
    const w = makeWorld({ kind, policy });
    const { sap } = w.client.registerSap(w.host);
    expect(w.client.deregisterSap(w.host, sap)).toBe(NDIS_STATUS_PENDING);
    expect(sap.lastStatus).toBe(NDIS_STATUS_RESOURCES);
    expect(sap.state).toBe("registered");
    expect(codes(w.events)).toEqual(["cm-failed-deregistration"]);
    policy.deregisterSap = "sync";
    expect(w.client.deregisterSap(w.host, sap)).toBe(NDIS_STATUS_PENDING);
    expect(sap.state).toBe("gone");
    expect(sap.deregisterCompletions).toBe(2);
  });

  it("Q3: deregistering while the registration is pending returns FAILURE without calling the CM", () => {
    const w = makeWorld({
      kind,
      policy: { openAf: "sync", closeAf: "sync", registerSap: "pend-manual", deregisterSap: "sync" },
    });
    const { sap } = w.client.registerSap(w.host);
    const early = w.core().sapHandles.at(-1)!;
    expect(w.host.runAs(w.client.name, () => NdisClDeregisterSap(early))).toBe(NDIS_STATUS_FAILURE);
    expect(entries(w.events, "ProtocolCmDeregisterSap")).toBe(0);
    expect(codes(w.events)).toEqual(["deregister-while-registering"]);
    w.host.runAs(cmDriver, () => w.core().releaseOne());
    expect(sap.state).toBe("registered");
    expect(w.client.deregisterSap(w.host, sap)).toBe(NDIS_STATUS_PENDING);
    expect(sap.state).toBe("gone");
  });

  it("Q5: the per-SAP area must be freed by the time the deregistration completes", () => {
    const w = makeWorld({ kind, policy: deregister("pend-manual"), leakSapArea: true });
    const { sap } = w.client.registerSap(w.host);
    w.client.deregisterSap(w.host, sap);
    w.host.runAs(cmDriver, () => w.core().releaseOne());
    expect(codes(w.events)).toEqual(["sap-area-not-freed"]);
    expect(w.contracts()[0]).toContain("'tSap'");
  });

  it("Q6: a SAP accepts incoming-call dispatch while Registering or Registered, not while Deregistering", () => {
    const w = makeWorld({
      kind,
      policy: { openAf: "sync", closeAf: "sync", registerSap: "pend-manual", deregisterSap: "pend-manual" },
    });
    w.client.registerSap(w.host);
    const record = sapRecords(w)[0]!;
    expect(record.state).toBe("Registering");
    expect(sapAcceptsDispatch(record)).toBe(true);
    w.host.runAs(cmDriver, () => w.core().releaseOne());
    expect(sapAcceptsDispatch(record)).toBe(true);
    w.client.deregisterSap(w.host, w.client.saps[0]!);
    expect(record.state).toBe("Deregistering");
    expect(sapAcceptsDispatch(record)).toBe(false);
  });

  it("a stale, wrong-kind, foreign or malformed handle never reaches the CM", () => {
    const w = makeWorld({ kind });
    const other = makeWorld({ kind });
    const { sap: foreignSap } = other.client.registerSap(other.host);
    const afHandle = w.client.af().handle as unknown as NdisHandle<"Sap">;
    const attempts: unknown[] = [
      afHandle,
      foreignSap.handle,
      null,
      { kind: "Sap", slot: 99, generation: 1, host: "A" },
      42,
    ];
    for (const h of attempts)
      expect(w.host.runAs(w.client.name, () => NdisClDeregisterSap(h as NdisHandle<"Sap">))).toBe(
        NDIS_STATUS_FAILURE,
      );
    expect(entries(w.events, "ProtocolCmDeregisterSap")).toBe(0);
    expect(codes(w.events)).toEqual([
      "invalid-handle",
      "invalid-handle",
      "invalid-handle",
      "invalid-handle",
      "invalid-handle",
    ]);
    expect(w.contracts().join("\n")).toMatch(/wrong-kind[\s\S]*belongs to host|wrong-kind[\s\S]*foreign/);
  });
});

/** NDIS's SAP records, through the handles the test CM kept (for the internal dispatch predicate). */
function sapRecords(w: ReturnType<typeof makeWorld>) {
  return w.core().sapHandles.map((h) => {
    const r = w.host.handles.resolve<import("../../src/ndis/objects.ts").SapRecord>(h, "Sap");
    if (!r.ok) throw new Error("dead SAP handle");
    return r.object;
  });
}
