/**
 * The clean drivers on the VC, data-path and OID paths: the reference CoNDIS miniport on an
 * in-memory link under the test call manager (and the test MCM), sending, receiving with and
 * without NDIS_RECEIVE_FLAGS_RESOURCES, pended activations and deactivations, OID requests both
 * ways. The strict verifier finds nothing, and at the end no request is pending and every NBL is
 * back with its owner.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { atmVcParameters } from "../../src/drivers/atm-media.ts";
import type { CoMiniportInit } from "../../src/drivers/co-miniport/index.ts";
import { OID_GEN_CO } from "../../src/drivers/co-miniport/index.ts";
import {
  NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL,
  type NDIS_STATUS,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisCmActivateVc,
  NdisCmDeactivateVc,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  NdisCoOidRequest,
  NdisCoOidRequestComplete,
  NdisCoSendNetBufferLists,
  type NdisHandle,
  NdisMCmActivateVc,
  NdisMCmCreateVc,
  NdisMCmDeactivateVc,
  NdisMCmDeleteVc,
  NdisMCmOidRequest,
  NdisMCmOidRequestComplete,
  NdisMCoIndicateReceiveNetBufferLists,
  NdisReturnNetBufferLists,
  OID_CO,
} from "../../src/ndis/index.ts";
import { Verifier } from "../../src/verifier/index.ts";
import { activeClientVc, clientPool, clientSend, handles } from "../ndis/vc-helpers.ts";
import { oidQuery } from "../support/buggy-drivers/vc-world.ts";
import { makeWorld, type World } from "../support/world.ts";

/**
 * Replays a settled world's stream into a strict verifier, attaches the host afterwards so the
 * NBL liveness rule can read its snapshot, and checks quiescence.
 */
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

const world = (medium: CoMiniportInit = {}) => makeWorld({ medium });
const asCm = <T>(w: World, fn: () => T): T => w.host.runAs("TESTCM", fn);
const asClient = <T>(w: World, fn: () => T): T => w.host.runAs(w.client.name, fn);

