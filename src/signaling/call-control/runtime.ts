/**
 * The runtime of one interface's call control: drives the pure dispatcher and call machines, runs
 * their timers on a {@link Scheduler}, hands messages to a `send` callback and indications to
 * `onIndication`. The call manager (user side) and the switch (network side) sit on top of it.
 */
import type { Scheduler, TaskHandle } from "../../sched/index.ts";
import {
  type ConnectionIdentifier,
  decodeMessage,
  type Q2931Message,
  type SetupIes,
  type StatusReport,
} from "../q2931/index.ts";
import { callId, partyId } from "./call.ts";
import { stepInterface } from "./call-table.ts";
import { type CallControlConfigInit, callControlConfig } from "./config.ts";
import {
  type InterfaceEffect,
  type InterfaceInput,
  type InterfaceState,
  newInterface,
  type TimerRef,
} from "./interface-state.ts";
import type { CallIndication, CallKey, CallRequest, InterfaceIndication, PartyKey } from "./signals.ts";

/** An indication as the runtime reports it: for one call, or for the whole interface. */
export type RuntimeIndication =
  | { readonly call: CallKey; readonly indication: CallIndication }
  | { readonly call?: undefined; readonly indication: InterfaceIndication };

/** The answer to a request: accepted (with the call or party it created), or refused with a reason. */
export type RequestResult =
  | { readonly ok: true; readonly call?: CallKey; readonly party?: PartyKey }
  | { readonly ok: false; readonly reason: string };

/** Options of a {@link CallControlRuntime}. */
export interface CallControlRuntimeInit {
  /** The side and timer values (a built config is accepted as its own options). */
  readonly config: CallControlConfigInit;
  /** Where timers run. */
  readonly scheduler: Scheduler;
  /** Hands one message to the signalling link (encode it and pass it to SSCOP). */
  readonly send: (message: Q2931Message) => void;
  /** Receives every indication, after the effects of the step that caused it. */
  readonly onIndication?: (event: RuntimeIndication) => void;
  /** Owner of the timer tasks, for traces and schedules. Default "call-control". */
  readonly owner?: string;
}

/** The timer key of a {@link TimerRef}: "T303@m5", "T399@m5/p3", "T316". */
export function timerKey(ref: TimerRef): string {
  if (ref.call === undefined) return ref.timer;
  return ref.party === undefined
    ? `${ref.timer}@${callId(ref.call)}`
    : `${ref.timer}@${callId(ref.call)}/${partyId(ref.party)}`;
}

/** One interface's call control on a scheduler. */
export class CallControlRuntime {
  private current: InterfaceState;
  private readonly scheduler: Scheduler;
  private readonly sendMessage: (message: Q2931Message) => void;
  private readonly onIndication: (event: RuntimeIndication) => void;
  private readonly owner: string;
  private readonly timers = new Map<string, TaskHandle>();
  private readonly events: RuntimeIndication[] = [];
  private readonly backlog: InterfaceInput[] = [];
  private processing = false;
  private draining = false;
  private closed = false;

  constructor(init: CallControlRuntimeInit) {
    this.current = newInterface(callControlConfig(init.config));
    this.scheduler = init.scheduler;
    this.sendMessage = init.send;
    this.onIndication = init.onIndication ?? (() => {});
    this.owner = init.owner ?? "call-control";
  }

  /** The whole state, for inspection. */
  get state(): InterfaceState {
    return this.current;
  }

  /** Keys of the timers running now ("T303@m1", "T316"), for inspection. */
  runningTimers(): string[] {
    return [...this.timers.keys()];
  }

  /** A frame from the signalling link: decoded here, faults answered as the protocol prescribes. */
  receive(frame: Uint8Array): void {
    const decoded = decodeMessage(frame);
    if (decoded.ok) this.deliver(decoded.message, decoded.report);
    else this.input({ kind: "decode-error", error: decoded.error });
  }

  /** A message that is already decoded. */
  deliver(message: Q2931Message, report?: StatusReport): void {
    this.input(report === undefined ? { kind: "message", message } : { kind: "message", message, report });
  }

  /** Starts an outgoing call: allocates a call reference and sends SETUP. */
  setup(ies: SetupIes): RequestResult {
    return this.request({ kind: "setup", ies });
  }

