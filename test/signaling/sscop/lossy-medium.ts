/** An in-memory, scheduler-driven frame channel that drops, duplicates, reorders and delays frames. */
import { type ControlledScheduler, ms, SeededRandom } from "../../../src/sched/index.ts";

/** Per-frame fault probabilities of one run. */
export interface FaultPlan {
  /** Seed of the channel's own random choices (and of the scheduler's tie-breaking). */
  readonly seed: number;
  /** Probability that a frame is lost. */
  readonly drop: number;
  /** Probability that a frame is delivered twice. */
  readonly duplicate: number;
  /** Probability that a copy gets an extra random delay, so that later frames overtake it. */
  readonly reorder: number;
  /** Upper bound of that extra delay, milliseconds. */
  readonly maxDelayMs: number;
  /** At most this many frames are dropped in the whole run (both directions); omitted = unbounded. */
  readonly dropBudget?: number;
}

/** What a channel did, for assertions about how hard a run was. */
export interface ChannelStats {
  sent: number;
  dropped: number;
  duplicated: number;
  delayed: number;
}

/** A lossless, in-order plan. */
export const PERFECT: FaultPlan = { seed: 1, drop: 0, duplicate: 0, reorder: 0, maxDelayMs: 0 };

/** Base one-way latency of every frame. */
const LATENCY_MS = 1;

/** Both directions of a link; they share the drop budget. */
export class LossyMedium {
  readonly stats: ChannelStats = { sent: 0, dropped: 0, duplicated: 0, delayed: 0 };
  /** While true, every frame is lost (a cut cable). */
  cut = false;
  private readonly random: SeededRandom;
  private readonly scheduler: ControlledScheduler;
  private readonly plan: FaultPlan;

  constructor(scheduler: ControlledScheduler, plan: FaultPlan) {
    this.scheduler = scheduler;
    this.plan = plan;
    this.random = new SeededRandom(plan.seed ^ 0x5eed5eed);
  }

  /** A send function that delivers (or not) to `deliver` through the scheduler. */
  channel(label: string, deliver: (frame: Uint8Array) => void): (frame: Uint8Array) => void {
    // Frames that are not picked for reordering keep their order: each is due strictly after the
    // previous one (the controlled scheduler runs tasks due at the same instant in any order).
    let lastDue = 0n;
    return (frame) => {
      this.stats.sent++;
      if (this.cut || this.lose()) {
        this.stats.dropped++;
        return;
      }
      const copies = this.chance(this.plan.duplicate) ? 2 : 1;
      if (copies === 2) this.stats.duplicated++;
      for (let i = 0; i < copies; i++) {
        let delay = ms(LATENCY_MS);
        if (this.chance(this.plan.reorder)) {
          this.stats.delayed++;
          delay += ms(this.random.below(this.plan.maxDelayMs + 1));
        } else {
          const now = this.scheduler.now();
          if (now + delay <= lastDue) delay = lastDue + 1n - now;
          lastDue = now + delay;
        }
        const copy = Uint8Array.from(frame);
        this.scheduler.setTimer(delay, {
          label: `deliver ${label}`,
          owner: "medium",
          run: () => deliver(copy),
        });
      }
    };
  }

  private lose(): boolean {
    if (this.plan.dropBudget !== undefined && this.stats.dropped >= this.plan.dropBudget) return false;
    return this.chance(this.plan.drop);
  }

  private chance(p: number): boolean {
    return p > 0 && this.random.below(1_000_000) < p * 1_000_000;
  }
}
