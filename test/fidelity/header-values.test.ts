/**
 * Every expected value here is copied from a public header (mingw-w64's ddk/ndis.h, ddk/atm.h,
 * include/ntddndis.h, include/netevent.h, include/ntstatus.h) or the MIB text, never from the code:
 * each test pins a constant of condis to the value a C driver author would compile against.
 */
import { describe, expect, it } from "vitest";
import {
  AAL5_MODE,
  AAL5_SSCS,
  ATM_AAL_TYPE,
  ATM_MEDIA_SPECIFIC,
  ATM_SERVICE_CATEGORY,
} from "../../src/drivers/atm-media.ts";
import { ATM_ADDRESSTYPE, SAP_FIELD } from "../../src/drivers/atm-sap.ts";
import { NDIS_MEDIA_STATE, OID_GEN_CO } from "../../src/drivers/co-miniport/index.ts";
import { CALLMGR_SPECIFIC_Q2931, Q2931_IE_TYPE } from "../../src/drivers/uni-cm/atm-call-parameters.ts";
import {
  CO_CALL_FLAGS,
  CO_MEDIA_FLAGS,
  NDIS_ERROR_CODE,
  NDIS_STATUS,
  OID_CO,
  SAP_TYPE,
} from "../../src/ndis/index.ts";
import { IlmiOid } from "../../src/signaling/ilmi/ilmi-mib.ts";
import { MAX_J_LIMIT, sscopConfig } from "../../src/signaling/sscop/config.ts";

describe("OIDs (ntddndis.h)", () => {
  it("OID_GEN_CO_* are their OID_GEN_* twins (`#define OID_GEN_CO_LINK_SPEED OID_GEN_LINK_SPEED`)", () => {
    expect(OID_GEN_CO).toEqual({
      OID_GEN_CO_SUPPORTED_LIST: 0x00010101, // #define OID_GEN_SUPPORTED_LIST 0x00010101
      OID_GEN_CO_HARDWARE_STATUS: 0x00010102, // #define OID_GEN_HARDWARE_STATUS 0x00010102
      OID_GEN_CO_MEDIA_SUPPORTED: 0x00010103, // #define OID_GEN_MEDIA_SUPPORTED 0x00010103
      OID_GEN_CO_MEDIA_IN_USE: 0x00010104, // #define OID_GEN_MEDIA_IN_USE 0x00010104
      OID_GEN_CO_LINK_SPEED: 0x00010107, // #define OID_GEN_LINK_SPEED 0x00010107
      OID_GEN_CO_VENDOR_ID: 0x0001010c, // #define OID_GEN_VENDOR_ID 0x0001010c
      OID_GEN_CO_VENDOR_DESCRIPTION: 0x0001010d, // #define OID_GEN_VENDOR_DESCRIPTION 0x0001010d
      OID_GEN_CO_DRIVER_VERSION: 0x00010110, // #define OID_GEN_DRIVER_VERSION 0x00010110
      OID_GEN_CO_MEDIA_CONNECT_STATUS: 0x00010114, // #define OID_GEN_MEDIA_CONNECT_STATUS 0x00010114
    });
  });

  it("OID_CO_* (`#define OID_CO_ADD_PVC 0xfe000001` … `#define OID_CO_AF_CLOSE 0xfe00000a`)", () => {
    expect(OID_CO).toEqual({
      OID_CO_ADD_PVC: 0xfe000001,
      OID_CO_DELETE_PVC: 0xfe000002,
      OID_CO_GET_CALL_INFORMATION: 0xfe000003,
      OID_CO_ADD_ADDRESS: 0xfe000004,
      OID_CO_DELETE_ADDRESS: 0xfe000005,
      OID_CO_GET_ADDRESSES: 0xfe000006,
      OID_CO_ADDRESS_CHANGE: 0xfe000007,
      OID_CO_SIGNALING_ENABLED: 0xfe000008,
      OID_CO_SIGNALING_DISABLED: 0xfe000009,
      OID_CO_AF_CLOSE: 0xfe00000a,
    });
  });

  it("NDIS_MEDIA_STATE: NdisMediaStateConnected, NdisMediaStateDisconnected (enum order)", () => {
    expect(NDIS_MEDIA_STATE).toEqual({ NdisMediaStateConnected: 0, NdisMediaStateDisconnected: 1 });
  });
});

