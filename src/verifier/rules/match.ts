/** Small predicates the rules use to claim the core's contract events. */
import { ddiDescriptor } from "../annotations.ts";
import type { Site } from "../host-view.ts";
import type { ContractEvent } from "../rule.ts";

/** True when the contract was reported by one of the named DDIs. */
export function fromDdi(c: ContractEvent, ...ddis: readonly string[]): boolean {
  return c.ddi !== null && ddis.includes(c.ddi);
}

/** Why a handle was refused: the fault the core names in its invalid-handle report. */
export type HandleFault = "null" | "malformed" | "foreign" | "wrong-kind" | "stale";

/**
 * The fault of an invalid-handle contract: the core's `fault` field. A few core sites (work
 * items, timers, NBL pools, allocation owners) report without it; for those the message says.
 */
export function handleFault(c: ContractEvent): HandleFault | undefined {
  if (c.code !== "invalid-handle") return undefined;
  if (c.fault !== null) return c.fault;
  if (/not a live (work item|timer object|pool)/.test(c.message)) return "stale";
  if (/not a driver, adapter or binding handle/.test(c.message)) return "wrong-kind";
  return undefined;
}

/** How a completion broke the once-and-only-after-PENDING contract. */
export type CompletionFault = "double" | "without-pending" | "other-request";

/**
 * Classifies a completion problem with what the stream shows about the request: a second
 * completion (even one the core refuses because the handle already died), one with no pended
 * request, or one naming an object whose outstanding request is of another kind.
 */
export function completionFault(c: ContractEvent, site: Site): CompletionFault | undefined {
  if (c.code === "double-completion" && c.ddi === null) return "double";
  const node = site.ddi;
  const verdict = node !== undefined && c.ddi === node.event.ddi ? node.verdict : undefined;
  // oid-completion: the core found no pended NDIS_OID_REQUEST (never pended, or completed already).
  const without = c.code === "completion-without-pending" || c.code === "oid-completion";
  if (verdict === undefined) {
    if (c.code === "double-completion") return "double";
    if (without) return "without-pending";
    return undefined;
  }
  if (c.code === "invalid-handle") return verdict.kind === "double" ? "double" : undefined;
  if (c.code !== "double-completion" && !without) return undefined;
  switch (verdict.kind) {
    case "double":
      return "double";
    case "other-request":
      return "other-request";
    case "none":
    case "cancelled":
      return "without-pending";
    case "match":
      return c.code === "double-completion" ? "double" : "without-pending";
  }
}

/** The client used a SAP handle it had already given to NdisClDeregisterSap. */
export function sapHandleReused(c: ContractEvent, site: Site): boolean {
  if (c.code === "wrong-state") return fromDdi(c, "NdisClDeregisterSap");
  const node = site.ddi;
  return (
    c.code === "invalid-handle" &&
    handleFault(c) === "stale" &&
    node !== undefined &&
    c.ddi === node.event.ddi &&
    ddiDescriptor(node.event.ddi)?.caller === "client" &&
    node.key !== undefined &&
    site.view.clientReleased(node.key)
  );
}

/** A wrong-caller report about the caller's registered role (not about who owns the object). */
export function roleFault(c: ContractEvent, site: Site): boolean {
  if (c.code !== "wrong-caller") return false;
  if (fromDdi(c, "NdisCmRegisterAddressFamilyEx", "NdisMCmRegisterAddressFamilyEx")) return true;
  const driver = site.ddi?.event.driver ?? null;
  return fromDdi(c, "NdisClOpenAddressFamilyEx") && driver !== null && !site.view.hasRole(driver, "client");
}

/** True when the innermost open DDI call is one of the named DDIs (a contract made there without naming a DDI). */
export function insideDdi(site: Site, ...ddis: readonly string[]): boolean {
  return site.ddi !== undefined && ddis.includes(site.ddi.event.ddi);
}

/**
 * The state of the call on a VC ("Vc 7"), as the stream's "Call on Vc 7" state events last showed
 * it: "None" when the VC never carried a call or its call is gone.
 */
export function callStateOf(site: Site, vc: string | null | undefined): string {
  if (vc === null || vc === undefined) return "None";
  return site.view.objects.stateOf(`Call on ${vc}`) ?? "None";
}

/** True when a contract about a VC was made while the VC carried a call. */
export function vcHasCall(c: ContractEvent, site: Site): boolean {
  return callStateOf(site, c.object) !== "None";
}

/**
 * The call DDIs inside which the core reports, without naming a DDI, that the call manager
 * answered a call with the VC in the wrong state (make-call SUCCESS on an inactive VC, a close
 * completed with the VC still active).
 */
export const CALL_VC_SITES: readonly string[] = [
  "NdisClMakeCall",
  "NdisClCloseCall",
  "NdisCmCloseCallComplete",
  "NdisMCmCloseCallComplete",
];

/** Call states in which a call-control operation is under way (OQ-20: one at a time). */
export const CALL_IN_PROGRESS: ReadonlySet<string> = new Set(["MakeCallPending", "Offered", "Closing"]);

/** Call states from which a client may close (established, accepted, or closed by the remote side). */
export const CALL_CLOSABLE: ReadonlySet<string> = new Set(["Connected", "Accepted", "IncomingClose"]);
