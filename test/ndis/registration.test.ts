import { describe, expect, it } from "vitest";
import {
  createHost,
  type DRIVER_INITIALIZE,
  NDIS_MEDIUM,
  NDIS_OBJECT_TYPE,
  type NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
  NDIS_STATUS_BAD_CHARACTERISTICS,
  NDIS_STATUS_BAD_VERSION,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_SUCCESS,
  type NdisEvent,
  type NdisHandle,
  NdisRegisterProtocolDriver,
  NdisSetOptionalHandlers,
  NdisUnbindAdapter,
} from "../../src/ndis/index.ts";
import { ControlledScheduler } from "../../src/sched/index.ts";
import { testCallManager } from "../support/drivers/call-manager.ts";
import { TestClient } from "../support/drivers/client.ts";
import { testMcm } from "../support/drivers/mcm.ts";
import { testMiniport } from "../support/drivers/miniport.ts";
import { clientStubs, cmStubs, protocolCo } from "../support/drivers/stubs.ts";
import { makeWorld } from "../support/world.ts";
import { codes, entries, handlerEntries } from "./helpers.ts";

function bareHost() {
  const scheduler = new ControlledScheduler({ seed: 3 });
  const host = createHost({ name: "H", scheduler });
  const events: NdisEvent[] = [];
  host.events.subscribe((e) => events.push(e));
  return { scheduler, host, events };
}

const protocolChars = (
  extra: Partial<NDIS_PROTOCOL_DRIVER_CHARACTERISTICS> = {},
): NDIS_PROTOCOL_DRIVER_CHARACTERISTICS => ({
  Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, Revision: 2 },
  MajorNdisVersion: 6,
  MinorNdisVersion: 0,
  Name: "P",
  BindAdapterHandlerEx: () => NDIS_STATUS_FAILURE,
  UnbindAdapterHandlerEx: () => NDIS_STATUS_SUCCESS,
  OpenAdapterCompleteHandlerEx: () => {},
  CloseAdapterCompleteHandlerEx: () => {},
  NetPnPEventHandler: () => NDIS_STATUS_SUCCESS,
  ...extra,
});

const entryWith =
  (chars: NDIS_PROTOCOL_DRIVER_CHARACTERISTICS): DRIVER_INITIALIZE =>
  () =>
    NdisRegisterProtocolDriver(null, chars).status;

