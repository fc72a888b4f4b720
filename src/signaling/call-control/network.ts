/**
 * The network side of Q.2931 basic call control, N0–N12 (Q.2931 call control / ATM Forum UNI 3.1; ngatm `uni_sig_call` with
 * UNIPROTO_UNI40N as its model): `stepNetwork(state, input) → { state, effects }`. The layer above is
 * the switch's call routing. N8 and N11 last only one step here: a CONNECT is acknowledged at once, a
 * RELEASE is answered at once.
 */
import { Cause, diagnosticFromTimer } from "../q2931/index.ts";
import { reject, rememberConnection, sendSetup, setupReceived, withEndpoint } from "./basic-call.ts";
import type { Call } from "./call.ts";
import { clearCall } from "./common.ts";
import { type SideRules, stepCall } from "./machine.ts";
import { firstPartyActive } from "./party.ts";
import type { CallInput, CallRequest } from "./signals.ts";
import { PartyState } from "./states.ts";
import type { CallStep, CallTransition } from "./transition.ts";

/** One step of a network-side call. */
export function stepNetwork(state: Call, input: CallInput): CallStep {
  return stepCall(state, input, NETWORK_RULES);
}

/**
 * The network's first answer to a caller's SETUP must assign the VC (Q.2931 / ATM Forum UNI 3.1: connection
 * identifier mandatory network → user in the first answer); the calling user would answer STATUS 96.
 */
function firstAnswerWithoutVc(t: CallTransition, r: CallRequest): boolean {
  if (t.s.state !== 1 || t.s.connectionIdentifier !== undefined) return false;
  if (r.name !== "proceeding.request" && r.name !== "alerting.request" && r.name !== "setup.response")
    return false;
  if (r.ies?.connectionIdentifier !== undefined) return false;
  t.refuse(`${r.name} in N1: the first answer to SETUP must carry the connection identifier`);
  return true;
}

const NETWORK_RULES: SideRules = {
  side: "network",
  message(t, m) {
    switch (m.type) {
      case "SETUP":
        setupReceived(t, m);
        return true;
      case "CALL PROCEEDING":
        if (t.s.state !== 6) return false;
        t.stop("T303");
        rememberConnection(t, m.ies);
        t.start("T310");
        t.setState(9);
        t.indicate({ name: "proceeding.indication", ies: m.ies });
        return true;
      case "ALERTING":
        if (t.s.state !== 6 && t.s.state !== 9) return false;
        t.stop("T303");
        t.stop("T310");
        rememberConnection(t, m.ies);
        t.setState(7);
        t.indicate({ name: "alerting.indication", ies: m.ies });
        return true;
      case "CONNECT":
        if (t.s.state !== 6 && t.s.state !== 7 && t.s.state !== 9) return false;
        t.stop("T303");
        t.stop("T310");
        rememberConnection(t, m.ies);
        // N8 → N10: the network acknowledges at once (the reference's "sends CONNECT ACK → N10").
        t.send("CONNECT ACKNOWLEDGE", {});
        firstPartyActive(t, PartyState.ADD_PARTY_INITIATED);
        t.setState(10);
        t.indicate({ name: "setup.confirm", ies: m.ies });
        return true;
      case "CONNECT ACKNOWLEDGE":
        // The calling user acknowledges our CONNECT; nothing to do (ngatm `n10_connect_ack`).
        return t.s.state === 10;
      default:
        return false;
    }
  },
  request(t, r) {
    if (firstAnswerWithoutVc(t, r)) return true;
    switch (r.name) {
      case "setup.request":
        if (t.s.state !== 0) return false;
        sendSetup(t, r.ies);
        return true;
      case "proceeding.request":
        if (t.s.state !== 1) return false;
        rememberConnection(t, r.ies ?? {});
        t.send("CALL PROCEEDING", withEndpoint(t, r.ies ?? {}));
        t.setState(3);
        return true;
      case "alerting.request":
        if (t.s.state !== 1 && t.s.state !== 3) return false;
        rememberConnection(t, r.ies ?? {});
        t.send("ALERTING", withEndpoint(t, r.ies ?? {}));
        t.setState(4);
        return true;
      case "setup.response":
        if (t.s.state !== 1 && t.s.state !== 3 && t.s.state !== 4) return false;
        rememberConnection(t, r.ies ?? {});
        t.send("CONNECT", withEndpoint(t, r.ies ?? {}));
        firstPartyActive(t, PartyState.ADD_PARTY_RECEIVED);
        t.setState(10);
        return true;
      case "reject.request":
        if (t.s.state !== 1) return false;
        reject(t, r);
        return true;
      default:
        return false;
    }
  },
  timer(t, name) {
    if (name === "T303" && t.s.state === 6) {
      const count = t.s.expiries.T303 + 1;
      t.s.expiries = { ...t.s.expiries, T303: count };
      if (count < t.s.config.retries.T303 && t.s.setup !== undefined) {
        t.send("SETUP", t.s.setup);
        t.start("T303");
        return;
      }
      // Second expiry: RELEASE COMPLETE (102 "303") to the called user; the router hears cause 18.
      t.send("RELEASE COMPLETE", {
        cause: [t.cause(Cause.RECOVERY_ON_TIMER_EXPIRY, diagnosticFromTimer("303"))],
      });
      const cause = t.cause(Cause.NO_USER_RESPONDING);
      t.indicate({ name: "release.indication", cause: [cause] });
      t.toNull([cause]);
    } else if (name === "T310" && t.s.state === 9) {
      clearCall(t, t.cause(Cause.RECOVERY_ON_TIMER_EXPIRY, diagnosticFromTimer("310")));
    }
  },
};
