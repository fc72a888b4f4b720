/** The shape of a verifier fixture, and helpers the fixture tables share. */
import {
  NdisCmCloseAddressFamilyComplete,
  NdisCmDeregisterSapComplete,
  NdisCmNotifyCloseAddressFamily,
  NdisCmRegisterSapComplete,
  NdisMCmCloseAddressFamilyComplete,
  NdisMCmDeregisterSapComplete,
  NdisMCmNotifyCloseAddressFamily,
  NdisMCmRegisterSapComplete,
} from "../../../src/ndis/index.ts";
import type { ControlledScheduler } from "../../../src/sched/index.ts";
import type { Verifier, VerifierMode, ViolationHandling } from "../../../src/verifier/index.ts";
import type { CmKind } from "./world.ts";

/** How a fixture run is checked. */
export interface RunOptions {
  readonly mode?: VerifierMode;
  readonly onViolation?: ViolationHandling;
}

/** What a fixture run leaves to check: its scheduler and its verifier. */
export interface VerifiedRun {
  readonly scheduler: ControlledScheduler;
  readonly verifier: Verifier;
}

/** A deliberately buggy driver (or driver thread) that breaks exactly one rule. */
export interface Fixture {
  readonly rule: string;
  /** The bug, in one line. */
  readonly bug: string;
  /** The call-manager kinds it runs with. */
  readonly kinds: readonly CmKind[];
  /** Builds the world, lets the buggy driver act, and settles. */
  readonly run: (kind: CmKind, opts: RunOptions) => VerifiedRun;
  /** Fields the offending event must have. */
  readonly event: (kind: CmKind) => Readonly<Record<string, unknown>>;
  /** How many of the core's reports the violation carries (the first and its consequences). */
  readonly evidence?: number;
  /** True when the violation is found only by the quiescence check. */
  readonly atQuiescence?: boolean;
}

/** The completion and notify DDIs in the form of a call-manager kind. */
export function forms(kind: CmKind) {
  return kind === "cm"
    ? {
        registerSapComplete: NdisCmRegisterSapComplete,
        deregisterSapComplete: NdisCmDeregisterSapComplete,
        closeAfComplete: NdisCmCloseAddressFamilyComplete,
        notifyClose: NdisCmNotifyCloseAddressFamily,
        prefix: "NdisCm",
      }
    : {
        registerSapComplete: NdisMCmRegisterSapComplete,
        deregisterSapComplete: NdisMCmDeregisterSapComplete,
        closeAfComplete: NdisMCmCloseAddressFamilyComplete,
        notifyClose: NdisMCmNotifyCloseAddressFamily,
        prefix: "NdisMCm",
      };
}

/** Both call-manager kinds. */
export const BOTH: readonly CmKind[] = ["cm", "mcm"];
/** The stand-alone call manager only. */
export const CM_ONLY: readonly CmKind[] = ["cm"];
