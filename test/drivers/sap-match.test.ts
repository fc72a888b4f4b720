import { describe, expect, it } from "vitest";
import { type ATM_SAP, anyBhli, anyBlli, SAP_FIELD } from "../../src/drivers/atm-sap.ts";
import { atmBhli, atmBlli, bhliIe, blliIe, matchSap } from "../../src/drivers/uni-cm/index.ts";
import type { SetupIes } from "../../src/signaling/q2931/index.ts";

const { SAP_FIELD_ABSENT: ABSENT } = SAP_FIELD;
const ESI = [0x00, 0x20, 0x48, 0x1a, 0x2b, 0x3c];
const called = (sel: number) => Uint8Array.from([0x47, ...new Array(12).fill(1), ...ESI, sel]);
const sapAddress = (sel: number) => Uint8Array.from([...new Array(13).fill(0), ...ESI, sel]);

function setup(extra: Partial<SetupIes> = {}, sel = 1): SetupIes {
  return {
    trafficDescriptor: { forward: {}, backward: {}, bestEffort: true },
    bearerCapability: { bearerClass: 0x10, clipping: 0, userPlane: 0 },
    calledPartyNumber: { plan: 0x2, typeOfNumber: 0, address: called(sel) },
    qos: { forwardClass: 0, backwardClass: 0 },
    ...extra,
  };
}

function sap(name: string, parts: { sel?: number; blli?: Partial<ATM_SAP["Blli"]>; bhli?: ATM_SAP["Bhli"] }) {
  return {
    name,
    sap: {
      Blli: { ...anyBlli(), ...parts.blli },
      Bhli: parts.bhli ?? anyBhli(),
      Addresses:
        parts.sel === undefined
          ? []
          : [{ AddressType: 0, NumberOfDigits: 20, Address: sapAddress(parts.sel) }],
    },
  };
}

const IP_BLLI = { Layer2Protocol: ABSENT, Layer3Protocol: 0x0b, Layer3IPI: 0xcc };
const LLC_BLLI = { Layer2Protocol: 0x0c, Layer3Protocol: ABSENT };

describe("SAP matching of an incoming SETUP", () => {
  it("matches on ESI and selector only (the prefix is the network's), and the most specific SAP wins", () => {
    const saps = [sap("any", {}), sap("addr", { sel: 1 }), sap("addr+ip", { sel: 1, blli: IP_BLLI })];
    const ip = blliIe({ ...anyBlli(), ...IP_BLLI });
    expect(matchSap(saps, setup({ ...(ip === undefined ? {} : { blli: [ip] }) }))?.sap.name).toBe("addr+ip");
    expect(matchSap(saps, setup())?.sap.name).toBe("addr");
    expect(matchSap(saps, setup({}, 2))?.sap.name).toBe("any");
    expect(matchSap([sap("addr", { sel: 1 })], setup({}, 2))).toBeUndefined();
  });

  it("a called address too short to hold a selector matches no SAP that names one, selector 0 included", () => {
    const short = setup();
    const truncated = {
      ...short,
      calledPartyNumber: { ...short.calledPartyNumber, address: called(0).subarray(0, 19) },
    };
    const rest = {
      name: "rest",
      sap: {
        ...sap("rest", { sel: 0 }).sap,
        Addresses: [
          { AddressType: SAP_FIELD.SAP_FIELD_ANY_AESA_REST, NumberOfDigits: 20, Address: sapAddress(0) },
        ],
      },
    };
    expect(matchSap([sap("addr", { sel: 0 })], truncated)).toBeUndefined();
    expect(matchSap([rest], truncated)).toBeUndefined();
    expect(matchSap([rest], setup({}, 0))?.sap.name).toBe("rest");
  });

  it("SAP_FIELD_ABSENT requires the layer to be absent; a named protocol requires it present", () => {
    const llc = blliIe({ ...anyBlli(), ...LLC_BLLI });
    const onlyIp = [sap("ip", { blli: IP_BLLI })];
    expect(matchSap(onlyIp, setup())).toBeUndefined();
    expect(matchSap(onlyIp, setup(llc === undefined ? {} : { blli: [llc] }))).toBeUndefined();
    const ipWrongIpi = blliIe({
      ...anyBlli(),
      ...IP_BLLI,
      Layer3IPI: 0x80,
      SnapId: Uint8Array.of(0, 0, 0, 8, 0),
    });
    expect(matchSap(onlyIp, setup(ipWrongIpi === undefined ? {} : { blli: [ipWrongIpi] }))).toBeUndefined();
  });

  it("among several BLLIs of a SETUP the first one some SAP takes is chosen", () => {
    const llc = blliIe({ ...anyBlli(), ...LLC_BLLI });
    const ip = blliIe({ ...anyBlli(), ...IP_BLLI });
    if (llc === undefined || ip === undefined) throw new Error("unrepresentable BLLI");
    const m = matchSap([sap("ip", { blli: IP_BLLI })], setup({ blli: [llc, ip] }));
    expect(m?.sap.name).toBe("ip");
    expect(m?.blli).toEqual(ip);
  });

  it("BHLI: any, absent, or equal type and octets", () => {
    const vendor = atmBhli({ hliType: 3, oui: 0x00a03e, applicationId: 0x1234 });
    const saps = [
      sap("vendor", { bhli: vendor }),
      sap("none", { bhli: { ...anyBhli(), HighLayerInfoType: ABSENT } }),
    ];
    expect(
      matchSap(saps, setup({ bhli: { hliType: 3, oui: 0x00a03e, applicationId: 0x1234 } }))?.sap.name,
    ).toBe("vendor");
    expect(
      matchSap(saps, setup({ bhli: { hliType: 3, oui: 0x00a03e, applicationId: 0x9999 } })),
    ).toBeUndefined();
    expect(matchSap(saps, setup())?.sap.name).toBe("none");
  });

  it("BLLI and BHLI convert between atm.h's structures and the Q.2931 IEs", () => {
    const snap = {
      ...anyBlli(),
      Layer2Protocol: ABSENT,
      Layer3Protocol: 0x0b,
      Layer3IPI: 0x80,
      SnapId: Uint8Array.of(0, 0, 0, 8, 0),
    };
    const ie = blliIe(snap);
    expect(ie).toEqual({ layer3: { protocol: 0x0b, ipi: 0x80, snap: { oui: 0, pid: 0x0800 } } });
    expect(atmBlli(ie)).toMatchObject({
      Layer2Protocol: ABSENT,
      Layer3Protocol: 0x0b,
      Layer3IPI: 0x80,
      SnapId: snap.SnapId,
    });
    expect(blliIe(anyBlli())).toBeUndefined();
    const raw = { hliType: 1 as const, information: Uint8Array.of(1, 2, 3) };
    expect(bhliIe(atmBhli(raw))).toEqual(raw);
    expect(atmBhli(undefined).HighLayerInfoType).toBe(ABSENT);
  });
});
