/**
 * The misuse sweep's setting: a world whose client holds live handles, a stale handle, copies of a
 * live handle, and a handle of a second host that has the same name; and one call of a DDI with
 * every argument bad, classified by what came of it.
 */
import * as condis from "../../src/index.ts";
import {
  DDIS,
  type DdiName,
  type Host,
  makeTag,
  NDIS_ERROR_CODE,
  NDIS_STATUS_SUCCESS,
  NdisAcquireSpinLock,
  NdisAllocateIoWorkItem,
  NdisAllocateMemoryWithTagPriority,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisAllocateSpinLock,
  NdisAllocateTimerObject,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  type NdisEvent,
  type NdisHandle,
  NdisReleaseSpinLock,
  NdisUsageError,
} from "../../src/index.ts";
import { testSap } from "../support/drivers/client.ts";
import { makeWorld, type World } from "../support/world.ts";

/** The bad arguments of the sweep. */
export const BAD_VALUES = [
  "null",
  "undefined",
  "number",
  "string",
  "plain object",
  "stale handle",
  "copied handle",
  "JSON copy of a handle",
  "another host's handle",
] as const;
/** One bad argument. */
export type BadValue = (typeof BAD_VALUES)[number];

/** Where the call is made from. */
export const CONTEXTS = ["outside any driver", "inside a driver", "inside a spin lock"] as const;
/** One calling context. */
export type CallContext = (typeof CONTEXTS)[number];

/** What came of one call. */
export type Outcome =
  | { readonly kind: "refused"; readonly how: string }
  | { readonly kind: "raw-exception"; readonly error: string }
  | { readonly kind: "driver-crash"; readonly error: string }
  | { readonly kind: "silent"; readonly result: string }
  | { readonly kind: "state-changed"; readonly diff: string };

/** Every DDI of the model: the DDIS table, each exported by the package as a function. */
export function sweptDdis(): DdiName[] {
  return (Object.keys(DDIS) as DdiName[]).filter(
    (name) => typeof (condis as Readonly<Record<string, unknown>>)[name] === "function",
  );
}

/** Two worlds on hosts of the same name, and the values the sweep passes. */
export interface SweepWorld {
  readonly w: World;
  readonly other: World;
  value(bad: BadValue): unknown;
  /**
   * A valid value for a parameter of this name (`…Context` parameters are opaque to NDIS and get
   * null), or undefined when the sweep has none: live objects of the first world's client.
   */
  valid(parameter: string): { readonly value: unknown } | undefined;
}

const poolParameters = () => ({ PoolTag: makeTag("swPl"), fAllocateNetBuffer: true, DataSize: 0 });
const timerCharacteristics = () => ({ AllocationTag: 0, TimerFunction: () => {}, FunctionContext: null });

/**
 * Builds the sweep's two worlds. The first one's client made and deleted a VC (its handle is
 * stale) and holds a live VC, spin lock, timer object, work item and memory block.
 */
export function sweepWorld(): SweepWorld {
  const w = makeWorld();
  const other = makeWorld();
  const binding = w.client.bindings[0]!.handle as NdisHandle<"Binding">;
  const af = w.client.af().handle;
  const live = w.host.runAs(w.client.name, () => {
    const gone = NdisCoCreateVc(binding, af, {}).NdisVcHandle;
    if (gone === null) throw new Error("sweep: no VC");
    NdisCoDeleteVc(gone);
    return {
      stale: gone,
      vc: NdisCoCreateVc(binding, af, {}).NdisVcHandle,
      lock: NdisAllocateSpinLock(),
      timer: NdisAllocateTimerObject(binding, timerCharacteristics()).TimerObject,
      item: NdisAllocateIoWorkItem(binding),
      block: NdisAllocateMemoryWithTagPriority(binding, 8, makeTag("swPx"), 0),
      pool: NdisAllocateNetBufferListPool(binding, poolParameters()),
    };
  });
  const nbl = w.host.runAs(w.client.name, () =>
    live.pool === null
      ? null
      : NdisAllocateNetBufferAndNetBufferList(live.pool, 0, 0, new Uint8Array(16), 0, 16),
  );
  const sap = w.client.registerSap(w.host);
  w.settle();
  const foreign = other.client.bindings[0]!.handle as NdisHandle<"Binding">;
  const values: Record<BadValue, () => unknown> = {
    null: () => null,
    undefined: () => undefined,
    number: () => 42,
    string: () => "bogus",
    "plain object": () => ({}),
    "stale handle": () => live.stale,
    "copied handle": () => ({ ...binding }),
    "JSON copy of a handle": () => JSON.parse(JSON.stringify(binding)),
    "another host's handle": () => foreign,
  };
  const valid: Record<string, unknown> = {
    NdisHandle: binding,
    NdisObjectHandle: binding,
    NdisAdapterHandle: binding,
    NdisBindingHandle: binding,
    NdisAfHandle: af,
    NdisVcHandle: live.vc,
    SpinLock: live.lock,
    TimerObject: live.timer,
    NdisIoWorkItemHandle: live.item,
    VirtualAddress: live.block,
    Length: 8,
    MemoryFlags: 0,
    Tag: makeTag("swPx"),
    Priority: 0,
    ErrorCode: NDIS_ERROR_CODE.NDIS_ERROR_CODE_TIMEOUT,
    "...ErrorValues": 1,
    Routine: () => {},
    TimerCharacteristics: timerCharacteristics(),
    DueTime: -10_000n,
    MillisecondsPeriod: 0,
    Status: NDIS_STATUS_SUCCESS,
    Size: 0,
    Parameters: poolParameters(),
    PoolHandle: live.pool,
    ContextSize: 0,
    ContextBackFill: 0,
    MdlChain: new Uint8Array(16),
    DataOffset: 0,
    DataLength: 16,
    NetBufferList: nbl,
    NdisSapHandle: sap.sap.handle,
    Sap: testSap(9),
  };
  return {
    w,
    other,
    value: (bad) => values[bad](),
    valid: (parameter) => {
      if (/Context$/.test(parameter)) return { value: null };
      return parameter in valid ? { value: valid[parameter] } : undefined;
    },
  };
}

