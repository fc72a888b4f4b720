/**
 * What the call relays (`call-relay.ts`, `multipoint.ts`, `modify-relay.ts`) need of the switch
 * fabric. The fabric implements it and calls the relays; the relays see only this interface, so
 * the modules form no import cycle.
 */
import type { CallRequest, RequestResult } from "../signaling/call-control/index.ts";
import type { CauseIe, SetupIes } from "../signaling/q2931/index.ts";
import type { AgentEvent } from "./agent-events.ts";
import type { Route } from "./call-routing.ts";
import type { Half, Leg, SwitchCall } from "./switch-call.ts";

/** The switch fabric as the call relays use it. */
export interface CallFabric {
  /** Routes a called party number among the ports. */
  route(number: SetupIes["calledPartyNumber"]): Route;
  /** A request on a half's call, as call control answered it. */
  request(half: Half, request: CallRequest): RequestResult;
  /** True when the agent's side of the half is clearing or gone, whatever we believed. */
  cleared(half: Half): boolean;
  /** Offers a new leg of `call` on `port` with a SETUP built from `ies`; undefined (VC freed) if refused. */
  offer(call: SwitchCall, port: number, ies: SetupIes): Leg | undefined;
  /** Clears the leg with RELEASE (if it is not clearing yet) and forgets its parties. */
  releaseLeg(call: SwitchCall, leg: Leg, cause: CauseIe | number): void;
  /** Clears the caller's half with RELEASE, and with it every leg. */
  releaseRoot(call: SwitchCall, cause: CauseIe | number): void;
  /** After a party request on the root: if call control turned it into a RELEASE, the legs go too. */
  rootMaybeCleared(call: SwitchCall, cause: CauseIe | number): void;
  /** Marks the call as clearing, remembering the first cause. */
  clearing(call: SwitchCall, cause: CauseIe | number): void;
  /** The half's call reference is released: its VC is free and it leaves the tables. */
  released(call: SwitchCall, half: Half): void;
  /** The highest peak cell rate a call through `port` may have (undefined: no limit). */
  maxPeakCellRate(port: number): number | undefined;
  /** Reports an agent event. */
  emit(event: AgentEvent): void;
  /** Counts a SETUP or ADD PARTY that the port's caller got refused. */
  countRefusal(port: number): void;
}
