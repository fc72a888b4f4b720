/** Interrupt request levels a CoNDIS driver runs at. */
export const PASSIVE_LEVEL = 0;
/** Interrupt request level of DPCs and code holding a spin lock. */
export const DISPATCH_LEVEL = 2;

/** KIRQL: only the two levels NDIS drivers see. */
export type KIRQL = typeof PASSIVE_LEVEL | typeof DISPATCH_LEVEL;

/** The IRQL a handler is called at, or a DDI may be called at: exactly PASSIVE, or anything up to DISPATCH. */
export type IrqlRequirement = "PASSIVE" | "<=DISPATCH";

/** The name of an IRQL for messages. */
export function irqlName(irql: KIRQL): string {
  return irql === PASSIVE_LEVEL ? "PASSIVE_LEVEL" : "DISPATCH_LEVEL";
}

/** True when running at `irql` satisfies `requirement`. */
export function irqlAllows(requirement: IrqlRequirement, irql: KIRQL): boolean {
  return requirement === "PASSIVE" ? irql === PASSIVE_LEVEL : irql <= DISPATCH_LEVEL;
}
