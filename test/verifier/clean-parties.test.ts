/**
 * Clean drivers on point-to-multipoint calls and QoS changes: a multipoint call made at once or
 * pended, parties added and dropped at once or after PENDING, parties the network drops, QoS
 * changes asked by the client (answered at once or pended) and by the network, and the call
 * closed with its last party, under the stand-alone call manager and the MCM. The strict verifier
 * finds nothing, and at the end no request is pending and every VC is gone.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisAllocateIoWorkItem,
  NdisClAddParty,
  NdisClCloseCall,
  NdisClDropParty,
  NdisClMakeCall,
  NdisClModifyCallQoS,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  NdisFreeIoWorkItem,
  type NdisHandle,
  NdisQueueIoWorkItem,
} from "../../src/ndis/index.ts";
import { Verifier } from "../../src/verifier/index.ts";
import { CALL_PARAMS, callForms } from "../support/buggy-drivers/call-world.ts";
import { makeWorld, type World } from "../support/world.ts";

/** Replays a settled world into a strict verifier and checks quiescence; its findings. */
function verify(w: World): string[] {
  w.settle();
  const verifier = new Verifier({ mode: "strict", replay: w.scheduler });
  for (const e of w.events) verifier.observe(e);
  verifier.attach(w.host);
  const q = verifier.checkQuiescence({ idle: true });
  expect(q.outcome).toBe("quiescent");
  expect(q.outstanding).toEqual([]);
  return verifier.violations().map((v) => `${v.rule.id} ${v.rule.name}: ${v.message}`);
}

type Answer = "sync" | "pend";
type Vc = NdisHandle<"Vc">;
type Party = NdisHandle<"Party">;

/** How the call manager answers each kind of request. */
interface Answers {
  make: Answer;
  add: Answer;
  drop: Answer;
  qos: Answer;
}

/**
 * A correct call manager and client on one multipoint call. The call manager activates in
 * ProtocolCmMakeCall, re-activates on a QoS change, deactivates in ProtocolCmCloseCall, and
 * completes what it pends from a work item; the client counts its live parties, drops a party the
 * network dropped, accepts remote QoS changes, and closes the call with its last party.
 */
