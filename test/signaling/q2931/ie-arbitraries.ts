/**
 * fast-check arbitraries for every Q.2931 IE: well-typed, in range, sometimes with a non-normal
 * compatibility instruction. Re-exported by arbitraries.ts, which adds the messages.
 */
import fc from "fast-check";
import type {
  AalParameters,
  AtmTrafficDescriptor,
  BlliLayer2,
  BlliLayer3,
  BroadbandBearerCapability,
  BroadbandHighLayerInformation,
  BroadbandLowLayerInformation,
  CalledPartyNumber,
  CallingPartyNumber,
  IeInstruction,
  IeKey,
  IeValues,
  PartySubaddress,
  TrafficDirection,
} from "../../../src/signaling/q2931/index.ts";

/** An unsigned integer of `bits` bits (up to 32). */
export function uint(bits: number): fc.Arbitrary<number> {
  if (bits <= 30) return fc.integer({ min: 0, max: 2 ** bits - 1 });
  return fc
    .tuple(fc.integer({ min: 0, max: 2 ** (bits - 16) - 1 }), fc.integer({ min: 0, max: 0xffff }))
    .map(([high, low]) => high * 0x10000 + low);
}

/** Plain-prototype records (vitest's strict equality compares prototypes) with the listed keys required. */
export function rec<T extends Record<string, unknown>, K extends keyof T & string = never>(
  model: { [P in keyof T]: fc.Arbitrary<T[P]> },
  requiredKeys: readonly K[] = [],
): fc.Arbitrary<Partial<T> & Pick<T, K>> {
  return fc.record(model, {
    requiredKeys: [...requiredKeys],
    noNullPrototype: true,
  }) as unknown as fc.Arbitrary<Partial<T> & Pick<T, K>>;
}

/** Plain-prototype records with every key present. */
export function all<T extends Record<string, unknown>>(
  model: { [P in keyof T]: fc.Arbitrary<T[P]> },
): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as unknown as fc.Arbitrary<T>;
}

/** A compatibility instruction that differs from an IE's normal one (coding `defaultCoding`, flag 0, action 0). */
export function arbIeInstruction(defaultCoding = 0): fc.Arbitrary<IeInstruction> {
  return all<{ codingStandard: number; flag: boolean; action: number }>({
    codingStandard: uint(2),
    flag: fc.boolean(),
    action: uint(3),
  }).filter((i) => i.codingStandard !== defaultCoding || i.flag || i.action !== 0);
}

/** Undefined three times out of four, else a value of `arb`. */
export function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

// Adds a non-normal instruction to a quarter of the generated IEs.
function withInstruction<T extends object>(arb: fc.Arbitrary<T>, defaultCoding = 0): fc.Arbitrary<T> {
  return fc
    .tuple(arb, rarely(arbIeInstruction(defaultCoding)))
    .map(([value, instruction]) => (instruction === undefined ? value : { ...value, instruction }));
}

const bytes = (minLength: number, maxLength: number) => fc.uint8Array({ minLength, maxLength });

const aal1 = rec(
  {
    aalType: fc.constant(0x01 as const),
    subtype: uint(8),
    cbrRate: uint(8),
    multiplier: uint(16),
    sourceClockFrequencyRecovery: uint(8),
    errorCorrection: uint(8),
    structuredDataTransferBlockSize: uint(16),
    partiallyFilledCells: uint(8),
  },
  ["aalType"],
);

const aal34 = rec(
  {
    aalType: fc.constant(0x03 as const),
    forwardMaxCpcsSduSize: uint(16),
    backwardMaxCpcsSduSize: uint(16),
    midRange: all({ low: uint(16), high: uint(16) }),
    mode: uint(8),
    sscsType: uint(8),
  },
  ["aalType"],
);

const aal5 = rec(
  {
    aalType: fc.constant(0x05 as const),
    forwardMaxCpcsSduSize: uint(16),
    backwardMaxCpcsSduSize: uint(16),
    mode: uint(8),
    sscsType: uint(8),
  },
  ["aalType"],
);

const userDefinedAal = all({ aalType: fc.constant(0x10 as const), information: bytes(0, 4) });

