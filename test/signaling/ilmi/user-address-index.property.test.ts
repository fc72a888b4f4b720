import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  coldStartTrap,
  getResponseTo,
  netPrefixSetRequest,
} from "../../../src/signaling/ilmi/ilmi-message.ts";
import { AtmfStatus } from "../../../src/signaling/ilmi/ilmi-mib.ts";
import { SnmpErrorStatus } from "../../../src/signaling/ilmi/snmp-types.ts";
import {
  type EndSystem,
  initialUserIme,
  stepUserIme,
  type UserImeInput,
  type UserImeState,
} from "../../../src/signaling/ilmi/user-ime.ts";
import { ESI, PREFIX } from "./fixtures.ts";

const END_SYSTEMS: EndSystem[] = [0, 1, 2].map((sel) => ({ esi: ESI, sel }));
const PREFIXES = [PREFIX, PREFIX.map((b, i) => (i === 12 ? b ^ 0x80 : b))];

type Op =
  | { readonly op: "add" | "remove"; readonly es: number }
  | { readonly op: "prefix"; readonly which: number; readonly valid: boolean }
  | { readonly op: "answer"; readonly error: boolean }
  | { readonly op: "timeout" }
  | { readonly op: "coldStart" | "linkDown" | "start" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom("add" as const, "remove" as const), es: fc.nat(2) }),
  fc.record({ op: fc.constant("prefix" as const), which: fc.nat(1), valid: fc.boolean() }),
  fc.record({ op: fc.constant("answer" as const), error: fc.boolean() }),
  fc.record({ op: fc.constant("timeout" as const) }),
  fc.record({ op: fc.constantFrom("coldStart" as const, "linkDown" as const, "start" as const) }),
);

/** The input an operation stands for in a state (an answer or timeout of its oldest request). */
function inputOf(state: UserImeState, op: Op): UserImeInput | undefined {
  const es = (i: number) => END_SYSTEMS[i % END_SYSTEMS.length] as EndSystem;
  const oldest = state.requests.pending.values().next().value;
  switch (op.op) {
    case "add":
      return { kind: "addEndSystem", endSystem: es(op.es) };
    case "remove":
      return { kind: "removeEndSystem", endSystem: es(op.es) };
    case "prefix": {
      const prefix = PREFIXES[op.which] as Uint8Array;
      const status = op.valid ? AtmfStatus.valid : AtmfStatus.invalid;
      return { kind: "receive", message: netPrefixSetRequest(900, prefix, status) };
    }
    case "answer": {
      if (oldest === undefined || oldest.message.pdu.type === "trap") return undefined;
      const status = op.error ? SnmpErrorStatus.badValue : SnmpErrorStatus.noError;
      return { kind: "receive", message: getResponseTo(oldest.message.pdu, status, op.error ? 1 : 0) };
    }
    case "timeout":
      return oldest === undefined ? undefined : { kind: "responseTimeout", requestId: oldest.requestId };
    case "coldStart":
      return { kind: "receive", message: coldStartTrap(1) };
    case "linkDown":
      return { kind: "linkDown" };
    case "start":
      return { kind: "start", timeStamp: 1 };
  }
}

/** The address keys grouped by end system, as sorted entries (comparable with toEqual). */
function grouped(entries: Iterable<[string, Iterable<string>]>): [string, string[]][] {
  return [...entries]
    .map(([es, keys]): [string, string[]] => [es, [...keys].sort()])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe("user-side IME: the index of addresses by end system", () => {
  it("always holds exactly the address records of each end system", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        let state = initialUserIme({ endSystems: [END_SYSTEMS[0] as EndSystem] });
        [state] = stepUserIme(state, { kind: "start", timeStamp: 0 });
        for (const op of ops) {
          const input = inputOf(state, op);
          if (input === undefined) continue;
          [state] = stepUserIme(state, input);
          const byRecords = new Map<string, string[]>();
          for (const [key, record] of state.addresses) {
            const keys = byRecords.get(record.endSystemKey) ?? [];
            byRecords.set(record.endSystemKey, [...keys, key]);
          }
          expect(grouped(state.addressesByEndSystem)).toEqual(grouped(byRecords));
        }
      }),
      { numRuns: 200 },
    );
  });
});
