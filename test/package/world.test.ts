import { describe, expect, it } from "vitest";
import { anyBhli, anyBlli, EchoServer, encodeAtmSap } from "../../src/entry/drivers.ts";
import { createWorld } from "../../src/entry/world.ts";

/** A SAP at the host's ESI 00204800000b, selector 1 (the call manager fills in the prefix). */
function sap() {
  const address = new Uint8Array(20);
  address.set([0x00, 0x20, 0x48, 0x00, 0x00, 0x0b], 13);
  address[19] = 1;
  return encodeAtmSap({
    Blli: anyBlli(),
    Bhli: anyBhli(),
    Addresses: [{ AddressType: 0, NumberOfDigits: 20, Address: address }],
  });
}

describe.each(["stand-alone", "mcm"] as const)("createWorld (%s)", (callManager) => {
  it("runs bounded spans, registers a user's SAP with the agent, and tears down clean", () => {
    const world = createWorld({ hosts: ["A", "B"], callManager, seed: 3, link: { delay: 5_000_000n } });
    const server = new EchoServer();
    world.host("B").load(server.name, server.DriverEntry);
    const first = world.run(30);
    expect(first.settled).toBe(true);
    expect(first.now).toBe(30_000_000_000n);
    expect(server.afOpen).toBe(true);
    const record = world.host("B").host.runAs(server.name, () => server.listen("echo", sap()));
    expect(record.state).toBe("registering");
    // 1 ms later (links take 5 ms) the registration is outstanding; a span later it is settled.
    expect(world.run(0.001).outstanding.map((r) => r.handler)).toEqual(["ProtocolCmRegisterSap"]);
    expect(world.run(30).settled).toBe(true);
    expect(record.state).toBe("registered");
    expect(world.agent.view().addresses.map((a) => a.port)).toEqual([1]);
    const down = world.teardown();
    expect(down.leaks.every((l) => l.drivers + l.blocks + l.nbls + l.objects === 0)).toBe(true);
    expect(down).toMatchObject({ clean: true, idle: true, violations: [] });
    expect(world.report()).toMatch(/^condis verifier: 0 violation\(s\) \(strict mode/);
  });
});

describe("createWorld", () => {
  it("refuses duplicate host names and unknown hosts, and a negative span", () => {
    expect(() => createWorld({ hosts: ["A", "A"] })).toThrow(/same name/);
    const world = createWorld({ hosts: ["A"], verifier: "off" });
    expect(() => world.host("Z")).toThrow(/no host "Z"/);
    expect(() => world.run(-1)).toThrow(RangeError);
    expect(world.verifier).toBe(null);
    expect(world.report()).toBe("condis verifier: off\n");
  });

  it("gives each host its own agent port and prefix", () => {
    const world = createWorld({ hosts: ["A", { name: "B", callManager: "mcm" }, "C"] });
    expect(world.hosts.map((h) => [h.name, h.callManager, h.prefix[12]])).toEqual([
      ["A", "stand-alone", 0],
      ["B", "mcm", 1],
      ["C", "stand-alone", 2],
    ]);
    world.run(30);
    expect(world.agent.view().ports.map((p) => p.prefixState)).toEqual([
      "registered",
      "registered",
      "registered",
    ]);
  });
});
