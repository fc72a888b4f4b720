import type { Scheduler } from "../sched/scheduler.ts";
import { currentFrame, type Frame, frameDepth, runInFrame } from "./context.ts";
import { DDIS, type DdiName } from "./ddi-descriptors.ts";
import {
  type ArgSummary,
  type ContractCode,
  EventStream,
  type NdisEvent,
  type NdisEventInput,
  summarize,
} from "./events.ts";
import type { AnyNdisHandle, HandleKind, NdisHandle } from "./handle.ts";
import { type HandleFault, HandleTable } from "./handle-table.ts";
import { HANDLERS, type HandlerName } from "./handler-descriptors.ts";
import { DISPATCH_LEVEL, irqlAllows, irqlName, type KIRQL, PASSIVE_LEVEL } from "./irql.ts";
import { addAdapter, loadDriver, removeAdapter, unloadDriver } from "./lifecycle.ts";
import { MemoryTracker } from "./memory-tracker.ts";
import { NblTracker } from "./nbl.ts";
import type { AdapterRecord, DriverRecord } from "./objects.ts";
import type { DRIVER_INITIALIZE } from "./types.ts";

/** Options that select between documented behaviours or the choices of docs/semantics.md. */
export interface HostOptions {
  /**
   * Q1: when the call manager answers ProtocolCmRegisterSap synchronously, NdisClRegisterSap
   * normally returns PENDING and delivers the answer through ProtocolClRegisterSapComplete. With
   * this set it returns the CM's status instead and the client completes in its own code.
   */
  readonly registerSapSyncReturn?: boolean;
}

/** What Host.snapshot returns. */
export interface HostSnapshot {
  readonly drivers: readonly { readonly name: string; readonly state: string }[];
  readonly adapters: readonly { readonly name: string; readonly miniport: string; readonly state: string }[];
  readonly bindings: readonly {
    readonly protocol: string;
    readonly adapter: string;
    readonly state: string;
  }[];
  readonly afs: readonly {
    readonly id: number;
    readonly addressFamily: number;
    readonly client: string;
    readonly callManager: string;
    readonly state: string;
  }[];
  readonly saps: readonly {
    readonly id: number;
    readonly af: number;
    readonly client: string;
    readonly state: string;
  }[];
  readonly vcs: readonly {
    readonly id: number;
    readonly adapter: string;
    readonly creator: string;
    readonly state: string;
    readonly call: string;
    readonly sendsInFlight: number;
  }[];
  /** NBLs not with their owner: sent and not completed, or indicated and not returned. */
  readonly outstandingNbls: readonly {
    readonly id: number;
    readonly owner: string;
    readonly holder: string;
  }[];
  readonly liveNbls: number;
  readonly liveHandles: number;
  readonly liveBlocks: number;
}

type Mutable<T> = T extends readonly (infer U)[] ? U[] : never;

/** What createHost takes. */
export interface HostInit {
  readonly name: string;
  readonly scheduler: Scheduler;
  readonly options?: HostOptions;
}

const HOST = Symbol("condis.host");

/** The host that issued a handle, if the value is one of ours. */
export function hostOfHandle(handle: unknown): Host | undefined {
  if (typeof handle !== "object" || handle === null) return undefined;
  return (handle as { [HOST]?: Host })[HOST];
}

/**
 * One simulated machine: one instance of the NDIS library with its registries (drivers,
 * bindings, address families, SAPs, memory), its handle table and its event stream. Every DDI
 * finds its host through the handle it is given, or for handle-less calls through the
 * execution context the host sets while it runs driver code.
 */
export class Host {
  readonly name: string;
  readonly scheduler: Scheduler;
  readonly options: HostOptions;
  /** The event stream: verifier, traces and viewer subscribe here. */
  readonly events = new EventStream((f) =>
    this.emit({
      type: "note",
      message: `an event subscriber threw on event #${f.event.seq} (${f.event.type}): ${f.error instanceof Error ? f.error.message : String(f.error)}; the DDI call went on`,
    }),
  );
  /** @internal */ readonly handles: HandleTable;
  /** @internal */ readonly memory: MemoryTracker;
  /** @internal */ readonly nbls = new NblTracker();
  /** @internal */ readonly drivers = new Map<string, DriverRecord>();
  /** @internal */ readonly adapters = new Map<string, AdapterRecord>();
  private seq = 0;
  private nextObjectId = 1;

