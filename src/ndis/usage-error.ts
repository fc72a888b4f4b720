/**
 * A DDI called where no NDIS host can be found: no argument names a host (no live handle of one)
 * and no driver code is running (outside `Host.runAs`, a handler, a work item or a timer). There
 * is no event stream to report it on, so the call throws this instead of doing nothing.
 */
export class NdisUsageError extends Error {
  /** Stable code: "no-driver-context". */
  readonly code: "no-driver-context";
  /** The DDI that was called. */
  readonly ddi: string;

  constructor(ddi: string) {
    super(`${ddi} called outside driver code, with no NDIS handle that names its host (use host.runAs)`);
    this.name = "NdisUsageError";
    this.code = "no-driver-context";
    this.ddi = ddi;
  }
}
