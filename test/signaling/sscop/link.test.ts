import { describe, expect, it } from "vitest";
import { ControlledScheduler, seconds } from "../../../src/sched/index.ts";
import { decodePdu } from "../../../src/signaling/sscop/codec.ts";
import { SscopLink, type SscopLinkEvent } from "../../../src/signaling/sscop/link.ts";
import { LossyMedium, PERFECT } from "./lossy-medium.ts";
import { message, runScenario } from "./scenario.ts";

/** Two links over a medium; events recorded per side. */
function pair(plan = PERFECT) {
  const scheduler = new ControlledScheduler({ seed: plan.seed });
  const medium = new LossyMedium(scheduler, plan);
  const events = { a: [] as SscopLinkEvent[], b: [] as SscopLinkEvent[] };
  const frames = { a: [] as string[], b: [] as string[] };
  const a: SscopLink = new SscopLink({
    scheduler,
    owner: "A",
    onEvent: (e) => events.a.push(e),
    send: (f) => {
      const d = decodePdu(f);
      frames.a.push(d.ok ? d.value.type : "?");
      toB(f);
    },
  });
  const b: SscopLink = new SscopLink({
    scheduler,
    owner: "B",
    onEvent: (e) => events.b.push(e),
    send: (f) => {
      const d = decodePdu(f);
      frames.b.push(d.ok ? d.value.type : "?");
      toA(f);
    },
  });
  const toB = medium.channel("A→B", (f) => b.receive(f));
  const toA = medium.channel("B→A", (f) => a.receive(f));
  const names = (side: SscopLinkEvent[]) => side.map((e) => e.name);
  return { scheduler, medium, a, b, events, frames, names };
}

describe("SscopLink", () => {
  it("establishes, carries data in order, and releases", () => {
    const { scheduler, a, b, events, names } = pair();
    expect(a.establish()).toBe(true);
    scheduler.runUntil(seconds(1));
    expect(names(events.a)).toEqual(["AAL-ESTABLISH.confirm"]);
    expect(names(events.b)).toEqual(["AAL-ESTABLISH.indication"]);
    expect([a.phase, b.phase, a.sscopPhase]).toEqual([
      "DataTransferReady",
      "DataTransferReady",
      "DataTransferReady",
    ]);

    for (let i = 0; i < 300; i++) expect(a.send(message(i))).toBe(true);
    scheduler.runUntil(seconds(10));
    const got = events.b.flatMap((e) => (e.name === "AAL-DATA.indication" ? [e.data] : []));
    expect(got).toEqual(Array.from({ length: 300 }, (_, i) => message(i)));

    expect(a.release()).toBe(true);
    scheduler.runUntil(seconds(11));
    expect(names(events.a).at(-1)).toBe("AAL-RELEASE.confirm");
    expect(events.b.at(-1)).toEqual({ name: "AAL-RELEASE.indication", source: "user" });
    expect([a.phase, b.phase]).toEqual(["Idle", "Idle"]);
    // Nothing is left running once both sides are idle.
    expect(scheduler.size).toBe(0);
  });

  it("refuses data before establishment and while releasing", () => {
    const { scheduler, a } = pair();
    expect(a.send(message(0))).toBe(false);
    a.establish();
    scheduler.runUntil(seconds(1));
    a.release();
    expect(a.send(message(1))).toBe(false);
    expect(a.release()).toBe(false);
  });

  it("keeps an idle link up with keep-alive polls", () => {
    const { scheduler, a, events, frames, names } = pair();
    a.establish();
    scheduler.runUntil(seconds(600));
    expect(names(events.a)).toEqual(["AAL-ESTABLISH.confirm"]);
    expect(frames.a.filter((t) => t === "POLL").length).toBeGreaterThan(30);
    expect(frames.b.filter((t) => t === "STAT").length).toBeGreaterThan(30);
  });

  it("reports the link lost (MAA-ERROR P, AAL-RELEASE.indication) when the medium goes dead", () => {
    const { scheduler, medium, a, b, events } = pair();
    a.establish();
    scheduler.runUntil(seconds(1));
    medium.cut = true;
    a.send(message(0));
    scheduler.runUntil(seconds(30));
    for (const side of [events.a, events.b]) {
      expect(side).toContainEqual({ name: "MAA-ERROR.indication", code: "P", count: 0 });
      expect(side).toContainEqual({ name: "AAL-RELEASE.indication", source: "sscop" });
    }
    expect([a.phase, b.phase]).toEqual(["Idle", "Idle"]);
  });

  it("lets an event handler call back into the link", () => {
    const scheduler = new ControlledScheduler();
    const medium = new LossyMedium(scheduler, PERFECT);
    const got: Uint8Array[] = [];
    const b: SscopLink = new SscopLink({
      scheduler,
      send: medium.channel("B→A", (f) => a.receive(f)),
      onEvent: (e) => {
        if (e.name === "AAL-DATA.indication") got.push(e.data);
      },
    });
    const a: SscopLink = new SscopLink({
      scheduler,
      send: medium.channel("A→B", (f) => b.receive(f)),
      onEvent: (e) => {
        if (e.name === "AAL-ESTABLISH.confirm") expect(a.send(message(7))).toBe(true);
      },
    });
    a.establish();
    scheduler.runUntil(seconds(2));
    expect(got).toEqual([message(7)]);
  });

  it("turns an undecodable frame into MAA-ERROR U", () => {
    const { b, events } = pair();
    b.receive(Uint8Array.of(1, 2, 3));
    expect(events.b).toEqual([{ name: "MAA-ERROR.indication", code: "U", count: 0 }]);
  });

  it("goes quiet after close()", () => {
    const { scheduler, a, b } = pair();
    a.establish();
    scheduler.runUntil(seconds(1));
    a.close();
    b.close();
    expect(a.send(message(0))).toBe(false);
    scheduler.runUntil(seconds(60));
    expect(scheduler.size).toBe(0);
  });

  it("refuses a user request made from inside its own send callback", () => {
    const scheduler = new ControlledScheduler();
    const link: SscopLink = new SscopLink({ scheduler, send: () => link.send(message(0)) });
    expect(() => link.establish()).toThrow(/send callback/);
  });

  it("recovers lost frames: a scenario with 20% loss still delivers everything in order", () => {
    const outcome = runScenario({
      plan: { seed: 3, drop: 0.2, duplicate: 0.1, reorder: 0.2, maxDelayMs: 50, dropBudget: 3 },
      messages: 50,
      replies: 20,
      spreadMs: 500,
      config: { receiveWindow: 8, maxPD: 4 },
    });
    expect(outcome.lossReports).toEqual([]);
    expect(outcome.completed).toBe(true);
    expect(outcome.forward.delivered).toHaveLength(50);
    expect(outcome.reverse.delivered).toHaveLength(20);
    expect(outcome.stats.dropped).toBeGreaterThan(0);
  });
});
