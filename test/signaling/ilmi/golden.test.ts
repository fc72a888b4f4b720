import { describe, expect, it } from "vitest";
import {
  addressSetRequest,
  coldStartTrap,
  decodeIlmiMessage,
  encodeIlmiMessage,
  getResponseTo,
  netPrefixSetRequest,
} from "../../../src/signaling/ilmi/ilmi-message.ts";
import {
  AtmfStatus,
  addressStatusOid,
  formAddress,
  formatOid,
  netPrefixStatusOid,
  parseAddressStatusOid,
  parseNetPrefixStatusOid,
} from "../../../src/signaling/ilmi/ilmi-mib.ts";
import { SnmpErrorStatus, type SnmpRequestPdu } from "../../../src/signaling/ilmi/snmp-types.ts";
import {
  ADDRESS,
  ADDRESS_RESPONSE_NO_SUCH_NAME,
  ADDRESS_RESPONSE_OK,
  ADDRESS_SET_INVALID,
  ADDRESS_SET_VALID,
  COLD_START_TRAP,
  ESI,
  PREFIX,
  PREFIX_SET_VALID,
  SEL,
  toHex,
} from "./fixtures.ts";

function requestPdu(bytes: Uint8Array): SnmpRequestPdu {
  const decoded = decodeIlmiMessage(bytes);
  if (!decoded.ok) throw new Error(`decode failed: ${JSON.stringify(decoded.error)}`);
  if (decoded.value.pdu.type === "trap") throw new Error("unexpected trap");
  return decoded.value.pdu;
}

describe("ILMI golden frames (ATM Forum ILMI 4.0)", () => {
  it("forms the §5.4 address from prefix, ESI and SEL", () => {
    expect(toHex(formAddress(PREFIX, ESI, SEL))).toBe(toHex(ADDRESS));
  });

  it("encodes the user's address registration SetRequest (request-id 17) byte for byte", () => {
    const bytes = encodeIlmiMessage(addressSetRequest(17, ADDRESS, AtmfStatus.valid));
    expect(bytes.length).toBe(68);
    expect(toHex(bytes)).toBe(toHex(ADDRESS_SET_VALID));
  });

  it("encodes the deregistration with invalid(2) as the last octets 02 01 02", () => {
    expect(toHex(encodeIlmiMessage(addressSetRequest(17, ADDRESS, AtmfStatus.invalid)))).toBe(
      toHex(ADDRESS_SET_INVALID),
    );
  });

  it("encodes the network's GetResponse noError and noSuchName answers", () => {
    const request = requestPdu(ADDRESS_SET_VALID);
    expect(toHex(encodeIlmiMessage(getResponseTo(request)))).toBe(toHex(ADDRESS_RESPONSE_OK));
    expect(toHex(encodeIlmiMessage(getResponseTo(request, SnmpErrorStatus.noSuchName, 1)))).toBe(
      toHex(ADDRESS_RESPONSE_NO_SUCH_NAME),
    );
  });

  it("encodes the network's prefix SetRequest (request-id 5)", () => {
    expect(toHex(encodeIlmiMessage(netPrefixSetRequest(5, PREFIX, AtmfStatus.valid)))).toBe(
      toHex(PREFIX_SET_VALID),
    );
  });

  it("encodes linux ilmid's cold-start trap", () => {
    expect(toHex(encodeIlmiMessage(coldStartTrap(0)))).toBe(toHex(COLD_START_TRAP));
  });

  it("decodes the address SetRequest into its typed form", () => {
    const decoded = decodeIlmiMessage(ADDRESS_SET_VALID);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(new TextDecoder().decode(decoded.value.community)).toBe("ILMI");
    const pdu = decoded.value.pdu;
    expect(pdu).toMatchObject({ type: "setRequest", requestId: 17, errorStatus: 0, errorIndex: 0 });
    if (pdu.type === "trap") return;
    expect(pdu.varBinds).toHaveLength(1);
    const vb = pdu.varBinds[0];
    expect(formatOid(vb?.name ?? [])).toBe(`1.3.6.1.4.1.353.2.6.1.1.3.0.20.${[...ADDRESS].join(".")}`);
    expect(vb?.value).toEqual({ type: "integer", value: 1 });
    const index = parseAddressStatusOid(vb?.name ?? []);
    expect(index?.port).toBe(0);
    expect(toHex(index?.octets ?? new Uint8Array())).toBe(toHex(ADDRESS));
  });

  it("decodes the error answer's status and index", () => {
    expect(requestPdu(ADDRESS_RESPONSE_NO_SUCH_NAME)).toMatchObject({
      type: "getResponse",
      requestId: 17,
      errorStatus: SnmpErrorStatus.noSuchName,
      errorIndex: 1,
    });
  });

  it("decodes the prefix SetRequest and parses its table index", () => {
    const pdu = requestPdu(PREFIX_SET_VALID);
    expect(pdu).toMatchObject({ type: "setRequest", requestId: 5 });
    const index = parseNetPrefixStatusOid(pdu.varBinds[0]?.name ?? []);
    expect(toHex(index?.octets ?? new Uint8Array())).toBe(toHex(PREFIX));
  });

  it("decodes the cold-start trap", () => {
    const decoded = decodeIlmiMessage(COLD_START_TRAP);
    expect(decoded.ok && decoded.value.pdu).toEqual({
      type: "trap",
      enterprise: [1, 3, 6, 1, 4, 1, 3, 1, 1],
      agentAddr: new Uint8Array(4),
      genericTrap: 0,
      specificTrap: 0,
      timeStamp: 0,
      varBinds: [{ name: [1, 3, 6, 1, 2, 1, 1, 3, 0], value: { type: "null" } }],
    });
  });

  it("builds table-index OIDs as port . length . octets", () => {
    expect(formatOid(addressStatusOid(ADDRESS)).startsWith("1.3.6.1.4.1.353.2.6.1.1.3.0.20.57.132.")).toBe(
      true,
    );
    expect(formatOid(netPrefixStatusOid(PREFIX)).startsWith("1.3.6.1.4.1.353.2.7.1.1.3.0.13.57.")).toBe(true);
    expect(parseAddressStatusOid(netPrefixStatusOid(PREFIX))).toBeUndefined();
    expect(parseNetPrefixStatusOid([...netPrefixStatusOid(PREFIX), 1])).toBeUndefined();
    expect(parseNetPrefixStatusOid([...netPrefixStatusOid(PREFIX).slice(0, -1), 256])).toBeUndefined();
  });

  it('rejects a community other than "ILMI" with badCommunity', () => {
    const bytes = ADDRESS_SET_VALID.slice();
    bytes[7] = 0x58; // "XLMI"
    const decoded = decodeIlmiMessage(bytes);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error).toMatchObject({ code: "badCommunity", offset: 5 });
  });
});
