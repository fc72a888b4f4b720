/**
 * What the verifier knows about one host, derived from its event stream only: the open DDI calls
 * and handler frames (the call stack), the pended requests, which handle names which object,
 * which SAP handles the client gave up, each driver's registered roles, the spin locks held and
 * the memory blocks alive.
 */
import type { NdisEvent } from "../ndis/index.ts";
import { NDIS_STATUS_SUCCESS } from "../ndis/status.ts";
import { NDIS_OBJECT_TYPE } from "../ndis/types.ts";
import {
  ddiDescriptor,
  field,
  handleKeyOf,
  handlerDescriptor,
  isHandleSummary,
  isPending,
  kindOf,
  statusOf,
} from "./annotations.ts";
import { ObjectStates } from "./object-states.ts";
import { completionKeyOf, requestKeyOf } from "./request-keys.ts";
import { type CompletionVerdict, type PendedRequest, RequestTracker } from "./requests.ts";
import type { ContractEvent } from "./rule.ts";

type DdiCall = Extract<NdisEvent, { type: "ddi-call" }>;
type HandlerEnter = Extract<NdisEvent, { type: "handler-enter" }>;
/** A handler's return, as the stream records it. */
export type HandlerExit = Extract<NdisEvent, { type: "handler-exit" }>;

/** An open DDI call. */
export interface DdiNode {
  readonly kind: "ddi";
  readonly event: DdiCall;
  /** The object the call is about: its first handle argument. */
  readonly key: string | undefined;
  /** For a completion DDI: what it completes on its object. */
  readonly verdict: CompletionVerdict | undefined;
  /** The execution context it was made from (for spin-lock ownership). */
  readonly frame: string;
  /** Contracts the core reported directly inside the call. */
  readonly contracts: ContractEvent[];
  /** An object NDIS created inside the call ("Sap 5"), until a handler shows its handle. */
  created: string | undefined;
  /** The last handler that returned directly inside this call. */
  lastExit: HandlerExit | undefined;
}

/** An open handler frame. */
export interface HandlerNode {
  readonly kind: "handler";
  readonly event: HandlerEnter;
  readonly key: string | undefined;
  /** The request it works on, when its role type says it may pend. */
  readonly request: PendedRequest | undefined;
  readonly contracts: ContractEvent[];
  lastExit: HandlerExit | undefined;
}

/** One entry of the call stack. */
export type StackNode = DdiNode | HandlerNode;

/** Where on its host an event happened, as monitors see it. */
export interface Site {
  readonly view: HostView;
  /** The innermost open frame (DDI call or handler), if any. */
  readonly node: StackNode | undefined;
  /** The innermost open DDI call. */
  readonly ddi: DdiNode | undefined;
  /** The innermost open handler frame. */
  readonly handler: HandlerNode | undefined;
  /** The last handler that returned directly inside the innermost frame (or at top level). */
  readonly lastExit: HandlerExit | undefined;
  /** The execution context: the innermost handler frame, or the scheduler task. */
  readonly frame: string;
}

/** A spin lock the stream shows as held. */
export interface HeldLock {
  readonly form: "plain" | "dpr";
  readonly frame: string;
  readonly acquire: DdiCall;
}

/** A memory block the stream shows as allocated. */
export interface LiveBlock {
  readonly id: number;
  readonly alloc: Extract<NdisEvent, { type: "alloc" }>;
  readonly owner: string;
  readonly tag: string;
  readonly subject: string | null;
}

/** The roles a driver registered, from its successful registration calls. */
export type DriverRole = "protocol" | "miniport" | "co-protocol" | "co-miniport" | "client" | "call-manager";

const ROLE_OF_TYPE = new Map<number, DriverRole>([
  [NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS, "co-protocol"],
  [NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS, "co-miniport"],
  [NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS, "client"],
  [NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS, "call-manager"],
]);

const ACQUIRE = new Set(["NdisAcquireSpinLock", "NdisDprAcquireSpinLock"]);
const RELEASE = new Set(["NdisReleaseSpinLock", "NdisDprReleaseSpinLock"]);

/** Contract codes with which the core refuses a call (the completion did not take effect). */
const REFUSALS = new Set<string>([
  "bad-parameter",
  "completion-with-pending-status",
  "completion-without-pending",
  "double-completion",
  "invalid-handle",
  "oid-completion",
  "wrong-caller",
]);

/** Final states: requests still open on such an object were dropped with it (a party freed with its call). */
const GONE = new Set(["Freed", "Deleted", "Dropped"]);

