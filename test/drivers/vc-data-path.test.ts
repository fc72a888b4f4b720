/**
 * The VC data path, run against both forms that carry call data: the reference CO miniport (under
 * the stand-alone call manager) and the UNI MCM. Both complete sends from their DPC, and both
 * finish a deactivation only once the sends in flight on the VC have completed: the miniport
 * pends MiniportCoDeactivateVc, the MCM holds NdisMCmDeactivateVc back (it is synchronous).
 */
import { describe, expect, it } from "vitest";
import { Dialer, type DialResult } from "../../src/drivers/clients/dialer.ts";
import type { NdisEvent } from "../../src/ndis/index.ts";
import type { EnabledTask } from "../../src/sched/index.ts";
import { ddis, listen, teardownClean } from "./call-checks.ts";
import { type CallWorld, type CallWorldInit, callWorld } from "./call-world.ts";

const FORMS: [string, CallWorldInit][] = [
  ["CO miniport", { kind: "cm" }],
  ["MCM", { kind: "mcm" }],
];

/**
 * Closes a dialer's call at once, with its sends still in flight: NDIS reports the client (the
 * reference one waits for its sends), but the miniport must still complete the sends before the
 * VC's deactivation is over.
 */
function hastyHangUp(dialer: Dialer, r: DialResult): void {
  const [call] = dialer.calls;
  if (call === undefined) throw new Error("the dialer has no call");
  const inFlight = call.sendsInFlight;
  call.sendsInFlight = 0;
  dialer.hangUp(r);
  call.sendsInFlight += inFlight;
}

/** The DDI calls a host made, each with the calls made inside it (until its return). */
function nestedIn(events: NdisEvent[], host: string, outer: string, inner: string): number {
  let open = 0;
  let found = 0;
  for (const e of events) {
    if (e.host !== host) continue;
    if (e.type === "ddi-call" && e.ddi === outer) open++;
    else if (e.type === "ddi-return" && e.ddi === outer) open--;
    else if (e.type === "ddi-call" && e.ddi === inner && open > 0) found++;
  }
  return found;
}

/** Host A's deactivations of call VCs that waited for sends in flight. */
function waitedDeactivations(w: CallWorld): number {
  const cm = w.a.cm();
  // The miniport under the stand-alone CM pended MiniportCoDeactivateVc and completed it later.
  return "data" in cm
    ? cm.data.counters.deactivationsWaited
    : ddis(w.events, "NdisMCoDeactivateVcComplete", "A").length;
}

describe.each(FORMS)("VC data path (%s)", (_label, init) => {
  it("send completions come from the DPC, never inside NdisCoSendNetBufferLists", () => {
    const w = callWorld(init);
    listen(w);
    const r = w.a.as(w.a.dialer.name, () => w.a.dialer.dial(w.b.address(1), 10, 200));
    w.run(3);
    expect(r).toMatchObject({ state: "done", sent: 10, echoed: 10, mismatched: 0 });
    const completions = w.events.filter(
      (e) => e.type === "ddi-call" && e.ddi === "NdisMCoSendNetBufferListsComplete" && e.host === "A",
    );
    expect(completions.length).toBeGreaterThanOrEqual(10);
    for (const host of ["A", "B"])
      expect(nestedIn(w.events, host, "NdisCoSendNetBufferLists", "NdisMCoSendNetBufferListsComplete")).toBe(
        0,
      );
    expect(w.contracts()).toEqual([]);
    teardownClean(w);
  });

  it("a call VC closed with sends in flight is deactivated only after they complete", () => {
    // Tasks due at once run oldest first, except while the close is under way: then the frames go
    // first (driver timers, the DPC among them, last), so the close overtakes the send completions.
    let framesFirst = false;
    const pickTask = (enabled: readonly EnabledTask[]): number => {
      if (!framesFirst) return 0;
      const frame = enabled.findIndex((t) => !t.label.startsWith("timer "));
      return frame === -1 ? 0 : frame;
    };
    const w = callWorld({ ...init, pickTask });
    const hasty = new Dialer("HASTY");
    w.a.host.loadDriver(hasty.name, hasty.DriverEntry);
    listen(w);
    const r = w.a.as(hasty.name, () => hasty.dial(w.b.address(1), 0, 100, { hold: true }));
    w.run(2);
    expect(r.state).toBe("connected");
    framesFirst = true;
    w.a.as(hasty.name, () => {
      hasty.sendMore(r, 4);
      hastyHangUp(hasty, r);
    });
    w.run(1);
    framesFirst = false;
    w.run(2);
    expect(r).toMatchObject({ sent: 4, closeStatus: 0 });
    expect(waitedDeactivations(w)).toBe(1);
    // Only the client's hasty close is reported, never a VC deactivated with sends not completed.
    expect(w.contracts()).toEqual([
      expect.stringMatching(/^vc-not-ready: NdisClCloseCall on Vc \d+ with 4 send\(s\) not completed/),
    ]);
    expect(w.a.host.snapshot().outstandingNbls).toEqual([]);
  });
});
