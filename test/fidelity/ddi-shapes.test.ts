/**
 * Names and orders a C driver author sees on the DDI pages (MicrosoftDocs windows-driver-docs-ddi):
 * parameter names as recorded in the trace, and the field order of characteristics structures.
 */
import { describe, expect, it } from "vitest";
import { REQUIRED_FIELDS } from "../../src/ndis/characteristics.ts";
import { NDIS_STATUS_FAILURE, NDIS_STATUS_PENDING, NdisCompleteBindAdapterEx } from "../../src/ndis/index.ts";
import type { BindStep } from "../support/buggy-drivers/protocol.ts";
import { bareProtocol } from "../support/buggy-drivers/protocol.ts";
import { makeWorld } from "../support/world.ts";

describe("DDI parameter names (nf-ndis-*.md ## -parameters)", () => {
  it("NdisCompleteBindAdapterEx(BindAdapterContext, Status), as the trace records it", () => {
    const w = makeWorld();
    let step: BindStep | undefined;
    w.host.loadDriver(
      "LATEBIND",
      bareProtocol({
        name: "LATEBIND",
        bind: (s) => {
          step = s;
          return NDIS_STATUS_PENDING;
        },
      }).DriverEntry,
    );
    w.settle();
    const pended = step;
    if (pended === undefined) throw new Error("the protocol was never asked to bind");
    w.host.runAs("LATEBIND", () => NdisCompleteBindAdapterEx(pended.BindContext, NDIS_STATUS_FAILURE));
    const call = w.events.find((e) => e.type === "ddi-call" && e.ddi === "NdisCompleteBindAdapterEx");
    expect(call?.type === "ddi-call" ? Object.keys(call.args) : []).toEqual(["BindAdapterContext", "Status"]);
  });
});

describe("characteristics field order (ns-ndis-_ndis_*_characteristics.md ## -struct-fields)", () => {
  it("NDIS_MINIPORT_DRIVER_CHARACTERISTICS: the required handlers in the page's order", () => {
    // The page's fields, in order; condis requires the ones a CoNDIS miniport of the model supplies.
    const page = [
      "SetOptionsHandler",
      "InitializeHandlerEx",
      "HaltHandlerEx",
      "UnloadHandler",
      "PauseHandler",
      "RestartHandler",
      "OidRequestHandler",
      "SendNetBufferListsHandler",
      "ReturnNetBufferListsHandler",
      "CancelSendHandler",
      "CheckForHangHandlerEx",
      "ResetHandlerEx",
      "DevicePnPEventNotifyHandler",
      "ShutdownHandlerEx",
      "CancelOidRequestHandler",
      "DirectOidRequestHandler",
      "CancelDirectOidRequestHandler",
      "SynchronousOidRequestHandler",
    ];
    const required: readonly string[] = REQUIRED_FIELDS.NDIS_MINIPORT_DRIVER_CHARACTERISTICS;
    expect(page.filter((f) => required.includes(f))).toEqual(required);
  });
});
