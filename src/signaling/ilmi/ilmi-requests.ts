import { type Nanoseconds, seconds } from "../../sched/scheduler.ts";
import { INT32_MAX } from "./ber.ts";
import type { SnmpMessage } from "./snmp-types.ts";

/** Response timing of an IME. */
export interface IlmiTiming {
  /** How long to wait for the GetResponse before sending the request again. */
  readonly responseTimeout: Nanoseconds;
  /** Transmissions of one request (the first one included) before giving up. */
  readonly maxAttempts: number;
}

/**
 * linux ilmid's values (ATM Forum ILMI 4.0 address registration): a 2 s response timeout, and four failures before it
 * treats the link as down.
 */
export const DEFAULT_ILMI_TIMING: IlmiTiming = { responseTimeout: seconds(2), maxAttempts: 4 };

/** Name of the per-request response timer, for traces. */
export const ILMI_RESPONSE_TIMER = "ilmiResponse";

/** Send an ILMI message on VPI 0 / VCI 16. */
export interface IlmiSendEffect {
  readonly kind: "send";
  readonly message: SnmpMessage;
}

/** Start (or restart) the response timer of one request; on expiry feed `responseTimeout` back. */
export interface IlmiStartTimerEffect {
  readonly kind: "startTimer";
  readonly timer: typeof ILMI_RESPONSE_TIMER;
  readonly requestId: number;
  readonly delay: Nanoseconds;
}

/** Stop the response timer of one request. */
export interface IlmiStopTimerEffect {
  readonly kind: "stopTimer";
  readonly timer: typeof ILMI_RESPONSE_TIMER;
  readonly requestId: number;
}

/** The effects the request matcher itself produces. */
export type IlmiRequestEffect = IlmiSendEffect | IlmiStartTimerEffect | IlmiStopTimerEffect;

/** A request waiting for its GetResponse. */
export interface PendingRequest<C> {
  readonly requestId: number;
  readonly message: SnmpMessage;
  /** Transmissions so far. */
  readonly attempts: number;
  /** What the owner needs to know when the answer (or the give-up) comes. */
  readonly context: C;
}

/** Outstanding requests of one IME, keyed by request-id, and the next request-id to use. */
export interface RequestTable<C> {
  readonly nextRequestId: number;
  readonly pending: ReadonlyMap<number, PendingRequest<C>>;
}

/** A table with nothing outstanding. */
export function emptyRequestTable<C>(firstRequestId = 1): RequestTable<C> {
  return { nextRequestId: firstRequestId, pending: new Map() };
}

/** Result of a request-table transition. */
export interface RequestStep<C> {
  readonly table: RequestTable<C>;
  readonly effects: readonly IlmiRequestEffect[];
  /** The request concerned: the one issued, matched, retried or given up. */
  readonly request?: PendingRequest<C>;
}

/** Issues a request: allocates the request-id, sends, starts its timer. */
export function issueRequest<C>(
  table: RequestTable<C>,
  build: (requestId: number) => SnmpMessage,
  context: C,
  timing: IlmiTiming,
): RequestStep<C> & { readonly request: PendingRequest<C> } {
  const requestId = table.nextRequestId;
  const request: PendingRequest<C> = { requestId, message: build(requestId), attempts: 1, context };
  const pending = new Map(table.pending).set(requestId, request);
  return {
    table: { nextRequestId: requestId >= INT32_MAX ? 1 : requestId + 1, pending },
    effects: sendAndTime(request, timing),
    request,
  };
}

/** Matches a received GetResponse to its request by request-id; unmatched responses change nothing. */
export function matchResponse<C>(table: RequestTable<C>, response: SnmpMessage): RequestStep<C> {
  if (response.pdu.type !== "getResponse") return { table, effects: [] };
  const request = table.pending.get(response.pdu.requestId);
  if (request === undefined) return { table, effects: [] };
  return { ...forget(table, request), request };
}

/** Handles a response-timer expiry: retransmits with the same request-id, or gives up after maxAttempts. */
export function expireRequest<C>(
  table: RequestTable<C>,
  requestId: number,
  timing: IlmiTiming,
): RequestStep<C> & { readonly gaveUp: boolean } {
  const request = table.pending.get(requestId);
  if (request === undefined) return { table, effects: [], gaveUp: false };
  if (request.attempts >= timing.maxAttempts) {
    // The timer has already fired: forget the request without a stopTimer effect.
    const pending = new Map(table.pending);
    pending.delete(requestId);
    return { table: { ...table, pending }, effects: [], request, gaveUp: true };
  }
  const retried: PendingRequest<C> = { ...request, attempts: request.attempts + 1 };
  return {
    table: { ...table, pending: new Map(table.pending).set(requestId, retried) },
    effects: sendAndTime(retried, timing),
    request: retried,
    gaveUp: false,
  };
}

/** Forgets one outstanding request and stops its timer. */
export function forget<C>(table: RequestTable<C>, request: PendingRequest<C>): RequestStep<C> {
  const pending = new Map(table.pending);
  pending.delete(request.requestId);
  return {
    table: { ...table, pending },
    effects: [{ kind: "stopTimer", timer: ILMI_RESPONSE_TIMER, requestId: request.requestId }],
  };
}

/** Forgets every outstanding request (peer restarted, IME stopped) and stops their timers. */
export function forgetAll<C>(table: RequestTable<C>): RequestStep<C> {
  const effects: IlmiRequestEffect[] = [...table.pending.keys()].map((requestId) => ({
    kind: "stopTimer",
    timer: ILMI_RESPONSE_TIMER,
    requestId,
  }));
  return { table: { ...table, pending: new Map() }, effects };
}

function sendAndTime<C>(
  request: PendingRequest<C>,
  timing: IlmiTiming,
): [IlmiSendEffect, IlmiStartTimerEffect] {
  return [
    { kind: "send", message: request.message },
    {
      kind: "startTimer",
      timer: ILMI_RESPONSE_TIMER,
      requestId: request.requestId,
      delay: timing.responseTimeout,
    },
  ];
}
