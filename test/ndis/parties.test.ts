import { describe, expect, it } from "vitest";
import { atmVcParameters } from "../../src/drivers/atm-media.ts";
import {
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClAddParty,
  NdisClCloseCall,
  NdisClDropParty,
  NdisClMakeCall,
  NdisClModifyCallQoS,
  NdisCmActivateVc,
  NdisCmAddPartyComplete,
  NdisCmDeactivateVc,
  NdisCmDispatchIncomingCallQoSChange,
  NdisCmDispatchIncomingDropParty,
  NdisCmDropPartyComplete,
  NdisCmModifyCallQoSComplete,
  NdisCoCreateVc,
  type NdisHandle,
} from "../../src/ndis/index.ts";
import { makeWorld } from "../support/world.ts";
import { codes } from "./helpers.ts";
import { handles } from "./vc-helpers.ts";

const params = atmVcParameters(0, 100);

/** A point-to-multipoint call made synchronously, with its first party. */
function multipoint() {
  const w = makeWorld({ medium: {} });
  const h = handles(w);
  const vc = w.host.runAs(w.client.name, () => NdisCoCreateVc(h.client, h.af, "vc"))
    .NdisVcHandle as NdisHandle<"Vc">;
  w.cm!.hooks.makeCall = (_ctx, _params, party) => {
    NdisCmActivateVc(vc, params);
    return { status: NDIS_STATUS_SUCCESS, CallMgrPartyContext: { party } };
  };
  const made = w.host.runAs(w.client.name, () => NdisClMakeCall(vc, params, "party-1"));
  return { w, vc, first: made.NdisPartyHandle as NdisHandle<"Party">, made };
}

describe("point-to-multipoint", () => {
  it("a multipoint make-call returns its first party's handle", () => {
    const { made } = multipoint();
    expect(made.status).toBe(NDIS_STATUS_SUCCESS);
    expect(made.NdisPartyHandle).not.toBeNull();
  });

  it("add party: synchronous and pended, each completed once", () => {
    const { w, vc } = multipoint();
    w.cm!.hooks.addParty = () => ({ status: NDIS_STATUS_SUCCESS, CallMgrPartyContext: "p2" });
    expect(w.host.runAs(w.client.name, () => NdisClAddParty(vc, "party-2", params)).status).toBe(
      NDIS_STATUS_SUCCESS,
    );
    w.cm!.hooks.addParty = () => ({ status: NDIS_STATUS_PENDING });
    const third = w.host.runAs(w.client.name, () => NdisClAddParty(vc, "party-3", params));
    expect(third.status).toBe(NDIS_STATUS_PENDING);
    w.host.runAs("TESTCM", () =>
      NdisCmAddPartyComplete(NDIS_STATUS_SUCCESS, third.NdisPartyHandle as NdisHandle<"Party">, "p3", params),
    );
    w.host.runAs("TESTCM", () =>
      NdisCmAddPartyComplete(NDIS_STATUS_SUCCESS, third.NdisPartyHandle as NdisHandle<"Party">, "p3", params),
    );
    expect(w.client.hookLog.calls).toEqual([`addPartyComplete ${NDIS_STATUS_SUCCESS}`]);
    expect(codes(w.events)).toEqual(["completion-without-pending"]);
  });

  it("drop party: not the last one; the last leaves by closing the call", () => {
    const { w, vc, first } = multipoint();
    w.cm!.hooks.addParty = () => ({ status: NDIS_STATUS_SUCCESS, CallMgrPartyContext: "p2" });
    const second = w.host.runAs(w.client.name, () => NdisClAddParty(vc, "party-2", params))
      .NdisPartyHandle as NdisHandle<"Party">;
    // Closing with two parties is refused.
    expect(w.host.runAs(w.client.name, () => NdisClCloseCall(vc, null, null, 0))).toBe(NDIS_STATUS_FAILURE);
    w.cm!.hooks.dropParty = () => NDIS_STATUS_PENDING;
    expect(w.host.runAs(w.client.name, () => NdisClDropParty(second, null, 0))).toBe(NDIS_STATUS_PENDING);
    w.host.runAs("TESTCM", () => NdisCmDropPartyComplete(NDIS_STATUS_SUCCESS, second));
    expect(w.client.hookLog.calls).toEqual([`dropPartyComplete ${NDIS_STATUS_SUCCESS}`]);
    expect(w.host.runAs(w.client.name, () => NdisClDropParty(first, null, 0))).toBe(NDIS_STATUS_FAILURE);
    w.cm!.hooks.closeCall = (_ctx, partyCtx) => {
      expect(partyCtx).toEqual({ party: first });
      NdisCmDeactivateVc(vc);
      return NDIS_STATUS_SUCCESS;
    };
    expect(w.host.runAs(w.client.name, () => NdisClCloseCall(vc, first, null, 0))).toBe(NDIS_STATUS_SUCCESS);
    expect(w.host.snapshot().vcs.map((v) => v.call)).toEqual(["None"]);
    expect(codes(w.events)).toEqual(["wrong-state", "wrong-state"]);
  });

  it("an incoming drop reaches the client, never for the last party", () => {
    const { w, vc, first } = multipoint();
    w.cm!.hooks.addParty = () => ({ status: NDIS_STATUS_SUCCESS, CallMgrPartyContext: "p2" });
    const second = w.host.runAs(w.client.name, () => NdisClAddParty(vc, "party-2", params))
      .NdisPartyHandle as NdisHandle<"Party">;
    w.host.runAs("TESTCM", () => NdisCmDispatchIncomingDropParty(NDIS_STATUS_SUCCESS, second, null, 0));
    expect(w.client.hookLog.calls).toEqual([`incomingDropParty ${NDIS_STATUS_SUCCESS}`]);
    w.cm!.hooks.dropParty = () => NDIS_STATUS_SUCCESS;
    expect(w.host.runAs(w.client.name, () => NdisClDropParty(second, null, 0))).toBe(NDIS_STATUS_SUCCESS);
    w.host.runAs("TESTCM", () => NdisCmDispatchIncomingDropParty(NDIS_STATUS_SUCCESS, first, null, 0));
    expect(codes(w.events)).toEqual(["wrong-state"]);
  });
});

describe("QoS changes", () => {
  it("a client's change, pended by the call manager, completes once; a remote change reaches the client", () => {
    const { w, vc } = multipoint();
    w.cm!.hooks.modifyQoS = () => NDIS_STATUS_PENDING;
    expect(w.host.runAs(w.client.name, () => NdisClModifyCallQoS(vc, params))).toBe(NDIS_STATUS_PENDING);
    expect(w.host.runAs(w.client.name, () => NdisClModifyCallQoS(vc, params))).toBe(NDIS_STATUS_FAILURE);
    w.host.runAs("TESTCM", () => NdisCmModifyCallQoSComplete(NDIS_STATUS_SUCCESS, vc, params));
    w.host.runAs("TESTCM", () => NdisCmDispatchIncomingCallQoSChange(vc, params));
    expect(w.client.hookLog.calls).toEqual([`modifyQoSComplete ${NDIS_STATUS_SUCCESS}`, "incomingQoSChange"]);
    expect(codes(w.events)).toEqual(["wrong-state"]);
  });
});
