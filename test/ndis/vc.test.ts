import { describe, expect, it } from "vitest";
import { atmVcParameters } from "../../src/drivers/atm-media.ts";
import type { AtmFrame } from "../../src/media/index.ts";
import {
  NDIS_STATUS_CLOSING,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_DATA,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  NdisClCloseAddressFamily,
  NdisCmActivateVc,
  NdisCmDeactivateVc,
  NdisCoCreateVc,
  NdisCoDeleteVc,
} from "../../src/ndis/index.ts";
import { makeWorld } from "../support/world.ts";
import { codes, entries } from "./helpers.ts";
import { activeClientVc, clientPool, clientSend, handles } from "./vc-helpers.ts";

const world = (opts: Parameters<typeof makeWorld>[0] = {}) => makeWorld({ medium: {}, ...opts });

describe("VC create and delete", () => {
  it("a client VC: MiniportCoCreateVc and the CM's ProtocolCoCreateVc run; the CM gets the same handle", () => {
    const w = world();
    const h = handles(w);
    const r = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, "client-vc"));
    expect(r.status).toBe(NDIS_STATUS_SUCCESS);
    expect(entries(w.events, "MiniportCoCreateVc")).toBe(1);
    expect(w.cm!.hookLog.created).toEqual([r.NdisVcHandle]);
    expect(w.host.snapshot().vcs).toEqual([
      {
        id: expect.any(Number),
        adapter: "ATM0",
        creator: "client",
        state: "Created",
        call: "None",
        sendsInFlight: 0,
      },
    ]);
    expect(w.host.runAs(w.client.name, () => NdisCoDeleteVc(r.NdisVcHandle!))).toBe(NDIS_STATUS_SUCCESS);
    expect(w.cm!.hookLog.deleted).toHaveLength(1);
    expect(entries(w.events, "MiniportCoDeleteVc")).toBe(1);
    expect(w.host.snapshot().vcs).toEqual([]);
    expect(codes(w.events)).toEqual([]);
  });

  it("a signaling VC (NULL AF handle) involves only the miniport", () => {
    const w = world();
    const r = w.host.runAs("TESTCM", () => NdisCoCreateVc(handles(w).cm, null, "signaling"));
    expect(r.status).toBe(NDIS_STATUS_SUCCESS);
    expect(w.client.hookLog.created).toEqual([]);
    expect(w.cm!.hookLog.created).toEqual([]);
    expect(entries(w.events, "MiniportCoCreateVc")).toBe(1);
  });

  it("a client cannot create a signaling VC", () => {
    const w = world();
    const r = w.host.runAs(w.client.name, () => NdisCoCreateVc(handles(w).client, null, null));
    expect(r).toEqual({ status: NDIS_STATUS_FAILURE, NdisVcHandle: null });
    expect(codes(w.events)).toEqual(["wrong-caller"]);
  });

  it("an incoming-call VC made by the CM reaches the client's ProtocolCoCreateVc", () => {
    const w = world();
    const h = handles(w);
    const r = w.host.runAs("TESTCM", () => NdisCoCreateVc(h.cm, h.af, "cm-vc"));
    expect(r.status).toBe(NDIS_STATUS_SUCCESS);
    expect(w.client.hookLog.created).toEqual([r.NdisVcHandle]);
  });

  it("a peer that fails the create undoes the miniport's VC and its status is returned", () => {
    const w = world();
    w.cm!.hooks.createVc = () => ({ status: NDIS_STATUS_RESOURCES });
    const h = handles(w);
    const r = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null));
    expect(r).toEqual({ status: NDIS_STATUS_RESOURCES, NdisVcHandle: null });
    expect(entries(w.events, "MiniportCoDeleteVc")).toBe(1);
    expect(w.host.snapshot().vcs).toEqual([]);
  });

  it("a ProtocolCoCreateVc that returns PENDING is a violation; the VC is not created", () => {
    const w = world();
    w.cm!.hooks.createVc = () => ({ status: NDIS_STATUS_PENDING });
    const h = handles(w);
    const r = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null));
    expect(r.status).toBe(NDIS_STATUS_FAILURE);
    expect(codes(w.events)).toEqual(["pending-from-never-pending-handler"]);
  });

  it("only the creator deletes; an active VC is NOT_ACCEPTED; a deactivating one is CLOSING", () => {
    const w = world({ medium: {} });
    const vc = activeClientVc(w);
    expect(w.host.runAs("TESTCM", () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_FAILURE);
    expect(w.host.runAs(w.client.name, () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_NOT_ACCEPTED);
    expect(codes(w.events)).toEqual(["vc-delete-by-non-creator", "wrong-state"]);
    expect(w.host.runAs("TESTCM", () => NdisCmDeactivateVc(vc))).toBe(NDIS_STATUS_SUCCESS);
    expect(w.host.runAs(w.client.name, () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_SUCCESS);
    expect(w.host.runAs(w.client.name, () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_FAILURE);
  });

  it("a peer's refusal to delete keeps the VC (OQ-11)", () => {
    const w = world();
    w.cm!.hooks.deleteVc = () => NDIS_STATUS_NOT_ACCEPTED;
    const h = handles(w);
    const vc = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null)).NdisVcHandle!;
    expect(w.host.runAs(w.client.name, () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_NOT_ACCEPTED);
    expect(w.host.snapshot().vcs).toHaveLength(1);
    expect(entries(w.events, "MiniportCoDeleteVc")).toBe(0);
  });

  it("an AF with a VC cannot be closed (Q8)", () => {
    const w = world();
    const h = handles(w);
    w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null));
    expect(w.host.runAs(w.client.name, () => NdisClCloseAddressFamily(h.af))).toBe(NDIS_STATUS_FAILURE);
    expect(codes(w.events)).toEqual(["af-closed-with-vcs"]);
  });
});

