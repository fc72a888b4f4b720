/**
 * What a pended request is keyed on when its handle is not enough. Most requests work on one NDIS
 * object and their completion names its handle (a SAP, an AF, a VC). CoNDIS OID requests do not:
 * the request is the NDIS_OID_REQUEST itself, the requester names its binding while the
 * completion names the AF or the adapter. The stream carries the OID and the driver on both
 * sides, so an OID request is keyed on the driver that must complete it and the OID. Call and
 * QoS requests are completed on their VC, but the handler may name another handle first (the SAP
 * an incoming call is dispatched on, the first party of a point-to-multipoint make-call): they are
 * keyed on the VC handle the DDI that made the request names.
 */
import type { ArgSummary, NdisEvent } from "../ndis/index.ts";
import { ddiDescriptor, isHandleSummary } from "./annotations.ts";

type HandlerEnter = Extract<NdisEvent, { type: "handler-enter" }>;
type DdiCall = Extract<NdisEvent, { type: "ddi-call" }>;

/** The handlers whose requests are NDIS_OID_REQUESTs. */
export const OID_HANDLERS: ReadonlySet<string> = new Set(["ProtocolCoOidRequest", "MiniportCoOidRequest"]);

function hex(oid: ArgSummary | undefined): string {
  return typeof oid === "number" ? `0x${(oid >>> 0).toString(16).padStart(8, "0")}` : "?";
}

/** The key of an OID request pending at `driver` ("OID 0xfe000006 at TESTCM"). */
export function oidKey(driver: string | null, oid: ArgSummary | undefined): string {
  return `OID ${hex(oid)} at ${driver ?? "?"}`;
}

/**
 * Handlers whose request is completed on the VC that the enclosing DDI names, whatever other
 * handle comes first (Ndis(M)CmDispatchIncomingCall names the SAP, then the VC; a multipoint
 * ProtocolCmMakeCall gets its first party's handle; the completions name the VC).
 */
export const VC_KEYED_HANDLERS: ReadonlySet<string> = new Set([
  "ProtocolCmMakeCall",
  "ProtocolCmCloseCall",
  "ProtocolClIncomingCall",
  "ProtocolCmModifyCallQoS",
]);

/**
 * The request key of a handler entry, when its handle is not the right key; `within` is the DDI
 * call NDIS entered the handler from, if any.
 */
export function requestKeyOf(e: HandlerEnter, within?: DdiCall): string | undefined {
  if (OID_HANDLERS.has(e.handler)) return oidKey(e.driver, e.args.Oid);
  if (VC_KEYED_HANDLERS.has(e.handler)) {
    const vc = within?.args.NdisVcHandle;
    return isHandleSummary(vc) ? vc : undefined;
  }
  return undefined;
}

/** The request key a completion DDI call names, when its handle is not the right key. */
export function completionKeyOf(e: DdiCall): string | undefined {
  const completes = ddiDescriptor(e.ddi)?.completes;
  return completes !== undefined && OID_HANDLERS.has(completes) ? oidKey(e.driver, e.args.Oid) : undefined;
}
