/**
 * A SAP registered at any scheduler step of the bring-up (drivers loaded → binding or adapter
 * started → AF registered and opened → ILMI started, prefix learnt → SSCOP established) completes
 * exactly once, with SUCCESS, and the agent then holds its address; deregistered right after, it
 * completes once and the agent's table is empty again. 24 seeds × both forms.
 *
 * The bring-up is every step whose task is due at the start time (the memory link has no delay,
 * so the whole bring-up happens at t = 0; the first later task is a timer). Before the AF opens
 * the client cannot issue NdisClRegisterSap: those steps are covered by registering inside
 * ProtocolCoAfRegisterNotify, the earliest moment the client can. Every step from the AF's open to
 * the end of the bring-up is covered; none is sampled.
 */
import { describe, expect, it } from "vitest";
import { NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS } from "../../src/ndis/index.ts";
import { atmSap, registeredAddress, type UniWorld, uniWorld } from "../support/uni-world.ts";

const SEEDS = Array.from({ length: 24 }, (_, i) => i + 1);
const SECOND = 1_000_000_000n;

/** True while a task is due at the current virtual time (the bring-up is not over). */
const busyNow = (w: UniWorld) =>
  (w.scheduler.enabled()[0]?.due ?? Number.MAX_SAFE_INTEGER) <= w.scheduler.now();

/** Steps until `done` holds, for at most `limit` of virtual time; false if it never did. */
function runUntil(w: UniWorld, done: () => boolean, limit: bigint): boolean {
  const until = w.scheduler.now() + limit;
  while (!done()) {
    const next = w.scheduler.enabled()[0];
    if (next === undefined || next.due > until) return false;
    w.scheduler.step();
  }
  return true;
}

/** Registers (now, or at the AF's open), then deregisters; checks each completes once. */
function registerThenDeregister(w: UniWorld, name: string): void {
  const reports = (what: string) => w.client.reports.filter((r) => r.sap === name && r.what === what);
  const issued = () => w.client.saps.find((s) => s.name === name);
  expect(
    runUntil(w, () => issued() !== undefined, 0n),
    "the registration was issued",
  ).toBe(true);
  const sap = issued();
  if (sap === undefined) return;
  expect(runUntil(w, () => sap.state !== "registering", 60n * SECOND)).toBe(true);
  expect(sap.state).toBe("registered");
  expect(reports("sap-registered").map((r) => r.status)).toEqual([NDIS_STATUS_SUCCESS]);
  expect(w.agent.view().addresses).toEqual([{ address: registeredAddress(1), port: 0 }]);
  const status = w.asClient(() => w.client.deregisterSap(sap));
  expect([NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS]).toContain(status);
  expect(runUntil(w, () => sap.state === "deregistered", 60n * SECOND)).toBe(true);
  // Long enough for a late duplicate: an ILMI retry budget (8 s) and a walk (15 s).
  w.scheduler.runUntil(w.scheduler.now() + 20n * SECOND);
  expect(reports("sap-deregistered").map((r) => r.status)).toEqual([NDIS_STATUS_SUCCESS]);
  expect(reports("sap-registered")).toHaveLength(1);
  expect(w.agent.view().addresses).toEqual([]);
  expect(w.verifier.violations().map((v) => `${v.rule.id}: ${v.message}`)).toEqual([]);
}

describe.each(["cm", "mcm"] as const)(
  "UNI call manager (%s): a SAP registered at any step of the bring-up",
  (kind) => {
    it.each(SEEDS)("seed %i: completes once with SUCCESS, and deregisters once", (seed) => {
      // Inside ProtocolCoAfRegisterNotify: every step before the AF's open.
      const early = uniWorld({ kind, seed, settle: false, onAfOpen: (c) => c.registerSap("s", atmSap(1)) });
      registerThenDeregister(early, "s");

      // Then every step from the AF's open to the end of the bring-up, each in a fresh world.
      const probe = uniWorld({ kind, seed, settle: false });
      let steps = 0;
      while (busyNow(probe)) {
        probe.scheduler.step();
        steps++;
      }
      // The bring-up is complete: AF open, the prefix learnt over ILMI, SSCOP established on 0/5.
      expect(probe.client.afOpen).toBe(true);
      expect(probe.uni()?.core.prefixes()).toHaveLength(1);
      expect(probe.uni()?.calls.signaling?.established).toBe(true);
      let covered = 0;
      for (let k = 0; k <= steps; k++) {
        const w = uniWorld({ kind, seed, settle: false });
        for (let i = 0; i < k; i++) w.scheduler.step();
        if (!w.client.afOpen) continue;
        w.asClient(() => w.client.registerSap("s", atmSap(1)));
        registerThenDeregister(w, "s");
        covered++;
      }
      expect(covered).toBeGreaterThan(0);
    });
  },
);
