/**
 * Call rules: who makes and closes calls on which VCs and when, the VC state a call manager owes
 * the client when it answers (active for a make-call, deactivated for a close), the incoming-call
 * dispatch (on a live SAP, with a VC of its AF that carries no call), and the order of the
 * incoming-call handshake. Completion once-and-only-after-PENDING for make-call, close-call and
 * incoming-call is the completion rules' (completion.ts), their liveness the liveness rule's.
 */
import { defineRule, type Rule } from "../rule.ts";
import { CALL_CLOSABLE, CALL_IN_PROGRESS, callStateOf, fromDdi, insideDdi } from "./match.ts";

const MAKE_COMPLETE = ["NdisCmMakeCallComplete", "NdisMCmMakeCallComplete"];
const CLOSE_COMPLETE = ["NdisCmCloseCallComplete", "NdisMCmCloseCallComplete"];
const DISPATCH = ["NdisCmDispatchIncomingCall", "NdisMCmDispatchIncomingCall"];
const CONNECTED = ["NdisCmDispatchCallConnected", "NdisMCmDispatchCallConnected"];
const INCOMING_CLOSE = ["NdisCmDispatchIncomingCloseCall", "NdisMCmDispatchIncomingCloseCall"];

/** The call rules. */
export const CALL_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-CALL-001",
    name: "MakeCall_OnClientVc",
    statement:
      "A client calls NdisClMakeCall only on a VC it created with NdisCoCreateVc, never on one the call manager created for an incoming call.",
    category: "calls",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisClMakeCall"], handlers: ["ProtocolCmMakeCall"] },
    monitor: {
      contract: (c) => c.code === "wrong-state" && c.level === "must" && fromDdi(c, "NdisClMakeCall"),
    },
  }),
  defineRule({
    id: "CONDIS-CALL-002",
    name: "MakeCallComplete_AfterActivation",
    statement:
      "A call manager answers a make-call with SUCCESS (from ProtocolCmMakeCall or Ndis(M)CmMakeCallComplete) only once the VC is active.",
    category: "calls",
    level: "must",
    reference: "docs/semantics.md",
    covers: {
      ddis: [...MAKE_COMPLETE, "NdisCmActivateVc", "NdisMCmActivateVc"],
      handlers: ["ProtocolCmMakeCall"],
    },
    monitor: {
      contract: (c, site) =>
        c.code === "vc-not-ready" &&
        (fromDdi(c, ...MAKE_COMPLETE) || (c.ddi === null && insideDdi(site, "NdisClMakeCall"))),
    },
  }),
  defineRule({
    id: "CONDIS-CALL-003",
    name: "Call_OneOperationAtATime",
    statement:
      "A client makes a call only on a VC without one, and does not close a call while a make-call, an incoming-call offer or a close is in progress on it.",
    category: "calls",
    level: "semantics",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisClMakeCall", "NdisClCloseCall"], handlers: [] },
    monitor: {
      contract: (c, site) =>
        c.code === "wrong-state" &&
        c.level === "semantics" &&
        (fromDdi(c, "NdisClMakeCall") ||
          (fromDdi(c, "NdisClCloseCall") && CALL_IN_PROGRESS.has(callStateOf(site, c.object)))),
    },
  }),
  defineRule({
    id: "CONDIS-CALL-004",
    name: "CloseCall_OnlyOnCall",
    statement:
      "A client calls NdisClCloseCall only on a VC that carries a call (established, accepted, or closed by the remote side).",
    category: "calls",
    level: "semantics",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisClCloseCall"], handlers: [] },
    monitor: {
      contract: (c, site) => {
        if (c.code !== "wrong-state" || !fromDdi(c, "NdisClCloseCall")) return false;
        // In progress: CONDIS-CALL-003; closable but with parties left: CONDIS-PTY-004.
        const state = callStateOf(site, c.object);
        return !CALL_IN_PROGRESS.has(state) && !CALL_CLOSABLE.has(state);
      },
    },
  }),
  defineRule({
    id: "CONDIS-CALL-005",
    name: "CloseCall_AfterSendsComplete",
    statement: "A client calls NdisClCloseCall only once every send it made on the VC has completed.",
    category: "calls",
    level: "must",
    reference: "docs/semantics.md",
    covers: {
      ddis: ["NdisClCloseCall", "NdisCoSendNetBufferLists"],
      handlers: ["ProtocolCoSendNetBufferListsComplete"],
    },
    monitor: { contract: (c) => c.code === "vc-not-ready" && fromDdi(c, "NdisClCloseCall") },
  }),
  defineRule({
    id: "CONDIS-CALL-006",
    name: "CloseCallComplete_AfterDeactivate",
    statement:
      "A call manager completes a close with SUCCESS (from ProtocolCmCloseCall or Ndis(M)CmCloseCallComplete) only once it has deactivated the VC.",
    category: "calls",
    level: "must",
    reference: "docs/semantics.md",
    covers: {
      ddis: [...CLOSE_COMPLETE, "NdisCmDeactivateVc", "NdisMCmDeactivateVc"],
      handlers: ["ProtocolCmCloseCall"],
    },
    monitor: {
      contract: (c, site) =>
        c.code === "vc-not-ready" && c.ddi === null && insideDdi(site, "NdisClCloseCall", ...CLOSE_COMPLETE),
    },
  }),
  defineRule({
    id: "CONDIS-CALL-007",
    name: "DispatchIncomingCall_SapNotDeregistering",
    statement:
      "A call manager dispatches an incoming call only on a SAP that is registering or registered, not one the client is deregistering.",
    category: "calls",
    level: "semantics",
    reference: "docs/semantics.md Q6",
    covers: { ddis: [...DISPATCH, "NdisClDeregisterSap"], handlers: ["ProtocolClIncomingCall"] },
    monitor: {
      contract: (c) => c.code === "wrong-state" && c.level === "semantics" && fromDdi(c, ...DISPATCH),
    },
  }),
  defineRule({
    id: "CONDIS-CALL-008",
    name: "DispatchIncomingCall_VcOfSapAf",
    statement:
      "Ndis(M)CmDispatchIncomingCall names a VC the call manager created with the address family of the SAP.",
    category: "calls",
    level: "semantics",
    reference: "docs/semantics.md Q10",
    covers: { ddis: [...DISPATCH, "NdisCoCreateVc", "NdisMCmCreateVc"], handlers: [] },
    monitor: { contract: (c) => c.code === "bad-parameter" && fromDdi(c, ...DISPATCH) },
  }),
  defineRule({
    id: "CONDIS-CALL-009",
    name: "DispatchIncomingCall_OnVcWithoutCall",
    statement: "Ndis(M)CmDispatchIncomingCall names a VC that carries no call.",
    category: "calls",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: DISPATCH, handlers: ["ProtocolClIncomingCall"] },
    monitor: { contract: (c) => c.code === "wrong-state" && c.level === "must" && fromDdi(c, ...DISPATCH) },
  }),
  defineRule({
    id: "CONDIS-CALL-010",
    name: "CallConnected_AfterAccept",
    statement:
      "A call manager dispatches CallConnected only after the client accepted the incoming call (SUCCESS from ProtocolClIncomingCall or NdisClIncomingCallComplete), once.",
    category: "calls",
    level: "must",
    reference: "docs/semantics.md",
    covers: {
      ddis: [...CONNECTED, "NdisClIncomingCallComplete"],
      handlers: ["ProtocolClCallConnected", "ProtocolCmIncomingCallComplete"],
    },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, ...CONNECTED) },
  }),
  defineRule({
    id: "CONDIS-CALL-011",
    name: "IncomingCloseCall_OnEstablishedCall",
    statement:
      "A call manager dispatches an incoming close only on a call that is established or accepted, and once.",
    category: "calls",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: INCOMING_CLOSE, handlers: ["ProtocolClIncomingCloseCall"] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, ...INCOMING_CLOSE) },
  }),
];
