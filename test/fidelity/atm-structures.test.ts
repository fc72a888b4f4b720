/**
 * Structures laid out as the headers lay them out. The expected offsets are computed here from the
 * C declarations in atm.h and ntddndis.h (natural alignment, little-endian), not read from the code.
 */
import { describe, expect, it } from "vitest";
import {
  ATM_MEDIA_SPECIFIC,
  atmFlowParameters,
  atmMediaParametersOf,
  encodeAtmMediaParameters,
} from "../../src/drivers/atm-media.ts";
import { decodeNdisCoLinkSpeed, OID_GEN_CO } from "../../src/drivers/co-miniport/index.ts";
import {
  acceptedIeLengths,
  CALLMGR_SPECIFIC_Q2931,
  decodeAtmCallParameters,
  encodeAtmCallParameters,
} from "../../src/drivers/uni-cm/atm-call-parameters.ts";
import {
  type CO_CALL_PARAMETERS,
  type NDIS_OID_REQUEST,
  NDIS_REQUEST_TYPE,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_SUCCESS,
  NdisCoOidRequest,
} from "../../src/ndis/index.ts";
import { handles } from "../ndis/vc-helpers.ts";
import { makeWorld } from "../support/world.ts";

function query(Oid: number, size: number): NDIS_OID_REQUEST {
  return {
    RequestType: NDIS_REQUEST_TYPE.NdisRequestQueryInformation,
    Oid,
    InformationBuffer: new Uint8Array(size),
    BytesWritten: 0,
    BytesRead: 0,
    BytesNeeded: 0,
    RequestId: null,
    RequestHandle: null,
  };
}

describe("OID_GEN_CO_LINK_SPEED answers an NDIS_CO_LINK_SPEED (ntddndis.h: ULONG Outbound; ULONG Inbound;)", () => {
  it("the reference miniport answers at ntddndis.h's OID value with Outbound then Inbound, in 100 bit/s", () => {
    const w = makeWorld({ medium: {} });
    const req = query(OID_GEN_CO.OID_GEN_CO_LINK_SPEED, 8);
    expect(
      w.host.runAs(w.client.name, () => NdisCoOidRequest(handles(w).client, null, null, null, req)),
    ).toBe(NDIS_STATUS_SUCCESS);
    expect(req.BytesWritten).toBe(8);
    const bytes = req.InformationBuffer as Uint8Array;
    const view = new DataView(bytes.buffer);
    // 155.52 Mbit/s in units of 100 bit/s, each direction.
    expect([view.getUint32(0, true), view.getUint32(4, true)]).toEqual([1_555_200, 1_555_200]);
    expect(decodeNdisCoLinkSpeed(bytes)).toEqual({ Outbound: 1_555_200, Inbound: 1_555_200 });
  });

  it("the pre-release value 0x00010105 is not OID_GEN_CO_LINK_SPEED: the miniport does not know it", () => {
    const w = makeWorld({ medium: {} });
    const req = query(0x00010105, 8);
    expect(
      w.host.runAs(w.client.name, () => NdisCoOidRequest(handles(w).client, null, null, null, req)),
    ).toBe(NDIS_STATUS_NOT_SUPPORTED);
  });
});