describe("NDIS_STATUS (ndis.h, ntstatus.h)", () => {
  it("NDIS_STATUS_RESET_START / NDIS_STATUS_RESET_END ((NDIS_STATUS)0x40010004L / 0x40010005L)", () => {
    expect(NDIS_STATUS.NDIS_STATUS_RESET_START).toBe(0x40010004);
    expect(NDIS_STATUS.NDIS_STATUS_RESET_END).toBe(0x40010005);
  });

  it("every status condis defines has ndis.h's value", () => {
    // ndis.h, resolved through ntstatus.h where ndis.h names an NTSTATUS
    // (`#define NDIS_STATUS_FAILURE ((NDIS_STATUS)STATUS_UNSUCCESSFUL)`, STATUS_UNSUCCESSFUL 0xC0000001).
    const header: Record<string, number> = {
      NDIS_STATUS_SUCCESS: 0x00000000,
      NDIS_STATUS_PENDING: 0x00000103,
      NDIS_STATUS_NOT_RECOGNIZED: 0x00010001,
      NDIS_STATUS_NOT_COPIED: 0x00010002,
      NDIS_STATUS_NOT_ACCEPTED: 0x00010003,
      NDIS_STATUS_CALL_ACTIVE: 0x00010007,
      NDIS_STATUS_RESET_START: 0x40010004,
      NDIS_STATUS_RESET_END: 0x40010005,
      NDIS_STATUS_MEDIA_CONNECT: 0x4001000b,
      NDIS_STATUS_MEDIA_DISCONNECT: 0x4001000c,
      NDIS_STATUS_INDICATION_REQUIRED: 0x40230001,
      NDIS_STATUS_FAILURE: 0xc0000001,
      NDIS_STATUS_INVALID_PARAMETER: 0xc000000d,
      NDIS_STATUS_RESOURCES: 0xc000009a,
      NDIS_STATUS_NOT_SUPPORTED: 0xc00000bb,
      NDIS_STATUS_CLOSING: 0xc0010002,
      NDIS_STATUS_BAD_VERSION: 0xc0010004,
      NDIS_STATUS_BAD_CHARACTERISTICS: 0xc0010005,
      NDIS_STATUS_ADAPTER_NOT_FOUND: 0xc0010006,
      NDIS_STATUS_OPEN_FAILED: 0xc0010007,
      NDIS_STATUS_DEVICE_FAILED: 0xc0010008,
      NDIS_STATUS_MULTICAST_FULL: 0xc0010009,
      NDIS_STATUS_MULTICAST_EXISTS: 0xc001000a,
      NDIS_STATUS_MULTICAST_NOT_FOUND: 0xc001000b,
      NDIS_STATUS_REQUEST_ABORTED: 0xc001000c,
      NDIS_STATUS_RESET_IN_PROGRESS: 0xc001000d,
      NDIS_STATUS_CLOSING_INDICATING: 0xc001000e,
      NDIS_STATUS_INVALID_PACKET: 0xc001000f,
      NDIS_STATUS_OPEN_LIST_FULL: 0xc0010010,
      NDIS_STATUS_ADAPTER_NOT_READY: 0xc0010011,
      NDIS_STATUS_ADAPTER_NOT_OPEN: 0xc0010012,
      NDIS_STATUS_NOT_INDICATING: 0xc0010013,
      NDIS_STATUS_INVALID_LENGTH: 0xc0010014,
      NDIS_STATUS_INVALID_DATA: 0xc0010015,
      NDIS_STATUS_BUFFER_TOO_SHORT: 0xc0010016,
      NDIS_STATUS_INVALID_OID: 0xc0010017,
      NDIS_STATUS_ADAPTER_REMOVED: 0xc0010018,
      NDIS_STATUS_UNSUPPORTED_MEDIA: 0xc0010019,
      NDIS_STATUS_GROUP_ADDRESS_IN_USE: 0xc001001a,
      NDIS_STATUS_FILE_NOT_FOUND: 0xc001001b,
      NDIS_STATUS_ERROR_READING_FILE: 0xc001001c,
      NDIS_STATUS_ALREADY_MAPPED: 0xc001001d,
      NDIS_STATUS_RESOURCE_CONFLICT: 0xc001001e,
      NDIS_STATUS_NO_CABLE: 0xc001001f,
      NDIS_STATUS_INVALID_SAP: 0xc0010020,
      NDIS_STATUS_SAP_IN_USE: 0xc0010021,
      NDIS_STATUS_INVALID_ADDRESS: 0xc0010022,
      NDIS_STATUS_VC_NOT_ACTIVATED: 0xc0010023,
      NDIS_STATUS_DEST_OUT_OF_ORDER: 0xc0010024,
      NDIS_STATUS_VC_NOT_AVAILABLE: 0xc0010025,
      NDIS_STATUS_CELLRATE_NOT_AVAILABLE: 0xc0010026,
      NDIS_STATUS_INCOMPATABLE_QOS: 0xc0010027,
      NDIS_STATUS_AAL_PARAMS_UNSUPPORTED: 0xc0010028,
      NDIS_STATUS_NO_ROUTE_TO_DESTINATION: 0xc0010029,
      NDIS_STATUS_SEND_ABORTED: 0xc023000c, // STATUS_NDIS_REQUEST_ABORTED
      NDIS_STATUS_PAUSED: 0xc023002a, // STATUS_NDIS_PAUSED
    };
    expect(NDIS_STATUS).toEqual(header);
  });
});