describe("VC activation", () => {
  it("the CM activates; a failed re-activation keeps the old parameters", () => {
    const w = world();
    activeClientVc(w, 100);
    const second = activeClientVc(w, 101);
    // Re-activating the second VC on the first's VPI/VCI is refused by the miniport.
    expect(w.host.runAs("TESTCM", () => NdisCmActivateVc(second, atmVcParameters(0, 100)))).toBe(
      NDIS_STATUS_INVALID_DATA,
    );
    expect(w.host.snapshot().vcs.map((v) => v.state)).toEqual(["Active", "Active"]);
    // The second VC still sends on 0/101.
    const frames: AtmFrame[] = [];
    w.link!.b.onReceive((f) => frames.push(f));
    clientSend(w, clientPool(w), second, new Uint8Array([9]));
    w.settle();
    expect(frames.map((f) => `${f.vpi}/${f.vci}`)).toEqual(["0/101"]);
  });

  it("a VC being re-activated keeps carrying data with its old parameters until the miniport completes", () => {
    const w = world({ medium: { pendActivation: true } });
    const vc = activeClientVc(w, 100);
    expect(w.host.runAs("TESTCM", () => NdisCmActivateVc(vc, atmVcParameters(0, 100)))).toBe(
      NDIS_STATUS_PENDING,
    );
    expect(w.host.snapshot().vcs.map((v) => v.state)).toEqual(["Activating"]);
    const frames: AtmFrame[] = [];
    w.link!.b.onReceive((f) => frames.push(f));
    clientSend(w, clientPool(w), vc, new Uint8Array([7]));
    w.settle();
    expect(frames.map((f) => `${f.vpi}/${f.vci}`)).toEqual(["0/100"]);
    // The first activation, then the re-activation.
    expect(w.cm!.hookLog.activateCompleted.map((a) => a.status)).toEqual([
      NDIS_STATUS_SUCCESS,
      NDIS_STATUS_SUCCESS,
    ]);
    expect(codes(w.events)).toEqual([]);
  });

  it("a VC's first activation carries no data until it completes", () => {
    const w = world({ medium: { pendActivation: true } });
    const h = handles(w);
    const vc = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null)).NdisVcHandle!;
    expect(w.host.runAs("TESTCM", () => NdisCmActivateVc(vc, atmVcParameters(0, 100)))).toBe(
      NDIS_STATUS_PENDING,
    );
    clientSend(w, clientPool(w), vc, new Uint8Array([7]));
    expect(codes(w.events)).toEqual(["vc-not-ready"]);
  });

  it("only the call manager activates a VC", () => {
    const w = world();
    const h = handles(w);
    const vc = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null)).NdisVcHandle!;
    expect(w.host.runAs(w.client.name, () => NdisCmActivateVc(vc, atmVcParameters(0, 5)))).toBe(
      NDIS_STATUS_FAILURE,
    );
    expect(codes(w.events)).toEqual(["wrong-caller"]);
  });

  it("a pended activation completes through ProtocolCmActivateVcComplete; deactivation NOT_ACCEPTED meanwhile", () => {
    const w = world({ medium: { pendActivation: true } });
    const h = handles(w);
    const vc = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null)).NdisVcHandle!;
    expect(w.host.runAs("TESTCM", () => NdisCmActivateVc(vc, atmVcParameters(0, 42)))).toBe(
      NDIS_STATUS_PENDING,
    );
    expect(w.host.runAs("TESTCM", () => NdisCmDeactivateVc(vc))).toBe(NDIS_STATUS_NOT_ACCEPTED);
    expect(w.host.runAs("TESTCM", () => NdisCmActivateVc(vc, atmVcParameters(0, 42)))).toBe(
      NDIS_STATUS_NOT_ACCEPTED,
    );
    w.settle();
    expect(w.cm!.hookLog.activateCompleted.map((a) => a.status)).toEqual([NDIS_STATUS_SUCCESS]);
    expect(w.host.snapshot().vcs.map((v) => v.state)).toEqual(["Active"]);
    expect(codes(w.events)).toEqual([]);
  });

  it("malformed media parameters are refused with INVALID_DATA and the VC stays Created", () => {
    const w = world();
    const h = handles(w);
    const vc = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null)).NdisVcHandle!;
    const status = w.host.runAs("TESTCM", () =>
      NdisCmActivateVc(vc, { Flags: 0, CallMgrParameters: null, MediaParameters: null }),
    );
    expect(status).toBe(NDIS_STATUS_INVALID_DATA);
    expect(w.host.snapshot().vcs.map((v) => v.state)).toEqual(["Created"]);
  });

  it("deactivating twice: the second is CLOSING while the first is pending", () => {
    const w = world();
    const vc = activeClientVc(w);
    // A send in flight makes the miniport pend the deactivation.
    const pool = clientPool(w);
    clientSend(w, pool, vc, new Uint8Array([1, 2, 3]));
    expect(w.host.runAs("TESTCM", () => NdisCmDeactivateVc(vc))).toBe(NDIS_STATUS_PENDING);
    expect(w.host.runAs("TESTCM", () => NdisCmDeactivateVc(vc))).toBe(NDIS_STATUS_CLOSING);
    expect(w.host.runAs(w.client.name, () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_CLOSING);
    w.settle();
    expect(w.cm!.hookLog.deactivateCompleted.map((d) => d.status)).toEqual([NDIS_STATUS_SUCCESS]);
  });
});
