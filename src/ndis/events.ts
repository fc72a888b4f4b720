import type { Nanoseconds } from "../sched/scheduler.ts";

/** Fields every event carries. */
export interface EventBase {
  /** Position in the host's stream, from 1. */
  readonly seq: number;
  /** Scheduler time when it happened. */
  readonly time: Nanoseconds;
  readonly host: string;
  /** The driver whose code was running, if any. */
  readonly driver: string | null;
  /** Nesting depth of driver code (a completion handler run inside a DDI is one deeper). */
  readonly depth: number;
}

/** A JSON-safe summary of a DDI or handler argument. */
export type ArgSummary =
  | string
  | number
  | boolean
  | null
  | readonly ArgSummary[]
  | { readonly [key: string]: ArgSummary };

/** The kinds of contract problem the core detects; the verifier maps them to rules. */
export type ContractCode =
  | "irql-too-high"
  | "invalid-handle"
  | "wrong-caller"
  | "wrong-state"
  | "completion-without-pending"
  | "double-completion"
  | "completion-with-pending-status"
  | "deregister-sap-complete-not-success"
  | "cm-failed-deregistration"
  | "deregister-while-registering"
  | "sap-context-mismatch"
  | "sap-area-not-freed"
  | "pending-from-never-pending-handler"
  | "double-free"
  | "memory-leak-at-unload"
  | "spin-lock-misuse"
  | "spin-lock-held-at-exit"
  | "missing-handler"
  | "af-closed-with-saps"
  | "af-closed-with-vcs"
  | "af-torn-down"
  | "binding-closed-with-open-afs"
  | "unbind-without-close"
  | "notify-close-not-issued"
  | "wrong-form"
  | "bad-parameter"
  | "driver-exception"
  | "vc-delete-by-non-creator"
  | "vc-not-ready"
  | "nbl-ownership"
  | "nbl-double-completion"
  | "mcm-used-co-send"
  | "cm-send-off-signaling"
  | "oid-completion";

/** One event of a host's stream. */
export type NdisEvent = EventBase &
  (
    | {
        readonly type: "ddi-call";
        readonly ddi: string;
        readonly irql: number;
        readonly args: Readonly<Record<string, ArgSummary>>;
      }
    | { readonly type: "ddi-return"; readonly ddi: string; readonly result: ArgSummary }
    | {
        readonly type: "handler-enter";
        readonly handler: string;
        readonly roleType: string;
        readonly irql: number;
        /** The object NDIS calls the handler for ("Sap 3"), when there is one. */
        readonly object: string | null;
        readonly args: Readonly<Record<string, ArgSummary>>;
      }
    | { readonly type: "handler-exit"; readonly handler: string; readonly result: ArgSummary }
    | { readonly type: "state"; readonly object: string; readonly from: string; readonly to: string }
    | {
        readonly type: "alloc";
        readonly block: number;
        readonly tag: string;
        readonly length: number;
        readonly owner: string;
        readonly subject: string | null;
      }
    | { readonly type: "free"; readonly block: number; readonly owner: string }
    | {
        readonly type: "contract";
        readonly code: ContractCode;
        /** "must": a documented obligation; "semantics": a choice of docs/semantics.md (strict mode). */
        readonly level: "must" | "semantics";
        readonly ddi: string | null;
        readonly object: string | null;
        /** For invalid-handle: why the handle did not resolve. */
        readonly fault: "null" | "malformed" | "foreign" | "wrong-kind" | "stale" | null;
        readonly message: string;
      }
    | { readonly type: "task"; readonly label: string }
    | {
        readonly type: "frame";
        readonly adapter: string;
        readonly direction: "tx" | "rx";
        readonly vpi: number;
        readonly vci: number;
        readonly payload: Uint8Array;
      }
    | { readonly type: "note"; readonly message: string }
    | { readonly type: "log"; readonly errorCode: number; readonly values: readonly number[] }
  );

/** The `type` of an event. */
export type NdisEventType = NdisEvent["type"];

/** What `emit` takes: an event without the fields the stream fills in. */
export type NdisEventInput = NdisEvent extends infer E
  ? E extends NdisEvent
    ? Omit<E, keyof EventBase>
    : never
  : never;

/** A subscriber to an event stream. */
export type EventListener = (event: NdisEvent) => void;

/** How a subscriber is called. */
export interface SubscribeOptions {
  /**
   * Let this subscriber's exceptions escape into the DDI call that emitted the event, to stop the
   * run right there (the verifier's "throw" mode). Default false: exceptions are isolated.
   */
  readonly rethrow?: boolean;
}

/** An exception a subscriber threw while handling an event. */
export interface SubscriberFailure {
  readonly event: NdisEvent;
  readonly error: unknown;
}

/**
 * A host's event stream: subscribers attach without touching internals. A subscriber that throws
 * (unless it subscribed with `rethrow`) is isolated: the other subscribers still get the event, the DDI call that emitted it goes on,
 * and the failure is kept (`failures()`) and handed to `onFailure` (the host emits a `note`).
 */
export class EventStream {
  private readonly listeners = new Set<EventListener>();
  private readonly rethrowing = new Set<EventListener>();
  private readonly failed: SubscriberFailure[] = [];
  private readonly onFailure: ((failure: SubscriberFailure) => void) | undefined;
  private reporting = false;

  constructor(onFailure?: (failure: SubscriberFailure) => void) {
    this.onFailure = onFailure;
  }

  /** Adds a listener; returns a function that removes it. */
  subscribe(listener: EventListener, options: SubscribeOptions = {}): () => void {
    this.listeners.add(listener);
    if (options.rethrow === true) this.rethrowing.add(listener);
    return () => {
      this.listeners.delete(listener);
      this.rethrowing.delete(listener);
    };
  }

  /** True when anyone listens (the host skips building events nobody reads). */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  /** Every exception a subscriber threw, in order; the subscriber stays subscribed. */
  failures(): readonly SubscriberFailure[] {
    return this.failed;
  }

  /** Delivers an event to every listener; one that throws does not stop the others. */
  publish(event: NdisEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        if (this.rethrowing.has(listener)) throw error;
        this.fail({ event, error });
      }
    }
  }

  private fail(failure: SubscriberFailure): void {
    this.failed.push(failure);
    // A failure while reporting a failure is kept but not reported again (no endless loop).
    if (this.onFailure === undefined || this.reporting) return;
    this.reporting = true;
    try {
      this.onFailure(failure);
    } finally {
      this.reporting = false;
    }
  }
}

/** Summarises a value for an event: handles by name, bytes by length, objects shallowly. */
export function summarize(value: unknown, depth = 0): ArgSummary {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "function") return `<fn ${value.name || "anonymous"}>`;
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (typeof v.kind === "string" && typeof v.slot === "number" && typeof v.generation === "number") {
      return `${v.kind} ${v.slot}.${v.generation}`;
    }
    if (depth >= 2) return "<object>";
    if (Array.isArray(value)) return value.map((item) => summarize(item, depth + 1));
    const out: Record<string, ArgSummary> = {};
    for (const [key, item] of Object.entries(v)) out[key] = summarize(item, depth + 1);
    return out;
  }
  return String(value);
}
