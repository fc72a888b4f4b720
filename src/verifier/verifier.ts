/**
 * The run-time DDI rule verifier: it subscribes to hosts' event streams, keeps what each host's
 * stream implies (host-view.ts), runs every rule's monitor, and turns what they find into
 * violations carrying the rule, the offending event, the trace prefix and the replay data.
 */
import type { NdisEvent } from "../ndis/index.ts";
import type { Decision } from "../sched/index.ts";
import { RULES, ruleById } from "./catalogue.ts";
import { consequenceOf, type Raised, type RaisedIndex } from "./consequences.ts";
import { HostView, type Site, type StackNode } from "./host-view.ts";
import type { OutstandingNbl } from "./object-states.ts";
import type { ContractEvent, Rule } from "./rule.ts";
import { UNCLASSIFIED_MUST, UNCLASSIFIED_SEMANTICS } from "./rules/general.ts";
import { type Replay, VerifierViolationError, type Violation } from "./violation.ts";

/** "strict": documented MUSTs and docs/semantics.md choices; "permissive": documented MUSTs only. */
export type VerifierMode = "strict" | "permissive";

/** "collect": gather violations; "throw": throw VerifierViolationError at the offending call. */
export type ViolationHandling = "collect" | "throw";

/** Where replay data comes from (a ControlledScheduler has both). */
export interface ReplaySource {
  readonly seed: number;
  decisions(): readonly Decision[];
}

/** Options of a verifier. */
export interface VerifierInit {
  readonly mode?: VerifierMode;
  readonly onViolation?: ViolationHandling;
  /** The scheduler of the run, so each violation carries its seed and schedule. */
  readonly replay?: ReplaySource;
  /** Most events kept in a violation's trace prefix (the latest ones). Default 5000. */
  readonly traceLimit?: number;
}

/**
 * Something with an event stream to attach to (a Host). A live host also gives its name and its
 * snapshot: the NBL liveness rule reads the NBLs it lists as not with their owner (the stream
 * does not name NBLs). A replayed stream has no snapshot, so that rule cannot judge it.
 */
export interface EventSource {
  readonly events: {
    subscribe(listener: (event: NdisEvent) => void, options?: { readonly rethrow?: boolean }): () => void;
  };
  readonly name?: string;
  snapshot?(): { readonly outstandingNbls: readonly OutstandingNbl[] };
}

/** An NBL not with its owner when the run ended. */
export interface OutstandingNblReport extends OutstandingNbl {
  readonly host: string;
}

/** A request still waiting for its completion. */
export interface OutstandingRequest {
  readonly host: string;
  readonly handler: string;
  /** The handle of its object ("Sap 3.1"). */
  readonly key: string;
  /** The object behind the handle ("Sap 5"), when the stream showed it. */
  readonly object: string | null;
  /** Sequence number of the handler-exit that returned PENDING. */
  readonly since: number;
}

/**
 * The end of a run. "quiescent": the caller found the scheduler idle and the liveness rules ran;
 * "step-limit": the run stopped with work left, so nothing is concluded about liveness.
 */
export interface QuiescenceResult {
  readonly outcome: "quiescent" | "step-limit";
  /** Liveness violations (always empty for "step-limit"). */
  readonly violations: readonly Violation[];
  readonly outstanding: readonly OutstandingRequest[];
  /** NBLs not with their owner, on the hosts attached live (see EventSource). */
  readonly outstandingNbls: readonly OutstandingNblReport[];
}

interface HostState {
  readonly view: HostView;
  readonly raised: Raised[];
  previous: Raised | undefined;
}

const DEFAULT_TRACE_LIMIT = 5000;

