/**
 * The mappings between Q.2931 and NDIS for a call: SETUP IEs from a client's call parameters, call
 * parameters from a received SETUP, and NDIS statuses from causes (and back). The call records
 * themselves are in types.ts.
 */
import {
  type CO_CALL_PARAMETERS,
  NDIS_STATUS,
  NDIS_STATUS_CLOSING,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_INVALID_ADDRESS,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_VC_NOT_AVAILABLE,
} from "../../ndis/index.ts";
import {
  BearerClass,
  type BroadbandLowLayerInformation,
  Cause,
  type ConnectionIdentifier,
  type SetupIes,
  UserPlaneConfiguration,
} from "../../signaling/q2931/index.ts";
import { atmVcParameters } from "../atm-media.ts";
import { type AtmCallParameters, atmCallParameters, peakCellRate } from "./atm-call-parameters.ts";
import { atmBhli, atmBlli, bhliIe, blliIe } from "./sap-match.ts";

/** The largest AAL5 CPCS-SDU the AAL parameters IE can name. */
const MAX_SDU = 0xffff;
const DEFAULT_SDU = 9180;

/** The SETUP for a client's make-call (point-to-point, UBR, AAL5). */
export function setupFromParameters(
  p: AtmCallParameters,
  params: CO_CALL_PARAMETERS,
  called: Uint8Array,
  multipoint = false,
): SetupIes {
  const cm = params.CallMgrParameters;
  const blli = p.blli === undefined ? undefined : blliIe(p.blli);
  const bhli = p.bhli === undefined ? undefined : bhliIe(p.bhli);
  const sdu = (n: number | undefined) => Math.min(MAX_SDU, Math.max(1, n ?? DEFAULT_SDU));
  return {
    aal: {
      aalType: 0x05,
      forwardMaxCpcsSduSize: sdu(p.aal5?.forwardMaxCpcsSduSize ?? cm?.Transmit.MaxSduSize),
      backwardMaxCpcsSduSize: sdu(p.aal5?.backwardMaxCpcsSduSize ?? cm?.Receive.MaxSduSize),
    },
    trafficDescriptor: {
      forward: { peakCellRateClp01: peakCellRate(cm?.Transmit) },
      backward: { peakCellRateClp01: peakCellRate(cm?.Receive) },
      bestEffort: true,
    },
    bearerCapability: {
      bearerClass: BearerClass.BCOB_X,
      clipping: 0,
      userPlane: multipoint
        ? UserPlaneConfiguration.POINT_TO_MULTIPOINT
        : UserPlaneConfiguration.POINT_TO_POINT,
    },
    ...(bhli === undefined ? {} : { bhli }),
    ...(blli === undefined ? {} : { blli: [blli] }),
    calledPartyNumber: { plan: 0x2, typeOfNumber: 0, address: called.slice() },
    ...(p.callingParty === undefined
      ? {}
      : { callingPartyNumber: { plan: 0x2, typeOfNumber: 0, address: p.callingParty.slice() } }),
    qos: { forwardClass: 0, backwardClass: 0 },
  };
}

/** The VC a connection identifier names (VPCI = VPI on the UNI). */
export function vcOf(id: ConnectionIdentifier): { vpi: number; vci: number } {
  return { vpi: id.vpci, vci: id.vci };
}

/** The client's call parameters with the network's VC filled into the ATM media parameters. */
export function withVc(params: CO_CALL_PARAMETERS, vc: { vpi: number; vci: number }): CO_CALL_PARAMETERS {
  return { ...params, MediaParameters: atmVcParameters(vc.vpi, vc.vci).MediaParameters };
}

/**
 * The call parameters an incoming SETUP is dispatched with. The called side receives the forward
 * direction (calling → called) and transmits the backward one.
 */
