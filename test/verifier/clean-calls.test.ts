/**
 * Clean drivers making and taking calls: outgoing calls answered at once or pended (also pended
 * behind the miniport's pended activation), incoming calls accepted or rejected at once or after
 * PENDING, calls closed by the client and by the network, under the stand-alone call manager on
 * the reference miniport and under the MCM. The strict verifier finds nothing, and at the end no
 * request is pending, every NBL is home and every VC is gone.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisAllocateIoWorkItem,
  NdisClCloseCall,
  NdisClIncomingCallComplete,
  NdisClMakeCall,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  NdisFreeIoWorkItem,
  type NdisHandle,
  NdisMCmCreateVc,
  NdisQueueIoWorkItem,
} from "../../src/ndis/index.ts";
import { Verifier } from "../../src/verifier/index.ts";
import { clientPool, clientSend } from "../ndis/vc-helpers.ts";
import { CALL_PARAMS, callForms } from "../support/buggy-drivers/call-world.ts";
import { makeWorld, type World } from "../support/world.ts";

/** Replays a settled world into a strict verifier (the host attached for its NBLs); its findings. */
function verify(w: World): string[] {
  w.settle();
  const verifier = new Verifier({ mode: "strict", replay: w.scheduler });
  for (const e of w.events) verifier.observe(e);
  verifier.attach(w.host);
  const q = verifier.checkQuiescence({ idle: true });
  expect(q.outcome).toBe("quiescent");
  expect(q.outstanding).toEqual([]);
  expect(q.outstandingNbls).toEqual([]);
  return verifier.violations().map((v) => `${v.rule.id} ${v.rule.name}: ${v.message}`);
}

type Answer = "sync" | "pend";
/** How the client answers an incoming call. */
type Incoming = "accept" | "pend-accept" | "reject" | "pend-reject";

/** How the correct drivers answer. */
interface Behaviour {
  make: Answer;
  close: Answer;
  incoming: Incoming;
  /** The client closes from its ProtocolClIncomingCloseCall (else from a work item). */
  closeInside: boolean;
}

type Vc = NdisHandle<"Vc">;
const vcOf = (ctx: unknown): Vc => (ctx as { vc: Vc }).vc;

/**
 * Correct call drivers on a world: the call manager activates in ProtocolCmMakeCall and
 * deactivates in ProtocolCmCloseCall, completes what it pended from a work item (or from its
 * activation and deactivation completions when the miniport pended those), dispatches
 * CallConnected once the client accepted and tears a rejected call's VC down; the client
 * answers incoming calls as told, closes after an incoming close, and deletes its VCs once their
 * calls are closed.
 */
