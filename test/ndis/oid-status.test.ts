import { describe, expect, it } from "vitest";
import { OID_GEN_CO } from "../../src/drivers/co-miniport/index.ts";
import {
  type NDIS_OID_REQUEST,
  NDIS_REQUEST_TYPE,
  NDIS_STATUS,
  NDIS_STATUS_BUFFER_TOO_SHORT,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisCoOidRequest,
  NdisCoOidRequestComplete,
  OID_CO,
} from "../../src/ndis/index.ts";
import { makeWorld } from "../support/world.ts";
import { codes, entries } from "./helpers.ts";
import { handles } from "./vc-helpers.ts";

function request(
  Oid: number,
  size: number,
  RequestType: number = NDIS_REQUEST_TYPE.NdisRequestQueryInformation,
): NDIS_OID_REQUEST {
  return {
    RequestType,
    Oid,
    InformationBuffer: size === 0 ? null : new Uint8Array(size),
    BytesWritten: 0,
    BytesRead: 0,
    BytesNeeded: 0,
    RequestId: null,
    RequestHandle: null,
  };
}

describe("CoNDIS OID requests", () => {
  it("with a NULL AF handle a request goes to the miniport", () => {
    const w = makeWorld({ medium: {} });
    const req = request(OID_GEN_CO.OID_GEN_CO_MEDIA_IN_USE, 4);
    const status = w.host.runAs(w.client.name, () =>
      NdisCoOidRequest(handles(w).client, null, null, null, req),
    );
    expect(status).toBe(NDIS_STATUS_SUCCESS);
    expect(req.BytesWritten).toBe(4);
    expect(new DataView(req.InformationBuffer!.buffer).getUint32(0, true)).toBe(8); // NdisMediumAtm
    expect(entries(w.events, "MiniportCoOidRequest")).toBe(1);
  });

  it("a buffer too short answers BUFFER_TOO_SHORT with BytesNeeded", () => {
    const w = makeWorld({ medium: {} });
    const req = request(OID_GEN_CO.OID_GEN_CO_LINK_SPEED, 4);
    expect(
      w.host.runAs(w.client.name, () => NdisCoOidRequest(handles(w).client, null, null, null, req)),
    ).toBe(NDIS_STATUS_BUFFER_TOO_SHORT);
    expect(req.BytesNeeded).toBe(8);
  });

  it("client → CM with the AF handle; a pended request completes once through ProtocolCoOidRequestComplete", () => {
    const w = makeWorld({ medium: {} });
    const pended: NDIS_OID_REQUEST[] = [];
    w.cm!.hooks.oidRequest = (_af, _vc, _party, req) => {
      pended.push(req);
      return NDIS_STATUS_PENDING;
    };
    const h = handles(w);
    const req = request(OID_CO.OID_CO_GET_ADDRESSES, 64);
    expect(w.host.runAs(w.client.name, () => NdisCoOidRequest(h.client, h.af, null, null, req))).toBe(
      NDIS_STATUS_PENDING,
    );
    w.host.runAs("TESTCM", () => NdisCoOidRequestComplete(h.af, null, null, req, NDIS_STATUS_SUCCESS));
    expect(w.client.hookLog.oidCompleted).toEqual([{ request: req, status: NDIS_STATUS_SUCCESS }]);
    w.host.runAs("TESTCM", () => NdisCoOidRequestComplete(h.af, null, null, req, NDIS_STATUS_SUCCESS));
    expect(w.client.hookLog.oidCompleted).toHaveLength(1);
    expect(codes(w.events)).toEqual(["oid-completion"]);
  });

  it("CM → client (OID_CO_ADDRESS_CHANGE): the client's ProtocolCoOidRequest answers synchronously", () => {
    const w = makeWorld({ medium: {} });
    const h = handles(w);
    w.client.hooks.oidRequest = () => NDIS_STATUS_SUCCESS;
    const req = request(OID_CO.OID_CO_ADDRESS_CHANGE, 0, NDIS_REQUEST_TYPE.NdisRequestSetInformation);
    expect(w.host.runAs("TESTCM", () => NdisCoOidRequest(h.cm, h.af, null, null, req))).toBe(
      NDIS_STATUS_SUCCESS,
    );
    expect(w.cm!.hookLog.oidCompleted).toEqual([]); // internal completion: no callback after a synchronous answer
  });
});

describe("status indications", () => {
  it("a link-state change reaches every bound CoNDIS protocol through ProtocolCoStatusEx", () => {
    const w = makeWorld({ medium: {} });
    w.link!.down();
    w.settle();
    w.link!.up();
    w.settle();
    const expected = [NDIS_STATUS.NDIS_STATUS_MEDIA_DISCONNECT, NDIS_STATUS.NDIS_STATUS_MEDIA_CONNECT];
    expect(w.client.hookLog.statuses.map((s) => s.code)).toEqual(expected);
    expect(w.cm!.hookLog.statuses.map((s) => s.code)).toEqual(expected);
  });
});
