/**
 * Between atm.h's ATM_BLLI_IE / ATM_BHLI_IE (what clients register and pass in call parameters)
 * and the Q.2931 BLLI / BHLI information elements, and the matching of an incoming SETUP against
 * the registered SAPs: called address (ESI and selector, either of which an AESA wildcard may leave
 * open), BLLI and BHLI, the most specific SAP winning.
 */
import {
  AESA_LENGTH,
  type BroadbandHighLayerInformation,
  type BroadbandLowLayerInformation,
  endSystemOf,
  esiOf,
  type SetupIes,
  selectorOf,
} from "../../signaling/q2931/index.ts";
import {
  ATM_ADDRESSTYPE,
  type ATM_BHLI_IE,
  type ATM_BLLI_IE,
  type ATM_SAP,
  anyBhli,
  anyBlli,
  SAP_FIELD,
} from "../atm-sap.ts";

const ABSENT: number = SAP_FIELD.SAP_FIELD_ABSENT;
const ANY: number = SAP_FIELD.SAP_FIELD_ANY;

const L2_PLAIN = new Set([0x01, 0x02, 0x08, 0x0c, 0x0d]);
const L2_MODE = new Set([0x06, 0x07, 0x09, 0x0a, 0x0b, 0x0e, 0x11]);
const L3_PLAIN = new Set([0x09, 0x0a]);
const L3_MODE = new Set([0x06, 0x07, 0x08]);
const L3_TR9577 = 0x0b;
const USER_SPECIFIED = 0x10;
const IPI_SNAP = 0x80;

const specified = (v: number): boolean => v !== ABSENT && v !== ANY;

/** The Q.2931 BLLI IE for an ATM_BLLI_IE, or undefined when it names no layer (or cannot be coded). */
export function blliIe(b: ATM_BLLI_IE): BroadbandLowLayerInformation | undefined {
  let layer2: BroadbandLowLayerInformation["layer2"];
  let layer3: BroadbandLowLayerInformation["layer3"];
  const l2 = b.Layer2Protocol;
  if (L2_PLAIN.has(l2)) layer2 = { protocol: l2 as 0x01 };
  else if (L2_MODE.has(l2)) layer2 = { protocol: l2 as 0x06 };
  else if (l2 === USER_SPECIFIED && specified(b.Layer2UserSpecifiedProtocol))
    layer2 = { protocol: USER_SPECIFIED, userInformation: b.Layer2UserSpecifiedProtocol & 0x7f };
  const l3 = b.Layer3Protocol;
  if (L3_PLAIN.has(l3)) layer3 = { protocol: l3 as 0x09 };
  else if (L3_MODE.has(l3)) layer3 = { protocol: l3 as 0x06 };
  else if (l3 === L3_TR9577) {
    const ipi = b.Layer3IPI;
    if (!specified(ipi)) layer3 = { protocol: L3_TR9577 };
    else if ((ipi & 0xff) === IPI_SNAP) {
      const s = b.SnapId;
      const oui = ((s[0] ?? 0) << 16) | ((s[1] ?? 0) << 8) | (s[2] ?? 0);
      const pid = ((s[3] ?? 0) << 8) | (s[4] ?? 0);
      layer3 = { protocol: L3_TR9577, ipi: IPI_SNAP, snap: { oui, pid } };
    } else layer3 = { protocol: L3_TR9577, ipi: ipi & 0xff };
  } else if (l3 === USER_SPECIFIED && specified(b.Layer3UserSpecifiedProtocol))
    layer3 = { protocol: USER_SPECIFIED, userInformation: b.Layer3UserSpecifiedProtocol & 0x7f };
  if (layer2 === undefined && layer3 === undefined) return undefined;
  return { ...(layer2 === undefined ? {} : { layer2 }), ...(layer3 === undefined ? {} : { layer3 }) };
}

