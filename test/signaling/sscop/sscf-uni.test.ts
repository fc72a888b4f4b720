import { describe, expect, it } from "vitest";
import type { Pdu } from "../../../src/signaling/sscop/pdu.ts";
import {
  type AalRequest,
  initialSscfUniState,
  type SscfUniEffect,
  type SscfUniState,
  sscfUniStep,
} from "../../../src/signaling/sscop/sscf-uni.ts";

const none = new Uint8Array(0);

const aal = (signal: AalRequest) => ({ kind: "aal", signal }) as const;
const pdu = (p: Pdu) => ({ kind: "pdu", pdu: p }) as const;
const sent = (effects: readonly SscfUniEffect[]): Pdu[] =>
  effects.flatMap((e) => (e.kind === "send" ? [e.pdu] : []));
const up = (effects: readonly SscfUniEffect[]): string[] =>
  effects.flatMap((e) => (e.kind === "aal" ? [e.signal.name] : e.kind === "maa" ? [`${e.signal.name}`] : []));

/** Delivers PDUs between two SSCF-UNI entities over a perfect wire until nothing is in flight. */
function converse(a: SscfUniState, b: SscfUniState, fromA: readonly Pdu[]) {
  const aEffects: SscfUniEffect[] = [];
  const bEffects: SscfUniEffect[] = [];
  let toB = [...fromA];
  for (let rounds = 0; toB.length > 0 && rounds < 50; rounds++) {
    const toA: Pdu[] = [];
    for (const p of toB) {
      const r = sscfUniStep(b, pdu(p));
      b = r.state;
      bEffects.push(...r.effects);
      toA.push(...sent(r.effects));
    }
    toB = [];
    for (const p of toA) {
      const r = sscfUniStep(a, pdu(p));
      a = r.state;
      aEffects.push(...r.effects);
      toB.push(...sent(r.effects));
    }
  }
  return { a, b, aEffects, bEffects };
}

/** Two connected entities: A established towards B. */
function connected() {
  const r = sscfUniStep(initialSscfUniState(), aal({ name: "AAL-ESTABLISH.request" }));
  return { ...converse(r.state, initialSscfUniState(), sent(r.effects)), first: r };
}