export function parametersFromSetup(
  ies: SetupIes,
  blli: BroadbandLowLayerInformation | undefined,
  vc: { vpi: number; vci: number },
): CO_CALL_PARAMETERS {
  const aal = ies.aal?.aalType === 0x05 ? ies.aal : undefined;
  const number = (n: SetupIes["calledPartyNumber"] | undefined) => (n?.plan === 0x2 ? n.address : undefined);
  const pcr = ies.trafficDescriptor.forward.peakCellRateClp01;
  const backward = ies.trafficDescriptor.backward.peakCellRateClp01;
  const params = atmCallParameters({
    calledParty: number(ies.calledPartyNumber),
    callingParty: number(ies.callingPartyNumber),
    aal5:
      aal === undefined
        ? undefined
        : {
            forwardMaxCpcsSduSize: aal.forwardMaxCpcsSduSize ?? DEFAULT_SDU,
            backwardMaxCpcsSduSize: aal.backwardMaxCpcsSduSize ?? DEFAULT_SDU,
          },
    blli: blli === undefined ? undefined : atmBlli(blli),
    bhli: ies.bhli === undefined ? undefined : atmBhli(ies.bhli),
    vc,
    ...(pcr === undefined ? {} : { peakBandwidth: pcr * 48 }),
  });
  const cm = params.CallMgrParameters;
  if (cm === null || backward === undefined || backward <= 0) return params;
  return {
    ...params,
    CallMgrParameters: { ...cm, Transmit: { ...cm.Transmit, PeakBandwidth: backward * CELL_PAYLOAD } },
  };
}

/** Octets of payload per cell, for FLOWSPEC byte rates. */
const CELL_PAYLOAD = 48;

/** The status a failed make-call completes with, from the network's cause. */
export function statusFromCause(cause: number | undefined): NDIS_STATUS {
  switch (cause) {
    case Cause.UNALLOCATED_NUMBER:
    case Cause.INVALID_NUMBER_FORMAT:
      return NDIS_STATUS_INVALID_ADDRESS;
    case Cause.NO_ROUTE_TO_TRANSIT_NETWORK:
    case Cause.NO_ROUTE_TO_DESTINATION:
      return NDIS_STATUS.NDIS_STATUS_NO_ROUTE_TO_DESTINATION;
    case Cause.DESTINATION_OUT_OF_ORDER:
    case Cause.NETWORK_OUT_OF_ORDER:
      return NDIS_STATUS.NDIS_STATUS_DEST_OUT_OF_ORDER;
    case Cause.REQUESTED_VPCI_VCI_NOT_AVAILABLE:
    case Cause.VPCI_VCI_ASSIGNMENT_FAILURE:
    case Cause.NO_VPCI_VCI_AVAILABLE:
      return NDIS_STATUS_VC_NOT_AVAILABLE;
    case Cause.USER_CELL_RATE_NOT_AVAILABLE:
      return NDIS_STATUS.NDIS_STATUS_CELLRATE_NOT_AVAILABLE;
    case Cause.QOS_UNAVAILABLE:
    case Cause.UNSUPPORTED_TRAFFIC_PARAMETER_COMBINATION:
      return NDIS_STATUS.NDIS_STATUS_INCOMPATABLE_QOS;
    case Cause.AAL_PARAMETERS_CANNOT_BE_SUPPORTED:
    case Cause.AAL_PARAMETERS_CANNOT_BE_SUPPORTED_UNI30:
      return NDIS_STATUS.NDIS_STATUS_AAL_PARAMS_UNSUPPORTED;
    case Cause.RESOURCE_UNAVAILABLE_UNSPECIFIED:
      return NDIS_STATUS_RESOURCES;
    default:
      return NDIS_STATUS_FAILURE;
  }
}

/** The cause a refused incoming call is cleared with, from the client's (or NDIS's) status. */
export function causeFromStatus(status: NDIS_STATUS): number {
  if (status === NDIS_STATUS_RESOURCES) return Cause.RESOURCE_UNAVAILABLE_UNSPECIFIED;
  // The SAP is being deregistered: nobody listens there any more.
  if (status === NDIS_STATUS_CLOSING) return Cause.INCOMPATIBLE_DESTINATION;
  return Cause.CALL_REJECTED;
}
