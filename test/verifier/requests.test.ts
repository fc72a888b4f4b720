import { describe, expect, it } from "vitest";
import type { NdisEvent } from "../../src/ndis/index.ts";
import { RequestTracker } from "../../src/verifier/requests.ts";

type Enter = Extract<NdisEvent, { type: "handler-enter" }>;
type Exit = Extract<NdisEvent, { type: "handler-exit" }>;
type Call = Extract<NdisEvent, { type: "ddi-call" }>;

const base = { seq: 1, time: 0n, host: "A", driver: "CM", depth: 1 };
const enter = (handler: string): Enter => ({
  ...base,
  type: "handler-enter",
  handler,
  roleType: "X",
  irql: 0,
  object: null,
  args: {},
});
const exit = (handler: string): Exit => ({ ...base, type: "handler-exit", handler, result: 0 });
const call = (ddi: string): Call => ({ ...base, type: "ddi-call", ddi, irql: 0, args: {} });
const PENDING = 0x103;

describe("pended requests from the stream", () => {
  it("follows a request through PENDING to its completion, then calls a second completion double", () => {
    const t = new RequestTracker();
    const r = t.open("ProtocolCmDeregisterSap", "Sap 1.1", enter("ProtocolCmDeregisterSap"));
    t.exit(r, exit("ProtocolCmDeregisterSap"), PENDING);
    expect(t.outstanding()).toEqual([r]);
    const v = t.verdict("ProtocolCmDeregisterSap", "Sap 1.1");
    expect(v.kind).toBe("match");
    t.complete(r, call("NdisCmDeregisterSapComplete"));
    expect(t.outstanding()).toEqual([]);
    expect(t.verdict("ProtocolCmDeregisterSap", "Sap 1.1").kind).toBe("double");
  });

  it("a synchronous answer leaves nothing to complete; a completion then is without pending", () => {
    const t = new RequestTracker();
    const r = t.open("ProtocolCmRegisterSap", "Sap 2.1", enter("ProtocolCmRegisterSap"));
    t.exit(r, exit("ProtocolCmRegisterSap"), 0);
    expect(t.verdict("ProtocolCmRegisterSap", "Sap 2.1").kind).toBe("none");
  });

  it("Q13: a completion inside the handler finishes it; a second one inside is double", () => {
    const t = new RequestTracker();
    const r = t.open("ProtocolCmOpenAf", "Af 1.1", enter("ProtocolCmOpenAf"));
    t.complete(r, call("NdisCmOpenAddressFamilyComplete"));
    expect(t.verdict("ProtocolCmOpenAf", "Af 1.1").kind).toBe("double");
    t.exit(r, exit("ProtocolCmOpenAf"), PENDING);
    expect(t.outstanding()).toEqual([]);
  });

  it("tells a completion of another kind of request, and drops what NDIS tore down", () => {
    const t = new RequestTracker();
    const r = t.open("ProtocolCmRegisterSap", "Sap 3.1", enter("ProtocolCmRegisterSap"));
    t.exit(r, exit("ProtocolCmRegisterSap"), PENDING);
    expect(t.verdict("ProtocolCmDeregisterSap", "Sap 3.1").kind).toBe("other-request");
    t.cancel("Sap 3.1");
    expect(t.outstanding()).toEqual([]);
    expect(t.verdict("ProtocolCmRegisterSap", "Sap 3.1").kind).toBe("cancelled");
  });
});