describe("SSCF-UNI", () => {
  it("AAL-ESTABLISH.request sends BGN; the peer accepts at once and both reach 4/10", () => {
    const { a, b, aEffects, bEffects, first } = connected();
    expect(first.state.phase).toBe("OutgoingConnectionPending");
    expect(sent(first.effects)).toEqual([{ type: "BGN", nSQ: 1, nMR: 128, uu: none }]);
    expect(sent(bEffects)).toEqual([{ type: "BGAK", nMR: 128, uu: none }]);
    expect(up(bEffects)).toEqual(["AAL-ESTABLISH.indication"]);
    expect(up(aEffects)).toEqual(["AAL-ESTABLISH.confirm"]);
    expect([a.phase, a.sscop.phase, b.phase, b.sscop.phase]).toEqual([
      "DataTransferReady",
      "DataTransferReady",
      "DataTransferReady",
      "DataTransferReady",
    ]);
  });

  it("passes data only in 4/10", () => {
    const idle = sscfUniStep(
      initialSscfUniState(),
      aal({ name: "AAL-DATA.request", data: Uint8Array.of(1) }),
    );
    expect(idle.effects).toEqual([]);
    expect(idle.ignored).toMatch(/AAL-DATA.request in SSCF-UNI state 1\/2/);

    const { a, b } = connected();
    const r = sscfUniStep(a, aal({ name: "AAL-DATA.request", data: Uint8Array.of(1, 2) }));
    expect(r.ignored).toBeUndefined();
    const c = converse(r.state, b, sent(r.effects));
    expect(c.bEffects).toContainEqual({
      kind: "aal",
      signal: { name: "AAL-DATA.indication", data: Uint8Array.of(1, 2) },
    });
  });

  it("AAL-RELEASE.request: confirmed at once in 1/2; END / ENDAK otherwise", () => {
    expect(up(sscfUniStep(initialSscfUniState(), aal({ name: "AAL-RELEASE.request" })).effects)).toEqual([
      "AAL-RELEASE.confirm",
    ]);
    const { a, b } = connected();
    const r = sscfUniStep(a, aal({ name: "AAL-RELEASE.request" }));
    expect(r.state.phase).toBe("OutgoingDisconnectionPending");
    const c = converse(r.state, b, sent(r.effects));
    expect(c.bEffects).toContainEqual({
      kind: "aal",
      signal: { name: "AAL-RELEASE.indication", source: "user" },
    });
    expect(up(c.aEffects)).toEqual(["AAL-RELEASE.confirm"]);
    expect([c.a.phase, c.b.phase]).toEqual(["Idle", "Idle"]);
  });

  it("AAL-ESTABLISH.request in 4/10 resynchronises; the peer answers and reports AAL-ESTABLISH.indication", () => {
    const { a, b } = connected();
    const r = sscfUniStep(a, aal({ name: "AAL-ESTABLISH.request" }));
    expect(r.state.phase).toBe("OutgoingResynchronizationPending");
    expect(sent(r.effects)).toEqual([{ type: "RS", nSQ: 2, nMR: 128, uu: none }]);
    const c = converse(r.state, b, sent(r.effects));
    expect(sent(c.bEffects)).toEqual([{ type: "RSAK", nMR: 128 }]);
    expect(up(c.bEffects)).toEqual(["AAL-ESTABLISH.indication"]);
    expect(up(c.aEffects)).toEqual(["AAL-ESTABLISH.confirm"]);
    expect([c.a.phase, c.b.phase]).toEqual(["DataTransferReady", "DataTransferReady"]);
  });

  it("answers the peer's error recovery at once and reports it as AAL-ESTABLISH.indication", () => {
    const { b } = connected();
    const r = sscfUniStep(b, pdu({ type: "ER", nSQ: 9, nMR: 64 }));
    expect(sent(r.effects)).toEqual([{ type: "ERAK", nMR: 128 }]);
    expect(up(r.effects)).toEqual(["AAL-ESTABLISH.indication"]);
    expect(r.state.sscop.phase).toBe("DataTransferReady");
  });

  it("a restarted peer (new BGN in 4/10) is reported as release then establishment", () => {
    const { b } = connected();
    const r = sscfUniStep(b, pdu({ type: "BGN", nSQ: 2, nMR: 64, uu: none }));
    expect(up(r.effects)).toEqual(["AAL-RELEASE.indication", "AAL-ESTABLISH.indication"]);
    expect(sent(r.effects)).toEqual([{ type: "BGAK", nMR: 128, uu: none }]);
    expect(r.state.phase).toBe("DataTransferReady");
  });

  it("reports a lost link as AAL-RELEASE.indication from SSCOP, with MAA-ERROR P passed through", () => {
    const { a } = connected();
    const r = sscfUniStep(a, { kind: "timer", timer: "NO-RESPONSE" });
    expect(r.effects).toContainEqual({
      kind: "maa",
      signal: { name: "MAA-ERROR.indication", code: "P", count: 0 },
    });
    expect(r.effects).toContainEqual({
      kind: "aal",
      signal: { name: "AAL-RELEASE.indication", source: "sscop" },
    });
    expect(r.state.phase).toBe("Idle");
  });

  it("passes SSCOP's timer effects to the runtime unchanged", () => {
    const r = sscfUniStep(initialSscfUniState(), aal({ name: "AAL-ESTABLISH.request" }));
    expect(
      r.effects.filter((e) => e.kind === "startTimer").map((e) => e.kind === "startTimer" && e.timer),
    ).toEqual(["CC"]);
  });

  it("unit data goes as UD in any state", () => {
    const r = sscfUniStep(
      initialSscfUniState(),
      aal({ name: "AAL-UNITDATA.request", data: Uint8Array.of(5) }),
    );
    expect(sent(r.effects)).toEqual([{ type: "UD", data: Uint8Array.of(5) }]);
    const back = sscfUniStep(initialSscfUniState(), pdu({ type: "UD", data: Uint8Array.of(6) }));
    expect(back.effects).toEqual([
      { kind: "aal", signal: { name: "AAL-UNITDATA.indication", data: Uint8Array.of(6) } },
    ]);
  });
});