function callDrivers(w: World, b: Behaviour) {
  const kind = w.kind;
  const f = callForms(kind);
  const cmName = kind === "cm" ? "TESTCM" : "TESTMCM";
  const cm = (w.cm?.hooks ?? w.mcm?.hooks)!;
  const cmOwner = () => (w.cm?.bindings[0]?.handle ?? w.mcm?.adapters[0]?.handle)!;
  const clientBinding = () => w.client.bindings[0]!.handle!;
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
  /** VCs whose make-call (or close) waits for the miniport's activation (or deactivation). */
  const waitingActivation = new Set<Vc>();
  const waitingDeactivation = new Set<Vc>();
  const cmVcs = new Set<Vc>();
  const teardown = (vc: Vc) => {
    f.deactivate(vc);
    f.deleteVc(vc);
    cmVcs.delete(vc);
  };
  /** Each call on its own VCI. */
  let nextVci = 100;
  cm.makeCall = (ctx) => {
    const vc = vcOf(ctx);
    const status = f.activate(vc, nextVci++);
    if (status === NDIS_STATUS_PENDING) {
      waitingActivation.add(vc);
      return { status: NDIS_STATUS_PENDING };
    }
    if (status !== NDIS_STATUS_SUCCESS) return { status };
    if (b.make === "sync") return { status: NDIS_STATUS_SUCCESS };
    later(cmOwner(), () => f.makeCallComplete(NDIS_STATUS_SUCCESS, vc));
    return { status: NDIS_STATUS_PENDING };
  };
  /** Offers an incoming call on an active VC; a rejected call's VC is torn down. */
  const dispatch = (sap: NdisHandle<"Sap">, vc: Vc) => {
    const status = f.dispatchIncomingCall(sap, vc);
    if (status === NDIS_STATUS_SUCCESS) later(cmOwner(), () => f.dispatchCallConnected(vc));
    else if (status !== NDIS_STATUS_PENDING) teardown(vc);
  };
  /** Incoming calls whose dispatch waits for the miniport's activation. */
  const waitingDispatch = new Map<Vc, NdisHandle<"Sap">>();
  cm.activateComplete = (status, ctx) => {
    const vc = vcOf(ctx);
    if (waitingActivation.delete(vc)) f.makeCallComplete(status, vc);
    const sap = waitingDispatch.get(vc);
    if (sap !== undefined && waitingDispatch.delete(vc)) dispatch(sap, vc);
  };
  /** Completes a pended close; the call manager then deletes a VC it created. */
  const completeClose = (status: number, vc: Vc) => {
    f.closeCallComplete(status, vc);
    if (cmVcs.has(vc)) teardown(vc);
  };
  cm.closeCall = (ctx) => {
    const vc = vcOf(ctx);
    const status = f.deactivate(vc);
    if (status === NDIS_STATUS_PENDING) {
      waitingDeactivation.add(vc);
      return NDIS_STATUS_PENDING;
    }
    if (b.close === "sync") {
      // The VC can go once NdisClCloseCall has returned.
      if (cmVcs.has(vc)) later(cmOwner(), () => teardown(vc));
      return NDIS_STATUS_SUCCESS;
    }
    later(cmOwner(), () => completeClose(NDIS_STATUS_SUCCESS, vc));
    return NDIS_STATUS_PENDING;
  };
  cm.deactivateComplete = (status, ctx) => {
    const vc = vcOf(ctx);
    if (waitingDeactivation.delete(vc)) completeClose(status, vc);
  };
  cm.incomingCallComplete = (status, ctx) => {
    const vc = vcOf(ctx);
    later(cmOwner(), () => (status === NDIS_STATUS_SUCCESS ? f.dispatchCallConnected(vc) : teardown(vc)));
  };
  const client = w.client.hooks;
  const clientVcs = new Set<Vc>();
  const answer =
    b.incoming === "accept" || b.incoming === "pend-accept" ? NDIS_STATUS_SUCCESS : NDIS_STATUS_NOT_SUPPORTED;
  client.incomingCall = (_sap, ctx) => {
    if (b.incoming === "accept" || b.incoming === "reject") return answer;
    const vc = vcOf(ctx);
    later(clientBinding(), () => NdisClIncomingCallComplete(answer, vc, CALL_PARAMS));
    return NDIS_STATUS_PENDING;
  };
  /** The client deletes its own VC once its call is closed (the call manager deletes its VCs). */
  const closed = (vc: Vc) => {
    if (clientVcs.delete(vc)) NdisCoDeleteVc(vc);
  };
  const clientClose = (vc: Vc) => {
    if (NdisClCloseCall(vc, null, null, 0) === NDIS_STATUS_SUCCESS) closed(vc);
  };
  const log: string[] = [];
  client.closeCallComplete = (status, ctx) => {
    log.push(`closeCallComplete ${status}`);
    if (status === NDIS_STATUS_SUCCESS) closed(vcOf(ctx));
  };
  client.makeCallComplete = (status, ctx) => {
    log.push(`makeCallComplete ${status}`);
    if (status !== NDIS_STATUS_SUCCESS) closed(vcOf(ctx));
  };
  client.callConnected = () => {
    log.push("callConnected");
  };
  client.incomingCloseCall = (_status, ctx) => {
    const vc = vcOf(ctx);
    if (b.closeInside) clientClose(vc);
    else later(clientBinding(), () => clientClose(vc));
  };

  return {
    /** The client's completion and connection handlers, in the order they ran. */
    log,
    /** The client creates a VC and makes a call on it. */
    outgoing(): Vc {
      const ctx: { vc: Vc | null } = { vc: null };
      const vc = w.host.runAs(w.client.name, () =>
        NdisCoCreateVc(clientBinding(), w.client.af().handle!, ctx),
      ).NdisVcHandle!;
      ctx.vc = vc;
      clientVcs.add(vc);
      const status = w.host.runAs(w.client.name, () => NdisClMakeCall(vc, CALL_PARAMS, null)).status;
      if (status !== NDIS_STATUS_SUCCESS && status !== NDIS_STATUS_PENDING) closed(vc);
      return vc;
    },
    /** The call manager creates and activates a VC and offers it on the client's SAP. */
    incoming(): Vc {
      const sap = w.core().sapHandles.at(-1)!;
      const ctx: { vc: Vc | null } = { vc: null };
      const vc = w.host.runAs(cmName, () =>
        kind === "cm"
          ? NdisCoCreateVc(cmOwner() as NdisHandle<"Binding">, w.client.af().handle!, ctx)
          : NdisMCmCreateVc(cmOwner() as NdisHandle<"Miniport">, w.client.af().handle!, ctx),
      ).NdisVcHandle!;
      ctx.vc = vc;
      cmVcs.add(vc);
      w.host.runAs(cmName, () => {
        const status = f.activate(vc, nextVci++);
        if (status === NDIS_STATUS_PENDING) waitingDispatch.set(vc, sap);
        else if (status === NDIS_STATUS_SUCCESS) dispatch(sap, vc);
        else throw new Error(`activation failed: ${status}`);
      });
      return vc;
    },
    /** The client closes the call on `vc` (if it is still there). */
    clientCloses(vc: Vc): void {
      if (clientVcs.has(vc) || cmVcs.has(vc)) w.host.runAs(w.client.name, () => clientClose(vc));
    },
    /** The network closes the call on `vc` (the call manager dispatches an incoming close). */
    networkCloses(vc: Vc): void {
      if (clientVcs.has(vc) || cmVcs.has(vc))
        w.host.runAs(cmName, () => f.dispatchIncomingCloseCall(NDIS_STATUS_SUCCESS, vc));
    },
    /** True when a VC is still there. */
    live(vc: Vc): boolean {
      return clientVcs.has(vc) || cmVcs.has(vc);
    },
  };
}

