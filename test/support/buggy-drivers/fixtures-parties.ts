/**
 * Fixtures of the party and QoS rules, and of the completion and liveness rules for add party,
 * drop party, QoS changes and point-to-multipoint make-calls.
 */
import {
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClMakeCall,
  type NdisHandle,
} from "../../../src/ndis/index.ts";
import {
  addParty,
  CALL_PARAMS,
  callForms,
  closeCall,
  connectedCall,
  correctCm,
  dropParty,
  makeCall,
  modifyQoS,
  multipointCall,
} from "./call-world.ts";
import { BOTH, type Fixture } from "./fixture.ts";
import { type VcWorld, vcWorld } from "./vc-world.ts";

/** A multipoint call with a second party the call manager added at once. */
function twoParties(w: VcWorld) {
  const { vc, first } = multipointCall(w);
  w.cmHooks.addParty = (_ctx, _params, party) => ({
    status: NDIS_STATUS_SUCCESS,
    CallMgrPartyContext: { party },
  });
  const second = addParty(w, vc).NdisPartyHandle;
  if (second === null) throw new Error("party fixture: no second party");
  return { vc, first, second };
}

/** A second party whose add the call manager pended; returns it. */
function pendedAdd(w: VcWorld): NdisHandle<"Party"> {
  const { vc } = multipointCall(w);
  w.cmHooks.addParty = () => ({ status: NDIS_STATUS_PENDING });
  const party = addParty(w, vc).NdisPartyHandle;
  if (party === null) throw new Error("party fixture: no pended party");
  return party;
}

/** The completion and liveness fixtures of party and QoS requests. */
export const PARTY_COMPLETION_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-CMP-001",
    bug: "a call manager that completes a pended point-to-multipoint make-call twice",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      correctCm(w, vc, "pend");
      w.asClient(() => NdisClMakeCall(vc, CALL_PARAMS, { party: 1 }));
      const f = callForms(kind);
      for (let i = 0; i < 2; i++) w.asCm(() => f.makeCallComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}MakeCallComplete` }),
  },
  {
    rule: "CONDIS-CMP-001",
    bug: "a call manager that completes a pended add-party twice",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const party = pendedAdd(w);
      const f = callForms(kind);
      for (let i = 0; i < 2; i++) w.asCm(() => f.addPartyComplete(NDIS_STATUS_SUCCESS, party));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}AddPartyComplete` }),
  },
  {
    rule: "CONDIS-CMP-001",
    bug: "a call manager that completes a drop inside ProtocolCmDropParty, then returns SUCCESS",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const { second } = twoParties(w);
      w.cmHooks.dropParty = () => {
        callForms(kind).dropPartyComplete(NDIS_STATUS_SUCCESS, second);
        return NDIS_STATUS_SUCCESS;
      };
      dropParty(w, second);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmDropParty" }),
  },
  {
    rule: "CONDIS-CMP-002",
    bug: "a call manager that completes a QoS change it already answered with SUCCESS",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = connectedCall(w);
      w.cmHooks.modifyQoS = () => NDIS_STATUS_SUCCESS;
      modifyQoS(w, vc);
      w.asCm(() => callForms(kind).modifyCallQoSComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}ModifyCallQoSComplete` }),
  },
  {
    rule: "CONDIS-CMP-003",
    bug: "a call manager that completes a pended drop with NDIS_STATUS_PENDING (then with SUCCESS)",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const { second } = twoParties(w);
      w.cmHooks.dropParty = () => NDIS_STATUS_PENDING;
      dropParty(w, second);
      const f = callForms(kind);
      w.asCm(() => f.dropPartyComplete(NDIS_STATUS_PENDING, second));
      w.asCm(() => f.dropPartyComplete(NDIS_STATUS_SUCCESS, second));
      return w;
    },
    event: (kind) => ({
      type: "ddi-call",
      ddi: `${callForms(kind).prefix}DropPartyComplete`,
      args: { Status: NDIS_STATUS_PENDING },
    }),
  },
  {
    rule: "CONDIS-CMP-004",
    bug: "a call manager that completes a QoS change on a VC whose close it pended",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = connectedCall(w);
      correctCm(w, vc, "sync", "pend");
      closeCall(w, vc);
      const f = callForms(kind);
      w.asCm(() => f.modifyCallQoSComplete(NDIS_STATUS_SUCCESS, vc));
      w.asCm(() => f.closeCallComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}ModifyCallQoSComplete` }),
  },
];

