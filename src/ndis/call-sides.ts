/** The two sides of a VC's call, shared by calls.ts and parties.ts. */
import { currentFrame } from "./context.ts";
import type { Host } from "./host.ts";
import type { VcRecord } from "./objects.ts";

/** The client of a VC (its binding's protocol), its handlers and its VC context. */
export function clientOf(vc: VcRecord) {
  const protocol = vc.client?.binding.protocol;
  return { protocol, cl: protocol?.cl, context: vc.client?.context };
}

/** The call manager (or MCM) of a VC's AF, and its VC context. */
export function managerOf(vc: VcRecord) {
  const reg = vc.af?.registration;
  return { reg, context: reg?.kind === "mcm" ? vc.mcmContext : vc.cm?.context };
}

/** Checks that the VC's client is the caller; false refuses the call (and reports it). */
export function checkClient(host: Host, ddi: string, vc: VcRecord): boolean {
  const caller = currentFrame()?.driver;
  const client = vc.client?.binding.protocol.driver;
  if (client === undefined || (caller !== null && caller !== undefined && caller !== client)) {
    host.contract(
      "wrong-caller",
      `${ddi} on Vc ${vc.id} by "${caller?.name ?? "?"}": only the VC's client calls it`,
      {
        ddi,
        object: `Vc ${vc.id}`,
      },
    );
    return false;
  }
  return true;
}