/** The derived state of one host. */
export class HostView {
  readonly host: string;
  readonly requests = new RequestTracker();
  /** Object states and creators, data-path returns per VC, and the live host's NBLs. */
  readonly objects = new ObjectStates();
  /** Handle → object it was issued for ("Sap 3.1" → "Sap 5"), and back. */
  private readonly objectOfKey = new Map<string, string>();
  private readonly keyOfObject = new Map<string, string>();
  /** SAP handles the client passed to NdisClDeregisterSap (dead for it unless the CM fails). */
  private readonly released = new Set<string>();
  /** AFs NDIS tore down (Q7): requests made on them while they die are dropped with them. */
  private readonly tornDown = new Set<string>();
  private readonly roles = new Map<string, Set<DriverRole>>();
  private readonly locks = new Map<number, HeldLock>();
  private readonly blocks = new Map<number, LiveBlock>();
  private readonly stack: StackNode[] = [];
  private rootLastExit: HandlerExit | undefined;
  private last: NdisEvent | undefined;
  private task = 0;

  constructor(host: string) {
    this.host = host;
  }

  /** Where the next event happens, before it changes anything. */
  site(): Site {
    const node = this.stack.at(-1);
    return {
      view: this,
      node,
      ddi: this.innermost("ddi"),
      handler: this.innermost("handler"),
      lastExit: node === undefined ? this.rootLastExit : node.lastExit,
      frame: this.frameKey(),
    };
  }

  /** Updates the call stack for an arriving event (before monitors look at it). */
  enter(e: NdisEvent): void {
    this.last = e;
    while (this.stack.length > 0 && (this.stack.at(-1) as StackNode).event.depth > e.depth)
      this.abandon(this.stack.pop());
    switch (e.type) {
      case "task":
        while (this.stack.length > 0) this.abandon(this.stack.pop());
        this.rootLastExit = undefined;
        this.task = e.seq;
        return;
      case "ddi-call": {
        const key = handleKeyOf(e.args);
        const completes = ddiDescriptor(e.ddi)?.completes;
        const requestKey = completionKeyOf(e) ?? key;
        const verdict =
          completes !== undefined && requestKey !== undefined
            ? this.requests.verdict(completes, requestKey)
            : undefined;
        if (verdict?.kind === "match") verdict.request.completing = true;
        this.stack.push({
          kind: "ddi",
          event: e,
          key,
          verdict,
          frame: this.frameKey(),
          contracts: [],
          created: undefined,
          lastExit: undefined,
        });
        return;
      }
      case "handler-enter": {
        const parent = this.stack.at(-1);
        const own = handleKeyOf(e.args);
        const within = this.innermost("ddi");
        const special = requestKeyOf(e, within?.event);
        const key = special ?? own ?? within?.key;
        // The handler's object and its own handle name the same thing ("Vc 7" and "Vc 5.1"); so
        // does the VC handle a call request is keyed on.
        const named = isHandleSummary(special) ? special : own;
        if (e.object !== null && named !== undefined && kindOf(e.object) === kindOf(named))
          this.bind(named, e.object);
        if (parent?.kind === "ddi" && parent.created !== undefined && own !== undefined) {
          if (kindOf(parent.created) === kindOf(own)) this.bind(own, parent.created);
          parent.created = undefined;
        }
        const may = handlerDescriptor(e.handler)?.completedBy !== undefined;
        const request = may && key !== undefined ? this.requests.open(e.handler, key, e) : undefined;
        this.stack.push({ kind: "handler", event: e, key, request, contracts: [], lastExit: undefined });
        return;
      }
      default:
        return;
    }
  }

  /** Applies what an event did (after monitors looked at it). */
  leave(e: NdisEvent): void {
    switch (e.type) {
      case "ddi-return": {
        const node = this.popTo("ddi", e.ddi);
        if (node?.kind === "ddi") this.applyReturn(node, statusOf(e.result));
        return;
      }
      case "handler-exit": {
        const node = this.popTo("handler", e.handler);
        if (node?.kind !== "handler") return;
        if (node.request !== undefined) this.requests.exit(node.request, e, statusOf(e.result));
        this.objects.exited(e, node.event.object);
        const parent = this.stack.at(-1);
        if (parent === undefined) this.rootLastExit = e;
        else parent.lastExit = e;
        return;
      }
      case "state":
        this.applyState(e);
        return;
      case "alloc":
        this.blocks.set(e.block, { id: e.block, alloc: e, owner: e.owner, tag: e.tag, subject: e.subject });
        return;
      case "free":
        this.blocks.delete(e.block);
        return;
      case "contract":
        this.stack.at(-1)?.contracts.push(e);
        if (e.code === "af-torn-down" && e.object !== null) {
          this.tornDown.add(e.object);
          const key = this.keyOfObject.get(e.object);
          if (key !== undefined) this.requests.cancel(key);
        }
        return;
      default:
        return;
    }
  }

  /** The object a handle was issued for, when the stream showed it. */
  objectOf(key: string): string | undefined {
    return this.objectOfKey.get(key);
  }

  /** The latest event of the host's stream. */
  lastEvent(): NdisEvent | undefined {
    return this.last;
  }

  /** The current state of the object a handle names ("Vc 5.1" → "Active"), when the stream showed it. */
  stateOfKey(key: string): string | undefined {
    const object = this.objectOfKey.get(key);
    return object === undefined ? undefined : this.objects.stateOf(object);
  }

