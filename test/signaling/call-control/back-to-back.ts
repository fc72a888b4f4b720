/**
 * A user-side and a network-side interface connected back to back through encode/decode, driven by a
 * list of choices: which frame to deliver, which timer to fire (in any order: time is not modelled),
 * which request the call manager or the switch makes (Q.2963.1 modifications included). After the choices run out, a drain phase lets
 * the upper layers answer what waits for them, delivers everything and fires the remaining timers.
 * Every message must encode with a tshark-safe ending (a tshark 4.0 finding) and decode again;
 * every step checks the timer bookkeeping; the end state is checked by the property test.
 */
import {
  type CallKey,
  callControlConfig,
  callId,
  type InterfaceInput,
  type InterfaceState,
  type InterfaceStep,
  newInterface,
  PartyState,
  type Side,
  stepInterface,
  type TimerRef,
  timerKey,
} from "../../../src/signaling/call-control/index.ts";
import {
  decodeMessage,
  encodeMessage,
  type ModifyRequestIes,
  ReportType,
  type SetupIes,
} from "../../../src/signaling/q2931/index.ts";
import { CONNID, SETUP, SETUP_P2MP } from "./helpers.ts";

/** What a request is waiting for: any of these indications on its call, later. */
interface Expectation {
  readonly side: Side;
  readonly call: string;
  readonly request: string;
  readonly answers: readonly string[];
  satisfied: boolean;
}

/** One end of the link. */
export class End {
  state: InterfaceState;
  /** Frames on their way to this end, in order (SSCOP delivers in sequence). */
  readonly inbox: Uint8Array[] = [];
  /** The runtime's view of running timers, from the start/stop effects. */
  readonly timers = new Map<string, TimerRef>();
  /** Indications per call ("m1"), in order. */
  readonly indications = new Map<string, string[]>();
  readonly interfaceIndications: string[] = [];

  readonly side: Side;

  constructor(side: Side) {
    this.side = side;
    this.state = newInterface(callControlConfig({ side }));
  }
}

const MAX_CALLS = 3;

/** Drives two ends from a list of choices; `log` is the replay of what happened. */
export class BackToBack {
  readonly user = new End("user");
  readonly network = new End("network");
  readonly log: string[] = [];
  readonly expectations: Expectation[] = [];
  private next = 0;
  private readonly choices: readonly number[];
  private readonly options: { readonly multipointFirst?: boolean };

  constructor(choices: readonly number[], options: { readonly multipointFirst?: boolean } = {}) {
    this.choices = choices;
    this.options = options;
  }

  /** Two point-to-multipoint calls made active first, one rooted on each side. */
  private multipointPrelude(): void {
    for (const root of [this.user, this.network]) {
      const vc = { ...CONNID, vci: 300 + root.state.nextCallReference };
      const ies = root.side === "network" ? { ...SETUP_P2MP, connectionIdentifier: vc } : SETUP_P2MP;
      const made = this.apply(root, { kind: "setup", ies });
      const leaf = this.peer(root);
      this.deliver(leaf);
      const key = made.call === undefined ? undefined : { value: made.call.value, mine: false };
      if (key === undefined) throw new Error("prelude setup refused");
      const accept = this.answers(leaf, key)[0];
      if (accept === undefined || !this.request(leaf, accept)) throw new Error("prelude answer refused");
      while (root.inbox.length + leaf.inbox.length > 0) this.deliver(root.inbox.length > 0 ? root : leaf);
    }
  }

  private choose(n: number): number {
    const value = this.choices[this.next++] ?? 0;
    return n <= 1 ? 0 : value % n;
  }

  private peer(end: End): End {
    return end === this.user ? this.network : this.user;
  }

  /** Runs the random phase, then drains. Throws on a broken invariant. */
  run(): void {
    if (this.options.multipointFirst === true) this.multipointPrelude();
    while (this.next < this.choices.length) this.randomStep();
    this.drain();
  }

