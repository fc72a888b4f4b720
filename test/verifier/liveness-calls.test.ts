import { describe, expect, it } from "vitest";
import {
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClIncomingCallComplete,
  NdisClMakeCall,
} from "../../src/ndis/index.ts";
import {
  addParty,
  CALL_PARAMS,
  callForms,
  closeCall,
  correctCm,
  incomingVc,
  multipointCall,
  registeredSap,
} from "../support/buggy-drivers/call-world.ts";
import { vcWorld } from "../support/buggy-drivers/vc-world.ts";

const VC_KEY = expect.stringMatching(/^Vc \d+\.\d+$/);
const VC_OBJECT = expect.stringMatching(/^Vc \d+$/);

describe("call requests at quiescence", () => {
  it("an incoming call is keyed on its VC, not on the SAP it was dispatched on", () => {
    const w = vcWorld();
    const sap = registeredSap(w);
    const vc = incomingVc(w);
    w.client.hooks.incomingCall = () => NDIS_STATUS_PENDING;
    w.asCm(() => callForms(w.kind).dispatchIncomingCall(sap, vc));
    expect(w.verifier.checkQuiescence().outstanding).toMatchObject([
      { handler: "ProtocolClIncomingCall", key: VC_KEY, object: VC_OBJECT },
    ]);
    w.asClient(() => NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, vc, CALL_PARAMS));
    expect(w.verifier.checkQuiescence().outstanding).toEqual([]);
    expect(w.verifier.violations().map((v) => v.rule.id)).toEqual(["CONDIS-LIVE-001"]);
  });

  it("a point-to-multipoint make-call is keyed on its VC, not on its first party", () => {
    const w = vcWorld({ kind: "mcm" });
    const vc = w.createVc();
    correctCm(w, vc, "pend");
    const made = w.asClient(() => NdisClMakeCall(vc, CALL_PARAMS, { party: 1 }));
    expect(made.NdisPartyHandle).not.toBeNull();
    expect(w.verifier.checkQuiescence({ idle: false }).outstanding).toMatchObject([
      { handler: "ProtocolCmMakeCall", key: VC_KEY, object: VC_OBJECT },
    ]);
    w.asCm(() => callForms(w.kind).makeCallComplete(NDIS_STATUS_SUCCESS, vc));
    const q = w.verifier.checkQuiescence();
    expect(q.outstanding).toEqual([]);
    expect(w.verifier.violations()).toEqual([]);
  });

  it("an add-party NDIS dropped with its call is not pending; the late completion is a dead-handle use", () => {
    const w = vcWorld();
    const { vc } = multipointCall(w);
    w.cmHooks.addParty = () => ({ status: NDIS_STATUS_PENDING });
    const party = addParty(w, vc).NdisPartyHandle;
    expect(party).not.toBeNull();
    if (party === null) return;
    correctCm(w, vc, "sync");
    expect(closeCall(w, vc)).toBe(NDIS_STATUS_SUCCESS);
    expect(w.verifier.checkQuiescence()).toMatchObject({ violations: [], outstanding: [] });
    w.asCm(() => callForms(w.kind).addPartyComplete(NDIS_STATUS_SUCCESS, party));
    expect(w.verifier.violations().map((v) => v.rule.id)).toEqual(["CONDIS-HDL-002"]);
  });
});
