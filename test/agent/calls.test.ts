import { describe, expect, it } from "vitest";
import { seconds } from "../../src/sched/index.ts";
import { SELECTOR_OFFSET } from "../../src/signaling/q2931/index.ts";
import { activeCall, callWorld, dial, ofKind, q2931 } from "./call-world.ts";
import { setupTo } from "./signaling-user.ts";
import { toHex } from "./user-host.ts";

describe("agent call routing and relay", () => {
  it("switches a call from port 0 to the address registered on port 1, with data both ways, and clears it", () => {
    const w = callWorld({ ports: 2 });
    w.events.length = 0;
    const caller = dial(w, 0, 1);
    w.run(1);

    // Caller: SETUP → CALL PROCEEDING (with its VC) → CONNECT, answered CONNECT ACKNOWLEDGE.
    expect(w.user(0).indications(caller)).toEqual(["proceeding.indication", "setup.confirm"]);
    expect(q2931(w.events, 0, "in")).toEqual(["SETUP", "CONNECT ACKNOWLEDGE"]);
    expect(q2931(w.events, 0, "out")).toEqual(["CALL PROCEEDING", "CONNECT"]);
    // Called: SETUP with its own VC → CONNECT, acknowledged by the agent.
    const called = w.user(1).calls()[0]?.key;
    if (called === undefined) throw new Error("no call at port 1");
    expect(called.mine).toBe(false);
    expect(w.user(1).indications(called)).toEqual(["setup.indication", "setup-complete.indication"]);
    expect(q2931(w.events, 1, "out")).toEqual(["SETUP", "CONNECT ACKNOWLEDGE"]);
    expect(q2931(w.events, 1, "in")).toEqual(["CONNECT"]);
    const setup = w.user(1).log[0]?.indication;
    expect(
      setup?.name === "setup.indication" &&
        toHex(
          setup.ies.calledPartyNumber.plan === 2 ? setup.ies.calledPartyNumber.address : new Uint8Array(),
        ),
    ).toBe(toHex(w.address(1)));

    const vc0 = w.user(0).vcOf(caller);
    const vc1 = w.user(1).vcOf(called);
    expect(vc0?.vpi).toBe(0);
    expect(vc0?.vci).toBeGreaterThanOrEqual(32);
    expect(vc1?.vci).toBeGreaterThanOrEqual(32);

    const [view] = w.agent.view().calls;
    expect(view).toMatchObject({
      id: 1,
      address: toHex(w.address(1)),
      multipoint: false,
      phase: "active",
      from: { port: 0, callReference: caller.value, state: 10, vpi: 0, vci: vc0?.vci },
      to: [{ port: 1, callReference: called.value, state: 10, vpi: 0, vci: vc1?.vci }],
    });
    expect(ofKind(w.events, "callRouted")).toEqual([
      { kind: "callRouted", call: 1, from: 0, to: 1, address: toHex(w.address(1)) },
    ]);
    expect(ofKind(w.events, "callConnected")).toEqual([{ kind: "callConnected", call: 1 }]);

    // Data: the agent switches port 0's VC to port 1's and back.
    w.user(0).sendData(caller, Uint8Array.of(1, 2, 3));
    w.user(0).sendData(caller, Uint8Array.of(4));
    w.user(1).sendData(called, Uint8Array.of(9, 9));
    w.run(1);
    expect(w.user(1).dataOn(vc1)).toEqual([Uint8Array.of(1, 2, 3), Uint8Array.of(4)]);
    expect(w.user(0).dataOn(vc0)).toEqual([Uint8Array.of(9, 9)]);
    const relayed = w.agent.view().calls[0]?.relayed;
    expect(relayed).toEqual({ forward: { frames: 2, bytes: 4 }, backward: { frames: 1, bytes: 2 } });
    expect(w.agent.view().ports.map((p) => p.counters.relayed)).toEqual([2, 1]);

    // RELEASE from the called side reaches the caller with its cause.
    w.user(1).release(called, 16);
    w.run(1);
    expect(w.user(0).releaseCauses(caller)).toEqual([16]);
    expect(w.user(0).calls()).toEqual([]);
    expect(w.user(1).calls()).toEqual([]);
    expect(w.agent.view().calls).toEqual([]);
    expect(w.agent.view().ports.map((p) => p.vcsInUse)).toEqual([0, 0]);
    expect(ofKind(w.events, "callCleared")).toEqual([{ kind: "callCleared", call: 1, cause: 16 }]);
    // After the call, its VCs switch nothing.
    w.user(0).sendData(caller, Uint8Array.of(7));
    w.run(1);
    expect(w.user(1).dataOn(vc1)).toHaveLength(2);
  });

  it("relays a RELEASE from the caller to the called side, with its cause", () => {
    const w = callWorld({ ports: 2 });
    const { caller, called } = activeCall(w);
    w.user(0).release(caller, 31);
    w.run(1);
    expect(w.user(1).releaseCauses(called)).toEqual([31]);
    expect(w.user(1).calls()).toEqual([]);
    expect(w.agent.view().calls).toEqual([]);
  });

  it("refuses a SETUP to an unregistered address with RELEASE COMPLETE cause 1", () => {
    const w = callWorld({ ports: 2 });
    const nobody = w.address(1).slice();
    nobody[15] = 0xee; // another ESI under port 1's prefix
    const made = w.user(0).call(nobody);
    w.run(1);
    const key = made.ok ? made.call : undefined;
    if (key === undefined) throw new Error("setup refused locally");
    expect(w.user(0).indications(key)).toEqual(["release.indication", "release.confirm"]);
    expect(w.user(0).releaseCauses(key)).toEqual([1]);
    expect(ofKind(w.events, "callRefused")).toMatchObject([{ port: 0, cause: 1, address: toHex(nobody) }]);
    expect(w.agent.view().calls).toEqual([]);
    expect(w.agent.view().ports[0]?.counters.callsRefused).toBe(1);
    expect(w.agent.view().ports[0]?.vcsInUse).toBe(0);
  });

  it("refuses a SETUP to an address whose port's link is down with cause 3", () => {
    const w = callWorld({ ports: 2 });
    w.links[1]?.down();
    w.run(1);
    expect(w.agent.lookup(w.address(1))).toBeUndefined();
    const key = dial(w, 0, 1);
    w.run(1);
    expect(w.user(0).releaseCauses(key)).toEqual([3]);
    expect(w.user(0).calls()).toEqual([]);
    expect(ofKind(w.events, "callRefused")).toMatchObject([{ port: 0, cause: 3 }]);
  });
});

