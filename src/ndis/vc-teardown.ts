import type { Host } from "./host.ts";
import type { VcRecord } from "./objects.ts";

/**
 * NDIS removes a VC whose owner went away without deleting it (its binding closed, or its AF was
 * torn down): the miniport's VC is deleted, the protocols are not called, and it is reported.
 */
export function forceDeleteVc(host: Host, vc: VcRecord, why: string): void {
  if (vc.state === "Deleted") return;
  host.contract(
    "binding-closed-with-open-afs",
    `Vc ${vc.id} of "${vc.creatorDriver.name}" removed by NDIS (${why}) in state ${vc.state}`,
    { object: `Vc ${vc.id}` },
  );
  const mp = vc.adapter.miniport;
  const del = mp.co?.CoDeleteVcHandler;
  if (
    vc.af?.registration.kind !== "mcm" &&
    del !== undefined &&
    del !== null &&
    vc.adapter.state !== "Halted"
  ) {
    host.callHandler(mp.driver, "MiniportCoDeleteVc", {}, () => del(vc.miniportContext), {
      subject: `Vc ${vc.id}`,
    });
  }
  vc.adapter.vcs.delete(vc);
  vc.af?.vcs.delete(vc);
  vc.client?.binding.vcs.delete(vc);
  vc.cm?.binding.vcs.delete(vc);
  host.emit({ type: "state", object: `Vc ${vc.id}`, from: vc.state, to: "Deleted" });
  vc.state = "Deleted";
  host.revoke(vc.handle);
}