/** The ATM_BLLI_IE a client sees for a received BLLI IE (absent layers are SAP_FIELD_ABSENT). */
export function atmBlli(ie: BroadbandLowLayerInformation | undefined): ATM_BLLI_IE {
  const b: ATM_BLLI_IE = { ...anyBlli(), Layer2Protocol: ABSENT, Layer3Protocol: ABSENT };
  if (ie === undefined) return b;
  const l2 = ie.layer2;
  const l3 = ie.layer3;
  const snap = new Uint8Array(5);
  let ipi: number = ABSENT;
  if (l3?.protocol === L3_TR9577 && "ipi" in l3 && l3.ipi !== undefined) {
    ipi = l3.ipi;
    if (l3.snap !== undefined) {
      snap.set([(l3.snap.oui >> 16) & 0xff, (l3.snap.oui >> 8) & 0xff, l3.snap.oui & 0xff]);
      snap.set([(l3.snap.pid >> 8) & 0xff, l3.snap.pid & 0xff], 3);
    }
  }
  return {
    ...b,
    Layer2Protocol: l2?.protocol ?? ABSENT,
    Layer2UserSpecifiedProtocol: l2 !== undefined && "userInformation" in l2 ? l2.userInformation : ABSENT,
    Layer3Protocol: l3?.protocol ?? ABSENT,
    Layer3UserSpecifiedProtocol: l3 !== undefined && "userInformation" in l3 ? l3.userInformation : ABSENT,
    Layer3IPI: ipi,
    SnapId: snap,
  };
}

/** The Q.2931 BHLI IE for an ATM_BHLI_IE, or undefined when it names none. */
export function bhliIe(b: ATM_BHLI_IE): BroadbandHighLayerInformation | undefined {
  const type = b.HighLayerInfoType;
  const info = b.HighLayerInfo.subarray(0, b.HighLayerInfoLength);
  if (type === 3) {
    if (info.length !== 7) return undefined;
    const oui = ((info[0] ?? 0) << 16) | ((info[1] ?? 0) << 8) | (info[2] ?? 0);
    const app = new DataView(info.buffer, info.byteOffset + 3, 4).getUint32(0);
    return { hliType: 3, oui, applicationId: app };
  }
  if (type === 0 || type === 1 || type === 2 || type === 4)
    return { hliType: type, information: info.slice() };
  return undefined;
}

/** The octets a BHLI IE carries, as ATM_BHLI_IE.HighLayerInfo holds them. */
function bhliOctets(ie: BroadbandHighLayerInformation): Uint8Array {
  if (ie.hliType !== 3) return ie.information;
  const out = new Uint8Array(7);
  out.set([(ie.oui >> 16) & 0xff, (ie.oui >> 8) & 0xff, ie.oui & 0xff]);
  new DataView(out.buffer).setUint32(3, ie.applicationId >>> 0);
  return out;
}

