/**
 * Two SscopLinks over a LossyMedium on a ControlledScheduler: A establishes and sends messages to B;
 * B answers with messages of its own once A's first one arrives.
 */
import { ControlledScheduler, ms, type Nanoseconds, seconds } from "../../../src/sched/index.ts";
import type { SscopConfigInit } from "../../../src/signaling/sscop/config.ts";
import { SscopLink, type SscopLinkEvent } from "../../../src/signaling/sscop/link.ts";
import { type ChannelStats, type FaultPlan, LossyMedium } from "./lossy-medium.ts";

/** One run. */
export interface Scenario {
  readonly plan: FaultPlan;
  /** Messages A submits once its link is established (at least 1). */
  readonly messages: number;
  /** Messages B submits once A's first message has arrived. */
  readonly replies?: number;
  /** Submissions are spread evenly over this many milliseconds. */
  readonly spreadMs: number;
  /** SSCOP parameters of both sides (receive window, MaxPD, ...). */
  readonly config: SscopConfigInit;
}

/** One direction of the run. */
export interface Flow {
  /** Indices the sending link accepted (AAL-DATA.request returned true), in submission order. */
  readonly accepted: readonly number[];
  /** Indices the receiving link delivered, in delivery order. */
  readonly delivered: readonly number[];
  /** How many had been delivered when the first loss report came (all of them if none came). */
  readonly deliveredBeforeReport: number;
}

/** What happened. */
export interface Outcome {
  /** A to B. */
  readonly forward: Flow;
  /** B to A. */
  readonly reverse: Flow;
  /** Upward reports that data may have been lost (release, re-establishment); empty if none. */
  readonly lossReports: readonly string[];
  /** MAA-ERROR letters seen, as "A:V" / "B:P", for diagnosis. */
  readonly maaErrors: readonly string[];
  /** Every message of both directions accepted and delivered exactly once, in order, and nothing reported. */
  readonly completed: boolean;
  readonly virtualMs: number;
  readonly stats: ChannelStats;
  /** Establishment attempts A needed. */
  readonly attempts: number;
}

/** The user on A retries a failed establishment this many times (as Q.2931 re-establishes its SAAL). */
const MAX_ATTEMPTS = 6;
/**
 * A run in which nothing is accepted or delivered for this much virtual time, and nothing is
 * reported, is stalled. A live link repairs a gap in one POLL round (750 ms) with probability
 * ≥ 1/8 even at 50% loss, so 160 rounds without progress do not happen by chance (< 1e-9);
 * 30 s did, once in 10 000 runs.
 */
const STALL_LIMIT = seconds(120);

/** Message i: its index in two octets, then i % 7 filler octets so that every pad length occurs. */
export function message(i: number): Uint8Array {
  const out = new Uint8Array(2 + (i % 7));
  out[0] = i >> 8;
  out[1] = i & 0xff;
  out.fill(0xa5, 2);
  return out;
}

function indexOf(data: Uint8Array): number {
  return ((data[0] ?? 0) << 8) | (data[1] ?? 0);
}

/** A sending user: submits `count` messages one after another, `gap` apart. */
class Sender {
  readonly accepted: number[] = [];
  submitted = 0;
  private readonly count: number;
  private readonly gap: Nanoseconds;
  private readonly scheduler: ControlledScheduler;
  private readonly owner: string;

  constructor(scheduler: ControlledScheduler, owner: string, count: number, spreadMs: number) {
    this.scheduler = scheduler;
    this.owner = owner;
    this.count = count;
    this.gap = count > 0 ? ms(spreadMs / count) : 0n;
  }

  get done(): boolean {
    return this.submitted >= this.count;
  }

  start(link: SscopLink): void {
    if (this.count > 0 && this.submitted === 0) this.submit(link, 0);
  }

  private submit(link: SscopLink, i: number): void {
    if (link.send(message(i))) this.accepted.push(i);
    this.submitted = i + 1;
    if (this.done) return;
    this.scheduler.setTimer(this.gap, {
      label: `submit ${this.submitted}`,
      owner: this.owner,
      run: () => this.submit(link, this.submitted),
    });
  }
}

