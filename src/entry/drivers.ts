/**
 * `condis/drivers`: the reference drivers (the CoNDIS miniport, the UNI call manager stand-alone
 * and as an MCM, the reference clients) and the ATM SAP and call-parameter builders. A thin
 * re-export file: the names come from src/drivers/.
 */
export {
  type ATM_ADDRESS,
  ATM_ADDRESSTYPE,
  type ATM_BHLI_IE,
  type ATM_BLLI_IE,
  type ATM_SAP,
  anyBhli,
  anyBlli,
  decodeAtmSap,
  encodeAtmSap,
  SAP_FIELD,
} from "../drivers/atm-sap.ts";
export { Dialer, type DialOptions, type DialResult } from "../drivers/clients/dialer.ts";
export { type EchoAnswer, EchoServer, type EchoServerStats } from "../drivers/clients/echo-server.ts";
export { SapClient } from "../drivers/clients/sap-client.ts";
export { type CoMiniportInit, coMiniport } from "../drivers/co-miniport/index.ts";
export {
  type AtmCallParameters,
  type AtmCallParametersInit,
  atmCallParameters,
  atmCallParametersOf,
  UNI_ADDRESS_FAMILY,
  type UniCallManagerInit,
  type UniMcmInit,
  uniCallManager,
  uniMcm,
} from "../drivers/uni-cm/index.ts";
