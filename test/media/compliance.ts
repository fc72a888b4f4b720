/**
 * The compliance suite every medium must pass: frames reach the peer in order, never
 * synchronously, through the interrupt hook; observers see both directions; link down loses
 * frames and tells both ends; link up tells both ends.
 */
import { describe, expect, it } from "vitest";
import type { AtmFrame, MediumPort } from "../../src/media/index.ts";

/** What a medium under test provides. */
export interface MediumUnderTest {
  readonly a: MediumPort;
  readonly b: MediumPort;
  /** Runs the medium until nothing is in flight. */
  settle(): Promise<void> | void;
  down(): void;
  up(): void;
}

const frame = (vci: number, ...bytes: number[]): AtmFrame => ({
  vpi: 0,
  vci,
  payload: new Uint8Array(bytes),
});

/** Registers the suite for one medium. */
export function mediumCompliance(name: string, make: () => MediumUnderTest): void {
  describe(`medium compliance: ${name}`, () => {
    it("delivers frames to the peer in order, never synchronously", async () => {
      const m = make();
      const got: AtmFrame[] = [];
      m.b.onReceive((f) => got.push(f));
      m.a.send(frame(5, 1));
      m.a.send(frame(5, 2));
      m.a.send(frame(16, 3));
      expect(got).toEqual([]);
      await m.settle();
      expect(got).toEqual([frame(5, 1), frame(5, 2), frame(16, 3)]);
    });

    it("works both ways and keeps the VC identity", async () => {
      const m = make();
      const atA: AtmFrame[] = [];
      const atB: AtmFrame[] = [];
      m.a.onReceive((f) => atA.push(f));
      m.b.onReceive((f) => atB.push(f));
      m.a.send({ vpi: 1, vci: 200, payload: new Uint8Array([9]) });
      m.b.send({ vpi: 2, vci: 300, payload: new Uint8Array([8]) });
      await m.settle();
      expect(atB).toEqual([{ vpi: 1, vci: 200, payload: new Uint8Array([9]) }]);
      expect(atA).toEqual([{ vpi: 2, vci: 300, payload: new Uint8Array([8]) }]);
    });

    it("copies the payload: the sender may reuse its buffer at once", async () => {
      const m = make();
      const got: AtmFrame[] = [];
      m.b.onReceive((f) => got.push(f));
      const buffer = new Uint8Array([1, 2]);
      m.a.send({ vpi: 0, vci: 5, payload: buffer });
      buffer[0] = 99;
      await m.settle();
      expect([...(got[0]?.payload ?? [])]).toEqual([1, 2]);
    });

    it("runs receive callbacks through the interrupt hook", async () => {
      const m = make();
      const labels: string[] = [];
      m.b.connectInterrupts((label, fn) => {
        labels.push(label);
        fn();
      });
      const got: AtmFrame[] = [];
      m.b.onReceive((f) => got.push(f));
      m.a.send(frame(5, 1));
      await m.settle();
      expect(got).toHaveLength(1);
      expect(labels).toHaveLength(1);
    });

    it("shows observers every frame sent (tx) and delivered (rx)", async () => {
      const m = make();
      const seen: string[] = [];
      m.a.observeFrames((d, f) => seen.push(`a ${d} ${f.vci}`));
      m.b.observeFrames((d, f) => seen.push(`b ${d} ${f.vci}`));
      m.b.onReceive(() => {});
      m.a.send(frame(7, 1));
      await m.settle();
      expect(seen).toEqual(["a tx 7", "b rx 7"]);
    });

    it("link down loses frames in flight and new ones, and tells both ends; link up tells them too", async () => {
      const m = make();
      const states: string[] = [];
      m.a.onLinkState((up) => states.push(`a ${up}`));
      m.b.onLinkState((up) => states.push(`b ${up}`));
      const got: AtmFrame[] = [];
      m.b.onReceive((f) => got.push(f));
      m.a.send(frame(5, 1));
      m.down();
      m.a.send(frame(5, 2));
      await m.settle();
      expect(got).toEqual([]);
      expect(m.a.linkUp).toBe(false);
      m.up();
      await m.settle();
      m.a.send(frame(5, 3));
      await m.settle();
      expect(got).toEqual([frame(5, 3)]);
      expect(states.sort()).toEqual(["a false", "a true", "b false", "b true"]);
    });
  });
}
