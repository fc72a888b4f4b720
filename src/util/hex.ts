/**
 * The one hex encoder of the code base: lower-case, two digits an octet, no separators. Every
 * layer but ndis/ may import util/ (docs/architecture.md).
 */

/** Two lower-case hex digits of one octet (more digits for a larger number). */
export function hexOctet(octet: number): string {
  return octet.toString(16).padStart(2, "0");
}

/** Lower-case hex of some octets, e.g. "47000580" — also a stable map key for an address or prefix. */
export function hex(octets: Uint8Array): string {
  let s = "";
  for (const octet of octets) s += hexOctet(octet);
  return s;
}
