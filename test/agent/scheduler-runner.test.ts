/**
 * The agent drives its port machines through one runner over the scheduler (`SchedulerRunner`),
 * as the UNI call manager drives its own through `NdisTimerScheduler`: the ILMI response timer is
 * armed, fires and is cancelled through it, and a port whose link goes down leaves no task behind.
 */
import { describe, expect, it, vi } from "vitest";
import { AgentPort } from "../../src/agent/agent-port.ts";
import { AddressRegistry } from "../../src/agent/registry.ts";
import { SchedulerRunner } from "../../src/agent/scheduler-runner.ts";
import { SwitchFabric } from "../../src/agent/switch-fabric.ts";
import { createMemoryLink } from "../../src/media/index.ts";
import { ControlledScheduler, ms } from "../../src/sched/index.ts";
import type { TaskHandle } from "../../src/sched/scheduler.ts";
import { ILMI_RESPONSE_TIMER } from "../../src/signaling/ilmi/index.ts";
import { prefix } from "./switch-world.ts";

const RESPONSE_TIMEOUT = ms(100);

/** One agent port on a link whose far end never answers, so the agent's requests time out. */
function silentPort() {
  const scheduler = new ControlledScheduler({ seed: 1 });
  const link = createMemoryLink({ name: "uni0", scheduler });
  const registry = new AddressRegistry();
  const fabric = new SwitchFabric(registry, () => {});
  const port = new AgentPort({
    agentName: "switch",
    index: 0,
    medium: link.a,
    prefix: prefix(1),
    maxPeakCellRate: undefined,
    maxAddresses: 10,
    scheduler,
    registry,
    emit: () => {},
    uptime: () => 0,
    ilmiTiming: { responseTimeout: RESPONSE_TIMEOUT, maxAttempts: 3 },
    signalingTiming: undefined,
    fabric,
  });
  fabric.attach([port]);
  return { scheduler, link, port };
}

describe("the agent port's runner", () => {
  it("arms, fires and cancels the ILMI response timer, and the link going down leaves no task", () => {
    const { scheduler, link, port } = silentPort();
    const setTimer = vi.spyOn(port.runner, "setTimer");
    const cancel = vi.spyOn(port.runner, "cancel");
    const ilmiArmed = (): TaskHandle[] =>
      setTimer.mock.calls.flatMap(([, task], i) => {
        const result = setTimer.mock.results[i];
        return task.label.includes(ILMI_RESPONSE_TIMER) && result?.type === "return" ? [result.value] : [];
      });

    port.activate();
    const first = ilmiArmed();
    expect(first.length).toBeGreaterThan(0);
    expect(setTimer.mock.calls.find(([, t]) => t.label.includes(ILMI_RESPONSE_TIMER))?.[0]).toBe(
      RESPONSE_TIMEOUT,
    );
    // SSCOP and Q.2931 run on the same runner.
    expect(setTimer.mock.calls.some(([, t]) => t.owner === `switch ${link.a.name} sscop`)).toBe(true);

    // Nobody answers: the response timer expires and the IME sends the request again, re-arming it.
    scheduler.runUntil(RESPONSE_TIMEOUT);
    const rearmed = ilmiArmed();
    expect(rearmed.length).toBeGreaterThan(first.length);
    expect(port.runner.pending).toBeGreaterThan(0);

    // Link down: the armed ILMI timer is cancelled through the runner, and nothing of the port is left.
    const armed = rearmed.at(-1);
    link.down();
    // The ports hear of it in a task due now; the re-armed timer is not due yet.
    scheduler.runUntil(scheduler.now());
    expect(port.linkUp).toBe(false);
    const cancelled = cancel.mock.calls.findIndex(([h]) => h === armed);
    expect(cancelled).toBeGreaterThanOrEqual(0);
    expect(cancel.mock.results[cancelled]).toEqual({ type: "return", value: true });
    expect(port.runner.pending).toBe(0);
    expect(scheduler.runUntilIdle().idle).toBe(true);
  });
});

describe("SchedulerRunner", () => {
  it("hands tasks to the scheduler and counts those neither run nor cancelled", () => {
    const scheduler = new ControlledScheduler({ seed: 1 });
    const runner = new SchedulerRunner(scheduler);
    const ran: string[] = [];
    const a = runner.setTimer(ms(1), { label: "a", owner: "t", run: () => ran.push("a") });
    runner.post({ label: "b", owner: "t", run: () => ran.push("b") });
    const c = runner.setTimer(ms(2), { label: "c", owner: "t", run: () => ran.push("c") });
    expect(runner.pending).toBe(3);
    expect(scheduler.size).toBe(3);

    expect(runner.cancel(c)).toBe(true);
    expect(runner.cancel(c)).toBe(false);
    expect(runner.pending).toBe(2);
    expect(scheduler.size).toBe(2);

    scheduler.runUntilIdle();
    expect(ran).toEqual(["b", "a"]);
    expect(runner.pending).toBe(0);
    // A task that already ran cannot be cancelled, as with the scheduler itself.
    expect(runner.cancel(a)).toBe(false);
    expect(runner.now()).toBe(scheduler.now());
  });
});
