/**
 * Typed information elements. Field values are the wire code points (see ie-codes.ts for names); every
 * IE may carry a non-default compatibility instruction. Layouts: Q.2931 / ATM Forum UNI 3.1.
 */

/** An IE's compatibility instruction (IE octet 2). */
export interface IeInstruction {
  /** Coding standard, 0–3 (see `CodingStandard`). */
  readonly codingStandard: number;
  /** True: follow the explicit action indicator; false: regular error handling. */
  readonly flag: boolean;
  /** IE action indicator, 0–7 (see `IeAction`). */
  readonly action: number;
}

/** What every typed IE carries besides its contents. */
export interface IeCommon {
  /**
   * The compatibility instruction, only when it differs from the IE's normal one (0x80, or 0xE0 for the
   * QoS parameter): absent means "normal" both when encoding and after decoding.
   */
  readonly instruction?: IeInstruction;
}

/** AAL parameters (0x58) for AAL type 1. Every sub-field is optional. */
export interface Aal1Parameters extends IeCommon {
  readonly aalType: 0x01;
  readonly subtype?: number;
  readonly cbrRate?: number;
  /** 16 bits. */
  readonly multiplier?: number;
  readonly sourceClockFrequencyRecovery?: number;
  readonly errorCorrection?: number;
  /** 16 bits. */
  readonly structuredDataTransferBlockSize?: number;
  readonly partiallyFilledCells?: number;
}

/** AAL parameters (0x58) for AAL type 3/4. */
export interface Aal34Parameters extends IeCommon {
  readonly aalType: 0x03;
  readonly forwardMaxCpcsSduSize?: number;
  readonly backwardMaxCpcsSduSize?: number;
  readonly midRange?: { readonly low: number; readonly high: number };
  /** UNI 3.0 only. */
  readonly mode?: number;
  readonly sscsType?: number;
}

/** AAL parameters (0x58) for AAL type 5 (the signalling and classical-IP case). */
export interface Aal5Parameters extends IeCommon {
  readonly aalType: 0x05;
  readonly forwardMaxCpcsSduSize?: number;
  readonly backwardMaxCpcsSduSize?: number;
  /** UNI 3.0 only. */
  readonly mode?: number;
  readonly sscsType?: number;
}

/** AAL parameters (0x58) for a user-defined AAL: up to 4 octets of user information. */
export interface UserDefinedAalParameters extends IeCommon {
  readonly aalType: 0x10;
  readonly information: Uint8Array;
}

/** AAL parameters IE (0x58). */
export type AalParameters = Aal1Parameters | Aal34Parameters | Aal5Parameters | UserDefinedAalParameters;

/** One direction of an ATM traffic descriptor; cell rates in cells/s, burst sizes in cells (24 bits each). */
export interface TrafficDirection {
  readonly peakCellRateClp0?: number;
  readonly peakCellRateClp01?: number;
  readonly sustainableCellRateClp0?: number;
  readonly sustainableCellRateClp01?: number;
  readonly maxBurstSizeClp0?: number;
  readonly maxBurstSizeClp01?: number;
}

/** ATM traffic descriptor IE (0x59). */
export interface AtmTrafficDescriptor extends IeCommon {
  readonly forward: TrafficDirection;
  readonly backward: TrafficDirection;
  /** Best effort indicator (UBR). */
  readonly bestEffort: boolean;
  /** Traffic management options (sub-field 0xBF): tagging requested per direction. */
  readonly tagging?: { readonly forward: boolean; readonly backward: boolean };
}

/** Broadband bearer capability IE (0x5E). */
export interface BroadbandBearerCapability extends IeCommon {
  /** Bearer class, 5 bits (see `BearerClass`). */
  readonly bearerClass: number;
  /** UNI 3.1 octet 5a: traffic type (3 bits) and timing requirements (2 bits); absent = octet 5a omitted. */
  readonly transferCapability?: { readonly trafficType: number; readonly timingRequirements: number };
  /** Susceptibility to clipping, 2 bits (see `Clipping`). */
  readonly clipping: number;
  /** User-plane connection configuration, 2 bits (see `UserPlaneConfiguration`). */
  readonly userPlane: number;
}

/** QoS parameter IE (0x5C): QoS classes per direction. Its normal coding standard is "network" (0xE0). */
export interface QosParameter extends IeCommon {
  readonly forwardClass: number;
  readonly backwardClass: number;
}

