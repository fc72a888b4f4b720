import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { Oid } from "../../../src/signaling/ilmi/ber.ts";
import { compareOids } from "../../../src/signaling/ilmi/ilmi-mib.ts";
import { answerRead, MibIndex } from "../../../src/signaling/ilmi/mib-view.ts";
import type { SnmpRequestPdu, VarBind } from "../../../src/signaling/ilmi/snmp-types.ts";

const vb = (name: Oid, value = 1): VarBind => ({ name, value: { type: "integer", value } });
const oid = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 });
const op = fc.record({ add: fc.boolean(), name: oid });

describe("MibIndex", () => {
  test.prop([fc.array(op, { maxLength: 60 }), fc.array(oid, { maxLength: 10 })])(
    "Get and GetNext answer as a sorted scan of the same instances would, after any inserts and deletes",
    (ops, probes) => {
      const index = new MibIndex();
      const model = new Map<string, VarBind>();
      ops.forEach((o, i) => {
        if (o.add) {
          index.set(vb(o.name, i));
          model.set(o.name.join("."), vb(o.name, i));
        } else {
          expect(index.delete(o.name)).toBe(model.delete(o.name.join(".")));
        }
      });
      const sorted = [...model.values()].sort((a, b) => compareOids(a.name, b.name));
      expect(index.size).toBe(sorted.length);
      for (const p of probes) {
        expect(index.get(p)).toEqual(sorted.find((x) => compareOids(x.name, p) === 0));
        expect(index.next(p)).toEqual(sorted.find((x) => compareOids(x.name, p) > 0));
      }
    },
  );

  it("walks a table with GetNext in OID order, however the instances were added", () => {
    const index = new MibIndex();
    for (const name of [[1, 3, 2], [1, 2], [1, 3], [1, 2, 9], [2]]) index.set(vb(name));
    const walked: string[] = [];
    for (let at: VarBind | undefined = index.next([0]); at !== undefined; at = index.next(at.name))
      walked.push(at.name.join("."));
    expect(walked).toEqual(["1.2", "1.2.9", "1.3", "1.3.2", "2"]);
  });

  it("answers noSuchName for a GetNext past the last instance, as the list form does", () => {
    const request: SnmpRequestPdu = {
      type: "getNextRequest",
      requestId: 7,
      errorStatus: 0,
      errorIndex: 0,
      varBinds: [vb([9], 0)],
    };
    const index = new MibIndex();
    index.set(vb([1]));
    expect(answerRead(request, index)).toEqual(answerRead(request, [vb([1])]));
    expect(answerRead(request, index).pdu).toMatchObject({ errorStatus: 2, errorIndex: 1 });
  });
});
