import { describe, expect, it } from "vitest";
import { EchoServer } from "../../src/entry/drivers.ts";
import { eventToJson, eventToJsonLine, readJsonlTrace, TRACE_SCHEMA_VERSION } from "../../src/entry/trace.ts";
import { createWorld } from "../../src/entry/world.ts";
import type { NdisEvent } from "../../src/index.ts";

describe("events for users", () => {
  it("one serialiser writes any event as JSON (bigint time as a string, bytes as hex); the JSONL reader reads it back", () => {
    const world = createWorld({ hosts: ["A"] });
    world.run(10);
    const events = world.events;
    const kinds = new Set(events.map((e) => e.type));
    expect([...kinds]).toEqual(expect.arrayContaining(["ddi-call", "handler-enter", "frame", "state"]));
    // JSON.stringify alone cannot: the time is a bigint.
    expect(() => JSON.stringify(events[0])).toThrow(TypeError);
    for (const e of events) {
      const json = JSON.parse(eventToJson(e));
      expect(json.time).toBe(e.time.toString());
      expect(json.seq).toBe(e.seq);
      if (e.type === "frame") expect(json.payload).toBe(Buffer.from(e.payload).toString("hex"));
    }
    const back = readJsonlTrace(`${events.map((e) => eventToJsonLine(e)).join("\n")}\n`);
    expect(back).toHaveLength(events.length);
    expect(back.map((e) => [e.v, BigInt(e.time), e.type])).toEqual(
      events.map((e) => [TRACE_SCHEMA_VERSION, e.time, e.type]),
    );
    expect(() => readJsonlTrace('{"v":99,"seq":1}')).toThrow(/line 1: trace schema version 99, expected 1/);
  });

  it("a subscriber that throws is isolated: the DDI call goes on, other subscribers get every event, the failure is reported", () => {
    const world = createWorld({ hosts: ["A"] });
    const { host } = world.host("A");
    const seen: NdisEvent[] = [];
    let thrown = 0;
    host.events.subscribe((e) => {
      if (e.type === "ddi-call" && e.ddi === "NdisClOpenAddressFamilyEx") {
        thrown++;
        throw new Error("subscriber bug");
      }
    });
    host.events.subscribe((e) => seen.push(e));
    const client = new EchoServer();
    world.host("A").load(client.name, client.DriverEntry);
    world.run(30);
    expect(thrown).toBe(1);
    // The open the subscriber threw on went through, and the world is as without the bug.
    expect(client.afOpen).toBe(true);
    expect(world.violations()).toEqual([]);
    expect(host.events.failures().map((f) => [f.event.type, (f.error as Error).message])).toEqual([
      ["ddi-call", "subscriber bug"],
    ]);
    const notes = seen.filter((e) => e.type === "note");
    expect(notes.map((n) => n.type === "note" && n.message)).toEqual([
      expect.stringMatching(
        /^an event subscriber threw on event #\d+ \(ddi-call\): subscriber bug; the DDI call went on$/,
      ),
    ]);
    expect(world.teardown().clean).toBe(true);
  });

  it("a subscriber that throws on every event, notes included, is reported once per event and never loops", () => {
    const world = createWorld({ hosts: ["A"] });
    const { host } = world.host("A");
    host.events.subscribe(() => {
      throw new Error("always");
    });
    world.run(5);
    const failures = host.events.failures();
    expect(failures.length).toBeGreaterThan(0);
    // Each non-note event fails once; each report (a note) fails once more and is not reported again.
    const notes = failures.filter((f) => f.event.type === "note").length;
    expect(notes).toBe(failures.length - notes);
  });
});
