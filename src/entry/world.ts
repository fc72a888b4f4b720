/** `condis/world`: `createWorld`, an agent and hosts with the reference drivers and the verifier. */
export {
  type CallManagerKind,
  createWorld,
  type HostLeaks,
  type RunReport,
  type Settledness,
  type TeardownReport,
  type World,
  type WorldHost,
  type WorldHostInit,
  type WorldInit,
  type WorldLinkInit,
} from "../world/world.ts";
