/**
 * A host for verifier fixtures: the test miniport (or an MCM), a possibly buggy call manager and
 * the test client, with a verifier attached before the first driver loads.
 */
import {
  createHost,
  type Host,
  type HostOptions,
  type NdisEvent,
  type NdisHandle,
} from "../../../src/ndis/index.ts";
import { ControlledScheduler, type RunResult } from "../../../src/sched/index.ts";
import { Verifier, type VerifierMode, type ViolationHandling } from "../../../src/verifier/index.ts";
import { TestClient } from "../drivers/client.ts";
import type { CmCore } from "../drivers/cm-core.ts";
import { testMiniport } from "../drivers/miniport.ts";
import { type CmPolicy, syncPolicy } from "../drivers/policy.ts";
import { type BuggyCm, buggyCallManager, buggyMcm, type CmFaults } from "./call-manager.ts";

/** A stand-alone call manager over the test miniport, or an MCM. */
export type CmKind = "cm" | "mcm";

/** Options of a fixture world. */
export interface FixtureWorldInit {
  readonly kind?: CmKind;
  readonly policy?: Partial<CmPolicy>;
  readonly faults?: CmFaults;
  readonly seed?: number;
  readonly options?: HostOptions;
  readonly mode?: VerifierMode;
  readonly onViolation?: ViolationHandling;
  /** The host's name (default "A"). */
  readonly hostName?: string;
  /** A verifier shared with other worlds (several hosts, one run). */
  readonly verifier?: Verifier;
}

/** A settled fixture world. */
export interface FixtureWorld {
  readonly kind: CmKind;
  readonly scheduler: ControlledScheduler;
  readonly host: Host;
  readonly verifier: Verifier;
  readonly events: NdisEvent[];
  readonly client: TestClient;
  readonly cm: BuggyCm;
  readonly core: CmCore;
  /** Runs the scheduler until idle (throws when it is not idle after 100000 steps). */
  settle(): RunResult;
  /** Runs `fn` as the call manager's own code (a worker thread of the CM or MCM). */
  asCm<T>(fn: () => T): T;
  /** Runs `fn` as the client's own code. */
  asClient<T>(fn: () => T): T;
  /** The client's binding handle. */
  clientBinding(): NdisHandle<"Binding">;
  /** The call manager's NdisAfHandle of the client's (first) AF. */
  cmAf(): NdisHandle<"Af">;
  /** The latest NdisSapHandle the call manager was given. */
  cmSap(): NdisHandle<"Sap">;
}

/** Builds and settles a fixture world; the verifier sees every event from the first load on. */
export function fixtureWorld(init: FixtureWorldInit = {}): FixtureWorld {
  const kind = init.kind ?? "cm";
  const scheduler = new ControlledScheduler({ seed: init.seed ?? 1 });
  const host = createHost({
    name: init.hostName ?? "A",
    scheduler,
    ...(init.options === undefined ? {} : { options: init.options }),
  });
  const verifier =
    init.verifier ??
    new Verifier({
      mode: init.mode ?? "strict",
      onViolation: init.onViolation ?? "collect",
      replay: scheduler,
    });
  verifier.attach(host);
  const events: NdisEvent[] = [];
  host.events.subscribe((e) => events.push(e));
  const policy: CmPolicy = { ...syncPolicy(), ...init.policy };
  const cm = kind === "cm" ? buggyCallManager(policy, init.faults) : buggyMcm(policy, init.faults);
  if (kind === "cm") host.loadDriver("COMINI", testMiniport().DriverEntry);
  host.loadDriver(cm.name, cm.DriverEntry);
  host.addAdapter({ name: "ATM0", miniport: kind === "cm" ? "COMINI" : cm.name });
  const client = new TestClient();
  host.loadDriver(client.name, client.DriverEntry);
  const settle = () => {
    const result = scheduler.runUntilIdle(100_000);
    if (!result.idle) throw new Error("fixture world did not settle within 100000 steps");
    return result;
  };
  settle();
  return {
    kind,
    scheduler,
    host,
    verifier,
    events,
    client,
    cm,
    core: cm.core,
    settle,
    asCm: (fn) => host.runAs(cm.name, fn),
    asClient: (fn) => host.runAs(client.name, fn),
    clientBinding: () => {
      const handle = client.bindings[0]?.handle;
      if (handle === null || handle === undefined) throw new Error("fixture: client not bound");
      return handle;
    },
    cmAf: () => {
      const af = [...cm.core.afs][0];
      if (af === undefined) throw new Error("fixture: the call manager has no AF open");
      return af.handle;
    },
    cmSap: () => {
      const sap = cm.core.sapHandles.at(-1);
      if (sap === undefined) throw new Error("fixture: the call manager was given no SAP");
      return sap;
    },
  };
}
