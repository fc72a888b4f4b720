import { hex } from "../util/hex.ts";

/**
 * The agent's global address table: which port registered each end-system address. One address has
 * one owner, so a SETUP to it has one route and only its owner may deregister it.
 */
export class AddressRegistry {
  private readonly owners = new Map<string, number>();
  /** The same registrations grouped by address without its selector, so a route lookup is O(1). */
  private readonly byStem = new Map<string, Map<string, number>>();

  /** The port that registered the address, or undefined. */
  owner(address: Uint8Array): number | undefined {
    return this.owners.get(hex(address));
  }

  /**
   * The port that registered an address differing from this one in the selector alone (the last
   * octet, which the end system uses and the network does not route on), or undefined. When several
   * ports hold such addresses, the lowest port wins, so the answer does not depend on history.
   */
  ownerIgnoringSelector(address: Uint8Array): number | undefined {
    const group = this.byStem.get(hex(address.subarray(0, address.length - 1)));
    if (group === undefined) return undefined;
    let best: number | undefined;
    for (const port of group.values()) if (best === undefined || port < best) best = port;
    return best;
  }

  /** Records that `port` registered the address; false (and no change) when another port holds it. */
  add(address: Uint8Array, port: number): boolean {
    const key = hex(address);
    const owner = this.owners.get(key);
    if (owner !== undefined && owner !== port) return false;
    this.owners.set(key, port);
    const stem = key.slice(0, -2);
    let group = this.byStem.get(stem);
    if (group === undefined) {
      group = new Map();
      this.byStem.set(stem, group);
    }
    group.set(key, port);
    return true;
  }

  /** Forgets the address if `port` holds it; false when it did not. */
  remove(address: Uint8Array, port: number): boolean {
    const key = hex(address);
    if (this.owners.get(key) !== port) return false;
    this.owners.delete(key);
    const stem = key.slice(0, -2);
    const group = this.byStem.get(stem);
    group?.delete(key);
    if (group?.size === 0) this.byStem.delete(stem);
    return true;
  }

  /** Every registration, ordered by address hex. */
  entries(): { readonly address: string; readonly port: number }[] {
    return [...this.owners]
      .map(([address, port]) => ({ address, port }))
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  }
}