/** Deactivates (waiting for a pended deactivation) and deletes a client VC. */
function teardown(w: World, vc: NdisHandle<"Vc">): void {
  asCm(w, () => NdisCmDeactivateVc(vc));
  w.settle();
  expect(asClient(w, () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_SUCCESS);
}

describe("clean drivers on the VC and data paths, strict mode", () => {
  it("a client VC's whole life: activate, send, receive and return, deactivate, delete, close, remove", () => {
    const w = world();
    const vc = activeClientVc(w, 70);
    const pool = clientPool(w);
    clientSend(w, pool, vc, new Uint8Array([1, 2]));
    w.link?.b.send({ vpi: 0, vci: 70, payload: new Uint8Array([3]) });
    w.settle();
    expect(w.client.hookLog.received).toHaveLength(1);
    expect(w.client.hookLog.sendCompleted).toHaveLength(1);
    teardown(w, vc);
    expect(w.client.closeAf(w.host)).toBe(NDIS_STATUS_SUCCESS);
    w.host.removeAdapter("ATM0");
    expect(verify(w)).toEqual([]);
  });

  it("receives with NDIS_RECEIVE_FLAGS_RESOURCES: nothing is returned and nothing is owed", () => {
    const w = world({ receiveWithResources: true });
    const vc = activeClientVc(w, 71);
    for (let i = 0; i < 3; i++) w.link?.b.send({ vpi: 0, vci: 71, payload: new Uint8Array([i]) });
    w.settle();
    expect(w.client.hookLog.received).toHaveLength(3);
    teardown(w, vc);
    expect(verify(w)).toEqual([]);
  });

  it("a pended activation completed from the miniport's DPC, then traffic", () => {
    const w = world({ pendActivation: true });
    const h = handles(w);
    const vc = asClient(w, () => NdisCoCreateVc(h.client, h.af, { owner: "client" })).NdisVcHandle!;
    expect(asCm(w, () => NdisCmActivateVc(vc, atmVcParameters(0, 72)))).toBe(NDIS_STATUS_PENDING);
    w.settle();
    expect(w.cm?.hookLog.activateCompleted.map((a) => a.status)).toEqual([NDIS_STATUS_SUCCESS]);
    clientSend(w, clientPool(w), vc, new Uint8Array([4]));
    w.link?.b.send({ vpi: 0, vci: 72, payload: new Uint8Array([5]) });
    teardown(w, vc);
    expect(verify(w)).toEqual([]);
  });

  it("a deactivation that waits for the sends in flight", () => {
    const w = world();
    const vc = activeClientVc(w, 73);
    const pool = clientPool(w);
    for (let i = 0; i < 3; i++) clientSend(w, pool, vc, new Uint8Array([i]));
    expect(asCm(w, () => NdisCmDeactivateVc(vc))).toBe(NDIS_STATUS_PENDING);
    w.settle();
    expect(w.cm?.hookLog.deactivateCompleted.map((d) => d.status)).toEqual([NDIS_STATUS_SUCCESS]);
    expect(asClient(w, () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_SUCCESS);
    expect(verify(w)).toEqual([]);
  });

  it("a client that holds received NBLs and returns them later, together", () => {
    const w = world();
    const vc = activeClientVc(w, 74);
    w.client.hooks.returnReceives = false;
    for (let i = 0; i < 2; i++) w.link?.b.send({ vpi: 0, vci: 74, payload: new Uint8Array([i]) });
    w.settle();
    const held = w.client.hooks.held.splice(0);
    expect(held).toHaveLength(2);
    held[0]!.Next = held[1] ?? null;
    asClient(w, () => NdisReturnNetBufferLists(handles(w).client, held[0]!, 0));
    teardown(w, vc);
    expect(verify(w)).toEqual([]);
  });

  it("the call manager's VCs: an incoming-call VC, and a signaling VC it sends and receives on", () => {
    const w = world();
    const h = handles(w);
    const incoming = asCm(w, () => NdisCoCreateVc(h.cm, h.af, { cm: "incoming" })).NdisVcHandle!;
    expect(asCm(w, () => NdisCmActivateVc(incoming, atmVcParameters(0, 75)))).toBe(NDIS_STATUS_SUCCESS);
    const signaling = asCm(w, () => NdisCoCreateVc(h.cm, null, { cm: "signaling" })).NdisVcHandle!;
    expect(asCm(w, () => NdisCmActivateVc(signaling, atmVcParameters(0, 5)))).toBe(NDIS_STATUS_SUCCESS);
    asCm(w, () => {
      const pool = NdisAllocateNetBufferListPool(h.cm, { PoolTag: 0x4d435354, fAllocateNetBuffer: true })!;
      const nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, new Uint8Array([9]), 0, 1)!;
      nbl.SourceHandle = signaling;
      NdisCoSendNetBufferLists(signaling, nbl, 0);
    });
    w.link?.b.send({ vpi: 0, vci: 5, payload: new Uint8Array([6]) });
    w.link?.b.send({ vpi: 0, vci: 75, payload: new Uint8Array([7]) });
    w.settle();
    expect(w.cm?.hookLog.received).toHaveLength(1);
    expect(w.client.hookLog.received).toHaveLength(1);
    for (const vc of [incoming, signaling]) {
      asCm(w, () => NdisCmDeactivateVc(vc));
      w.settle();
      expect(asCm(w, () => NdisCoDeleteVc(vc))).toBe(NDIS_STATUS_SUCCESS);
    }
    expect(verify(w)).toEqual([]);
  });

  it("OID requests: to the miniport, client to call manager (pended), call manager to client", () => {
    const w = world();
    const h = handles(w);
    const vc = activeClientVc(w, 76);
    const toMiniport = oidQuery(OID_GEN_CO.OID_GEN_CO_LINK_SPEED);
    expect(asClient(w, () => NdisCoOidRequest(h.client, null, vc, null, toMiniport))).toBe(
      NDIS_STATUS_SUCCESS,
    );
    const pended: unknown[] = [];
    w.cm!.hooks.oidRequest = (_af, _vc, _party, request) => {
      pended.push(request);
      return NDIS_STATUS_PENDING;
    };
    const toCm = oidQuery(OID_CO.OID_CO_GET_ADDRESSES);
    expect(asClient(w, () => NdisCoOidRequest(h.client, h.af, null, null, toCm))).toBe(NDIS_STATUS_PENDING);
    asCm(w, () => NdisCoOidRequestComplete(h.af, null, null, toCm, NDIS_STATUS_SUCCESS));
    expect(w.client.hookLog.oidCompleted.map((c) => c.status)).toEqual([NDIS_STATUS_SUCCESS]);
    w.client.hooks.oidRequest = () => NDIS_STATUS_SUCCESS;
    const toClient = oidQuery(OID_CO.OID_CO_ADDRESS_CHANGE);
    expect(asCm(w, () => NdisCoOidRequest(h.cm, h.af, null, null, toClient))).toBe(NDIS_STATUS_SUCCESS);
    w.link?.down();
    w.settle();
    w.link?.up();
    teardown(w, vc);
    expect(verify(w)).toEqual([]);
  });
});

describe("clean MCM on the VC and data paths, strict mode", () => {
  it("client and MCM VCs, a receive and its return, OIDs both ways", () => {
    const w = makeWorld({ kind: "mcm" });
    const mcm = w.mcm!;
    const adapter = mcm.adapters[0]!.handle;
    const binding = w.client.bindings[0]!.handle!;
    const af = w.client.af().handle!;
    const asMcm = <T>(fn: () => T): T => w.host.runAs("TESTMCM", fn);
    const clientVc = asClient(w, () => NdisCoCreateVc(binding, af, { owner: "client" })).NdisVcHandle!;
    const mcmVc = asMcm(() => NdisMCmCreateVc(adapter, af, { owner: "mcm" })).NdisVcHandle!;
    for (const vc of [clientVc, mcmVc])
      expect(asMcm(() => NdisMCmActivateVc(vc, atmVcParameters(0, 80)))).toBe(0);
    w.host.runAtDispatch("TESTMCM", () => {
      const pool = NdisAllocateNetBufferListPool(adapter, { PoolTag: 0x4d434d54, fAllocateNetBuffer: true })!;
      const nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, new Uint8Array([1]), 0, 1)!;
      nbl.SourceHandle = clientVc;
      NdisMCoIndicateReceiveNetBufferLists(clientVc, nbl, 1, NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
    });
    expect(w.client.hookLog.received).toHaveLength(1);
    mcm.hooks.oidRequest = () => NDIS_STATUS_PENDING;
    const toMcm = oidQuery(OID_CO.OID_CO_GET_ADDRESSES);
    expect(asClient(w, () => NdisCoOidRequest(binding, af, null, null, toMcm))).toBe(NDIS_STATUS_PENDING);
    asMcm(() => NdisMCmOidRequestComplete(af, null, null, toMcm, NDIS_STATUS_SUCCESS));
    w.client.hooks.oidRequest = () => NDIS_STATUS_SUCCESS;
    expect(asMcm(() => NdisMCmOidRequest(af, mcmVc, null, oidQuery(OID_CO.OID_CO_ADDRESS_CHANGE)))).toBe(
      NDIS_STATUS_SUCCESS,
    );
    for (const vc of [clientVc, mcmVc]) expect(asMcm(() => NdisMCmDeactivateVc(vc))).toBe(0);
    expect(asClient(w, () => NdisCoDeleteVc(clientVc))).toBe(NDIS_STATUS_SUCCESS);
    expect(asMcm(() => NdisMCmDeleteVc(mcmVc))).toBe(NDIS_STATUS_SUCCESS);
    expect(verify(w)).toEqual([]);
  });
});

type Op =
  | { readonly t: "create" }
  | { readonly t: "activate" | "deactivate" | "delete" | "inject"; readonly i: number }
  | { readonly t: "send"; readonly i: number; readonly n: number }
  | { readonly t: "step"; readonly n: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ t: "create" } as const),
  fc.record({
    t: fc.constantFrom("activate" as const, "deactivate" as const, "delete" as const, "inject" as const),
    i: fc.nat(5),
  }),
  fc.record({ t: fc.constant("send" as const), i: fc.nat(5), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ t: fc.constant("step" as const), n: fc.integer({ min: 1, max: 5 }) }),
);

