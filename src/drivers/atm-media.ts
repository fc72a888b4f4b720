/**
 * ATM_MEDIA_PARAMETERS (atm.h), carried in CO_MEDIA_PARAMETERS.MediaSpecific with ParamType
 * ATM_MEDIA_SPECIFIC: the VC's VPI/VCI, AAL and cell-level QoS, and its ATM_FLOW_PARAMETERS
 * Transmit and Receive, as the ATM call manager hands them to the miniport at activation. Encoded
 * little-endian with the C structure's offsets and padding (152 octets).
 */
import { type CO_CALL_PARAMETERS, CO_MEDIA_FLAGS, type CO_SPECIFIC_PARAMETERS } from "../ndis/index.ts";

/** CO_SPECIFIC_PARAMETERS.ParamType of ATM media parameters (atm.h `#define ATM_MEDIA_SPECIFIC 1`). */
export const ATM_MEDIA_SPECIFIC = 0x00000001;

/** ATM_AAL_TYPE values (atm.h). */
export const ATM_AAL_TYPE = {
  AAL_TYPE_AAL0: 1,
  AAL_TYPE_AAL1: 2,
  AAL_TYPE_AAL34: 4,
  AAL_TYPE_AAL5: 8,
} as const;

/** AAL5_PARAMETERS.Mode values (atm.h). */
export const AAL5_MODE = { AAL5_MODE_MESSAGE: 0x01, AAL5_MODE_STREAMING: 0x02 } as const;

/** AAL5_PARAMETERS.SSCSType values (atm.h). */
export const AAL5_SSCS = {
  AAL5_SSCS_NULL: 0x00,
  AAL5_SSCS_SSCOP_ASSURED: 0x01,
  AAL5_SSCS_SSCOP_NON_ASSURED: 0x02,
  AAL5_SSCS_FRAME_RELAY: 0x04,
} as const;

/** ATM_FLOW_PARAMETERS.ServiceCategory values (atm.h). */
export const ATM_SERVICE_CATEGORY = {
  ATM_SERVICE_CATEGORY_CBR: 1,
  ATM_SERVICE_CATEGORY_VBR: 2,
  ATM_SERVICE_CATEGORY_UBR: 4,
  ATM_SERVICE_CATEGORY_ABR: 8,
} as const;

/** ATM_FLOW_PARAMETERS (atm.h): one direction's traffic contract, in cells. */
export interface ATM_FLOW_PARAMETERS {
  readonly ServiceCategory: number;
  readonly AverageCellRate: number;
  readonly PeakCellRate: number;
  readonly MinimumCellRate: number;
  readonly InitialCellRate: number;
  readonly BurstLengthCells: number;
  readonly MaxSduSize: number;
  readonly TransientBufferExposure: number;
  readonly CumulativeRMFixedRTT: number;
  readonly RateIncreaseFactor: number;
  readonly RateDecreaseFactor: number;
  readonly ACRDecreaseTimeFactor: number;
  readonly MaximumCellsPerForwardRMCell: number;
  readonly MaximumForwardRMCellInterval: number;
  readonly CutoffDecreaseFactor: number;
  readonly Reserved1: number;
  readonly MissingRMCellCount: number;
  readonly Reserved2: number;
  readonly Reserved3: number;
}

/** ATM_VPIVCI (atm.h). */
export interface ATM_VPIVCI {
  readonly Vpi: number;
  readonly Vci: number;
}

/** ATM_MEDIA_PARAMETERS (atm.h). */
export interface ATM_MEDIA_PARAMETERS {
  readonly ConnectionId: ATM_VPIVCI;
  readonly AALType: number;
  readonly CellDelayVariationCLP0: number;
  readonly CellDelayVariationCLP1: number;
  readonly CellLossRatioCLP0: number;
  readonly CellLossRatioCLP1: number;
  readonly CellTransferDelayCLP0: number;
  readonly CellTransferDelayCLP1: number;
  readonly DefaultCLP: number;
  readonly Transmit: ATM_FLOW_PARAMETERS;
  readonly Receive: ATM_FLOW_PARAMETERS;
}

/** sizeof(ATM_FLOW_PARAMETERS): nine ULONGs, four UCHARs around a USHORT, four UCHARs, three ULONGs. */
export const ATM_FLOW_PARAMETERS_SIZE = 56;
/** sizeof(ATM_MEDIA_PARAMETERS): ATM_VPIVCI, eight ULONGs, then Transmit and Receive. */
export const ATM_MEDIA_PARAMETERS_SIZE = 40 + 2 * ATM_FLOW_PARAMETERS_SIZE;