/** The liveness fixtures of party and QoS requests. */
export const PARTY_LIVENESS_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-LIVE-001",
    bug: "a call manager that pends an add-party and never completes it",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      pendedAdd(w);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmAddParty" }),
    atQuiescence: true,
    evidence: 0,
  },
  {
    rule: "CONDIS-LIVE-001",
    bug: "a call manager that pends a drop-party and never completes it",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const { second } = twoParties(w);
      w.cmHooks.dropParty = () => NDIS_STATUS_PENDING;
      dropParty(w, second);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmDropParty", result: NDIS_STATUS_PENDING }),
    atQuiescence: true,
    evidence: 0,
  },
  {
    rule: "CONDIS-LIVE-001",
    bug: "a call manager that pends a QoS change and never completes it",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = connectedCall(w);
      w.cmHooks.modifyQoS = () => NDIS_STATUS_PENDING;
      modifyQoS(w, vc);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmModifyCallQoS", result: NDIS_STATUS_PENDING }),
    atQuiescence: true,
    evidence: 0,
  },
];

/** The party and QoS rule fixtures. */
export const PARTY_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-PTY-001",
    bug: "a client that adds a party to a point-to-point call",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      addParty(w, connectedCall(w));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClAddParty" }),
  },
  {
    rule: "CONDIS-PTY-002",
    bug: "a client that drops the last party of its call instead of closing the call",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      dropParty(w, multipointCall(w).first);
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClDropParty" }),
  },
  {
    rule: "CONDIS-PTY-003",
    bug: "a client that drops a party again while its drop is pending",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const { second } = twoParties(w);
      w.cmHooks.dropParty = () => NDIS_STATUS_PENDING;
      dropParty(w, second);
      dropParty(w, second);
      w.asCm(() => callForms(kind).dropPartyComplete(NDIS_STATUS_SUCCESS, second));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClDropParty" }),
  },
  {
    rule: "CONDIS-PTY-003",
    bug: "a client that drops a party whose add is still pending",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const party = pendedAdd(w);
      dropParty(w, party);
      w.asCm(() => callForms(kind).addPartyComplete(NDIS_STATUS_SUCCESS, party));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClDropParty" }),
  },
  {
    rule: "CONDIS-PTY-004",
    bug: "a client that closes a point-to-multipoint call with two parties left",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      closeCall(w, twoParties(w).vc);
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClCloseCall" }),
  },
  {
    rule: "CONDIS-PTY-005",
    bug: "a call manager that dispatches an incoming drop for the call's last party",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const { first } = multipointCall(w);
      w.asCm(() => callForms(kind).dispatchIncomingDropParty(NDIS_STATUS_SUCCESS, first));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}DispatchIncomingDropParty` }),
  },
  {
    rule: "CONDIS-QOS-001",
    bug: "a client that asks for a second QoS change while the first is pending",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = connectedCall(w);
      w.cmHooks.modifyQoS = () => NDIS_STATUS_PENDING;
      modifyQoS(w, vc);
      modifyQoS(w, vc);
      w.asCm(() => callForms(kind).modifyCallQoSComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClModifyCallQoS" }),
  },
  {
    rule: "CONDIS-QOS-001",
    bug: "a client that asks for a QoS change on a VC whose make-call is pending",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      correctCm(w, vc, "pend");
      makeCall(w, vc);
      modifyQoS(w, vc);
      w.asCm(() => callForms(kind).makeCallComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClModifyCallQoS" }),
  },
  {
    rule: "CONDIS-QOS-002",
    bug: "a call manager that dispatches an incoming QoS change on a VC with no call",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      w.asCm(() => callForms(kind).dispatchIncomingCallQoSChange(vc));
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${callForms(kind).prefix}DispatchIncomingCallQoSChange` }),
  },
];
