/** The call table is updated in place: a step costs the same however many calls the interface holds. */
import { describe, expect, it } from "vitest";
import {
  type InterfaceState,
  newInterface,
  stepInterface,
} from "../../../src/signaling/call-control/index.ts";
import { SETUP, USER } from "./helpers.ts";

function withCalls(n: number): InterfaceState {
  let state = newInterface(USER);
  for (let i = 0; i < n; i++) state = stepInterface(state, { kind: "setup", ies: SETUP }).state;
  return state;
}

describe("call table in place", () => {
  it("keeps one table across steps (no copy per message), adding and removing one call at a time", () => {
    const state = withCalls(2000);
    const table = state.calls;
    expect(table.size).toBe(2000);
    const next = stepInterface(state, { kind: "setup", ies: SETUP });
    expect(next.state.calls).toBe(table);
    expect(next.state.calls.size).toBe(2001);
    const released = stepInterface(next.state, {
      kind: "request",
      call: { value: 5, mine: true },
      request: { name: "release.request", cause: 16 },
    });
    expect(released.refused).toBeUndefined();
    expect(released.state.calls).toBe(table);
    expect(released.state.calls.get("m5")?.state).not.toBe(1);
  });

  it("a refused request leaves every call as it was", () => {
    const state = withCalls(3);
    const before = [...state.calls.entries()];
    const refused = stepInterface(state, {
      kind: "request",
      call: { value: 9, mine: true },
      request: { name: "release.request", cause: 16 },
    });
    expect(refused.refused).toMatch(/unknown call m9/);
    expect([...refused.state.calls.entries()]).toEqual(before);
  });
});
