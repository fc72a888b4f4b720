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
  AtmfStatus,
  decodeIlmiMessage,
  type EndSystem,
  encodeIlmiMessage,
  getRequest,
  IlmiOid,
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
} from "../../signaling/ilmi/index.ts";

/**
 * How long after a (re)start the agent's address table is checked, and then the period of the
 * check for as long as the link is up (ilmid's verify poll).
 */
const VERIFY_DELAY_100NS = 150_000_000n;
/** Response timeout and attempts of a verification poll. */
const POLL_TIMEOUT_100NS = 20_000_000n;
const POLL_ATTEMPTS = 4;
/** Request ids of verification polls, apart from the IME's. */
const FIRST_POLL_ID = 0x40000000;

const toHex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

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
  /** ILMI restarts made to resynchronise with the agent. */
  restarts = 0;
  /** The second timer: the verification delay, then each poll's response timeout. */
  private readonly verifyTimer: NDIS_TIMER_OBJECT | null;
  private verify:
    | { phase: "waiting" }
    | {
        phase: "polling";
        id: number;
        attempts: number;
        message: SnmpMessage;
        seen: string[];
        /** What this side held when the walk began ({@link agreementKey}). */
        held: string;
      }
    | undefined;
  private nextPollId = FIRST_POLL_ID;

  private readonly linkUp: () => boolean;
  /** Called after every step of the IME, once its effects are performed. */
  private readonly settled: () => void;

  constructor(
    owner: AnyNdisHandle,
    send: (bytes: Uint8Array) => void,
    report: (effect: IlmiUserReport) => void,
    linkUp: () => boolean = () => true,
    settled: () => void = () => {},
  ) {
    this.linkUp = linkUp;
    this.settled = settled;
    this.state = initialUserIme();
    this.send = send;
    this.report = report;
    this.timer = NdisAllocateTimerObject(owner, {
      AllocationTag: 0x696c6d69,
      TimerFunction: () => this.expire(),
      FunctionContext: null,
    }).TimerObject;
    this.verifyTimer = NdisAllocateTimerObject(owner, {
      AllocationTag: 0x76666972,
      TimerFunction: () => this.verifyFired(),
      FunctionContext: null,
    }).TimerObject;
  }

  /**
   * (Re)starts the agent: coldStart trap, empty tables; the network then offers its prefix and
   * the end systems register again. The agent's table is checked 15 s later, and every 15 s after
   * that while the link is up: a restart of the agent that left no other trace (its coldStart and
   * prefix offers lost) shows there as addresses missing.
   */
  start(): void {
    this.feed({ kind: "start", timeStamp: Number((NdisGetCurrentSystemTime() / 100_000n) & 0xffffffffn) });
    this.scheduleVerify();
  }

  /** A frame received on VPI 0 / VCI 16. */
  receive(bytes: Uint8Array): void {
    const decoded = decodeIlmiMessage(bytes);
    if (!decoded.ok) {
      this.undecodable++;
      return;
    }
    const pdu = decoded.value.pdu;
    // The network offers its prefix only when it (re)starts: our view of its table may be stale.
    if (pdu.type === "setRequest" && this.verify === undefined) this.scheduleVerify();
    if (pdu.type === "getResponse" && pdu.requestId >= FIRST_POLL_ID) {
      this.polled(decoded.value);
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

  /** True while an invalid(2) for an address of `endSystem` waits for the network's answer. */
  deregistrationPending(endSystem: EndSystem): boolean {
    const esi = toHex(endSystem.esi);
    for (const { context } of this.state.requests.pending.values()) {
      const a = context.address;
      if (
        context.status === AtmfStatus.invalid &&
        toHex(a.subarray(13, 19)) === esi &&
        a[19] === endSystem.sel
      )
        return true;
    }
    return false;
  }

  /** The network prefixes the agent has learned. */
  prefixes(): Uint8Array[] {
    return [...this.state.prefixes.values()];
  }

  /** Stops the timers; the agent is not used afterwards. */
  stop(): void {
    for (const t of [this.timer, this.verifyTimer]) {
      if (t === null) continue;
      NdisCancelTimerObject(t);
      NdisFreeTimerObject(t);
    }
    this.due.clear();
    this.verify = undefined;
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
          // The network restarted: check its table again once we have re-registered.
          if (effect.kind === "peerRestarted") this.scheduleVerify();
          this.report(effect);
      }
    }
    this.settled();
  }

  private arm(): void {
    if (this.timer === null) return;
    if (this.due.size === 0) {
      NdisCancelTimerObject(this.timer);
      return;
    }
    // biome-ignore lint/complexity/useMathMinMax: bigints; Math.min takes numbers only
    const earliest = [...this.due.values()].reduce((a, b) => (a < b ? a : b));
    const wait = earliest - NdisGetCurrentSystemTime();
    NdisSetTimerObject(this.timer, -(wait > 0n ? wait : 0n), 0, null);
  }

  private expire(): void {
    const now = NdisGetCurrentSystemTime();
    const expired = [...this.due.entries()].filter(([, at]) => at <= now).map(([id]) => id);
    let gaveUp = false;
    for (const requestId of expired) {
      this.due.delete(requestId);
      this.feed({ kind: "responseTimeout", requestId });
      if (!this.state.requests.pending.has(requestId)) gaveUp = true;
    }
    this.arm();
    // A request unanswered to the end: the agent may have lost track of us (ilmid restarts here).
    if (gaveUp) this.restart();
  }

  /** Starts over (and checks again later), unless the link is down: its return restarts us. */
  private restart(): void {
    if (!this.linkUp()) {
      this.verify = undefined;
      return;
    }
    this.restarts++;
    this.feed({ kind: "start", timeStamp: Number((NdisGetCurrentSystemTime() / 100_000n) & 0xffffffffn) });
    this.scheduleVerify();
  }

  private scheduleVerify(): void {
    if (this.verifyTimer === null) return;
    this.verify = { phase: "waiting" };
    NdisSetTimerObject(this.verifyTimer, -VERIFY_DELAY_100NS, 0, null);
  }

  private verifyFired(): void {
    const v = this.verify;
    if (v === undefined) return;
    if (v.phase === "waiting") {
      // No prefix by now means our coldStart or the network's offer was lost.
      if (this.state.prefixes.size === 0) {
        this.restart();
        return;
      }
      this.poll([...IlmiOid.atmfAddressStatus], [], this.agreementKey());
      return;
    }
    if (v.attempts >= POLL_ATTEMPTS) {
      this.restart();
      return;
    }
    this.sendPoll();
  }

  /** Asks the agent for the address-table instance after `from` (a GetNext walk). */
  private poll(from: Oid, seen: string[], held: string): void {
    const id = this.nextPollId++;
    this.verify = {
      phase: "polling",
      id,
      attempts: 0,
      message: getRequest("getNextRequest", id, [from]),
      seen,
      held,
    };
    this.sendPoll();
  }

  private sendPoll(): void {
    const v = this.verify;
    if (v?.phase !== "polling" || this.verifyTimer === null) return;
    v.attempts++;
    this.send(encodeIlmiMessage(v.message));
    NdisSetTimerObject(this.verifyTimer, -POLL_TIMEOUT_100NS, 0, null);
  }

  private polled(message: SnmpMessage): void {
    const v = this.verify;
    const pdu = message.pdu;
    if (v?.phase !== "polling" || pdu.type !== "getResponse" || pdu.requestId !== v.id) return;
    if (this.verifyTimer !== null) NdisCancelTimerObject(this.verifyTimer);
    const next = pdu.errorStatus === SnmpErrorStatus.noError ? pdu.varBinds[0] : undefined;
    const index = next === undefined ? undefined : parseAddressStatusOid(next.name);
    if (next !== undefined && index !== undefined) {
      this.poll(next.name, [...v.seen, toHex(index.octets)], v.held);
      return;
    }
    // End of the agent's table: it must hold what we registered, and nothing we do not claim. A
    // walk during which this side registered or withdrew an address proves nothing: walk again.
    this.verify = undefined;
    if (this.agreementKey() !== v.held) {
      this.scheduleVerify();
      return;
    }
    const ours = new Set([...this.state.addresses.values()].map((r) => toHex(r.address)));
    const leaving = new Set(
      [...this.state.requests.pending.values()]
        .filter((r) => r.context.status === AtmfStatus.invalid)
        .map((r) => toHex(r.context.address)),
    );
    const missing = registeredAddresses(this.state).some((a) => !v.seen.includes(toHex(a)));
    const extra = v.seen.some((a) => !ours.has(a) && !leaving.has(a));
    if (missing || extra) this.restart();
    else this.scheduleVerify();
  }

  /** The addresses this side holds or is withdrawing, with their phases, as one comparable string. */
  private agreementKey(): string {
    const held = [...this.state.addresses.values()].map((r) => `${toHex(r.address)}:${r.phase}`);
    const leaving = [...this.state.requests.pending.values()]
      .filter((r) => r.context.status === AtmfStatus.invalid)
      .map((r) => `${toHex(r.context.address)}:leaving`);
    return [...held, ...leaving].sort().join(",");
  }
}
