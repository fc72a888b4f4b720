/**
 * Checks shared by the call tests: the Q.2931 messages the agent saw on a UNI, the DDIs a host
 * called, the call VCs left, and a clean teardown of a call world.
 */
import { expect } from "vitest";
import type { NdisEvent } from "../../src/ndis/index.ts";
import { decodeMessage, type Q2931Message } from "../../src/signaling/q2931/index.ts";
import { decodePdu } from "../../src/signaling/sscop/index.ts";
import type { CallWorld } from "./call-world.ts";

/** The Q.2931 messages the agent received from (in) or sent to (out) host `port`. */
export function q2931(w: CallWorld, port: number, direction: "in" | "out"): Q2931Message[] {
  return w.agentEvents.flatMap((e) => {
    if (e.kind !== "frame" || e.port !== port || e.direction !== direction || e.vpi !== 0 || e.vci !== 5)
      return [];
    const pdu = decodePdu(e.payload);
    if (!pdu.ok || pdu.value.type !== "SD") return [];
    const m = decodeMessage(pdu.value.data);
    return m.ok ? [m.message] : [];
  });
}

export const names = (ms: Q2931Message[]) => ms.map((m) => m.type);
export const causesOf = (ms: Q2931Message[], type: "RELEASE" | "RELEASE COMPLETE") =>
  ms.flatMap((m) => (m.type === type ? (m.ies.cause ?? []).map((c) => c.value) : []));
export const ddis = (events: NdisEvent[], ddi: string, host?: string) =>
  events.filter((e) => e.type === "ddi-call" && e.ddi === ddi && (host === undefined || e.host === host));

/** VCs of calls left on a host (the stand-alone call manager's two signaling VCs aside). */
export function callVcs(w: CallWorld, h: CallWorld["a"]): number {
  return h.host.snapshot().vcs.length - (w.kind === "cm" ? 2 : 0);
}

/** Registers the echo server's SAP on B (selector 1 unless told) and waits for the agent. */
export function listen(w: CallWorld, sel = 1, blli?: Parameters<CallWorld["b"]["sap"]>[1]) {
  const sap = w.b.as(w.b.echo.name, () => w.b.echo.listen(`echo${sel}`, w.b.sap(sel, blli)));
  w.run(2);
  expect(sap.state).toBe("registered");
  return sap;
}

export function dial(
  w: CallWorld,
  count: number,
  size: number,
  options: Parameters<CallWorld["a"]["dialer"]["dial"]>[3] = {},
  sel = 1,
) {
  return w.a.as(w.a.dialer.name, () => w.a.dialer.dial(w.b.address(sel), count, size, options));
}

/** Unloads both hosts and checks that nothing leaked and the verifier is content. */
export function teardownClean(w: CallWorld): void {
  for (const h of [w.a, w.b]) h.host.removeAdapter("ATM0");
  w.run(10);
  for (const h of [w.a, w.b]) {
    const snap = h.host.snapshot();
    expect(snap.vcs).toEqual([]);
    expect(snap.saps).toEqual([]);
    expect(snap.afs).toEqual([]);
    expect(snap.liveBlocks).toBe(0);
    expect(snap.liveNbls).toBe(0);
  }
  expect(w.contracts()).toEqual([]);
  expect(w.verifier.checkQuiescence().violations).toEqual([]);
  expect(w.verifier.violations().map((v) => `${v.rule.id}: ${v.message}`)).toEqual([]);
}