describe("protocol registration", () => {
  it("NdisRegisterProtocolDriver: SUCCESS, BAD_VERSION, BAD_CHARACTERISTICS", () => {
    const { host, events } = bareHost();
    expect(host.loadDriver("OK", entryWith(protocolChars()))).toBe(NDIS_STATUS_SUCCESS);
    expect(host.loadDriver("V5", entryWith(protocolChars({ Name: "V5", MajorNdisVersion: 5 })))).toBe(
      NDIS_STATUS_BAD_VERSION,
    );
    const missing = { ...protocolChars({ Name: "NB" }) } as Record<string, unknown>;
    delete missing.BindAdapterHandlerEx;
    expect(host.loadDriver("NB", entryWith(missing as unknown as NDIS_PROTOCOL_DRIVER_CHARACTERISTICS))).toBe(
      NDIS_STATUS_BAD_CHARACTERISTICS,
    );
    expect(host.loadDriver("DUP", entryWith(protocolChars()))).toBe(NDIS_STATUS_FAILURE);
    expect(codes(events)).toEqual(["bad-parameter", "missing-handler", "bad-parameter"]);
    expect(host.snapshot().drivers.map((d) => d.name)).toEqual(["OK"]);
  });

  it("outside a DriverEntry it fails (no host context, or not loading)", () => {
    const { host } = bareHost();
    expect(NdisRegisterProtocolDriver(null, protocolChars()).status).toBe(NDIS_STATUS_FAILURE);
    host.loadDriver("OK", () => NDIS_STATUS_SUCCESS);
    expect(host.runAs("OK", () => NdisRegisterProtocolDriver(null, protocolChars()).status)).toBe(
      NDIS_STATUS_FAILURE,
    );
  });

  it("NdisSetOptionalHandlers refuses a client table with a NULL entry, and registration fails with it", () => {
    const { host, events } = bareHost();
    const status = host.loadDriver(
      "CL",
      entryWith(
        protocolChars({
          Name: "CL",
          SetOptionsHandler: (h) => {
            const co = NdisSetOptionalHandlers(
              h,
              protocolCo(() => {}),
            );
            const partial = { ...clientStubs() } as unknown as Parameters<typeof NdisSetOptionalHandlers>[1];
            return co === NDIS_STATUS_SUCCESS ? NdisSetOptionalHandlers(h, partial) : co;
          },
        }),
      ),
    );
    expect(status).toBe(NDIS_STATUS_FAILURE);
    expect(events.find((e) => e.type === "contract")).toMatchObject({
      code: "missing-handler",
      message: expect.stringContaining("ClOpenAfCompleteHandlerEx"),
    });
  });

  it("call-manager handlers without NDIS_PROTOCOL_CO_CHARACTERISTICS are refused", () => {
    const { host } = bareHost();
    const stubs = {
      ...cmStubs(),
      CmOpenAfHandler: () => ({ status: 0 }),
      CmCloseAfHandler: () => 0,
      CmRegisterSapHandler: () => ({ status: 0 }),
      CmDeregisterSapHandler: () => 0,
      CmNotifyCloseAfCompleteHandler: () => {},
    };
    const status = host.loadDriver(
      "CM",
      entryWith(protocolChars({ Name: "CM", SetOptionsHandler: (h) => NdisSetOptionalHandlers(h, stubs) })),
    );
    expect(status).toBe(NDIS_STATUS_BAD_CHARACTERISTICS);
  });

  it("NdisSetOptionalHandlers outside SetOptions fails", () => {
    const { host } = bareHost();
    let handle: NdisHandle<"Protocol"> | null = null;
    host.loadDriver("P", () => {
      const r = NdisRegisterProtocolDriver(null, protocolChars());
      handle = r.NdisProtocolHandle;
      return r.status;
    });
    expect(
      host.runAs("P", () =>
        NdisSetOptionalHandlers(
          handle as unknown as NdisHandle<"Protocol">,
          protocolCo(() => {}),
        ),
      ),
    ).toBe(NDIS_STATUS_FAILURE);
  });
});

describe("miniport registration", () => {
  it("a CoNDIS miniport needs CoCreateVc/CoDeleteVc; an MCM may leave them NULL", () => {
    const { host, events } = bareHost();
    expect(host.loadDriver("MP", testMiniport().DriverEntry)).toBe(NDIS_STATUS_SUCCESS);
    expect(host.loadDriver("NOVC", testMiniport({ nullVcHandlers: true }).DriverEntry)).toBe(
      NDIS_STATUS_BAD_CHARACTERISTICS,
    );
    expect(host.loadDriver("MCM", testMcm().DriverEntry)).toBe(NDIS_STATUS_SUCCESS);
    expect(codes(events)).toEqual(["missing-handler"]);
  });

  it("an MCM whose call-manager table lacks an entry is refused at MiniportSetOptions", () => {
    const { host, events } = bareHost();
    const partial = testMiniport({ cm: () => ({ ...cmStubs() }) as never });
    expect(host.loadDriver("MCMLIKE", partial.DriverEntry)).toBe(NDIS_STATUS_FAILURE);
    expect(events.find((e) => e.type === "contract")).toMatchObject({
      code: "missing-handler",
      message: expect.stringContaining("CmOpenAfHandler"),
    });
  });
});

