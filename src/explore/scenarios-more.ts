/**
 * More built-in correct scenarios, each in both call-manager forms:
 * - `unbind-race`: a SAP's deregistration is pended when its client is unbound (the client's
 *   driver unloads); the deregistration completes once, the unbind waits for it, the agent ends
 *   with no address.
 * - `agent-restart`: the agent restarts while two SAPs are registered; the call manager registers
 *   both addresses again, then they are deregistered.
 * - `call-storm`: A sets up six calls to B's SAP at once, each echoes two NBLs and is released as
 *   soon as its echoes are back; every call ends done, the switch holds no call.
 */

import type { CallClientSap } from "../drivers/clients/call-client.ts";
import { Dialer, type DialResult } from "../drivers/clients/dialer.ts";
import { EchoServer } from "../drivers/clients/echo-server.ts";
import { formAddress } from "../signaling/ilmi/index.ts";
import { isLossy } from "./faults.ts";
import {
  agentHoldsNone,
  oneServer,
  registerTwoSaps,
  registrationDone,
  SCENARIO_ESI,
  sapFor,
  sapsDeregistered,
} from "./sap-helpers.ts";
import type { InvariantFailure, Scenario, ScenarioInstance } from "./scenario.ts";
import { exploreWorld, portPrefix } from "./world.ts";

const unbindRace: Scenario = {
  name: "unbind-race",
  description: "the client is unbound while its SAP deregistration is pended",
  buggy: false,
  build(scheduler, form, faults): ScenarioInstance {
    const { world, host, server, as } = oneServer(scheduler, form, faults);
    const saps: CallClientSap[] = [];
    let unbound = false;
    let pendedAtUnbind = false;
    return {
      world,
      end: 5,
      actions: [
        {
          label: "register a SAP",
          at: 1,
          when: () => server.afOpen,
          run: () => as(() => saps.push(server.listen("sap", sapFor(1)))),
        },
        {
          label: "deregister it",
          when: () => registrationDone(saps[0]),
          run: () => as(() => server.deregisterSap(saps[0] as CallClientSap)),
        },
        {
          label: "unbind the client (its driver unloads) with the deregistration pended",
          run: () => {
            pendedAtUnbind = saps[0]?.state === "deregistering";
            host.host.unloadDriver(server.name);
            unbound = true;
          },
        },
      ],
      check: (): InvariantFailure[] => {
        const failures = [
          ...sapsDeregistered("unbind-race", saps, isLossy(faults)),
          ...agentHoldsNone("unbind-race", world),
        ];
        // The race this scenario is for (a failed registration, under a lossy plan, has nothing to pend).
        if (!pendedAtUnbind && saps[0]?.state !== "failed")
          failures.push({
            rule: "explore.unbind-race.pended",
            message: "the unbind did not come while the deregistration was pended",
          });
        if (unbound && host.host.drivers.has(server.name))
          failures.push({
            rule: "explore.unbind-race.unbound",
            message: `${server.name} is still loaded: its unbind never completed`,
          });
        return failures;
      },
    };
  },
};

const agentRestart: Scenario = {
  name: "agent-restart",
  description: "the agent restarts while two SAPs are registered; both are registered again",
  buggy: false,
  build(scheduler, form, faults): ScenarioInstance {
    const { world, server, as } = oneServer(scheduler, form, faults);
    const saps: CallClientSap[] = [];
    const held = () => world.agent.view().addresses.length;
    const registeredCount = () => saps.filter((s) => s.state === "registered").length;
    let restarted = false;
    let dropped = false;
    return {
      world,
      end: 5,
      actions: [
        registerTwoSaps(server, as, saps),
        {
          label: "restart the agent once both are registered",
          // Under a lossy plan a registration may fail: the restart comes once both completed.
          when: () => saps.length === 2 && saps.every(registrationDone) && held() === registeredCount(),
          run: () => {
            world.agent.restart();
            restarted = true;
            dropped = held() === 0;
          },
        },
        // The restart dropped both registrations (the agent's view is read after it).
        {
          label: "both addresses registered again",
          when: () => held() === registeredCount(),
          run: () => {},
        },
        {
          label: "deregister both",
          run: () =>
            as(() => {
              for (const s of saps) server.deregisterSap(s);
            }),
        },
      ],
      check: (): InvariantFailure[] => {
        const failures = [
          ...sapsDeregistered("agent-restart", saps, isLossy(faults)),
          ...agentHoldsNone("agent-restart", world),
        ];
        if (!restarted || !dropped)
          failures.push({
            rule: "explore.agent-restart.restarted",
            message: restarted ? "the restart did not drop the registrations" : "the agent never restarted",
          });
        return failures;
      },
    };
  },
};

