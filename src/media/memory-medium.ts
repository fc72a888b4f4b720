import type { Nanoseconds, Scheduler } from "../sched/scheduler.ts";
import type { AtmFrame, MediumPort } from "./medium.ts";

/** Fault settings of an in-memory link; the explorer changes them during a run. */
export interface LinkFaults {
  /** Chance per frame, in thousandths, that it is lost. */
  drop?: number;
  /** Chance per frame, in thousandths, that it is delivered twice. */
  duplicate?: number;
  /** Largest extra delay per frame; frames with different delays overtake each other (reordering). */
  maxDelay?: Nanoseconds;
}

/** Options of an in-memory link. */
export interface MemoryLinkInit {
  readonly name: string;
  readonly scheduler: Scheduler;
  /** Fixed propagation delay of every frame (default 0: the next scheduler step). */
  readonly delay?: Nanoseconds;
  readonly faults?: LinkFaults;
}

/** Both ends of a link, and its controls. */
export interface MemoryLink {
  readonly a: MediumPort;
  readonly b: MediumPort;
  /** Replaces the fault settings. */
  setFaults(faults: LinkFaults): void;
  /** Takes the link down: frames in flight and new frames are lost; both ports are told. */
  down(): void;
  /** Brings the link back up; both ports are told. */
  up(): void;
  /** Frames sent, delivered, dropped and duplicated so far. */
  readonly counters: { sent: number; delivered: number; dropped: number; duplicated: number };
}

interface PortState {
  /** Frames this port sent that are still on the wire, oldest first. */
  readonly inFlight: { frame: AtmFrame; epoch: number; label: string }[];
  receive: ((frame: AtmFrame) => void) | undefined;
  link: ((up: boolean) => void) | undefined;
  run: (label: string, fn: () => void) => void;
  readonly observers: Set<(direction: "tx" | "rx", frame: AtmFrame) => void>;
}

/**
 * Two ports joined by the scheduler: every frame is a scheduler task, so the controlled
 * scheduler can interleave, and fault settings drop, duplicate and delay frames by its choices.
 */
export function createMemoryLink(init: MemoryLinkInit): MemoryLink {
  const { scheduler, name } = init;
  let faults: LinkFaults = { ...init.faults };
  let isUp = true;
  let epoch = 0;
  const counters = { sent: 0, delivered: 0, dropped: 0, duplicated: 0 };
  const states: [PortState, PortState] = [
    { inFlight: [], receive: undefined, link: undefined, run: (_l, fn) => fn(), observers: new Set() },
    { inFlight: [], receive: undefined, link: undefined, run: (_l, fn) => fn(), observers: new Set() },
  ];
  const chance = (perMille: number | undefined, what: string): boolean =>
    perMille !== undefined && perMille > 0 && scheduler.choose(1000, `${name}: ${what}`) < perMille;

  const deliver = (to: PortState, frame: AtmFrame, sentEpoch: number, label: string): void => {
    if (!isUp || sentEpoch !== epoch) {
      counters.dropped++;
      return;
    }
    counters.delivered++;
    for (const o of to.observers) o("rx", frame);
    const handler = to.receive;
    if (handler !== undefined) to.run(label, () => handler(frame));
  };

  const makePort = (self: PortState, peer: PortState, portName: string): MediumPort => ({
    name: portName,
    get linkUp() {
      return isUp;
    },
    send(frame) {
      counters.sent++;
      const copy: AtmFrame = { vpi: frame.vpi, vci: frame.vci, payload: frame.payload.slice() };
      for (const o of self.observers) o("tx", copy);
      if (!isUp || chance(faults.drop, "drop")) {
        counters.dropped++;
        return;
      }
      const copies = chance(faults.duplicate, "duplicate") ? 2 : 1;
      if (copies === 2) counters.duplicated++;
      const sentEpoch = epoch;
      for (let i = 0; i < copies; i++) {
        const jitter =
          faults.maxDelay !== undefined && faults.maxDelay > 0n
            ? BigInt(scheduler.choose(Number(faults.maxDelay / 1000n) + 1, `${name}: delay`)) * 1000n
            : 0n;
        const label = `${name}: ${portName} → ${frame.vpi}/${frame.vci} (${frame.payload.length} bytes)`;
        if (jitter > 0n) {
          // A jittered frame travels on its own and may overtake others (reordering).
          scheduler.setTimer((init.delay ?? 0n) + jitter, {
            label,
            owner: name,
            run: () => deliver(peer, copy, sentEpoch, label),
          });
          continue;
        }
        // Otherwise the link is FIFO: each task delivers the oldest frame in flight, whichever task runs.
        self.inFlight.push({ frame: copy, epoch: sentEpoch, label });
        const task = {
          label,
          owner: name,
          run: () => {
            const next = self.inFlight.shift();
            if (next !== undefined) deliver(peer, next.frame, next.epoch, next.label);
          },
        };
        if ((init.delay ?? 0n) === 0n) scheduler.post(task);
        else scheduler.setTimer(init.delay ?? 0n, task);
      }
    },
    onReceive(handler) {
      self.receive = handler;
    },
    onLinkState(handler) {
      self.link = handler;
    },
    connectInterrupts(run) {
      self.run = run;
    },
    observeFrames(listener) {
      self.observers.add(listener);
      return () => self.observers.delete(listener);
    },
  });

  const notify = (state: boolean): void => {
    for (const s of states) {
      const handler = s.link;
      scheduler.post({
        label: `${name}: link ${state ? "up" : "down"}`,
        owner: name,
        run: () => handler !== undefined && s.run(`link ${state ? "up" : "down"}`, () => handler(state)),
      });
    }
  };

  return {
    a: makePort(states[0], states[1], `${name}.a`),
    b: makePort(states[1], states[0], `${name}.b`),
    counters,
    setFaults(next) {
      faults = { ...next };
    },
    down() {
      if (!isUp) return;
      isUp = false;
      epoch++;
      notify(false);
    },
    up() {
      if (isUp) return;
      isUp = true;
      notify(true);
    },
  };
}