describe("binding", () => {
  it("binds every protocol to the adapter at PASSIVE_LEVEL; bindings open Paused and are restarted", () => {
    const w = makeWorld();
    const binds = handlerEntries(w.events, "ProtocolBindAdapterEx");
    expect(binds.map((e) => e.driver).sort()).toEqual(["TESTCL", "TESTCM"]);
    expect(binds.every((e) => e.irql === 0)).toBe(true);
    const states = w.events.flatMap((e) =>
      e.type === "state" && e.object.startsWith("Binding TESTCL") ? [e.to] : [],
    );
    expect(states).toEqual(["Paused", "Restarting", "Running"]);
    expect(w.host.snapshot().bindings.map((b) => b.state)).toEqual(["Running", "Running"]);
  });

  it("NdisOpenAdapterEx fails with UNSUPPORTED_MEDIA when no medium matches, and the bind fails", () => {
    const scheduler = new ControlledScheduler();
    const host = createHost({ name: "M", scheduler });
    host.loadDriver("MP", testMiniport({ medium: NDIS_MEDIUM.NdisMedium802_3 }).DriverEntry);
    const client = new TestClient();
    host.loadDriver(client.name, client.DriverEntry);
    host.addAdapter({ name: "ETH0", miniport: "MP" });
    scheduler.runUntilIdle();
    expect(client.bindings).toEqual([]);
    expect(host.snapshot().bindings).toEqual([]);
  });

  it("NdisUnbindAdapter unbinds: pause, ProtocolUnbindAdapterEx, close", () => {
    const w = makeWorld();
    const handle = w.client.bindings[0]!.handle as NdisHandle<"Binding">;
    expect(w.host.runAs(w.client.name, () => NdisUnbindAdapter(handle))).toBe(NDIS_STATUS_SUCCESS);
    w.settle();
    expect(entries(w.events, "ProtocolUnbindAdapterEx")).toBe(1);
    expect(w.host.snapshot().bindings.map((b) => b.protocol)).toEqual(["TESTCM"]);
    expect(w.host.snapshot().afs).toEqual([]);
    expect(codes(w.events)).toEqual([]);
  });

  it("removing the adapter unbinds everyone, halts the miniport and leaves nothing behind", () => {
    const w = makeWorld({
      policy: { openAf: "pend", closeAf: "pend", registerSap: "pend", deregisterSap: "pend" },
    });
    w.client.registerSap(w.host);
    w.settle();
    w.host.removeAdapter("ATM0");
    w.settle();
    const snap = w.host.snapshot();
    expect(snap.adapters).toEqual([]);
    expect(snap.bindings).toEqual([]);
    expect(snap.saps).toEqual([]);
    expect(snap.liveBlocks).toBe(0);
    expect(entries(w.events, "MiniportHaltEx")).toBe(1);
    expect(codes(w.events)).toEqual([]);
  });

  it("Q7: a client that closes its binding with a deregistration pending gets FAILURE; the CM's late completion is refused", () => {
    const w = makeWorld({
      policy: { openAf: "sync", closeAf: "sync", registerSap: "sync", deregisterSap: "pend-manual" },
    });
    const { sap } = w.client.registerSap(w.host);
    w.client.deregisterSap(w.host, sap);
    w.client.rudeUnbind = true;
    w.host.unloadDriver(w.client.name);
    w.settle();
    expect(sap.deregisterCompletions).toBe(1);
    expect(sap.lastStatus).toBe(NDIS_STATUS_FAILURE);
    expect(codes(w.events)).toEqual(["binding-closed-with-open-afs", "af-torn-down"]);
    w.host.runAs("TESTCM", () => w.core().releaseOne());
    expect(codes(w.events).at(-1)).toBe("invalid-handle");
    expect(sap.deregisterCompletions).toBe(1);
  });

  it("unloading a driver that leaked memory reports every block", () => {
    const w = makeWorld({
      policy: { openAf: "sync", closeAf: "sync", registerSap: "sync", deregisterSap: "sync" },
      leakSapArea: true,
    });
    const { sap } = w.client.registerSap(w.host);
    w.client.deregisterSap(w.host, sap);
    w.host.unloadDriver("TESTCM");
    w.settle();
    expect(codes(w.events)).toEqual(["sap-area-not-freed", "memory-leak-at-unload"]);
    expect(w.contracts()[1]).toMatch(
      /driver "TESTCM" unloaded with 1 block\(s\) allocated: #\d+ 'tSap' 128 bytes for Sap \d+/,
    );
  });

  it("the test CM and client load with SUCCESS and register their AF once", () => {
    const w = makeWorld();
    expect(w.cm?.registerStatus).toEqual([NDIS_STATUS_SUCCESS]);
    const cm2 = testCallManager("SECONDCM");
    w.host.loadDriver("SECONDCM", cm2.DriverEntry);
    w.settle();
    expect(cm2.registerStatus).toEqual([NDIS_STATUS_FAILURE]); // AF already registered on ATM0
  });
});
