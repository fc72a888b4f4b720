/**
 * atm.h's AESA wildcards in a SAP's ATM_ADDRESS.AddressType: SAP_FIELD_ANY_AESA_SEL (0xfffffffa,
 * the selector is wild) and SAP_FIELD_ANY_AESA_REST (0xfffffffb, all but the selector is wild).
 * The decoder accepts them and the UNI call manager's SAP matching honours them, an exact address
 * first, then ESI-with-any-selector, then selector-with-any-ESI, then no address.
 */
import { describe, expect, it } from "vitest";
import {
  type ATM_SAP,
  anyBhli,
  anyBlli,
  atmSapKey,
  decodeAtmSap,
  encodeAtmSap,
  SAP_FIELD,
} from "../../src/drivers/atm-sap.ts";
import { matchSap, sapEndSystem } from "../../src/drivers/uni-cm/index.ts";
import { summarize } from "../../src/ndis/events.ts";
import { NDIS_STATUS_SUCCESS } from "../../src/ndis/index.ts";
import type { SetupIes } from "../../src/signaling/q2931/index.ts";
import { ddis, dial, teardownClean } from "../drivers/call-checks.ts";
import { type CallWorld, callWorld, esiOf } from "../drivers/call-world.ts";

const { SAP_FIELD_ANY: ANY, SAP_FIELD_ANY_AESA_SEL: ANY_SEL, SAP_FIELD_ANY_AESA_REST: ANY_REST } = SAP_FIELD;
const ESI = [0x00, 0x20, 0x48, 0x1a, 0x2b, 0x3c];
const OTHER_ESI = [0x00, 0x20, 0x48, 0x99, 0x99, 0x99];
const aesa = (esi: readonly number[], sel: number) =>
  Uint8Array.from([0x47, ...new Array(12).fill(1), ...esi, sel]);

function setup(esi: readonly number[], sel: number): SetupIes {
  return {
    trafficDescriptor: { forward: {}, backward: {}, bestEffort: true },
    bearerCapability: { bearerClass: 0x10, clipping: 0, userPlane: 0 },
    calledPartyNumber: { plan: 0x2, typeOfNumber: 0, address: aesa(esi, sel) },
    qos: { forwardClass: 0, backwardClass: 0 },
  };
}

function sap(name: string, AddressType?: number, esi: readonly number[] = ESI, sel = 1) {
  const s: ATM_SAP = {
    Blli: anyBlli(),
    Bhli: anyBhli(),
    Addresses:
      AddressType === undefined ? [] : [{ AddressType, NumberOfDigits: 20, Address: aesa(esi, sel) }],
  };
  return { name, sap: s };
}

describe("the ATM SAP decoder", () => {
  it("accepts ATM_NSAP, SAP_FIELD_ANY_AESA_SEL, SAP_FIELD_ANY_AESA_REST and SAP_FIELD_ANY addresses", () => {
    for (const type of [0, ANY_SEL, ANY_REST, ANY]) {
      const decoded = decodeAtmSap(encodeAtmSap(sap("s", type).sap));
      expect(decoded.ok, `AddressType 0x${type.toString(16)}`).toBe(true);
      if (decoded.ok) expect(decoded.sap.Addresses[0]?.AddressType).toBe(type);
    }
  });

  it("still refuses E.164, an unknown AddressType, and an AESA wildcard of other than 20 digits", () => {
    for (const type of [1, 0xfffffffc, 0xfffffffe]) {
      expect(decodeAtmSap(encodeAtmSap(sap("s", type).sap))).toEqual({ ok: false, error: "bad-address" });
    }
    const short = encodeAtmSap({
      ...sap("s").sap,
      Addresses: [{ AddressType: ANY_REST, NumberOfDigits: 19, Address: aesa(ESI, 1) }],
    });
    expect(decodeAtmSap(short)).toEqual({ ok: false, error: "bad-address" });
  });
});

describe("duplicate SAPs with AESA wildcards", () => {
  it("the wild octets do not tell two SAPs apart; the AddressType does", () => {
    const key = (type: number, esi: readonly number[], sel: number) =>
      atmSapKey(sap("s", type, esi, sel).sap);
    expect(key(ANY_REST, ESI, 5)).toBe(key(ANY_REST, OTHER_ESI, 5));
    expect(key(ANY_REST, ESI, 5)).not.toBe(key(ANY_REST, ESI, 6));
    expect(key(ANY_SEL, ESI, 5)).toBe(key(ANY_SEL, ESI, 6));
    expect(key(ANY_SEL, ESI, 5)).not.toBe(key(ANY_SEL, OTHER_ESI, 5));
    expect(key(0, ESI, 5)).not.toBe(key(ANY_SEL, ESI, 5));
    expect(key(ANY, ESI, 5)).toBe(atmSapKey(sap("none").sap));
  });
});