/** AAL parameters (0x58). */
export const arbAal: fc.Arbitrary<AalParameters> = withInstruction(
  fc.oneof(aal1, aal34, aal5, userDefinedAal) as fc.Arbitrary<AalParameters>,
);

const trafficDirection: fc.Arbitrary<TrafficDirection> = rec({
  peakCellRateClp0: uint(24),
  peakCellRateClp01: uint(24),
  sustainableCellRateClp0: uint(24),
  sustainableCellRateClp01: uint(24),
  maxBurstSizeClp0: uint(24),
  maxBurstSizeClp01: uint(24),
});

/** ATM traffic descriptor (0x59). */
export const arbTrafficDescriptor: fc.Arbitrary<AtmTrafficDescriptor> = withInstruction(
  rec(
    {
      forward: trafficDirection,
      backward: trafficDirection,
      bestEffort: fc.boolean(),
      tagging: all({ forward: fc.boolean(), backward: fc.boolean() }),
    },
    ["forward", "backward", "bestEffort"],
  ),
);

/** Broadband bearer capability (0x5E). */
export const arbBearerCapability: fc.Arbitrary<BroadbandBearerCapability> = withInstruction(
  rec(
    {
      bearerClass: uint(5),
      transferCapability: all({ trafficType: uint(3), timingRequirements: uint(2) }),
      clipping: uint(2),
      userPlane: uint(2),
    },
    ["bearerClass", "clipping", "userPlane"],
  ),
);

/** QoS parameter (0x5C); its normal coding standard is 3. */
export const arbQos = withInstruction(all({ forwardClass: uint(8), backwardClass: uint(8) }), 3);

/** Broadband high layer information (0x5D). */
export const arbBhli: fc.Arbitrary<BroadbandHighLayerInformation> = withInstruction(
  fc.oneof(
    all({
      hliType: fc.constantFrom(0 as const, 1 as const, 2 as const, 4 as const),
      information: bytes(0, 8),
    }),
    all({ hliType: fc.constant(3 as const), oui: uint(24), applicationId: uint(32) }),
  ) as fc.Arbitrary<BroadbandHighLayerInformation>,
);

/** Broadband repeat indicator (0x63). */
export const arbRepeatIndicator = withInstruction(all({ indicator: uint(4) }));

const layer2: fc.Arbitrary<BlliLayer2> = fc.oneof(
  all({
    protocol: fc.constantFrom(0x01 as const, 0x02 as const, 0x08 as const, 0x0c as const, 0x0d as const),
  }),
  rec(
    {
      protocol: fc.constantFrom(
        0x06 as const,
        0x07 as const,
        0x09 as const,
        0x0a as const,
        0x0b as const,
        0x0e as const,
        0x11 as const,
      ),
      options: rec({ mode: uint(2), q933: uint(2), windowSize: uint(7) }, ["mode", "q933"]),
    },
    ["protocol"],
  ),
  all({ protocol: fc.constant(0x10 as const), userInformation: uint(7) }),
) as fc.Arbitrary<BlliLayer2>;

const layer3Options = fc.oneof(
  all({ mode: uint(2) }),
  all({ mode: uint(2), defaultPacketSize: uint(4) }),
  all({ mode: uint(2), defaultPacketSize: uint(4), packetWindowSize: uint(7) }),
);

const layer3: fc.Arbitrary<BlliLayer3> = fc.oneof(
  all({ protocol: fc.constantFrom(0x09 as const, 0x0a as const) }),
  rec({ protocol: fc.constantFrom(0x06 as const, 0x07 as const, 0x08 as const), options: layer3Options }, [
    "protocol",
  ]),
  all({ protocol: fc.constant(0x0b as const) }),
  all({ protocol: fc.constant(0x0b as const), ipi: uint(8).filter((ipi) => ipi !== 0x80) }),
  all({
    protocol: fc.constant(0x0b as const),
    ipi: fc.constant(0x80),
    snap: all({ oui: uint(24), pid: uint(16) }),
  }),
  all({ protocol: fc.constant(0x10 as const), userInformation: uint(7) }),
) as fc.Arbitrary<BlliLayer3>;

