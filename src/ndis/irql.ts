/** Interrupt request levels a CoNDIS driver runs at. */
export const PASSIVE_LEVEL = 0;
/** Interrupt request level of DPCs and code holding a spin lock. */
export const DISPATCH_LEVEL = 2;

/** KIRQL: only the two levels NDIS drivers see. */
export type KIRQL = typeof PASSIVE_LEVEL | typeof DISPATCH_LEVEL;

/**
 * The IRQL a handler is called at, or a DDI may be called at, as its page's `req.irql` states:
 * exactly PASSIVE_LEVEL, exactly DISPATCH_LEVEL (NdisReleaseSpinLock, the NdisDpr* spin-lock
 * calls), anything up to DISPATCH_LEVEL, or any level ("Any level": no IRQL can break it).
 */
export type IrqlRequirement = "PASSIVE" | "DISPATCH" | "<=DISPATCH" | "ANY";

/** The name of an IRQL for messages. */
export function irqlName(irql: KIRQL): string {
  return irql === PASSIVE_LEVEL ? "PASSIVE_LEVEL" : "DISPATCH_LEVEL";
}

/** True when running at `irql` satisfies `requirement`. */
export function irqlAllows(requirement: IrqlRequirement, irql: KIRQL): boolean {
  switch (requirement) {
    case "PASSIVE":
      return irql === PASSIVE_LEVEL;
    case "DISPATCH":
      return irql === DISPATCH_LEVEL;
    case "<=DISPATCH":
      return irql <= DISPATCH_LEVEL;
    case "ANY":
      return true;
  }
}

/** How a page states a requirement, for messages ("IRQL <= DISPATCH_LEVEL"). */
export function irqlRequirementText(requirement: IrqlRequirement): string {
  switch (requirement) {
    case "PASSIVE":
      return "PASSIVE_LEVEL";
    case "DISPATCH":
      return "DISPATCH_LEVEL";
    case "<=DISPATCH":
      return "IRQL <= DISPATCH_LEVEL";
    case "ANY":
      return "any IRQL";
  }
}
