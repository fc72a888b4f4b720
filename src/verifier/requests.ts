/**
 * Pended requests, derived from the event stream alone: a handler whose role type names its
 * completion DDIs opens a request on the object it works for; returning NDIS_STATUS_PENDING
 * makes it outstanding; an accepted call of a matching completion DDI on the same object ends
 * it. The completion rules classify with it, and the liveness rule reads what is left.
 */
import type { NdisEvent } from "../ndis/index.ts";
import { isPending } from "./annotations.ts";

type HandlerEnter = Extract<NdisEvent, { type: "handler-enter" }>;
type HandlerExit = Extract<NdisEvent, { type: "handler-exit" }>;
type DdiCall = Extract<NdisEvent, { type: "ddi-call" }>;

/**
 * Where a request stands: its handler runs, it returned PENDING and waits for its completion,
 * it is finished, or NDIS dropped it (its object was torn down under it).
 */
export type RequestPhase = "in-handler" | "pending" | "done" | "cancelled";

/** One request NDIS made of a driver through a handler that may pend. */
export interface PendedRequest {
  readonly handler: string;
  /** The handle of the object it works for ("Sap 3.1"). */
  readonly key: string;
  readonly host: string;
  readonly enter: HandlerEnter;
  phase: RequestPhase;
  /** True once it went asynchronous: returned PENDING, or was completed inside its handler (Q13). */
  pended: boolean;
  /** True when its completion DDI was called before the handler returned. */
  completedInside: boolean;
  exit: HandlerExit | undefined;
  completion: DdiCall | undefined;
  /** True while a completion DDI for it runs (NDIS frees the object before that call returns). */
  completing: boolean;
}

/** What a completion DDI call finds on its object. */
export type CompletionVerdict =
  /** The request it completes. */
  | { readonly kind: "match"; readonly request: PendedRequest }
  /** That request was already completed: this is a second completion. */
  | { readonly kind: "double"; readonly request: PendedRequest }
  /** No such request, but one of another kind is outstanding on the object. */
  | { readonly kind: "other-request"; readonly request: PendedRequest }
  /** NDIS dropped the request when it tore the object down. */
  | { readonly kind: "cancelled"; readonly request: PendedRequest }
  | { readonly kind: "none" };

/** How many finished requests to remember per object (enough to recognise a second completion). */
const HISTORY = 4;

function isOpen(r: PendedRequest): boolean {
  return r.phase === "in-handler" || r.phase === "pending";
}

/** The requests of one host. */
export class RequestTracker {
  private readonly byKey = new Map<string, PendedRequest[]>();

  /** Records that NDIS entered a handler that may pend, for the object `key`. */
  open(handler: string, key: string, enter: HandlerEnter): PendedRequest {
    const request: PendedRequest = {
      handler,
      key,
      host: enter.host,
      enter,
      phase: "in-handler",
      pended: false,
      completedInside: false,
      exit: undefined,
      completion: undefined,
      completing: false,
    };
    const list = this.byKey.get(key) ?? [];
    list.push(request);
    const finished = list.filter((r) => !isOpen(r));
    if (finished.length > HISTORY) list.splice(list.indexOf(finished[0] as PendedRequest), 1);
    this.byKey.set(key, list);
    return request;
  }

  /** What a call of a DDI completing `handler`, on object `key`, would complete. */
  verdict(handler: string, key: string): CompletionVerdict {
    const list = this.byKey.get(key) ?? [];
    const latest = (pred: (r: PendedRequest) => boolean) => list.findLast(pred);
    const open = latest((r) => r.handler === handler && isOpen(r));
    if (open !== undefined)
      return open.completedInside ? { kind: "double", request: open } : { kind: "match", request: open };
    const done = latest((r) => r.handler === handler && r.phase === "done" && r.pended);
    if (done !== undefined) return { kind: "double", request: done };
    const other = latest((r) => r.handler !== handler && isOpen(r));
    if (other !== undefined) return { kind: "other-request", request: other };
    const cancelled = latest((r) => r.handler === handler && r.phase === "cancelled");
    if (cancelled !== undefined) return { kind: "cancelled", request: cancelled };
    return { kind: "none" };
  }

  /** Applies a completion NDIS accepted. */
  complete(request: PendedRequest, call: DdiCall): void {
    request.completion = call;
    if (request.phase === "in-handler") request.completedInside = true;
    else if (request.phase === "pending") request.phase = "done";
  }

  /** Applies the handler's return. */
  exit(request: PendedRequest, exit: HandlerExit, status: number | undefined): void {
    if (request.phase !== "in-handler") return;
    request.exit = exit;
    if (request.completedInside) {
      request.pended = true;
      request.phase = "done";
    } else if (isPending(status)) {
      request.pended = true;
      request.phase = "pending";
    } else {
      request.phase = "done";
    }
  }

  /** Drops every open request on an object NDIS tore down (not one whose completion is running). */
  cancel(key: string): void {
    for (const r of this.byKey.get(key) ?? []) if (isOpen(r) && !r.completing) r.phase = "cancelled";
  }

  /** The requests that returned PENDING and were never completed. */
  outstanding(): PendedRequest[] {
    return [...this.byKey.values()].flatMap((list) => list.filter((r) => r.phase === "pending"));
  }
}