/** Calls in the storm, and NBLs each echoes. */
const STORM_CALLS = 6;
const STORM_NBLS = 2;

const callStorm: Scenario = {
  name: "call-storm",
  description: `A sets up ${STORM_CALLS} calls to B's SAP at once; each echoes and is released`,
  buggy: false,
  build(scheduler, form, faults): ScenarioInstance {
    const world = exploreWorld(
      scheduler,
      [
        { name: "A", callManager: form },
        { name: "B", callManager: form },
      ],
      faults,
    );
    const dialer = new Dialer();
    const server = new EchoServer();
    const [a, b] = [world.host("A"), world.host("B")];
    a.load(dialer.name, dialer.DriverEntry);
    b.load(server.name, server.DriverEntry);
    const asA = <T>(f: () => T): T => a.host.runAs(dialer.name, f);
    const asB = <T>(f: () => T): T => b.host.runAs(server.name, f);
    let sap: CallClientSap | undefined;
    const dials: DialResult[] = [];
    const settled = () =>
      dials.length === STORM_CALLS && dials.every((d) => d.state === "done" || d.state === "failed");
    return {
      world,
      end: 8,
      actions: [
        {
          label: "B registers its SAP",
          at: 1,
          when: () => server.afOpen && dialer.afOpen,
          run: () =>
            asB(() => {
              sap = server.listen("echo", sapFor(1));
            }),
        },
        {
          label: `A dials ${STORM_CALLS} calls at once`,
          when: () => sap?.state === "registered",
          run: () =>
            asA(() => {
              for (let i = 0; i < STORM_CALLS; i++)
                dials.push(dialer.dial(formAddress(portPrefix(1), SCENARIO_ESI, 1), STORM_NBLS, 64));
            }),
        },
        {
          label: "B deregisters its SAP once every call ended",
          when: settled,
          run: () => asB(() => server.deregisterSap(sap as CallClientSap)),
        },
      ],
      check: (): InvariantFailure[] => {
        const failures: InvariantFailure[] = [
          ...sapsDeregistered("call-storm", sap ? [sap] : [], isLossy(faults)),
          ...agentHoldsNone("call-storm", world),
        ];
        const bad = dials.filter((d) => d.state !== "done" || d.echoed !== STORM_NBLS || d.mismatched !== 0);
        if (dials.length !== STORM_CALLS || bad.length > 0)
          failures.push({
            rule: "explore.call-storm.calls",
            message: `${STORM_CALLS - bad.length} of ${STORM_CALLS} calls ended done with ${STORM_NBLS} echoes; ${bad.map((d) => `${d.state} (${d.echoed} echoes, ${d.mismatched} mismatched)`).join(", ")}`,
          });
        const calls = world.agent.view().calls.length;
        if (calls > 0)
          failures.push({
            rule: "explore.call-storm.switch-calls",
            message: `the switch still holds ${calls} call(s)`,
          });
        return failures;
      },
    };
  },
};

/** The scenarios of this file, in the order `--list` shows them. */
export const MORE_SCENARIOS: readonly Scenario[] = [unbindRace, agentRestart, callStorm];