/** Broadband low layer information (0x5F). */
export const arbBlli: fc.Arbitrary<BroadbandLowLayerInformation> = withInstruction(
  rec({ layer1: all({ protocol: uint(5) }), layer2, layer3 }),
);

/** A 20-octet ATM end-system address with one of the three standard AFIs (or any first octet, rarely). */
export const arbAesa: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(0x39, 0x47, 0x45) }, uint(8)), bytes(19, 19))
  .map(([afi, rest]) => Uint8Array.of(afi, ...rest));

const partyNumber = fc.oneof(
  all({ plan: fc.constant(0x2 as const), typeOfNumber: uint(3), address: arbAesa }),
  all({
    plan: fc.constant(0x1 as const),
    typeOfNumber: uint(3),
    digits: fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 15 }),
  }),
);

/** Called party number (0x70). */
export const arbCalledPartyNumber: fc.Arbitrary<CalledPartyNumber> = withInstruction(
  partyNumber as fc.Arbitrary<CalledPartyNumber>,
);

/** Calling party number (0x6C). */
export const arbCallingPartyNumber: fc.Arbitrary<CallingPartyNumber> = withInstruction(
  fc
    .tuple(partyNumber, fc.option(all({ presentation: uint(2), screening: uint(2) }), { nil: undefined }))
    .map(([number, presentationScreening]) =>
      presentationScreening === undefined ? number : { ...number, presentationScreening },
    ) as fc.Arbitrary<CallingPartyNumber>,
);

/** Called or calling party subaddress (0x71 / 0x6D). */
export const arbSubaddress: fc.Arbitrary<PartySubaddress> = withInstruction(
  all({
    subaddressType: fc.constantFrom(0 as const, 1 as const, 2 as const),
    odd: fc.boolean(),
    information: bytes(0, 20),
  }),
);

/** Connection identifier (0x5A). */
export const arbConnectionIdentifier = withInstruction(
  all({ vpAssociatedSignalling: uint(2), preferredExclusive: uint(3), vpci: uint(16), vci: uint(16) }),
);

/** Cause (0x08), with diagnostics half of the time. */
export const arbCause = withInstruction(
  rec({ location: uint(4), value: uint(7), diagnostic: bytes(1, 28) }, ["location", "value"]),
);

/** Call state (0x14). */
export const arbCallState = withInstruction(all({ state: uint(6) }));
/** Endpoint reference (0x54). */
export const arbEndpointReference = withInstruction(all({ value: uint(15), flag: fc.boolean() }));
/** Endpoint state (0x55). */
export const arbEndpointState = withInstruction(all({ state: uint(6) }));
/** Restart indicator (0x79). */
export const arbRestartIndicator = withInstruction(all({ restartClass: uint(3) }));
/** Broadband sending complete (0x62). */
export const arbSendingComplete = withInstruction(fc.constant({}));

/** Transit network selection (0x78). */
export const arbTransitNetworkSelection = withInstruction(
  all({
    networkIdType: uint(3),
    networkIdPlan: uint(4),
    networkId: fc.string({ unit: uint(7).map((c) => String.fromCharCode(c)), maxLength: 4 }),
  }),
);

/** Broadband report type (0x89, Q.2963.1). */
export const arbReportType = withInstruction(all({ typeOfReport: uint(8) }));

/** One arbitrary per IE key. */
export const ieArbitraries: { readonly [K in IeKey]: fc.Arbitrary<IeValues[K]> } = {
  aal: arbAal,
  trafficDescriptor: arbTrafficDescriptor,
  bearerCapability: arbBearerCapability,
  bhli: arbBhli,
  repeatIndicator: arbRepeatIndicator,
  blli: arbBlli,
  calledPartyNumber: arbCalledPartyNumber,
  calledPartySubaddress: arbSubaddress,
  callingPartyNumber: arbCallingPartyNumber,
  callingPartySubaddress: arbSubaddress,
  connectionIdentifier: arbConnectionIdentifier,
  qos: arbQos,
  sendingComplete: arbSendingComplete,
  transitNetworkSelection: arbTransitNetworkSelection,
  endpointReference: arbEndpointReference,
  endpointState: arbEndpointState,
  cause: arbCause,
  callState: arbCallState,
  restartIndicator: arbRestartIndicator,
  reportType: arbReportType,
};
