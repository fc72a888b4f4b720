/**
 * The call manager's ILMI agent (user side) as driver code: it holds the pure user IME of
 * signaling/ilmi (with ilmid's recovery: restarts, the walk of the network's table, registration
 * deadlines) from the moment the UNI exists, sends its messages through the call manager's
 * transport once started, and runs its timers on the UNI's scheduler (NDIS timer objects).
 */
import type { Scheduler } from "../../sched/index.ts";
import {
  decodeIlmiMessage,
  type EndSystem,
  type EndSystemPhase,
  encodeIlmiMessage,
  endSystemPhase,
  initialUserIme,
  stepUserIme,
  type UserImeEffect,
  type UserImeInput,
  type UserImeRecovery,
  type UserImeState,
} from "../../signaling/ilmi/index.ts";
import { MachineTimers } from "../../signaling/machine-timers.ts";

/** What the ILMI agent reports to the call manager: the outcomes per end system. */
export type IlmiUserReport = Extract<
  UserImeEffect,
  { kind: "endSystemRegistered" | "endSystemFailed" | "endSystemRemoved" }
>;

/** TimeTicks (hundredths of a second) of a scheduler's clock, for the coldStart trap. */
const timeTicks = (s: Scheduler) => Number((s.now() / 10_000_000n) & 0xffffffffn);

/** The user-side ILMI agent of one UNI. */
export class IlmiUser {
  private state: UserImeState;
  private readonly send: (bytes: Uint8Array) => void;
  private readonly report: (effect: IlmiUserReport) => void;
  /** The UNI's scheduler, asked for at the first timer (the driver's handle exists by then). */
  private readonly scheduler: () => Scheduler;
  private timerSet: MachineTimers | undefined;
  private running = false;
  /** Frames that did not decode, dropped and counted. */
  undecodable = 0;

  constructor(
    scheduler: () => Scheduler,
    send: (bytes: Uint8Array) => void,
    report: (effect: IlmiUserReport) => void,
    recovery: Partial<UserImeRecovery> = {},
  ) {
    this.scheduler = scheduler;
    this.send = send;
    this.report = report;
    this.state = initialUserIme({ recovery });
  }

  /** True between start and stop. */
  get started(): boolean {
    return this.running;
  }

  /** ILMI restarts made to resynchronise with the network. */
  get restarts(): number {
    return this.state.restarts;
  }

  /**
   * (Re)starts the agent: coldStart trap, empty tables (the end systems kept); the network then
   * offers its prefix and the end systems register again.
   */
  start(): void {
    this.running = true;
    this.feed({ kind: "start", timeStamp: timeTicks(this.scheduler()) });
  }

  /** The link went down: the network drops our addresses with it; the link's return restarts us. */
  linkDown(): void {
    this.feed({ kind: "linkDown" });
  }

  /** A frame received on VPI 0 / VCI 16 (dropped before the agent starts). */
  receive(bytes: Uint8Array): void {
    if (!this.running) return;
    const decoded = decodeIlmiMessage(bytes);
    if (!decoded.ok) {
      this.undecodable++;
      return;
    }
    this.feed({ kind: "receive", message: decoded.value, timeStamp: timeTicks(this.scheduler()) });
  }

  /** Registers prefix ‖ ESI ‖ SEL with the network (now, or once a prefix arrives). */
  addEndSystem(endSystem: EndSystem): void {
    this.feed({ kind: "addEndSystem", endSystem });
  }

  /** Deregisters the addresses formed from ESI ‖ SEL. */
  removeEndSystem(endSystem: EndSystem): void {
    this.feed({ kind: "removeEndSystem", endSystem });
  }

  /** Where an end system stands (undefined: the agent does not have it). */
  phase(endSystem: EndSystem): EndSystemPhase | undefined {
    return endSystemPhase(this.state, endSystem);
  }

  /** The network prefixes the agent has learned. */
  prefixes(): Uint8Array[] {
    return [...this.state.prefixes.values()];
  }

  /** Stops the timers and sends nothing more; the end systems are kept. */
  stop(): void {
    this.timerSet?.stopAll();
    this.running = false;
  }

  private timers(): MachineTimers {
    this.timerSet ??= new MachineTimers(this.scheduler(), "uni-cm ilmi");
    return this.timerSet;
  }

  private feed(input: UserImeInput): void {
    // The step consumes the state (its tables are updated in place): only `next` is current.
    const [next, effects] = stepUserIme(this.state, input);
    this.state = next;
    for (const effect of effects) {
      switch (effect.kind) {
        case "send":
          if (this.running) this.send(encodeIlmiMessage(effect.message));
          break;
        case "startTimer": {
          const { timer, requestId } = effect;
          this.timers().start(`${timer}/${requestId}`, effect.delay, () => {
            const timeStamp = timeTicks(this.scheduler());
            this.feed(
              timer === "ilmiResponse"
                ? { kind: "responseTimeout", requestId, timeStamp }
                : { kind: "timerExpired", timer, requestId, timeStamp },
            );
          });
          break;
        }
        case "stopTimer":
          this.timerSet?.stop(`${effect.timer}/${effect.requestId}`);
          break;
        case "endSystemRegistered":
        case "endSystemFailed":
        case "endSystemRemoved":
          this.report(effect);
          break;
        default:
          break;
      }
    }
  }
}
