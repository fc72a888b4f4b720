/**
 * memory.day: the live heap of a world with 500 distinct addresses registered, after a warm-up hour
 * and again after `hours` more virtual hours (SSCOP polling, ILMI polls and walks keep running).
 */
import { ControlledScheduler, seconds } from "../src/sched/index.ts";
import { liveHeap } from "./measure.ts";
import { sap, world } from "./sap.bench.ts";

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
  const { host, client } = world(scheduler);
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
