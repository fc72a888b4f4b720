/**
 * The runtime on a controlled scheduler: two interfaces back to back through encode/decode, timers on
 * the virtual clock (T303 at 4 s and 8 s, T308 at 30 s and 60 s), and re-entrant use from callbacks.
 */
import { describe, expect, it } from "vitest";
import { ControlledScheduler, ms, seconds } from "../../../src/sched/index.ts";
import {
  CallControlRuntime,
  type RuntimeIndication,
  type Side,
} from "../../../src/signaling/call-control/index.ts";
import { decodeMessage, type Q2931Message } from "../../../src/signaling/q2931/index.ts";
import { CONNID, encoded, SETUP, SETUP_P2MP } from "./helpers.ts";

interface Node {
  readonly runtime: CallControlRuntime;
  readonly events: (RuntimeIndication & { readonly at: bigint })[];
  readonly sent: Q2931Message[];
}

/** Two runtimes whose messages cross a link with 1 ms delay, as frames; `drop` swallows one direction. */
function pair(drop: { toNetwork?: boolean; toUser?: boolean } = {}) {
  const scheduler = new ControlledScheduler({ seed: 7 });
  const nodes = {} as Record<Side, Node>;
  const make = (side: Side, peer: Side, dropped: boolean): Node => {
    const events: Node["events"] = [];
    const sent: Q2931Message[] = [];
    const runtime = new CallControlRuntime({
      config: { side },
      scheduler,
      owner: side,
      send: (message) => {
        sent.push(message);
        if (dropped) return;
        const frame = encoded(message);
        scheduler.setTimer(seconds(0.001), {
          label: `frame to ${peer}`,
          owner: side,
          run: () => nodes[peer].runtime.receive(frame),
        });
      },
      onIndication: (event) => events.push({ ...event, at: scheduler.now() }),
    });
    return { runtime, events, sent };
  };
  nodes.user = make("user", "network", drop.toNetwork === true);
  nodes.network = make("network", "user", drop.toUser === true);
  /** Runs what is due within 10 ms of virtual time: the frames in flight, no protocol timer. */
  const settle = () => scheduler.runUntil(scheduler.now() + ms(10));
  return { scheduler, settle, user: nodes.user, network: nodes.network };
}

const names = (node: Node) => node.events.map((e) => e.indication.name);