describe("SAP matching with AESA wildcards", () => {
  it("SAP_FIELD_ANY_AESA_SEL matches the ESI with any selector; SAP_FIELD_ANY_AESA_REST the selector with any ESI", () => {
    expect(matchSap([sap("sel", ANY_SEL)], setup(ESI, 9))?.sap.name).toBe("sel");
    expect(matchSap([sap("sel", ANY_SEL)], setup(OTHER_ESI, 1))).toBeUndefined();
    expect(matchSap([sap("rest", ANY_REST)], setup(OTHER_ESI, 1))?.sap.name).toBe("rest");
    expect(matchSap([sap("rest", ANY_REST)], setup(ESI, 2))).toBeUndefined();
    expect(matchSap([sap("any", ANY)], setup(OTHER_ESI, 2))?.sap.name).toBe("any");
  });

  it("precedence: exact address, then ESI with any selector, then selector with any ESI, then none", () => {
    const saps = [sap("none"), sap("rest", ANY_REST), sap("sel", ANY_SEL), sap("exact", 0)];
    // Registration order must not matter: try it reversed too.
    for (const order of [saps, [...saps].reverse()]) {
      expect(matchSap(order, setup(ESI, 1))?.sap.name).toBe("exact");
      expect(matchSap(order, setup(ESI, 2))?.sap.name).toBe("sel");
      expect(matchSap(order, setup(OTHER_ESI, 1))?.sap.name).toBe("rest");
      expect(matchSap(order, setup(OTHER_ESI, 2))?.sap.name).toBe("none");
    }
  });

  it("the ESI registered over ILMI: the exact or SEL-wild SAP's ESI and selector; none for the others", () => {
    expect(sapEndSystem(sap("exact", 0, ESI, 3).sap)).toEqual({ esi: Uint8Array.from(ESI), sel: 3 });
    expect(sapEndSystem(sap("sel", ANY_SEL, ESI, 0).sap)).toEqual({ esi: Uint8Array.from(ESI), sel: 0 });
    expect(sapEndSystem(sap("rest", ANY_REST).sap)).toBeUndefined();
    expect(sapEndSystem(sap("any", ANY).sap)).toBeUndefined();
    expect(sapEndSystem(sap("none").sap)).toBeUndefined();
  });
});

describe.each(["cm", "mcm"] as const)(
  "the UNI call manager (%s) honours the wildcards end to end",
  (kind) => {
    /** A SAP on host B's ESI with the given AddressType and selector. */
    const bSap = (AddressType: number, sel: number) => {
      const address = new Uint8Array(20);
      address.set(esiOf(1), 13);
      address[19] = sel;
      return encodeAtmSap({
        Blli: anyBlli(),
        Bhli: anyBhli(),
        Addresses: [{ AddressType, NumberOfDigits: 20, Address: address }],
      });
    };
    const listenOn = (w: CallWorld, name: string, AddressType: number, sel: number) => {
      const s = w.b.as(w.b.echo.name, () => w.b.echo.listen(name, bSap(AddressType, sel)));
      w.run(2);
      expect(s.state).toBe("registered");
      return s;
    };
    const takenBy = (w: CallWorld) =>
      ddis(w.events, kind === "cm" ? "NdisCmDispatchIncomingCall" : "NdisMCmDispatchIncomingCall", "B").map(
        (e) => (e.type === "ddi-call" ? e.args.NdisSapHandle : undefined),
      );

    it("a call to any selector of B's ESI reaches a SAP_FIELD_ANY_AESA_SEL SAP", () => {
      const w = callWorld({ kind });
      const s = listenOn(w, "esi", ANY_SEL, 0);
      const r = dial(w, 2, 64, {}, 7);
      w.run(3);
      expect(r).toMatchObject({ state: "done", makeCallStatus: NDIS_STATUS_SUCCESS, echoed: 2 });
      expect(takenBy(w)).toEqual([summarize(s.handle)]);
      teardownClean(w);
    });

    it("with an exact SAP on selector 1 and a SAP_FIELD_ANY_AESA_REST SAP on 5, each takes its own calls", () => {
      const w = callWorld({ kind });
      const exact = listenOn(w, "exact", 0, 1);
      const rest = listenOn(w, "rest", ANY_REST, 5);
      const toRest = dial(w, 1, 64, {}, 5);
      w.run(3);
      const toExact = dial(w, 1, 64, {}, 1);
      w.run(3);
      expect(toRest).toMatchObject({ state: "done", makeCallStatus: NDIS_STATUS_SUCCESS, echoed: 1 });
      expect(toExact).toMatchObject({ state: "done", makeCallStatus: NDIS_STATUS_SUCCESS, echoed: 1 });
      expect(takenBy(w)).toEqual([summarize(rest.handle), summarize(exact.handle)]);
      teardownClean(w);
    });
  },
);
