import type { Oid } from "./ber.ts";
import { getResponseTo } from "./ilmi-message.ts";
import { compareOids } from "./ilmi-mib.ts";
import { SnmpErrorStatus, type SnmpMessage, type SnmpRequestPdu, type VarBind } from "./snmp-types.ts";

/** A read-only MIB view that finds an instance, or its successor in OID order, by itself. */
export interface ReadView {
  /** The instance named exactly `name`. */
  get(name: Oid): VarBind | undefined;
  /** The first instance after `name` in lexicographic OID order (GetNext). */
  next(name: Oid): VarBind | undefined;
}

/**
 * The instances of a MIB view kept in OID order, so that Get and GetNext are binary searches
 * (O(log n)); an insert or delete moves the later entries by one slot (one memmove), and nothing
 * is re-sorted or rebuilt per request.
 */
export class MibIndex implements ReadView {
  private readonly entries: VarBind[] = [];

  /** Number of instances. */
  get size(): number {
    return this.entries.length;
  }

  /** Adds the instance, or replaces the one with the same name. */
  set(varBind: VarBind): void {
    const i = this.lowerBound(varBind.name);
    const at = this.entries[i];
    if (at !== undefined && compareOids(at.name, varBind.name) === 0) this.entries[i] = varBind;
    else this.entries.splice(i, 0, varBind);
  }

  /** Removes the instance named `name`; true when there was one. */
  delete(name: Oid): boolean {
    const i = this.lowerBound(name);
    const at = this.entries[i];
    if (at === undefined || compareOids(at.name, name) !== 0) return false;
    this.entries.splice(i, 1);
    return true;
  }

  /** Removes every instance. */
  clear(): void {
    this.entries.length = 0;
  }

  get(name: Oid): VarBind | undefined {
    const at = this.entries[this.lowerBound(name)];
    return at !== undefined && compareOids(at.name, name) === 0 ? at : undefined;
  }

  next(name: Oid): VarBind | undefined {
    const i = this.lowerBound(name);
    const at = this.entries[i];
    return at !== undefined && compareOids(at.name, name) === 0 ? this.entries[i + 1] : at;
  }

  /** Index of the first entry whose name is not below `name`. */
  private lowerBound(name: Oid): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareOids((this.entries[mid] as VarBind).name, name) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A view given as a plain list (any order): sorted once per request. */
function listView(view: readonly VarBind[]): ReadView {
  const index = new MibIndex();
  for (const vb of view) index.set(vb);
  return index;
}

/**
 * Answers a GetRequest or GetNextRequest from a read-only MIB view (the instances an IME exposes:
 * an ordered {@link ReadView}, or a list in any order). SNMPv1 semantics: an unknown instance, or no
 * successor for GetNext, fails the whole request with noSuchName and the 1-based index of the
 * offending VarBind, echoing the request.
 */
export function answerRead(request: SnmpRequestPdu, view: ReadView | readonly VarBind[]): SnmpMessage {
  const index = Array.isArray(view) ? listView(view) : (view as ReadView);
  const answers: VarBind[] = [];
  for (const [i, vb] of request.varBinds.entries()) {
    const found = request.type === "getNextRequest" ? index.next(vb.name) : index.get(vb.name);
    if (found === undefined) return getResponseTo(request, SnmpErrorStatus.noSuchName, i + 1);
    answers.push(found);
  }
  return getResponseTo(request, SnmpErrorStatus.noError, 0, answers);
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
