import { describe, expect, it } from "vitest";
import { NDIS_STATUS_SUCCESS } from "../../src/ndis/index.ts";
import { callVcs } from "./call-checks.ts";
import { type CallWorld, type CallWorldInit, callWorld } from "./call-world.ts";

/** B listens on selectors 1 and 2, A on selector 3: three leaves, two of them on one UNI. */
function leaves(w: CallWorld) {
  const saps = [
    w.b.as(w.b.echo.name, () => w.b.echo.listen("b1", w.b.sap(1))),
    w.b.as(w.b.echo.name, () => w.b.echo.listen("b2", w.b.sap(2))),
    w.a.as(w.a.echo.name, () => w.a.echo.listen("a3", w.a.sap(3))),
  ];
  w.run(2);
  for (const s of saps) expect(s.state).toBe("registered");
  return [w.b.address(1), w.b.address(2), w.a.address(3)];
}

function clean(w: CallWorld): void {
  expect([callVcs(w, w.a), callVcs(w, w.b)]).toEqual([0, 0]);
  for (const h of [w.a, w.b]) h.host.removeAdapter("ATM0");
  w.run(10);
  for (const h of [w.a, w.b]) {
    const snap = h.host.snapshot();
    expect(snap.vcs.length + snap.saps.length + snap.afs.length + snap.liveBlocks + snap.liveNbls).toBe(0);
  }
  expect(w.contracts()).toEqual([]);
  expect(w.verifier.checkQuiescence().violations).toEqual([]);
  expect(w.verifier.violations().map((v) => `${v.rule.id}: ${v.message}`)).toEqual([]);
}

const CONFIGS: [string, CallWorldInit][] = [
  ["stand-alone CM", { kind: "cm" }],
  ["MCM", { kind: "mcm" }],
];

describe.each(CONFIGS)("point-to-multipoint calls through the UNI call manager (%s)", (_label, init) => {
  it("a root adds leaves with ADD PARTY (on a UNI with a leg: on that leg), every leaf gets the data, the root closes", () => {
    const w = callWorld(init);
    const addresses = leaves(w);
    const r = w.a.as(w.a.dialer.name, () => w.a.dialer.dialMultipoint(addresses, 4, 200));
    w.run(3);
    expect(r.state).toBe("connected");
    expect(r.leaves.map((l) => [l.state, l.status])).toEqual([
      ["active", NDIS_STATUS_SUCCESS],
      ["active", NDIS_STATUS_SUCCESS],
      ["active", NDIS_STATUS_SUCCESS],
    ]);
    expect(r.sent).toBe(4);
    // B's two parties share one leg (one VC): B receives each frame once; A's own leaf once too.
    expect(w.b.echo.history.map((c) => c.received)).toEqual([4]);
    expect(w.a.echo.history.map((c) => c.received)).toEqual([4]);
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(3);
    expect(r.state).toBe("done");
    expect(r.leaves.map((l) => l.state)).toEqual(["dropped", "dropped", "dropped"]);
    expect(w.b.echo.stats.closed + w.a.echo.stats.closed).toBe(2);
    clean(w);
  });

  it("a party nobody registered is refused (ADD PARTY REJECT); the other leaves stay", () => {
    const w = callWorld(init);
    const [b1] = leaves(w);
    const r = w.a.as(w.a.dialer.name, () =>
      w.a.dialer.dialMultipoint([b1 as Uint8Array, w.b.address(9)], 2, 64),
    );
    w.run(3);
    expect(r.leaves.map((l) => l.state)).toEqual(["active", "failed"]);
    expect(r.leaves[1]?.status).not.toBe(NDIS_STATUS_SUCCESS);
    expect(w.b.echo.history.map((c) => c.received)).toEqual([2]);
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(3);
    expect(r.state).toBe("done");
    clean(w);
  });

  it("the root drops one leaf (DROP PARTY); data goes on to the rest", () => {
    const w = callWorld(init);
    const addresses = leaves(w);
    const r = w.a.as(w.a.dialer.name, () =>
      w.a.dialer.dialMultipoint([addresses[2] as Uint8Array, addresses[0] as Uint8Array], 1, 64),
    );
    w.run(3);
    w.a.as(w.a.dialer.name, () => w.a.dialer.dropLeaf(r, 1));
    w.run(3);
    expect(r.leaves.map((l) => l.state)).toEqual(["active", "dropped"]);
    // B's leg had only that party: it is released.
    expect(w.b.echo.history[0]?.state).toBe("deleted");
    w.a.as(w.a.dialer.name, () => w.a.dialer.sendMore(r, 3));
    w.run(2);
    expect(w.a.echo.history[0]?.received).toBe(4);
    w.a.as(w.a.dialer.name, () => w.a.dialer.hangUp(r));
    w.run(3);
    clean(w);
  });

  it("a leaf hangs up: the root sees an incoming drop for its parties there, or an incoming close for the last", () => {
    const w = callWorld(init);
    const addresses = leaves(w);
    const r = w.a.as(w.a.dialer.name, () => w.a.dialer.dialMultipoint(addresses, 1, 64));
    w.run(3);
    expect(r.leaves.map((l) => l.state)).toEqual(["active", "active", "active"]);
    // B's echo server closes its leg, which carries two of the parties.
    w.b.as(w.b.echo.name, () => w.b.echo.hangUp());
    w.run(3);
    expect(r.state).toBe("connected");
    expect(r.leaves.map((l) => [l.state, l.droppedByNetwork])).toEqual([
      ["dropped", true],
      ["dropped", true],
      ["active", false],
    ]);
    // The last leaf goes too: the call ends with an incoming close.
    w.a.as(w.a.echo.name, () => w.a.echo.hangUp());
    w.run(3);
    expect(r.state).toBe("done");
    expect(r.incomingClose).toBe(NDIS_STATUS_SUCCESS);
    clean(w);
  });
});