const BEHAVIOUR: Behaviour = { make: "sync", close: "sync", incoming: "accept", closeInside: true };

/** Worlds: the stand-alone call manager on the reference miniport, and the MCM. */
const KINDS = [
  {
    kind: "cm" as const,
    world: (seed = 1, pendActivation = false) => makeWorld({ seed, medium: { pendActivation } }),
  },
  { kind: "mcm" as const, world: (seed = 1) => makeWorld({ seed, kind: "mcm" }) },
];

describe.each(KINDS)("clean call drivers ($kind), strict mode", ({ kind, world }) => {
  const run = (b: Partial<Behaviour>, scenario: (d: ReturnType<typeof callDrivers>, w: World) => void) => {
    const w = world();
    w.client.registerSap(w.host);
    const d = callDrivers(w, { ...BEHAVIOUR, ...b });
    scenario(d, w);
    w.settle();
    expect(w.host.snapshot().vcs).toEqual([]);
    expect(verify(w)).toEqual([]);
    return d;
  };

  it.each(["sync", "pend"] as const)("an outgoing call made and closed by the client (%s)", (answer) => {
    const d = run({ make: answer, close: answer }, (d, w) => {
      const vc = d.outgoing();
      w.settle();
      if (kind === "cm") {
        clientSend(w, clientPool(w), vc, new Uint8Array([1, 2]));
        w.link?.b.send({ vpi: 0, vci: 100, payload: new Uint8Array([3]) });
      }
      w.settle();
      d.clientCloses(vc);
    });
    // Internal completion: a synchronous answer calls no completion handler.
    const ok = NDIS_STATUS_SUCCESS;
    expect(d.log).toEqual(answer === "sync" ? [] : [`makeCallComplete ${ok}`, `closeCallComplete ${ok}`]);
  });

  it.each(["sync", "pend"] as const)("an outgoing call closed by the network (%s)", (answer) => {
    run({ make: answer, close: answer, closeInside: answer === "sync" }, (d, w) => {
      const vc = d.outgoing();
      w.settle();
      d.networkCloses(vc);
    });
  });

  it.each(["accept", "pend-accept"] as const)("an incoming call (%s), closed by the client", (incoming) => {
    const d = run({ incoming }, (d, w) => {
      const vc = d.incoming();
      w.settle();
      d.clientCloses(vc);
    });
    expect(d.log).toEqual(["callConnected"]);
  });

  it.each(["accept", "pend-accept"] as const)("an incoming call (%s), closed by the network", (incoming) => {
    run({ incoming, close: "pend", closeInside: false }, (d, w) => {
      const vc = d.incoming();
      w.settle();
      d.networkCloses(vc);
    });
  });

  it.each(["reject", "pend-reject"] as const)("an incoming call the client rejects (%s)", (incoming) => {
    const d = run({ incoming }, (d) => {
      d.incoming();
    });
    expect(d.log).toEqual([]);
  });
});

