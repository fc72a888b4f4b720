/**
 * The Locking rules of the SDV NDIS rule set (SpinLock, SpinLockRelease, SpinLockDpr,
 * SpinLockDprRelease, SpinLockBalanced) plus freeing a held lock. The core reports each misuse;
 * the stream's lock table (who holds which lock, taken with which form, in which frame) tells
 * which rule it broke.
 */
import { allHandlers } from "../annotations.ts";
import type { Site } from "../host-view.ts";
import { type ContractEvent, defineRule, type Rule } from "../rule.ts";
import { fromDdi } from "./match.ts";

const ACQUIRES = ["NdisAcquireSpinLock", "NdisDprAcquireSpinLock"] as const;
const RELEASES = ["NdisReleaseSpinLock", "NdisDprReleaseSpinLock"] as const;
const REFERENCE =
  "https://learn.microsoft.com/windows-hardware/drivers/devtest/ndis-spinlock; docs/semantics.md 'Spin locks'";

function lockOf(site: Site) {
  const id = site.ddi?.event.args.SpinLock;
  return typeof id === "number" ? site.view.lock(id) : undefined;
}

/** A release the core refused, or that used the other form: which of the two. */
function releaseFault(c: ContractEvent, site: Site): "not-held" | "other-form" | undefined {
  if (c.code !== "spin-lock-misuse" || !fromDdi(c, ...RELEASES)) return undefined;
  const held = lockOf(site);
  const form = c.ddi === "NdisDprReleaseSpinLock" ? "dpr" : "plain";
  return held !== undefined && held.frame === site.frame && held.form !== form ? "other-form" : "not-held";
}

/** The spin-lock rules. */
export const LOCKING_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-LOCK-001",
    name: "SpinLock",
    statement: "NdisAcquireSpinLock is never called on a spin lock that is already held (that deadlocks).",
    category: "locking",
    level: "must",
    sdvRule: "SpinLock",
    reference: REFERENCE,
    covers: { ddis: ["NdisAcquireSpinLock"], handlers: [] },
    monitor: { contract: (c) => c.code === "spin-lock-misuse" && fromDdi(c, "NdisAcquireSpinLock") },
  }),
  defineRule({
    id: "CONDIS-LOCK-002",
    name: "SpinLockRelease",
    statement: "A spin lock is released only by the code that acquired it, while it holds it.",
    category: "locking",
    level: "must",
    sdvRule: "SpinLockRelease",
    reference: REFERENCE,
    covers: { ddis: [...RELEASES], handlers: [] },
    monitor: { contract: (c, site) => releaseFault(c, site) === "not-held" },
  }),
  defineRule({
    id: "CONDIS-LOCK-003",
    name: "SpinLockDpr",
    statement:
      "NdisDprAcquireSpinLock is never called on a spin lock that is already held (its IRQL is Irql_Synch_Function's).",
    category: "locking",
    level: "must",
    sdvRule: "SpinLockDpr",
    reference: REFERENCE,
    covers: { ddis: ["NdisDprAcquireSpinLock"], handlers: [] },
    monitor: { contract: (c) => c.code === "spin-lock-misuse" && fromDdi(c, "NdisDprAcquireSpinLock") },
  }),
  defineRule({
    id: "CONDIS-LOCK-004",
    name: "SpinLockDprRelease",
    statement:
      "A spin lock is released with the form it was acquired with, so the IRQL returns to the level it was taken at.",
    category: "locking",
    level: "must",
    sdvRule: "SpinLockDprRelease",
    reference: REFERENCE,
    covers: { ddis: [...ACQUIRES, ...RELEASES], handlers: allHandlers() },
    monitor: {
      // A handler that returns at another IRQL than it entered at, with no lock violation of its
      // own to blame (those claim it as a consequence), mixed the forms.
      contract: (c, site) =>
        releaseFault(c, site) === "other-form" || (c.code === "spin-lock-misuse" && c.ddi === null),
    },
  }),
  defineRule({
    id: "CONDIS-LOCK-005",
    name: "SpinLockBalanced",
    statement: "Driver code (a handler, work item or timer) returns to NDIS holding no spin lock.",
    category: "locking",
    level: "must",
    sdvRule: "SpinLockBalanced",
    reference: REFERENCE,
    covers: { ddis: [...ACQUIRES, ...RELEASES], handlers: allHandlers() },
    monitor: {
      contract: (c) => c.code === "spin-lock-held-at-exit",
      // The acquisition never released is the offence, not the return that found it.
      offending: (_c, site) => site.view.locksHeldIn(site.frame)[0]?.acquire,
    },
  }),
  defineRule({
    id: "CONDIS-LOCK-006",
    name: "SpinLockFree",
    statement: "NdisFreeSpinLock is called only on a spin lock that nobody holds.",
    category: "locking",
    level: "must",
    reference: REFERENCE,
    covers: { ddis: ["NdisFreeSpinLock"], handlers: [] },
    monitor: { contract: (c) => c.code === "spin-lock-misuse" && fromDdi(c, "NdisFreeSpinLock") },
  }),
];
