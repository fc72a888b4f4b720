/**
 * What a miniport sees of its wire: a port that sends and receives frames identified by their
 * VC (VPI, VCI), and reports link state. Every medium (in-memory, UDP) implements it and passes
 * the shared compliance suite.
 */

/** One AAL5 frame on a VC. */
export interface AtmFrame {
  readonly vpi: number;
  readonly vci: number;
  readonly payload: Uint8Array;
}

/** The miniport's end of a link. */
export interface MediumPort {
  readonly name: string;
  /** Queues a frame for the peer; never delivers synchronously. Dropped while the link is down. */
  send(frame: AtmFrame): void;
  /** Sets the receiver of frames from the peer (one receiver; a later call replaces it). */
  onReceive(handler: (frame: AtmFrame) => void): void;
  /** Sets the receiver of link-state changes. */
  onLinkState(handler: (up: boolean) => void): void;
  readonly linkUp: boolean;
  /**
   * The host's interrupt hook: the medium runs every receive and link-state callback through it,
   * so the miniport's code runs as its own DPC (in its driver's context, at DISPATCH_LEVEL).
   */
  connectInterrupts(run: (label: string, fn: () => void) => void): void;
  /** Observers of every frame this port sends (tx) or delivers (rx), for traces and pcap. */
  observeFrames(listener: (direction: "tx" | "rx", frame: AtmFrame) => void): () => void;
}

/** True for a VPI/VCI pair that fits UNI cells (VPI 8 bits, VCI 16 bits). */
export function validVc(vpi: number, vci: number): boolean {
  return (
    Number.isInteger(vpi) && Number.isInteger(vci) && vpi >= 0 && vpi <= 0xff && vci >= 0 && vci <= 0xffff
  );
}