/** Checks a run against the rule catalogue. */
export class Verifier {
  readonly mode: VerifierMode;
  readonly onViolation: ViolationHandling;
  private readonly replaySource: ReplaySource | undefined;
  private readonly traceLimit: number;
  private readonly hosts = new Map<string, HostState>();
  private readonly inNode = new WeakMap<StackNode, Raised[]>();
  private readonly log: NdisEvent[] = [];
  private readonly found: Violation[] = [];
  private readonly livenessSeen = new Set<string>();
  private halted = false;
  private lastQuiescence: QuiescenceResult | null = null;

  constructor(init: VerifierInit = {}) {
    this.mode = init.mode ?? "strict";
    this.onViolation = init.onViolation ?? "collect";
    this.replaySource = init.replay;
    this.traceLimit = init.traceLimit ?? DEFAULT_TRACE_LIMIT;
  }

  /**
   * Subscribes to a host's stream; returns the function that detaches. A host whose recorded
   * stream was replayed with `observe` may be attached afterwards, to give the NBL liveness rule
   * its snapshot.
   */
  attach(host: EventSource): () => void {
    const { name } = host;
    if (name !== undefined && host.snapshot !== undefined) {
      const source = host;
      this.stateOf(name).view.objects.setProbe(() => source.snapshot?.().outstandingNbls ?? []);
    }
    // In "throw" mode the violation must stop the offending DDI call, so it is not isolated.
    return host.events.subscribe((event) => this.observe(event), { rethrow: this.onViolation === "throw" });
  }

  /** Feeds one event (what an attached host does; also replays a recorded stream). */
  observe(event: NdisEvent): void {
    if (this.halted) return;
    const state = this.stateOf(event.host);
    this.log.push(event);
    state.view.enter(event);
    const site = state.view.site();
    if (event.type === "contract") {
      this.onContract(event, site, state);
    } else {
      for (const rule of RULES) {
        const finding = rule.monitor.event?.(event, site);
        if (finding !== undefined)
          this.raise(rule, state, site, finding.event, finding.message, finding.object, undefined);
      }
    }
    state.view.leave(event);
  }

  /**
   * Runs the liveness rules when the caller found the system idle. Pass the scheduler's run
   * result: when it stopped on its step limit, the run is reported as "step-limit" with what is
   * still outstanding, and no liveness violation is raised.
   */
  checkQuiescence(run: { readonly idle: boolean } = { idle: true }): QuiescenceResult {
    const views = [...this.hosts.values()].map((s) => s.view);
    const outstanding = views.flatMap((view) =>
      view.requests.outstanding().map((r) => ({
        host: view.host,
        handler: r.handler,
        key: r.key,
        object: view.objectOf(r.key) ?? null,
        since: (r.exit ?? r.enter).seq,
      })),
    );
    const outstandingNbls = views.flatMap((view) =>
      (view.objects.outstandingNbls() ?? []).map((n) => ({ host: view.host, ...n })),
    );
    const violations: Violation[] = [];
    if (run.idle) {
      for (const rule of RULES) {
        for (const finding of rule.monitor.quiescence?.(views) ?? []) {
          const id = `${rule.id}@${finding.event.host}#${finding.event.seq}`;
          if (this.livenessSeen.has(id)) continue;
          this.livenessSeen.add(id);
          const state = this.stateOf(finding.event.host);
          const before = this.found.length;
          this.raise(rule, state, undefined, finding.event, finding.message, finding.object, undefined);
          violations.push(...this.found.slice(before));
        }
      }
    }
    this.lastQuiescence = {
      outcome: run.idle ? "quiescent" : "step-limit",
      violations,
      outstanding,
      outstandingNbls,
    };
    return this.lastQuiescence;
  }

  /** The violations found so far (in the mode's scope), in order. */
  violations(): readonly Violation[] {
    return this.found;
  }

  /** The result of the last quiescence check, if one ran. */
  quiescence(): QuiescenceResult | null {
    return this.lastQuiescence;
  }

  /** The hosts seen so far. */
  hostNames(): string[] {
    return [...this.hosts.keys()];
  }

  /** True when a rule is checked in this mode. */
  enforces(rule: Rule): boolean {
    return this.mode === "strict" || rule.level === "must";
  }