describe("agent call relay: answers and timers", () => {
  it("relays ALERTING before CONNECT", () => {
    const w = callWorld({ ports: 2, answer: ["accept", "alert"] });
    const caller = dial(w, 0, 1);
    w.run(1);
    expect(w.user(0).indications(caller)).toEqual([
      "proceeding.indication",
      "alerting.indication",
      "setup.confirm",
    ]);
  });

  it("relays the called user's rejection (RELEASE COMPLETE cause 21) as RELEASE to the caller", () => {
    const w = callWorld({ ports: 2, answer: ["accept", "reject"] });
    const caller = dial(w, 0, 1);
    w.run(1);
    expect(w.user(0).releaseCauses(caller)).toEqual([21]);
    expect(w.user(0).calls()).toEqual([]);
    expect(w.agent.view().calls).toEqual([]);
  });

  it("clears the call with cause 18 when the called user never answers the SETUP (T303 twice)", () => {
    const w = callWorld({ ports: 2, answer: ["accept", "ignore"] });
    const caller = dial(w, 0, 1);
    w.run(1);
    expect(w.agent.view().calls).toMatchObject([{ phase: "proceeding", to: [{ state: 6 }] }]);
    w.run(10);
    expect(w.user(0).releaseCauses(caller)).toEqual([18]);
    expect(w.agent.view().calls).toEqual([]);
    // The called user got RELEASE COMPLETE (cause 102, T303) for its offered call.
    expect(w.user(1).calls()).toEqual([]);
    expect(w.user(1).releaseCauses(w.user(1).log[0]?.call ?? "")).toEqual([102]);
  });

  it("runs the network side with the timer values it is given", () => {
    const w = callWorld({
      ports: 2,
      answer: ["accept", "ignore"],
      signalingTiming: { callControl: { timers: { T303: seconds(1) } } },
    });
    const caller = dial(w, 0, 1);
    w.run(2.5);
    expect(w.user(0).releaseCauses(caller)).toEqual([18]);
  });

  it("switches a call between two addresses of the same port", () => {
    const w = callWorld({ ports: 2 });
    const caller = dial(w, 0, 0);
    w.run(1);
    const calls = w.user(0).calls();
    expect(calls.map((c) => c.state)).toEqual([10, 10]);
    const called = calls.find((c) => !c.key.mine)?.key;
    if (called === undefined) throw new Error("no incoming call");
    expect(w.agent.view().calls).toMatchObject([{ from: { port: 0 }, to: [{ port: 0 }] }]);
    w.user(0).sendData(caller, Uint8Array.of(1));
    w.run(1);
    expect(w.user(0).dataOn(w.user(0).vcOf(called))).toEqual([Uint8Array.of(1)]);
    w.user(0).release(caller);
    w.run(1);
    expect(w.user(0).calls()).toEqual([]);
    expect(w.agent.view().calls).toEqual([]);
  });

  it("gives the caller the VC it asked for when free, and refuses an exclusive one in use (cause 35)", () => {
    const w = callWorld({ ports: 2 });
    const asked = { vpAssociatedSignalling: 1, preferredExclusive: 0, vpci: 0, vci: 100 };
    const ies = { ...setupTo(w.address(1)), connectionIdentifier: asked };
    const first = w.user(0).runtime.setup(ies);
    w.run(1);
    const key = first.ok ? first.call : undefined;
    if (key === undefined) throw new Error("setup refused");
    expect(w.user(0).vcOf(key)).toEqual({ vpi: 0, vci: 100 });
    const second = w.user(0).runtime.setup(ies);
    w.run(1);
    const key2 = second.ok ? second.call : undefined;
    if (key2 === undefined) throw new Error("setup refused");
    expect(w.user(0).releaseCauses(key2)).toEqual([35]);
  });

  it("routes on the address without its selector when no exact registration matches", () => {
    const w = callWorld({ ports: 2 });
    const other = w.address(1).slice();
    other[SELECTOR_OFFSET] = 0x42;
    const made = w.user(0).call(other);
    w.run(1);
    const key = made.ok ? made.call : undefined;
    if (key === undefined) throw new Error("setup refused");
    expect(w.user(0).callOf(key)?.state).toBe(10);
    const offered = w.user(1).log[0]?.indication;
    const number = offered?.name === "setup.indication" ? offered.ies.calledPartyNumber : undefined;
    expect(number?.plan === 0x2 ? toHex(number.address) : undefined).toBe(toHex(other));
  });

  it("refuses a SETUP to an E.164 number with cause 1: the network numbers by AESA", () => {
    const w = callWorld({ ports: 2 });
    const ies = {
      ...setupTo(w.address(1)),
      calledPartyNumber: { plan: 0x1, typeOfNumber: 1, digits: "4412345" },
    } as const;
    const made = w.user(0).runtime.setup(ies);
    w.run(1);
    const key = made.ok ? made.call : undefined;
    if (key === undefined) throw new Error("setup refused");
    expect(w.user(0).releaseCauses(key)).toEqual([1]);
    expect(ofKind(w.events, "callRefused")).toMatchObject([{ address: "4412345", cause: 1 }]);
  });

  it("answers a faulty Q.2931 message on the signalling link as call control does, counts it, and goes on", () => {
    const w = callWorld({ ports: 2 });
    // A CONNECT for a call reference nobody holds: RELEASE COMPLETE cause 81 back.
    const stray = Uint8Array.of(0x09, 0x03, 0x00, 0x00, 0x77, 0x07, 0x80, 0x00, 0x00);
    // A message cut inside its header: no call to answer on, ignored.
    const cut = Uint8Array.of(0x09, 0x03, 0x00);
    expect(w.user(0).sendSignaling(stray)).toBe(true);
    expect(w.user(0).sendSignaling(cut)).toBe(true);
    w.run(1);
    expect(q2931(w.events, 0, "out")).toEqual(["RELEASE COMPLETE"]);
    expect(w.agent.view().ports[0]?.counters.signalingErrors).toBe(2);
    activeCall(w);
  });
});
