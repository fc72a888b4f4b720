import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sched/scheduler.ts";
import {
  coldStartTrap,
  getResponseTo,
  netPrefixSetRequest,
} from "../../../src/signaling/ilmi/ilmi-message.ts";
import { AtmfStatus } from "../../../src/signaling/ilmi/ilmi-mib.ts";
import { SnmpErrorStatus, type SnmpMessage } from "../../../src/signaling/ilmi/snmp-types.ts";
import {
  endSystemPhase,
  initialUserIme,
  stepUserIme,
  type UserImeEffect,
  type UserImeInput,
  type UserImeState,
} from "../../../src/signaling/ilmi/user-ime.ts";
import { ESI, PREFIX, SEL } from "./fixtures.ts";

const ES = { esi: ESI, sel: SEL };

/** Feeds inputs in order; returns the last state and every effect. */
function run(state: UserImeState, ...inputs: UserImeInput[]): [UserImeState, UserImeEffect[]] {
  const all: UserImeEffect[] = [];
  let s = state;
  for (const input of inputs) {
    const [next, effects] = stepUserIme(s, input);
    s = next;
    all.push(...effects);
  }
  return [s, all];
}

const outcomes = (effects: readonly UserImeEffect[]) =>
  effects.filter((e) => e.kind.startsWith("endSystem")).map((e) => e.kind);
const lastSet = (effects: readonly UserImeEffect[]): SnmpMessage => {
  const sets = effects.flatMap((e) =>
    e.kind === "send" && e.message.pdu.type === "setRequest" ? [e.message] : [],
  );
  const last = sets.at(-1);
  if (last === undefined) throw new Error("no SetRequest sent");
  return last;
};
const answer = (m: SnmpMessage, status: SnmpErrorStatus = SnmpErrorStatus.noError): UserImeInput => {
  if (m.pdu.type === "trap") throw new Error("a trap has no answer");
  return { kind: "receive", message: getResponseTo(m.pdu, status, status === 0 ? 0 : 1) };
};
const prefix: UserImeInput = { kind: "receive", message: netPrefixSetRequest(7, PREFIX, AtmfStatus.valid) };

