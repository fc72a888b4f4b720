/**
 * Test harness: a user-side and a network-side IME joined by two FIFO channels on VC 0/16. Every
 * message crosses as bytes (encode → decode), and every frame is logged with its direction and a
 * virtual timestamp so that tests can write it to a pcap.
 */
import type { Nanoseconds } from "../../../src/sched/scheduler.ts";
import { decodeIlmiMessage, encodeIlmiMessage } from "../../../src/signaling/ilmi/ilmi-message.ts";
import {
  initialNetworkIme,
  type NetworkImeEffect,
  type NetworkImeInit,
  type NetworkImeInput,
  type NetworkImeState,
  stepNetworkIme,
} from "../../../src/signaling/ilmi/network-ime.ts";
import type { SnmpMessage } from "../../../src/signaling/ilmi/snmp-types.ts";
import {
  initialUserIme,
  stepUserIme,
  type UserImeEffect,
  type UserImeInit,
  type UserImeInput,
  type UserImeState,
} from "../../../src/signaling/ilmi/user-ime.ts";

/** Which IME sent a frame. */
export type Side = "user" | "network";

/** One frame that crossed the UNI. */
export interface LoggedFrame {
  readonly from: Side;
  readonly time: Nanoseconds;
  readonly bytes: Uint8Array;
}

/** A timer an IME asked for. */
interface Timer {
  readonly side: Side;
  readonly requestId: number;
}

/** Two IMEs and the wire between them. */
export class IlmiLink {
  user: UserImeState;
  network: NetworkImeState;
  readonly toNetwork: Uint8Array[] = [];
  readonly toUser: Uint8Array[] = [];
  readonly frames: LoggedFrame[] = [];
  readonly userEvents: UserImeEffect[] = [];
  readonly networkEvents: NetworkImeEffect[] = [];
  /** Running timers in start order. */
  timers: Timer[] = [];
  time: Nanoseconds = 0n;
  /** Nanoseconds the clock advances per frame sent, so the pcap shows distinct times. */
  readonly tick: Nanoseconds;

  constructor(user: UserImeInit, network: NetworkImeInit, tick: Nanoseconds = 1_000_000n) {
    this.user = initialUserIme(user);
    this.network = initialNetworkIme(network);
    this.tick = tick;
  }

  stepUser(input: UserImeInput): void {
    const [next, effects] = stepUserIme(this.user, input);
    this.user = next;
    this.apply("user", effects);
  }

  stepNetwork(input: NetworkImeInput): void {
    const [next, effects] = stepNetworkIme(this.network, input);
    this.network = next;
    this.apply("network", effects);
  }

  /** Puts a hand-made message on the wire as if `from` had sent it (for Gets and bad requests). */
  inject(from: Side, message: SnmpMessage): void {
    this.send(from, message);
  }

  /** Delivers the oldest frame travelling towards `to`; false when there is none. */
  deliver(to: Side): boolean {
    const queue = to === "user" ? this.toUser : this.toNetwork;
    const bytes = queue.shift();
    if (bytes === undefined) return false;
    const decoded = decodeIlmiMessage(bytes);
    if (!decoded.ok) throw new Error(`IME sent an undecodable frame: ${decoded.error.reason}`);
    if (to === "user") this.stepUser({ kind: "receive", message: decoded.value });
    else this.stepNetwork({ kind: "receive", message: decoded.value });
    return true;
  }

  /** Delivers everything in flight, alternating directions, until both channels are empty. */
  drain(limit = 10_000): void {
    for (let i = 0; i < limit; i++) {
      const a = this.deliver("network");
      const b = this.deliver("user");
      if (!a && !b) return;
    }
    throw new Error("ILMI exchange did not settle");
  }

  /** Fires the oldest running timer; false when none runs. */
  fireTimer(): boolean {
    const timer = this.timers.shift();
    if (timer === undefined) return false;
    const input = { kind: "responseTimeout", requestId: timer.requestId } as const;
    if (timer.side === "user") this.stepUser(input);
    else this.stepNetwork(input);
    return true;
  }

  private send(from: Side, message: SnmpMessage): void {
    const bytes = encodeIlmiMessage(message);
    this.time += this.tick;
    this.frames.push({ from, time: this.time, bytes });
    (from === "user" ? this.toNetwork : this.toUser).push(bytes);
  }

  private apply(side: Side, effects: readonly (UserImeEffect | NetworkImeEffect)[]): void {
    for (const effect of effects) {
      switch (effect.kind) {
        case "send":
          this.send(side, effect.message);
          break;
        case "startTimer":
          this.timers = this.timers.filter((t) => !(t.side === side && t.requestId === effect.requestId));
          this.timers.push({ side, requestId: effect.requestId });
          break;
        case "stopTimer":
          this.timers = this.timers.filter((t) => !(t.side === side && t.requestId === effect.requestId));
          break;
        default:
          if (side === "user") this.userEvents.push(effect as UserImeEffect);
          else this.networkEvents.push(effect as NetworkImeEffect);
      }
    }
  }
}
