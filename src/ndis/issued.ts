/**
 * Which host issued each handle. Handles are known by identity: the very object a host issued.
 * A copy (object spread, a JSON round trip) or a hand-made object of the same shape names no
 * host, and two hosts with the same name never accept each other's handles.
 */
import { currentFrame } from "./context.ts";
import type { Host } from "./host.ts";
import { NdisUsageError } from "./usage-error.ts";

const ISSUED = new WeakMap<object, Host>();

/** @internal Remembers that `host` issued `handle`. */
export function recordIssued(handle: object, host: Host): void {
  ISSUED.set(handle, host);
}

/** The host that issued a handle, if the value is one of ours. */
export function hostOfHandle(handle: unknown): Host | undefined {
  if (typeof handle !== "object" || handle === null) return undefined;
  return ISSUED.get(handle);
}

/**
 * @internal The host a DDI works on: the one that issued the first of `handles` that names one,
 * else the one whose driver code is running. With neither there is nobody to report to, so the
 * call throws NdisUsageError (docs/semantics.md "Misuse of the DDI").
 */
export function hostForDdi(ddi: string, ...handles: readonly unknown[]): Host {
  for (const handle of handles) {
    const host = hostOfHandle(handle);
    if (host !== undefined) return host;
  }
  const host = currentFrame()?.host;
  if (host === undefined) throw new NdisUsageError(ddi);
  return host;
}
