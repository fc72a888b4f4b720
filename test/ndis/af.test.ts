import { describe, expect, it } from "vitest";
import {
  CO_ADDRESS_FAMILY,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  NdisClCloseAddressFamily,
  NdisClOpenAddressFamilyEx,
  NdisCmOpenAddressFamilyComplete,
  type NdisHandle,
  NdisMCmOpenAddressFamilyComplete,
  PASSIVE_LEVEL,
} from "../../src/ndis/index.ts";
import type { CmPolicy } from "../support/drivers/policy.ts";
import { makeWorld } from "../support/world.ts";
import { codes, entries, handlerEntries } from "./helpers.ts";

const kinds = ["cm", "mcm"] as const;
const policy = (p: Partial<CmPolicy>): CmPolicy => ({
  openAf: "sync",
  closeAf: "sync",
  registerSap: "sync",
  deregisterSap: "sync",
  ...p,
});

describe.each(kinds)("address families (%s)", (kind) => {
  const cmDriver = kind === "cm" ? "TESTCM" : "TESTMCM";

  it("a registered AF is offered to the client (not to the CM), which opens it synchronously", () => {
    const w = makeWorld({ kind });
    const notifies = handlerEntries(w.events, "ProtocolCoAfRegisterNotify");
    expect(notifies.map((e) => e.driver)).toEqual(["TESTCL"]);
    expect(notifies.every((e) => e.irql === PASSIVE_LEVEL)).toBe(true);
    expect(w.client.af().state).toBe("open");
    expect(w.client.af().openCompletions).toBe(1);
    expect(entries(w.events, "ProtocolClOpenAfCompleteEx")).toBe(0); // a synchronous open completes in the client's own code
    expect(w.host.snapshot().afs).toEqual([
      {
        id: expect.any(Number),
        addressFamily: CO_ADDRESS_FAMILY.CO_ADDRESS_FAMILY_Q2931,
        client: "TESTCL",
        callManager: cmDriver,
        state: "Open",
      },
    ]);
    expect(codes(w.events)).toEqual([]);
  });

  it("a pended open completes through ProtocolClOpenAfCompleteEx, at PASSIVE_LEVEL even when completed at DISPATCH_LEVEL (Q17)", () => {
    const w = makeWorld({ kind, policy: policy({ openAf: "pend-manual" }) });
    const af = w.client.af();
    expect(af.state).toBe("opening");
    w.host.runAtDispatch(cmDriver, () => w.core().releaseOne());
    expect(af.openCompletions).toBe(0); // deferred to a PASSIVE worker
    w.settle();
    expect(af.openCompletions).toBe(1);
    expect(af.state).toBe("open");
    const [callback] = handlerEntries(w.events, "ProtocolClOpenAfCompleteEx");
    expect(callback?.irql).toBe(PASSIVE_LEVEL);
    expect(codes(w.events)).toEqual([]);
  });

  it("a failed open frees the AF and reports the CM's status with a NULL handle", () => {
    const w = makeWorld({ kind, policy: policy({ openAf: { fail: NDIS_STATUS_RESOURCES } }) });
    const af = w.client.af();
    expect(af.state).toBe("failed");
    expect(w.host.snapshot().afs).toEqual([]);
  });

  it("opening an AF that is not registered on the adapter fails without reaching a CM", () => {
    const w = makeWorld({ kind });
    const binding = w.client.bindings[0]!.handle as NdisHandle<"Binding">;
    const r = w.host.runAs(w.client.name, () =>
      NdisClOpenAddressFamilyEx(
        binding,
        { AddressFamily: CO_ADDRESS_FAMILY.CO_ADDRESS_FAMILY_L2TP, MajorVersion: 1, MinorVersion: 0 },
        null,
      ),
    );
    expect(r).toEqual({ status: NDIS_STATUS_FAILURE, NdisAfHandle: null });
    expect(entries(w.events, "ProtocolCmOpenAf")).toBe(1);
  });

  it("close: synchronous SUCCESS is final; a second close is refused (the handle died at the first)", () => {
    const w = makeWorld({ kind });
    const handle = w.client.af().handle as NdisHandle<"Af">;
    expect(w.client.closeAf(w.host)).toBe(NDIS_STATUS_SUCCESS);
    expect(w.host.snapshot().afs).toEqual([]);
    expect(w.host.runAs(w.client.name, () => NdisClCloseAddressFamily(handle))).toBe(NDIS_STATUS_FAILURE);
    expect(entries(w.events, "ProtocolCmCloseAf")).toBe(1);
    expect(codes(w.events)).toEqual(["invalid-handle"]);
  });

  it("close: pended close completes once through ProtocolClCloseAfComplete; a close while closing fails", () => {
    const w = makeWorld({ kind, policy: policy({ closeAf: "pend-manual" }) });
    const af = w.client.af();
    const handle = af.handle as NdisHandle<"Af">;
    expect(w.client.closeAf(w.host)).toBe(NDIS_STATUS_PENDING);
    expect(w.host.runAs(w.client.name, () => NdisClCloseAddressFamily(handle))).toBe(NDIS_STATUS_FAILURE);
    w.host.runAs(cmDriver, () => w.core().releaseOne());
    expect(af.closeCompletions).toBe(1);
    expect(af.state).toBe("closed");
    expect(w.host.snapshot().afs).toEqual([]);
    expect(codes(w.events)).toEqual(["wrong-state"]);
  });

  it("Q8: closing with a SAP still registered fails without calling the CM", () => {
    const w = makeWorld({ kind });
    w.client.registerSap(w.host);
    expect(w.client.closeAf(w.host)).toBe(NDIS_STATUS_FAILURE);
    expect(entries(w.events, "ProtocolCmCloseAf")).toBe(0);
    expect(codes(w.events)).toEqual(["af-closed-with-saps"]);
    expect(w.client.af().state).toBe("open");
  });

  it("Q8: closing with only deregistering SAPs reaches the CM, which pends until they are gone", () => {
    const w = makeWorld({ kind, policy: policy({ deregisterSap: "pend-manual" }) });
    const { sap } = w.client.registerSap(w.host);
    w.client.deregisterSap(w.host, sap);
    expect(w.client.closeAf(w.host)).toBe(NDIS_STATUS_PENDING);
    expect(entries(w.events, "ProtocolCmCloseAf")).toBe(1);
    w.host.runAs(cmDriver, () => w.core().releaseOne());
    w.settle();
    expect(sap.deregisterCompletions).toBe(1);
    expect(w.client.af().state).toBe("closed");
    expect(codes(w.events)).toEqual([]);
  });

  it("Q8: a CM's NOT_ACCEPTED reaches the client as FAILURE and the AF stays open", () => {
    const w = makeWorld({ kind, policy: policy({ closeAf: { fail: NDIS_STATUS_NOT_ACCEPTED } }) });
    expect(w.client.closeAf(w.host)).toBe(NDIS_STATUS_FAILURE);
    expect(w.host.snapshot().afs.map((a) => a.state)).toEqual(["Open"]);
  });

  it("Q13: an open completed inside ProtocolCmOpenAf before it returns PENDING completes once", () => {
    const w = makeWorld({ kind, policy: policy({ openAf: "complete-inside" }) });
    w.settle();
    expect(w.client.af().openCompletions).toBe(1);
    expect(w.client.af().state).toBe("open");
    expect(codes(w.events)).toEqual([]);
  });

  it("a second open completion, or one without a pended open, is refused", () => {
    const w = makeWorld({ kind, policy: policy({ openAf: "pend-manual" }) });
    const complete = kind === "cm" ? NdisCmOpenAddressFamilyComplete : NdisMCmOpenAddressFamilyComplete;
    w.host.runAs(cmDriver, () => w.core().releaseOne());
    w.settle();
    const handle = w.client.af().handle as NdisHandle<"Af">;
    w.host.runAs(cmDriver, () => complete(NDIS_STATUS_SUCCESS, handle, null));
    expect(codes(w.events)).toEqual(["double-completion"]);
    expect(w.client.af().openCompletions).toBe(1);
  });

  it("8.8 CM-initiated close: the client deregisters its SAPs and closes; the CM then unbinds cleanly", () => {
    const w = makeWorld({ kind, policy: policy({ deregisterSap: "pend", closeAf: "pend" }) });
    const { sap } = w.client.registerSap(w.host);
    if (kind === "cm") w.host.unloadDriver("TESTCM");
    else w.host.removeAdapter("ATM0");
    w.settle();
    expect(sap.deregisterCompletions).toBe(1);
    expect(sap.lastStatus).toBe(NDIS_STATUS_SUCCESS);
    expect(w.client.af().state).toBe("closed");
    expect(entries(w.events, "ProtocolClNotifyCloseAf")).toBe(kind === "cm" ? 1 : 0);
    expect(w.host.snapshot().afs).toEqual([]);
    expect(w.host.snapshot().liveBlocks).toBe(0);
    expect(codes(w.events)).toEqual([]);
  });

  it("Q14: the MCM form called by a stand-alone CM (or the reverse) is reported, and still works", () => {
    const w = makeWorld({ kind, policy: policy({ openAf: "pend-manual" }) });
    const wrong = kind === "cm" ? NdisMCmOpenAddressFamilyComplete : NdisCmOpenAddressFamilyComplete;
    const af = w.client.af();
    // Complete the pended open with the other form instead of the CM's own.
    w.host.runAs(cmDriver, () => wrong(NDIS_STATUS_SUCCESS, openAfHandle(w), null));
    w.settle();
    expect(af.state).toBe("open");
    expect(codes(w.events)).toEqual(["wrong-form"]);
  });
});

describe("Q11: no AF deregistration DDI", () => {
  it("the AF dies with the CM's binding and is offered again when the CM comes back", () => {
    const w = makeWorld({ kind: "cm" });
    w.host.unloadDriver("TESTCM");
    w.settle();
    expect(w.host.snapshot().afs).toEqual([]);
    const again = w.cm!;
    w.host.loadDriver("TESTCM", again.DriverEntry);
    w.settle();
    expect(handlerEntries(w.events, "ProtocolCoAfRegisterNotify")).toHaveLength(2);
    expect(w.host.snapshot().afs.map((a) => a.state)).toEqual(["Open"]);
  });
});

/** The NdisAfHandle NDIS gave the CM in its pended ProtocolCmOpenAf. */
function openAfHandle(w: ReturnType<typeof makeWorld>): NdisHandle<"Af"> {
  const opens = [...w.host.adapters.values()].flatMap((a) => [...a.afs].flatMap((r) => [...r.opens]));
  const open = opens[0];
  if (open === undefined) throw new Error("no AF open");
  return open.handle;
}
