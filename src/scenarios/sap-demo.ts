/**
 * The SAP demo: a network control agent and two hosts on the in-memory medium, each with an ATM
 * miniport and the UNI call manager (stand-alone, or the MCM). B's echo server registers a SAP
 * (pended, answered by the agent over ILMI); A's dialer calls it, and the echo server sends every
 * NBL back. With the call up, B deregisters the SAP (pended, ILMI deregistration, one completion):
 * the call survives and keeps echoing until A closes it. Then every driver is unloaded. Each step
 * is checked.
 */
import type { AgentView } from "../agent/index.ts";
import {
  type HostSnapshot,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  type NdisEvent,
  ndisStatusName,
} from "../ndis/index.ts";
import { hex } from "../util/hex.ts";
import type { QuiescenceResult } from "../verifier/index.ts";
import {
  callVcs,
  closeCall,
  dialB,
  NBL_SIZE,
  NBLS_PER_BURST,
  sendAndCheck,
  vcIds,
  vcOfB,
  vcStateText,
} from "./call-phase.ts";
import { addressOfB, demoWorld, sapOfB } from "./demo-world.ts";

/** Options of the demo. */
export interface SapDemoInit {
  readonly mcm?: boolean;
  readonly seed?: number;
}

/** One checked step of the demo. */
export interface DemoStep {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  /** The step's events: `events.slice(from, to)` of the result (the steps cover every event, in order). */
  readonly eventRange: { readonly from: number; readonly to: number };
}

/** The call of the demo, as the hosts and the agent saw it. */
export interface DemoCall {
  /** The VPI/VCI of A's half and B's half of the call. */
  readonly vcA: { readonly vpi: number; readonly vci: number } | undefined;
  readonly vcB: { readonly vpi: number; readonly vci: number } | undefined;
  readonly nblSize: number;
  /** NBLs A sent, and those that came back unchanged, or not. */
  readonly sent: number;
  readonly echoed: number;
  readonly mismatched: number;
  /** Echoes back at A before B deregistered its SAP. */
  readonly echoedBeforeDeregistration: number;
  /** NBLs B's echo server sent back. */
  readonly serverEchoed: number;
  readonly closeStatus: number | undefined;
  /** The call's VCs on each host, and the agent's calls, once the deregistration completed. */
  readonly atDeregistration: {
    readonly a: HostSnapshot["vcs"];
    readonly b: HostSnapshot["vcs"];
    readonly agentCalls: AgentView["calls"];
  };
}

/** What the demo did. */
export interface SapDemoResult {
  readonly ok: boolean;
  readonly steps: readonly DemoStep[];
  /** Every event of both hosts, in order. */
  readonly events: readonly NdisEvent[];
  readonly agentWithSap: AgentView;
  /** The agent once the call is up. */
  readonly agentWithCall: AgentView;
  /** The agent once the SAP is deregistered (the call still up). */
  readonly agentAfter: AgentView;
  readonly call: DemoCall;
  readonly violations: readonly string[];
  readonly quiescence: QuiescenceResult;
  readonly seed: number;
}

