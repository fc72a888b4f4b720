import { currentFrame } from "./context.ts";
import type { Host } from "./host.ts";
import type { AfRegistration } from "./objects.ts";
import { type NDIS_STATUS, NDIS_STATUS_PENDING, ndisStatusName } from "./status.ts";

/**
 * Checks that a call-manager DDI comes from the call manager that owns `reg`, in the form that
 * fits it: `NdisCm*` for a stand-alone call manager, `NdisMCm*` for an MCM (Q14: one
 * implementation, the caller-role check reported as a semantics.md choice). False when the
 * caller is another driver: the call is refused.
 */
export function checkCmCaller(host: Host, ddi: string, reg: AfRegistration): boolean {
  const caller = currentFrame()?.driver;
  if (caller !== null && caller !== undefined && caller !== reg.driver) {
    host.contract(
      "wrong-caller",
      `${ddi} called by "${caller.name}"; the call manager of this AF is "${reg.driver.name}"`,
      { ddi },
    );
    return false;
  }
  const mForm = ddi.startsWith("NdisMCm");
  if (mForm && reg.kind === "cm") {
    host.contract(
      "wrong-form",
      `${ddi} is the MCM form; a stand-alone call manager calls ${ddi.replace("NdisMCm", "NdisCm")}`,
      { ddi, level: "semantics" },
    );
  } else if (!mForm && reg.kind === "mcm") {
    host.contract(
      "wrong-form",
      `${ddi} is the stand-alone form; an MCM calls ${ddi.replace("NdisCm", "NdisMCm")}`,
      { ddi, level: "semantics" },
    );
  }
  return true;
}

/** Checks that a client DDI comes from the client that owns the object; false refuses the call. */
export function checkClientCaller(host: Host, ddi: string, owner: { readonly name: string }): boolean {
  const caller = currentFrame()?.driver;
  if (caller !== null && caller !== undefined && caller !== owner) {
    host.contract(
      "wrong-caller",
      `${ddi} called by "${caller.name}"; the handle belongs to client "${owner.name}"`,
      { ddi },
    );
    return false;
  }
  return true;
}

/**
 * Every `…Complete` DDI accepts any status except PENDING. Reports a PENDING status, or a value
 * that is no NDIS_STATUS at all (not a 32-bit unsigned integer), and returns true: the completion
 * is then ignored, and the request stays pended.
 */
export function completesWithPending(host: Host, ddi: string, Status: NDIS_STATUS, object?: string): boolean {
  if (!checkStatusArgument(host, ddi, "Status", Status, object, "the completion is ignored")) return true;
  if (Status !== NDIS_STATUS_PENDING) return false;
  host.contract(
    "completion-with-pending-status",
    `${ddi} with NDIS_STATUS_PENDING`,
    object === undefined ? { ddi } : { ddi, object },
  );
  return true;
}

/**
 * A handler that completed its request inside itself must then return PENDING (the completion
 * has already told the caller); any other return is a second answer, reported here. The DDI then
 * answers PENDING.
 */
export function checkCompletedInHandler(
  host: Host,
  handler: string,
  status: NDIS_STATUS,
  object: string,
): void {
  if (status === NDIS_STATUS_PENDING) return;
  host.contract(
    "double-completion",
    `${handler} completed inside the handler, then returned ${ndisStatusName(status)}`,
    {
      object,
    },
  );
}

/**
 * Checks that a status argument is an NDIS_STATUS (a 32-bit unsigned integer); false after
 * reporting it, and the DDI then does nothing (`outcome` says so in the report).
 */
export function checkStatusArgument(
  host: Host,
  ddi: string,
  name: string,
  value: unknown,
  object: string | undefined,
  outcome = "nothing was done",
): boolean {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return true;
  host.contract(
    "bad-parameter",
    `${ddi}: ${name} (${String(value)}) is not an NDIS_STATUS; ${outcome}`,
    object === undefined ? { ddi } : { ddi, object },
  );
  return false;
}

/**
 * Checks that CallParameters is a CO_CALL_PARAMETERS (an object), which NDIS hands to the peer
 * (the miniport's MiniportCoActivateVc, the call manager's ProtocolCmMakeCall); false after
 * reporting it, and the DDI then fails without calling anyone.
 */
export function checkCallParameters(
  host: Host,
  ddi: string,
  CallParameters: unknown,
  object: string,
): boolean {
  if (typeof CallParameters === "object" && CallParameters !== null) return true;
  host.contract(
    "bad-parameter",
    `${ddi}: CallParameters (${String(CallParameters)}) is not a CO_CALL_PARAMETERS`,
    {
      ddi,
      object,
    },
  );
  return false;
}
