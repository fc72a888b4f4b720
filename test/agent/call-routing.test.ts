import { describe, expect, it } from "vitest";
import { type RoutablePort, route } from "../../src/agent/call-routing.ts";
import { AddressRegistry } from "../../src/agent/registry.ts";
import { formAddress } from "../../src/signaling/ilmi/index.ts";
import type { CalledPartyNumber } from "../../src/signaling/q2931/index.ts";
import { endSystem, prefix } from "./switch-world.ts";

const aesa = (address: Uint8Array): CalledPartyNumber => ({ plan: 0x2, typeOfNumber: 0, address });
const es = endSystem(1);
const at = (p: number, sel = es.sel) => formAddress(prefix(p), es.esi, sel);

function ports(...states: [linkUp: boolean, signalingReady: boolean][]): RoutablePort[] {
  return states.map(([linkUp, signalingReady], index) => ({
    index,
    prefix: prefix(index + 1),
    linkUp,
    signalingReady,
  }));
}

describe("route", () => {
  const registry = new AddressRegistry();
  registry.add(at(1), 0);
  registry.add(at(2), 1);
  registry.add(at(2, 7), 0); // another selector of port 1's end system, registered by port 0

  it("routes a registered address to its port, an exact match before a selector match", () => {
    const up = ports([true, true], [true, true], [true, true]);
    expect(route(aesa(at(2)), registry, up)).toMatchObject({ ok: true, port: 1 });
    expect(route(aesa(at(2, 7)), registry, up)).toMatchObject({ ok: true, port: 0 });
    // No exact registration: the lowest port holding the address with another selector.
    expect(route(aesa(at(2, 9)), registry, up)).toMatchObject({ ok: true, port: 0 });
  });

  it("answers cause 1 for an address nobody registered, under a live prefix or none", () => {
    const up = ports([true, true], [true, true], [true, true]);
    expect(route(aesa(at(3)), registry, up)).toMatchObject({ ok: false, cause: 1 });
    expect(route(aesa(at(9)), registry, up)).toMatchObject({ ok: false, cause: 1 });
    expect(route({ plan: 0x1, typeOfNumber: 1, digits: "123" }, registry, up)).toMatchObject({
      ok: false,
      cause: 1,
      address: "123",
    });
  });

  it("answers cause 3 when the address's port is down or cannot signal", () => {
    expect(route(aesa(at(3)), registry, ports([true, true], [true, true], [false, false]))).toMatchObject({
      ok: false,
      cause: 3,
    });
    expect(route(aesa(at(2)), registry, ports([true, true], [true, false], [true, true]))).toMatchObject({
      ok: false,
      cause: 3,
    });
  });
});