/** The parameter names of a DDI, as its source declares them ("...ErrorValues" for a rest parameter). */
export function parametersOf(ddi: DdiName): string[] {
  const fn = (condis as unknown as Readonly<Record<string, (...args: unknown[]) => unknown>>)[ddi]!;
  const list = String(fn).match(/^function\s*\w*\(([^)]*)\)/)?.[1] ?? "";
  return list
    .split(",")
    .map((p) => p.trim().replace(/\s*=.*$/, ""))
    .filter((p) => p.length > 0);
}

const IRQL_CODES = new Set(["irql-too-high", "irql-too-low"]);

function isFailureStatus(value: unknown): boolean {
  // NDIS_STATUS error and warning values have the severity bits set (0x8…/0xC…).
  return typeof value === "number" && value >= 0x80000000;
}

function failed(result: unknown): boolean {
  if (isFailureStatus(result)) return true;
  if (typeof result === "object" && result !== null && "status" in result)
    return isFailureStatus((result as { status: unknown }).status);
  return false;
}

function snapshotOf(host: Host): string {
  return JSON.stringify(host.snapshot());
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Calls `ddi` with every parameter set to `bad`, from `context`, and classifies it: refused (a
 * contract report other than an IRQL one, a failure NDIS_STATUS, or NdisUsageError when no host
 * can be found), a raw exception, a silent acceptance, or a refusal that still changed the host.
 */
export function callBadly(s: SweepWorld, ddi: DdiName, bad: BadValue, context: CallContext): Outcome {
  const fn = (condis as unknown as Readonly<Record<string, (...args: unknown[]) => unknown>>)[ddi]!;
  return callWith(
    s,
    ddi,
    Array.from({ length: Math.max(fn.length, 1) }, () => s.value(bad)),
    context,
  );
}

/**
 * Calls `ddi` with `args` from `context` (as `driver`, the client by default) and classifies what
 * came of it (see callBadly); a driver handler that threw is a driver crash, not NDIS's error.
 */
export function callWith(
  s: SweepWorld,
  ddi: DdiName,
  args: readonly unknown[],
  context: CallContext,
  driver?: string,
): Outcome {
  const fn = (condis as unknown as Readonly<Record<string, (...args: unknown[]) => unknown>>)[ddi]!;
  const reports: NdisEvent[] = [];
  const listen = (e: NdisEvent) => {
    if (e.type === "contract" && !IRQL_CODES.has(e.code)) reports.push(e);
  };
  const stops = [s.w.host.events.subscribe(listen), s.other.host.events.subscribe(listen)];
  const before = [snapshotOf(s.w.host), snapshotOf(s.other.host)];
  let result: unknown;
  try {
    if (context === "outside any driver") result = fn(...args);
    else
      result = s.w.host.runAs(driver ?? s.w.client.name, () => {
        if (context === "inside a driver") return fn(...args);
        const lock = NdisAllocateSpinLock();
        NdisAcquireSpinLock(lock);
        const r = fn(...args);
        NdisReleaseSpinLock(lock);
        return r;
      });
  } catch (error) {
    if (error instanceof NdisUsageError && context === "outside any driver")
      return { kind: "refused", how: `NdisUsageError ${error.code}` };
    // A handler of the peer (or of the caller itself) that threw: NDIS reported it as a
    // driver-exception before the error went on up, as a crash in a C driver would.
    if (reports.some((r) => r.type === "contract" && r.code === "driver-exception"))
      return { kind: "driver-crash", error: String(error) };
    return { kind: "raw-exception", error: String(error) };
  } finally {
    for (const stop of stops) stop();
  }
  const after = [snapshotOf(s.w.host), snapshotOf(s.other.host)];
  const changed = after[0] !== before[0] || after[1] !== before[1];
  if (reports.length > 0 || failed(result)) {
    if (changed) return { kind: "state-changed", diff: `${before.join(" | ")} -> ${after.join(" | ")}` };
    return {
      kind: "refused",
      how:
        reports.length > 0
          ? reports.map((r) => (r.type === "contract" ? r.code : "")).join(",")
          : `status ${show(result)}`,
    };
  }
  return { kind: "silent", result: show(result) };
}
