/** Fixtures of the NBL ownership rules, NBL liveness at quiescence, and a malformed NBL. */
import {
  NDIS_RECEIVE_FLAGS_RESOURCES,
  NdisAllocateNetBufferAndNetBufferList,
  NdisFreeNetBufferList,
  NdisFreeNetBufferListPool,
  NdisMCoIndicateReceiveNetBufferLists,
  NdisMCoSendNetBufferListsComplete,
  NdisReturnNetBufferLists,
  type NET_BUFFER_LIST,
} from "../../../src/ndis/index.ts";
import { CM_ONLY, type Fixture } from "./fixture.ts";
import { vcWorld } from "./vc-world.ts";

const call = (ddi: string) => () => ({ type: "ddi-call", ddi });

/** The NBL ownership fixtures. */
export const NBL_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-NBL-001",
    bug: "a miniport that completes a send a second time",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      const nbl = w.send(vc);
      w.asMiniport(() => w.mp.flush());
      w.asMiniport(() => NdisMCoSendNetBufferListsComplete(vc, nbl, 0));
      return w;
    },
    event: call("NdisMCoSendNetBufferListsComplete"),
  },
  {
    rule: "CONDIS-NBL-002",
    bug: "a client that returns a received NBL twice",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      w.client.hooks.returnReceives = false;
      w.asMiniport(() => w.mp.indicate(vc));
      const [held] = w.client.hooks.held.splice(0);
      if (held !== undefined)
        for (let i = 0; i < 2; i++) w.asClient(() => NdisReturnNetBufferLists(w.clientBinding(), held, 0));
      return w;
    },
    event: call("NdisReturnNetBufferLists"),
  },
  {
    rule: "CONDIS-NBL-002",
    bug: "a client that returns an NBL indicated with NDIS_RECEIVE_FLAGS_RESOURCES",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      let kept: NET_BUFFER_LIST | undefined;
      w.client.hooks.receive = (_b, _v, nbls) => {
        kept = nbls;
      };
      w.asMiniport(() => w.mp.indicate(vc, NDIS_RECEIVE_FLAGS_RESOURCES));
      const nbl = kept;
      if (nbl !== undefined) w.asClient(() => NdisReturnNetBufferLists(w.clientBinding(), nbl, 0));
      return w;
    },
    event: call("NdisReturnNetBufferLists"),
  },
  {
    rule: "CONDIS-NBL-003",
    bug: "a client that sends an NBL again while the first send is still in flight",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      w.send(vc, w.send(vc));
      w.asMiniport(() => w.mp.flush());
      return w;
    },
    event: call("NdisCoSendNetBufferLists"),
  },
  {
    rule: "CONDIS-NBL-004",
    bug: "a miniport that indicates an NBL it did not allocate",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      const forged: NET_BUFFER_LIST = {
        Next: null,
        FirstNetBuffer: null,
        SourceHandle: vc,
        Status: 0,
        Flags: 0,
        ProtocolReserved: null,
        MiniportReserved: null,
        Context: null,
      };
      w.asMiniport(() => NdisMCoIndicateReceiveNetBufferLists(vc, forged, 1, 0));
      return w;
    },
    event: call("NdisMCoIndicateReceiveNetBufferLists"),
  },
  {
    rule: "CONDIS-NBL-005",
    bug: "a client that frees an NBL while its send is in flight",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      const nbl = w.send(vc);
      w.asClient(() => NdisFreeNetBufferList(nbl));
      w.asMiniport(() => w.mp.flush());
      return w;
    },
    event: call("NdisFreeNetBufferList"),
  },
  {
    rule: "CONDIS-NBL-005",
    bug: "a client that frees an NBL twice",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const nbl = w.nbl(null);
      for (let i = 0; i < 2; i++) w.asClient(() => NdisFreeNetBufferList(nbl));
      return w;
    },
    event: call("NdisFreeNetBufferList"),
  },
  {
    rule: "CONDIS-NBL-006",
    bug: "a client that frees its NBL pool with an NBL still allocated",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      w.nbl(null);
      w.asClient(() => NdisFreeNetBufferListPool(w.pool()));
      return w;
    },
    event: call("NdisFreeNetBufferListPool"),
  },
  {
    rule: "CONDIS-NBL-007",
    bug: "a client that sends an NBL whose SourceHandle is not the VC",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      w.send(vc, w.nbl(null));
      w.asMiniport(() => w.mp.flush());
      return w;
    },
    event: call("NdisCoSendNetBufferLists"),
  },
];

/** The NBL liveness fixtures. */
export const NBL_LIVENESS_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-LIVE-002",
    bug: "a miniport that never completes a send",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      w.send(w.activeVc());
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "MiniportCoSendNetBufferLists" }),
    atQuiescence: true,
    evidence: 0,
  },
  {
    rule: "CONDIS-LIVE-002",
    bug: "a client that keeps a received NBL and never returns it",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      w.client.hooks.returnReceives = false;
      w.asMiniport(() => w.mp.indicate(vc));
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCoReceiveNetBufferLists", driver: "TESTCL" }),
    atQuiescence: true,
    evidence: 0,
  },
];

/** The fixture of a malformed NBL. */
export const NBL_PARAMETER_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-PRM-001",
    bug: "a client that allocates an NBL whose data runs past its buffer",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const pool = w.pool();
      w.asClient(() => NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, new Uint8Array(3), 0, 10));
      return w;
    },
    event: call("NdisAllocateNetBufferAndNetBufferList"),
  },
];
