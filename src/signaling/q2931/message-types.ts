/**
 * Typed Q.2931 messages: a discriminated union on `type` (the standard message name). IE presence
 * follows UNI 3.1 (Q.2931 / ATM Forum UNI 3.1): mandatory IEs are required properties, repeatable IEs arrays.
 */
import type {
  AalParameters,
  AtmTrafficDescriptor,
  BroadbandBearerCapability,
  BroadbandHighLayerInformation,
  BroadbandLowLayerInformation,
  BroadbandRepeatIndicator,
  BroadbandReportType,
  BroadbandSendingComplete,
  CalledPartyNumber,
  CallingPartyNumber,
  CallStateIe,
  CauseIe,
  ConnectionIdentifier,
  EndpointReference,
  EndpointStateIe,
  PartySubaddress,
  QosParameter,
  RestartIndicator,
  TransitNetworkSelection,
} from "./ie-types.ts";

/** Call reference: 23-bit value and the flag (false = sent from the side that allocated the value). */
export interface CallReference {
  readonly value: number;
  readonly flag: boolean;
}

/** Message compatibility instruction (header octet 6) when it is not the normal 0x80. */
export interface MessageCompatibility {
  /** True: follow the explicit action indicator; false: regular error handling. */
  readonly flag: boolean;
  /** 2 bits (see `MessageAction`); 3 is reserved and handled as "discard and report". */
  readonly action: number;
}

/** What every message carries besides its IEs. */
export interface MessageCommon {
  readonly callReference: CallReference;
  /** Absent means the normal instruction (0x80) both when encoding and after decoding. */
  readonly compatibility?: MessageCompatibility;
}

/** SETUP IEs. */
export interface SetupIes {
  readonly aal?: AalParameters;
  readonly trafficDescriptor: AtmTrafficDescriptor;
  readonly bearerCapability: BroadbandBearerCapability;
  readonly bhli?: BroadbandHighLayerInformation;
  readonly repeatIndicator?: BroadbandRepeatIndicator;
  /** 1–3 BLLI IEs (a prioritized list when the repeat indicator is present). */
  readonly blli?: readonly BroadbandLowLayerInformation[];
  readonly calledPartyNumber: CalledPartyNumber;
  readonly calledPartySubaddress?: PartySubaddress;
  readonly callingPartyNumber?: CallingPartyNumber;
  readonly callingPartySubaddress?: PartySubaddress;
  /** Present network→user; optional user→network. */
  readonly connectionIdentifier?: ConnectionIdentifier;
  readonly qos: QosParameter;
  readonly sendingComplete?: BroadbandSendingComplete;
  readonly transitNetworkSelection?: TransitNetworkSelection;
  /** Present (value 0) in a point-to-multipoint SETUP. */
  readonly endpointReference?: EndpointReference;
}

/** SETUP (0x05). */
export interface SetupMessage extends MessageCommon {
  readonly type: "SETUP";
  readonly ies: SetupIes;
}

/** IEs of CALL PROCEEDING and ALERTING. */
export interface ProgressIes {
  /** Mandatory in the first answer to a SETUP; the call-control layer enforces that. */
  readonly connectionIdentifier?: ConnectionIdentifier;
  readonly endpointReference?: EndpointReference;
}

/** CALL PROCEEDING (0x02). */
export interface CallProceedingMessage extends MessageCommon {
  readonly type: "CALL PROCEEDING";
  readonly ies: ProgressIes;
}

/** ALERTING (0x01). */
export interface AlertingMessage extends MessageCommon {
  readonly type: "ALERTING";
  readonly ies: ProgressIes;
}

/** CONNECT IEs. */
export interface ConnectIes {
  readonly aal?: AalParameters;
  readonly blli?: BroadbandLowLayerInformation;
  readonly connectionIdentifier?: ConnectionIdentifier;
  readonly endpointReference?: EndpointReference;
}

/** CONNECT (0x07). */
export interface ConnectMessage extends MessageCommon {
  readonly type: "CONNECT";
  readonly ies: ConnectIes;
}

/** An IE set with no IEs. */
export type NoIes = Readonly<Record<never, never>>;

/** CONNECT ACKNOWLEDGE (0x0F). */
export interface ConnectAcknowledgeMessage extends MessageCommon {
  readonly type: "CONNECT ACKNOWLEDGE";
  readonly ies: NoIes;
}

/** RELEASE (0x4D): one or two causes. */
export interface ReleaseMessage extends MessageCommon {
  readonly type: "RELEASE";
  readonly ies: { readonly cause: readonly CauseIe[] };
}

/** RELEASE COMPLETE (0x5A): cause mandatory only when it is the first clearing message (call control's rule). */
export interface ReleaseCompleteMessage extends MessageCommon {
  readonly type: "RELEASE COMPLETE";
  readonly ies: { readonly cause?: readonly CauseIe[] };
}

/** STATUS IEs. */
export interface StatusIes {
  readonly cause: CauseIe;
  readonly callState: CallStateIe;
  readonly endpointReference?: EndpointReference;
  readonly endpointState?: EndpointStateIe;
}

/** STATUS (0x7D). */
export interface StatusMessage extends MessageCommon {
  readonly type: "STATUS";
  readonly ies: StatusIes;
}