/** BHLI IE (0x5D) carrying raw high layer information (ISO, user-specific, UNI 3.0 profile, 4.0 teleservice). */
export interface RawBhli extends IeCommon {
  readonly hliType: 0 | 1 | 2 | 4;
  /** At most 8 octets. */
  readonly information: Uint8Array;
}

/** BHLI IE (0x5D) with a vendor-specific application identifier. */
export interface VendorSpecificBhli extends IeCommon {
  readonly hliType: 3;
  /** IEEE OUI, 24 bits. */
  readonly oui: number;
  /** Application identifier, 32 bits. */
  readonly applicationId: number;
}

/** Broadband high layer information IE (0x5D). */
export type BroadbandHighLayerInformation = RawBhli | VendorSpecificBhli;

/** Broadband repeat indicator IE (0x63), preceding repeated BLLI IEs. */
export interface BroadbandRepeatIndicator extends IeCommon {
  /** 4 bits; 2 = prioritized list. */
  readonly indicator: number;
}

/** BLLI layer 1 group. */
export interface BlliLayer1 {
  /** 5 bits. */
  readonly protocol: number;
}

/** Layer 2 protocols whose group carries no further octet. */
export type BlliLayer2PlainProtocol = 0x01 | 0x02 | 0x08 | 0x0c | 0x0d;
/** Layer 2 protocols (X.25 / HDLC / Q.922 family) that may carry mode and window octets 6a/6b. */
export type BlliLayer2ModeProtocol = 0x06 | 0x07 | 0x09 | 0x0a | 0x0b | 0x0e | 0x11;

/** BLLI layer 2 group. */
export type BlliLayer2 =
  | { readonly protocol: BlliLayer2PlainProtocol }
  | {
      readonly protocol: BlliLayer2ModeProtocol;
      /** Octet 6a (mode 2 bits, Q.933 use 2 bits) and optionally 6b (window size k, 7 bits). */
      readonly options?: { readonly mode: number; readonly q933: number; readonly windowSize?: number };
    }
  | { readonly protocol: 0x10; readonly userInformation: number };

/** Layer 3 protocols whose group carries no further octet. */
export type BlliLayer3PlainProtocol = 0x09 | 0x0a;
/** Layer 3 protocols (X.25 family) that may carry octets 7a–7c. */
export type BlliLayer3ModeProtocol = 0x06 | 0x07 | 0x08;

/** BLLI layer 3 group. */
export type BlliLayer3 =
  | { readonly protocol: BlliLayer3PlainProtocol }
  | {
      readonly protocol: BlliLayer3ModeProtocol;
      /**
       * Octet 7a (mode, 2 bits), 7b (default packet size, 4 bits), 7c (packet window size, 7 bits);
       * each later octet needs the earlier ones.
       */
      readonly options?: {
        readonly mode: number;
        readonly defaultPacketSize?: number;
        readonly packetWindowSize?: number;
      };
    }
  | {
      readonly protocol: 0x0b;
      /** ISO/IEC TR 9577 initial protocol identifier (8 bits); 0x80 (SNAP) requires `snap`. */
      readonly ipi?: number;
      /** SNAP identifier, present exactly when `ipi` is 0x80. */
      readonly snap?: { readonly oui: number; readonly pid: number };
    }
  | { readonly protocol: 0x10; readonly userInformation: number };

/** Broadband low layer information IE (0x5F). */
export interface BroadbandLowLayerInformation extends IeCommon {
  readonly layer1?: BlliLayer1;
  readonly layer2?: BlliLayer2;
  readonly layer3?: BlliLayer3;
}

/** A party number in ATM end-system address (NSAP) format. */
export interface AesaPartyNumber {
  readonly plan: 0x2;
  /** Type of number, 3 bits (normally 0 = unknown for an AESA). */
  readonly typeOfNumber: number;
  /** The 20-octet ATM end-system address (see atm-address.ts). */
  readonly address: Uint8Array;
}

/** A party number in native E.164 format (IA5 digits). */
export interface E164PartyNumber {
  readonly plan: 0x1;
  /** Type of number, 3 bits (normally 1 = international). */
  readonly typeOfNumber: number;
  /** 1–15 decimal digits. */
  readonly digits: string;
}

/** Called party number IE (0x70). */
export type CalledPartyNumber = IeCommon & (AesaPartyNumber | E164PartyNumber);