describe("ATM_MEDIA_PARAMETERS with ATM_FLOW_PARAMETERS Transmit and Receive (atm.h)", () => {
  // ATM_FLOW_PARAMETERS: nine ULONGs (0..35), UCHAR RateIncreaseFactor (36), UCHAR
  // RateDecreaseFactor (37), USHORT ACRDecreaseTimeFactor (38), four UCHARs (40..43), ULONG
  // MissingRMCellCount (44), Reserved2 (48), Reserved3 (52): 56 octets.
  // ATM_MEDIA_PARAMETERS: ATM_VPIVCI (0, 4), AALType (8), seven ULONGs (12..39), Transmit (40), Receive (96).
  const TX = 40;
  const RX = 96;

  it("is 152 octets with each field at its C offset", () => {
    const p = encodeAtmMediaParameters({
      ConnectionId: { Vpi: 1, Vci: 42 },
      AALType: 8,
      CellDelayVariationCLP0: 3,
      CellDelayVariationCLP1: 4,
      CellLossRatioCLP0: 5,
      CellLossRatioCLP1: 6,
      CellTransferDelayCLP0: 7,
      CellTransferDelayCLP1: 8,
      DefaultCLP: 9,
      Transmit: atmFlowParameters({
        ServiceCategory: 4,
        PeakCellRate: 353_207,
        MaxSduSize: 9180,
        ACRDecreaseTimeFactor: 0x1234,
        CutoffDecreaseFactor: 0x56,
        Reserved3: 0xabcdef01,
      }),
      Receive: atmFlowParameters({ ServiceCategory: 1, AverageCellRate: 1000, MissingRMCellCount: 77 }),
    });
    expect(p.ParamType).toBe(ATM_MEDIA_SPECIFIC);
    expect(p.Length).toBe(152);
    const v = new DataView(p.Parameters.buffer);
    expect([v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true), v.getUint32(36, true)]).toEqual(
      [1, 42, 8, 9],
    );
    expect(v.getUint32(TX + 0, true)).toBe(4);
    expect(v.getUint32(TX + 8, true)).toBe(353_207);
    expect(v.getUint32(TX + 24, true)).toBe(9180);
    expect(v.getUint16(TX + 38, true)).toBe(0x1234);
    expect(v.getUint8(TX + 42)).toBe(0x56);
    expect(v.getUint32(TX + 52, true)).toBe(0xabcdef01);
    expect(v.getUint32(RX + 0, true)).toBe(1);
    expect(v.getUint32(RX + 4, true)).toBe(1000);
    expect(v.getUint32(RX + 44, true)).toBe(77);
  });

  it("decodes a structure a C call manager filled in, and refuses the old 40-octet form", () => {
    const bytes = new Uint8Array(152);
    const v = new DataView(bytes.buffer);
    v.setUint32(4, 100, true); // ConnectionId.Vci
    v.setUint32(8, 8, true); // AALType = AAL_TYPE_AAL5
    v.setUint32(RX + 8, 12_345, true); // Receive.PeakCellRate
    v.setUint8(RX + 36, 7); // Receive.RateIncreaseFactor
    const params = (Parameters: Uint8Array): CO_CALL_PARAMETERS => ({
      Flags: 0,
      CallMgrParameters: null,
      MediaParameters: {
        Flags: 0,
        ReceivePriority: 0,
        ReceiveSizeHint: 0,
        MediaSpecific: { ParamType: ATM_MEDIA_SPECIFIC, Length: Parameters.length, Parameters },
      },
    });
    const decoded = atmMediaParametersOf(params(bytes));
    expect(decoded?.ConnectionId).toEqual({ Vpi: 0, Vci: 100 });
    expect(decoded?.Receive).toEqual(atmFlowParameters({ PeakCellRate: 12_345, RateIncreaseFactor: 7 }));
    expect(decoded?.Transmit).toEqual(atmFlowParameters());
    expect(atmMediaParametersOf(params(bytes.slice(0, 40)))).toBeUndefined();
  });
});