/** The ATM_BHLI_IE a client sees for a received BHLI IE. */
export function atmBhli(ie: BroadbandHighLayerInformation | undefined): ATM_BHLI_IE {
  if (ie === undefined) return { ...anyBhli(), HighLayerInfoType: ABSENT };
  const octets = bhliOctets(ie).subarray(0, 8);
  const info = new Uint8Array(8);
  info.set(octets);
  return { HighLayerInfoType: ie.hliType, HighLayerInfoLength: octets.length, HighLayerInfo: info };
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** How specific a matching SAP is (higher wins); undefined when it does not match. */
function blliScore(sap: ATM_BLLI_IE, ie: BroadbandLowLayerInformation | undefined): number | undefined {
  let score = 0;
  const l2 = sap.Layer2Protocol;
  if (l2 !== ANY) {
    if (l2 === ABSENT ? ie?.layer2 !== undefined : ie?.layer2?.protocol !== l2) return undefined;
    score += 1;
  }
  const l3 = sap.Layer3Protocol;
  if (l3 !== ANY) {
    const got = ie?.layer3;
    if (l3 === ABSENT ? got !== undefined : got?.protocol !== l3) return undefined;
    score += 2;
    if (l3 === L3_TR9577 && specified(sap.Layer3IPI) && got !== undefined && got.protocol === L3_TR9577) {
      if (got.ipi !== (sap.Layer3IPI & 0xff)) return undefined;
      if (got.ipi === IPI_SNAP) {
        const want = blliIe(sap)?.layer3;
        const snap = want !== undefined && "snap" in want ? want.snap : undefined;
        if (snap?.oui !== got.snap?.oui || snap?.pid !== got.snap?.pid) return undefined;
      }
      score += 1;
    }
  }
  return score;
}

function bhliScore(sap: ATM_BHLI_IE, ie: BroadbandHighLayerInformation | undefined): number | undefined {
  const type = sap.HighLayerInfoType;
  if (type === ANY) return 0;
  if (type === ABSENT) return ie === undefined ? 8 : undefined;
  if (ie === undefined || ie.hliType !== type) return undefined;
  return equalBytes(bhliOctets(ie), sap.HighLayerInfo.subarray(0, sap.HighLayerInfoLength)) ? 8 : undefined;
}

/**
 * How a SAP's address matches a called AESA, and how much it weighs. The network prefix is never
 * compared (the network delivers only calls under the prefixes it gave the port). An exact ATM_NSAP
 * address names ESI and selector; SAP_FIELD_ANY_AESA_SEL the ESI only; SAP_FIELD_ANY_AESA_REST the
 * selector only; SAP_FIELD_ANY or no address nothing. The weights keep that order above anything
 * BLLI and BHLI can add (at most 12).
 */
const ADDRESS_MATCH: ReadonlyMap<
  number,
  { readonly same: (sap: Uint8Array, called: Uint8Array) => boolean; readonly weight: number }
> = new Map([
  [ATM_ADDRESSTYPE.ATM_NSAP, { same: (s, c) => equalBytes(endSystemOf(s), endSystemOf(c)), weight: 48 }],
  [SAP_FIELD.SAP_FIELD_ANY_AESA_SEL, { same: (s, c) => equalBytes(esiOf(s), esiOf(c)), weight: 32 }],
  [
    SAP_FIELD.SAP_FIELD_ANY_AESA_REST,
    // A called address too short to hold a selector matches no selector.
    { same: (s, c) => c.length >= AESA_LENGTH && selectorOf(s) === selectorOf(c), weight: 16 },
  ],
]);

/** How much a SAP's address weighs for the called AESA (undefined: the SETUP named none); undefined: no match. */
function addressScore(sap: ATM_SAP, called: Uint8Array | undefined): number | undefined {
  const address = sap.Addresses[0];
  const rule = address === undefined ? undefined : ADDRESS_MATCH.get(address.AddressType);
  if (address === undefined || rule === undefined) return 0;
  if (called === undefined) return undefined;
  return rule.same(address.Address, called) ? rule.weight : undefined;
}

/**
 * The end system (ESI and selector) whose address the call manager registers over ILMI for a SAP,
 * or undefined when the SAP names no ESI (no address, SAP_FIELD_ANY, SAP_FIELD_ANY_AESA_REST). A
 * SAP_FIELD_ANY_AESA_SEL SAP registers its ESI with the selector its address carries; the network
 * routes on the first 19 octets, so calls for the ESI's other selectors reach the port too.
 */
export function sapEndSystem(sap: ATM_SAP): { readonly esi: Uint8Array; readonly sel: number } | undefined {
  const address = sap.Addresses[0];
  if (address === undefined) return undefined;
  if (
    address.AddressType !== ATM_ADDRESSTYPE.ATM_NSAP &&
    address.AddressType !== SAP_FIELD.SAP_FIELD_ANY_AESA_SEL
  )
    return undefined;
  return { esi: esiOf(address.Address).slice(), sel: selectorOf(address.Address) };
}

/** The result of matching a SETUP: the SAP, and the BLLI of the SETUP it matched (for CONNECT). */
export interface SapMatch<S> {
  readonly sap: S;
  readonly blli: BroadbandLowLayerInformation | undefined;
  readonly score: number;
}

/**
 * The SAP that takes a SETUP: one whose address (see {@link ADDRESS_MATCH}; no address = any),
 * BLLI (each of the SETUP's, in order of preference) and BHLI all match, the most specific first
 * (exact address, then ESI with any selector, then selector with any ESI, then no address; within
 * each, BHLI, then layer 3, then layer 2), the earlier registered on a tie.
 */
export function matchSap<S extends { readonly sap: ATM_SAP }>(
  saps: Iterable<S>,
  setup: SetupIes,
): SapMatch<S> | undefined {
  const called = setup.calledPartyNumber.plan === 0x2 ? setup.calledPartyNumber.address : undefined;
  const bllis: (BroadbandLowLayerInformation | undefined)[] =
    setup.blli === undefined || setup.blli.length === 0 ? [undefined] : [...setup.blli];
  let best: SapMatch<S> | undefined;
  for (const candidate of saps) {
    const { sap } = candidate;
    let score = addressScore(sap, called);
    if (score === undefined) continue;
    const high = bhliScore(sap.Bhli, setup.bhli);
    if (high === undefined) continue;
    score += high;
    for (const ie of bllis) {
      const low = blliScore(sap.Blli, ie);
      if (low === undefined) continue;
      if (best === undefined || score + low > best.score)
        best = { sap: candidate, blli: ie, score: score + low };
      break;
    }
  }
  return best;
}
