/**
 * One descriptor per message: code point, name, and its IEs in encoding order with presence (M/O) and
 * repetition, per UNI 3.1 (Q.2931 / ATM Forum UNI 3.1, ngatm msg.def) and Q.2963.1 for the modification
 * messages (linux-atm sigd). Encoder and decoder both read this table.
 */
import { MESSAGE_NAMES, type MessageName, MessageType, type MessageTypeCode } from "./constants.ts";
import type { IeKey } from "./ie-types.ts";
import type { Q2931Message } from "./message-types.ts";

/** One IE slot of a message. */
export interface IeSlot {
  readonly key: IeKey;
  /** "M": mandatory (cause 96 when absent); "O": optional. */
  readonly presence: "M" | "O";
  /** Most instances allowed; when above 1 the value in `ies` is an array. */
  readonly max: number;
}

/** A conditional presence rule: `key` is mandatory when `when(ies)` holds. */
export interface ConditionalRule {
  readonly key: IeKey;
  readonly description: string;
  readonly when: (ies: Readonly<Record<string, unknown>>) => boolean;
}

/** A message descriptor. */
export interface MessageDescriptor {
  readonly code: MessageTypeCode;
  readonly name: MessageName;
  readonly slots: readonly IeSlot[];
  /** The same slots by IE key, for the decoder. */
  readonly slotByKey: ReadonlyMap<IeKey, IeSlot>;
  readonly conditional: readonly ConditionalRule[];
}

const M = (key: IeKey, max = 1): IeSlot => ({ key, presence: "M", max });
const O = (key: IeKey, max = 1): IeSlot => ({ key, presence: "O", max });

// RESTART class 0 ("indicated VC") names the VC in a connection identifier (Q.2931 / ATM Forum UNI 3.1).
const restartNeedsConnectionIdentifier: ConditionalRule = {
  key: "connectionIdentifier",
  description: "restart class 0 (indicated VC) requires a connection identifier",
  when: (ies) => (ies.restartIndicator as { restartClass?: unknown } | undefined)?.restartClass === 0,
};

const DESCRIPTORS: readonly Omit<MessageDescriptor, "name" | "slotByKey">[] = [
  { code: MessageType.ALERTING, slots: [O("connectionIdentifier"), O("endpointReference")], conditional: [] },
  {
    code: MessageType.CALL_PROCEEDING,
    slots: [O("connectionIdentifier"), O("endpointReference")],
    conditional: [],
  },
  {
    code: MessageType.SETUP,
    slots: [
      O("aal"),
      M("trafficDescriptor"),
      M("bearerCapability"),
      O("bhli"),
      // The repeat indicator precedes the repeated IE it governs.
      O("repeatIndicator"),
      O("blli", 3),
      M("calledPartyNumber"),
      O("calledPartySubaddress"),
      O("callingPartyNumber"),
      O("callingPartySubaddress"),
      O("connectionIdentifier"),
      M("qos"),
      O("sendingComplete"),
      O("transitNetworkSelection"),
      O("endpointReference"),
    ],
    conditional: [],
  },
  {
    code: MessageType.CONNECT,
    slots: [O("aal"), O("blli"), O("connectionIdentifier"), O("endpointReference")],
    conditional: [],
  },
  { code: MessageType.CONNECT_ACKNOWLEDGE, slots: [], conditional: [] },
  {
    code: MessageType.RESTART,
    slots: [O("connectionIdentifier"), M("restartIndicator")],
    conditional: [restartNeedsConnectionIdentifier],
  },
  { code: MessageType.RELEASE, slots: [M("cause", 2)], conditional: [] },
  {
    code: MessageType.RESTART_ACKNOWLEDGE,
    slots: [O("connectionIdentifier"), M("restartIndicator")],
    conditional: [restartNeedsConnectionIdentifier],
  },
  { code: MessageType.RELEASE_COMPLETE, slots: [O("cause", 2)], conditional: [] },
  { code: MessageType.STATUS_ENQUIRY, slots: [O("endpointReference")], conditional: [] },
  {
    // Cause first so that a Cause with diagnostics never ends the message (Q.2931 / ATM Forum UNI 3.1).
    code: MessageType.STATUS,
    slots: [M("cause"), M("callState"), O("endpointReference"), O("endpointState")],
    conditional: [],
  },
  {
    code: MessageType.ADD_PARTY,
    slots: [
      O("aal"),
      O("bhli"),
      O("blli"),
      M("calledPartyNumber"),
      O("calledPartySubaddress"),
      O("callingPartyNumber"),
      O("callingPartySubaddress"),
      O("sendingComplete"),
      O("transitNetworkSelection"),
      M("endpointReference"),
    ],
    conditional: [],
  },
  { code: MessageType.ADD_PARTY_ACKNOWLEDGE, slots: [M("endpointReference")], conditional: [] },
  { code: MessageType.ADD_PARTY_REJECT, slots: [M("cause"), M("endpointReference")], conditional: [] },
  { code: MessageType.DROP_PARTY, slots: [M("cause"), M("endpointReference")], conditional: [] },
  { code: MessageType.DROP_PARTY_ACKNOWLEDGE, slots: [M("endpointReference"), O("cause")], conditional: [] },
  // Q.2963.1. The report type follows the traffic descriptor, which tshark 4.0 must not find last.
  { code: MessageType.MODIFY_REQUEST, slots: [M("trafficDescriptor"), O("reportType")], conditional: [] },
  { code: MessageType.MODIFY_ACKNOWLEDGE, slots: [O("reportType")], conditional: [] },
  { code: MessageType.MODIFY_REJECT, slots: [M("cause")], conditional: [] },
  { code: MessageType.CONNECTION_AVAILABLE, slots: [], conditional: [] },
];

/** Message descriptors by code point. */
export const MESSAGE_BY_CODE: ReadonlyMap<number, MessageDescriptor> = new Map(
  DESCRIPTORS.map((d) => [
    d.code,
    { ...d, name: MESSAGE_NAMES[d.code], slotByKey: new Map(d.slots.map((s) => [s.key, s])) },
  ]),
);

// Message descriptors by name (the `type` of a typed message).
const MESSAGE_BY_NAME: ReadonlyMap<string, MessageDescriptor> = new Map(
  [...MESSAGE_BY_CODE.values()].map((d) => [d.name, d]),
);

/** The descriptor of a typed message's type. */
export function descriptorOf(message: Q2931Message): MessageDescriptor | undefined {
  return MESSAGE_BY_NAME.get(message.type);
}
