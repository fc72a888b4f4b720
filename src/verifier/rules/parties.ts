/**
 * Point-to-multipoint and QoS rules: parties are added to an established multipoint call, dropped
 * while active and never as the last one (the last leaves with the call), incoming drops spare
 * the last party, and QoS changes happen on connected calls, one client request at a time.
 * Completion once-and-only-after-PENDING for add party, drop party and QoS changes is the
 * completion rules' (completion.ts), their liveness the liveness rule's.
 */
import type { Site } from "../host-view.ts";
import { type ContractEvent, defineRule, type Rule } from "../rule.ts";
import { CALL_CLOSABLE, callStateOf, fromDdi } from "./match.ts";

const ADD_COMPLETE = ["NdisCmAddPartyComplete", "NdisMCmAddPartyComplete"];
const DROP_COMPLETE = ["NdisCmDropPartyComplete", "NdisMCmDropPartyComplete"];
const INCOMING_DROP = ["NdisCmDispatchIncomingDropParty", "NdisMCmDispatchIncomingDropParty"];
const QOS_COMPLETE = ["NdisCmModifyCallQoSComplete", "NdisMCmModifyCallQoSComplete"];
const INCOMING_QOS = ["NdisCmDispatchIncomingCallQoSChange", "NdisMCmDispatchIncomingCallQoSChange"];

/** The state of the party a contract names ("Party 9" → "Active"), as the stream last showed it. */
function partyState(c: ContractEvent, site: Site): string | undefined {
  return c.object === null ? undefined : site.view.objects.stateOf(c.object);
}

/** The party rules. */
export const PARTY_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-PTY-001",
    name: "AddParty_OnMultipointCall",
    statement: "A client calls NdisClAddParty only on a VC carrying an established point-to-multipoint call.",
    category: "calls",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisClAddParty", ...ADD_COMPLETE], handlers: ["ProtocolCmAddParty"] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, "NdisClAddParty") },
  }),
  defineRule({
    id: "CONDIS-PTY-002",
    name: "DropParty_NotLastParty",
    statement:
      "A client never drops the last party of a call with NdisClDropParty: it closes the call instead.",
    category: "calls",
    level: "semantics",
    reference: "docs/semantics.md 'Parties'",
    covers: { ddis: ["NdisClDropParty", "NdisClCloseCall"], handlers: ["ProtocolClDropPartyComplete"] },
    monitor: {
      contract: (c, site) =>
        c.code === "wrong-state" && fromDdi(c, "NdisClDropParty") && partyState(c, site) === "Active",
    },
  }),
  defineRule({
    id: "CONDIS-PTY-003",
    name: "DropParty_OnActiveParty",
    statement:
      "A client drops a party only once it is active, and once (not while it is being added or already being dropped).",
    category: "calls",
    level: "semantics",
    reference: "docs/semantics.md",
    covers: { ddis: ["NdisClDropParty", ...DROP_COMPLETE], handlers: ["ProtocolCmDropParty"] },
    monitor: {
      contract: (c, site) =>
        c.code === "wrong-state" && fromDdi(c, "NdisClDropParty") && partyState(c, site) !== "Active",
    },
  }),
  defineRule({
    id: "CONDIS-PTY-004",
    name: "CloseCall_LastPartyOnly",
    statement: "A client closes a point-to-multipoint call only once every party but one has been dropped.",
    category: "calls",
    level: "semantics",
    reference: "docs/semantics.md 'Parties'",
    covers: { ddis: ["NdisClCloseCall", "NdisClDropParty"], handlers: ["ProtocolCmCloseCall"] },
    monitor: {
      contract: (c, site) =>
        c.code === "wrong-state" &&
        fromDdi(c, "NdisClCloseCall") &&
        CALL_CLOSABLE.has(callStateOf(site, c.object)),
    },
  }),
  defineRule({
    id: "CONDIS-PTY-005",
    name: "IncomingDropParty_NotLastParty",
    statement:
      "A call manager dispatches an incoming drop only for an active party that is not the call's last (the last leaves by an incoming close).",
    category: "calls",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: INCOMING_DROP, handlers: ["ProtocolClIncomingDropParty"] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, ...INCOMING_DROP) },
  }),
];

/** The QoS rules. */
export const QOS_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-QOS-001",
    name: "ModifyCallQoS_OnConnectedCall",
    statement:
      "A client calls NdisClModifyCallQoS only on a connected call, with no other change of its own outstanding.",
    category: "calls",
    level: "semantics",
    reference: "docs/semantics.md 'QoS'",
    covers: { ddis: ["NdisClModifyCallQoS", ...QOS_COMPLETE], handlers: ["ProtocolCmModifyCallQoS"] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, "NdisClModifyCallQoS") },
  }),
  defineRule({
    id: "CONDIS-QOS-002",
    name: "IncomingCallQoSChange_OnConnectedCall",
    statement: "A call manager dispatches an incoming QoS change only on a connected call.",
    category: "calls",
    level: "must",
    reference: "docs/semantics.md",
    covers: { ddis: INCOMING_QOS, handlers: ["ProtocolClIncomingCallQoSChange"] },
    monitor: { contract: (c) => c.code === "wrong-state" && fromDdi(c, ...INCOMING_QOS) },
  }),
];
