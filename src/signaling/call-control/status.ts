/** STATUS received on a known call: peer state checks and party status (Q.2931 call control / ATM Forum UNI 3.1). */
import { Cause, MessageType, type StatusMessage } from "../q2931/index.ts";
import { clearCall } from "./common.ts";
import { partyOfReceived } from "./messages.ts";
import { statusAboutParty } from "./party.ts";
import { isClearing, peerStateIncompatible } from "./states.ts";
import type { CallTransition } from "./transition.ts";

/** STATUS received in a known call (Q.2931 call control / ATM Forum UNI 3.1; ngatm `unx_status`, `un11un12_status`). */
export function onStatus(t: CallTransition, message: StatusMessage): void {
  const peer = message.ies.callState.state;
  const incompatible = t.cause(
    Cause.MESSAGE_NOT_COMPATIBLE_WITH_CALL_STATE,
    Uint8Array.of(MessageType.STATUS),
  );
  if (peer === 0) {
    // The peer has no such call: release the call reference without further messages.
    if (!isClearing(t.s.state)) t.indicate({ name: "release.indication", cause: [incompatible] });
    t.toNull([incompatible]);
    return;
  }
  const epref = message.ies.endpointReference;
  const party = epref === undefined ? undefined : partyOfReceived(epref);
  const peerPartyState = message.ies.endpointState?.state;
  t.indicate({
    name: "status.indication",
    peerState: peer,
    cause: message.ies.cause,
    ...(party === undefined ? {} : { party }),
    ...(peerPartyState === undefined ? {} : { peerPartyState }),
  });
  if (message.ies.cause.value === Cause.RESPONSE_TO_STATUS_ENQUIRY && t.s.enquiry !== undefined) {
    t.stop("T322");
    t.s.enquiry = undefined;
  }
  if (isClearing(t.s.state)) return;
  if (peerStateIncompatible(t.s.state, peer)) {
    clearCall(t, incompatible);
    return;
  }
  if (party !== undefined && t.s.multipoint) statusAboutParty(t, party, message);
}
