import type { AnyNdisHandle } from "./handle.ts";
import { hostForDdi } from "./host.ts";
import { ownerOfHandle } from "./owner.ts";

/** NdisGetCurrentSystemTime: the host's time in 100-nanosecond units (the out-parameter becomes the result). */
export function NdisGetCurrentSystemTime(): bigint {
  const host = hostForDdi("NdisGetCurrentSystemTime");
  return host.ddi("NdisGetCurrentSystemTime", {}, () => host.scheduler.now() / 100n);
}

/**
 * NdisWriteErrorLogEntry: a driver records a fact in the system event log. In condis the entry
 * joins the host's event stream as a `log` event, so traces and the verifier see it.
 */
export function NdisWriteErrorLogEntry(
  NdisAdapterHandle: AnyNdisHandle,
  ErrorCode: number,
  ...ErrorValues: number[]
): void {
  const host = hostForDdi("NdisWriteErrorLogEntry", NdisAdapterHandle);
  const ddi = "NdisWriteErrorLogEntry";
  host.ddi(ddi, { NdisAdapterHandle, ErrorCode, ErrorValues }, () => {
    if (ownerOfHandle(host, NdisAdapterHandle, ddi) === undefined) return;
    const ulong = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
    const bad = !ulong(ErrorCode) ? "ErrorCode" : ErrorValues.findIndex((v) => !ulong(v));
    if (bad !== -1) {
      const what =
        bad === "ErrorCode"
          ? `ErrorCode (${String(ErrorCode)})`
          : `ErrorValues[${bad}] (${String(ErrorValues[bad])})`;
      host.contract("bad-parameter", `${ddi}: ${what} is not a ULONG; nothing was logged`, { ddi });
      return;
    }
    host.emit({ type: "log", errorCode: ErrorCode, values: ErrorValues });
  });
}

/**
 * NDIS_ERROR_CODE values used with NdisWriteErrorLogEntry. ndis.h defines each as a netevent.h
 * event id (`#define NDIS_ERROR_CODE_TIMEOUT EVENT_NDIS_TIMEOUT`); the values are netevent.h's
 * (`#define EVENT_NDIS_TIMEOUT __MSABI_LONG(0x8000138F)`, a warning, not an error).
 */
export const NDIS_ERROR_CODE = {
  NDIS_ERROR_CODE_RESOURCE_CONFLICT: 0xc0001388,
  NDIS_ERROR_CODE_OUT_OF_RESOURCES: 0xc0001389,
  NDIS_ERROR_CODE_HARDWARE_FAILURE: 0xc000138a,
  NDIS_ERROR_CODE_ADAPTER_NOT_FOUND: 0xc000138b,
  NDIS_ERROR_CODE_DRIVER_FAILURE: 0xc000138d,
  NDIS_ERROR_CODE_TIMEOUT: 0x8000138f,
  NDIS_ERROR_CODE_NETWORK_ADDRESS: 0xc0001390,
} as const;
