/**
 * NBLs per second through the CoNDIS data path: client NdisCoSendNetBufferLists → reference
 * miniport → in-memory medium → peer miniport → receive indication → the peer client returns
 * the NBL → MiniportReturnNetBufferLists, on the controlled scheduler. The baseline moves the
 * same bytes through the same copies with plain function calls.
 */
import { atmVcParameters } from "../src/drivers/atm-media.ts";
import { coMiniport } from "../src/drivers/co-miniport/index.ts";
import { createMemoryLink } from "../src/media/index.ts";
import {
  createHost,
  type Host,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisCmActivateVc,
  NdisCoCreateVc,
  NdisCoSendNetBufferLists,
  NdisFreeNetBufferList,
  type NdisHandle,
  type NET_BUFFER_LIST,
} from "../src/ndis/index.ts";
import { ControlledScheduler } from "../src/sched/index.ts";
import { testCallManager } from "../test/support/drivers/call-manager.ts";
import { TestClient } from "../test/support/drivers/client.ts";
import { perOp } from "./measure.ts";

/** NBLs per measured batch, and bytes per NBL. */
export const BATCH = 64;
export const SIZE = 1024;

function side(host: Host, attachment: unknown) {
  const client = new TestClient();
  const cm = testCallManager();
  host.loadDriver("COMINI", coMiniport().DriverEntry);
  host.loadDriver("TESTCM", cm.DriverEntry);
  host.loadDriver(client.name, client.DriverEntry);
  host.addAdapter({ name: "ATM0", miniport: "COMINI", attachment });
  return { client, cm };
}

function setup() {
  const scheduler = new ControlledScheduler({ seed: 1 });
  const link = createMemoryLink({ name: "bench", scheduler });
  const a = createHost({ name: "A", scheduler });
  const b = createHost({ name: "B", scheduler });
  const sa = side(a, link.a);
  const sb = side(b, link.b);
  scheduler.runUntilIdle();
  const vcOn = (host: Host, s: ReturnType<typeof side>): NdisHandle<"Vc"> => {
    const binding = s.client.bindings[0]?.handle as NdisHandle<"Binding">;
    const af = s.client.af().handle as NdisHandle<"Af">;
    const vc = host.runAs(s.client.name, () => NdisCoCreateVc(binding, af, null))
      .NdisVcHandle as NdisHandle<"Vc">;
    host.runAs("TESTCM", () => NdisCmActivateVc(vc, atmVcParameters(0, 100)));
    return vc;
  };
  const vc = vcOn(a, sa);
  vcOn(b, sb);
  scheduler.runUntilIdle();
  const pool = a.runAs(sa.client.name, () =>
    NdisAllocateNetBufferListPool(sa.client.bindings[0]?.handle as NdisHandle<"Binding">, {
      PoolTag: 1,
      fAllocateNetBuffer: true,
    }),
  );
  sa.client.hooks.sendComplete = (_ctx, nbls) => {
    for (let nbl: NET_BUFFER_LIST | null = nbls, next: NET_BUFFER_LIST | null; nbl !== null; nbl = next) {
      next = nbl.Next;
      NdisFreeNetBufferList(nbl);
    }
  };
  const payload = new Uint8Array(SIZE).fill(0x5a);
  let received = 0;
  const defaultReceive = sb.client.hooks.receive;
  sb.client.hooks.receive = (...args) => {
    received++;
    defaultReceive(...args);
  };
  const sendBatch = (): number => {
    const before = received;
    a.runAs(sa.client.name, () => {
      for (let i = 0; i < BATCH; i++) {
        const nbl = NdisAllocateNetBufferAndNetBufferList(
          pool as never,
          0,
          0,
          payload,
          0,
          SIZE,
        ) as NET_BUFFER_LIST;
        nbl.SourceHandle = vc;
        NdisCoSendNetBufferLists(vc, nbl, 0);
      }
    });
    scheduler.runUntilIdle();
    return received - before;
  };
  return { sendBatch, hosts: [a, b] };
}

/** One batch through plain function calls: the miniport's copy to the wire, the medium's copy, the receive copy. */
function baselineBatch(payload: Uint8Array): number {
  let n = 0;
  let last: Uint8Array | undefined;
  const toWire = (bytes: Uint8Array) => bytes.slice();
  const onWire = (bytes: Uint8Array) => bytes.slice();
  const receive = (bytes: Uint8Array) => {
    last = bytes.slice();
    n++;
  };
  for (let i = 0; i < BATCH; i++) receive(onWire(toWire(payload)));
  return n + (last?.length ?? 0);
}

/** Median nanoseconds per NBL through the stack and through the plain copies, over `runs` batches. */
export function dataPathCosts(runs: number): { stackNs: number; baselineNs: number } {
  const world = setup();
  if (world.sendBatch() !== BATCH) throw new Error("data-path bench: a batch did not arrive whole");
  const payload = new Uint8Array(SIZE).fill(0x5a);
  return {
    stackNs: perOp(() => world.sendBatch(), 10, runs) / BATCH,
    baselineNs: perOp(() => baselineBatch(payload), 100, runs) / BATCH,
  };
}