  private randomStep(): void {
    const actions: (() => void)[] = [];
    for (const end of [this.user, this.network]) {
      if (end.inbox.length > 0) {
        const deliver = () => this.deliver(end);
        actions.push(deliver, deliver, deliver);
      }
      if (end.timers.size > 0) actions.push(() => this.fireTimer(end, this.choose(end.timers.size)));
      const requests = this.requests(end);
      if (requests.length > 0) {
        const act = () => this.request(end, requests[this.choose(requests.length)] as InterfaceInput);
        actions.push(act, act);
      }
    }
    // Rarely the signalling link bounces: frames in flight are lost, both ends see the release.
    if (this.next % 29 === 28) actions.push(() => this.bounceLink());
    const action = actions[this.choose(actions.length)];
    if (action === undefined) this.next = this.choices.length;
    else action();
  }

  /** Requests the upper layer of `end` could make now. */
  private requests(end: End): InterfaceInput[] {
    const out: InterfaceInput[] = [];
    const s = end.state;
    if (s.calls.size < MAX_CALLS && s.linkUp) {
      const vc = { ...CONNID, vci: 100 + s.nextCallReference };
      const setup = (ies: SetupIes): SetupIes =>
        end.side === "network" ? { ...ies, connectionIdentifier: vc } : ies;
      out.push({ kind: "setup", ies: setup(SETUP) }, { kind: "setup", ies: setup(SETUP_P2MP) });
    }
    // Restart is rare: it clears every call.
    if (s.restart.start === 0 && this.next % 16 === 0) out.push({ kind: "restart.request", restartClass: 2 });
    if (s.restart.respond === 0x3e) out.push({ kind: "restart.response" });
    for (const call of s.calls.values()) {
      const key = call.key;
      const r = (request: Extract<InterfaceInput, { kind: "request" }>["request"]) =>
        out.push({ kind: "request", call: key, request });
      if (call.state !== 11 && call.state !== 12) {
        r({ name: "release.request", cause: 16 });
        if (call.enquiry === undefined) r({ name: "status-enquiry.request" });
      }
      for (const answer of this.answers(end, key)) out.push(answer);
      // Q.2963.1: either side may ask for a new peak cell rate (crossing requests are refused).
      if (call.state === 10 && !call.multipoint && call.modify?.role !== "requested") {
        if (call.modify?.role !== "received") {
          r({ name: "modify.request", ies: modifyIes(this.next) });
          r({ name: "modify.request", ies: modifyIes(this.next + 1) });
        }
      }
      if (call.state === 10 && call.multipoint && call.firstParty?.mine === true) {
        const add = { calledPartyNumber: SETUP.calledPartyNumber };
        r({ name: "add-party.request", ies: add });
        r({ name: "add-party.request", ies: add });
      }
      for (const party of call.parties) {
        if (party.state === PartyState.ACTIVE || party.state === PartyState.ADD_PARTY_INITIATED) {
          if (call.state !== 11 && call.state !== 12)
            r({ name: "drop-party.request", party: party.key, cause: 16 });
        }
        if (party.state === PartyState.ADD_PARTY_RECEIVED && call.state === 10) {
          r({ name: "add-party.reject", party: party.key, cause: 21 });
        }
      }
    }
    return out;
  }

  /** The answers an upper layer owes on a call (accepting ones first). */
  private answers(end: End, key: CallKey): InterfaceInput[] {
    const call = end.state.calls.get(callId(key));
    if (call === undefined) return [];
    const out: InterfaceInput[] = [];
    const r = (request: Extract<InterfaceInput, { kind: "request" }>["request"]) =>
      out.push({ kind: "request", call: key, request });
    const vc = { connectionIdentifier: { ...CONNID, vci: 200 + key.value } };
    if (end.side === "user") {
      if (call.state === 6 || call.state === 7 || call.state === 9) r({ name: "setup.response" });
      if (call.state === 6) r({ name: "proceeding.request" });
      if (call.state === 6 || call.state === 9) r({ name: "alerting.request" });
      if (call.state === 6) r({ name: "reject.request", cause: 21 });
    } else {
      if (call.state === 1 || call.state === 3 || call.state === 4) r({ name: "setup.response", ies: vc });
      if (call.state === 1) r({ name: "proceeding.request", ies: vc });
      if (call.state === 1 || call.state === 3) r({ name: "alerting.request", ies: vc });
      if (call.state === 1) r({ name: "reject.request", cause: 3 });
    }
    if (call.state === 10 && call.modify?.role === "received") {
      r({ name: "modify.response" });
      r({ name: "modify.response", confirm: false });
      r({ name: "modify.reject", cause: 37 });
    }
    if (call.state === 10 && call.modify?.role === "available-owed")
      r({ name: "connection-available.request" });
    if (call.state === 10) {
      for (const party of call.parties) {
        if (party.state === PartyState.ADD_PARTY_RECEIVED)
          r({ name: "add-party.response", party: party.key });
      }
    }
    return out;
  }

