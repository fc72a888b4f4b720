/**
 * Test helper: one medium port shared by several protocol stacks of a host. A medium port has one
 * receiver and one link-state handler; each view here sees the frames its filter picks and every
 * link-state change, and sends on the real port.
 */
import type { AtmFrame, MediumPort } from "../../src/media/medium.ts";

/** Fans one medium port out to views by VC. */
export class PortDemux {
  private readonly port: MediumPort;
  private readonly receivers: { accept: (frame: AtmFrame) => boolean; handler: (frame: AtmFrame) => void }[] =
    [];
  private readonly linkHandlers: ((up: boolean) => void)[] = [];

  constructor(port: MediumPort) {
    this.port = port;
    port.onReceive((frame) => {
      for (const r of this.receivers) {
        if (r.accept(frame)) {
          r.handler(frame);
          return;
        }
      }
    });
    port.onLinkState((up) => {
      for (const handler of this.linkHandlers) handler(up);
    });
  }

  /** A port that receives the frames `accept` picks (the first view that accepts a frame gets it). */
  view(accept: (frame: AtmFrame) => boolean): MediumPort {
    const port = this.port;
    const receivers = this.receivers;
    const linkHandlers = this.linkHandlers;
    return {
      name: port.name,
      send: (frame) => port.send(frame),
      onReceive: (handler) => {
        receivers.push({ accept, handler });
      },
      onLinkState: (handler) => {
        linkHandlers.push(handler);
      },
      get linkUp() {
        return port.linkUp;
      },
      connectInterrupts: () => {},
      observeFrames: (listener) => port.observeFrames(listener),
    };
  }
}
