/** Fixtures of the address-family and handle rules. */
import {
  NDIS_STATUS_SUCCESS,
  NdisClCloseAddressFamily,
  NdisClDeregisterSap,
  type NdisHandle,
  NdisUnbindAdapter,
} from "../../../src/ndis/index.ts";
import { testCallManager } from "../drivers/call-manager.ts";
import { BOTH, CM_ONLY, type Fixture, forms } from "./fixture.ts";
import { fixtureWorld } from "./world.ts";

/** The address-family fixtures. */
export const AF_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-AF-001",
    bug: "a client that closes its AF with a SAP still registered",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.client.registerSap(w.host);
      w.client.closeAf(w.host);
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClCloseAddressFamily" }),
  },
  {
    rule: "CONDIS-AF-002",
    bug: "a client whose unbind closes its binding with its AF still open",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.client.rudeUnbind = true;
      const binding = w.clientBinding();
      w.asClient(() => NdisUnbindAdapter(binding));
      w.settle();
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCloseAdapterEx", driver: "TESTCL" }),
    // NDIS then tears the AF down (af-torn-down).
    evidence: 2,
  },
  {
    rule: "CONDIS-AF-003",
    bug: "a call manager whose unbind closes its binding without NdisCmNotifyCloseAddressFamily",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, faults: { skipNotifyClose: true } });
      const binding = w.cm.owner() as NdisHandle<"Binding">;
      w.asCm(() => NdisUnbindAdapter(binding));
      w.settle();
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCloseAdapterEx", driver: "BUGCM" }),
    evidence: 2,
  },
  {
    rule: "CONDIS-AF-004",
    bug: "a client that closes its AF a second time while the first close is pending",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { closeAf: "pend-manual" } });
      const handle = w.client.af().handle as NdisHandle<"Af">;
      w.client.closeAf(w.host);
      w.asClient(() => NdisClCloseAddressFamily(handle));
      w.asCm(() => w.core.releaseOne());
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClCloseAddressFamily" }),
  },
  {
    rule: "CONDIS-AF-005",
    bug: "a call manager that asks a client to close an AF that is already closing",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { closeAf: "pend-manual" } });
      const handle = w.cmAf();
      w.asCm(() => w.core.notifyCloseAll());
      w.asCm(() => forms(kind).notifyClose(handle));
      w.asCm(() => w.core.releaseOne());
      w.settle();
      return w;
    },
    event: (kind) => ({ type: "ddi-call", ddi: `${forms(kind).prefix}NotifyCloseAddressFamily` }),
  },
  {
    rule: "CONDIS-AF-006",
    bug: "a second call manager that registers the same AF on the same adapter",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.host.loadDriver("SECONDCM", testCallManager("SECONDCM").DriverEntry);
      w.settle();
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCmRegisterAddressFamilyEx", driver: "SECONDCM" }),
  },
];

/** The handle fixtures. */
export const HANDLE_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-HDL-001",
    bug: "a client that deregisters a SAP, then uses the handle again",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const { sap } = w.client.registerSap(w.host);
      const handle = sap.handle as NdisHandle<"Sap">;
      w.client.deregisterSap(w.host, sap);
      w.asClient(() => NdisClDeregisterSap(handle));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClDeregisterSap" }),
  },
  {
    rule: "CONDIS-HDL-001",
    bug: "a client that deregisters a SAP again while its deregistration is pending",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { deregisterSap: "pend-manual" } });
      const { sap } = w.client.registerSap(w.host);
      const handle = sap.handle as NdisHandle<"Sap">;
      w.client.deregisterSap(w.host, sap);
      w.asClient(() => NdisClDeregisterSap(handle));
      w.asCm(() => w.core.releaseOne());
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClDeregisterSap" }),
  },
  {
    rule: "CONDIS-HDL-002",
    bug: "a client that registers a SAP on an AF handle after closing the AF",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.client.closeAf(w.host);
      w.client.registerSap(w.host);
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClRegisterSap" }),
  },
  {
    rule: "CONDIS-HDL-003",
    bug: "a client that passes its AF handle where NdisClDeregisterSap takes a SAP handle",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const af = w.client.af().handle as unknown as NdisHandle<"Sap">;
      w.asClient(() => NdisClDeregisterSap(af));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClDeregisterSap" }),
  },
  {
    rule: "CONDIS-HDL-004",
    bug: "a client that calls the call manager's deregistration completion for its own SAP",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const { sap } = w.client.registerSap(w.host);
      const handle = sap.handle as NdisHandle<"Sap">;
      w.asClient(() => forms(kind).deregisterSapComplete(NDIS_STATUS_SUCCESS, handle));
      return w;
    },
    event: (kind) => ({
      type: "ddi-call",
      ddi: `${forms(kind).prefix}DeregisterSapComplete`,
      driver: "TESTCL",
    }),
  },
];
