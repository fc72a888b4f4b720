import { describe, expect, it } from "vitest";
import { type AgentEvent, createAgent } from "../../src/agent/index.ts";
import { createMemoryLink } from "../../src/media/index.ts";
import { ControlledScheduler } from "../../src/sched/index.ts";
import {
  AtmfStatus,
  addressSetRequest,
  decodeIlmiMessage,
  formAddress,
  GenericTrap,
  SnmpErrorStatus,
} from "../../src/signaling/ilmi/index.ts";
import { decodePdu } from "../../src/signaling/sscop/index.ts";
import { addressOf, endSystem, expectAgreement, prefix, world } from "./switch-world.ts";
import { toHex } from "./user-host.ts";

const ES = endSystem(1);

function bytesOf(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

function ofKind<K extends AgentEvent["kind"]>(events: readonly AgentEvent[], kind: K) {
  return events.filter((e): e is Extract<AgentEvent, { kind: K }> => e.kind === kind);
}

describe("network control agent: ILMI address registration (hosts without signalling)", () => {
  it("offers each port its prefix once started, and the view shows it registered", () => {
    const w = world({ ports: 1 });
    w.settle();
    const port = w.agent.view().ports[0];
    expect(port).toMatchObject({ index: 0, name: "uni0.a", linkUp: true, prefixState: "registered" });
    expect(port?.prefix).toBe(toHex(prefix(1)));
    expect(port?.addresses).toEqual([]);
    expect(w.hosts[0]?.ime.prefixes.size).toBe(1);
    expect(ofKind(w.events, "prefix")).toEqual([
      { kind: "prefix", port: 0, prefix: toHex(prefix(1)), outcome: "registered" },
    ]);
  });

  it("registers and deregisters an address: round trip through view, lookup and events", () => {
    const w = world({ ports: 1 });
    w.settle();
    const address = addressOf(prefix(1), ES);
    w.hosts[0]?.addEndSystem(ES);
    w.settle();
    expect(w.agent.view().ports[0]?.addresses).toEqual([address]);
    expect(w.agent.view().addresses).toEqual([{ address, port: 0 }]);
    expect(w.agent.lookup(bytesOf(address))).toBe(0);
    expect(w.hosts[0]?.registered()).toEqual([address]);
    expect(ofKind(w.events, "registration")).toEqual([{ kind: "registration", port: 0, address }]);

    w.hosts[0]?.removeEndSystem(ES);
    w.settle();
    expect(w.agent.view().ports[0]?.addresses).toEqual([]);
    expect(w.agent.view().addresses).toEqual([]);
    expect(w.agent.lookup(bytesOf(address))).toBeUndefined();
    expect(ofKind(w.events, "deregistration")).toEqual([
      { kind: "deregistration", port: 0, address, reason: "requested" },
    ]);
    // The call manager's completion hangs on this: the agent answered the deregistration.
    expect(w.hosts[0]?.events).toContainEqual({
      kind: "addressDeregistered",
      address: bytesOf(address),
      reason: "confirmed",
    });
  });

  it("keeps two ports with different prefixes apart: same end system, two addresses, two routes", () => {
    const w = world({ ports: 2 });
    w.settle();
    w.hosts[0]?.addEndSystem(ES);
    w.hosts[1]?.addEndSystem(ES);
    w.hosts[1]?.addEndSystem(endSystem(2));
    w.settle();
    const a0 = addressOf(prefix(1), ES);
    const a1 = addressOf(prefix(2), ES);
    const a2 = addressOf(prefix(2), endSystem(2));
    const view = w.agent.view();
    expect(view.ports.map((p) => p.prefix)).toEqual([toHex(prefix(1)), toHex(prefix(2))]);
    expect(view.ports[0]?.addresses).toEqual([a0]);
    expect(view.ports[1]?.addresses).toEqual([a1, a2].sort());
    expect(w.agent.lookup(bytesOf(a0))).toBe(0);
    expect(w.agent.lookup(bytesOf(a1))).toBe(1);
    expect(w.agent.lookup(bytesOf(a2))).toBe(1);
    expect(w.agent.lookup(formAddress(prefix(3), ES.esi, ES.sel))).toBeUndefined();
    expectAgreement(w);
  });

  it("refuses a forged deregistration from another port with noSuchName; the owner's registration survives", () => {
    const w = world({ ports: 2 });
    w.hosts[0]?.addEndSystem(ES);
    w.settle();
    const address = addressOf(prefix(1), ES);
    w.hosts[1]?.sendMessage(addressSetRequest(9000, bytesOf(address), AtmfStatus.invalid));
    w.settle();
    const answer = w.hosts[1]?.answers[0];
    expect(answer?.pdu).toMatchObject({
      type: "getResponse",
      requestId: 9000,
      errorStatus: SnmpErrorStatus.noSuchName,
      errorIndex: 1,
    });
    expect(ofKind(w.events, "refusal")).toEqual([
      {
        kind: "refusal",
        port: 1,
        address,
        refusal: "forgedDeregistration",
        owner: 0,
        errorStatus: SnmpErrorStatus.noSuchName,
      },
    ]);
    expect(ofKind(w.events, "deregistration")).toEqual([]);
    expect(w.agent.lookup(bytesOf(address))).toBe(0);
    expect(w.agent.view().counters.refusedForgeries).toBe(1);
    expect(w.agent.view().ports[1]?.counters.refusedForgeries).toBe(1);
    expectAgreement(w);
    // The owner can still deregister it.
    w.hosts[0]?.removeEndSystem(ES);
    w.settle();
    expect(w.agent.lookup(bytesOf(address))).toBeUndefined();
  });

  it("refuses a registration of another port's address with badValue, whatever the prefixes", () => {
    // Shared prefix: the second host's own IME asks for the address; the registry says no.
    const shared = world({ ports: 2, prefixes: [prefix(1), prefix(1)] });
    shared.hosts[0]?.addEndSystem(ES);
    shared.settle();
    shared.hosts[1]?.addEndSystem(ES);
    shared.settle();
    const address = addressOf(prefix(1), ES);
    expect(shared.hosts[1]?.events).toContainEqual({
      kind: "addressRejected",
      address: bytesOf(address),
      errorStatus: SnmpErrorStatus.badValue,
    });
    expect(shared.agent.view().ports.map((p) => p.addresses)).toEqual([[address], []]);
    expect(shared.agent.view().counters.refusedDuplicates).toBe(1);
    expectAgreement(shared);

    // Different prefixes: a raw valid(1) for port 0's address from port 1 is refused the same way.
    const apart = world({ ports: 2 });
    apart.hosts[0]?.addEndSystem(ES);
    apart.settle();
    const a0 = addressOf(prefix(1), ES);
    apart.hosts[1]?.sendMessage(addressSetRequest(77, bytesOf(a0), AtmfStatus.valid));
    apart.settle();
    expect(apart.hosts[1]?.answers[0]?.pdu).toMatchObject({ errorStatus: SnmpErrorStatus.badValue });
    expect(ofKind(apart.events, "refusal")[0]).toMatchObject({ refusal: "duplicateRegistration", owner: 0 });
    expect(apart.agent.lookup(bytesOf(a0))).toBe(0);
  });

  it("still refuses, with badValue, an address outside the port's prefix that nobody holds", () => {
    const w = world({ ports: 2 });
    w.settle();
    const foreign = formAddress(prefix(2), ES.esi, ES.sel);
    w.hosts[0]?.sendMessage(addressSetRequest(5, foreign, AtmfStatus.valid));
    w.settle();
    expect(w.hosts[0]?.answers[0]?.pdu).toMatchObject({ errorStatus: SnmpErrorStatus.badValue });
    expect(w.agent.view().addresses).toEqual([]);
    expect(ofKind(w.events, "refusal")).toEqual([]);
  });

  it("drops a port's registrations when its link is lost, and the host re-registers after link up", () => {
    const w = world({ ports: 2 });
    w.hosts[0]?.addEndSystem(ES);
    w.hosts[1]?.addEndSystem(ES);
    w.settle();
    const a0 = addressOf(prefix(1), ES);
    const a1 = addressOf(prefix(2), ES);
    w.events.length = 0;
    w.links[0]?.down();
    w.settle();
    let view = w.agent.view();
    expect(view.ports[0]).toMatchObject({ linkUp: false, prefixState: "idle", addresses: [] });
    expect(view.ports[1]?.addresses).toEqual([a1]);
    expect(w.agent.lookup(bytesOf(a0))).toBeUndefined();
    expect(w.events.filter((e) => e.kind !== "frame")).toEqual([
      { kind: "linkDown", port: 0 },
      { kind: "deregistration", port: 0, address: a0, reason: "linkLost" },
    ]);
    expectAgreement(w);

    w.links[0]?.up();
    w.settle();
    view = w.agent.view();
    expect(view.ports[0]).toMatchObject({ linkUp: true, prefixState: "registered", addresses: [a0] });
    expect(ofKind(w.events, "linkUp")).toEqual([{ kind: "linkUp", port: 0 }]);
    expect(ofKind(w.events, "registration")).toEqual([{ kind: "registration", port: 0, address: a0 }]);
    expectAgreement(w);
  });

  it("cold-starts the port's IME on link up, which alone makes a host that missed the outage re-register", () => {
    const w = world({ ports: 1, followLink: false });
    w.hosts[0]?.addEndSystem(ES);
    w.settle();
    const address = addressOf(prefix(1), ES);
    w.links[0]?.down();
    w.settle();
    expect(w.agent.view().ports[0]?.addresses).toEqual([]);
    expect(w.hosts[0]?.registered()).toEqual([address]); // the host missed it: they disagree for now
    const sent: Uint8Array[] = [];
    w.agent.onEvent((e) => {
      if (e.kind === "frame" && e.direction === "out") sent.push(e.payload);
    });
    w.links[0]?.up();
    w.settle();
    const first = sent[0] === undefined ? undefined : decodeIlmiMessage(sent[0]);
    expect(first?.ok && first.value.pdu.type === "trap" && first.value.pdu.genericTrap).toBe(
      GenericTrap.coldStart,
    );
    expect(w.hosts[0]?.events).toContainEqual({ kind: "peerRestarted" });
    expect(w.agent.view().ports[0]?.addresses).toEqual([address]);
    expectAgreement(w);
  });

  it("restart drops every registration with reason restarted, and the hosts register again", () => {
    const w = world({ ports: 2 });
    w.hosts[0]?.addEndSystem(ES);
    w.hosts[1]?.addEndSystem(endSystem(2));
    w.settle();
    const before = w.agent.view().addresses;
    expect(before).toHaveLength(2);
    w.events.length = 0;
    w.agent.restart();
    // Synchronously: the table is empty before any frame moves.
    expect(w.agent.view().addresses).toEqual([]);
    w.settle();
    expect(w.events[0]).toEqual({ kind: "restarted" });
    expect(
      ofKind(w.events, "deregistration")
        .map((e) => e.reason)
        .sort(),
    ).toEqual(["restarted", "restarted"]);
    expect(w.hosts.every((h) => h.events.some((e) => e.kind === "peerRestarted"))).toBe(true);
    expect(w.agent.view().addresses).toEqual(before);
    expectAgreement(w);
  });

  it("counts and drops undecodable frames on 0/16 and frames on other VCs, and keeps working", () => {
    const w = world({ ports: 1 });
    w.settle();
    const valid = addressSetRequest(3, formAddress(prefix(1), ES.esi, ES.sel), AtmfStatus.valid);
    const host = w.hosts[0];
    if (host === undefined) throw new Error("no host");
    const garbage = [
      new Uint8Array(0),
      Uint8Array.of(0xff),
      Uint8Array.of(0x30, 0x80, 0x00, 0x00),
      Uint8Array.of(0x30, 0x05, 0x02, 0x01, 0x01, 0x04, 0x00), // SNMPv2c, empty community
      // A well-formed SetRequest cut short, then the same with one byte too many.
      ...(() => {
        const sent: Uint8Array[] = [];
        const stop = w.links[0]?.b.observeFrames((_d, f) => sent.push(f.payload));
        host.sendMessage(valid);
        stop?.();
        const whole = sent[0] ?? new Uint8Array();
        return [whole.subarray(0, whole.length - 3), Uint8Array.of(...whole, 0)];
      })(),
    ];
    for (const payload of garbage) host.sendRaw({ vpi: 0, vci: 16, payload });
    // Too short for an SSCOP trailer: the signalling component reports MAA-ERROR U and drops it.
    host.sendRaw({ vpi: 0, vci: 5, payload: Uint8Array.of(1, 2, 3) });
    host.sendRaw({ vpi: 1, vci: 16, payload: Uint8Array.of(4) });
    host.sendRaw({ vpi: 0, vci: 40, payload: Uint8Array.of(5) });
    expect(() => w.settle()).not.toThrow();
    const view = w.agent.view();
    expect(view.counters.undecodable).toBe(garbage.length);
    expect(view.counters.unclaimed).toBe(2);
    expect(view.counters.relayed).toBe(0);
    const codes = ofKind(w.events, "undecodable").map((e) => e.error.code);
    expect(codes).toHaveLength(garbage.length);
    expect(codes).toContain("truncated");
    expect(ofKind(w.events, "saalError")).toContainEqual({ kind: "saalError", port: 0, code: "U" });
    expect(ofKind(w.events, "unclaimed")).toEqual([
      { kind: "unclaimed", port: 0, vpi: 1, vci: 16 },
      { kind: "unclaimed", port: 0, vpi: 0, vci: 40 },
    ]);
    // The one valid SetRequest among them registered the address; nothing else changed.
    expect(view.ports[0]?.addresses).toEqual([addressOf(prefix(1), ES)]);
    host.addEndSystem(endSystem(4));
    w.settle();
    expect(w.agent.view().ports[0]?.addresses).toContain(addressOf(prefix(1), endSystem(4)));
  });

  it("counts every frame in and out and reports it with its VC", () => {
    const w = world({ ports: 1 });
    w.hosts[0]?.addEndSystem(ES);
    w.settle();
    const frames = ofKind(w.events, "frame");
    const counters = w.agent.view().ports[0]?.counters;
    expect(frames.filter((f) => f.direction === "in")).toHaveLength(counters?.framesIn ?? -1);
    expect(frames.filter((f) => f.direction === "out")).toHaveLength(counters?.framesOut ?? -1);
    // ILMI on 0/16, and the agent's unanswered SSCOP BGNs on 0/5 (this host runs no signalling).
    expect(frames.every((f) => f.vpi === 0 && (f.vci === 16 || f.vci === 5) && f.port === 0)).toBe(true);
    expect(counters?.bytesIn).toBe(
      frames.filter((f) => f.direction === "in").reduce((n, f) => n + f.payload.length, 0),
    );
    expect(w.links[0]?.counters.sent).toBe((counters?.framesIn ?? 0) + (counters?.framesOut ?? 0));
  });

  it("retries an unanswered prefix offer on the scheduler, then reports it unconfirmed", () => {
    const scheduler = new ControlledScheduler({ seed: 3 });
    const link = createMemoryLink({ name: "lonely", scheduler });
    const agent = createAgent({ name: "sw", scheduler, ports: [{ port: link.a, prefix: prefix(1) }] });
    const events: AgentEvent[] = [];
    agent.onEvent((e) => events.push(e));
    expect(agent.view()).toMatchObject({ state: "created", ports: [{ linkUp: false, prefixState: "idle" }] });
    agent.start();
    expect(agent.view().ports[0]?.prefixState).toBe("registering");
    expect(scheduler.runUntilIdle().idle).toBe(true);
    const out = (vci: number) =>
      ofKind(events, "frame").filter((f) => f.direction === "out" && f.vci === vci);
    // coldStart trap + 4 transmissions of the SetRequest (DEFAULT_ILMI_TIMING.maxAttempts).
    expect(out(16)).toHaveLength(5);
    // SSCOP gives up the same way: BGN MaxCC (4) times, then END; then it waits for the user's BGN.
    expect(
      out(5)
        .map((f) => decodePdu(f.payload))
        .map((d) => (d.ok ? d.value.type : "?")),
    ).toEqual(["BGN", "BGN", "BGN", "BGN", "END"]);
    expect(agent.view().ports[0]?.counters.framesOut).toBe(10);
    expect(agent.view().ports[0]?.signaling).toBe("Idle");
    expect(agent.view().ports[0]?.prefixState).toBe("unconfirmed");
    expect(ofKind(events, "prefix")).toEqual([
      { kind: "prefix", port: 0, prefix: toHex(prefix(1)), outcome: "timedOut" },
    ]);
  });

  it("cancels the IME's timers when the link goes down, leaving nothing pending", () => {
    const scheduler = new ControlledScheduler({ seed: 4 });
    const link = createMemoryLink({ name: "l", scheduler });
    const agent = createAgent({ name: "sw", scheduler, ports: [{ port: link.a, prefix: prefix(1) }] });
    agent.start();
    link.down();
    expect(scheduler.runUntilIdle().idle).toBe(true);
    expect(scheduler.now()).toBe(0n); // no retransmission timer was left to run
    // coldStart trap, prefix SetRequest, SSCOP BGN.
    expect(agent.view().ports[0]?.counters.framesOut).toBe(3);
    expect(agent.view().ports[0]?.signaling).toBe("stopped");
  });

  it("rejects a misconfigured prefix and misuse of start/restart with messages naming the agent", () => {
    const scheduler = new ControlledScheduler();
    const link = createMemoryLink({ name: "l", scheduler });
    expect(() =>
      createAgent({ name: "sw", scheduler, ports: [{ port: link.a, prefix: new Uint8Array(12) }] }),
    ).toThrow(/agent "sw" port 0 \(l\.a\): the network prefix is 12 octets/);
    const agent = createAgent({ name: "sw", scheduler, ports: [{ port: link.a, prefix: prefix(1) }] });
    expect(() => agent.restart()).toThrow(/not started/);
    agent.start();
    expect(() => agent.start()).toThrow(/already running/);
  });

  it("stops reporting to a listener once it unsubscribes", () => {
    const scheduler = new ControlledScheduler();
    const link = createMemoryLink({ name: "l", scheduler });
    const agent = createAgent({ name: "sw", scheduler, ports: [{ port: link.a, prefix: prefix(1) }] });
    const seen: AgentEvent[] = [];
    const off = agent.onEvent((e) => seen.push(e));
    agent.start();
    const count = seen.length;
    off();
    scheduler.runUntilIdle();
    expect(count).toBeGreaterThan(0);
    expect(seen).toHaveLength(count);
  });

  it("survives a quick bounce whose notifications the schedule reorders, for every seed tried", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const w = world({ ports: 1, seed });
      w.hosts[0]?.addEndSystem(ES);
      w.settle();
      w.events.length = 0;
      w.links[0]?.down();
      w.links[0]?.up();
      w.settle();
      // Whichever notification runs first, the link is already up again: the agent still sees one outage.
      // (The host's coldStart may overtake it and clear the registration first, as peerRestarted.)
      expect(
        w.events.filter((e) => e.kind === "linkDown" || e.kind === "linkUp"),
        `seed ${seed}`,
      ).toEqual([
        { kind: "linkDown", port: 0 },
        { kind: "linkUp", port: 0 },
      ]);
      const reasons = ofKind(w.events, "deregistration").map((e) => e.reason);
      expect(reasons.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(
        reasons.every((r) => r === "linkLost" || r === "peerRestarted"),
        `seed ${seed}`,
      ).toBe(true);
      expect(w.agent.view().ports[0]?.linkUp, `seed ${seed}`).toBe(true);
      expect(w.hosts[0]?.registered(), `seed ${seed}`).toEqual([addressOf(prefix(1), ES)]);
      expectAgreement(w);
    }
  });
});