  private bounceLink(): void {
    this.log.push("the signalling link is lost and re-established");
    for (const end of [this.user, this.network]) end.inbox.length = 0;
    for (const end of [this.user, this.network]) this.apply(end, { kind: "link-released" });
    for (const end of [this.user, this.network]) this.apply(end, { kind: "link-established" });
  }

  private deliver(end: End): void {
    const frame = end.inbox.shift();
    if (frame === undefined) return;
    const decoded = decodeMessage(frame);
    if (!decoded.ok) throw new Error(`a frame we encoded does not decode: ${decoded.error.reason}`);
    this.log.push(
      `${end.side} receives ${decoded.message.type} cr=${decoded.message.callReference.value}/${decoded.message.callReference.flag ? 1 : 0}`,
    );
    const input: InterfaceInput =
      decoded.report === undefined
        ? { kind: "message", message: decoded.message }
        : { kind: "message", message: decoded.message, report: decoded.report };
    this.apply(end, input);
  }

  private fireTimer(end: End, index: number): void {
    const [key, ref] = [...end.timers.entries()][index] ?? [];
    if (key === undefined || ref === undefined) return;
    end.timers.delete(key);
    this.log.push(`${end.side} timer ${key} expires`);
    this.apply(end, { kind: "timer", ...ref } as InterfaceInput);
  }

  private request(end: End, input: InterfaceInput): boolean {
    const step = this.apply(end, input);
    const label = input.kind === "request" ? `${input.request.name} on ${callId(input.call)}` : input.kind;
    if (step.refused !== undefined) {
      this.log.push(`${end.side} ${label} refused: ${step.refused}`);
      return false;
    }
    this.log.push(`${end.side} ${label}${step.call === undefined ? "" : ` → ${callId(step.call)}`}`);
    const expect = (call: CallKey, request: string, answers: readonly string[]) =>
      this.expectations.push({ side: end.side, call: callId(call), request, answers, satisfied: false });
    if (input.kind === "setup" && step.call !== undefined)
      expect(step.call, "setup", ["setup.confirm", "release.confirm"]);
    if (input.kind === "request") {
      const call = input.call;
      switch (input.request.name) {
        case "release.request":
          expect(call, "release.request", ["release.confirm"]);
          break;
        case "status-enquiry.request":
          expect(call, "status-enquiry.request", [
            "status.indication",
            "status-enquiry.failed",
            "release.confirm",
          ]);
          break;
        case "setup.response":
          if (end.side === "user")
            expect(call, "setup.response", ["setup-complete.indication", "release.confirm"]);
          break;
        case "add-party.request":
          expect(call, "add-party.request", [
            "add-party.confirm",
            "add-party-reject.indication",
            "drop-party.indication",
            "drop-party.confirm",
            "release.confirm",
          ]);
          break;
        case "drop-party.request":
          expect(call, "drop-party.request", ["drop-party.confirm", "release.confirm"]);
          break;
        case "modify.request":
          expect(call, "modify.request", ["modify.confirm", "modify-reject.indication", "release.confirm"]);
          break;
        default:
          break;
      }
    }
    return true;
  }

