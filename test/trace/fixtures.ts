/** Capture fixtures (libpcap LINKTYPE_SUNATM), and an arbitrary for ATM frames. */
import fc from "fast-check";
import { type SunAtmFrame, SunAtmTraffic } from "../../src/trace/sunatm.ts";
import { hex } from "../signaling/ilmi/fixtures.ts";

/** §6.4: the full SSCOP SD PDU (84 octets) carrying the minimal UNI 3.1 SETUP, N(S)=0, PL=2. */
export const SETUP_SD_PDU = hex(
  "0903000001058000455880000905 8c23e48123e48400 59800009840563b7850563b7be 5e800003108080 5f800001cc 7080001582" +
    "39840f8001bc72000000010001 0020481a2b3c00 5ce000020000 0000 88000000",
);

/** Any SunATM frame. */
export const frameArb: fc.Arbitrary<SunAtmFrame> = fc.record({
  timestamp: fc.bigInt({ min: 0n, max: 0xffff_ffffn * 1_000_000_000n + 999_999_999n }),
  direction: fc.constantFrom("userToNetwork", "networkToUser"),
  traffic: fc.constantFrom(...Object.values(SunAtmTraffic)),
  vpi: fc.integer({ min: 0, max: 255 }),
  vci: fc.integer({ min: 0, max: 65535 }),
  payload: fc.uint8Array({ maxLength: 200 }),
});