describe("Q2931_IE lengths (atm.h: Q2931_IE_TYPE IEType; ULONG IELength; UCHAR IE[1];)", () => {
  /** A Q2931_CALLMGR_PARAMETERS with no addresses and the IEs given as [type, IELength, body]. */
  function callMgrParameters(ies: readonly (readonly [number, number, Uint8Array])[]): Uint8Array {
    const size = 60 + ies.reduce((n, [, length]) => n + length, 0);
    const bytes = new Uint8Array(size);
    const v = new DataView(bytes.buffer);
    v.setUint32(56, ies.length, true);
    let o = 60;
    for (const [type, length, body] of ies) {
      v.setUint32(o, type, true);
      v.setUint32(o + 4, length, true);
      bytes.set(body.subarray(0, Math.max(0, length - 8)), o + 8); // FIELD_OFFSET(Q2931_IE, IE)
      o += length;
    }
    return bytes;
  }
  /** An AAL_PARAMETERS_IE for AAL5: AALType, Forward/BackwardMaxCPCSSDUSize, Mode, SSCSType (16 octets). */
  function aal5(forward: number, backward: number, mode: number): Uint8Array {
    const body = new Uint8Array(16);
    const v = new DataView(body.buffer);
    v.setUint32(0, 8, true);
    v.setUint32(4, forward, true);
    v.setUint32(8, backward, true);
    v.setUint8(12, mode);
    return body;
  }
  /** An ATM_BLLI_IE with Layer2Protocol BLLI_L2_LLC and the rest absent (36 octets). */
  function llcBlli(): Uint8Array {
    const body = new Uint8Array(36);
    const v = new DataView(body.buffer);
    v.setUint32(0, 0x0c, true);
    for (const at of [8, 12, 20, 24]) v.setUint32(at, 0xfffffffe, true);
    return body;
  }
  const decode = (bytes: Uint8Array) =>
    decodeAtmCallParameters({ ParamType: CALLMGR_SPECIFIC_Q2931, Length: bytes.length, Parameters: bytes });

  it("accepts the exact length and the lengths 32- and 64-bit Windows clients build", () => {
    // ROUND_UP(sizeof(Q2931_IE)) + ROUND_UP(sizeof(body)), sizeof(Q2931_IE) = 12:
    // 32-bit: 12 + 16 and 12 + 36; 64-bit: 16 + 16 and 16 + 40.
    expect(acceptedIeLengths(16)).toEqual([24, 28, 32]);
    expect(acceptedIeLengths(36)).toEqual([44, 48, 56]);
    for (const [aalLength, blliLength] of [
      [24, 44],
      [28, 48],
      [32, 56],
    ] as const) {
      const r = decode(
        callMgrParameters([
          [0, aalLength, aal5(9180, 9188, 1)],
          [4, blliLength, llcBlli()],
        ]),
      );
      expect(r.ok, `IELength ${aalLength} / ${blliLength}`).toBe(true);
      if (!r.ok) continue;
      expect(r.value.aal5).toEqual({
        forwardMaxCpcsSduSize: 9180,
        backwardMaxCpcsSduSize: 9188,
        mode: 1,
        sscsType: 0,
      });
      expect(r.value.blli?.Layer2Protocol).toBe(0x0c);
    }
  });

  it("refuses any other length with bad-ie-length at the IELength field", () => {
    for (const length of [20, 26, 30, 40]) {
      const r = decode(callMgrParameters([[0, length, aal5(1, 2, 1)]]));
      expect(r).toMatchObject({ ok: false, error: { code: "bad-ie-length", offset: 64 } });
    }
  });

  it("condis writes the exact form (IELength = 8 + the body) and AAL5_MODE_MESSAGE", () => {
    const p = encodeAtmCallParameters({
      aal5: { forwardMaxCpcsSduSize: 9180, backwardMaxCpcsSduSize: 9180 },
      blli: { ...decodeBlli(llcBlli()) },
    });
    const v = new DataView(p.Parameters.buffer);
    expect(v.getUint32(60 + 4, true)).toBe(24);
    expect(v.getUint8(60 + 8 + 12)).toBe(0x01); // AAL5_PARAMETERS.Mode = AAL5_MODE_MESSAGE
    expect(v.getUint32(84 + 4, true)).toBe(44);
    expect(p.Length).toBe(60 + 24 + 44);
  });
});

/** The ATM_BLLI_IE of BLLI octets, through the decoder (for building parameters in a test). */
function decodeBlli(body: Uint8Array) {
  const r = decodeAtmCallParameters({
    ParamType: CALLMGR_SPECIFIC_Q2931,
    Length: 60 + 44,
    Parameters: (() => {
      const bytes = new Uint8Array(60 + 44);
      const v = new DataView(bytes.buffer);
      v.setUint32(56, 1, true);
      v.setUint32(60, 4, true);
      v.setUint32(64, 44, true);
      bytes.set(body, 68);
      return bytes;
    })(),
  });
  if (!r.ok || r.value.blli === undefined) throw new Error("test BLLI does not decode");
  return r.value.blli;
}