/** Calling party number octet 5a. */
export interface PresentationScreening {
  /** 2 bits (see `PresentationIndicator`). */
  readonly presentation: number;
  /** 2 bits (see `ScreeningIndicator`). */
  readonly screening: number;
}

/** Calling party number IE (0x6C). */
export type CallingPartyNumber = IeCommon &
  (AesaPartyNumber | E164PartyNumber) & { readonly presentationScreening?: PresentationScreening };

/** Called (0x71) or calling (0x6D) party subaddress IE. */
export interface PartySubaddress extends IeCommon {
  /** 0 NSAP, 1 ATM end-system address, 2 user-specified (see `SubaddressType`). */
  readonly subaddressType: 0 | 1 | 2;
  /** Odd/even indicator (odd number of address signals). */
  readonly odd: boolean;
  /** At most 20 octets. */
  readonly information: Uint8Array;
}

/** Connection identifier IE (0x5A). */
export interface ConnectionIdentifier extends IeCommon {
  /** 2 bits: 0 VP-associated signalling, 1 explicit indication of VPCI. */
  readonly vpAssociatedSignalling: number;
  /** 3 bits (see `PreferredExclusive`). */
  readonly preferredExclusive: number;
  /** 16 bits. */
  readonly vpci: number;
  /** 16 bits. */
  readonly vci: number;
}

/** Cause IE (0x08). */
export interface CauseIe extends IeCommon {
  /** 4 bits (see `CauseLocation`). */
  readonly location: number;
  /** 7 bits (see `Cause`). */
  readonly value: number;
  /** Diagnostic octets (at most 28), layout per cause value (Q.2931 / ATM Forum UNI 3.1). */
  readonly diagnostic?: Uint8Array;
}

/** Call state IE (0x14). */
export interface CallStateIe extends IeCommon {
  /** 6 bits (see `CallState`). */
  readonly state: number;
}

/** Endpoint reference IE (0x54). */
export interface EndpointReference extends IeCommon {
  /** 15 bits; the party created by SETUP uses 0. */
  readonly value: number;
  /** False: sent from the side that allocated the reference; true: sent to it. */
  readonly flag: boolean;
}

/** Endpoint state IE (0x55). */
export interface EndpointStateIe extends IeCommon {
  /** 6 bits (see `EndpointState`). */
  readonly state: number;
}

/** Restart indicator IE (0x79). */
export interface RestartIndicator extends IeCommon {
  /** 3 bits (see `RestartClass`); class 0 requires a connection identifier. */
  readonly restartClass: number;
}

/** Broadband sending complete IE (0x62): no contents besides the fixed indication octet. */
export type BroadbandSendingComplete = IeCommon;

/** Transit network selection IE (0x78). */
export interface TransitNetworkSelection extends IeCommon {
  /** 3 bits (see `NetworkIdType`). */
  readonly networkIdType: number;
  /** 4 bits (see `NetworkIdPlan`). */
  readonly networkIdPlan: number;
  /** At most 4 IA5 characters (a carrier identification code). */
  readonly networkId: string;
}

/** Broadband report type IE (0x89, Q.2963.1). */
export interface BroadbandReportType extends IeCommon {
  /** Type of report, one octet (see `ReportType`: 1 = modification confirmation). */
  readonly typeOfReport: number;
}

/** Each IE key used in a message's `ies` object, with its typed value. */
export interface IeValues {
  readonly aal: AalParameters;
  readonly trafficDescriptor: AtmTrafficDescriptor;
  readonly bearerCapability: BroadbandBearerCapability;
  readonly bhli: BroadbandHighLayerInformation;
  readonly repeatIndicator: BroadbandRepeatIndicator;
  readonly blli: BroadbandLowLayerInformation;
  readonly calledPartyNumber: CalledPartyNumber;
  readonly calledPartySubaddress: PartySubaddress;
  readonly callingPartyNumber: CallingPartyNumber;
  readonly callingPartySubaddress: PartySubaddress;
  readonly connectionIdentifier: ConnectionIdentifier;
  readonly qos: QosParameter;
  readonly sendingComplete: BroadbandSendingComplete;
  readonly transitNetworkSelection: TransitNetworkSelection;
  readonly endpointReference: EndpointReference;
  readonly endpointState: EndpointStateIe;
  readonly cause: CauseIe;
  readonly callState: CallStateIe;
  readonly restartIndicator: RestartIndicator;
  readonly reportType: BroadbandReportType;
}

/** The key of an IE in a message's `ies` object. */
export type IeKey = keyof IeValues;
