/**
 * memory.day: the live heap of a world with 500 distinct addresses registered, after a warm-up hour
 * and again after `hours` more virtual hours (SSCOP polling, ILMI polls and walks keep running).
 */
import { createAgent } from "../src/agent/index.ts";
import { SapClient } from "../src/drivers/clients/sap-client.ts";
import { coMiniport } from "../src/drivers/co-miniport/index.ts";
import { uniCallManager } from "../src/drivers/uni-cm/index.ts";
import { createMemoryLink } from "../src/media/index.ts";
import { createHost } from "../src/ndis/index.ts";
import { ControlledScheduler, seconds } from "../src/sched/index.ts";
import { liveHeap } from "./measure.ts";
import { sap } from "./sap.bench.ts";

/** What {@link memoryDay} measured. */
export interface MemoryDayResult {
  readonly warmHeap: number;
  readonly endHeap: number;
  readonly hours: number;
  readonly steps: number;
}

const HOUR = seconds(3600);

/** Registers `addresses` SAPs on distinct addresses, runs a warm-up hour, then `hours` more. */
export function memoryDay(hours: number, addresses = 500): MemoryDayResult {
  const scheduler = new ControlledScheduler({ seed: 1 });
  const link = createMemoryLink({ name: "day", scheduler });
  const agent = createAgent({
    name: "switch",
    scheduler,
    ports: [
      { port: link.b, prefix: Uint8Array.from([0x47, 0, 5, 0x80, 0xff, 0xe1, 0, 0, 0, 0xf2, 0x1a, 0, 1]) },
    ],
  });
  const host = createHost({ name: "H", scheduler });
  const client = new SapClient();
  host.loadDriver("ATMMINI", coMiniport().DriverEntry);
  host.loadDriver("UNICM", uniCallManager().DriverEntry);
  host.addAdapter({ name: "ATM0", miniport: "ATMMINI", attachment: link.a });
  host.loadDriver(client.name, client.DriverEntry);
  agent.start();
  scheduler.runUntil(scheduler.now() + seconds(5), 10_000_000);
  host.runAs(client.name, () => {
    for (let i = 0; i < addresses; i++) client.registerSap(`a${i}`, sap(i + 1, 1));
  });
  scheduler.runUntil(scheduler.now() + HOUR, 1e9);
  if (client.saps.some((s) => s.state !== "registered"))
    throw new Error("memory bench: a SAP did not register");
  const warmHeap = liveHeap();
  const steps0 = scheduler.stepCount;
  scheduler.runUntil(scheduler.now() + BigInt(Math.round(hours * 3600)) * seconds(1), 1e10);
  const endHeap = liveHeap();
  if (client.saps.some((s) => s.state !== "registered")) throw new Error("memory bench: a SAP fell away");
  return { warmHeap, endHeap, hours, steps: scheduler.stepCount - steps0 };
}
