/**
 * The call manager's ILMI agent (user side) as driver code: it drives the pure user IME of
 * signaling/ilmi, sends its messages through the call manager's transport, and runs its response
 * timers on one NDIS timer object, so all of its deferred work goes through NDIS.
 */
import {
  type AnyNdisHandle,
  type NDIS_TIMER_OBJECT,
  NdisAllocateTimerObject,
  NdisCancelTimerObject,
  NdisFreeTimerObject,
  NdisGetCurrentSystemTime,
  NdisSetTimerObject,
} from "../../ndis/index.ts";
import {
  decodeIlmiMessage,
  type EndSystem,
  encodeIlmiMessage,
  initialUserIme,
  stepUserIme,
  type UserImeEffect,
  type UserImeInput,
  type UserImeState,
} from "../../signaling/ilmi/index.ts";

/** What the ILMI agent reports to the call manager. */
export type IlmiUserReport = Exclude<UserImeEffect, { kind: "send" | "startTimer" | "stopTimer" }>;

/** The user-side ILMI agent of one UNI. */
export class IlmiUser {
  private state: UserImeState;
  private readonly timer: NDIS_TIMER_OBJECT | null;
  /** Due times (100-ns system time) of the response timers, by request id. */
  private readonly due = new Map<number, bigint>();
  private readonly send: (bytes: Uint8Array) => void;
  private readonly report: (effect: IlmiUserReport) => void;
  /** Frames that did not decode, dropped and counted. */
  undecodable = 0;

  constructor(
    owner: AnyNdisHandle,
    send: (bytes: Uint8Array) => void,
    report: (effect: IlmiUserReport) => void,
  ) {
    this.state = initialUserIme();
    this.send = send;
    this.report = report;
    this.timer = NdisAllocateTimerObject(owner, {
      AllocationTag: 0x696c6d69,
      TimerFunction: () => this.expire(),
      FunctionContext: null,
    }).TimerObject;
  }

  /** (Re)starts the agent: coldStart trap, empty tables; the network then offers its prefix. */
  start(): void {
    this.feed({ kind: "start", timeStamp: Number((NdisGetCurrentSystemTime() / 100_000n) & 0xffffffffn) });
  }

  /** A frame received on VPI 0 / VCI 16. */
  receive(bytes: Uint8Array): void {
    const decoded = decodeIlmiMessage(bytes);
    if (!decoded.ok) {
      this.undecodable++;
      return;
    }
    this.feed({ kind: "receive", message: decoded.value });
  }

  /** Registers prefix ‖ ESI ‖ SEL with the network (now, or once a prefix arrives). */
  addEndSystem(endSystem: EndSystem): void {
    this.feed({ kind: "addEndSystem", endSystem });
  }

  /** Deregisters the addresses formed from ESI ‖ SEL. */
  removeEndSystem(endSystem: EndSystem): void {
    this.feed({ kind: "removeEndSystem", endSystem });
  }

  /** The network prefixes the agent has learned. */
  prefixes(): Uint8Array[] {
    return [...this.state.prefixes.values()];
  }

  /** Stops the timer; the agent is not used afterwards. */
  stop(): void {
    if (this.timer === null) return;
    NdisCancelTimerObject(this.timer);
    NdisFreeTimerObject(this.timer);
    this.due.clear();
  }

  private feed(input: UserImeInput): void {
    const [next, effects] = stepUserIme(this.state, input);
    this.state = next;
    for (const effect of effects) {
      switch (effect.kind) {
        case "send":
          this.send(encodeIlmiMessage(effect.message));
          break;
        case "startTimer":
          this.due.set(effect.requestId, NdisGetCurrentSystemTime() + effect.delay / 100n);
          this.arm();
          break;
        case "stopTimer":
          this.due.delete(effect.requestId);
          this.arm();
          break;
        default:
          this.report(effect);
      }
    }
  }

  private arm(): void {
    if (this.timer === null) return;
    if (this.due.size === 0) {
      NdisCancelTimerObject(this.timer);
      return;
    }
    const earliest = [...this.due.values()].reduce((a, b) => (a < b ? a : b));
    const wait = earliest - NdisGetCurrentSystemTime();
    NdisSetTimerObject(this.timer, -(wait > 0n ? wait : 0n), 0, null);
  }

  private expire(): void {
    const now = NdisGetCurrentSystemTime();
    const expired = [...this.due.entries()].filter(([, at]) => at <= now).map(([id]) => id);
    for (const requestId of expired) {
      this.due.delete(requestId);
      this.feed({ kind: "responseTimeout", requestId });
    }
    this.arm();
  }
}