  /** A request for an existing call. */
  callRequest(call: CallKey, request: CallRequest): RequestResult {
    return this.request({ kind: "request", call, request });
  }

  /** RESTART of a class of VCs (2: all). */
  restart(restartClass: number, connectionIdentifier?: ConnectionIdentifier): RequestResult {
    return this.request(
      connectionIdentifier === undefined
        ? { kind: "restart.request", restartClass }
        : { kind: "restart.request", restartClass, connectionIdentifier },
    );
  }

  /** Confirms the local clearing a restart.indication asked for: RESTART ACKNOWLEDGE. */
  restartResponse(): RequestResult {
    return this.request({ kind: "restart.response" });
  }

  /** The signalling link was released (SAAL-RELEASE.indication). */
  linkReleased(): void {
    this.input({ kind: "link-released" });
  }

  /** The signalling link is established (SAAL-ESTABLISH.indication or .confirm). */
  linkEstablished(): void {
    this.input({ kind: "link-established" });
  }

  /** Stops every timer and ignores all further input. */
  close(): void {
    this.closed = true;
    for (const handle of this.timers.values()) this.scheduler.cancel(handle);
    this.timers.clear();
  }

  private request(input: InterfaceInput): RequestResult {
    if (this.processing) {
      throw new Error(`CallControlRuntime "${this.owner}": request made from inside its send callback`);
    }
    if (this.closed) return { ok: false, reason: "closed" };
    let result: RequestResult = { ok: true };
    this.run(input, (step) => {
      if (step.refused !== undefined) result = { ok: false, reason: step.refused };
      else {
        result = {
          ok: true,
          ...(step.call === undefined ? {} : { call: step.call }),
          ...(step.party === undefined ? {} : { party: step.party }),
        };
      }
    });
    return result;
  }

  private input(input: InterfaceInput): void {
    if (this.closed) return;
    if (this.processing) {
      this.backlog.push(input);
      return;
    }
    this.run(input, () => {});
  }

  private run(input: InterfaceInput, answer: (step: ReturnType<typeof stepInterface>) => void): void {
    this.processing = true;
    try {
      answer(this.apply(input));
      for (let next = this.backlog.shift(); next !== undefined; next = this.backlog.shift()) this.apply(next);
    } finally {
      this.processing = false;
    }
    this.drain();
  }

  private apply(input: InterfaceInput): ReturnType<typeof stepInterface> {
    const step = stepInterface(this.current, input);
    this.current = step.state;
    for (const effect of step.effects) this.perform(effect);
    return step;
  }

  private perform(effect: InterfaceEffect): void {
    switch (effect.kind) {
      case "send":
        this.sendMessage(effect.message);
        return;
      case "startTimer":
        this.startTimer(effect, effect.duration);
        return;
      case "stopTimer": {
        const key = timerKey(effect);
        const handle = this.timers.get(key);
        if (handle !== undefined) this.scheduler.cancel(handle);
        this.timers.delete(key);
        return;
      }
      case "indication":
        this.events.push(
          effect.call === undefined
            ? { indication: effect.indication }
            : { call: effect.call, indication: effect.indication },
        );
        return;
    }
  }

  private startTimer(ref: TimerRef, duration: bigint): void {
    const key = timerKey(ref);
    const old = this.timers.get(key);
    if (old !== undefined) this.scheduler.cancel(old);
    const expiry = timerInput(ref);
    const handle = this.scheduler.setTimer(duration, {
      label: `${key} expiry`,
      owner: this.owner,
      run: () => {
        if (this.timers.get(key) !== handle) return;
        this.timers.delete(key);
        this.input(expiry);
      },
    });
    this.timers.set(key, handle);
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let event = this.events.shift(); event !== undefined; event = this.events.shift()) {
        this.onIndication(event);
      }
    } finally {
      this.draining = false;
    }
  }
}

function timerInput(ref: TimerRef): InterfaceInput {
  if (ref.call === undefined) return { kind: "timer", timer: ref.timer };
  return ref.party === undefined
    ? { kind: "timer", timer: ref.timer, call: ref.call }
    : { kind: "timer", timer: ref.timer, call: ref.call, party: ref.party };
}