/** Runs the demo on the controlled scheduler. */
export function runSapDemo(init: SapDemoInit = {}): SapDemoResult {
  const seed = init.seed ?? 1;
  const w = demoWorld(seed, init.mcm === true);
  const { a, b, events } = w;
  const steps: DemoStep[] = [];
  let mark = 0;
  const step = (name: string, ok: boolean, detail: string) => {
    steps.push({ name, ok, detail, eventRange: { from: mark, to: events.length } });
    mark = events.length;
  };

  w.settle();
  step(
    "bind, open the address family, learn the prefix over ILMI",
    a.client.afOpen && b.client.afOpen,
    `A ${a.client.afOpen ? "open" : "not open"}, B ${b.client.afOpen ? "open" : "not open"}`,
  );

  const sap = b.host.runAs(b.client.name, () => b.client.listen("echo", sapOfB()));
  const pended = sap.state === "registering";
  w.settle();
  const agentWithSap = w.agent.view();
  const registered = agentWithSap.addresses.find((x) => x.port === 1 && x.address === hex(addressOfB()));
  step(
    "B's echo server registers its SAP: pended, answered by the agent",
    pended && sap.state === "registered" && registered !== undefined,
    `status ${ndisStatusName(sap.lastStatus ?? -1)}, agent port ${registered?.port ?? "-"} holds ${registered?.address ?? "nothing"}`,
  );

  // The VCs each host has before the call (the stand-alone call manager's signaling VCs).
  const before = { a: vcIds(a), b: vcIds(b) };
  const dialed = dialB(w, before);
  const dial = dialed.dial;
  step("A's dialer calls B's SAP: SETUP … CONNECT ACKNOWLEDGE through the agent", dialed.ok, dialed.detail);

  const first = sendAndCheck(w, dial, NBLS_PER_BURST);
  step(
    `A sends ${NBLS_PER_BURST} NBLs of ${NBL_SIZE} bytes, each with its own content; each comes back unchanged`,
    first.ok,
    first.detail,
  );
  const echoedBeforeDeregistration = dial.echoed;

  // The heart of the demo: the SAP goes while a call made on it is up.
  const deregFrom = events.length;
  const deregStatus = b.host.runAs(b.client.name, () => b.client.deregisterSap(sap));
  const deregPended = deregStatus === NDIS_STATUS_PENDING && sap.state === "deregistering";
  w.settle();
  const agentAfter = w.agent.view();
  const atDeregistration = { a: callVcs(a, before.a), b: callVcs(b, before.b), agentCalls: agentAfter.calls };
  const completion = w.mcm ? "NdisMCmDeregisterSapComplete" : "NdisCmDeregisterSapComplete";
  const completions = events
    .slice(deregFrom)
    .filter((e) => e.type === "ddi-call" && e.ddi === completion).length;
  const callUp = [...atDeregistration.a, ...atDeregistration.b];
  step(
    "B deregisters the SAP while the call is up: pended, ILMI deregistration, exactly one completion",
    deregPended &&
      completions === 1 &&
      sap.state === "deregistered" &&
      sap.lastStatus === NDIS_STATUS_SUCCESS &&
      agentAfter.addresses.length === 0 &&
      callUp.length === 2 &&
      callUp.every((v) => v.state === "Active" && v.call === "Connected") &&
      agentAfter.calls[0]?.phase === "active",
    `NdisClDeregisterSap ${ndisStatusName(deregStatus)}, ${completions} ${completion} ` +
      `(${ndisStatusName(sap.lastStatus ?? -1)}), agent holds ${agentAfter.addresses.length} address(es); ` +
      `still up: A's VC ${vcStateText(atDeregistration.a)}, B's VC ${vcStateText(atDeregistration.b)}, ` +
      `agent call ${agentAfter.calls[0]?.phase ?? "gone"}`,
  );

  const second = sendAndCheck(w, dial, NBLS_PER_BURST);
  step(
    `the call survives: A sends ${NBLS_PER_BURST} more NBLs, each comes back unchanged`,
    second.ok && dial.incomingClose === undefined,
    second.detail,
  );

  const closed = closeCall(w, dial, before);
  step("A closes the call: RELEASE / RELEASE COMPLETE, both sides' VCs gone", closed.ok, closed.detail);

  for (const h of [a, b]) h.host.removeAdapter("ATM0");
  w.settle();
  for (const h of [a, b]) for (const d of h.drivers) if (h.host.drivers.has(d)) h.host.unloadDriver(d);
  w.settle();
  const leftovers = [a, b]
    .map((h) => h.host.snapshot())
    .map((s) => s.liveBlocks + s.liveNbls + s.saps.length + s.afs.length + s.vcs.length);
  const loaded = [a, b].map((h) => h.host.snapshot().drivers.length);
  step(
    "unload every driver with no leak",
    leftovers.every((n) => n === 0) && loaded.every((n) => n === 0),
    `blocks/NBLs/objects left: A ${leftovers[0]}, B ${leftovers[1]}; drivers loaded: A ${loaded[0]}, B ${loaded[1]}`,
  );

  // With every driver unloaded no signaling link is left, so the scheduler must now go idle; a
  // timer or task left behind shows up here as "step-limit" and fails the step.
  const { idle } = w.scheduler.runUntilIdle();
  const quiescence = w.verifier.checkQuiescence({ idle });
  const violations = w.verifier.violations().map((v) => `${v.rule.id} ${v.rule.name}: ${v.message}`);
  const away = quiescence.outstanding.length + quiescence.outstandingNbls.length;
  step(
    "the verifier reports no violation (strict) and the hosts are quiescent",
    violations.length === 0 && quiescence.outcome === "quiescent" && away === 0,
    `${violations.length} violation(s); ${quiescence.outcome}, ${quiescence.outstanding.length} request(s) ` +
      `and ${quiescence.outstandingNbls.length} NBL(s) outstanding`,
  );
  return {
    ok: steps.every((s) => s.ok),
    steps,
    events,
    agentWithSap,
    agentWithCall: dialed.agent,
    agentAfter,
    call: {
      vcA: dial.vc,
      vcB: vcOfB(w),
      nblSize: dial.size,
      sent: dial.sent,
      echoed: dial.echoed,
      mismatched: dial.mismatched,
      echoedBeforeDeregistration,
      serverEchoed: b.client.stats.echoed,
      closeStatus: dial.closeStatus,
      atDeregistration,
    },
    violations,
    quiescence,
    seed,
  };
}
