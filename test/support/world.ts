/** Builds a host with a test miniport, call manager (stand-alone or MCM) and client. */

import { type CoMiniportInit, coMiniport } from "../../src/drivers/co-miniport/index.ts";
import { createMemoryLink, type MemoryLink } from "../../src/media/index.ts";
import { createHost, type Host, type HostOptions, type NdisEvent } from "../../src/ndis/index.ts";
import { ControlledScheduler } from "../../src/sched/index.ts";
import { type TestCallManager, testCallManager } from "./drivers/call-manager.ts";
import { TestClient } from "./drivers/client.ts";
import type { CmCore } from "./drivers/cm-core.ts";
import { type TestMcm, testMcm } from "./drivers/mcm.ts";
import { testMiniport } from "./drivers/miniport.ts";
import { type CmPolicy, syncPolicy } from "./drivers/policy.ts";

/** A ready host: the scheduler, every event, and the drivers. */
export interface World {
  readonly scheduler: ControlledScheduler;
  readonly host: Host;
  readonly events: NdisEvent[];
  readonly client: TestClient;
  readonly kind: "cm" | "mcm";
  readonly cm: TestCallManager | undefined;
  readonly mcm: TestMcm | undefined;
  /** The link behind the adapter, when the world uses the reference miniport; `link.b` is the network side. */
  readonly link: MemoryLink | undefined;
  /** The call-manager core that serves the client's AF. */
  core(): CmCore;
  /** The contract events so far ("code: message"). */
  contracts(): string[];
  /** Runs the scheduler until nothing is pending. */
  settle(): void;
}

/** Options of a world. */
export interface WorldInit {
  readonly kind?: "cm" | "mcm";
  readonly policy?: CmPolicy;
  readonly seed?: number;
  readonly options?: HostOptions;
  readonly leakSapArea?: boolean;
  /** Leave the client unloaded (tests that load it themselves). */
  readonly noClient?: boolean;
  /** Use the reference CoNDIS miniport on an in-memory link instead of the test miniport (stand-alone CM only). */
  readonly medium?: CoMiniportInit;
}

/** Builds and settles a world: adapter up, protocols bound, the client's AF open. */
export function makeWorld(init: WorldInit = {}): World {
  const kind = init.kind ?? "cm";
  const scheduler = new ControlledScheduler({ seed: init.seed ?? 1 });
  const host = createHost({
    name: "A",
    scheduler,
    ...(init.options === undefined ? {} : { options: init.options }),
  });
  const events: NdisEvent[] = [];
  host.events.subscribe((e) => events.push(e));
  const policy = init.policy ?? syncPolicy();
  const leak = init.leakSapArea === undefined ? {} : { leakSapArea: init.leakSapArea };
  const client = new TestClient();
  let cm: TestCallManager | undefined;
  let mcm: TestMcm | undefined;
  let link: MemoryLink | undefined;
  if (kind === "cm") {
    if (init.medium !== undefined) link = createMemoryLink({ name: "wire", scheduler });
    host.loadDriver(
      "COMINI",
      init.medium !== undefined ? coMiniport(init.medium).DriverEntry : testMiniport().DriverEntry,
    );
    cm = testCallManager("TESTCM", policy, leak);
    host.loadDriver("TESTCM", cm.DriverEntry);
    host.addAdapter({
      name: "ATM0",
      miniport: "COMINI",
      ...(link === undefined ? {} : { attachment: link.a }),
    });
  } else {
    mcm = testMcm(policy, leak);
    host.loadDriver("TESTMCM", mcm.DriverEntry);
    host.addAdapter({ name: "ATM0", miniport: "TESTMCM" });
  }
  if (init.noClient !== true) host.loadDriver(client.name, client.DriverEntry);
  const world: World = {
    scheduler,
    host,
    events,
    client,
    kind,
    cm,
    mcm,
    link,
    core: () => (cm !== undefined ? cm.core() : (mcm as TestMcm).core),
    contracts: () => events.flatMap((e) => (e.type === "contract" ? [`${e.code}: ${e.message}`] : [])),
    settle: () => {
      const result = scheduler.runUntilIdle(100_000);
      if (!result.idle) throw new Error("world did not settle within 100000 steps");
    },
  };
  world.settle();
  return world;
}
