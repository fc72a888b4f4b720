/** Fixtures of the VC life-time rules, closing an AF with VCs, and an MCM that sends through NDIS. */
import { atmVcParameters } from "../../../src/drivers/atm-media.ts";
import {
  NDIS_STATUS_PENDING,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisCoCreateVc,
  NdisCoDeleteVc,
  NdisCoSendNetBufferLists,
  type NdisHandle,
  NdisMCmActivateVc,
  NdisMCmCreateVc,
  NdisMCmDeleteVc,
} from "../../../src/ndis/index.ts";
import { BOTH, CM_ONLY, type Fixture } from "./fixture.ts";
import { type VcWorld, vcWorld } from "./vc-world.ts";

const MCM_ONLY = ["mcm"] as const;

/** A VC the MCM creates for an incoming call (the client's ProtocolCoCreateVc runs). */
function mcmVc(w: VcWorld): NdisHandle<"Vc"> | null {
  return w.asCm(() => NdisMCmCreateVc(w.mcmAdapter(), w.af(), { mcm: true })).NdisVcHandle;
}

/** The VC fixtures. */
export const VC_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-VC-001",
    bug: "a call manager that deletes the client's VC with NdisCoDeleteVc",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      w.asCm(() => NdisCoDeleteVc(vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCoDeleteVc" }),
  },
  {
    rule: "CONDIS-VC-001",
    bug: "an MCM that deletes a VC its client created, with NdisMCmDeleteVc",
    kinds: MCM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      w.asCm(() => NdisMCmDeleteVc(vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisMCmDeleteVc" }),
  },
  {
    rule: "CONDIS-VC-002",
    bug: "a client that deletes its VC while it is active",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      w.asClient(() => NdisCoDeleteVc(vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCoDeleteVc" }),
  },
  {
    rule: "CONDIS-VC-002",
    bug: "a client that deletes its VC while the deactivation waits for a send in flight",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      w.send(vc);
      w.deactivate(vc);
      w.asClient(() => NdisCoDeleteVc(vc));
      w.asMiniport(() => w.mp.flush());
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCoDeleteVc" }),
    // NDIS answers NDIS_STATUS_CLOSING without a report: the verifier sees it in the stream.
    evidence: 0,
  },
  {
    rule: "CONDIS-VC-002",
    bug: "an MCM that deletes its own VC while it is active",
    kinds: MCM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = mcmVc(w);
      if (vc === null) return w;
      w.asCm(() => NdisMCmActivateVc(vc, atmVcParameters(0, 100)));
      w.asCm(() => NdisMCmDeleteVc(vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisMCmDeleteVc" }),
  },
  {
    rule: "CONDIS-VC-003",
    bug: "a call manager whose ProtocolCoCreateVc returns NDIS_STATUS_PENDING",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      w.cmHooks.createVc = () => ({ status: NDIS_STATUS_PENDING });
      w.asClient(() => NdisCoCreateVc(w.clientBinding(), w.af(), null));
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCoCreateVc" }),
  },
  {
    rule: "CONDIS-VC-003",
    bug: "a client whose ProtocolCoCreateVc returns NDIS_STATUS_PENDING for an MCM's VC",
    kinds: MCM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      w.client.hooks.createVc = () => ({ status: NDIS_STATUS_PENDING });
      mcmVc(w);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCoCreateVc" }),
  },
  {
    rule: "CONDIS-VC-003",
    bug: "a miniport whose MiniportCoCreateVc returns NDIS_STATUS_PENDING",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts, faults: { createVcPending: true } });
      w.asClient(() => NdisCoCreateVc(w.clientBinding(), w.af(), null));
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "MiniportCoCreateVc" }),
  },
  {
    rule: "CONDIS-VC-003",
    bug: "a client whose ProtocolCoDeleteVc returns NDIS_STATUS_PENDING for the call manager's VC",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.asCm(() => NdisCoCreateVc(w.cmBinding(), w.af(), { cm: true })).NdisVcHandle;
      w.client.hooks.deleteVc = () => NDIS_STATUS_PENDING;
      if (vc !== null) w.asCm(() => NdisCoDeleteVc(vc));
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCoDeleteVc", result: NDIS_STATUS_PENDING }),
    // NDIS takes the PENDING as a refusal without a report: the verifier sees it in the stream.
    evidence: 0,
  },
  {
    rule: "CONDIS-VC-004",
    bug: "a miniport that completes a deactivation at once with a send still in flight",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts, faults: { deactivate: "ignore-sends" } });
      const vc = w.activeVc();
      w.send(vc);
      w.deactivate(vc);
      w.asMiniport(() => w.mp.flush());
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "MiniportCoDeactivateVc" }),
  },
  {
    rule: "CONDIS-VC-005",
    bug: "a miniport that indicates a receive on a VC that was never activated",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.createVc();
      w.asMiniport(() => w.mp.indicate(vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisMCoIndicateReceiveNetBufferLists" }),
  },
  {
    rule: "CONDIS-VC-006",
    bug: "a client that sends on a VC that was never activated",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      w.send(w.createVc());
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCoSendNetBufferLists" }),
  },
  {
    rule: "CONDIS-VC-007",
    bug: "a client that creates a VC on an AF it is closing",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts, policy: { closeAf: "pend-manual" } });
      const af = w.af();
      w.client.closeAf(w.host);
      w.asClient(() => NdisCoCreateVc(w.clientBinding(), af, null));
      w.asCm(() => (w.cm?.core() ?? w.mcm?.core)?.releaseOne());
      w.settle();
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCoCreateVc" }),
  },
];

/** The fixture of closing an AF with VCs. */
export const AF_VC_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-AF-007",
    bug: "a client that closes its AF while a VC it created still exists",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      w.createVc();
      w.client.closeAf(w.host);
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClCloseAddressFamily" }),
  },
];

/** The fixture of an MCM that uses the protocol send path. */
export const ROLE_VC_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-ROLE-005",
    bug: "an MCM that transmits on its VC with NdisCoSendNetBufferLists",
    kinds: MCM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      w.asCm(() => {
        const pool = NdisAllocateNetBufferListPool(w.mcmAdapter(), {
          PoolTag: 0x4d434d54,
          fAllocateNetBuffer: true,
        });
        const nbl = pool === null ? null : NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, null, 0, 0);
        if (nbl !== null) NdisCoSendNetBufferLists(vc, nbl, 0);
      });
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCoSendNetBufferLists", driver: "TESTMCM" }),
  },
  {
    rule: "CONDIS-ROLE-006",
    bug: "a stand-alone call manager that sends on a client's VC instead of its signaling VC",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      w.asCm(() => {
        const pool = NdisAllocateNetBufferListPool(w.cmBinding(), {
          PoolTag: 0x53434d54,
          fAllocateNetBuffer: true,
        });
        const nbl = pool === null ? null : NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, null, 0, 0);
        if (nbl !== null) {
          nbl.SourceHandle = vc;
          NdisCoSendNetBufferLists(vc, nbl, 0);
        }
      });
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCoSendNetBufferLists", driver: "TESTCM" }),
  },
];
