/** Fixtures of the memory, role, parameter, exception and liveness rules. */
import {
  CO_ADDRESS_FAMILY,
  makeTag,
  NdisAllocateMemoryWithTagPriority,
  NdisClRegisterSap,
  NdisCmNotifyCloseAddressFamily,
  NdisCmRegisterAddressFamilyEx,
  NdisFreeMemory,
  type NdisHandle,
  NdisMCmNotifyCloseAddressFamily,
  type NdisMemory,
} from "../../../src/ndis/index.ts";
import { BOTH, CM_ONLY, type Fixture } from "./fixture.ts";
import { pendingBindProtocol } from "./fixtures-lifecycle.ts";
import { bareProtocol } from "./protocol.ts";
import { fixtureWorld } from "./world.ts";

/** The memory fixtures. */
export const MEMORY_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-MEM-001",
    bug: "a call manager that keeps its per-SAP area when a pended deregistration completes",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({
        kind,
        ...opts,
        policy: { deregisterSap: "pend-manual" },
        faults: { leakSapArea: true },
      });
      const { sap } = w.client.registerSap(w.host);
      w.client.deregisterSap(w.host, sap);
      w.asCm(() => w.core.releaseOne());
      return w;
    },
    event: (kind) => ({
      type: "ddi-call",
      ddi: kind === "cm" ? "NdisCmDeregisterSapComplete" : "NdisMCmDeregisterSapComplete",
    }),
  },
  {
    rule: "CONDIS-MEM-001",
    bug: "a call manager that keeps its per-SAP area and answers ProtocolCmDeregisterSap with SUCCESS",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, faults: { leakSapArea: true } });
      const { sap } = w.client.registerSap(w.host);
      w.client.deregisterSap(w.host, sap);
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmDeregisterSap" }),
  },
  {
    rule: "CONDIS-MEM-002",
    bug: "a client that allocates a block on its binding and is unloaded without freeing it",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const binding = w.clientBinding();
      w.asClient(() => NdisAllocateMemoryWithTagPriority(binding, 16, makeTag("kaeL"), 16));
      w.host.unloadDriver(w.client.name);
      w.settle();
      return w;
    },
    event: () => ({ type: "alloc", owner: "TESTCL", tag: "Leak" }),
  },
  {
    rule: "CONDIS-MEM-003",
    bug: "a client that frees the same block twice",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const binding = w.clientBinding();
      w.asClient(() => {
        const block = NdisAllocateMemoryWithTagPriority(binding, 16, makeTag("lCsT"), 16);
        if (block === null) return;
        NdisFreeMemory(block, 16, 0);
        NdisFreeMemory(block, 16, 0);
      });
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisFreeMemory" }),
  },
  {
    rule: "CONDIS-MEM-004",
    bug: "a client that frees memory NDIS never gave it",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const forged: NdisMemory = { bytes: new Uint8Array(4), Length: 4, Tag: 0 };
      w.asClient(() => NdisFreeMemory(forged, 4, 0));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisFreeMemory" }),
  },
];

/** The role, parameter and exception fixtures. */
export const ROLE_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-ROLE-001",
    bug: "a stand-alone call manager that calls the MCM form NdisMCmNotifyCloseAddressFamily",
    kinds: ["cm"],
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const af = w.cmAf();
      w.asCm(() => NdisMCmNotifyCloseAddressFamily(af));
      w.settle();
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisMCmNotifyCloseAddressFamily" }),
  },
  {
    rule: "CONDIS-ROLE-002",
    bug: "an MCM that calls the stand-alone form NdisCmNotifyCloseAddressFamily",
    kinds: ["mcm"],
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const af = w.cmAf();
      w.asCm(() => NdisCmNotifyCloseAddressFamily(af));
      w.settle();
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCmNotifyCloseAddressFamily" }),
  },
  {
    rule: "CONDIS-ROLE-003",
    bug: "a protocol that registers without a ProtocolBindAdapterEx handler",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.host.loadDriver(
        "NOBIND",
        bareProtocol({ name: "NOBIND", omit: ["BindAdapterHandlerEx"] }).DriverEntry,
      );
      w.settle();
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisRegisterProtocolDriver", driver: "NOBIND" }),
  },
  {
    rule: "CONDIS-ROLE-004",
    bug: "a client that registers an address family as if it were a call manager",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const binding = w.clientBinding();
      w.asClient(() =>
        NdisCmRegisterAddressFamilyEx(binding, {
          AddressFamily: CO_ADDRESS_FAMILY.CO_ADDRESS_FAMILY_L2TP,
          MajorVersion: 1,
          MinorVersion: 0,
        }),
      );
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCmRegisterAddressFamilyEx", driver: "TESTCL" }),
  },
  {
    rule: "CONDIS-PRM-001",
    bug: "a client that registers a CO_SAP whose SapLength exceeds its bytes",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const af = w.client.af().handle as NdisHandle<"Af">;
      w.asClient(() => NdisClRegisterSap(af, null, { SapType: 1, SapLength: 40, Sap: new Uint8Array(4) }));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisClRegisterSap" }),
  },
  {
    rule: "CONDIS-DRV-001",
    bug: "a call manager whose ProtocolCmRegisterSap throws",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({
        kind,
        ...opts,
        faults: {
          registerSap: () => () => {
            throw new Error("null pointer in ProtocolCmRegisterSap");
          },
        },
      });
      try {
        w.client.registerSap(w.host);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith("null pointer")) throw error;
      }
      return w;
    },
    event: () => ({ type: "handler-enter", handler: "ProtocolCmRegisterSap" }),
  },
];

/** The liveness fixtures: found only when the caller reports the system idle. */
export const LIVENESS_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-LIVE-001",
    bug: "a call manager that pends a deregistration and never completes it",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { deregisterSap: "pend-manual" } });
      const { sap } = w.client.registerSap(w.host);
      w.client.deregisterSap(w.host, sap);
      w.settle();
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmDeregisterSap" }),
    atQuiescence: true,
    evidence: 0,
  },
  {
    rule: "CONDIS-LIVE-001",
    bug: "a call manager that pends a SAP registration and never completes it",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { registerSap: "pend-manual" } });
      w.client.registerSap(w.host);
      w.settle();
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmRegisterSap" }),
    atQuiescence: true,
    evidence: 0,
  },
  {
    rule: "CONDIS-LIVE-001",
    bug: "a call manager that pends an AF open and never completes it",
    kinds: BOTH,
    run: (kind, opts) => fixtureWorld({ kind, ...opts, policy: { openAf: "pend-manual" } }),
    event: () => ({ type: "handler-exit", handler: "ProtocolCmOpenAf" }),
    atQuiescence: true,
    evidence: 0,
  },
  {
    rule: "CONDIS-LIVE-001",
    bug: "a call manager that pends an AF close and never completes it",
    kinds: BOTH,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts, policy: { closeAf: "pend-manual" } });
      w.client.closeAf(w.host);
      w.settle();
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolCmCloseAf" }),
    atQuiescence: true,
    evidence: 0,
  },
  {
    rule: "CONDIS-LIVE-001",
    bug: "a protocol whose ProtocolBindAdapterEx pends and never calls NdisCompleteBindAdapterEx",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.host.loadDriver("HANGBIND", pendingBindProtocol().DriverEntry);
      w.settle();
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolBindAdapterEx", driver: "HANGBIND" }),
    atQuiescence: true,
    evidence: 0,
  },
];
