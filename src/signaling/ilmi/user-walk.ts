/**
 * The user side's check of the network's table (linux ilmid's verify poll), part of the user-side
 * IME's recovery: after every start, and whenever the network offers its prefix or cold-starts, it
 * waits, then walks the network's atmfAddressTable with GetNext. A missing or extra address makes
 * the IME restart; while the tables agree it walks again every period for as long as the link is up.
 */
import { getRequest } from "./ilmi-message.ts";
import { AtmfStatus, IlmiOid, octetsKey, parseAddressStatusOid } from "./ilmi-mib.ts";
import { SnmpErrorStatus, type SnmpMessage } from "./snmp-types.ts";
import { ILMI_VERIFY_TIMER, type UserDraft, type WalkState } from "./user-types.ts";

/** The walk has one timer: its id. */
const WALK_TIMER_ID = 0;

/** Schedules a walk after the verify delay (replacing one in progress). */
export function startWalk(d: UserDraft): void {
  if (d.recovery === undefined) return;
  d.walk = { phase: "waiting" };
  d.startTimer(ILMI_VERIFY_TIMER, WALK_TIMER_ID, d.recovery.verifyDelay);
}

/** The walk's timer fired: the first GetNext, a retransmission, or a restart. */
export function walkTimer(d: UserDraft, timeStamp: number): void {
  const v = d.walk;
  const recovery = d.recovery;
  if (v === undefined || recovery === undefined) return;
  if (v.phase === "waiting") {
    // No prefix by now means our coldStart or the network's offer was lost.
    if (d.prefixes.size === 0) d.restart(timeStamp);
    else poll(d, [...IlmiOid.atmfAddressStatus], [], agreementKey(d));
    return;
  }
  if (v.attempts >= recovery.pollAttempts) d.restart(timeStamp);
  else sendPoll(d, v);
}

/** A GetResponse to one of the walk's GetNexts. */
export function walkResponse(d: UserDraft, message: SnmpMessage, timeStamp: number): void {
  const v = d.walk;
  const pdu = message.pdu;
  if (v?.phase !== "polling" || pdu.type !== "getResponse" || pdu.requestId !== v.id) {
    d.effects.push({ kind: "discarded", reason: "GetResponse matches no walk in progress" });
    return;
  }
  d.stopTimer(ILMI_VERIFY_TIMER, WALK_TIMER_ID);
  const next = pdu.errorStatus === SnmpErrorStatus.noError ? pdu.varBinds[0] : undefined;
  const index = next === undefined ? undefined : parseAddressStatusOid(next.name);
  if (next !== undefined && index !== undefined) {
    poll(d, next.name, [...v.seen, octetsKey(index.octets)], v.held);
    return;
  }
  // End of the network's table: it must hold what we registered, and nothing we do not claim. A
  // walk during which this side registered or withdrew an address proves nothing: walk again.
  d.walk = undefined;
  if (agreementKey(d) !== v.held) {
    startWalk(d);
    return;
  }
  const ours = new Set([...d.addresses.values()].map((r) => octetsKey(r.address)));
  const leaving = new Set(
    [...d.requests.pending.values()]
      .filter((r) => r.context.status === AtmfStatus.invalid)
      .map((r) => octetsKey(r.context.address)),
  );
  const missing = [...d.addresses.values()].some(
    (r) => r.phase === "registered" && !v.seen.includes(octetsKey(r.address)),
  );
  const extra = v.seen.some((a) => !ours.has(a) && !leaving.has(a));
  if (missing || extra) d.restart(timeStamp);
  else startWalk(d);
}

/** Asks the network for the address-table instance after `from` (one step of the GetNext walk). */
function poll(d: UserDraft, from: readonly number[], seen: readonly string[], held: string): void {
  const id = d.nextTimerId++;
  sendPoll(d, {
    phase: "polling",
    id,
    attempts: 0,
    message: getRequest("getNextRequest", id, [[...from]]),
    seen,
    held,
  });
}

function sendPoll(d: UserDraft, v: Extract<WalkState, { phase: "polling" }>): void {
  const recovery = d.recovery;
  if (recovery === undefined) return;
  d.walk = { ...v, attempts: v.attempts + 1 };
  d.effects.push({ kind: "send", message: v.message });
  d.startTimer(ILMI_VERIFY_TIMER, WALK_TIMER_ID, recovery.pollTimeout);
}

/** The addresses this side holds or is withdrawing, with their phases, as one comparable string. */
function agreementKey(d: UserDraft): string {
  const held = [...d.addresses.values()].map((r) => `${octetsKey(r.address)}:${r.phase}`);
  const leaving = [...d.requests.pending.values()]
    .filter((r) => r.context.status === AtmfStatus.invalid)
    .map((r) => `${octetsKey(r.context.address)}:leaving`);
  return [...held, ...leaving].sort().join(",");
}
