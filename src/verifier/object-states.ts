/**
 * Per-object facts of one host for the VC and data-path rules: each object's current state and
 * the driver that created it (from `state` events), the last return of a data-path handler on
 * each VC (the offence when its NBLs never come back), and, when the verifier was attached to a
 * live host, the host's own list of NBLs not with their owner.
 */
import type { NdisEvent } from "../ndis/index.ts";

type StateEvent = Extract<NdisEvent, { type: "state" }>;
type HandlerExit = Extract<NdisEvent, { type: "handler-exit" }>;

/** An NBL that is not with its owner, as the host's snapshot lists it. */
export interface OutstandingNbl {
  readonly id: number;
  /** The driver that allocated it. */
  readonly owner: string;
  /** Where it is: "sent on Vc 7" or "indicated on Vc 7". */
  readonly holder: string;
}

/** Reads a live host's outstanding NBLs (Host.snapshot().outstandingNbls). */
export type NblProbe = () => readonly OutstandingNbl[];

/** The handlers after whose return NBLs are out of their owner's hands. */
const DATA_HANDLERS: ReadonlySet<string> = new Set([
  "MiniportCoSendNetBufferLists",
  "ProtocolCoReceiveNetBufferLists",
]);

/** What the stream says about objects, and what a live host says about its NBLs. */
export class ObjectStates {
  private readonly states = new Map<string, string>();
  private readonly creators = new Map<string, string | null>();
  private readonly dataExits = new Map<string, HandlerExit>();
  private probe: NblProbe | undefined;

  /** Applies a state change ("Vc 7": Active → Deactivating). */
  apply(e: StateEvent): void {
    if (e.from === "None") this.creators.set(e.object, e.driver);
    this.states.set(e.object, e.to);
  }

  /** Records a handler's return on the object NDIS called it for. */
  exited(e: HandlerExit, object: string | null): void {
    if (object !== null && DATA_HANDLERS.has(e.handler)) this.dataExits.set(`${e.handler}|${object}`, e);
  }

  /** The current state of an object ("Vc 7" → "Active"), when the stream showed one. */
  stateOf(object: string): string | undefined {
    return this.states.get(object);
  }

  /** The driver whose call created the object (null when NDIS created it on its own). */
  creatorOf(object: string): string | null | undefined {
    return this.creators.get(object);
  }

  /** The last return of a data-path handler on an object. */
  lastExit(handler: string, object: string): HandlerExit | undefined {
    return this.dataExits.get(`${handler}|${object}`);
  }

  /** Connects the live host's NBL list (a replayed stream has none). */
  setProbe(probe: NblProbe): void {
    this.probe = probe;
  }

  /** The NBLs not with their owner, or undefined when no live host is connected. */
  outstandingNbls(): readonly OutstandingNbl[] | undefined {
    return this.probe?.();
  }
}