  /** One interface step with its effects performed, checking the timer bookkeeping afterwards. */
  private apply(end: End, input: InterfaceInput): InterfaceStep {
    const step = stepInterface(end.state, input);
    end.state = step.state;
    for (const effect of step.effects) {
      switch (effect.kind) {
        case "send": {
          const encoded = encodeMessage(effect.message, { requireSafeEnding: true });
          if (!encoded.ok) {
            throw new Error(
              `${end.side} produced an unencodable ${effect.message.type}: ${encoded.error.reason}`,
            );
          }
          this.peer(end).inbox.push(encoded.bytes);
          this.log.push(`  ${end.side} sends ${effect.message.type}`);
          break;
        }
        case "startTimer":
          end.timers.set(timerKey(effect), stripDuration(effect));
          break;
        case "stopTimer":
          end.timers.delete(timerKey(effect));
          break;
        case "indication": {
          const name = effect.indication.name;
          const why =
            effect.indication.name === "error.indication"
              ? ` (${effect.indication.cause}: ${effect.indication.reason})`
              : "";
          this.log.push(
            `  ${end.side} indicates ${name}${effect.call === undefined ? "" : ` on ${callId(effect.call)}`}${why}`,
          );
          if (effect.call === undefined) {
            end.interfaceIndications.push(name);
            break;
          }
          const id = callId(effect.call);
          end.indications.set(id, [...(end.indications.get(id) ?? []), name]);
          for (const e of this.expectations) {
            if (!e.satisfied && e.side === end.side && e.call === id && e.answers.includes(name))
              e.satisfied = true;
          }
          break;
        }
      }
    }
    checkTimers(end);
    return step;
  }

  /** Upper layers answer, frames are delivered, remaining timers fire, until nothing is left. */
  private drain(): void {
    for (let round = 0; round < 5000; round++) {
      const end = [this.user, this.network].find((e) => e.inbox.length > 0);
      if (end !== undefined) {
        this.deliver(end);
        continue;
      }
      if (this.answerSomething()) continue;
      const timed = [this.user, this.network].find((e) => e.timers.size > 0);
      if (timed !== undefined) {
        this.fireTimer(timed, 0);
        continue;
      }
      return;
    }
    throw new Error("the drain phase did not settle");
  }

  private answerSomething(): boolean {
    for (const end of [this.user, this.network]) {
      if (end.state.restart.respond === 0x3e && this.request(end, { kind: "restart.response" })) return true;
      for (const call of end.state.calls.values()) {
        const answers = this.answers(end, call.key);
        // Accept (the first answer) unless a leftover choice says otherwise.
        const pick = answers.length > 1 && this.choose(3) === 2 ? answers[answers.length - 1] : answers[0];
        if (pick !== undefined && this.request(end, pick)) return true;
      }
    }
    return false;
  }
}

/** A MODIFY REQUEST's IEs: a peak cell rate from the choices, and the report type condis always sends. */
function modifyIes(seed: number): ModifyRequestIes {
  const pcr = 1000 + ((seed * 7919) % 350_000);
  return {
    trafficDescriptor: {
      forward: { peakCellRateClp01: pcr },
      backward: { peakCellRateClp01: pcr },
      bestEffort: true,
    },
    reportType: { typeOfReport: ReportType.MODIFICATION_CONFIRMATION },
  };
}

function stripDuration(effect: TimerRef & { readonly duration: bigint }): TimerRef {
  if (effect.call === undefined) return { timer: effect.timer };
  return effect.party === undefined
    ? { timer: effect.timer, call: effect.call }
    : { timer: effect.timer, call: effect.call, party: effect.party };
}

/**
 * The runtime's timers are exactly those the state says are running, and none belongs to a call that
 * has left the table (no timer left running for a call in the Null state).
 */
function checkTimers(end: End): void {
  const expected = new Set<string>(end.state.timers);
  for (const call of end.state.calls.values()) {
    if (call.state === 0) throw new Error(`${end.side}: call ${callId(call.key)} in Null kept in the table`);
    for (const id of call.timers) {
      const [timer, party] = id.split("@");
      expected.add(
        party === undefined ? `${timer}@${callId(call.key)}` : `${timer}@${callId(call.key)}/${party}`,
      );
    }
  }
  const actual = new Set(end.timers.keys());
  for (const [key, ref] of end.timers) {
    if (ref.call !== undefined && !end.state.calls.has(callId(ref.call))) {
      throw new Error(`${end.side}: timer ${key} runs for call ${callId(ref.call)}, which is gone`);
    }
  }
  const missing = [...expected].filter((k) => !actual.has(k));
  const extra = [...actual].filter((k) => !expected.has(k));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`${end.side}: timer bookkeeping differs: state-only ${missing} / effects-only ${extra}`);
  }
}
