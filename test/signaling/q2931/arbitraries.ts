/**
 * fast-check arbitraries for every Q.2931 IE and message this codec implements. Every generated value
 * is well-typed and in range, so `decodeMessage(encodeMessage(m))` must give back `m` exactly. Other test
 * suites (call control, agent, traces) reuse them.
 */
import fc from "fast-check";
import type {
  CallReference,
  MessageCompatibility,
  MessageName,
  MessageOf,
  Q2931Message,
} from "../../../src/signaling/q2931/index.ts";
import {
  all,
  arbAal,
  arbBearerCapability,
  arbBhli,
  arbBlli,
  arbCalledPartyNumber,
  arbCallingPartyNumber,
  arbCallState,
  arbCause,
  arbConnectionIdentifier,
  arbEndpointReference,
  arbEndpointState,
  arbQos,
  arbRepeatIndicator,
  arbReportType,
  arbRestartIndicator,
  arbSendingComplete,
  arbSubaddress,
  arbTrafficDescriptor,
  arbTransitNetworkSelection,
  rarely,
  rec,
  uint,
} from "./ie-arbitraries.ts";

export * from "./ie-arbitraries.ts";

/** A call reference (23-bit value, flag). */
export const arbCallReference: fc.Arbitrary<CallReference> = all({ value: uint(23), flag: fc.boolean() });

/** A message compatibility instruction other than the normal 0x80. */
export const arbMessageCompatibility: fc.Arbitrary<MessageCompatibility> = all({
  flag: fc.boolean(),
  action: uint(2),
}).filter((c) => c.flag || c.action !== 0);

function message<N extends MessageName>(
  type: N,
  ies: fc.Arbitrary<MessageOf<N>["ies"]>,
): fc.Arbitrary<MessageOf<N>> {
  return fc
    .tuple(arbCallReference, rarely(arbMessageCompatibility), ies)
    .map(
      ([callReference, compatibility, values]) =>
        (compatibility === undefined
          ? { type, callReference, ies: values }
          : { type, callReference, compatibility, ies: values }) as MessageOf<N>,
    );
}

const causes = fc.array(arbCause, { minLength: 1, maxLength: 2 });

const restartIes = arbRestartIndicator.chain((restartIndicator) =>
  restartIndicator.restartClass === 0
    ? all({ connectionIdentifier: arbConnectionIdentifier, restartIndicator: fc.constant(restartIndicator) })
    : rec(
        { connectionIdentifier: arbConnectionIdentifier, restartIndicator: fc.constant(restartIndicator) },
        ["restartIndicator"],
      ),
);

const progressIes = rec({
  connectionIdentifier: arbConnectionIdentifier,
  endpointReference: arbEndpointReference,
});

/** One arbitrary per message type. */
export const messageArbitraries: { readonly [N in MessageName]: fc.Arbitrary<MessageOf<N>> } = {
  ALERTING: message("ALERTING", progressIes),
  "CALL PROCEEDING": message("CALL PROCEEDING", progressIes),
  SETUP: message(
    "SETUP",
    rec(
      {
        aal: arbAal,
        trafficDescriptor: arbTrafficDescriptor,
        bearerCapability: arbBearerCapability,
        bhli: arbBhli,
        repeatIndicator: arbRepeatIndicator,
        blli: fc.array(arbBlli, { minLength: 1, maxLength: 3 }),
        calledPartyNumber: arbCalledPartyNumber,
        calledPartySubaddress: arbSubaddress,
        callingPartyNumber: arbCallingPartyNumber,
        callingPartySubaddress: arbSubaddress,
        connectionIdentifier: arbConnectionIdentifier,
        qos: arbQos,
        sendingComplete: arbSendingComplete,
        transitNetworkSelection: arbTransitNetworkSelection,
        endpointReference: arbEndpointReference,
      },
      ["trafficDescriptor", "bearerCapability", "calledPartyNumber", "qos"],
    ),
  ),
  CONNECT: message(
    "CONNECT",
    rec({
      aal: arbAal,
      blli: arbBlli,
      connectionIdentifier: arbConnectionIdentifier,
      endpointReference: arbEndpointReference,
    }),
  ),
  "CONNECT ACKNOWLEDGE": message("CONNECT ACKNOWLEDGE", fc.constant({})),
  RESTART: message("RESTART", restartIes),
  RELEASE: message("RELEASE", all({ cause: causes })),
  "RESTART ACKNOWLEDGE": message("RESTART ACKNOWLEDGE", restartIes),
  "RELEASE COMPLETE": message("RELEASE COMPLETE", rec({ cause: causes })),
  "STATUS ENQUIRY": message("STATUS ENQUIRY", rec({ endpointReference: arbEndpointReference })),
  STATUS: message(
    "STATUS",
    rec(
      {
        cause: arbCause,
        callState: arbCallState,
        endpointReference: arbEndpointReference,
        endpointState: arbEndpointState,
      },
      ["cause", "callState"],
    ),
  ),
  "ADD PARTY": message(
    "ADD PARTY",
    rec(
      {
        aal: arbAal,
        bhli: arbBhli,
        blli: arbBlli,
        calledPartyNumber: arbCalledPartyNumber,
        calledPartySubaddress: arbSubaddress,
        callingPartyNumber: arbCallingPartyNumber,
        callingPartySubaddress: arbSubaddress,
        sendingComplete: arbSendingComplete,
        transitNetworkSelection: arbTransitNetworkSelection,
        endpointReference: arbEndpointReference,
      },
      ["calledPartyNumber", "endpointReference"],
    ),
  ),
  "ADD PARTY ACKNOWLEDGE": message("ADD PARTY ACKNOWLEDGE", all({ endpointReference: arbEndpointReference })),
  "ADD PARTY REJECT": message(
    "ADD PARTY REJECT",
    all({ cause: arbCause, endpointReference: arbEndpointReference }),
  ),
  "DROP PARTY": message("DROP PARTY", all({ cause: arbCause, endpointReference: arbEndpointReference })),
  "DROP PARTY ACKNOWLEDGE": message(
    "DROP PARTY ACKNOWLEDGE",
    rec({ endpointReference: arbEndpointReference, cause: arbCause }, ["endpointReference"]),
  ),
  "MODIFY REQUEST": message(
    "MODIFY REQUEST",
    rec({ trafficDescriptor: arbTrafficDescriptor, reportType: arbReportType }, ["trafficDescriptor"]),
  ),
  "MODIFY ACKNOWLEDGE": message("MODIFY ACKNOWLEDGE", rec({ reportType: arbReportType })),
  "MODIFY REJECT": message("MODIFY REJECT", all({ cause: arbCause })),
  "CONNECTION AVAILABLE": message("CONNECTION AVAILABLE", fc.constant({})),
};

/** Any message this codec implements. */
export const arbMessage: fc.Arbitrary<Q2931Message> = fc.oneof(
  ...(Object.values(messageArbitraries) as fc.Arbitrary<Q2931Message>[]),
);