function multipoint(w: World, a: Answers) {
  const f = callForms(w.kind);
  const cmName = w.kind === "cm" ? "TESTCM" : "TESTMCM";
  const cm = (w.cm?.hooks ?? w.mcm?.hooks)!;
  const cmOwner = () => (w.cm?.bindings[0]?.handle ?? w.mcm?.adapters[0]?.handle)!;
  const binding = () => w.client.bindings[0]!.handle!;
  const later = (owner: NdisHandle<"Binding"> | NdisHandle<"Miniport">, fn: () => void) => {
    const item = NdisAllocateIoWorkItem(owner);
    if (item === null) throw new Error("no work item");
    NdisQueueIoWorkItem(
      item,
      () => {
        NdisFreeIoWorkItem(item);
        fn();
      },
      null,
    );
  };
  const ctx: { vc: Vc | null } = { vc: null };
  const vc = w.host.runAs(w.client.name, () => NdisCoCreateVc(binding(), w.client.af().handle!, ctx))
    .NdisVcHandle!;
  ctx.vc = vc;
  /** The client's parties: pending adds, live ones, and drops under way. */
  const parties = new Map<Party, "adding" | "live" | "dropping">();
  let closed = false;

  cm.makeCall = (_ctx, _params, party) => {
    f.activate(vc);
    if (a.make === "sync") return { status: NDIS_STATUS_SUCCESS, CallMgrPartyContext: { party } };
    later(cmOwner(), () => f.makeCallComplete(NDIS_STATUS_SUCCESS, vc, party));
    return { status: NDIS_STATUS_PENDING };
  };
  cm.addParty = (_ctx, _params, party) => {
    if (a.add === "sync") return { status: NDIS_STATUS_SUCCESS, CallMgrPartyContext: { party } };
    later(cmOwner(), () => f.addPartyComplete(NDIS_STATUS_SUCCESS, party));
    return { status: NDIS_STATUS_PENDING };
  };
  cm.dropParty = (partyCtx) => {
    if (a.drop === "sync") return NDIS_STATUS_SUCCESS;
    const party = (partyCtx as { party: Party }).party;
    later(cmOwner(), () => f.dropPartyComplete(NDIS_STATUS_SUCCESS, party));
    return NDIS_STATUS_PENDING;
  };
  cm.modifyQoS = () => {
    // On success the call manager re-activates the VC with the new parameters.
    f.activate(vc);
    if (a.qos === "sync") return NDIS_STATUS_SUCCESS;
    later(cmOwner(), () => f.modifyCallQoSComplete(NDIS_STATUS_SUCCESS, vc));
    return NDIS_STATUS_PENDING;
  };
  cm.closeCall = () => {
    f.deactivate(vc);
    return NDIS_STATUS_SUCCESS;
  };

  const client = w.client.hooks;
  let qosPending = false;
  client.makeCallComplete = (status, _ctx, party) => {
    if (status === NDIS_STATUS_SUCCESS && party !== null) parties.set(party, "live");
  };
  client.addPartyComplete = (status, partyCtx, party) => {
    const handle = (partyCtx as { handle: Party | null }).handle;
    if (handle !== null) parties.delete(handle);
    if (status === NDIS_STATUS_SUCCESS && party !== null) parties.set(party, "live");
  };
  client.dropPartyComplete = (_status, partyCtx) => {
    const handle = (partyCtx as { handle: Party | null }).handle;
    if (handle !== null) parties.delete(handle);
  };
  client.modifyQoSComplete = () => {
    qosPending = false;
  };
  const live = () => [...parties].filter(([, s]) => s === "live").map(([p]) => p);
  const drop = (party: Party) => {
    if (parties.get(party) !== "live" || live().length <= 1) return;
    parties.set(party, "dropping");
    if (NdisClDropParty(party, null, 0) === NDIS_STATUS_SUCCESS) parties.delete(party);
  };
  client.incomingDropParty = (_status, partyCtx) => {
    const handle = (partyCtx as { handle: Party | null }).handle;
    if (handle !== null) later(binding(), () => drop(handle));
  };
  let nextParty = 1;
  const asClient = <T>(fn: () => T): T => w.host.runAs(w.client.name, fn);
  const idle = () => !closed && [...parties.values()].every((s) => s === "live") && !qosPending;

  return {
    vc,
    live,
    /** The client makes the multipoint call with its first party. */
    make(): void {
      const partyCtx: { handle: Party | null } = { handle: null };
      const r = asClient(() => NdisClMakeCall(vc, CALL_PARAMS, partyCtx));
      partyCtx.handle = r.NdisPartyHandle;
      if (r.status === NDIS_STATUS_SUCCESS && r.NdisPartyHandle !== null)
        parties.set(r.NdisPartyHandle, "live");
    },
    /** The client adds a party (once nothing else is under way). */
    add(): void {
      if (!idle() || live().length === 0) return;
      const partyCtx: { handle: Party | null; n: number } = { handle: null, n: nextParty++ };
      const r = asClient(() => NdisClAddParty(vc, partyCtx, CALL_PARAMS));
      partyCtx.handle = r.NdisPartyHandle;
      if (r.NdisPartyHandle !== null)
        parties.set(r.NdisPartyHandle, r.status === NDIS_STATUS_SUCCESS ? "live" : "adding");
    },
    /** The client drops one of its parties, never the last. */
    drop(i: number): void {
      const party = live()[i % Math.max(1, live().length)];
      if (idle() && party !== undefined) asClient(() => drop(party));
    },
    /** The network drops one of the client's parties, never the last. */
    networkDrops(i: number): void {
      const party = live()[i % Math.max(1, live().length)];
      if (idle() && party !== undefined && live().length > 1)
        w.host.runAs(cmName, () => f.dispatchIncomingDropParty(NDIS_STATUS_SUCCESS, party));
    },
    /** The client asks for a QoS change. */
    modifyQoS(): void {
      if (!idle() || live().length === 0) return;
      qosPending = asClient(() => NdisClModifyCallQoS(vc, CALL_PARAMS)) === NDIS_STATUS_PENDING;
    },
    /** The network changes the QoS (the call manager re-activated first); the client accepts. */
    networkQoS(): void {
      if (!idle() || live().length === 0) return;
      w.host.runAs(cmName, () => {
        f.activate(vc);
        f.dispatchIncomingCallQoSChange(vc);
      });
    },
    /** The client drops every party but one, closes the call with it, and deletes its VC. */
    close(): void {
      w.settle();
      for (const party of live().slice(1)) asClient(() => drop(party));
      w.settle();
      const last = live()[0];
      expect(asClient(() => NdisClCloseCall(vc, last ?? null, null, 0))).toBe(NDIS_STATUS_SUCCESS);
      closed = true;
      expect(asClient(() => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_SUCCESS);
    },
  };
}

const SYNC: Answers = { make: "sync", add: "sync", drop: "sync", qos: "sync" };
const PEND: Answers = { make: "pend", add: "pend", drop: "pend", qos: "pend" };

describe.each(["cm", "mcm"] as const)("clean multipoint drivers (%s), strict mode", (kind) => {
  const world = (seed = 1) => (kind === "cm" ? makeWorld({ seed, medium: {} }) : makeWorld({ seed, kind }));

  it.each([
    ["at once", SYNC],
    ["after PENDING", PEND],
  ] as const)(
    "parties added, dropped by the client and the network, QoS changed, call closed (%s)",
    (_, a) => {
      const w = world();
      const m = multipoint(w, a);
      m.make();
      w.settle();
      for (let i = 0; i < 3; i++) {
        m.add();
        w.settle();
      }
      expect(m.live()).toHaveLength(4);
      m.drop(1);
      w.settle();
      m.networkDrops(1);
      w.settle();
      expect(m.live()).toHaveLength(2);
      m.modifyQoS();
      w.settle();
      m.networkQoS();
      m.close();
      w.settle();
      expect(w.host.snapshot().vcs).toEqual([]);
      expect(verify(w)).toEqual([]);
    },
  );
});

type Step = {
  readonly t: "add" | "drop" | "networkDrops" | "modifyQoS" | "networkQoS" | "step";
  readonly i: number;
};

const step: fc.Arbitrary<Step> = fc.record({
  t: fc.constantFrom("add", "drop", "networkDrops", "modifyQoS", "networkQoS", "step"),
  i: fc.nat(5),
});

const answers: fc.Arbitrary<Answers> = fc.record({
  make: fc.constantFrom<Answer>("sync", "pend"),
  add: fc.constantFrom<Answer>("sync", "pend"),
  drop: fc.constantFrom<Answer>("sync", "pend"),
  qos: fc.constantFrom<Answer>("sync", "pend"),
});

describe("clean multipoint drivers under random interleavings", () => {
  it("no violation and nothing pending, whatever the answers and the schedule", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.constantFrom("cm" as const, "mcm" as const),
        answers,
        fc.array(step, { maxLength: 16 }),
        (seed, kind, a, steps) => {
          const w = kind === "cm" ? makeWorld({ seed, medium: {} }) : makeWorld({ seed, kind });
          const m = multipoint(w, a);
          m.make();
          w.settle();
          for (const s of steps) {
            if (s.t === "step") for (let k = 0; k <= s.i; k++) w.scheduler.step();
            else if (s.t === "drop" || s.t === "networkDrops") m[s.t](s.i);
            else m[s.t]();
          }
          m.close();
          w.settle();
          expect(w.host.snapshot().vcs).toEqual([]);
          expect(verify(w)).toEqual([]);
        },
      ),
      { numRuns: 80 },
    );
  });
});