describe("CallControlRuntime back to back", () => {
  it("a call from the user is routed, connected, and released; nothing is left running", () => {
    const { scheduler, settle, user, network } = pair();
    const call = user.runtime.setup(SETUP);
    expect(call).toEqual({ ok: true, call: { value: 1, mine: true } });
    settle();
    expect(names(network)).toEqual(["setup.indication"]);
    const incoming = network.events[0]?.call;
    if (incoming === undefined) throw new Error("no incoming call");
    expect(
      network.runtime.callRequest(incoming, {
        name: "proceeding.request",
        ies: { connectionIdentifier: CONNID },
      }).ok,
    ).toBe(true);
    expect(network.runtime.callRequest(incoming, { name: "setup.response" }).ok).toBe(true);
    settle();
    expect(names(user)).toEqual(["proceeding.indication", "setup.confirm"]);
    expect(user.runtime.state.calls.get("m1")?.state).toBe(10);
    expect(network.runtime.state.calls.get("p1")?.state).toBe(10);

    expect(
      user.runtime.callRequest({ value: 1, mine: true }, { name: "release.request", cause: 16 }).ok,
    ).toBe(true);
    settle();
    expect(names(user).at(-1)).toBe("release.confirm");
    expect(names(network).slice(-2)).toEqual(["release.indication", "release.confirm"]);
    expect(user.runtime.state.calls.size + network.runtime.state.calls.size).toBe(0);
    expect(user.runtime.runningTimers()).toEqual([]);
    expect(network.runtime.runningTimers()).toEqual([]);
    expect(scheduler.size).toBe(0);
  });

  it("T303 on the virtual clock: SETUP again at 4 s, local clearing at 8 s", () => {
    const { scheduler, user } = pair({ toNetwork: true });
    user.runtime.setup(SETUP);
    expect(user.runtime.runningTimers()).toEqual(["T303@m1"]);
    scheduler.runUntilIdle();
    expect(user.sent.map((m) => m.type)).toEqual(["SETUP", "SETUP"]);
    expect(user.events).toEqual([
      expect.objectContaining({
        indication: expect.objectContaining({ name: "release.indication" }),
        at: seconds(8),
      }),
      expect.objectContaining({
        indication: expect.objectContaining({ name: "release.confirm" }),
        at: seconds(8),
      }),
    ]);
    expect(user.runtime.runningTimers()).toEqual([]);
  });

  it("T308 on the virtual clock: RELEASE again at 30 s, call reference released at 60 s", () => {
    const { scheduler, settle, user, network } = pair();
    user.runtime.setup(SETUP);
    settle();
    const incoming = network.events[0]?.call;
    if (incoming === undefined) throw new Error("no incoming call");
    network.runtime.callRequest(incoming, { name: "setup.response", ies: { connectionIdentifier: CONNID } });
    settle();
    network.runtime.close(); // the network stops answering
    const start = scheduler.now();
    user.runtime.callRequest({ value: 1, mine: true }, { name: "release.request", cause: 16 });
    scheduler.runUntilIdle();
    expect(user.sent.filter((m) => m.type === "RELEASE")).toHaveLength(2);
    const confirm = user.events.find((e) => e.indication.name === "release.confirm");
    expect(confirm?.at).toBe(start + seconds(60));
  });

  it("requests from inside an indication handler are served; an add party goes through to the leaf", () => {
    const scheduler = new ControlledScheduler({ seed: 3 });
    const sides = {} as Record<Side, CallControlRuntime>;
    const log: string[] = [];
    const link = (from: Side, to: Side) => (message: Q2931Message) => {
      const frame = encoded(message);
      const decoded = decodeMessage(frame);
      expect(decoded.ok).toBe(true);
      scheduler.post({ label: `to ${to}`, owner: from, run: () => sides[to].receive(frame) });
    };
    sides.network = new CallControlRuntime({
      config: { side: "network" },
      scheduler,
      send: link("network", "user"),
      onIndication: (e) => {
        log.push(`network ${e.indication.name}`);
        if (e.call !== undefined && e.indication.name === "setup.confirm") {
          expect(
            sides.network.callRequest(e.call, {
              name: "add-party.request",
              ies: { calledPartyNumber: SETUP.calledPartyNumber },
            }).ok,
          ).toBe(true);
        }
      },
    });
    sides.user = new CallControlRuntime({
      config: { side: "user" },
      scheduler,
      send: link("user", "network"),
      onIndication: (e) => {
        log.push(`user ${e.indication.name}`);
        if (e.call === undefined) return;
        if (e.indication.name === "setup.indication")
          sides.user.callRequest(e.call, { name: "setup.response" });
        if (e.indication.name === "add-party.indication") {
          sides.user.callRequest(e.call, { name: "add-party.response", party: e.indication.party });
        }
      },
    });
    const setup = sides.network.setup({ ...SETUP_P2MP, connectionIdentifier: CONNID });
    expect(setup.ok).toBe(true);
    scheduler.runUntilIdle();
    expect(log).toEqual([
      "user setup.indication",
      "network setup.confirm",
      "user setup-complete.indication",
      "user add-party.indication",
      "network add-party.confirm",
    ]);
    const leaf = sides.user.state.calls.get("p1");
    expect(leaf?.parties.map((p) => p.state)).toEqual([0x0a, 0x0a]);
    expect(sides.network.runningTimers()).toEqual([]);
  });

  it("refusals are reported as results, not thrown", () => {
    const { user } = pair();
    expect(
      user.runtime.callRequest({ value: 5, mine: true }, { name: "release.request", cause: 16 }),
    ).toEqual({
      ok: false,
      reason: expect.stringMatching(/unknown call m5/),
    });
    expect(user.runtime.restartResponse().ok).toBe(false);
  });
});