/** STATUS ENQUIRY (0x75). */
export interface StatusEnquiryMessage extends MessageCommon {
  readonly type: "STATUS ENQUIRY";
  readonly ies: { readonly endpointReference?: EndpointReference };
}

/** IEs of RESTART and RESTART ACKNOWLEDGE. */
export interface RestartIes {
  /** Mandatory when the restart class is 0 (indicated VC). */
  readonly connectionIdentifier?: ConnectionIdentifier;
  readonly restartIndicator: RestartIndicator;
}

/** RESTART (0x46), on the global call reference. */
export interface RestartMessage extends MessageCommon {
  readonly type: "RESTART";
  readonly ies: RestartIes;
}

/** RESTART ACKNOWLEDGE (0x4E), on the global call reference. */
export interface RestartAcknowledgeMessage extends MessageCommon {
  readonly type: "RESTART ACKNOWLEDGE";
  readonly ies: RestartIes;
}

/** ADD PARTY IEs. */
export interface AddPartyIes {
  readonly aal?: AalParameters;
  readonly bhli?: BroadbandHighLayerInformation;
  readonly blli?: BroadbandLowLayerInformation;
  readonly calledPartyNumber: CalledPartyNumber;
  readonly calledPartySubaddress?: PartySubaddress;
  readonly callingPartyNumber?: CallingPartyNumber;
  readonly callingPartySubaddress?: PartySubaddress;
  readonly sendingComplete?: BroadbandSendingComplete;
  readonly transitNetworkSelection?: TransitNetworkSelection;
  readonly endpointReference: EndpointReference;
}

/** ADD PARTY (0x80). */
export interface AddPartyMessage extends MessageCommon {
  readonly type: "ADD PARTY";
  readonly ies: AddPartyIes;
}

/** ADD PARTY ACKNOWLEDGE (0x81). */
export interface AddPartyAcknowledgeMessage extends MessageCommon {
  readonly type: "ADD PARTY ACKNOWLEDGE";
  readonly ies: { readonly endpointReference: EndpointReference };
}

/** IEs of ADD PARTY REJECT and DROP PARTY. */
export interface PartyClearingIes {
  readonly cause: CauseIe;
  readonly endpointReference: EndpointReference;
}

/** ADD PARTY REJECT (0x82). */
export interface AddPartyRejectMessage extends MessageCommon {
  readonly type: "ADD PARTY REJECT";
  readonly ies: PartyClearingIes;
}

/** DROP PARTY (0x83). */
export interface DropPartyMessage extends MessageCommon {
  readonly type: "DROP PARTY";
  readonly ies: PartyClearingIes;
}

/** DROP PARTY ACKNOWLEDGE (0x84). */
export interface DropPartyAcknowledgeMessage extends MessageCommon {
  readonly type: "DROP PARTY ACKNOWLEDGE";
  readonly ies: { readonly endpointReference: EndpointReference; readonly cause?: CauseIe };
}

/** MODIFY REQUEST IEs (Q.2963.1). */
export interface ModifyRequestIes {
  /** The traffic descriptor asked for (forward = calling → called, as in the SETUP, whoever asks). */
  readonly trafficDescriptor: AtmTrafficDescriptor;
  readonly reportType?: BroadbandReportType;
}

/** MODIFY REQUEST (0x88, Q.2963.1). */
export interface ModifyRequestMessage extends MessageCommon {
  readonly type: "MODIFY REQUEST";
  readonly ies: ModifyRequestIes;
}

/** MODIFY ACKNOWLEDGE (0x89, Q.2963.1): a report type asks the requester for CONNECTION AVAILABLE. */
export interface ModifyAcknowledgeMessage extends MessageCommon {
  readonly type: "MODIFY ACKNOWLEDGE";
  readonly ies: { readonly reportType?: BroadbandReportType };
}

/** MODIFY REJECT (0x8A, Q.2963.1). */
export interface ModifyRejectMessage extends MessageCommon {
  readonly type: "MODIFY REJECT";
  readonly ies: { readonly cause: CauseIe };
}

/** CONNECTION AVAILABLE (0x8B, Q.2963.1). */
export interface ConnectionAvailableMessage extends MessageCommon {
  readonly type: "CONNECTION AVAILABLE";
  readonly ies: NoIes;
}

/** Any Q.2931 message this codec implements. */
export type Q2931Message =
  | AlertingMessage
  | CallProceedingMessage
  | SetupMessage
  | ConnectMessage
  | ConnectAcknowledgeMessage
  | RestartMessage
  | ReleaseMessage
  | RestartAcknowledgeMessage
  | ReleaseCompleteMessage
  | StatusEnquiryMessage
  | StatusMessage
  | AddPartyMessage
  | AddPartyAcknowledgeMessage
  | AddPartyRejectMessage
  | DropPartyMessage
  | DropPartyAcknowledgeMessage
  | ModifyRequestMessage
  | ModifyAcknowledgeMessage
  | ModifyRejectMessage
  | ConnectionAvailableMessage;

/** The message type with a given name: `MessageOf<"SETUP">` is `SetupMessage`. */
export type MessageOf<N extends Q2931Message["type"]> = Extract<Q2931Message, { readonly type: N }>;
