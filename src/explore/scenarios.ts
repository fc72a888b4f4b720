/**
 * The built-in correct scenarios, each in both call-manager forms:
 * - `sap-churn`: one host registers two SAPs at once, deregisters one and registers a third while
 *   that deregistration may still pend, then deregisters the rest and re-registers and deregisters
 *   the first; every SAP ends deregistered and the agent holds no address.
 * - `early-sap`: the client opens the AF from ProtocolCoAfRegisterNotify and registers a SAP at
 *   once (before ILMI has run), then deregisters it once registered.
 * - `dereg-under-call`: B registers a SAP, A calls it and sends NBLs that B echoes, B deregisters
 *   the SAP under the live call, A sends more, then hangs up; every echo matches.
 */

import type { CallClientSap } from "../drivers/clients/call-client.ts";
import { Dialer } from "../drivers/clients/dialer.ts";
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
  sapGone,
  sapsDeregistered,
} from "./sap-helpers.ts";
import type { InvariantFailure, Scenario, ScenarioInstance } from "./scenario.ts";
import { type ExploreHost, exploreWorld, portPrefix } from "./world.ts";

const sapChurn: Scenario = {
  name: "sap-churn",
  description: "register two SAPs at once, deregister and register under each other, re-register one",
  buggy: false,
  build(scheduler, form, faults): ScenarioInstance {
    const { world, server, as } = oneServer(scheduler, form, faults);
    const saps: CallClientSap[] = [];
    const sap = (i: number) => saps[i] as CallClientSap;
    // A registration that failed (only under a lossy plan) counts as done: its deregistration is a no-op.
    const registered = (i: number) => () => registrationDone(sap(i));
    const deregistered = (i: number) => () => sapGone(sap(i));
    return {
      world,
      end: 5,
      actions: [
        registerTwoSaps(server, as, saps),
        { label: "deregister SAP 1", when: registered(0), run: () => as(() => server.deregisterSap(sap(0))) },
        { label: "register SAP 3", run: () => as(() => saps.push(server.listen("sap3", sapFor(3)))) },
        { label: "deregister SAP 2", when: registered(1), run: () => as(() => server.deregisterSap(sap(1))) },
        { label: "deregister SAP 3", when: registered(2), run: () => as(() => server.deregisterSap(sap(2))) },
        {
          label: "register SAP 1 again",
          when: deregistered(0),
          run: () => as(() => saps.push(server.listen("sap1b", sapFor(1)))),
        },
        {
          label: "deregister SAP 1 again",
          when: registered(3),
          run: () => as(() => server.deregisterSap(sap(3))),
        },
      ],
      check: () => [
        ...sapsDeregistered("sap-churn", saps, isLossy(faults)),
        ...agentHoldsNone("sap-churn", world),
      ],
    };
  },
};

const earlySap: Scenario = {
  name: "early-sap",
  description: "register a SAP as soon as the AF opens (before ILMI has run), then deregister it",
  buggy: false,
  build(scheduler, form, faults): ScenarioInstance {
    const { world, server, as } = oneServer(scheduler, form, faults);
    const saps: CallClientSap[] = [];
    return {
      world,
      end: 3,
      actions: [
        {
          label: "register a SAP when the AF opens",
          when: () => server.afOpen,
          run: () => as(() => saps.push(server.listen("early", sapFor(1)))),
        },
        {
          label: "deregister it",
          when: () => registrationDone(saps[0]),
          run: () => as(() => server.deregisterSap(saps[0] as CallClientSap)),
        },
      ],
      check: () => [
        ...sapsDeregistered("early-sap", saps, isLossy(faults)),
        ...agentHoldsNone("early-sap", world),
      ],
    };
  },
};

const deregUnderCall: Scenario = {
  name: "dereg-under-call",
  description: "B's SAP is called by A and deregistered under the live call, which keeps echoing",
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
    const load = <C extends { name: string; DriverEntry: Parameters<ExploreHost["load"]>[1] }>(
      h: ExploreHost,
      c: C,
    ) => {
      h.load(c.name, c.DriverEntry);
      return <T>(f: () => T): T => h.host.runAs(c.name, f);
    };
    const dialer = new Dialer();
    const server = new EchoServer();
    const asA = load(world.host("A"), dialer);
    const asB = load(world.host("B"), server);
    let sap: CallClientSap | undefined;
    let dial: ReturnType<Dialer["dial"]> | undefined;
    const echoed = (n: number) => () => dial?.state === "connected" && dial.echoed >= n;
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
          label: "A calls it, sends 2 NBLs",
          when: () => sap?.state === "registered",
          run: () =>
            asA(() => {
              dial = dialer.dial(formAddress(portPrefix(1), SCENARIO_ESI, 1), 2, 64, { hold: true });
            }),
        },
        {
          label: "B deregisters the SAP under the call",
          when: echoed(2),
          run: () => asB(() => server.deregisterSap(sap as CallClientSap)),
        },
        {
          label: "A sends 2 more",
          when: () => sap?.state === "deregistered",
          run: () => asA(() => dialer.sendMore(dial as ReturnType<Dialer["dial"]>, 2)),
        },
        {
          label: "A hangs up",
          when: echoed(4),
          run: () => asA(() => dialer.hangUp(dial as ReturnType<Dialer["dial"]>)),
        },
      ],
      check: (): InvariantFailure[] => {
        const failures: InvariantFailure[] = [
          ...sapsDeregistered("dereg-under-call", sap ? [sap] : [], isLossy(faults)),
          ...agentHoldsNone("dereg-under-call", world),
        ];
        if (dial === undefined || dial.state !== "done" || dial.echoed !== 4 || dial.mismatched !== 0)
          failures.push({
            rule: "explore.dereg-under-call.call",
            message: `the call ended ${dial?.state ?? "never made"} with ${dial?.echoed ?? 0} of 4 echoes (${dial?.mismatched ?? 0} mismatched)`,
          });
        return failures;
      },
    };
  },
};

/** The built-in correct scenarios. */
export const CORRECT_SCENARIOS: readonly Scenario[] = [sapChurn, earlySap, deregUnderCall];