  /** True when the client passed this SAP handle to NdisClDeregisterSap and it was not given back. */
  clientReleased(key: string): boolean {
    return this.released.has(key);
  }

  /** True when `driver` registered `role` (NdisSetOptionalHandlers or a driver registration). */
  hasRole(driver: string, role: DriverRole): boolean {
    return this.roles.get(driver)?.has(role) ?? false;
  }

  /** The holder of a spin lock, if it is held. */
  lock(id: number): HeldLock | undefined {
    return this.locks.get(id);
  }

  /** The spin locks still held that were acquired in an execution context. */
  locksHeldIn(frame: string): HeldLock[] {
    return [...this.locks.values()].filter((l) => l.frame === frame);
  }

  /** The live blocks of a driver. */
  blocksOf(owner: string): LiveBlock[] {
    return [...this.blocks.values()].filter((b) => b.owner === owner);
  }

  /** The live blocks attributed to an object ("Sap 5"). */
  blocksFor(subject: string): LiveBlock[] {
    return [...this.blocks.values()].filter((b) => b.subject === subject);
  }

  private innermost<K extends StackNode["kind"]>(kind: K): Extract<StackNode, { kind: K }> | undefined {
    return this.stack.findLast((n): n is Extract<StackNode, { kind: K }> => n.kind === kind);
  }

  private frameKey(): string {
    const handler = this.innermost("handler");
    return handler !== undefined ? `handler#${handler.event.seq}` : `task#${this.task}`;
  }

  /** Pops up to and including the innermost frame matching a return; stale frames go with it. */
  private popTo(kind: StackNode["kind"], name: string): StackNode | undefined {
    const index = this.stack.findLastIndex((n) =>
      n.kind === "ddi"
        ? kind === "ddi" && n.event.ddi === name
        : kind === "handler" && n.event.handler === name,
    );
    if (index < 0) return undefined;
    const node = this.stack[index];
    while (this.stack.length > index + 1) this.abandon(this.stack.pop());
    this.stack.length = index;
    return node;
  }

  /** A frame that never returned (driver code threw through it): its completion did not finish. */
  private abandon(node: StackNode | undefined): void {
    if (node?.kind === "ddi" && node.verdict?.kind === "match") node.verdict.request.completing = false;
  }

  private bind(key: string, object: string): void {
    this.objectOfKey.set(key, object);
    this.keyOfObject.set(object, key);
  }

  private applyReturn(node: DdiNode, status: number | undefined): void {
    const call = node.event;
    const refused = node.contracts.some((c) => c.ddi === call.ddi && REFUSALS.has(c.code));
    if (node.verdict?.kind === "match") {
      node.verdict.request.completing = false;
      if (!refused) this.requests.complete(node.verdict.request, call);
    }
    const driver = call.driver;
    if (call.ddi === "NdisClDeregisterSap" && node.key !== undefined && isPending(status))
      this.released.add(node.key);
    if (driver !== null && status === NDIS_STATUS_SUCCESS) {
      if (call.ddi === "NdisRegisterProtocolDriver") this.addRole(driver, "protocol");
      if (call.ddi === "NdisMRegisterMiniportDriver") this.addRole(driver, "miniport");
      const type = field(call.args.OptionalHandlers, "Header", "Type");
      const role = typeof type === "number" ? ROLE_OF_TYPE.get(type) : undefined;
      if (call.ddi === "NdisSetOptionalHandlers" && role !== undefined) this.addRole(driver, role);
    }
    const lockId = call.args.SpinLock;
    if (typeof lockId !== "number") return;
    if (ACQUIRE.has(call.ddi) && !this.locks.has(lockId)) {
      const form = call.ddi === "NdisDprAcquireSpinLock" ? "dpr" : "plain";
      this.locks.set(lockId, { form, frame: node.frame, acquire: call });
    } else if (RELEASE.has(call.ddi) && this.locks.get(lockId)?.frame === node.frame) {
      this.locks.delete(lockId);
    }
  }

  private applyState(e: Extract<NdisEvent, { type: "state" }>): void {
    this.objects.apply(e);
    if (e.from === "None") {
      const top = this.stack.at(-1);
      if (top?.kind === "ddi") top.created = e.object;
      return;
    }
    const key = this.keyOfObject.get(e.object);
    if (key === undefined || !isHandleSummary(key)) return;
    if (GONE.has(e.to) || (e.to === "Closed" && this.tornDown.has(e.object))) this.requests.cancel(key);
    // Q4: a failed deregistration gives the client its SAP handle back.
    if (kindOf(e.object) === "Sap" && e.from === "Deregistering" && e.to === "Registered")
      this.released.delete(key);
  }

  private addRole(driver: string, role: DriverRole): void {
    const set = this.roles.get(driver) ?? new Set<DriverRole>();
    set.add(role);
    this.roles.set(driver, set);
  }
}
