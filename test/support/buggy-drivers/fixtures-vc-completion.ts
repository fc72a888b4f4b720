/**
 * Fixtures of the completion and liveness rules for VC activation and deactivation and for OID
 * requests: the same rules as for SAPs and AFs, reached through the generic request tracking.
 */
import { atmVcParameters } from "../../../src/drivers/atm-media.ts";
import { OID_GEN_CO } from "../../../src/drivers/co-miniport/index.ts";
import {
  type NDIS_OID_REQUEST,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisCoOidRequest,
  NdisCoOidRequestComplete,
  NdisMCmOidRequestComplete,
  NdisMCoActivateVcComplete,
  NdisMCoDeactivateVcComplete,
  NdisMCoOidRequestComplete,
  OID_CO,
} from "../../../src/ndis/index.ts";
import { CM_ONLY, type Fixture } from "./fixture.ts";
import { oidQuery, type VcWorld, vcWorld } from "./vc-world.ts";

const MCM_ONLY = ["mcm"] as const;

/** Has the call manager pend every OID request the client makes; returns the request sent. */
function pendedClientOid(w: VcWorld): NDIS_OID_REQUEST {
  w.cmHooks.oidRequest = () => NDIS_STATUS_PENDING;
  const request = oidQuery(OID_CO.OID_CO_GET_ADDRESSES);
  w.asClient(() => NdisCoOidRequest(w.clientBinding(), w.af(), null, null, request));
  return request;
}

/** A client OID request to the miniport (NULL AF handle). */
function miniportOid(w: VcWorld): NDIS_OID_REQUEST {
  const request = oidQuery(OID_GEN_CO.OID_GEN_CO_LINK_SPEED);
  w.asClient(() => NdisCoOidRequest(w.clientBinding(), null, null, null, request));
  return request;
}

/** The VC and OID completion fixtures. */
export const VC_COMPLETION_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-CMP-001",
    bug: "a miniport that completes a pended activation twice",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts, faults: { activate: "pend" } });
      const vc = w.createVc();
      w.activate(vc);
      w.asMiniport(() => w.mp.flush());
      w.asMiniport(() => NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc, atmVcParameters(0, 100)));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisMCoActivateVcComplete" }),
  },
  {
    rule: "CONDIS-CMP-001",
    bug: "a miniport that completes an activation inside MiniportCoActivateVc, then returns SUCCESS",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts, faults: { activate: "complete-inside" } });
      w.activate(w.createVc());
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "MiniportCoActivateVc", result: NDIS_STATUS_SUCCESS }),
    // NDIS takes the request as pended whatever the handler returns: the verifier sees the return.
    evidence: 0,
  },
  {
    rule: "CONDIS-CMP-001",
    bug: "a call manager that completes a client's pended OID request twice",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const request = pendedClientOid(w);
      for (let i = 0; i < 2; i++)
        w.asCm(() => NdisCoOidRequestComplete(w.af(), null, null, request, NDIS_STATUS_SUCCESS));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCoOidRequestComplete" }),
  },
  {
    rule: "CONDIS-CMP-001",
    bug: "an MCM that completes a client's pended OID request twice",
    kinds: MCM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const request = pendedClientOid(w);
      for (let i = 0; i < 2; i++)
        w.asCm(() => NdisMCmOidRequestComplete(w.af(), null, null, request, NDIS_STATUS_SUCCESS));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisMCmOidRequestComplete" }),
  },
  {
    rule: "CONDIS-CMP-001",
    bug: "a miniport that completes an OID request inside MiniportCoOidRequest, then returns SUCCESS",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts, faults: { oid: "complete-inside" } });
      miniportOid(w);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "MiniportCoOidRequest", result: NDIS_STATUS_SUCCESS }),
    evidence: 0,
  },
  {
    rule: "CONDIS-CMP-002",
    bug: "a miniport that completes a deactivation nobody asked for",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const vc = w.activeVc();
      w.asMiniport(() => NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, vc));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisMCoDeactivateVcComplete" }),
  },
  {
    rule: "CONDIS-CMP-002",
    bug: "a call manager that completes an OID request it already answered synchronously",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts });
      const request = oidQuery(OID_CO.OID_CO_GET_ADDRESSES);
      w.asClient(() => NdisCoOidRequest(w.clientBinding(), w.af(), null, null, request));
      w.asCm(() => NdisCoOidRequestComplete(w.af(), null, null, request, NDIS_STATUS_SUCCESS));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCoOidRequestComplete" }),
  },
  {
    rule: "CONDIS-CMP-003",
    bug: "a miniport that completes a pended activation with NDIS_STATUS_PENDING",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts, faults: { activate: "pend" } });
      const vc = w.createVc();
      w.activate(vc);
      w.asMiniport(() => NdisMCoActivateVcComplete(NDIS_STATUS_PENDING, vc, atmVcParameters(0, 100)));
      w.asMiniport(() => w.mp.flush());
      return w;
    },
    event: () => ({
      type: "ddi-call",
      ddi: "NdisMCoActivateVcComplete",
      args: { Status: NDIS_STATUS_PENDING },
    }),
  },
  {
    rule: "CONDIS-CMP-003",
    bug: "a miniport that completes a pended OID request with NDIS_STATUS_PENDING",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts, faults: { oid: "pend" } });
      const request = miniportOid(w);
      w.asMiniport(() => NdisMCoOidRequestComplete(w.mp.adapter(), null, request, NDIS_STATUS_PENDING));
      w.asMiniport(() => w.mp.flush());
      return w;
    },
    event: () => ({
      type: "ddi-call",
      ddi: "NdisMCoOidRequestComplete",
      args: { Status: NDIS_STATUS_PENDING },
    }),
  },
  {
    rule: "CONDIS-CMP-004",
    bug: "a miniport that completes a deactivation on a VC whose activation is pending",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts, faults: { activate: "pend" } });
      const vc = w.createVc();
      w.activate(vc);
      w.asMiniport(() => NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, vc));
      w.asMiniport(() => w.mp.flush());
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisMCoDeactivateVcComplete" }),
  },
];

/** The liveness fixtures of VC activation and OID requests. */
export const VC_LIVENESS_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-LIVE-001",
    bug: "a miniport that pends an activation and never completes it",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts, faults: { activate: "pend" } });
      w.activate(w.createVc());
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "MiniportCoActivateVc", result: NDIS_STATUS_PENDING }),
    atQuiescence: true,
    evidence: 0,
  },
  {
    rule: "CONDIS-LIVE-001",
    bug: "a miniport that pends an OID request and never completes it",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = vcWorld({ kind, ...opts, faults: { oid: "pend" } });
      miniportOid(w);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "MiniportCoOidRequest", result: NDIS_STATUS_PENDING }),
    atQuiescence: true,
    evidence: 0,
  },
];