/** A client VC as the test follows it (the documented state machine, nothing else). */
interface Tracked {
  readonly handle: NdisHandle<"Vc">;
  readonly vci: number;
  state: "created" | "activating" | "active" | "deactivating" | "deleted";
}

describe("clean drivers on the data path under random interleavings", () => {
  it("no violation, no request pending and every NBL home at quiescence, whatever the schedule", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.array(op, { maxLength: 40 }),
        fc.boolean(),
        fc.boolean(),
        (seed, ops, pendActivation, receiveWithResources) => {
          const w = makeWorld({ seed, medium: { pendActivation, receiveWithResources } });
          const h = handles(w);
          const pool = clientPool(w);
          const vcs: Tracked[] = [];
          const byContext = (ctx: unknown) => vcs.find((v) => v.handle === (ctx as { vc?: unknown })?.vc);
          const settled = (status: NDIS_STATUS, vc: Tracked | undefined, to: Tracked["state"]) => {
            if (vc !== undefined) vc.state = status === NDIS_STATUS_SUCCESS ? to : vc.state;
          };
          w.cm!.hooks.activateComplete = (status, ctx) => settled(status, byContext(ctx), "active");
          w.cm!.hooks.deactivateComplete = (status, ctx) => settled(status, byContext(ctx), "created");
          const pick = (i: number) => {
            const live = vcs.filter((v) => v.state !== "deleted");
            return live[i % Math.max(1, live.length)];
          };
          const activate = (vc: Tracked) => {
            const status = asCm(w, () => NdisCmActivateVc(vc.handle, atmVcParameters(0, vc.vci)));
            if (status === NDIS_STATUS_PENDING) vc.state = vc.state === "active" ? "active" : "activating";
            else if (status === NDIS_STATUS_SUCCESS) vc.state = "active";
          };
          const deactivate = (vc: Tracked) => {
            const status = asCm(w, () => NdisCmDeactivateVc(vc.handle));
            if (status === NDIS_STATUS_PENDING) vc.state = "deactivating";
            else if (status === NDIS_STATUS_SUCCESS) vc.state = "created";
          };
          for (const o of ops) {
            switch (o.t) {
              case "create": {
                const r = asClient(w, () => NdisCoCreateVc(h.client, h.af, null));
                if (r.NdisVcHandle !== null)
                  vcs.push({ handle: r.NdisVcHandle, vci: 200 + vcs.length, state: "created" });
                break;
              }
              case "activate": {
                const vc = pick(o.i);
                if (vc?.state === "created") activate(vc);
                break;
              }
              case "deactivate": {
                const vc = pick(o.i);
                if (vc?.state === "active") deactivate(vc);
                break;
              }
              case "delete": {
                const vc = pick(o.i);
                if (
                  vc?.state === "created" &&
                  asClient(w, () => NdisCoDeleteVc(vc.handle)) === NDIS_STATUS_SUCCESS
                )
                  vc.state = "deleted";
                break;
              }
              case "send": {
                const vc = pick(o.i);
                if (vc?.state === "active")
                  for (let k = 0; k < o.n; k++) clientSend(w, pool, vc.handle, new Uint8Array([k, o.i]));
                break;
              }
              case "inject": {
                const vc = pick(o.i);
                if (vc !== undefined) w.link?.b.send({ vpi: 0, vci: vc.vci, payload: new Uint8Array([o.i]) });
                break;
              }
              case "step":
                for (let k = 0; k < o.n; k++) w.scheduler.step();
                break;
            }
          }
          w.settle();
          for (const vc of vcs.filter((v) => v.state === "active")) deactivate(vc);
          w.settle();
          for (const vc of vcs.filter((v) => v.state === "created"))
            expect(asClient(w, () => NdisCoDeleteVc(vc.handle))).toBe(NDIS_STATUS_SUCCESS);
          expect(w.host.snapshot().vcs).toEqual([]);
          expect(verify(w)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