describe("user-side IME: outcomes per end system", () => {
  it("holds an end system added before start, and registers it once the prefix arrives", () => {
    const [s0, e0] = run(initialUserIme(), { kind: "addEndSystem", endSystem: ES });
    expect(e0).toEqual([]);
    expect(endSystemPhase(s0, ES)).toBe("registering");
    const [s1, e1] = run(s0, { kind: "start", timeStamp: 0 }, prefix);
    const [s2, e2] = run(s1, answer(lastSet(e1)));
    expect(outcomes(e2)).toEqual(["endSystemRegistered"]);
    expect(endSystemPhase(s2, ES)).toBe("registered");
  });

  it("reports a removal once, when the network answers the invalid(2); at once when nothing was registered", () => {
    const [s0] = run(initialUserIme(), { kind: "addEndSystem", endSystem: ES });
    const [s1, e1] = run(s0, { kind: "removeEndSystem", endSystem: ES });
    expect(e1).toEqual([{ kind: "endSystemRemoved", endSystem: ES, reason: "notRegistered" }]);
    expect(endSystemPhase(s1, ES)).toBeUndefined();

    const [r0, f0] = run(initialUserIme(), { kind: "start", timeStamp: 0 }, prefix, {
      kind: "addEndSystem",
      endSystem: ES,
    });
    const [r1, f1] = run(r0, answer(lastSet(f0)), { kind: "removeEndSystem", endSystem: ES });
    expect(outcomes(f1)).toEqual(["endSystemRegistered"]);
    expect(endSystemPhase(r1, ES)).toBe("removing");
    const [r2, f2] = run(r1, answer(lastSet(f1)));
    expect(f2).toContainEqual({ kind: "endSystemRemoved", endSystem: ES, reason: "confirmed" });
    expect(endSystemPhase(r2, ES)).toBeUndefined();
  });

  it("an end system added again during its removal registers again once the removal is over", () => {
    const [r0, f0] = run(initialUserIme(), { kind: "start", timeStamp: 0 }, prefix, {
      kind: "addEndSystem",
      endSystem: ES,
    });
    const [r1, f1] = run(
      r0,
      answer(lastSet(f0)),
      { kind: "removeEndSystem", endSystem: ES },
      {
        kind: "addEndSystem",
        endSystem: ES,
      },
    );
    // Only the invalid(2) is on the wire: the valid(1) waits for its answer.
    expect(f1.filter((e) => e.kind === "send")).toHaveLength(1);
    const sent = lastSet(f1).pdu;
    expect(sent.type !== "trap" && sent.varBinds[0]?.value).toEqual({
      type: "integer",
      value: AtmfStatus.invalid,
    });
    const [r2, f2] = run(r1, answer(lastSet(f1)));
    expect(outcomes(f2)).toEqual(["endSystemRemoved"]);
    expect(endSystemPhase(r2, ES)).toBe("registering");
    const [r3, f3] = run(r2, answer(lastSet(f2)));
    expect(outcomes(f3)).toEqual(["endSystemRegistered"]);
    expect(endSystemPhase(r3, ES)).toBe("registered");
  });

  it("a restart overtaking a removal ends it (reported once); the link's loss too", () => {
    // A step consumes its state: each case builds its own IME with a removal in progress.
    const removing = (): UserImeState => {
      const [r0, f0] = run(initialUserIme(), { kind: "start", timeStamp: 0 }, prefix, {
        kind: "addEndSystem",
        endSystem: ES,
      });
      return run(r0, answer(lastSet(f0)), { kind: "removeEndSystem", endSystem: ES })[0];
    };
    const [, f2] = run(removing(), { kind: "receive", message: coldStartTrap(5) });
    expect(f2.filter((e) => e.kind === "endSystemRemoved")).toEqual([
      { kind: "endSystemRemoved", endSystem: ES, reason: "peerRestarted" },
    ]);
    const [, f3] = run(removing(), { kind: "linkDown" });
    expect(f3.filter((e) => e.kind === "endSystemRemoved")).toEqual([
      { kind: "endSystemRemoved", endSystem: ES, reason: "linkLost" },
    ]);
  });

  it("with recovery, an end system with no confirmed address by the deadline fails and is forgotten", () => {
    const recovery = { registrationDeadline: seconds(30) };
    const [s0, e0] = run(initialUserIme({ recovery }), { kind: "addEndSystem", endSystem: ES });
    const deadline = e0.find((e) => e.kind === "startTimer");
    expect(deadline).toMatchObject({ timer: "ilmiRegistration", delay: seconds(30) });
    if (deadline?.kind !== "startTimer") throw new Error("no deadline");
    const [s1, e1] = run(s0, {
      kind: "timerExpired",
      timer: "ilmiRegistration",
      requestId: deadline.requestId,
      timeStamp: 0,
    });
    expect(e1).toEqual([{ kind: "endSystemFailed", endSystem: ES, failure: "deadline" }]);
    expect(endSystemPhase(s1, ES)).toBeUndefined();
  });

  it("with recovery, a registration confirmed in time stops its deadline", () => {
    const [s0, e0] = run(initialUserIme({ recovery: {} }), { kind: "start", timeStamp: 0 }, prefix, {
      kind: "addEndSystem",
      endSystem: ES,
    });
    const deadline = e0.find((e) => e.kind === "startTimer" && e.timer === "ilmiRegistration");
    if (deadline?.kind !== "startTimer") throw new Error("no deadline");
    const [, e1] = run(s0, answer(lastSet(e0)));
    expect(e1).toContainEqual({
      kind: "stopTimer",
      timer: "ilmiRegistration",
      requestId: deadline.requestId,
    });
    expect(outcomes(e1)).toEqual(["endSystemRegistered"]);
  });
});
