/** Fixtures of the completion-contract and SAP rules. */
import {
  NDIS_STATUS_PENDING,
  NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS,
  NdisClDeregisterSap,
  NdisFreeMemory,
} from "../../../src/ndis/index.ts";
import type { CmSap } from "../drivers/cm-core.ts";
import { BOTH, type Fixture, forms } from "./fixture.ts";
import { fixtureWorld } from "./world.ts";

const completionCall = (kind: "cm" | "mcm", what: string) => ({
  type: "ddi-call",
  ddi: `${forms(kind).prefix}${what}`,
});

/** The completion-contract fixtures. */
export const COMPLETION_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-CMP-001",
    bug: "a call manager that completes a pended deregistration twice",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { deregisterSap: "pend-manual" } });
      const { sap } = w.client.registerSap(w.host);
      const handle = w.cmSap();
      w.client.deregisterSap(w.host, sap);
      w.asCm(() => w.core.releaseOne());
      w.asCm(() => forms(kind).deregisterSapComplete(NDIS_STATUS_SUCCESS, handle));
      return w;
    },
    event: (kind) => completionCall(kind, "DeregisterSapComplete"),
  },
  {
    rule: "CONDIS-CMP-001",
    bug: "a call manager that completes a deregistration inside ProtocolCmDeregisterSap, then returns SUCCESS",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({
        kind,
        ...opts,
        faults: {
          deregisterSap: () => (ctx) => {
            const sap = ctx as CmSap;
            sap.af.saps.delete(sap);
            NdisFreeMemory(sap.area, 128, 0);
            forms(kind).deregisterSapComplete(NDIS_STATUS_SUCCESS, sap.handle);
            return NDIS_STATUS_SUCCESS;
          },
        },
      });
      const { sap } = w.client.registerSap(w.host);
      w.client.deregisterSap(w.host, sap);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmDeregisterSap", result: NDIS_STATUS_SUCCESS }),
  },
  {
    rule: "CONDIS-CMP-002",
    bug: "a call manager that completes a deregistration nobody asked for",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.client.registerSap(w.host);
      const handle = w.cmSap();
      w.asCm(() => forms(kind).deregisterSapComplete(NDIS_STATUS_SUCCESS, handle));
      return w;
    },
    event: (kind) => completionCall(kind, "DeregisterSapComplete"),
  },
  {
    rule: "CONDIS-CMP-003",
    bug: "a call manager that completes a deregistration with NDIS_STATUS_PENDING",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { deregisterSap: "pend-manual" } });
      const { sap } = w.client.registerSap(w.host);
      const handle = w.cmSap();
      w.client.deregisterSap(w.host, sap);
      w.asCm(() => forms(kind).deregisterSapComplete(NDIS_STATUS_PENDING, handle));
      w.asCm(() => w.core.releaseOne());
      return w;
    },
    event: (kind) => completionCall(kind, "DeregisterSapComplete"),
  },
  {
    rule: "CONDIS-CMP-004",
    bug: "a call manager that completes a deregistration with the handle of a SAP whose registration is pending",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { registerSap: "pend-manual" } });
      w.client.registerSap(w.host);
      const handle = w.cmSap();
      w.asCm(() => forms(kind).deregisterSapComplete(NDIS_STATUS_SUCCESS, handle));
      w.asCm(() => w.core.releaseOne());
      return w;
    },
    event: (kind) => completionCall(kind, "DeregisterSapComplete"),
  },
  {
    rule: "CONDIS-CMP-005",
    bug: "a call manager that completes a pended deregistration with NDIS_STATUS_RESOURCES",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { deregisterSap: "pend-manual" } });
      const { sap } = w.client.registerSap(w.host);
      const handle = w.cmSap();
      w.client.deregisterSap(w.host, sap);
      w.asCm(() => forms(kind).deregisterSapComplete(NDIS_STATUS_RESOURCES, handle));
      return w;
    },
    event: (kind) => completionCall(kind, "DeregisterSapComplete"),
    // The core also reports the failed deregistration (Q4) it hands back to the client.
    evidence: 2,
  },
  {
    rule: "CONDIS-CMP-006",
    bug: "a call manager that completes a pended AF close with NDIS_STATUS_RESOURCES",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { closeAf: "pend-manual" } });
      const handle = w.cmAf();
      w.client.closeAf(w.host);
      w.asCm(() => forms(kind).closeAfComplete(NDIS_STATUS_RESOURCES, handle));
      return w;
    },
    event: (kind) => completionCall(kind, "CloseAddressFamilyComplete"),
  },
  {
    rule: "CONDIS-CMP-007",
    bug: "a call manager whose ProtocolCmCloseAf returns NDIS_STATUS_RESOURCES",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { closeAf: { fail: NDIS_STATUS_RESOURCES } } });
      w.client.closeAf(w.host);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmCloseAf", result: NDIS_STATUS_RESOURCES }),
  },
];

/** The SAP fixtures. */
export const SAP_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-SAP-001",
    bug: "a client that deregisters its SAP while the registration is still pending",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { registerSap: "pend-manual" } });
      w.client.registerSap(w.host);
      const early = w.cmSap();
      w.asClient(() => NdisClDeregisterSap(early));
      w.asCm(() => w.core.releaseOne());
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClDeregisterSap" }),
  },
  {
    rule: "CONDIS-SAP-002",
    bug: "a call manager that fails ProtocolCmDeregisterSap with NDIS_STATUS_RESOURCES",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({
        kind,
        ...opts,
        policy: { deregisterSap: { fail: NDIS_STATUS_RESOURCES } },
      });
      const { sap } = w.client.registerSap(w.host);
      w.client.deregisterSap(w.host, sap);
      return w;
    },
    event: () => ({
      type: "handler-exit",
      handler: "ProtocolCmDeregisterSap",
      result: NDIS_STATUS_RESOURCES,
    }),
  },
  {
    rule: "CONDIS-SAP-003",
    bug: "a call manager that completes a registration inside its handler with one context and returns another",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({
        kind,
        ...opts,
        faults: {
          registerSap: (clean) => (ctx, sap, handle) => {
            const answer = clean(ctx, sap, handle);
            forms(kind).registerSapComplete(NDIS_STATUS_SUCCESS, handle, answer.CallMgrSapContext);
            return { status: NDIS_STATUS_PENDING, CallMgrSapContext: { stale: true } };
          },
        },
      });
      w.client.registerSap(w.host);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmRegisterSap" }),
  },
  {
    rule: "CONDIS-SAP-004",
    bug: "a client that registers a SAP on an AF it is closing",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { closeAf: "pend-manual" } });
      w.client.closeAf(w.host);
      w.client.registerSap(w.host);
      w.asCm(() => w.core.releaseOne());
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClRegisterSap" }),
  },
];
