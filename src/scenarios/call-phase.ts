/**
 * The call half of the demo: A's dialer calls B's echo server through the agent, sends NBLs and
 * checks every echo, and closes the call. Each function runs one phase and returns what a checked
 * step needs (ok and a readable detail); the SAP demo orders them around B's deregistration.
 */
import type { AgentView, CallView } from "../agent/index.ts";
import { atmMediaParametersOf } from "../drivers/atm-media.ts";
import type { DialResult } from "../drivers/clients/dialer.ts";
import { type HostSnapshot, NDIS_STATUS_SUCCESS, ndisStatusName } from "../ndis/index.ts";
import { addressOfB, type DemoHost, type DemoWorld } from "./demo-world.ts";
import { q2931Messages, q2931Summary } from "./q2931-log.ts";

/** Octets in each NBL the dialer sends (each with its own sequence number and pattern). */
export const NBL_SIZE = 256;
/** NBLs sent before the SAP is deregistered, and as many again after. */
export const NBLS_PER_BURST = 4;

/** What a phase reports for its step. */
export interface PhaseOutcome {
  readonly ok: boolean;
  readonly detail: string;
}

/** A VPI/VCI pair. */
export interface Vc {
  readonly vpi: number;
  readonly vci: number;
}

/** The call's VCs on a host: every VC but those the host had before the call (its signaling VCs). */
export function callVcs(h: DemoHost<unknown>, before: ReadonlySet<number>): HostSnapshot["vcs"] {
  return h.host.snapshot().vcs.filter((v) => !before.has(v.id));
}

/** The ids of the VCs a host has now. */
export function vcIds(h: DemoHost<unknown>): Set<number> {
  return new Set(h.host.snapshot().vcs.map((v) => v.id));
}

const vcText = (vc: Vc | undefined) => (vc === undefined ? "-" : `${vc.vpi}/${vc.vci}`);
/** The state and call state of some VCs, e.g. "Active, call Connected" ("gone" for none). */
export const vcStateText = (vcs: HostSnapshot["vcs"]) =>
  vcs.map((v) => `${v.state}, call ${v.call}`).join("; ") || "gone";
const callText = (c: CallView | undefined) =>
  c === undefined ? "no call" : `call #${c.id} ${c.phase} (port ${c.from.port} → port ${c.to[0]?.port})`;

/** The VC the network gave B's half of the call (from the call parameters of its incoming call). */
export function vcOfB(w: DemoWorld): Vc | undefined {
  const id = atmMediaParametersOf(w.b.client.history[0]?.params)?.ConnectionId;
  return id === undefined ? undefined : { vpi: id.Vpi, vci: id.Vci };
}

/** True when, since event `from`, `host` sent exactly the Q.2931 messages `tx` and received exactly `rx`. */
function exchanged(w: DemoWorld, from: number, host: string, tx: string[], rx: string[]): boolean {
  const own = q2931Messages(w.events.slice(from)).filter((m) => m.host === host);
  const of = (d: "tx" | "rx") => own.filter((m) => m.direction === d).map((m) => m.type);
  return JSON.stringify(of("tx")) === JSON.stringify(tx) && JSON.stringify(of("rx")) === JSON.stringify(rx);
}

