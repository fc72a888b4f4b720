/** The two sides of a VC's call, shared by calls.ts and parties.ts. */
import { checkCmCaller } from "./cm-checks.ts";
import { currentFrame } from "./context.ts";
import type { ContractCode } from "./events.ts";
import type { Host } from "./host.ts";
import type { AfRegistration, VcRecord } from "./objects.ts";

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

/**
 * The call manager of the VC a call-manager call DDI names, after checking the caller. A
 * signaling VC (created with a NULL AF handle) carries no call: the call is refused and reported
 * as `noCall` (completion-without-pending for a completion, wrong-state for a dispatch), the
 * report the DDI makes for any VC without the call it expects.
 */
export function callManagerOf(
  host: Host,
  ddi: string,
  vc: VcRecord,
  noCall: ContractCode,
): AfRegistration | undefined {
  const reg = vc.af?.registration;
  if (reg === undefined) {
    host.contract(noCall, `${ddi} on Vc ${vc.id}, a signaling VC (NULL AF handle): it carries no call`, {
      ddi,
      object: `Vc ${vc.id}`,
    });
    return undefined;
  }
  return checkCmCaller(host, ddi, reg) ? reg : undefined;
}
