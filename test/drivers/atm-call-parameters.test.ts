import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { atmMediaParametersOf } from "../../src/drivers/atm-media.ts";
import { type ATM_BHLI_IE, type ATM_BLLI_IE, anyBhli, anyBlli } from "../../src/drivers/atm-sap.ts";
import {
  type AtmCallParametersInit,
  atmCallParameters,
  atmCallParametersOf,
  CALLMGR_SPECIFIC_Q2931,
  decodeAtmCallParameters,
  encodeAtmCallParameters,
} from "../../src/drivers/uni-cm/index.ts";

const address = fc.uint8Array({ minLength: 20, maxLength: 20 });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const blli: fc.Arbitrary<ATM_BLLI_IE> = fc.record({
  Layer2Protocol: u32,
  Layer2Mode: fc.integer({ min: 0, max: 255 }),
  Layer2WindowSize: fc.integer({ min: 0, max: 255 }),
  Layer2UserSpecifiedProtocol: u32,
  Layer3Protocol: u32,
  Layer3Mode: fc.integer({ min: 0, max: 255 }),
  Layer3DefaultPacketSize: fc.integer({ min: 0, max: 255 }),
  Layer3PacketWindowSize: fc.integer({ min: 0, max: 255 }),
  Layer3UserSpecifiedProtocol: u32,
  Layer3IPI: u32,
  SnapId: fc.uint8Array({ minLength: 5, maxLength: 5 }),
});
const bhli: fc.Arbitrary<ATM_BHLI_IE> = fc
  .tuple(u32, fc.uint8Array({ maxLength: 8 }))
  // The decoder gives back exactly HighLayerInfoLength octets.
  .map(([HighLayerInfoType, info]) => ({
    HighLayerInfoType,
    HighLayerInfoLength: info.length,
    HighLayerInfo: info,
  }));
const init: fc.Arbitrary<AtmCallParametersInit> = fc.record(
  {
    calledParty: address,
    callingParty: address,
    aal5: fc.record(
      {
        forwardMaxCpcsSduSize: u32,
        backwardMaxCpcsSduSize: u32,
        mode: fc.constantFrom(1, 2),
        sscsType: fc.constantFrom(0, 1, 2, 4),
      },
      { requiredKeys: ["forwardMaxCpcsSduSize", "backwardMaxCpcsSduSize"] },
    ),
    blli,
    bhli,
  },
  { requiredKeys: [] },
);

describe("ATM call parameters (Q2931_CALLMGR_PARAMETERS in CallMgrSpecific)", () => {
  it("round-trips every field it carries", () => {
    fc.assert(
      fc.property(init, (p) => {
        const decoded = decodeAtmCallParameters(encodeAtmCallParameters(p));
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        const v = decoded.value;
        expect(v.calledParty).toEqual(p.calledParty);
        expect(v.callingParty).toEqual(p.callingParty);
        // Mode and SSCSType default to AAL5_MODE_MESSAGE (0x01) and AAL5_SSCS_NULL (0x00).
        expect(v.aal5).toEqual(p.aal5 === undefined ? undefined : { mode: 1, sscsType: 0, ...p.aal5 });
        expect(v.blli).toEqual(p.blli);
        expect(v.bhli).toEqual(p.bhli);
        expect(v.skippedIes).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it("atmCallParameters builds the whole CO_CALL_PARAMETERS, with the VC in the media parameters when known", () => {
    const called = Uint8Array.from({ length: 20 }, (_, i) => i);
    const p = atmCallParameters({
      calledParty: called,
      blli: anyBlli(),
      bhli: anyBhli(),
      vc: { vpi: 0, vci: 77 },
    });
    const decoded = atmCallParametersOf(p);
    expect(decoded.ok && decoded.value.calledParty).toEqual(called);
    expect(p.CallMgrParameters?.CallMgrSpecific.ParamType).toBe(CALLMGR_SPECIFIC_Q2931);
    expect(atmMediaParametersOf(p)?.ConnectionId).toEqual({ Vpi: 0, Vci: 77 });
    expect(atmCallParameters({ calledParty: called }).MediaParameters).toBeNull();
  });

  it("refuses what it cannot read, with a code and an offset", () => {
    const good = encodeAtmCallParameters({ calledParty: new Uint8Array(20), blli: anyBlli() });
    const bytes = good.Parameters;
    const cases: [Uint8Array, number, string][] = [
      [bytes, 2, "wrong-type"],
      [bytes.subarray(0, 40), CALLMGR_SPECIFIC_Q2931, "truncated"],
      [
        Uint8Array.from([...bytes.subarray(0, 60), ...bytes.subarray(60, 64)]),
        CALLMGR_SPECIFIC_Q2931,
        "truncated",
      ],
      [Uint8Array.from([...bytes, 0]), CALLMGR_SPECIFIC_Q2931, "trailing-bytes"],
    ];
    for (const [data, type, code] of cases) {
      const r = decodeAtmCallParameters({ ParamType: type, Length: data.length, Parameters: data });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.error.offset).toBeGreaterThanOrEqual(0);
        expect(r.error.reason.length).toBeGreaterThan(0);
      }
    }
    // An E.164 called party, and an IE whose length runs past the end.
    const e164 = bytes.slice();
    new DataView(e164.buffer).setUint32(0, 1, true);
    expect(decodeAtmCallParameters({ ...good, Parameters: e164 })).toMatchObject({
      ok: false,
      error: { code: "bad-address", offset: 0 },
    });
    const long = bytes.slice();
    new DataView(long.buffer).setUint32(64, 0xffff, true);
    expect(decodeAtmCallParameters({ ...good, Parameters: long })).toMatchObject({
      ok: false,
      error: { code: "bad-ie-length", offset: 64 },
    });
    expect(decodeAtmCallParameters(null)).toMatchObject({ ok: false, error: { code: "wrong-type" } });
  });

  it("never throws on any input, random or mutated from a valid encoding", () => {
    const seed = encodeAtmCallParameters({
      calledParty: new Uint8Array(20),
      aal5: { forwardMaxCpcsSduSize: 1, backwardMaxCpcsSduSize: 2 },
      blli: anyBlli(),
      bhli: anyBhli(),
    }).Parameters;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc
            .tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(seed.length))
            .map(([i, b, cut]) => {
              const m = seed.slice(0, Math.max(cut, i + 1));
              m[i] = b;
              return m;
            }),
        ),
        fc.integer({ min: 0, max: 260 }),
        (bytes, length) => {
          const r = decodeAtmCallParameters({
            ParamType: CALLMGR_SPECIFIC_Q2931,
            Length: length,
            Parameters: bytes,
          });
          if (!r.ok) expect(typeof r.error.code).toBe("string");
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