const ULONG_FIELDS = [
  "ServiceCategory",
  "AverageCellRate",
  "PeakCellRate",
  "MinimumCellRate",
  "InitialCellRate",
  "BurstLengthCells",
  "MaxSduSize",
  "TransientBufferExposure",
  "CumulativeRMFixedRTT",
] as const;
/** The UCHAR/USHORT run after CumulativeRMFixedRTT, with its offset and width. */
const SMALL_FIELDS = [
  ["RateIncreaseFactor", 36, 1],
  ["RateDecreaseFactor", 37, 1],
  ["ACRDecreaseTimeFactor", 38, 2],
  ["MaximumCellsPerForwardRMCell", 40, 1],
  ["MaximumForwardRMCellInterval", 41, 1],
  ["CutoffDecreaseFactor", 42, 1],
  ["Reserved1", 43, 1],
] as const;
const TAIL_FIELDS = [
  ["MissingRMCellCount", 44],
  ["Reserved2", 48],
  ["Reserved3", 52],
] as const;

function writeFlow(view: DataView, o: number, f: ATM_FLOW_PARAMETERS): void {
  ULONG_FIELDS.forEach((name, i) => {
    view.setUint32(o + i * 4, f[name] >>> 0, true);
  });
  for (const [name, at, width] of SMALL_FIELDS) {
    if (width === 1) view.setUint8(o + at, f[name] & 0xff);
    else view.setUint16(o + at, f[name] & 0xffff, true);
  }
  for (const [name, at] of TAIL_FIELDS) view.setUint32(o + at, f[name] >>> 0, true);
}

function readFlow(view: DataView, o: number): ATM_FLOW_PARAMETERS {
  const out: Record<string, number> = {};
  ULONG_FIELDS.forEach((name, i) => {
    out[name] = view.getUint32(o + i * 4, true);
  });
  for (const [name, at, width] of SMALL_FIELDS)
    out[name] = width === 1 ? view.getUint8(o + at) : view.getUint16(o + at, true);
  for (const [name, at] of TAIL_FIELDS) out[name] = view.getUint32(o + at, true);
  return out as unknown as ATM_FLOW_PARAMETERS;
}

/** An ATM_FLOW_PARAMETERS with every field 0 but those given. */
export function atmFlowParameters(fields: Partial<ATM_FLOW_PARAMETERS> = {}): ATM_FLOW_PARAMETERS {
  const zero = Object.fromEntries(
    [...ULONG_FIELDS, ...SMALL_FIELDS.map(([n]) => n), ...TAIL_FIELDS.map(([n]) => n)].map((n) => [n, 0]),
  ) as unknown as ATM_FLOW_PARAMETERS;
  return { ...zero, ...fields };
}

/** Encodes ATM media parameters as CO_SPECIFIC_PARAMETERS. */
export function encodeAtmMediaParameters(p: ATM_MEDIA_PARAMETERS): CO_SPECIFIC_PARAMETERS {
  const bytes = new Uint8Array(ATM_MEDIA_PARAMETERS_SIZE);
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
  writeFlow(view, 40, p.Transmit);
  writeFlow(view, 40 + ATM_FLOW_PARAMETERS_SIZE, p.Receive);
  return { ParamType: ATM_MEDIA_SPECIFIC, Length: bytes.length, Parameters: bytes };
}

/**
 * Decodes the ATM media parameters of a call, or undefined when there are none or they are not a
 * whole ATM_MEDIA_PARAMETERS (Length must be sizeof(ATM_MEDIA_PARAMETERS), 152).
 */
export function atmMediaParametersOf(
  params: CO_CALL_PARAMETERS | null | undefined,
): ATM_MEDIA_PARAMETERS | undefined {
  const specific = params?.MediaParameters?.MediaSpecific;
  if (specific === undefined || specific.ParamType !== ATM_MEDIA_SPECIFIC) return undefined;
  const bytes = specific.Parameters;
  if (
    !(bytes instanceof Uint8Array) ||
    specific.Length !== ATM_MEDIA_PARAMETERS_SIZE ||
    bytes.length < ATM_MEDIA_PARAMETERS_SIZE
  )
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
    Transmit: readFlow(view, 40),
    Receive: readFlow(view, 40 + ATM_FLOW_PARAMETERS_SIZE),
  };
}

/** The OC-3 cell rate: ATM_CELL_TRANSFER_CAPACITY_SONET_STS3C (149 760 000 bit/s) over 424-bit cells. */
const OC3_CELL_RATE = 353_207;

/** Call parameters that carry only a UBR AAL5 VC's VPI/VCI (what a signaling VC needs). */
export function atmVcParameters(vpi: number, vci: number): CO_CALL_PARAMETERS {
  const flow = atmFlowParameters({
    ServiceCategory: ATM_SERVICE_CATEGORY.ATM_SERVICE_CATEGORY_UBR,
    PeakCellRate: OC3_CELL_RATE,
    MaxSduSize: 9180,
  });
  return {
    Flags: 0,
    CallMgrParameters: null,
    MediaParameters: {
      Flags: CO_MEDIA_FLAGS.TRANSMIT_VC | CO_MEDIA_FLAGS.RECEIVE_VC,
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
        Transmit: flow,
        Receive: flow,
      }),
    },
  };
}
