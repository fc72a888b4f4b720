import { AESA_LENGTH, type CalledPartyNumber, Cause, prefixOf } from "../signaling/q2931/index.ts";
import { hex } from "../util/hex.ts";
import type { AddressRegistry } from "./registry.ts";

/** What routing needs to know of a port. */
export interface RoutablePort {
  readonly index: number;
  /** The 13-octet network prefix the port gives out. */
  readonly prefix: Uint8Array;
  /** The port's medium link is up. */
  readonly linkUp: boolean;
  /** Its signalling link (SSCOP) is established and call control can offer a call there. */
  readonly signalingReady: boolean;
}

/** Where a called party number leads: a port, or the cause to refuse the call with. */
export type Route =
  | { readonly ok: true; readonly port: number; readonly address: string }
  | { readonly ok: false; readonly cause: number; readonly address: string; readonly reason: string };

/**
 * Routes a called party number. An AESA goes to the port that registered it over ILMI; failing an
 * exact match, to a port that registered it with another selector (the SEL octet is the end system's,
 * not routed on). No registration is cause 1 "unallocated number", unless the address lies under the
 * prefix of a port whose link is down: then the number may well exist but is unreachable, cause 3 "no
 * route to destination". A registered address whose port cannot signal now is cause 3 as well. An
 * E.164 number has no route in a network that numbers by AESA alone: cause 1.
 */
export function route(
  number: CalledPartyNumber,
  registry: AddressRegistry,
  ports: readonly RoutablePort[],
): Route {
  if (number.plan !== 0x2 || number.address.length !== AESA_LENGTH) {
    const address = number.plan === 0x1 ? number.digits : hex(number.address);
    return { ok: false, cause: Cause.UNALLOCATED_NUMBER, address, reason: "not an ATM end-system address" };
  }
  const address = hex(number.address);
  const owner = registry.owner(number.address) ?? registry.ownerIgnoringSelector(number.address);
  if (owner === undefined) {
    const prefix = hex(prefixOf(number.address));
    const under = ports.filter((p) => hex(p.prefix) === prefix);
    if (under.length > 0 && under.every((p) => !p.linkUp)) {
      return {
        ok: false,
        cause: Cause.NO_ROUTE_TO_DESTINATION,
        address,
        reason: `the link of port ${under.map((p) => p.index).join(", ")} (prefix ${prefix}) is down`,
      };
    }
    return { ok: false, cause: Cause.UNALLOCATED_NUMBER, address, reason: "no port registered the address" };
  }
  const port = ports.find((p) => p.index === owner);
  if (port === undefined || !port.signalingReady) {
    return {
      ok: false,
      cause: Cause.NO_ROUTE_TO_DESTINATION,
      address,
      reason: `port ${owner} holds the address but its signalling link is not established`,
    };
  }
  return { ok: true, port: owner, address };
}