  private stateOf(host: string): HostState {
    let state = this.hosts.get(host);
    if (state === undefined) {
      state = { view: new HostView(host), raised: [], previous: undefined };
      this.hosts.set(host, state);
    }
    return state;
  }

  private onContract(c: ContractEvent, site: Site, state: HostState): void {
    const index: RaisedIndex = {
      inFrame: (node) => (node === undefined ? [] : (this.inNode.get(node) ?? [])),
      previous: () => state.previous,
      all: () => state.raised,
    };
    const cause = consequenceOf(c, site, index);
    if (cause !== undefined) {
      cause.evidence.push(c);
      state.previous = cause;
      return;
    }
    const claimants = RULES.filter((r) => r.level === c.level && r.monitor.contract?.(c, site) === true);
    if (claimants.length > 1) {
      throw new Error(
        `verifier: contract "${c.code}" (#${c.seq} on ${c.host}) claimed by ${claimants.map((r) => r.id).join(", ")}; rules must not overlap`,
      );
    }
    const rule = claimants[0] ?? this.unclassified(c);
    const same = index.inFrame(site.node).find((r) => r.rule === rule);
    if (same !== undefined) {
      same.evidence.push(c);
      state.previous = same;
      return;
    }
    const object = c.object ?? site.ddi?.key ?? null;
    const event = rule.monitor.offending?.(c, site) ?? offendingEvent(c, site);
    state.previous = this.raise(rule, state, site, event, c.message, object, c);
  }

  private unclassified(c: ContractEvent): Rule {
    const rule = ruleById(c.level === "must" ? UNCLASSIFIED_MUST : UNCLASSIFIED_SEMANTICS);
    if (rule === undefined) throw new Error("verifier: catch-all rules missing from the catalogue");
    return rule;
  }

  private raise(
    rule: Rule,
    state: HostState,
    site: Site | undefined,
    event: NdisEvent,
    message: string,
    object: string | null,
    contract: ContractEvent | undefined,
  ): Raised {
    const blocks =
      rule.id === "CONDIS-MEM-001" && contract?.object != null
        ? new Set(state.view.blocksFor(contract.object).map((b) => b.id))
        : new Set<number>();
    const raised: Raised = {
      rule,
      host: state.view.host,
      evidence: contract === undefined ? [] : [contract],
      blocks,
    };
    state.raised.push(raised);
    for (const node of new Set([site?.node, site?.handler])) {
      if (node === undefined) continue;
      const list = this.inNode.get(node) ?? [];
      list.push(raised);
      this.inNode.set(node, list);
    }
    if (!this.enforces(rule)) return raised;
    const kept = this.log.length > this.traceLimit ? this.log.slice(-this.traceLimit) : this.log.slice();
    const violation: Violation = {
      index: this.found.length + 1,
      rule,
      host: state.view.host,
      driver: event.driver ?? contract?.driver ?? null,
      object,
      message,
      event,
      evidence: raised.evidence,
      trace: { events: kept, omitted: this.log.length - kept.length },
      replay: this.replay(),
    };
    this.found.push(violation);
    if (this.onViolation === "throw") {
      this.halted = true;
      throw new VerifierViolationError(violation);
    }
    return raised;
  }

  private replay(): Replay | null {
    const source = this.replaySource;
    return source === undefined ? null : { seed: source.seed, decisions: [...source.decisions()] };
  }
}

/**
 * The event that broke the rule a contract reports: the DDI call that reported it; else the
 * handler whose return led to it; else the frame it happened in; else the report itself.
 */
function offendingEvent(c: ContractEvent, site: Site): NdisEvent {
  if (c.ddi !== null && site.ddi !== undefined && site.ddi.event.ddi === c.ddi) return site.ddi.event;
  if (site.lastExit !== undefined) return site.lastExit;
  if (site.node !== undefined) return site.node.event;
  return c;
}
