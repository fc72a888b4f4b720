import { describe, expect, it } from "vitest";
import { atmVcParameters } from "../../src/drivers/atm-media.ts";
import {
  NDIS_STATUS_CLOSING,
  NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClCloseCall,
  NdisClIncomingCallComplete,
  NdisClMakeCall,
  NdisCmActivateVc,
  NdisCmCloseCallComplete,
  NdisCmDeactivateVc,
  NdisCmDispatchCallConnected,
  NdisCmDispatchIncomingCall,
  NdisCmDispatchIncomingCloseCall,
  NdisCmMakeCallComplete,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  type NdisHandle,
} from "../../src/ndis/index.ts";
import { makeWorld } from "../support/world.ts";
import { codes, entries } from "./helpers.ts";
import { handles } from "./vc-helpers.ts";

const params = atmVcParameters(0, 100);

/** A client VC and a CM that answers make-call as told, activating the VC first. */
function outgoing(answer: "sync" | "pend") {
  const w = makeWorld({ medium: {} });
  const h = handles(w);
  const vc = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, "client-vc"))
    .NdisVcHandle as NdisHandle<"Vc">;
  w.cm!.hooks.makeCall = () => {
    NdisCmActivateVc(vc, params);
    return { status: answer === "sync" ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PENDING };
  };
  w.cm!.hooks.closeCall = () => {
    NdisCmDeactivateVc(vc);
    return answer === "sync" ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PENDING;
  };
  return { w, vc };
}

const callState = (w: ReturnType<typeof makeWorld>) => w.host.snapshot().vcs.map((v) => v.call);

describe("outgoing calls", () => {
  it("a synchronous make-call: SUCCESS returned, no completion callback (internal completion)", () => {
    const { w, vc } = outgoing("sync");
    expect(w.host.runAs(w.client.name, () => NdisClMakeCall(vc, params, null)).status).toBe(
      NDIS_STATUS_SUCCESS,
    );
    expect(callState(w)).toEqual(["Connected"]);
    expect(w.client.hookLog.calls).toEqual([]);
    expect(w.host.runAs(w.client.name, () => NdisClCloseCall(vc, null, null, 0))).toBe(NDIS_STATUS_SUCCESS);
    expect(callState(w)).toEqual(["None"]);
    expect(w.host.runAs(w.client.name, () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_SUCCESS);
    expect(codes(w.events)).toEqual([]);
  });

  it("a pended make-call and close: one completion each", () => {
    const { w, vc } = outgoing("pend");
    expect(w.host.runAs(w.client.name, () => NdisClMakeCall(vc, params, null)).status).toBe(
      NDIS_STATUS_PENDING,
    );
    expect(w.host.runAs(w.client.name, () => NdisClMakeCall(vc, params, null)).status).toBe(
      NDIS_STATUS_NOT_ACCEPTED,
    );
    w.host.runAs("TESTCM", () => NdisCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, null, null, params));
    expect(w.client.hookLog.calls).toEqual([`makeCallComplete ${NDIS_STATUS_SUCCESS}`]);
    expect(w.host.runAs(w.client.name, () => NdisClCloseCall(vc, null, null, 0))).toBe(NDIS_STATUS_PENDING);
    expect(w.host.runAs(w.client.name, () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_NOT_ACCEPTED); // the call is still closing
    w.host.runAs("TESTCM", () => NdisCmCloseCallComplete(NDIS_STATUS_SUCCESS, vc, null));
    w.host.runAs("TESTCM", () => NdisCmCloseCallComplete(NDIS_STATUS_SUCCESS, vc, null));
    expect(w.client.hookLog.calls).toEqual([
      `makeCallComplete ${NDIS_STATUS_SUCCESS}`,
      `closeCallComplete ${NDIS_STATUS_SUCCESS}`,
    ]);
    expect(codes(w.events)).toEqual(["wrong-state", "wrong-state", "completion-without-pending"]);
  });

  it("a make-call the CM refuses leaves the VC without a call, ready to delete", () => {
    const w = makeWorld({ medium: {} });
    const h = handles(w);
    const vc = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null))
      .NdisVcHandle as NdisHandle<"Vc">;
    expect(w.host.runAs(w.client.name, () => NdisClMakeCall(vc, params, null)).status).toBe(
      NDIS_STATUS_NOT_SUPPORTED,
    );
    expect(callState(w)).toEqual(["None"]);
    expect(w.host.runAs(w.client.name, () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_SUCCESS);
  });

  it("a make-call completed with SUCCESS on an inactive VC is reported", () => {
    const w = makeWorld({ medium: {} });
    const h = handles(w);
    const vc = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null))
      .NdisVcHandle as NdisHandle<"Vc">;
    w.cm!.hooks.makeCall = () => ({ status: NDIS_STATUS_PENDING });
    w.host.runAs(w.client.name, () => NdisClMakeCall(vc, params, null));
    w.host.runAs("TESTCM", () => NdisCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, null, null, params));
    expect(codes(w.events)).toEqual(["vc-not-ready"]);
  });
});

