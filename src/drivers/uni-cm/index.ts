/** The UNI call manager: the stand-alone protocol driver and the MCM, over one shared core. */
export { type UniCmAf, UniCmCore, type UniCmPlatform, type UniCmSap } from "./core.ts";
export { type UniMcmAdapter, uniMcm } from "./mcm.ts";
export { type UniCmBinding, uniCallManager } from "./stand-alone.ts";
export { UNI_ADDRESS_FAMILY } from "./stubs.ts";
