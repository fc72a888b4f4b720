/**
 * One interface step in the making: the call table, updated in place with an undo journal (a
 * refused step puts every call back), the interface's own fields, and the effects so far. Calls
 * are stepped through here so their effects are tagged with the call reference and a call that
 * reaches the Null state leaves the table. No step copies the call table, so a message costs the
 * same with 10 or 10,000 calls; the state a step was given is consumed by it.
 */
import type { CauseIe, Q2931Message } from "../q2931/index.ts";
import { type Call, callId } from "./call.ts";
import type { InterfaceTimerName } from "./config.ts";
import type { InterfaceEffect, InterfaceState, InterfaceStep, RestartProcesses } from "./interface-state.ts";
import { interfaceCause } from "./interface-state.ts";
import { withSafeEnding } from "./messages.ts";
import { stepNetwork } from "./network.ts";
import type { CallInput, CallKey, InterfaceIndication, PartyKey } from "./signals.ts";
import type { CallStep } from "./transition.ts";
import { stepUser } from "./user.ts";

type Draft = { -readonly [K in keyof InterfaceState]: InterfaceState[K] };

/** Builder of one interface step. */
export class InterfaceTransition {
  readonly s: Draft;
  readonly effects: InterfaceEffect[] = [];
  refused: string | undefined;
  call: CallKey | undefined;
  party: PartyKey | undefined;
  private readonly original: InterfaceState;
  /** Each call changed in this step, by id, with its value before (undefined: it was not there). */
  private readonly undo = new Map<string, Call | undefined>();
  /** Calls that reached Null in this step: taken out of the table once the step is accepted. */
  private readonly ended = new Set<string>();

  constructor(state: InterfaceState) {
    this.original = state;
    this.s = { ...state };
  }

  /** The finished step; a refused request leaves the state as it was. */
  result(): InterfaceStep {
    const calls = this.s.calls as Map<string, Call>;
    if (this.refused !== undefined) {
      for (const [id, before] of this.undo) {
        if (before === undefined) calls.delete(id);
        else calls.set(id, before);
      }
      return { state: this.original, effects: [], refused: this.refused };
    }
    for (const id of this.ended) calls.delete(id);
    const state: InterfaceState = this.s;
    return {
      state,
      effects: this.effects,
      ...(this.call === undefined ? {} : { call: this.call }),
      ...(this.party === undefined ? {} : { party: this.party }),
    };
  }

  refuse(reason: string): void {
    this.refused = reason;
  }

  cause(value: number, diagnostic?: Uint8Array): CauseIe {
    return interfaceCause(this.s, value, diagnostic);
  }

  send(message: Q2931Message): void {
    this.effects.push({ kind: "send", message: withSafeEnding(message) });
  }

  indicate(indication: InterfaceIndication): void {
    this.effects.push({ kind: "indication", indication });
  }

  setRestart(patch: Partial<RestartProcesses>): void {
    this.s.restart = { ...this.s.restart, ...patch };
  }

  startTimer(timer: InterfaceTimerName): void {
    if (!this.s.timers.includes(timer)) this.s.timers = [...this.s.timers, timer];
    this.effects.push({ kind: "startTimer", timer, duration: this.s.config.timers[timer] });
  }

  stopTimer(timer: InterfaceTimerName): void {
    if (!this.s.timers.includes(timer)) return;
    this.s.timers = this.s.timers.filter((t) => t !== timer);
    this.effects.push({ kind: "stopTimer", timer });
  }

  /** Forgets an interface timer that has just expired. */
  expired(timer: InterfaceTimerName): boolean {
    if (!this.s.timers.includes(timer)) return false;
    this.s.timers = this.s.timers.filter((t) => t !== timer);
    return true;
  }

  getCall(key: CallKey): Call | undefined {
    const id = callId(key);
    return this.ended.has(id) ? undefined : this.s.calls.get(id);
  }

  /** Every call, in the order they were created. */
  allCalls(): Call[] {
    const all = [...this.s.calls.values()];
    return this.ended.size === 0 ? all : all.filter((c) => !this.ended.has(callId(c.key)));
  }

  /**
   * Steps one call and merges the result: effects tagged with the call, the table updated, the call
   * dropped when it ends in Null. Returns the step (its `refused` is also recorded).
   */
  stepCall(call: Call, input: CallInput): CallStep {
    const step = call.side === "user" ? stepUser(call, input) : stepNetwork(call, input);
    if (step.refused !== undefined) {
      this.refuse(step.refused);
      return step;
    }
    const key = call.key;
    for (const effect of step.effects) {
      switch (effect.kind) {
        case "send":
          this.effects.push(effect);
          break;
        case "indication":
          this.effects.push({ kind: "indication", call: key, indication: effect.indication });
          break;
        case "startTimer":
          this.effects.push(
            effect.party === undefined
              ? { kind: "startTimer", timer: effect.timer, call: key, duration: effect.duration }
              : {
                  kind: "startTimer",
                  timer: effect.timer,
                  call: key,
                  party: effect.party,
                  duration: effect.duration,
                },
          );
          break;
        case "stopTimer":
          this.effects.push(
            effect.party === undefined
              ? { kind: "stopTimer", timer: effect.timer, call: key }
              : { kind: "stopTimer", timer: effect.timer, call: key, party: effect.party },
          );
          break;
      }
    }
    this.putCall(step.state);
    if (step.party !== undefined) this.party = step.party;
    return step;
  }

  private putCall(call: Call): void {
    const calls = this.s.calls as Map<string, Call>;
    const id = callId(call.key);
    if (!this.undo.has(id)) this.undo.set(id, this.ended.has(id) ? undefined : calls.get(id));
    // A call that ends stays in the map (its place kept, for a refusal) until the step is accepted.
    calls.set(id, call);
    if (call.state === 0) this.ended.add(id);
    else this.ended.delete(id);
  }
}