describe("NDIS_ERROR_CODE (ndis.h → netevent.h EVENT_NDIS_*)", () => {
  it("has netevent.h's values (`#define EVENT_NDIS_TIMEOUT __MSABI_LONG(0x8000138F)`, …)", () => {
    expect(NDIS_ERROR_CODE).toEqual({
      NDIS_ERROR_CODE_RESOURCE_CONFLICT: 0xc0001388, // EVENT_NDIS_RESOURCE_CONFLICT
      NDIS_ERROR_CODE_OUT_OF_RESOURCES: 0xc0001389, // EVENT_NDIS_OUT_OF_RESOURCE
      NDIS_ERROR_CODE_HARDWARE_FAILURE: 0xc000138a, // EVENT_NDIS_HARDWARE_FAILURE
      NDIS_ERROR_CODE_ADAPTER_NOT_FOUND: 0xc000138b, // EVENT_NDIS_ADAPTER_NOT_FOUND
      NDIS_ERROR_CODE_DRIVER_FAILURE: 0xc000138d, // EVENT_NDIS_DRIVER_FAILURE
      NDIS_ERROR_CODE_TIMEOUT: 0x8000138f, // EVENT_NDIS_TIMEOUT
      NDIS_ERROR_CODE_NETWORK_ADDRESS: 0xc0001390, // EVENT_NDIS_NETWORK_ADDRESS
    });
  });
});

describe("call and media parameter flags (ndis.h)", () => {
  it("CO_CALL_PARAMETERS.Flags and CO_MEDIA_PARAMETERS.Flags", () => {
    expect(CO_CALL_FLAGS).toEqual({
      PERMANENT_VC: 0x00000001,
      CALL_PARAMETERS_CHANGED: 0x00000002,
      QUERY_CALL_PARAMETERS: 0x00000004,
      BROADCAST_VC: 0x00000008,
      MULTIPOINT_VC: 0x00000010,
    });
    expect(CO_MEDIA_FLAGS).toEqual({
      RECEIVE_TIME_INDICATION: 0x00000001,
      USE_TIME_STAMPS: 0x00000002,
      TRANSMIT_VC: 0x00000004,
      RECEIVE_VC: 0x00000008,
      INDICATE_ERRED_PACKETS: 0x00000010,
      INDICATE_END_OF_TX: 0x00000020,
      RESERVE_RESOURCES_VC: 0x00000040,
      ROUND_DOWN_FLOW: 0x00000080,
      ROUND_UP_FLOW: 0x00000100,
    });
  });
});

