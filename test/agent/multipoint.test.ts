import { describe, expect, it } from "vitest";
import { formAddress } from "../../src/signaling/ilmi/index.ts";
import { callWorld } from "./call-world.ts";
import { endSystem, prefix } from "./switch-world.ts";

describe("agent point-to-multipoint relay", () => {
  it("adds parties on a new leg and on an active leg, replicates the root's data, and drops parties", () => {
    const w = callWorld({ ports: 3 });
    // A second address on port 1, so that one leg carries two parties.
    w.user(1).ilmi.addEndSystem(endSystem(7));
    w.run(2);
    const second = formAddress(prefix(2), endSystem(7).esi, endSystem(7).sel);
    expect(w.agent.lookup(second)).toBe(1);

    const made = w.user(0).call(w.address(1), true);
    const root = made.ok ? made.call : undefined;
    if (root === undefined) throw new Error("setup refused");
    w.run(1);
    expect(w.user(0).callOf(root)?.state).toBe(10);
    expect(w.agent.view().calls).toMatchObject([
      { multipoint: true, phase: "active", parties: [{ endpoint: 0, port: 1, state: "active" }] },
    ]);

    const add = (address: Uint8Array) => {
      const r = w.user(0).request(root, {
        name: "add-party.request",
        ies: { calledPartyNumber: { plan: 0x2, typeOfNumber: 0, address } },
      });
      if (!r.ok || r.party === undefined) throw new Error("add-party refused");
      return r.party;
    };
    const toPort2 = add(w.address(2));
    const toPort1 = add(second);
    w.run(1);
    const confirmed = w.user(0).log.filter((l) => l.indication.name === "add-party.confirm");
    expect(
      confirmed.map((l) => (l.indication.name === "add-party.confirm" ? l.indication.party.value : -1)),
    ).toEqual(expect.arrayContaining([toPort2.value, toPort1.value]));
    let view = w.agent.view().calls[0];
    expect(view?.to.map((h) => h.port).sort()).toEqual([1, 2]);
    expect(view?.parties.map((p) => [p.endpoint, p.port, p.state]).sort()).toEqual(
      [
        [0, 1, "active"],
        [toPort2.value, 2, "active"],
        [toPort1.value, 1, "active"],
      ].sort(),
    );
    // Port 1's leaf got ADD PARTY on its one call; port 2's got a SETUP of its own.
    const leaf1 = w.user(1).calls();
    expect(leaf1).toHaveLength(1);
    expect(w.user(1).indications(leaf1[0]?.key ?? "")).toContain("add-party.indication");
    const leaf2 = w.user(2).calls();
    expect(leaf2.map((c) => c.state)).toEqual([10]);

    // The root's data reaches every leaf; nothing flows back from a leaf.
    w.user(0).sendData(root, Uint8Array.of(42));
    w.user(2).sendData(leaf2[0]?.key ?? root, Uint8Array.of(99));
    w.run(1);
    expect(w.user(1).dataOn(w.user(1).vcOf(leaf1[0]?.key ?? root))).toEqual([Uint8Array.of(42)]);
    expect(w.user(2).dataOn(w.user(2).vcOf(leaf2[0]?.key ?? root))).toEqual([Uint8Array.of(42)]);
    expect(w.user(0).dataOn(w.user(0).vcOf(root))).toEqual([]);
    expect(w.agent.view().calls[0]?.relayed).toEqual({
      forward: { frames: 1, bytes: 1 },
      backward: { frames: 0, bytes: 0 },
    });

    // The root drops port 2's party: that leg, its only party gone, is released.
    w.user(0).request(root, { name: "drop-party.request", party: toPort2, cause: 16 });
    w.run(1);
    expect(w.user(2).calls()).toEqual([]);
    view = w.agent.view().calls[0];
    expect(view?.to.map((h) => h.port)).toEqual([1]);
    // The root drops one of port 1's two parties: DROP PARTY on the leg, which stays.
    w.user(0).request(root, { name: "drop-party.request", party: toPort1, cause: 16 });
    w.run(1);
    expect(
      w
        .user(1)
        .calls()
        .map((c) => c.state),
    ).toEqual([10]);
    expect(w.user(1).indications(leaf1[0]?.key ?? "")).toContain("drop-party.indication");
    expect(w.agent.view().calls[0]?.parties.map((p) => p.endpoint)).toEqual([0]);

    // The last leaf hangs up: the root's last party goes, so call control clears the root's call.
    w.user(1).release(leaf1[0]?.key ?? root);
    w.run(1);
    expect(w.user(0).calls()).toEqual([]);
    expect(w.agent.view().calls).toEqual([]);
    expect(w.agent.view().ports.map((p) => p.vcsInUse)).toEqual([0, 0, 0]);
  });

  it("rejects an ADD PARTY to an unregistered address with cause 1, and a leaf's rejection with its cause", () => {
    const w = callWorld({ ports: 3, answer: ["accept", "accept", "reject"] });
    const made = w.user(0).call(w.address(1), true);
    const root = made.ok ? made.call : undefined;
    if (root === undefined) throw new Error("setup refused");
    w.run(1);
    const nobody = w.address(2).slice();
    nobody[15] = 0xee;
    const add = (address: Uint8Array) =>
      w.user(0).request(root, {
        name: "add-party.request",
        ies: { calledPartyNumber: { plan: 0x2, typeOfNumber: 0, address } },
      });
    add(nobody);
    add(w.address(2));
    w.run(1);
    const rejects = w
      .user(0)
      .log.flatMap((l) =>
        l.indication.name === "add-party-reject.indication" ? [l.indication.cause.value] : [],
      );
    expect(rejects.sort()).toEqual([1, 21]);
    expect(w.user(0).callOf(root)?.state).toBe(10);
    expect(w.agent.view().calls[0]?.to.map((h) => h.port)).toEqual([1]);
    // The root releases: the leaf's call goes with it.
    w.user(0).release(root);
    w.run(1);
    expect(w.user(1).calls()).toEqual([]);
    expect(w.agent.view().calls).toEqual([]);
  });
});
