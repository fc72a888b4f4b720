import type { Oid } from "./ber.ts";
import { getResponseTo } from "./ilmi-message.ts";
import { compareOids } from "./ilmi-mib.ts";
import { SnmpErrorStatus, type SnmpMessage, type SnmpRequestPdu, type VarBind } from "./snmp-types.ts";

/**
 * Answers a GetRequest or GetNextRequest from a read-only MIB view (the instances an IME exposes, in
 * any order). SNMPv1 semantics: an unknown instance, or no successor for GetNext, fails the whole
 * request with noSuchName and the 1-based index of the offending VarBind, echoing the request.
 */
export function answerRead(request: SnmpRequestPdu, view: readonly VarBind[]): SnmpMessage {
  const sorted = [...view].sort((a, b) => compareOids(a.name, b.name));
  const answers: VarBind[] = [];
  for (const [i, vb] of request.varBinds.entries()) {
    const found = request.type === "getNextRequest" ? successor(sorted, vb.name) : exact(sorted, vb.name);
    if (found === undefined) return getResponseTo(request, SnmpErrorStatus.noSuchName, i + 1);
    answers.push(found);
  }
  return getResponseTo(request, SnmpErrorStatus.noError, 0, answers);
}

function exact(sorted: readonly VarBind[], name: Oid): VarBind | undefined {
  return sorted.find((vb) => compareOids(vb.name, name) === 0);
}

function successor(sorted: readonly VarBind[], name: Oid): VarBind | undefined {
  return sorted.find((vb) => compareOids(vb.name, name) > 0);
}

/** The verdict on one VarBind of a SetRequest: the change to apply, or the error-status to answer. */
export type SetVerdict<T> =
  | { readonly ok: true; readonly change: T }
  | { readonly ok: false; readonly errorStatus: SnmpErrorStatus };

/**
 * Checks every VarBind of a SetRequest before applying any (SNMP sets are all-or-nothing): either all
 * the changes, or the first failure's error-status with its 1-based error-index.
 */
export function checkSet<T>(
  request: SnmpRequestPdu,
  verdict: (varBind: VarBind) => SetVerdict<T>,
):
  | { readonly ok: true; readonly changes: readonly T[] }
  | { readonly ok: false; readonly errorStatus: SnmpErrorStatus; readonly errorIndex: number } {
  const changes: T[] = [];
  for (const [i, vb] of request.varBinds.entries()) {
    const v = verdict(vb);
    if (!v.ok) return { ok: false, errorStatus: v.errorStatus, errorIndex: i + 1 };
    changes.push(v.change);
  }
  return { ok: true, changes };
}
