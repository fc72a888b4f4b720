/** SAPs and client actions the built-in scenarios share. */
import { anyBhli, anyBlli, encodeAtmSap } from "../drivers/atm-sap.ts";
import type { CallClientSap } from "../drivers/clients/call-client.ts";
import { EchoServer } from "../drivers/clients/echo-server.ts";
import { type CO_SAP, NDIS_STATUS_SUCCESS } from "../ndis/index.ts";
import type { ControlledScheduler } from "../sched/index.ts";
import { formAddress, NET_PREFIX_LENGTH } from "../signaling/ilmi/index.ts";
import type { FaultPlan } from "./faults.ts";
import type { CmForm, InvariantFailure, ScenarioAction } from "./scenario.ts";
import { type ExploreWorld, exploreWorld } from "./world.ts";

/** The end-system identifier the scenarios' SAPs use. */
export const SCENARIO_ESI = Uint8Array.from([0x00, 0x20, 0x48, 0x0b, 0x0b, 0x0b]);

/** A SAP for the ESI and `selector` (the call manager fills in the network prefix), any BLLI and BHLI. */
export function sapFor(selector: number): CO_SAP {
  const address = formAddress(new Uint8Array(NET_PREFIX_LENGTH), SCENARIO_ESI, selector);
  return encodeAtmSap({
    Blli: anyBlli(),
    Bhli: anyBhli(),
    Addresses: [{ AddressType: 0, NumberOfDigits: 20, Address: address }],
  });
}

/** True once a SAP's registration completed, either way (registered, or failed). */
export function registrationDone(sap: CallClientSap | undefined): boolean {
  return sap?.state === "registered" || sap?.state === "failed";
}

/** True once a SAP is gone: deregistered, or its registration failed. */
export function sapGone(sap: CallClientSap | undefined): boolean {
  return sap?.state === "deregistered" || sap?.state === "failed";
}

/**
 * The invariant that every SAP ended deregistered with NDIS_STATUS_SUCCESS. Under a lossy fault
 * plan (`lossy`) a SAP whose registration failed with an error status also passes: the address
 * registration can legitimately miss its deadline when frames are lost.
 */
export function sapsDeregistered(
  scenario: string,
  saps: readonly CallClientSap[],
  lossy = false,
): InvariantFailure[] {
  const ok = (s: CallClientSap) =>
    (s.state === "deregistered" && s.lastStatus === NDIS_STATUS_SUCCESS) ||
    (lossy && s.state === "failed" && s.lastStatus !== undefined && s.lastStatus !== NDIS_STATUS_SUCCESS);
  return saps
    .filter((s) => !ok(s))
    .map((s) => ({
      rule: `explore.${scenario}.sap-deregistered`,
      message: `SAP ${s.name} ended ${s.state} (last status ${s.lastStatus ?? "none"})`,
    }));
}

/** The invariant that the agent holds no registered address (none stale). */
export function agentHoldsNone(scenario: string, world: ExploreWorld): InvariantFailure[] {
  const left = world.agent.view().addresses;
  return left.length === 0
    ? []
    : [
        {
          rule: `explore.${scenario}.stale-registration`,
          message: `the agent still holds ${left.map((a) => `${a.address} (port ${a.port})`).join(", ")}`,
        },
      ];
}

/** One host "A" in `form` with the reference echo server loaded. */
export function oneServer(scheduler: ControlledScheduler, form: CmForm, faults: FaultPlan) {
  const world = exploreWorld(scheduler, [{ name: "A", callManager: form }], faults);
  const host = world.host("A");
  const server = new EchoServer();
  host.load(server.name, server.DriverEntry);
  const as = <T>(f: () => T): T => host.host.runAs(server.name, f);
  return { world, host, server, as };
}

/** The first action of the SAP scenarios: SAPs 1 and 2 registered at once, as soon as the AF opens. */
export function registerTwoSaps(
  server: EchoServer,
  as: <T>(f: () => T) => T,
  saps: CallClientSap[],
): ScenarioAction {
  return {
    label: "register SAPs 1 and 2",
    at: 1,
    when: () => server.afOpen,
    run: () =>
      as(() => {
        saps.push(server.listen("sap1", sapFor(1)), server.listen("sap2", sapFor(2)));
      }),
  };
}
