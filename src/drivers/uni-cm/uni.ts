/**
 * One UNI of the call manager: one binding of the stand-alone call manager to an adapter, or one
 * MCM adapter. It owns the link state, ILMI (in the AF/SAP core), SSCOP and call control (in the
 * calls), the SAP and call tables, and the routing of frames: 0/5 to SSCOP, 0/16 to ILMI, call VCs
 * to their calls. The driver that hosts it gives it a platform: where its memory and timers are
 * charged, how it sends, and which DDI forms it calls.
 */
import { makeTag } from "../../ndis/index.ts";
import { ILMI_VCI } from "../../signaling/ilmi/index.ts";
import { SIGNALING_VCI } from "../../signaling/q2931/index.ts";
import { UniCalls } from "./calls.ts";
import { UniCmCore } from "./core.ts";
import { NdisTimerScheduler } from "./ndis-scheduler.ts";
import type { UniSignalingTiming } from "./signaling.ts";
import type { AfUni, UniCall, UniPlatform } from "./types.ts";

export { SIGNALING_VCI };

/** The pool tag of the UNI runner's NDIS timer object ("(Uni" in a pool dump). */
const UNI_RUNNER_TAG = makeTag("inU(");

/** The context a driver gives NDIS for a UNI (its ProtocolBindingContext or MiniportAdapterContext). */
export interface UniContext {
  readonly uni: Uni;
}

/** One UNI. */
export class Uni implements AfUni {
  readonly platform: UniPlatform;
  /** AFs, SAPs and ILMI. */
  readonly core: UniCmCore;
  /** Calls, SSCOP and Q.2931 on 0/5. */
  readonly calls: UniCalls;
  /** True while the link to the switch is up. */
  linkUp: boolean;
  /** SSCOP frames received on 0/5. */
  q2931Frames = 0;
  private runner: NdisTimerScheduler | undefined;

  constructor(platform: UniPlatform, init: { linkUp: boolean; timing?: UniSignalingTiming | undefined }) {
    this.platform = platform;
    this.linkUp = init.linkUp;
    this.core = new UniCmCore(this);
    this.calls = new UniCalls(platform, this.core, () => this.scheduler(), init.timing);
  }

  /**
   * The UNI's one runner: one NDIS timer object for ILMI, SSCOP and call control, made at its first
   * use (the driver's binding or adapter handle exists by then).
   */
  scheduler(): NdisTimerScheduler {
    this.runner ??= new NdisTimerScheduler(this.platform.owner(), UNI_RUNNER_TAG);
    return this.runner;
  }

  /** The binding or adapter runs: ILMI starts, and SSCOP comes up on 0/5 if the link is up. */
  start(): void {
    this.core.startIlmi();
    if (this.linkUp) this.calls.start();
  }

  /** The link to the switch went down or came back (`signal`: bring SSCOP up again on its return). */
  link(up: boolean, signal = true): void {
    if (this.linkUp === up) return;
    this.linkUp = up;
    if (!up) {
      this.core.linkLost();
      this.calls.linkLost();
      return;
    }
    this.core.linkRestored();
    if (signal) this.calls.start();
  }

  /** A frame on one of the UNI's signaling VCs (VPI 0). */
  receiveSignaling(vci: number, bytes: Uint8Array): void {
    if (vci === ILMI_VCI) this.core.receiveIlmi(bytes);
    else if (vci === SIGNALING_VCI) {
      this.q2931Frames++;
      this.calls.receive(bytes);
    }
  }

  /** The active call on a VPI/VCI, where a received data frame goes. */
  callOnVc(vpi: number, vci: number): UniCall | undefined {
    return this.calls.callOnVc(vpi, vci);
  }

  /** Unbind or halt, once the AFs are closed: signaling stopped, every record and timer freed. */
  close(): void {
    this.calls.close();
    this.core.close();
    this.runner?.close();
    this.runner = undefined;
  }
}
