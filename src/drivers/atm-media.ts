/**
 * ATM_MEDIA_PARAMETERS (atm.h), carried in CO_MEDIA_PARAMETERS.MediaSpecific with ParamType
 * ATM_MEDIA_SPECIFIC: the VC's VPI/VCI and AAL, as the ATM call manager hands them to the
 * miniport at activation. Encoded little-endian, ULONG by ULONG, as the C structure lies.
 */
import type { CO_CALL_PARAMETERS, CO_SPECIFIC_PARAMETERS } from "../ndis/index.ts";

/** CO_SPECIFIC_PARAMETERS.ParamType of ATM media parameters. */
export const ATM_MEDIA_SPECIFIC = 0x00000001;

/** ATM_AAL_TYPE values. */
export const ATM_AAL_TYPE = {
  AAL_TYPE_AAL0: 1,
  AAL_TYPE_AAL1: 2,
  AAL_TYPE_AAL34: 4,
  AAL_TYPE_AAL5: 8,
} as const;

/** ATM_MEDIA_PARAMETERS (without the AAL-specific union, which the model does not use). */
export interface ATM_MEDIA_PARAMETERS {
  readonly ConnectionId: { readonly Vpi: number; readonly Vci: number };
  readonly AALType: number;
  readonly CellDelayVariationCLP0: number;
  readonly CellDelayVariationCLP1: number;
  readonly CellLossRatioCLP0: number;
  readonly CellLossRatioCLP1: number;
  readonly CellTransferDelayCLP0: number;
  readonly CellTransferDelayCLP1: number;
  readonly DefaultCLP: number;
}

const FIELDS = 10;

/** Encodes ATM media parameters as CO_SPECIFIC_PARAMETERS. */
export function encodeAtmMediaParameters(p: ATM_MEDIA_PARAMETERS): CO_SPECIFIC_PARAMETERS {
  const bytes = new Uint8Array(FIELDS * 4);
  const view = new DataView(bytes.buffer);
  const values = [
    p.ConnectionId.Vpi,
    p.ConnectionId.Vci,
    p.AALType,
    p.CellDelayVariationCLP0,
    p.CellDelayVariationCLP1,
    p.CellLossRatioCLP0,
    p.CellLossRatioCLP1,
    p.CellTransferDelayCLP0,
    p.CellTransferDelayCLP1,
    p.DefaultCLP,
  ];
  values.forEach((v, i) => {
    view.setUint32(i * 4, v >>> 0, true);
  });
  return { ParamType: ATM_MEDIA_SPECIFIC, Length: bytes.length, Parameters: bytes };
}

/** Decodes the ATM media parameters of a call, or undefined when there are none or they are malformed. */
export function atmMediaParametersOf(
  params: CO_CALL_PARAMETERS | null | undefined,
): ATM_MEDIA_PARAMETERS | undefined {
  const specific = params?.MediaParameters?.MediaSpecific;
  if (specific === undefined || specific.ParamType !== ATM_MEDIA_SPECIFIC) return undefined;
  const bytes = specific.Parameters;
  if (!(bytes instanceof Uint8Array) || specific.Length !== bytes.length || bytes.length < FIELDS * 4)
    return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u = (i: number) => view.getUint32(i * 4, true);
  return {
    ConnectionId: { Vpi: u(0), Vci: u(1) },
    AALType: u(2),
    CellDelayVariationCLP0: u(3),
    CellDelayVariationCLP1: u(4),
    CellLossRatioCLP0: u(5),
    CellLossRatioCLP1: u(6),
    CellTransferDelayCLP0: u(7),
    CellTransferDelayCLP1: u(8),
    DefaultCLP: u(9),
  };
}

/** Call parameters that carry only an AAL5 VC's VPI/VCI (what a signaling VC needs). */
export function atmVcParameters(vpi: number, vci: number): CO_CALL_PARAMETERS {
  return {
    Flags: 0,
    CallMgrParameters: null,
    MediaParameters: {
      Flags: 0x4 | 0x8,
      ReceivePriority: 0,
      ReceiveSizeHint: 9180,
      MediaSpecific: encodeAtmMediaParameters({
        ConnectionId: { Vpi: vpi, Vci: vci },
        AALType: ATM_AAL_TYPE.AAL_TYPE_AAL5,
        CellDelayVariationCLP0: 0,
        CellDelayVariationCLP1: 0,
        CellLossRatioCLP0: 0,
        CellLossRatioCLP1: 0,
        CellTransferDelayCLP0: 0,
        CellTransferDelayCLP1: 0,
        DefaultCLP: 0,
      }),
    },
  };
}
