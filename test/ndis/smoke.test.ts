import { describe, expect, it } from "vitest";
import { NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS } from "../../src/ndis/index.ts";
import { makeWorld } from "../support/world.ts";

describe.each(["cm", "mcm"] as const)("SAP life cycle smoke (%s)", (kind) => {
  it("binds, opens the AF, registers and deregisters a SAP", () => {
    const w = makeWorld({ kind });
    expect(w.client.af().state).toBe("open");
    const { status, sap } = w.client.registerSap(w.host);
    expect(status).toBe(NDIS_STATUS_PENDING);
    expect(sap.state).toBe("registered");
    expect(w.client.deregisterSap(w.host, sap)).toBe(NDIS_STATUS_PENDING);
    expect(sap.state).toBe("gone");
    expect(sap.deregisterCompletions).toBe(1);
    expect(w.contracts()).toEqual([]);
    expect(w.host.snapshot().saps).toEqual([]);
    expect(w.client.closeAf(w.host)).toBe(NDIS_STATUS_SUCCESS);
    expect(w.contracts()).toEqual([]);
  });
});