/** Runs the scenario to completion, to a loss report, or to the time limit. Deterministic given the plan's seed. */
export function runScenario(s: Scenario): Outcome {
  const scheduler = new ControlledScheduler({ seed: s.plan.seed });
  const medium = new LossyMedium(scheduler, s.plan);
  const fromA = new Sender(scheduler, "user A", s.messages, s.spreadMs);
  const fromB = new Sender(scheduler, "user B", s.replies ?? 0, s.spreadMs);
  const atB: number[] = [];
  const atA: number[] = [];
  const lossReports: string[] = [];
  const maaErrors: string[] = [];
  let beforeReport: { forward: number; reverse: number } | undefined;
  let confirmed = false;
  let attempts = 1;

  const report = (what: string): void => {
    beforeReport ??= { forward: atB.length, reverse: atA.length };
    lossReports.push(what);
  };
  const disruption = (side: string, e: SscopLinkEvent): void => {
    if (confirmed && (e.name === "AAL-RELEASE.indication" || e.name === "AAL-ESTABLISH.indication")) {
      report(`${side}: ${e.name}${e.name === "AAL-RELEASE.indication" ? ` (${e.source})` : ""}`);
    }
  };
  const onA = (e: SscopLinkEvent): void => {
    if (e.name === "MAA-ERROR.indication") maaErrors.push(`A:${e.code}`);
    else if (e.name === "AAL-DATA.indication") atA.push(indexOf(e.data));
    else if (e.name === "AAL-ESTABLISH.confirm" && !confirmed) {
      confirmed = true;
      fromA.start(a);
    } else if (e.name === "AAL-RELEASE.indication" && !confirmed) {
      if (attempts < MAX_ATTEMPTS) {
        attempts++;
        a.establish();
      } else report(`A: no connection after ${attempts} attempts`);
    } else disruption("A", e);
  };
  const onB = (e: SscopLinkEvent): void => {
    if (e.name === "MAA-ERROR.indication") maaErrors.push(`B:${e.code}`);
    else if (e.name === "AAL-DATA.indication") {
      atB.push(indexOf(e.data));
      // A's first message proves this connection is the one A confirmed.
      fromB.start(b);
    } else disruption("B", e);
  };
  const a: SscopLink = new SscopLink({
    scheduler,
    send: medium.channel("A→B", (f) => b.receive(f)),
    onEvent: onA,
    config: s.config,
    owner: "A",
  });
  const b: SscopLink = new SscopLink({
    scheduler,
    send: medium.channel("B→A", (f) => a.receive(f)),
    onEvent: onB,
    config: s.config,
    owner: "B",
  });

  a.establish();
  let progress = -1;
  let lastProgress = 0n;
  while (lossReports.length === 0) {
    scheduler.runUntil(scheduler.now() + seconds(1));
    const now = fromA.accepted.length + fromB.accepted.length + atA.length + atB.length + attempts;
    if (now !== progress) {
      progress = now;
      lastProgress = scheduler.now();
    } else if (scheduler.now() - lastProgress > STALL_LIMIT) break;
    const replying = (s.replies ?? 0) === 0 || fromB.submitted > 0;
    if (
      fromA.done &&
      fromB.done &&
      replying &&
      atB.length >= fromA.accepted.length &&
      atA.length >= fromB.accepted.length
    ) {
      // Let late duplicates arrive: none may be delivered again.
      scheduler.runUntil(scheduler.now() + seconds(3));
      break;
    }
  }
  a.close();
  b.close();
  const same = (x: readonly number[], y: readonly number[]): boolean =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  const completed =
    lossReports.length === 0 &&
    fromA.accepted.length === s.messages &&
    fromB.accepted.length === (s.replies ?? 0) &&
    same(atB, fromA.accepted) &&
    same(atA, fromB.accepted);
  return {
    forward: {
      accepted: fromA.accepted,
      delivered: atB,
      deliveredBeforeReport: beforeReport?.forward ?? atB.length,
    },
    reverse: {
      accepted: fromB.accepted,
      delivered: atA,
      deliveredBeforeReport: beforeReport?.reverse ?? atA.length,
    },
    lossReports,
    maaErrors,
    completed,
    virtualMs: Number(scheduler.now() / 1_000_000n),
    stats: { ...medium.stats },
    attempts,
  };
}
