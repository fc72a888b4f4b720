/**
 * The built-in buggy targets, `buggy/<name>`: the reference SAP client against a small buggy call
 * manager (buggy-cm.ts) on the reference miniport. Each is meant to fail; the explorer must find it.
 */

import type { CallClientSap } from "../../drivers/clients/call-client.ts";
import { SapClient } from "../../drivers/clients/sap-client.ts";
import { sapFor, sapsDeregistered } from "../sap-helpers.ts";
import type { Scenario, ScenarioInstance } from "../scenario.ts";
import { exploreWorld } from "../world.ts";
import { buggyCallManager, type CmBug } from "./buggy-cm.ts";

function target(bug: CmBug, description: string): Scenario {
  return {
    name: `buggy/${bug}`,
    description,
    buggy: true,
    build(scheduler, _form, faults): ScenarioInstance {
      // The buggy call manager is the host's call manager whatever the form.
      const world = exploreWorld(scheduler, [{ name: "A", callManager: "none" }], faults);
      const host = world.host("A");
      const cm = buggyCallManager(bug);
      host.load(cm.name, cm.DriverEntry);
      const client = new SapClient();
      host.load(client.name, client.DriverEntry);
      const saps: CallClientSap[] = [];
      const as = <T>(f: () => T): T => host.host.runAs(client.name, f);
      return {
        world,
        end: 2,
        actions: [
          {
            label: "register a SAP when the AF opens",
            when: () => client.afOpen,
            run: () => as(() => saps.push(client.registerSap("sap", sapFor(1)))),
          },
          {
            label: "deregister it",
            when: () => saps[0]?.state === "registered",
            run: () => as(() => client.deregisterSap(saps[0] as CallClientSap)),
          },
        ],
        check: () => sapsDeregistered(`buggy/${bug}`, saps),
      };
    },
  };
}

/** The buggy targets. */
export const BUGGY_TARGETS: readonly Scenario[] = [
  target("early-sap", "a call manager that drops a SAP registration requested before its signaling is up"),
  target("dereg-twice", "a call manager that completes a pended SAP deregistration twice"),
  target("dereg-never", "a call manager that pends a SAP deregistration and never completes it"),
];
