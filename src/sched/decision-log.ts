/** One decision the scheduler took, so that a run can be printed and replayed. */
export type Decision =
  | { readonly kind: "task"; readonly index: number; readonly label: string; readonly owner: string }
  | { readonly kind: "choice"; readonly n: number; readonly value: number; readonly label: string };

/** Bounds of a decision log. */
export interface DecisionLogLimits {
  /** Most decisions kept; beyond it the oldest half is dropped. Default 1,048,576. */
  readonly decisions?: number;
  /** Most recent decisions whose labels are kept; older ones read as "". Default 10,000. */
  readonly labels?: number;
}

const DEFAULT_DECISIONS = 1 << 20;
const DEFAULT_LABELS = 10_000;
/** `n` of a task decision (a choice always has n ≥ 1). */
const TASK = 0;

/**
 * The scheduler's decisions, compact: two 32-bit numbers each (the task's index in the enabled set,
 * or a choice's value and n), which is all a replay needs. The task's label and owner, or the
 * choice's label, are kept for the latest decisions only, as references to the strings the caller
 * made (nothing is formatted here); `Decision` objects are made only when someone reads the log.
 */
export class DecisionLog {
  private values: Int32Array = new Int32Array(1024);
  private ns: Int32Array = new Int32Array(1024);
  private length = 0;
  /** Decisions dropped from the front, so far. */
  private dropped = 0;
  private readonly maxDecisions: number;
  private readonly labelRing: (string | undefined)[];
  private readonly ownerRing: (string | undefined)[];

  constructor(limits: DecisionLogLimits = {}) {
    this.maxDecisions = Math.max(2, limits.decisions ?? DEFAULT_DECISIONS);
    const labels = Math.max(0, Math.min(limits.labels ?? DEFAULT_LABELS, this.maxDecisions));
    this.labelRing = new Array<string | undefined>(labels);
    this.ownerRing = new Array<string | undefined>(labels);
  }

  /** Decisions taken since the start, kept or not. */
  get total(): number {
    return this.dropped + this.length;
  }

  /** Decisions dropped from the front because of the bound (a replay needs none dropped). */
  get omitted(): number {
    return this.dropped;
  }

  /** Records that the task at `index` of the enabled set ran. */
  task(index: number, label: string, owner: string): void {
    this.push(index, TASK, label, owner);
  }

  /** Records a choice's answer. */
  choice(n: number, value: number, label: string): void {
    this.push(value, n, label, undefined);
  }

  /** The kept decisions, oldest first, as objects (labels of decisions past the label bound are ""). */
  toArray(): Decision[] {
    const out: Decision[] = new Array(this.length);
    const ring = this.labelRing.length;
    const firstLabelled = this.total - ring;
    for (let i = 0; i < this.length; i++) {
      const at = this.dropped + i;
      const slot = ring === 0 ? 0 : at % ring;
      const label = at >= firstLabelled ? (this.labelRing[slot] ?? "") : "";
      const n = this.ns[i] as number;
      const value = this.values[i] as number;
      out[i] =
        n === TASK
          ? {
              kind: "task",
              index: value,
              label,
              owner: at >= firstLabelled ? (this.ownerRing[slot] ?? "") : "",
            }
          : { kind: "choice", n, value, label };
    }
    return out;
  }

  private push(value: number, n: number, label: string, owner: string | undefined): void {
    if (this.length === this.maxDecisions) {
      const keep = this.length >> 1;
      this.values.copyWithin(0, this.length - keep, this.length);
      this.ns.copyWithin(0, this.length - keep, this.length);
      this.dropped += this.length - keep;
      this.length = keep;
    }
    if (this.length === this.values.length) {
      const size = Math.min(this.maxDecisions, this.values.length * 2);
      const values = new Int32Array(size);
      const ns = new Int32Array(size);
      values.set(this.values);
      ns.set(this.ns);
      this.values = values;
      this.ns = ns;
    }
    const ring = this.labelRing.length;
    if (ring > 0) {
      const slot = this.total % ring;
      this.labelRing[slot] = label;
      this.ownerRing[slot] = owner;
    }
    this.values[this.length] = value;
    this.ns[this.length] = n;
    this.length++;
  }
}
