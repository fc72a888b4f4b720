/** Media: what carries frames between a miniport and its peer. */

export { type AtmFrame, type MediumPort, validVc } from "./medium.ts";
export { createMemoryLink, type LinkFaults, type MemoryLink, type MemoryLinkInit } from "./memory-medium.ts";