describe("incoming calls", () => {
  /** A registered SAP and a CM-created, activated VC for an incoming call. */
  function incoming() {
    const w = makeWorld({ medium: {} });
    w.client.registerSap(w.host);
    const h = handles(w);
    const sapHandle = w.core().sapHandles.at(-1) as NdisHandle<"Sap">;
    const vc = w.host.runAs("TESTCM", () => NdisCoCreateVc(h.cm, h.af, "cm-vc"))
      .NdisVcHandle as NdisHandle<"Vc">;
    w.host.runAs("TESTCM", () => NdisCmActivateVc(vc, params));
    return { w, vc, sapHandle };
  }

  it("accepted synchronously: the dispatch returns SUCCESS, then CallConnected; no ProtocolCmIncomingCallComplete (OQ-17)", () => {
    const { w, vc, sapHandle } = incoming();
    expect(w.host.runAs("TESTCM", () => NdisCmDispatchIncomingCall(sapHandle, vc, params))).toBe(
      NDIS_STATUS_SUCCESS,
    );
    expect(entries(w.events, "ProtocolCmIncomingCallComplete")).toBe(0);
    w.host.runAs("TESTCM", () => NdisCmDispatchCallConnected(vc));
    expect(w.client.hookLog.calls).toEqual(["incomingCall", "callConnected"]);
    expect(callState(w)).toEqual(["Connected"]);
    w.host.runAs("TESTCM", () => NdisCmDispatchIncomingCloseCall(NDIS_STATUS_SUCCESS, vc, null, 0));
    expect(callState(w)).toEqual(["IncomingClose"]);
    w.cm!.hooks.closeCall = () => {
      NdisCmDeactivateVc(vc);
      return NDIS_STATUS_SUCCESS;
    };
    expect(w.host.runAs(w.client.name, () => NdisClCloseCall(vc, null, null, 0))).toBe(NDIS_STATUS_SUCCESS);
    expect(w.host.runAs("TESTCM", () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_SUCCESS);
    expect(w.client.hookLog.deleted).toHaveLength(1);
    expect(codes(w.events)).toEqual([]);
  });

  it("pended by the client: NdisClIncomingCallComplete reaches ProtocolCmIncomingCallComplete once", () => {
    const { w, vc, sapHandle } = incoming();
    w.client.hooks.incomingCall = () => NDIS_STATUS_PENDING;
    expect(w.host.runAs("TESTCM", () => NdisCmDispatchIncomingCall(sapHandle, vc, params))).toBe(
      NDIS_STATUS_PENDING,
    );
    w.host.runAs(w.client.name, () => NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, vc, params));
    w.host.runAs(w.client.name, () => NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, vc, params));
    expect(w.cm!.hookLog.calls).toEqual([`incomingCallComplete ${NDIS_STATUS_SUCCESS}`]);
    expect(codes(w.events)).toEqual(["completion-without-pending"]);
  });

  it("rejected: the client's status is returned and the call is gone", () => {
    const { w, vc, sapHandle } = incoming();
    w.client.hooks.incomingCall = () => NDIS_STATUS_NOT_SUPPORTED;
    expect(w.host.runAs("TESTCM", () => NdisCmDispatchIncomingCall(sapHandle, vc, params))).toBe(
      NDIS_STATUS_NOT_SUPPORTED,
    );
    expect(callState(w)).toEqual(["None"]);
  });

  it("Q6: a dispatch on a SAP being deregistered fails with CLOSING and the client is not called", () => {
    const w = makeWorld({
      medium: {},
      policy: { openAf: "sync", closeAf: "sync", registerSap: "sync", deregisterSap: "pend-manual" },
    });
    const { sap } = w.client.registerSap(w.host);
    const h = handles(w);
    const sapHandle = w.core().sapHandles.at(-1) as NdisHandle<"Sap">;
    const vc = w.host.runAs("TESTCM", () => NdisCoCreateVc(h.cm, h.af, null))
      .NdisVcHandle as NdisHandle<"Vc">;
    w.client.deregisterSap(w.host, sap);
    expect(w.host.runAs("TESTCM", () => NdisCmDispatchIncomingCall(sapHandle, vc, params))).toBe(
      NDIS_STATUS_CLOSING,
    );
    expect(w.client.hookLog.calls).toEqual([]);
    expect(codes(w.events)).toEqual(["wrong-state"]);
  });

  it("a SAP still registering accepts a dispatch (documented)", () => {
    const w = makeWorld({
      medium: {},
      policy: { openAf: "sync", closeAf: "sync", registerSap: "pend-manual", deregisterSap: "sync" },
    });
    w.client.registerSap(w.host);
    const h = handles(w);
    const sapHandle = w.core().sapHandles.at(-1) as NdisHandle<"Sap">;
    const vc = w.host.runAs("TESTCM", () => NdisCoCreateVc(h.cm, h.af, null))
      .NdisVcHandle as NdisHandle<"Vc">;
    expect(w.host.runAs("TESTCM", () => NdisCmDispatchIncomingCall(sapHandle, vc, params))).toBe(
      NDIS_STATUS_SUCCESS,
    );
    expect(w.client.hookLog.calls).toEqual(["incomingCall"]);
  });

  it("Q10: a dispatch with a VC the client created is refused", () => {
    const { w, sapHandle } = incoming();
    const h = handles(w);
    const clientVc = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, null))
      .NdisVcHandle as NdisHandle<"Vc">;
    expect(w.host.runAs("TESTCM", () => NdisCmDispatchIncomingCall(sapHandle, clientVc, params))).toBe(
      0xc0000001,
    );
    expect(codes(w.events)).toEqual(["bad-parameter"]);
  });

  it("deregistering a SAP leaves a call already received on it, and its VC, untouched", () => {
    const { w, vc, sapHandle } = incoming();
    w.host.runAs("TESTCM", () => NdisCmDispatchIncomingCall(sapHandle, vc, params));
    w.host.runAs("TESTCM", () => NdisCmDispatchCallConnected(vc));
    w.client.deregisterSap(w.host, w.client.saps[0]!);
    expect(w.client.saps[0]?.state).toBe("gone");
    expect(callState(w)).toEqual(["Connected"]);
    expect(w.host.snapshot().vcs.map((v) => v.state)).toEqual(["Active"]);
  });
});
