/**
 * The user side of Q.2931 basic call control, U0–U12 (Q.2931 call control / ATM Forum UNI 3.1; ngatm `uni_sig_call` with
 * UNIPROTO_UNI40U as its model): `stepUser(state, input) → { state, effects }`.
 */
import {
  Cause,
  type ConnectIes,
  diagnosticFromTimer,
  IeId,
  type ProgressIes,
  type Q2931Message,
} from "../q2931/index.ts";
import { reject, rememberConnection, sendSetup, setupReceived, withEndpoint } from "./basic-call.ts";
import type { Call } from "./call.ts";
import { clearCall } from "./common.ts";
import { type SideRules, stepCall } from "./machine.ts";
import { messageTypeCode } from "./messages.ts";
import { firstPartyActive } from "./party.ts";
import type { CallInput } from "./signals.ts";
import { PartyState } from "./states.ts";
import type { CallStep, CallTransition } from "./transition.ts";

/** One step of a user-side call. */
export function stepUser(state: Call, input: CallInput): CallStep {
  return stepCall(state, input, USER_RULES);
}

const USER_RULES: SideRules = {
  side: "user",
  message(t, m) {
    switch (m.type) {
      case "SETUP":
        setupReceived(t, m);
        return true;
      case "CALL PROCEEDING":
        if (t.s.state !== 1) return false;
        if (missingConnectionIdentifier(t, m)) return true;
        t.stop("T303");
        rememberConnection(t, m.ies);
        t.start("T310");
        t.setState(3);
        t.indicate({ name: "proceeding.indication", ies: m.ies });
        return true;
      case "ALERTING":
        if (t.s.state !== 1 && t.s.state !== 3) return false;
        if (missingConnectionIdentifier(t, m)) return true;
        t.stop("T303");
        t.stop("T310");
        rememberConnection(t, m.ies);
        t.setState(4);
        t.indicate({ name: "alerting.indication", ies: m.ies });
        return true;
      case "CONNECT":
        if (t.s.state !== 1 && t.s.state !== 3 && t.s.state !== 4) return false;
        if (missingConnectionIdentifier(t, m)) return true;
        t.stop("T303");
        t.stop("T310");
        rememberConnection(t, m.ies);
        t.send("CONNECT ACKNOWLEDGE", {});
        firstPartyActive(t, PartyState.ADD_PARTY_INITIATED);
        t.setState(10);
        t.indicate({ name: "setup.confirm", ies: m.ies });
        return true;
      case "CONNECT ACKNOWLEDGE":
        if (t.s.state !== 8) return false;
        t.stop("T313");
        firstPartyActive(t, PartyState.ADD_PARTY_RECEIVED);
        t.setState(10);
        t.indicate({ name: "setup-complete.indication" });
        return true;
      default:
        return false;
    }
  },
  request(t, r) {
    switch (r.name) {
      case "setup.request":
        if (t.s.state !== 0) return false;
        sendSetup(t, r.ies);
        return true;
      case "proceeding.request":
        if (t.s.state !== 6) return false;
        t.send("CALL PROCEEDING", withEndpoint(t, r.ies ?? {}));
        t.setState(9);
        return true;
      case "alerting.request":
        if (t.s.state !== 6 && t.s.state !== 9) return false;
        t.send("ALERTING", withEndpoint(t, r.ies ?? {}));
        t.setState(7);
        return true;
      case "setup.response":
        if (t.s.state !== 6 && t.s.state !== 7 && t.s.state !== 9) return false;
        t.send("CONNECT", withEndpoint(t, r.ies ?? {}));
        t.start("T313");
        t.setState(8);
        return true;
      case "reject.request":
        if (t.s.state !== 6) return false;
        reject(t, r);
        return true;
      default:
        return false;
    }
  },
  timer(t, name) {
    if (name === "T303" && t.s.state === 1) {
      const count = t.s.expiries.T303 + 1;
      t.s.expiries = { ...t.s.expiries, T303: count };
      if (count < t.s.config.retries.T303 && t.s.setup !== undefined) {
        t.send("SETUP", t.s.setup);
        t.start("T303");
        return;
      }
      // Second expiry: clear locally (reference §3.2; ngatm reports cause 18 upward, sends nothing).
      const cause = t.cause(Cause.NO_USER_RESPONDING);
      t.indicate({ name: "release.indication", cause: [cause] });
      t.toNull([cause]);
    } else if (name === "T310" && t.s.state === 3) {
      clearCall(t, t.cause(Cause.RECOVERY_ON_TIMER_EXPIRY, diagnosticFromTimer("310")));
    } else if (name === "T313" && t.s.state === 8) {
      clearCall(t, t.cause(Cause.RECOVERY_ON_TIMER_EXPIRY, diagnosticFromTimer("313")));
    }
  },
};

/**
 * The network's first answer to our SETUP must assign the VC (Q.2931 / ATM Forum UNI 3.1). Without a
 * connection identifier the message is answered with STATUS cause 96 and otherwise ignored
 * (ngatm `uni_mandate_ie` → "report and ignore").
 */
function missingConnectionIdentifier(
  t: CallTransition,
  m: Q2931Message & { readonly ies: ProgressIes | ConnectIes },
): boolean {
  if (t.s.connectionIdentifier !== undefined || m.ies.connectionIdentifier !== undefined) return false;
  const diagnostic = Uint8Array.of(IeId.CONNECTION_IDENTIFIER);
  t.send("STATUS", {
    cause: t.cause(Cause.MANDATORY_IE_MISSING, diagnostic),
    callState: { state: t.s.state },
  });
  t.indicate({
    name: "error.indication",
    cause: Cause.MANDATORY_IE_MISSING,
    messageType: messageTypeCode(m),
    answer: "status",
    reason: "the first answer to SETUP carries no connection identifier",
  });
  return true;
}
