/**
 * Reports that follow from a violation already raised (one bug, one violation): the core tears an
 * AF down after a binding closed under it, sends a failed deregistration back to the client after
 * a completion with a failure status, finds a handler returning at the wrong IRQL after a lock was
 * misused in it, and lists at unload the blocks a per-SAP leak already named. Such a report is
 * kept as evidence of the first violation.
 */
import type { Site, StackNode } from "./host-view.ts";
import type { ContractEvent, Rule } from "./rule.ts";

/** A rule the verifier raised (reported, or suppressed by the mode), with what it gathered. */
export interface Raised {
  readonly rule: Rule;
  readonly host: string;
  /** The core's reports about it; the violation shares this array. */
  readonly evidence: ContractEvent[];
  /** Memory blocks it named (a per-SAP leak), so a later leak report can be linked. */
  readonly blocks: ReadonlySet<number>;
}

/** What the verifier remembers per host to link consequences. */
export interface RaisedIndex {
  /** Rules raised inside a frame (DDI call or handler). */
  inFrame(node: StackNode | undefined): readonly Raised[];
  /** The rule raised by the host's previous contract event, if any. */
  previous(): Raised | undefined;
  /** Every rule raised on the host, oldest first. */
  all(): readonly Raised[];
}

const TEARDOWN_CAUSES = new Set(["CONDIS-AF-002", "CONDIS-AF-003"]);

/** The raised rule this contract is a consequence of, if any. */
export function consequenceOf(c: ContractEvent, site: Site, raised: RaisedIndex): Raised | undefined {
  switch (c.code) {
    case "af-torn-down": {
      const previous = raised.previous();
      return previous !== undefined && TEARDOWN_CAUSES.has(previous.rule.id) ? previous : undefined;
    }
    case "cm-failed-deregistration":
      return raised.inFrame(site.ddi).find((r) => r.rule.id === "CONDIS-CMP-005");
    case "spin-lock-misuse":
      return c.ddi === null
        ? raised.inFrame(site.handler).find((r) => r.rule.category === "locking")
        : undefined;
    case "memory-leak-at-unload": {
      const driver = c.driver;
      if (driver === null) return undefined;
      const left = site.view.blocksOf(driver);
      if (left.length === 0) return undefined;
      const leaks = raised.all().filter((r) => r.rule.id === "CONDIS-MEM-001");
      const named = new Set(leaks.flatMap((r) => [...r.blocks]));
      return left.every((b) => named.has(b.id)) ? leaks.at(-1) : undefined;
    }
    default:
      return undefined;
  }
}