/** A's dialer calls B's SAP and holds the call; the call is up on both hosts and at the agent. */
export function dialB(
  w: DemoWorld,
  before: { readonly a: ReadonlySet<number>; readonly b: ReadonlySet<number> },
): PhaseOutcome & { readonly dial: DialResult; readonly agent: AgentView } {
  const from = w.events.length;
  // Nothing to send yet: the data goes out in its own steps, and the call is held until closed.
  const dial = w.a.host.runAs(w.a.client.name, () =>
    w.a.client.dial(addressOfB(), 0, NBL_SIZE, { hold: true }),
  );
  w.settle();
  const agent = w.agent.view();
  const [va, vb] = [callVcs(w.a, before.a), callVcs(w.b, before.b)];
  const call = agent.calls[0];
  const messages = q2931Messages(w.events.slice(from));
  const ok =
    dial.state === "connected" &&
    dial.makeCallStatus === NDIS_STATUS_SUCCESS &&
    w.b.client.stats.accepted === 1 &&
    va.length === 1 &&
    vb.length === 1 &&
    [...va, ...vb].every((v) => v.call === "Connected") &&
    agent.calls.length === 1 &&
    call?.phase === "active" &&
    exchanged(w, from, "A", ["SETUP", "CONNECT ACKNOWLEDGE"], ["CALL PROCEEDING", "CONNECT"]) &&
    exchanged(w, from, "B", ["CONNECT"], ["SETUP", "CONNECT ACKNOWLEDGE"]);
  const detail =
    `make-call ${ndisStatusName(dial.makeCallStatus ?? -1)}; A's VC ${vcText(dial.vc)} (${vcStateText(va)}), ` +
    `B's VC ${vcText(vcOfB(w))} (${vcStateText(vb)}); agent ${callText(call)}; ` +
    `A: ${q2931Summary(messages, "A")}; B: ${q2931Summary(messages, "B")}`;
  return { ok, detail, dial, agent };
}

/** A sends `n` more NBLs on the held call; every one comes back unchanged. */
export function sendAndCheck(w: DemoWorld, dial: DialResult, n: number): PhaseOutcome {
  const [sent0, echoed0, server0] = [dial.sent, dial.echoed, w.b.client.stats.echoed];
  w.a.host.runAs(w.a.client.name, () => w.a.client.sendMore(dial, n));
  w.settle();
  const sent = dial.sent - sent0;
  const echoed = dial.echoed - echoed0;
  const relayed = w.agent.view().calls[0]?.relayed;
  const ok =
    dial.state === "connected" &&
    sent === n &&
    echoed === n &&
    dial.mismatched === 0 &&
    w.b.client.stats.echoed - server0 === n &&
    w.b.client.stats.notEchoed === 0;
  const detail =
    `A sent ${sent} NBL(s) of ${dial.size} bytes (${sent * dial.size} bytes), ` +
    `${echoed} came back unchanged (${echoed * dial.size} bytes), ${dial.mismatched} mismatched; ` +
    `${dial.echoed} of ${dial.sent} echoed since the call came up; agent relayed ` +
    `${relayed?.forward.frames ?? 0} frame(s) A → B, ${relayed?.backward.frames ?? 0} B → A`;
  return { ok, detail };
}

/** A closes the call: RELEASE and RELEASE COMPLETE on both UNIs, and the call's VCs are gone. */
export function closeCall(
  w: DemoWorld,
  dial: DialResult,
  before: { readonly a: ReadonlySet<number>; readonly b: ReadonlySet<number> },
): PhaseOutcome {
  const from = w.events.length;
  w.a.host.runAs(w.a.client.name, () => w.a.client.hangUp(dial));
  w.settle();
  const messages = q2931Messages(w.events.slice(from));
  const [va, vb] = [callVcs(w.a, before.a), callVcs(w.b, before.b)];
  const agent = w.agent.view();
  const ok =
    dial.state === "done" &&
    dial.incomingClose === undefined &&
    dial.closeStatus === NDIS_STATUS_SUCCESS &&
    w.b.client.stats.closed === 1 &&
    va.length === 0 &&
    vb.length === 0 &&
    agent.calls.length === 0 &&
    exchanged(w, from, "A", ["RELEASE"], ["RELEASE COMPLETE"]) &&
    exchanged(w, from, "B", ["RELEASE COMPLETE"], ["RELEASE"]);
  const detail =
    `close ${ndisStatusName(dial.closeStatus ?? -1)}; A: ${q2931Summary(messages, "A")}; ` +
    `B: ${q2931Summary(messages, "B")}; call VCs left: A ${va.length}, B ${vb.length}; ` +
    `agent holds ${agent.calls.length} call(s)`;
  return { ok, detail };
}