  constructor(init: HostInit) {
    this.name = init.name;
    this.scheduler = init.scheduler;
    this.options = init.options ?? {};
    this.handles = new HandleTable(init.name);
    this.memory = new MemoryTracker(this);
  }

  /** Loads a driver: runs its DriverEntry at PASSIVE_LEVEL; returns its NTSTATUS. */
  loadDriver(name: string, DriverEntry: DRIVER_INITIALIZE): number {
    return loadDriver(this, name, DriverEntry);
  }

  /** Unloads a driver: unbinds it (or removes its adapters), then runs its unload routine and reports leaks. */
  unloadDriver(name: string): void {
    unloadDriver(this, name);
  }

  /** Adds an adapter of a loaded miniport driver; `attachment` reaches MiniportInitializeEx. */
  addAdapter(init: {
    readonly name: string;
    readonly miniport: string;
    readonly attachment?: unknown;
  }): void {
    addAdapter(this, init);
  }

  /** Removes an adapter: unbinds every protocol from it, then halts it. */
  removeAdapter(name: string): void {
    removeAdapter(this, name);
  }

  /** A read-only view of what NDIS tracks, for tests, invariants and the CLI. */
  snapshot(): HostSnapshot {
    const bindings: Mutable<HostSnapshot["bindings"]> = [];
    const afs: Mutable<HostSnapshot["afs"]> = [];
    const saps: Mutable<HostSnapshot["saps"]> = [];
    for (const adapter of this.adapters.values()) {
      for (const b of adapter.bindings)
        bindings.push({ protocol: b.protocol.characteristics.Name, adapter: adapter.name, state: b.state });
      for (const reg of adapter.afs) {
        for (const open of reg.opens) {
          afs.push({
            id: open.id,
            addressFamily: reg.AddressFamily.AddressFamily,
            client: open.clientBinding.protocol.driver.name,
            callManager: reg.driver.name,
            state: open.state,
          });
          for (const sap of open.saps)
            saps.push({
              id: sap.id,
              af: open.id,
              client: open.clientBinding.protocol.driver.name,
              state: sap.state,
            });
        }
      }
    }
    return {
      drivers: [...this.drivers.values()].map((d) => ({ name: d.name, state: d.state })),
      adapters: [...this.adapters.values()].map((a) => ({
        name: a.name,
        miniport: a.miniport.driver.name,
        state: a.state,
      })),
      bindings,
      afs,
      saps,
      vcs: [...this.adapters.values()].flatMap((a) =>
        [...a.vcs].map((v) => ({
          id: v.id,
          adapter: a.name,
          creator: v.creator,
          state: v.state,
          call: v.call.state,
          sendsInFlight: v.sendsInFlight,
        })),
      ),
      outstandingNbls: this.nbls.outstanding(),
      liveNbls: this.nbls.size,
      liveHandles: this.handles.size,
      liveBlocks: this.memory.size,
    };
  }

  /** @internal A fresh id for an NDIS object (AF registration, AF open, SAP). */
  nextId(): number {
    return this.nextObjectId++;
  }

  /** @internal Emits an event on this host's stream. */
  emit(input: NdisEventInput): void {
    this.seq++;
    if (!this.events.active) return;
    const frame = currentFrame();
    const event = {
      ...input,
      seq: this.seq,
      time: this.scheduler.now(),
      host: this.name,
      driver: frame?.host === this ? (frame.driver?.name ?? null) : null,
      depth: frameDepth(),
    } as NdisEvent;
    this.events.publish(event);
  }

