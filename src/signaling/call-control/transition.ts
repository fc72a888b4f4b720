/**
 * One call transition in the making: a copy of the call state plus the effects emitted so far, with the
 * bookkeeping every procedure needs (which timers run, sending on the call's reference). The input
 * state is never mutated.
 */
import type { CauseIe, MessageOf, Q2931Message } from "../q2931/index.ts";
import { type Call, findParty, type Party, samePartyKey, timerId } from "./call.ts";
import type { CallTimerName, PartyTimerName } from "./config.ts";
import { causeIe, outgoingReference, withSafeEnding } from "./messages.ts";
import type { CallEffect, CallIndication, PartyKey } from "./signals.ts";
import type { CallStateCode, PartyStateCode } from "./states.ts";

/** What one step returns: the next state and the effects to perform, in order. */
export interface CallStep {
  readonly state: Call;
  readonly effects: readonly CallEffect[];
  /** Set when a request was refused (wrong state, unknown party, ...): nothing else happened. */
  readonly refused?: string;
  /** The party an add-party.request created. */
  readonly party?: PartyKey;
}

type Draft = { -readonly [K in keyof Call]: Call[K] };

/** Builder of one step. */
export class CallTransition {
  readonly s: Draft;
  readonly effects: CallEffect[] = [];
  refused: string | undefined;
  created: PartyKey | undefined;

  private readonly original: Call;

  constructor(call: Call) {
    this.original = call;
    this.s = { ...call };
  }

  /** The finished step. */
  result(): CallStep {
    const state: Call = this.s;
    if (this.refused !== undefined) return { state: this.original, effects: [], refused: this.refused };
    return this.created === undefined
      ? { state, effects: this.effects }
      : { state, effects: this.effects, party: this.created };
  }

  /** Refuses a request: the state is left as it was and nothing is emitted. */
  refuse(reason: string): void {
    this.refused = reason;
  }

  setState(state: CallStateCode): void {
    this.s.state = state;
  }

  /** A Cause IE with our location. */
  cause(value: number, diagnostic?: Uint8Array): CauseIe {
    return causeIe(value, this.s.config.causeLocation, diagnostic);
  }

  /** Sends a message on this call's reference. */
  send<N extends Q2931Message["type"]>(type: N, ies: MessageOf<N>["ies"]): void {
    const message = { type, callReference: outgoingReference(this.s.key), ies } as Q2931Message;
    this.effects.push({ kind: "send", message: withSafeEnding(message) });
  }

  /** Sends a message as built (answers that echo a received call reference). */
  sendMessage(message: Q2931Message): void {
    this.effects.push({ kind: "send", message: withSafeEnding(message) });
  }

  indicate(indication: CallIndication): void {
    this.effects.push({ kind: "indication", indication });
  }

  /** Starts (or restarts) a call timer. */
  start(timer: CallTimerName): void {
    const id = timerId(timer);
    if (!this.s.timers.includes(id)) this.s.timers = [...this.s.timers, id];
    this.effects.push({ kind: "startTimer", timer, duration: this.s.config.timers[timer] });
  }

  /** Stops a call timer if it runs. */
  stop(timer: CallTimerName): void {
    const id = timerId(timer);
    if (!this.s.timers.includes(id)) return;
    this.s.timers = this.s.timers.filter((t) => t !== id);
    this.effects.push({ kind: "stopTimer", timer });
  }

  /** True while the timer runs. */
  running(timer: CallTimerName, party?: PartyKey): boolean {
    return this.s.timers.includes(timerId(timer, party));
  }

  /** Starts (or restarts) a party timer. */
  startParty(timer: PartyTimerName, party: PartyKey): void {
    const id = timerId(timer, party);
    if (!this.s.timers.includes(id)) this.s.timers = [...this.s.timers, id];
    this.effects.push({ kind: "startTimer", timer, party, duration: this.s.config.timers[timer] });
  }

  /** Stops a party timer if it runs. */
  stopParty(timer: PartyTimerName, party: PartyKey): void {
    const id = timerId(timer, party);
    if (!this.s.timers.includes(id)) return;
    this.s.timers = this.s.timers.filter((t) => t !== id);
    this.effects.push({ kind: "stopTimer", timer, party });
  }

  /** Stops every timer of the call and of its parties; a modification under way ends with them. */
  stopAll(): void {
    for (const timer of ["T303", "T308", "T310", "T313", "T322", "T360", "T361"] as const) this.stop(timer);
    for (const party of this.s.parties) this.stopPartyTimers(party.key);
    this.s.enquiry = undefined;
    this.s.modify = undefined;
  }

  stopPartyTimers(party: PartyKey): void {
    this.stopParty("T398", party);
    this.stopParty("T399", party);
  }

  party(key: PartyKey): Party | undefined {
    return findParty(this.s, key);
  }

  /** Sets a party's state, adding the party when it is new. */
  setParty(key: PartyKey, state: PartyStateCode): void {
    const others = this.s.parties.filter((p) => !samePartyKey(p.key, key));
    this.s.parties = [...others, { key, state }];
  }

  /** Removes a party (P0) after stopping its timers. */
  removeParty(key: PartyKey): void {
    this.stopPartyTimers(key);
    this.s.parties = this.s.parties.filter((p) => !samePartyKey(p.key, key));
  }

  /**
   * Enters the Null state: every timer stops, the parties go, and the upper layer is told the call
   * reference is released. Returns nothing to send: callers send first.
   */
  toNull(cause: readonly CauseIe[]): void {
    this.stopAll();
    this.s.parties = [];
    this.s.state = 0;
    this.s.releaseCauses = undefined;
    this.indicate({ name: "release.confirm", cause });
  }
}
