import { fc, it as fcIt } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { formAddress, NET_PREFIX_LENGTH, octetsKey } from "../../../src/signaling/ilmi/ilmi-mib.ts";
import { registeredAddresses } from "../../../src/signaling/ilmi/user-ime.ts";
import { ADDRESS, ESI, PREFIX, SEL, toHex } from "./fixtures.ts";
import { IlmiLink } from "./ilmi-link.ts";

const PREFIXES = [0, 1, 2].map((n) => PREFIX.map((b, i) => (i === 12 ? n + 1 : b)));
const END_SYSTEMS = [0, 1, 2].map((n) => ({ esi: ESI.map((b, i) => (i === 5 ? b + n : b)), sel: n }));

type Command =
  | { kind: "addEndSystem" | "removeEndSystem" | "addPrefix" | "removePrefix"; index: number }
  | { kind: "userStart" | "networkStart" }
  | { kind: "deliverToUser" | "deliverToNetwork" | "duplicateToUser" | "duplicateToNetwork" };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom("addEndSystem", "removeEndSystem", "addPrefix", "removePrefix"),
      index: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("userStart", "networkStart") }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom("deliverToUser", "deliverToNetwork", "duplicateToUser", "duplicateToNetwork"),
    }),
  },
) as fc.Arbitrary<Command>;

function apply(link: IlmiLink, command: Command, time: number): void {
  switch (command.kind) {
    case "addEndSystem":
    case "removeEndSystem":
      link.stepUser({ kind: command.kind, endSystem: END_SYSTEMS[command.index] ?? END_SYSTEMS[0]! });
      break;
    case "addPrefix":
    case "removePrefix":
      link.stepNetwork({ kind: command.kind, prefix: PREFIXES[command.index] ?? PREFIX });
      break;
    case "userStart":
      link.stepUser({ kind: "start", timeStamp: time });
      break;
    case "networkStart":
      link.stepNetwork({ kind: "start", timeStamp: time });
      break;
    case "deliverToUser":
      link.deliver("user");
      break;
    case "deliverToNetwork":
      link.deliver("network");
      break;
    case "duplicateToUser":
    case "duplicateToNetwork": {
      const queue = command.kind === "duplicateToUser" ? link.toUser : link.toNetwork;
      if (queue[0] !== undefined) queue.unshift(queue[0]);
      break;
    }
  }
}

const sorted = (list: Iterable<Uint8Array>) => [...list].map(octetsKey).sort();

describe("user and network IMEs together", () => {
  it("register the §5.4 address end to end, then deregister it", () => {
    const link = new IlmiLink({ endSystems: [{ esi: ESI, sel: SEL }] }, { prefixes: [PREFIX] });
    link.stepNetwork({ kind: "start", timeStamp: 0 });
    link.stepUser({ kind: "start", timeStamp: 0 });
    link.drain();
    expect(registeredAddresses(link.user).map(toHex)).toEqual([toHex(ADDRESS)]);
    expect([...link.network.addresses.values()].map(toHex)).toEqual([toHex(ADDRESS)]);
    link.stepUser({ kind: "removeEndSystem", endSystem: { esi: ESI, sel: SEL } });
    link.drain();
    expect(link.network.addresses.size).toBe(0);
    expect(link.userEvents).toContainEqual({
      kind: "addressDeregistered",
      address: ADDRESS,
      reason: "confirmed",
    });
    expect(link.timers).toEqual([]);
  });

  it("do not leave a stale registration when the network restarts under an in-flight registration", () => {
    // Found by the property below: the network's coldStart makes the user forget its registration,
    // the network then confirms it, and the end system is removed before the prefix comes back.
    const link = new IlmiLink({ endSystems: [END_SYSTEMS[0]!] }, { prefixes: [PREFIXES[0]!] });
    link.stepNetwork({ kind: "start", timeStamp: 0 });
    link.stepUser({ kind: "start", timeStamp: 0 });
    for (const command of [
      { kind: "deliverToUser" },
      { kind: "networkStart" },
      { kind: "deliverToUser" },
      { kind: "deliverToUser" },
      { kind: "removeEndSystem", index: 0 },
    ] as const) {
      apply(link, command, 0);
    }
    link.drain();
    expect(link.network.addresses.size).toBe(0);
    expect(registeredAddresses(link.user)).toEqual([]);
  });

  fcIt.prop([fc.array(commandArb, { maxLength: 60 })], { numRuns: 500 })(
    "agree on every prefix ‖ end-system address once a loss-free, duplicating wire settles",
    (commands) => {
      const link = new IlmiLink({ endSystems: [END_SYSTEMS[0]!] }, { prefixes: [PREFIXES[0]!] });
      link.stepNetwork({ kind: "start", timeStamp: 0 });
      link.stepUser({ kind: "start", timeStamp: 0 });
      for (const [i, command] of commands.entries()) apply(link, command, i);
      link.drain();

      const userRegistered = sorted(registeredAddresses(link.user));
      expect(sorted(link.network.addresses.values())).toEqual(userRegistered);
      expect([...link.user.prefixes.keys()].sort()).toEqual([...link.network.prefixes.keys()].sort());
      const expected = [...link.user.prefixes.values()].flatMap((p) =>
        [...link.user.endSystems.values()].map((es) => formAddress(p, es.esi, es.sel)),
      );
      expect(userRegistered).toEqual(sorted(expected));
      expect(link.user.requests.pending.size + link.network.requests.pending.size).toBe(0);
      expect(link.timers).toEqual([]);
    },
  );

  fcIt.prop([fc.array(fc.tuple(commandArb, fc.integer({ min: 0, max: 3 })), { maxLength: 80 })], {
    numRuns: 200,
  })("never hold an address outside a prefix they hold, whatever the wire loses", (steps) => {
    const link = new IlmiLink({ endSystems: [END_SYSTEMS[0]!] }, { prefixes: [PREFIXES[0]!] });
    link.stepNetwork({ kind: "start", timeStamp: 0 });
    link.stepUser({ kind: "start", timeStamp: 0 });
    const check = () => {
      for (const record of link.user.addresses.values()) {
        expect(link.user.prefixes.has(record.prefixKey)).toBe(true);
      }
      for (const address of link.network.addresses.values()) {
        expect(link.network.prefixes.has(octetsKey(address.subarray(0, NET_PREFIX_LENGTH)))).toBe(true);
      }
    };
    steps.forEach(([command, fate], i) => {
      // fate 0 loses the next frame in each direction; 1 fires a response timer; else just the command.
      if (fate === 0) {
        link.toUser.shift();
        link.toNetwork.shift();
      } else if (fate === 1) {
        link.fireTimer();
      }
      apply(link, command, i);
      check();
    });
    // With no more loss, retransmissions settle every request: timers run dry.
    for (let i = 0; i < 1000 && (link.fireTimer() || link.toUser.length + link.toNetwork.length > 0); i++) {
      link.drain();
      check();
    }
    expect(link.timers).toEqual([]);
  });
});
