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
  NdisAcquireSpinLock,
  NdisAllocateSpinLock,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  type NdisEvent,
  type NdisHandle,
  NdisReleaseSpinLock,
  NdisUsageError,
} from "../../src/index.ts";
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
  | { readonly kind: "silent"; readonly result: string }
  | { readonly kind: "state-changed"; readonly diff: string };

/** Every DDI of the model: the DDIS table, each exported by the package as a function. */
export function sweptDdis(): DdiName[] {
  return (Object.keys(DDIS) as DdiName[]).filter(
    (name) => typeof (condis as Readonly<Record<string, unknown>>)[name] === "function",
  );
}

/** Two worlds on hosts of the same name, and the handles the sweep passes. */
export interface SweepWorld {
  readonly w: World;
  readonly other: World;
  value(bad: BadValue): unknown;
}

/** Builds the sweep's two worlds: the first one's client made and deleted a VC (its handle is stale). */
export function sweepWorld(): SweepWorld {
  const w = makeWorld();
  const other = makeWorld();
  const binding = w.client.bindings[0]!.handle as NdisHandle<"Binding">;
  const af = w.client.af().handle;
  const stale = w.host.runAs(w.client.name, () => {
    const vc = NdisCoCreateVc(binding, af, {}).NdisVcHandle;
    if (vc === null) throw new Error("sweep: no VC");
    NdisCoDeleteVc(vc);
    return vc;
  });
  const foreign = other.client.bindings[0]!.handle as NdisHandle<"Binding">;
  const values: Record<BadValue, () => unknown> = {
    null: () => null,
    undefined: () => undefined,
    number: () => 42,
    string: () => "bogus",
    "plain object": () => ({}),
    "stale handle": () => stale,
    "copied handle": () => ({ ...binding }),
    "JSON copy of a handle": () => JSON.parse(JSON.stringify(binding)),
    "another host's handle": () => foreign,
  };
  return { w, other, value: (bad) => values[bad]() };
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
  const args = Array.from({ length: Math.max(fn.length, 1) }, () => s.value(bad));
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
      result = s.w.host.runAs(s.w.client.name, () => {
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
    return { kind: "raw-exception", error: String(error) };
  } finally {
    for (const stop of stops) stop();
  }
  const after = [snapshotOf(s.w.host), snapshotOf(s.other.host)];
  if (after[0] !== before[0] || after[1] !== before[1])
    return { kind: "state-changed", diff: `${before.join(" | ")} -> ${after.join(" | ")}` };
  if (reports.length > 0) return { kind: "refused", how: reports.map((r) => r.type).join(",") };
  if (failed(result)) return { kind: "refused", how: `status ${show(result)}` };
  return { kind: "silent", result: show(result) };
}
