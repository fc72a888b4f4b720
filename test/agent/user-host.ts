/**
 * Test harness: the user side of one UNI, as a call manager will run it. A user-side IME driven on the
 * scheduler over a medium port (frames on 0/16 encoded and decoded for real, timers as scheduler
 * timers), following its link like the agent does. With `recover`, it adds what linux ilmid does and
 * the pure IME leaves to its owner (ATM Forum ILMI 4.0): a request that goes unanswered
 * restarts ILMI (coldStart), and a verify poll every 15 s walks the network's atmfAddressTable and
 * restarts when it differs from ours (or when no prefix came).
 */
import { followLinkState } from "../../src/media/link-state.ts";
import type { AtmFrame, MediumPort } from "../../src/media/medium.ts";
import { type Nanoseconds, type Scheduler, seconds, type TaskHandle } from "../../src/sched/index.ts";
import {
  AtmfStatus,
  decodeIlmiMessage,
  type EndSystem,
  encodeIlmiMessage,
  getRequest,
  ILMI_VCI,
  ILMI_VPI,
  IlmiOid,
  type IlmiTiming,
  initialUserIme,
  type Oid,
  parseAddressStatusOid,
  registeredAddresses,
  SnmpErrorStatus,
  type SnmpMessage,
  stepUserIme,
  type UserImeEffect,
  type UserImeInput,
  type UserImeState,
} from "../../src/signaling/ilmi/index.ts";
import { hex } from "../../src/util/hex.ts";

/** Options of a user host. */
export interface UserHostInit {
  readonly name: string;
  readonly scheduler: Scheduler;
  readonly port: MediumPort;
  readonly endSystems?: readonly EndSystem[];
  readonly timing?: Partial<IlmiTiming>;
  /** ilmid-style recovery (restart on give-up, periodic verify poll). Default false. */
  readonly recover?: boolean;
  /** Whether the host restarts ILMI on its own link's down/up. Default true. */
  readonly followLink?: boolean;
}

/** ilmid's verify period (S9: poll every 15 s). */
const VERIFY_PERIOD: Nanoseconds = seconds(15);
/** Poll request-ids live far above the IME's, so the two never collide. */
const FIRST_POLL_ID = 0x40000000;

/** Lower-case hex, as the agent's view prints addresses. */
export const toHex = hex;

/** The user side of one UNI. */
export class UserHost {
  readonly name: string;
  ime: UserImeState;
  /** Everything the IME reported to its owner (not sends or timers), in order. */
  readonly events: UserImeEffect[] = [];
  /** Messages received on 0/16 that the IME never saw: answers to raw sends and to polls. */
  readonly answers: SnmpMessage[] = [];
  restarts = 0;
  private readonly scheduler: Scheduler;
  private readonly port: MediumPort;
  private readonly timing: Partial<IlmiTiming> | undefined;
  private readonly recover: boolean;
  private readonly followLink: boolean;
  private readonly timers = new Map<number, TaskHandle>();
  private up = false;
  private polling: boolean;
  private verifyTimer: TaskHandle | undefined;
  private poll:
    | { id: number; attempts: number; timer: TaskHandle; message: SnmpMessage; seen: string[] }
    | undefined;
  private nextPollId = FIRST_POLL_ID;
  private rawIds = new Set<number>();

  constructor(init: UserHostInit) {
    this.name = init.name;
    this.scheduler = init.scheduler;
    this.port = init.port;
    this.timing = init.timing;
    this.recover = init.recover ?? false;
    this.polling = this.recover;
    this.followLink = init.followLink ?? true;
    this.ime = initialUserIme({ endSystems: init.endSystems ?? [], ...this.timingInit() });
  }

  /** Attaches to the port and, if the link is up, starts ILMI (coldStart). */
  start(): void {
    this.port.onReceive((frame) => this.received(frame));
    this.port.onLinkState((up) => {
      if (this.followLink) this.sync(up);
    });
    this.sync(undefined);
  }

  addEndSystem(endSystem: EndSystem): void {
    this.step({ kind: "addEndSystem", endSystem });
  }

  removeEndSystem(endSystem: EndSystem): void {
    this.step({ kind: "removeEndSystem", endSystem });
  }

  /** The addresses this host considers registered, sorted hex. */
  registered(): string[] {
    return registeredAddresses(this.ime).map(toHex).sort();
  }

  /** Sends a hand-made ILMI message (a forgery, a stray request); its answer lands in `answers`. */
  sendMessage(message: SnmpMessage): void {
    if (message.pdu.type !== "trap") this.rawIds.add(message.pdu.requestId);
    this.sendRaw({ vpi: ILMI_VPI, vci: ILMI_VCI, payload: encodeIlmiMessage(message) });
  }

  /** Sends arbitrary bytes on any VC. */
  sendRaw(frame: AtmFrame): void {
    this.port.send(frame);
  }

  /** Stops the periodic verify poll so that the scheduler can go idle. */
  stopPolling(): void {
    this.polling = false;
    this.cancelPoll();
    if (this.verifyTimer !== undefined) this.scheduler.cancel(this.verifyTimer);
    this.verifyTimer = undefined;
  }

  private timingInit(): { timing?: Partial<IlmiTiming> } {
    return this.timing === undefined ? {} : { timing: this.timing };
  }

  private sync(notified: boolean | undefined): void {
    followLinkState(this.port.linkUp, this.up, notified, {
      up: () => this.goUp(),
      down: () => this.goDown(),
    });
  }

  private goUp(): void {
    this.up = true;
    this.restart();
  }

