/**
 * Fixtures of the call rules, and of deleting a VC with a call: buggy call managers (through the
 * test call manager's hooks) and buggy clients, each breaking exactly one rule.
 */
import {
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClIncomingCallComplete,
  NdisCoDeleteVc,
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
import { BOTH, CM_ONLY, type Fixture } from "./fixture.ts";
import { vcWorld } from "./vc-world.ts";

const MCM_ONLY = ["mcm"] as const;

/** The fixtures of the call rules, and of deleting a VC with a call. */
export const CALL_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-VC-008",
    bug: "a client that deletes its VC while the call on it is established",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = connectedCall(w);
      w.asClient(() => NdisCoDeleteVc(vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCoDeleteVc" }),
  },
  {
    rule: "CONDIS-VC-008",
    bug: "a client that deletes its VC while the close it asked for is pending",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = connectedCall(w);
      correctCm(w, vc, "sync", "pend");
      closeCall(w, vc);
      w.asClient(() => NdisCoDeleteVc(vc));
      w.asCm(() => callForms(kind).closeCallComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCoDeleteVc" }),
  },
  {
    rule: "CONDIS-VC-008",
    bug: "an MCM that deletes the VC of an incoming call the client accepted",
    kinds: MCM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const sap = registeredSap(w);
      const vc = incomingVc(w);
      const f = callForms(kind);
      w.asCm(() => f.dispatchIncomingCall(sap, vc));
      w.asCm(() => f.deactivate(vc));
      w.asCm(() => f.deleteVc(vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisMCmDeleteVc" }),
  },
  {
    rule: "CONDIS-CALL-001",
    bug: "a client that makes a call on the VC the call manager created for an incoming call",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const sap = registeredSap(w);
      const vc = incomingVc(w);
      w.client.hooks.incomingCall = () => NDIS_STATUS_NOT_SUPPORTED;
      w.asCm(() => callForms(kind).dispatchIncomingCall(sap, vc));
      makeCall(w, vc);
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClMakeCall" }),
  },
  {
    rule: "CONDIS-CALL-002",
    bug: "a call manager that completes a pended make-call with SUCCESS without activating the VC",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      w.cmHooks.makeCall = () => ({ status: NDIS_STATUS_PENDING });
      makeCall(w, vc);
      w.asCm(() => callForms(kind).makeCallComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}MakeCallComplete` }),
  },
  {
    rule: "CONDIS-CALL-002",
    bug: "a call manager whose ProtocolCmMakeCall returns SUCCESS without activating the VC",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      w.cmHooks.makeCall = () => ({ status: NDIS_STATUS_SUCCESS });
      makeCall(w, vc);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmMakeCall" }),
  },
  {
    rule: "CONDIS-CALL-003",
    bug: "a client that makes a second call on its VC while the first make-call is pending",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      correctCm(w, vc, "pend");
      makeCall(w, vc);
      makeCall(w, vc);
      w.asCm(() => callForms(kind).makeCallComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClMakeCall" }),
  },
  {
    rule: "CONDIS-CALL-003",
    bug: "a client that closes a call while its make-call is still pending",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      correctCm(w, vc, "pend");
      makeCall(w, vc);
      closeCall(w, vc);
      w.asCm(() => callForms(kind).makeCallComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClCloseCall" }),
  },
  {
    rule: "CONDIS-CALL-004",
    bug: "a client that closes a call on a VC that carries none",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      closeCall(w, w.createVc());
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClCloseCall" }),
  },
  {
    rule: "CONDIS-CALL-005",
    bug: "a client that closes its call with a send still in flight",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = connectedCall(w);
      const f = callForms(kind);
      // A correct call manager: it deactivates, and completes the close when the deactivation does.
      w.cmHooks.closeCall = () =>
        f.deactivate(vc) === NDIS_STATUS_SUCCESS ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PENDING;
      w.cmHooks.deactivateComplete = () => f.closeCallComplete(NDIS_STATUS_SUCCESS, vc);
      w.send(vc);
      closeCall(w, vc);
      w.asMiniport(() => w.mp.flush());
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClCloseCall" }),
  },
  {
    rule: "CONDIS-CALL-006",
    bug: "a call manager whose ProtocolCmCloseCall returns SUCCESS without deactivating the VC",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = connectedCall(w);
      w.cmHooks.closeCall = () => NDIS_STATUS_SUCCESS;
      closeCall(w, vc);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmCloseCall" }),
  },
  {
    rule: "CONDIS-CALL-006",
    bug: "a call manager that completes a pended close with SUCCESS without deactivating the VC",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = connectedCall(w);
      w.cmHooks.closeCall = () => NDIS_STATUS_PENDING;
      closeCall(w, vc);
      w.asCm(() => callForms(kind).closeCallComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}CloseCallComplete` }),
  },
  {
    rule: "CONDIS-CALL-007",
    bug: "a call manager that dispatches an incoming call on a SAP the client is deregistering",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts, policy: { deregisterSap: "pend-manual" } });
      const sap = registeredSap(w);
      const vc = incomingVc(w);
      const clientSap = w.client.saps.at(-1);
      if (clientSap !== undefined) w.client.deregisterSap(w.host, clientSap);
      w.asCm(() => callForms(kind).dispatchIncomingCall(sap, vc));
      w.asCm(() => (w.cm?.core() ?? w.mcm?.core)?.releaseOne());
      w.settle();
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}DispatchIncomingCall` }),
  },
  {
    rule: "CONDIS-CALL-008",
    bug: "a call manager that dispatches an incoming call on a VC the client created",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const sap = registeredSap(w);
      const vc = w.activeVc();
      w.asCm(() => callForms(kind).dispatchIncomingCall(sap, vc));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}DispatchIncomingCall` }),
  },
  {
    rule: "CONDIS-CALL-009",
    bug: "a call manager that dispatches a second incoming call on a VC whose call the client accepted",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const sap = registeredSap(w);
      const vc = incomingVc(w);
      const f = callForms(kind);
      w.asCm(() => f.dispatchIncomingCall(sap, vc));
      w.asCm(() => f.dispatchIncomingCall(sap, vc));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}DispatchIncomingCall` }),
  },
  {
    rule: "CONDIS-CALL-010",
    bug: "a call manager that dispatches CallConnected while the client's answer is still pending",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = pendedIncomingCall(w);
      w.asCm(() => callForms(kind).dispatchCallConnected(vc));
      w.asClient(() => NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, vc, CALL_PARAMS));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}DispatchCallConnected` }),
  },
  {
    rule: "CONDIS-CALL-011",
    bug: "a call manager that dispatches an incoming close on a VC with no call",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = incomingVc(w);
      w.asCm(() => callForms(kind).dispatchIncomingCloseCall(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}DispatchIncomingCloseCall` }),
  },
];
