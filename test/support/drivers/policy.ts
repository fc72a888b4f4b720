import { CondisChoose, type NDIS_STATUS, NDIS_STATUS_SUCCESS } from "../../../src/ndis/index.ts";

/**
 * How a test call manager answers one kind of request: at once with SUCCESS, by pending and
 * completing later from a work item, by completing inside the handler and then pending, with a
 * failure status, or by asking the scheduler (so the explorer picks sync or pend).
 */
export type Answer =
  | "sync"
  | "pend"
  | "pend-manual"
  | "complete-inside"
  | "choose"
  | { readonly fail: NDIS_STATUS };

/** One answer per request kind. */
export interface CmPolicy {
  openAf: Answer;
  closeAf: Answer;
  registerSap: Answer;
  deregisterSap: Answer;
}

/** The default: everything synchronous. */
export function syncPolicy(): CmPolicy {
  return { openAf: "sync", closeAf: "sync", registerSap: "sync", deregisterSap: "sync" };
}

/** What the handler does for an answer: return a status now, or pend (later or inside). */
export type Decision =
  | { readonly kind: "return"; readonly status: NDIS_STATUS }
  | { readonly kind: "pend"; readonly how: "work-item" | "manual" | "inside" };

/** Resolves an answer to a decision, asking the scheduler for "choose". */
export function decide(answer: Answer, label: string): Decision {
  if (typeof answer === "object") return { kind: "return", status: answer.fail };
  switch (answer) {
    case "sync":
      return { kind: "return", status: NDIS_STATUS_SUCCESS };
    case "pend":
      return { kind: "pend", how: "work-item" };
    case "pend-manual":
      return { kind: "pend", how: "manual" };
    case "complete-inside":
      return { kind: "pend", how: "inside" };
    case "choose":
      return CondisChoose(2, label) === 0
        ? { kind: "return", status: NDIS_STATUS_SUCCESS }
        : { kind: "pend", how: "work-item" };
  }
}
