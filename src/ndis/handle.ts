declare const handleBrand: unique symbol;

/** The kinds of handle NDIS issues. */
export type HandleKind =
  | "Protocol"
  | "MiniportDriver"
  | "Miniport"
  | "Binding"
  | "BindContext"
  | "UnbindContext"
  | "Af"
  | "Sap"
  | "Vc"
  | "Party";

/**
 * An opaque NDIS handle of one kind (`NdisHandle<"Sap">` is an NdisSapHandle). It names its host
 * and a slot of that host's handle table with a generation count, so that a stale, freed, foreign
 * or wrong-kind handle is caught on every call instead of being trusted.
 */
export interface NdisHandle<K extends HandleKind> {
  readonly [handleBrand]: K;
  readonly kind: K;
  /** Name of the host that issued it. */
  readonly host: string;
  readonly slot: number;
  readonly generation: number;
}

/** NDIS_HANDLE for driver-owned contexts (ProtocolSapContext, CallMgrAfContext …): opaque to NDIS. */
export type NDIS_HANDLE = unknown;

/** Any NDIS-issued handle. */
export type AnyNdisHandle = NdisHandle<HandleKind>;

/** `Sap 3.1 @A`: kind, slot, generation and host, for messages and traces. */
export function describeHandle(handle: AnyNdisHandle): string {
  return `${handle.kind} ${handle.slot}.${handle.generation} @${handle.host}`;
}

/** True for a value shaped like an NDIS handle (it may still be stale or foreign). */
export function isHandleShaped(value: unknown): value is AnyNdisHandle {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.kind === "string" &&
    typeof v.host === "string" &&
    typeof v.slot === "number" &&
    typeof v.generation === "number"
  );
}