  /** @internal Reports a broken contract (documented MUST, or a semantics.md choice). */
  contract(
    code: ContractCode,
    message: string,
    opts: { ddi?: string; object?: string; level?: "must" | "semantics"; fault?: HandleFault } = {},
  ): void {
    this.emit({
      type: "contract",
      code,
      level: opts.level ?? "must",
      ddi: opts.ddi ?? null,
      object: opts.object ?? null,
      fault: opts.fault ?? null,
      message,
    });
  }

  /** @internal Issues a handle that remembers this host. */
  issue<K extends HandleKind>(kind: K, object: unknown): NdisHandle<K> {
    const handle = this.handles.issue(kind, object);
    const withHost = { ...handle };
    Object.defineProperty(withHost, HOST, { value: this, enumerable: false });
    return Object.freeze(withHost) as NdisHandle<K>;
  }

  /** @internal Kills a handle. */
  revoke(handle: AnyNdisHandle): void {
    this.handles.revoke(handle);
  }

  /**
   * @internal Resolves a handle given to `ddi`; on failure reports it (a stale, freed,
   * foreign-host or wrong-kind handle never reaches driver code) and returns undefined.
   */
  resolve<T>(handle: unknown, kind: HandleKind, ddi: string): T | undefined {
    const frame = currentFrame();
    if (frame !== undefined && frame.host !== this && hostOfHandle(handle) === this) {
      frame.host.contract("invalid-handle", `${ddi}: ${kind} handle belongs to host "${this.name}"`, {
        ddi,
        fault: "foreign",
      });
      return undefined;
    }
    const result = this.handles.resolve<T>(handle, kind);
    if (result.ok) return result.object;
    this.contract("invalid-handle", `${ddi}: ${result.fault} ${kind} handle${describe(handle)}`, {
      ddi,
      fault: result.fault,
    });
    return undefined;
  }

  /**
   * @internal Records a DDI call: checks the IRQL its page states, emits the call and return
   * events, and returns what `body` returns.
   */
  ddi<R>(
    name: DdiName,
    args: Record<string, unknown>,
    body: () => R,
    result: (r: R) => unknown = (r) => r,
  ): R {
    const frame = currentFrame();
    const irql: KIRQL = frame?.irql ?? PASSIVE_LEVEL;
    const descriptor = DDIS[name];
    const summary: Record<string, ArgSummary> = {};
    if (this.events.active) for (const [key, value] of Object.entries(args)) summary[key] = summarize(value);
    this.emit({ type: "ddi-call", ddi: name, irql, args: summary });
    if (!irqlAllows(descriptor.irql, irql)) {
      this.contract(
        "irql-too-high",
        `${name} called at ${irqlName(irql)}; its page requires ${descriptor.irql === "PASSIVE" ? "PASSIVE_LEVEL" : "IRQL <= DISPATCH_LEVEL"} (${descriptor.rule})`,
        { ddi: name },
      );
    }
    const r = frame === undefined ? runInFrame(this.implicitFrame(), body) : body();
    this.emit({ type: "ddi-return", ddi: name, result: this.events.active ? summarize(result(r)) : null });
    return r;
  }

  /**
   * @internal Calls a driver's handler the way NDIS does: in a frame of that driver, at the IRQL
   * the caller runs at (or PASSIVE for PASSIVE-only handlers, which are only ever called from a
   * PASSIVE worker), with entry and exit events.
   */
  callHandler<R>(
    driver: DriverRecord,
    name: HandlerName,
    args: Record<string, unknown>,
    fn: () => R,
    opts: { subject?: string; irql?: KIRQL } = {},
  ): R {
    const descriptor = HANDLERS[name];
    const caller = currentFrame();
    const irql: KIRQL =
      opts.irql ?? (descriptor.irql === "PASSIVE" ? PASSIVE_LEVEL : (caller?.irql ?? PASSIVE_LEVEL));
    const frame: Frame = {
      host: this,
      driver,
      irql,
      handler: name,
      subject: opts.subject ?? null,
      locks: [],
    };
    const summary: Record<string, ArgSummary> = {};
    if (this.events.active) for (const [key, value] of Object.entries(args)) summary[key] = summarize(value);
    return runInFrame(frame, () => {
      this.emit({
        type: "handler-enter",
        handler: name,
        roleType: descriptor.roleType,
        irql,
        object: opts.subject ?? null,
        args: summary,
      });
      let result: R;
      try {
        result = fn();
      } catch (error) {
        this.contract("driver-exception", `${name} of "${driver.name}" threw: ${String(error)}`, {
          level: "must",
        });
        throw error;
      }
      if (frame.locks.length > 0) {
        this.contract(
          "spin-lock-held-at-exit",
          `${name} of "${driver.name}" returned holding ${frame.locks.length} spin lock(s)`,
        );
      }
      if (frame.irql !== irql) {
        this.contract(
          "spin-lock-misuse",
          `${name} of "${driver.name}" returned at ${irqlName(frame.irql)}, entered at ${irqlName(irql)}`,
        );
      }
      if (descriptor.irql === "PASSIVE" && irql !== PASSIVE_LEVEL) {
        this.contract("irql-too-high", `NDIS called PASSIVE-only ${name} at DISPATCH_LEVEL`);
      }
      this.emit({
        type: "handler-exit",
        handler: name,
        result: this.events.active ? summarize(result) : null,
      });
      return result;
    });
  }

