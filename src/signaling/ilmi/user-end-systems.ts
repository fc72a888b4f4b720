/**
 * The end systems of the user-side IME (user-ime.ts): an added end system registers under every
 * prefix and is reported once (registered, or failed: rejected, unanswered, or past its deadline);
 * a removed one sends invalid(2) for its addresses and is reported once none is outstanding; one
 * added again during its removal registers once the removal is reported.
 */

import type { SnmpErrorStatus } from "./snmp-types.ts";
import {
  type DeregistrationReason,
  type EndSystem,
  type EndSystemFailure,
  endSystemKey,
  ILMI_REGISTRATION_TIMER,
  type UserDraft,
} from "./user-types.ts";

/** addEndSystem: registers ESI ‖ SEL under every prefix, now or as prefixes arrive. */
export function addEndSystem(d: UserDraft, es: EndSystem): void {
  const key = endSystemKey(es);
  const removal = d.removals.get(key);
  if (removal !== undefined) {
    d.removals.set(key, { ...removal, readd: true });
    return;
  }
  if (d.endSystems.has(key)) return;
  d.endSystems.set(key, es);
  if (d.recovery === undefined) d.adding.set(key, undefined);
  else {
    const id = d.nextTimerId++;
    d.adding.set(key, id);
    d.startTimer(ILMI_REGISTRATION_TIMER, id, d.recovery.registrationDeadline);
  }
  for (const [prefixKey, prefix] of d.prefixes) d.register(prefixKey, prefix, key, es);
}

/** removeEndSystem: invalid(2) for each of its addresses; reported once none is outstanding. */
export function removeEndSystem(d: UserDraft, es: EndSystem): void {
  const key = endSystemKey(es);
  const removal = d.removals.get(key);
  if (removal !== undefined) {
    if (removal.readd) d.removals.set(key, { ...removal, readd: false });
    return;
  }
  const known = d.endSystems.get(key);
  if (known === undefined) return;
  d.endSystems.delete(key);
  endAdding(d, key);
  d.removals.set(key, { endSystem: known, readd: false });
  deregisterAll(d, key, key);
  settleRemovals(d, "notRegistered");
}

/** An added end system's outcome is reported: its deadline stops. */
export function endAdding(d: UserDraft, key: string): void {
  if (!d.adding.has(key)) return;
  const deadline = d.adding.get(key);
  d.adding.delete(key);
  if (deadline !== undefined) d.stopTimer(ILMI_REGISTRATION_TIMER, deadline);
}

/** An added end system failed: forgotten, its other addresses withdrawn, reported once. */
export function failEndSystem(
  d: UserDraft,
  key: string,
  failure: EndSystemFailure,
  errorStatus: SnmpErrorStatus | undefined,
): void {
  const es = d.endSystems.get(key);
  if (es === undefined) return;
  endAdding(d, key);
  d.endSystems.delete(key);
  deregisterAll(d, key, undefined);
  d.effects.push({
    kind: "endSystemFailed",
    endSystem: es,
    failure,
    ...(errorStatus === undefined ? {} : { errorStatus }),
  });
}

/** Reports every removal no invalid(2) is outstanding for; a re-added end system registers again. */
export function settleRemovals(d: UserDraft, reason: DeregistrationReason): void {
  if (d.removals.size === 0) return;
  const outstanding = new Set<string>();
  for (const { context } of d.requests.pending.values())
    if (context.endSystemKey !== undefined) outstanding.add(context.endSystemKey);
  // Deleting the entry being visited is safe in a Map's iteration; a re-added end system registers
  // (addEndSystem), which adds no removal.
  for (const [key, removal] of d.removals) {
    if (outstanding.has(key)) continue;
    d.removals.delete(key);
    d.effects.push({ kind: "endSystemRemoved", endSystem: removal.endSystem, reason });
    if (removal.readd) addEndSystem(d, removal.endSystem);
  }
}

/** invalid(2) for every address of one end system: O(its addresses), not of all addresses. */
function deregisterAll(d: UserDraft, key: string, removing: string | undefined): void {
  // deregister deletes the visited key from this live set, which a Set's iteration allows.
  for (const addressKey of d.addressesOf(key)) {
    const record = d.addresses.get(addressKey);
    if (record !== undefined) d.deregister(record, removing);
  }
}
