import type { Host } from "./host.ts";
import type { AfOpen, SapRecord } from "./objects.ts";
import { NDIS_STATUS_FAILURE } from "./status.ts";
import { forceDeleteVc } from "./vc-teardown.ts";

/** @internal Records an AF open's state change. */
export function setAfState(host: Host, open: AfOpen, to: AfOpen["state"]): void {
  host.emit({ type: "state", object: `Af ${open.id}`, from: open.state, to });
  open.state = to;
}

/** @internal Records a SAP's state change. */
export function setSapState(host: Host, sap: SapRecord, to: SapRecord["state"]): void {
  host.emit({ type: "state", object: `Sap ${sap.id}`, from: sap.state, to });
  sap.state = to;
}

/** @internal Frees NDIS's SAP object: its handle never resolves again. */
export function freeSap(host: Host, sap: SapRecord): void {
  setSapState(host, sap, "Freed");
  sap.request = undefined;
  sap.af.saps.delete(sap);
  host.revoke(sap.handle);
}

/** @internal Frees an AF open once both its close and any notify are done. */
export function freeAfOpen(host: Host, open: AfOpen): void {
  if (open.state !== "Closed") setAfState(host, open, "Closed");
  open.request = undefined;
  open.notify = undefined;
  open.registration.opens.delete(open);
  open.clientBinding.clientAfs.delete(open);
  host.revoke(open.handle);
}

/**
 * Q7: NDIS releases an AF's SAPs itself only when the AF is torn down under them (its binding
 * closed, or the call manager went away). A client deregistration still waiting at the call
 * manager completes with NDIS_STATUS_FAILURE ("AF closing"); a registration still pending
 * completes with NDIS_STATUS_FAILURE; the call manager is not called.
 */
export function teardownAfOpen(host: Host, open: AfOpen, why: string): void {
  host.contract("af-torn-down", `Af ${open.id} torn down (${why}) with ${open.saps.size} SAP(s)`, {
    object: `Af ${open.id}`,
    level: "semantics",
  });
  for (const vc of [...open.vcs]) forceDeleteVc(host, vc, `Af ${open.id} torn down`);
  const client = open.clientBinding.protocol;
  const cl = client.cl;
  for (const sap of [...open.saps]) {
    const op = sap.request?.op;
    freeSap(host, sap);
    if (cl === undefined) continue;
    if (op === "deregister") {
      host.callHandler(
        client.driver,
        "ProtocolClDeregisterSapComplete",
        { Status: NDIS_STATUS_FAILURE },
        () => cl.ClDeregisterSapCompleteHandler(NDIS_STATUS_FAILURE, sap.ProtocolSapContext),
      );
    } else if (op === "register") {
      host.callHandler(client.driver, "ProtocolClRegisterSapComplete", { Status: NDIS_STATUS_FAILURE }, () =>
        cl.ClRegisterSapCompleteHandler(NDIS_STATUS_FAILURE, sap.ProtocolSapContext, sap.Sap, null),
      );
    }
  }
  freeAfOpen(host, open);
}