describe("ATM (atm.h)", () => {
  it("parameter types, address types and SAP markers", () => {
    expect(SAP_TYPE).toEqual({ SAP_TYPE_NSAP: 1, SAP_TYPE_E164: 2 });
    expect(ATM_MEDIA_SPECIFIC).toBe(1); // #define ATM_MEDIA_SPECIFIC 1
    expect(CALLMGR_SPECIFIC_Q2931).toBe(1); // #define CALLMGR_SPECIFIC_Q2931 1
    expect(ATM_ADDRESSTYPE).toEqual({ ATM_NSAP: 0, ATM_E164: 1 });
    expect(SAP_FIELD).toEqual({
      SAP_FIELD_ABSENT: 0xfffffffe, // ((ULONG)0xfffffffe)
      SAP_FIELD_ANY: 0xffffffff, // ((ULONG)0xffffffff)
      SAP_FIELD_ANY_AESA_SEL: 0xfffffffa, // ((ULONG)0xfffffffa)
      SAP_FIELD_ANY_AESA_REST: 0xfffffffb, // ((ULONG)0xfffffffb)
    });
  });

  it("AAL types, AAL5 Mode and SSCSType, service categories", () => {
    expect(ATM_AAL_TYPE).toEqual({ AAL_TYPE_AAL0: 1, AAL_TYPE_AAL1: 2, AAL_TYPE_AAL34: 4, AAL_TYPE_AAL5: 8 });
    expect(AAL5_MODE).toEqual({ AAL5_MODE_MESSAGE: 0x01, AAL5_MODE_STREAMING: 0x02 });
    expect(AAL5_SSCS).toEqual({
      AAL5_SSCS_NULL: 0x00,
      AAL5_SSCS_SSCOP_ASSURED: 0x01,
      AAL5_SSCS_SSCOP_NON_ASSURED: 0x02,
      AAL5_SSCS_FRAME_RELAY: 0x04,
    });
    expect(ATM_SERVICE_CATEGORY).toEqual({
      ATM_SERVICE_CATEGORY_CBR: 1,
      ATM_SERVICE_CATEGORY_VBR: 2,
      ATM_SERVICE_CATEGORY_UBR: 4,
      ATM_SERVICE_CATEGORY_ABR: 8,
    });
  });

  it("Q2931_IE_TYPE in enum order, IE_AALParameters (0) … IE_Raw (14)", () => {
    expect(Object.entries(Q2931_IE_TYPE)).toEqual(
      [
        "IE_AALParameters",
        "IE_TrafficDescriptor",
        "IE_BroadbandBearerCapability",
        "IE_BHLI",
        "IE_BLLI",
        "IE_CalledPartyNumber",
        "IE_CalledPartySubaddress",
        "IE_CallingPartyNumber",
        "IE_CallingPartySubaddress",
        "IE_Cause",
        "IE_QOSClass",
        "IE_TransitNetworkSelection",
        "IE_BroadbandSendingComplete",
        "IE_LIJCallId",
        "IE_Raw",
      ].map((name, i) => [name, i]),
    );
  });
});

describe("ILMI MIB names (ATM-FORUM-ADDR-REG, ATM-FORUM-TC-MIB)", () => {
  it("atmfAddressGroup is atmForumUni.6 and atmfAddressTable atmfAddressGroup.1", () => {
    const atmForumUni = "1.3.6.1.4.1.353.2";
    expect(IlmiOid.atmfAddressGroup.join(".")).toBe(`${atmForumUni}.6`);
    expect(IlmiOid.atmfAddressTable.join(".")).toBe(`${atmForumUni}.6.1`);
    expect(IlmiOid.atmfAddressStatus.join(".")).toBe(`${atmForumUni}.6.1.1.3`);
    expect(IlmiOid.atmfNetPrefixGroup.join(".")).toBe(`${atmForumUni}.7`);
    expect(IlmiOid.atmfNetPrefixTable.join(".")).toBe(`${atmForumUni}.7.1`);
    expect(IlmiOid.atmfNetPrefixStatus.join(".")).toBe(`${atmForumUni}.7.1.1.3`);
    expect(IlmiOid.atmfAddressRegistrationAdminStatus.join(".")).toBe(`${atmForumUni}.11.1.1.2.0`);
  });
});

describe("SSCOP parameter bounds (Q.2110)", () => {
  it("MaxJ may be up to 65524 octets and no more", () => {
    expect(MAX_J_LIMIT).toBe(65524);
    expect(sscopConfig({ maxJ: 65524 }).maxJ).toBe(65524);
    expect(() => sscopConfig({ maxJ: 65525 })).toThrow(RangeError);
    expect(() => sscopConfig({ maxJ: 65528 })).toThrow(RangeError);
  });
});
