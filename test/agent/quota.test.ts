/** The agent's per-port address quota: a flood from one port is refused, counted, and harms no other port. */
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_ADDRESSES_PER_PORT } from "../../src/agent/index.ts";
import {
  AtmfStatus,
  addressSetRequest,
  formAddress,
  SnmpErrorStatus,
} from "../../src/signaling/ilmi/index.ts";
import { addressOf, endSystem, prefix, world } from "./switch-world.ts";

const raw = (p: Uint8Array, n: number) =>
  formAddress(p, Uint8Array.of(0x00, 0x20, 0x48, 0x77, (n >> 8) & 0xff, n & 0xff), 1);

describe("network control agent: per-port address quota", () => {
  it("has a documented default", () => {
    expect(DEFAULT_MAX_ADDRESSES_PER_PORT).toBe(10_000);
  });

  it("refuses registrations beyond the quota with genErr, counts them, and keeps serving other ports", () => {
    const w = world({ ports: 2, maxAddresses: 3 });
    w.settle();
    const flooder = w.hosts[0];
    for (let n = 0; n < 10; n++)
      flooder?.sendMessage(addressSetRequest(100 + n, raw(prefix(1), n), AtmfStatus.valid));
    w.settle();
    const answers = flooder?.answers ?? [];
    expect(answers.map((m) => (m.pdu.type === "trap" ? -1 : m.pdu.errorStatus))).toEqual([
      0,
      0,
      0,
      ...Array(7).fill(SnmpErrorStatus.genErr),
    ]);
    expect(w.agent.view().ports[0]?.addresses).toHaveLength(3);
    expect(w.agent.view().counters.refusedOverQuota).toBe(7);
    expect(w.events.filter((e) => e.kind === "refusal")[0]).toMatchObject({
      refusal: "overQuota",
      port: 0,
      owner: 0,
    });

    // Another port still registers, and the flooder may re-register what it holds or free a slot.
    const es = endSystem(2);
    w.hosts[1]?.addEndSystem(es);
    w.settle();
    expect(w.agent.view().ports[1]?.addresses).toEqual([addressOf(prefix(2), es)]);
    flooder?.sendMessage(addressSetRequest(200, raw(prefix(1), 0), AtmfStatus.valid));
    flooder?.sendMessage(addressSetRequest(201, raw(prefix(1), 1), AtmfStatus.invalid));
    flooder?.sendMessage(addressSetRequest(202, raw(prefix(1), 9), AtmfStatus.valid));
    w.settle();
    expect(answers.slice(10).map((m) => (m.pdu.type === "trap" ? -1 : m.pdu.errorStatus))).toEqual([0, 0, 0]);
    expect(w.agent.view().ports[0]?.addresses).toHaveLength(3);
  });
});