describe("a make-call behind a pended activation", () => {
  it("the call manager completes the make-call from ProtocolCmActivateVcComplete", () => {
    const w = makeWorld({ medium: { pendActivation: true } });
    const d = callDrivers(w, BEHAVIOUR);
    const vc = d.outgoing();
    w.settle();
    expect(d.log).toEqual([`makeCallComplete ${NDIS_STATUS_SUCCESS}`]);
    d.clientCloses(vc);
    w.settle();
    expect(w.host.snapshot().vcs).toEqual([]);
    expect(verify(w)).toEqual([]);
  });
});

const behaviour: fc.Arbitrary<Behaviour> = fc.record({
  make: fc.constantFrom<Answer>("sync", "pend"),
  close: fc.constantFrom<Answer>("sync", "pend"),
  incoming: fc.constantFrom<Incoming>("accept", "pend-accept", "reject", "pend-reject"),
  closeInside: fc.boolean(),
});

type Step =
  | { readonly t: "outgoing" | "incoming" }
  | { readonly t: "clientCloses" | "networkCloses"; readonly i: number }
  | { readonly t: "step"; readonly n: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ t: fc.constantFrom("outgoing" as const, "incoming" as const) }),
  fc.record({ t: fc.constantFrom("clientCloses" as const, "networkCloses" as const), i: fc.nat(7) }),
  fc.record({ t: fc.constant("step" as const), n: fc.integer({ min: 1, max: 4 }) }),
);

describe("clean call drivers under random interleavings", () => {
  it("no violation, nothing pending and every VC gone, whatever the answers and the schedule", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.constantFrom(...KINDS),
        fc.boolean(),
        behaviour,
        fc.array(step, { maxLength: 12 }),
        (seed, k, pendActivation, b, steps) => {
          const w = k.world(seed, pendActivation);
          w.client.registerSap(w.host);
          const d = callDrivers(w, b);
          const vcs: Vc[] = [];
          // A call-control operation is started only once the previous ones on the VC settled.
          for (const s of steps) {
            switch (s.t) {
              case "outgoing":
              case "incoming":
                vcs.push(s.t === "outgoing" ? d.outgoing() : d.incoming());
                break;
              case "step":
                for (let i = 0; i < s.n; i++) w.scheduler.step();
                break;
              default: {
                w.settle();
                const live = vcs.filter((v) => d.live(v));
                const vc = live[s.i % Math.max(1, live.length)];
                if (vc !== undefined) (s.t === "clientCloses" ? d.clientCloses : d.networkCloses)(vc);
              }
            }
          }
          w.settle();
          for (const vc of vcs) d.clientCloses(vc);
          w.settle();
          expect(w.host.snapshot().vcs).toEqual([]);
          expect(verify(w)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
