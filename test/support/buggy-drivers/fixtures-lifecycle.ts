/** Fixtures of the binding, registration and miniport life-cycle rules. */
import {
  NDIS_MEDIUM,
  NDIS_OBJECT_TYPE,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisCloseAdapterEx,
  NdisDeregisterProtocolDriver,
  NdisMSetMiniportAttributes,
  NdisSetOptionalHandlers,
  NdisUnbindAdapter,
} from "../../../src/ndis/index.ts";
import { protocolCo } from "../drivers/stubs.ts";
import { CM_ONLY, type Fixture } from "./fixture.ts";
import { bareMiniport } from "./miniport.ts";
import { bareProtocol } from "./protocol.ts";
import { fixtureWorld } from "./world.ts";

/** The binding fixtures. */
export const BINDING_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-BND-001",
    bug: "a protocol whose ProtocolUnbindAdapterEx returns without closing its binding",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const p = bareProtocol({ name: "LAZY", unbind: () => NDIS_STATUS_SUCCESS });
      w.host.loadDriver("LAZY", p.DriverEntry);
      w.settle();
      const binding = p.bindings[0];
      if (binding !== undefined) w.host.runAs("LAZY", () => NdisUnbindAdapter(binding));
      w.settle();
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolUnbindAdapterEx", driver: "LAZY" }),
  },
  {
    rule: "CONDIS-BND-002",
    bug: "a client that closes its binding from its own thread instead of asking for an unbind",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const binding = w.clientBinding();
      w.asClient(() => NdisCloseAdapterEx(binding));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisCloseAdapterEx", driver: "TESTCL" }),
  },
  {
    rule: "CONDIS-BND-003",
    bug: "a protocol whose ProtocolBindAdapterEx returns SUCCESS without opening the adapter",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.host.loadDriver(
        "NOOPEN",
        bareProtocol({ name: "NOOPEN", bind: () => NDIS_STATUS_SUCCESS }).DriverEntry,
      );
      w.settle();
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "ProtocolBindAdapterEx", driver: "NOOPEN" }),
  },
  {
    rule: "CONDIS-BND-004",
    bug: "a protocol that calls NdisOpenAdapterEx twice in one bind",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const p = bareProtocol({
        name: "TWICE",
        bind: (step) => {
          const status = step.open();
          step.open();
          return status;
        },
      });
      w.host.loadDriver("TWICE", p.DriverEntry);
      w.settle();
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisOpenAdapterEx", driver: "TWICE" }),
  },
];

/** The registration fixtures. */
export const REGISTRATION_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-REG-001",
    bug: "a protocol that calls NdisSetOptionalHandlers after registration, outside ProtocolSetOptions",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const p = bareProtocol({ name: "LATE" });
      w.host.loadDriver("LATE", p.DriverEntry);
      w.settle();
      w.host.runAs("LATE", () =>
        NdisSetOptionalHandlers(
          p.handle(),
          protocolCo(() => {}),
        ),
      );
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisSetOptionalHandlers", driver: "LATE" }),
  },
  {
    rule: "CONDIS-REG-002",
    bug: "a protocol that deregisters while it is still bound",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const p = bareProtocol({ name: "EARLY" });
      w.host.loadDriver("EARLY", p.DriverEntry);
      w.settle();
      w.host.runAs("EARLY", () => NdisDeregisterProtocolDriver(p.handle()));
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisDeregisterProtocolDriver", driver: "EARLY" }),
  },
  {
    rule: "CONDIS-REG-003",
    bug: "a protocol whose DriverEntry registers twice",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.host.loadDriver("DOUBLE", bareProtocol({ name: "DOUBLE", registerTwice: true }).DriverEntry);
      w.settle();
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisRegisterProtocolDriver", driver: "DOUBLE" }),
  },
];

/** The miniport fixtures. */
export const MINIPORT_FIXTURES: readonly Fixture[] = [
  {
    rule: "CONDIS-MP-001",
    bug: "a miniport whose MiniportInitializeEx succeeds without setting its general attributes",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      w.host.loadDriver("NOATTR", bareMiniport({ skipGeneralAttributes: true }).DriverEntry);
      w.host.addAdapter({ name: "ATM1", miniport: "NOATTR" });
      w.settle();
      return w;
    },
    event: () => ({ type: "handler-exit", handler: "MiniportInitializeEx", driver: "NOATTR" }),
  },
  {
    rule: "CONDIS-MP-002",
    bug: "a miniport that changes its attributes after MiniportInitializeEx",
    kinds: CM_ONLY,
    run: (kind, opts) => {
      const w = fixtureWorld({ kind, ...opts });
      const mp = bareMiniport();
      w.host.loadDriver("LATEMP", mp.DriverEntry);
      w.host.addAdapter({ name: "ATM1", miniport: "LATEMP" });
      w.settle();
      const adapter = mp.adapters[0];
      if (adapter !== undefined)
        w.host.runAs("LATEMP", () =>
          NdisMSetMiniportAttributes(adapter, {
            Header: {
              Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
              Revision: 1,
            },
            MediaType: NDIS_MEDIUM.NdisMediumAtm,
          }),
        );
      return w;
    },
    event: () => ({ type: "ddi-call", ddi: "NdisMSetMiniportAttributes", driver: "LATEMP" }),
  },
];

/** A bind that pends and is never completed (for the liveness fixtures). */
export function pendingBindProtocol() {
  return bareProtocol({ name: "HANGBIND", bind: () => NDIS_STATUS_PENDING });
}
