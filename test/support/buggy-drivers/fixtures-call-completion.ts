/**
 * Fixtures of the completion and liveness rules for make-call, close-call and incoming-call
 * requests: the same rules as for SAPs, AFs and VCs, reached through the generic request tracking.
 */
import {
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClIncomingCallComplete,
} from "../../../src/ndis/index.ts";
import {
  CALL_PARAMS,
  callForms,
  closeCall,
  connectedCall,
  correctCm,
  incomingVc,
  makeCall,
  pendedIncomingCall,
  registeredSap,
} from "./call-world.ts";
import { BOTH, type Fixture } from "./fixture.ts";
import { vcWorld } from "./vc-world.ts";

/** The completion and liveness fixtures of call requests. */
export const CALL_COMPLETION_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-CMP-001",
    bug: "a call manager that completes a pended make-call twice",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      correctCm(w, vc, "pend");
      makeCall(w, vc);
      const f = callForms(kind);
      for (let i = 0; i < 2; i++) w.asCm(() => f.makeCallComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}MakeCallComplete` }),
  },
  {
    rule: "CONDIS-CMP-001",
    bug: "a call manager that completes a make-call inside ProtocolCmMakeCall, then returns SUCCESS",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      const f = callForms(kind);
      w.cmHooks.makeCall = () => {
        f.activate(vc);
        f.makeCallComplete(NDIS_STATUS_SUCCESS, vc);
        return { status: NDIS_STATUS_SUCCESS };
      };
      makeCall(w, vc);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmMakeCall" }),
  },
  {
    rule: "CONDIS-CMP-001",
    bug: "a client that answers a pended incoming call twice",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = pendedIncomingCall(w);
      for (let i = 0; i < 2; i++)
        w.asClient(() => NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, vc, CALL_PARAMS));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClIncomingCallComplete" }),
  },
  {
    rule: "CONDIS-CMP-002",
    bug: "a call manager that completes a close it already answered with SUCCESS",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = connectedCall(w);
      closeCall(w, vc);
      w.asCm(() => callForms(kind).closeCallComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}CloseCallComplete` }),
  },
  {
    rule: "CONDIS-CMP-002",
    bug: "a client that completes an incoming call it already accepted synchronously",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const sap = registeredSap(w);
      const vc = incomingVc(w);
      w.asCm(() => callForms(kind).dispatchIncomingCall(sap, vc));
      w.asClient(() => NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, vc, CALL_PARAMS));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClIncomingCallComplete" }),
  },
  {
    rule: "CONDIS-CMP-003",
    bug: "a call manager that completes a pended close with NDIS_STATUS_PENDING (then with SUCCESS)",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      correctCm(w, vc, "sync", "pend");
      makeCall(w, vc);
      closeCall(w, vc);
      const f = callForms(kind);
      w.asCm(() => f.closeCallComplete(NDIS_STATUS_PENDING, vc));
      w.asCm(() => f.closeCallComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: (kind) => ({
      type: "ddi-call",
      ddi: `${callForms(kind).prefix}CloseCallComplete`,
      args: { Status: NDIS_STATUS_PENDING },
    }),
  },
  {
    rule: "CONDIS-CMP-004",
    bug: "a call manager that completes a close on a VC whose make-call it pended",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      correctCm(w, vc, "pend");
      makeCall(w, vc);
      const f = callForms(kind);
      w.asCm(() => f.closeCallComplete(NDIS_STATUS_SUCCESS, vc));
      w.asCm(() => f.makeCallComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}CloseCallComplete` }),
  },
];

/** The liveness fixtures of call requests. */
export const CALL_LIVENESS_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-LIVE-001",
    bug: "a call manager that pends a make-call and never completes it",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      correctCm(w, vc, "pend");
      makeCall(w, vc);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmMakeCall" }),
    atQuiescence: true,
    evidence: 0,
  },
  {
    rule: "CONDIS-LIVE-001",
    bug: "a call manager that pends a close and never completes it",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      correctCm(w, vc, "sync", "pend");
      makeCall(w, vc);
      closeCall(w, vc);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmCloseCall", result: NDIS_STATUS_PENDING }),
    atQuiescence: true,
    evidence: 0,
  },
  {
    rule: "CONDIS-LIVE-001",
    bug: "a client that pends an incoming call and never answers it",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      pendedIncomingCall(w);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolClIncomingCall", result: NDIS_STATUS_PENDING }),
    atQuiescence: true,
    evidence: 0,
  },
];
