import { describe, expect, it } from "vitest";
import { activeCall, callWorld, dial, ofKind, q2931 } from "./call-world.ts";

describe("agent calls under link loss and restart", () => {
  it("clears both halves when the called port's link is lost during a call (cause 27 to the caller)", () => {
    const w = callWorld({ ports: 2 });
    const { caller, called } = activeCall(w);
    w.events.length = 0;
    w.links[1]?.down();
    w.run(1);
    expect(w.user(0).releaseCauses(caller)).toEqual([27]);
    expect(w.user(0).calls()).toEqual([]);
    expect(w.agent.view().calls).toEqual([]);
    expect(w.agent.view().ports.map((p) => p.vcsInUse)).toEqual([0, 0]);
    expect(ofKind(w.events, "callCleared")).toEqual([{ kind: "callCleared", call: 1, cause: 27 }]);
    // The called user lost its signalling link too: its active call waits T309, then goes (cause 27).
    expect(w.user(1).callOf(called)?.state).toBe(10);
    w.run(11);
    expect(w.user(1).calls()).toEqual([]);
    expect(w.user(1).releaseCauses(called)).toEqual([27]);
    // The link comes back: a new call works.
    w.links[1]?.up();
    w.run(5);
    activeCall(w);
  });

  it("clears the called user's call by STATUS when its link comes back before T309 runs out", () => {
    const w = callWorld({ ports: 2 });
    const { caller, called } = activeCall(w);
    w.links[1]?.down();
    w.links[1]?.up();
    w.run(5);
    // The agent dropped the call with the link; the user's STATUS ENQUIRY finds no call there (STATUS
    // with call state Null), so its half goes too.
    expect(w.user(0).releaseCauses(caller)).toEqual([27]);
    expect(w.user(1).calls()).toEqual([]);
    expect(w.user(1).releaseCauses(called)).toEqual([101]);
    expect(w.agent.view().calls).toEqual([]);
  });

  it("clears both halves when the caller's port's link is lost", () => {
    const w = callWorld({ ports: 2 });
    const { called } = activeCall(w);
    w.links[0]?.down();
    w.run(1);
    expect(w.user(1).releaseCauses(called)).toEqual([27]);
    expect(w.user(1).calls()).toEqual([]);
    expect(w.agent.view().calls).toEqual([]);
  });

  it("keeps an active call across a bounce of the signalling link alone, and clears calls not yet active", () => {
    const w = callWorld({ ports: 3, answer: ["accept", "accept", "proceed"] });
    const { caller, called } = activeCall(w);
    // A second call, to port 2, stays in the proceeding phase (the called user never answers).
    const pending = dial(w, 0, 2);
    w.run(1);
    expect(w.user(0).callOf(pending)?.state).toBe(3);
    expect(w.agent.view().calls.map((c) => c.phase)).toEqual(["active", "proceeding"]);

    // Port 0's SSCOP is released and re-established (the medium stays up).
    expect(w.user(0).releaseSignaling()).toBe(true);
    w.run(5);
    expect(
      ofKind(w.events, "signalingLink")
        .filter((e) => e.port === 0)
        .slice(-2),
    ).toEqual([
      { kind: "signalingLink", port: 0, up: false },
      { kind: "signalingLink", port: 0, up: true },
    ]);
    // The proceeding call was cleared at once on both sides of the switch (cause 27 from call control).
    expect(w.user(0).callOf(pending)).toBeUndefined();
    expect(w.user(2).calls()).toEqual([]);
    expect(w.user(2).releaseCauses(w.user(2).log[0]?.call ?? "")).toEqual([27]);
    // The active call survived under T309 and still switches data.
    expect(w.user(0).callOf(caller)?.state).toBe(10);
    expect(w.user(1).callOf(called)?.state).toBe(10);
    expect(w.agent.view().calls).toMatchObject([{ phase: "active" }]);
    w.user(0).sendData(caller, Uint8Array.of(5));
    w.run(1);
    expect(w.user(1).dataOn(w.user(1).vcOf(called))).toEqual([Uint8Array.of(5)]);
  });

  it("forgets every call on restart; RESTART clears the users' halves (cause 41); calls work again", () => {
    const w = callWorld({ ports: 2 });
    const { caller, called } = activeCall(w);
    w.events.length = 0;
    w.agent.restart();
    expect(w.agent.view().calls).toEqual([]);
    expect(ofKind(w.events, "callCleared")).toEqual([{ kind: "callCleared", call: 1, cause: 41 }]);
    w.run(5);
    for (const [user, key] of [
      [w.user(0), caller],
      [w.user(1), called],
    ] as const) {
      expect(user.interfaceLog).toContain("restart.indication");
      expect(user.releaseCauses(key)).toEqual([41]);
      expect(user.calls()).toEqual([]);
    }
    expect(q2931(w.events, 0, "out")).toContain("RESTART");
    expect(q2931(w.events, 0, "in")).toContain("RESTART ACKNOWLEDGE");
    // Registrations come back (ILMI coldStart) and a new call goes through.
    expect(w.agent.view().addresses).toHaveLength(2);
    expect(w.agent.view().ports.map((p) => p.vcsInUse)).toEqual([0, 0]);
    activeCall(w);
  });

  it("clears an active call with cause 27 when its signalling link stays down past T309 (medium up)", () => {
    const w = callWorld({ ports: 2 });
    const { caller, called } = activeCall(w);
    // Every frame on link 1 is lost: SSCOP gives up (Timer_NO-RESPONSE), the agent tries BGN again
    // while the active call waits T309, which runs out.
    w.links[1]?.setFaults({ drop: 1000 });
    w.run(9);
    expect(w.agent.view().ports[1]?.signaling).not.toBe("DataTransferReady");
    expect(w.agent.view().calls).toMatchObject([{ phase: "active" }]);
    w.run(15);
    expect(w.user(0).releaseCauses(caller)).toEqual([27]);
    expect(w.user(0).calls()).toEqual([]);
    expect(w.agent.view().calls).toEqual([]);
    expect(w.user(1).releaseCauses(called)).toEqual([27]);
    // The link heals: signalling comes back by itself and calls work again.
    w.links[1]?.setFaults({});
    w.run(10);
    expect(w.agent.view().ports[1]?.signaling).toBe("DataTransferReady");
    activeCall(w);
  });
});