  /**
   * @internal Posts work that runs later in a driver's context at `irql` (PASSIVE workers for
   * PASSIVE-only callbacks, DISPATCH for timers and DPCs).
   */
  post(label: string, driver: DriverRecord | null, fn: () => void, irql: KIRQL = PASSIVE_LEVEL): void {
    this.scheduler.post({
      label,
      owner: this.name,
      run: () => {
        this.emit({ type: "task", label });
        const frame: Frame = { host: this, driver, irql, handler: null, subject: null, locks: [] };
        runInFrame(frame, fn);
        if (frame.locks.length > 0) {
          this.contract(
            "spin-lock-held-at-exit",
            `${label}: driver code returned holding ${frame.locks.length} spin lock(s)`,
          );
        }
      },
    });
  }

  /** @internal Runs `fn` now as a DPC of `driver` (DISPATCH_LEVEL), with the task and lock checks of a posted task. */
  runDpc(driver: DriverRecord, label: string, fn: () => void): void {
    this.emit({ type: "task", label });
    const frame: Frame = {
      host: this,
      driver,
      irql: DISPATCH_LEVEL,
      handler: null,
      subject: null,
      locks: [],
    };
    runInFrame(frame, fn);
    if (frame.locks.length > 0)
      this.contract(
        "spin-lock-held-at-exit",
        `${label}: DPC returned holding ${frame.locks.length} spin lock(s)`,
      );
  }

  /**
   * Runs `fn` as code of the named driver (its own thread, at PASSIVE_LEVEL unless told), the
   * way a test or a driver's worker thread calls DDIs outside any handler.
   */
  runAs<T>(driverName: string, fn: () => T, irql: KIRQL = PASSIVE_LEVEL): T {
    const driver = this.drivers.get(driverName);
    if (driver === undefined)
      throw new Error(`runAs: no driver "${driverName}" is loaded on host "${this.name}"`);
    return runInFrame({ host: this, driver, irql, handler: null, subject: null, locks: [] }, fn);
  }

  /** Runs `fn` as driver code at DISPATCH_LEVEL (a DPC). */
  runAtDispatch<T>(driverName: string, fn: () => T): T {
    return this.runAs(driverName, fn, DISPATCH_LEVEL);
  }

  private implicitFrame(): Frame {
    return { host: this, driver: null, irql: PASSIVE_LEVEL, handler: null, subject: null, locks: [] };
  }
}

function describe(handle: unknown): string {
  if (typeof handle !== "object" || handle === null) return ` (${String(handle)})`;
  const h = handle as Partial<AnyNdisHandle>;
  return h.kind === undefined ? "" : ` (${h.kind} ${h.slot}.${h.generation} @${h.host})`;
}

/** The host whose driver code runs now, if any. */
export function currentHost(): Host | undefined {
  return currentFrame()?.host;
}

/** Creates a host: one simulated machine with its own NDIS instance. */
export function createHost(init: HostInit): Host {
  return new Host(init);
}
