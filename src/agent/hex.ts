/** Lower-case hex of some octets: how the agent names addresses and prefixes in its view, events and maps. */
export function hex(octets: Uint8Array): string {
  let s = "";
  for (const octet of octets) s += octet.toString(16).padStart(2, "0");
  return s;
}