  private goDown(): void {
    this.up = false;
    for (const handle of this.timers.values()) this.scheduler.cancel(handle);
    this.timers.clear();
    this.cancelPoll();
    if (this.verifyTimer !== undefined) this.scheduler.cancel(this.verifyTimer);
    this.verifyTimer = undefined;
    // Registrations die with the link; keep the end systems and the request-id counter.
    this.ime = initialUserIme({
      endSystems: [...this.ime.endSystems.values()],
      firstRequestId: this.ime.requests.nextRequestId,
      ...this.timingInit(),
    });
  }

  private restart(): void {
    this.restarts++;
    this.cancelPoll();
    this.step({ kind: "start", timeStamp: 0 });
    this.armVerify();
  }

  private received(frame: AtmFrame): void {
    if (frame.vpi !== ILMI_VPI || frame.vci !== ILMI_VCI) return;
    if (!this.up && this.followLink) this.sync(undefined);
    const decoded = decodeIlmiMessage(frame.payload);
    if (!decoded.ok)
      throw new Error(`${this.name}: the agent sent an undecodable frame: ${decoded.error.reason}`);
    const message = decoded.value;
    const pdu = message.pdu;
    if (pdu.type === "getResponse" && (this.rawIds.has(pdu.requestId) || pdu.requestId >= FIRST_POLL_ID)) {
      this.answers.push(message);
      if (this.poll?.id === pdu.requestId) this.polled(message);
      return;
    }
    this.step({ kind: "receive", message });
  }

  private step(input: UserImeInput): void {
    const [next, effects] = stepUserIme(this.ime, input);
    this.ime = next;
    for (const effect of effects) {
      switch (effect.kind) {
        case "send":
          this.port.send({ vpi: ILMI_VPI, vci: ILMI_VCI, payload: encodeIlmiMessage(effect.message) });
          break;
        case "startTimer": {
          const old = this.timers.get(effect.requestId);
          if (old !== undefined) this.scheduler.cancel(old);
          const requestId = effect.requestId;
          this.timers.set(
            requestId,
            this.scheduler.setTimer(effect.delay, {
              label: `${this.name}: ilmiResponse ${requestId}`,
              owner: this.name,
              run: () => {
                this.timers.delete(requestId);
                this.step({ kind: "responseTimeout", requestId });
                // ilmid: a request that went unanswered to the end means the peer lost track of us; start
                // over (S2). Judged by the request table, because the IME reports no effect when the
                // invalid(2) of a never-confirmed address gives up, yet the network may hold it.
                if (!this.ime.requests.pending.has(requestId) && this.recover && this.up) this.restart();
              },
            }),
          );
          break;
        }
        case "stopTimer": {
          const handle = this.timers.get(effect.requestId);
          if (handle !== undefined) this.scheduler.cancel(handle);
          this.timers.delete(effect.requestId);
          break;
        }
        default:
          this.events.push(effect);
      }
    }
  }

  private armVerify(): void {
    if (!this.polling || !this.up) return;
    if (this.verifyTimer !== undefined) this.scheduler.cancel(this.verifyTimer);
    this.verifyTimer = this.scheduler.setTimer(VERIFY_PERIOD, {
      label: `${this.name}: verify`,
      owner: this.name,
      run: () => {
        this.verifyTimer = undefined;
        this.verify();
      },
    });
  }

  /**
   * ilmid S9, made exact: no prefix yet means the start was lost; otherwise walk the network's
   * atmfAddressTable with GetNext and compare it with ours. A registration that crossed the network's
   * coldStart, or whose answers were all lost, shows up only this way.
   */
  private verify(): void {
    if (this.ime.prefixes.size === 0) {
      this.restart();
      return;
    }
    if (this.poll === undefined) this.walk([...IlmiOid.atmfAddressStatus], []);
    this.armVerify();
  }

  /** Asks for the instance after `from`, having seen `seen` so far. */
  private walk(from: Oid, seen: string[]): void {
    const id = this.nextPollId++;
    const message = getRequest("getNextRequest", id, [from]);
    this.poll = { id, attempts: 0, timer: { id: -1 }, message, seen };
    this.sendPoll();
  }

  private sendPoll(): void {
    const poll = this.poll;
    if (poll === undefined) return;
    poll.attempts++;
    this.port.send({ vpi: ILMI_VPI, vci: ILMI_VCI, payload: encodeIlmiMessage(poll.message) });
    poll.timer = this.scheduler.setTimer(seconds(2), {
      label: `${this.name}: poll ${poll.id}`,
      owner: this.name,
      run: () => {
        if (poll.attempts >= 4) {
          this.poll = undefined;
          this.restart();
        } else this.sendPoll();
      },
    });
  }

  private polled(message: SnmpMessage): void {
    const poll = this.poll;
    if (poll === undefined || message.pdu.type === "trap") return;
    this.scheduler.cancel(poll.timer);
    this.poll = undefined;
    const next = message.pdu.errorStatus === SnmpErrorStatus.noError ? message.pdu.varBinds[0] : undefined;
    const index = next === undefined ? undefined : parseAddressStatusOid(next.name);
    if (next !== undefined && index !== undefined && index.port === 0) {
      this.walk(next.name, [...poll.seen, toHex(index.octets)]);
      return;
    }
    // End of the table: every address we hold must be there, and nothing we do not claim.
    const ours = new Set([...this.ime.addresses.values()].map((r) => toHex(r.address)));
    const leaving = new Set(
      [...this.ime.requests.pending.values()]
        .filter((r) => r.context.status === AtmfStatus.invalid)
        .map((r) => toHex(r.context.address)),
    );
    const missing = this.registered().some((a) => !poll.seen.includes(a));
    const extra = poll.seen.some((a) => !ours.has(a) && !leaving.has(a));
    if (missing || extra) this.restart();
  }

  private cancelPoll(): void {
    if (this.poll !== undefined) this.scheduler.cancel(this.poll.timer);
    this.poll = undefined;
  }
}
