/** A world with a strict verifier attached, and the handles the misuse tests pass. */
import type { NdisHandle } from "../../src/ndis/index.ts";
import { Verifier } from "../../src/verifier/index.ts";
import { makeWorld, type World } from "../support/world.ts";

/** A world with a strict verifier attached; `found()` lists "rule-id rule-name: message". */
export function checked(w: World = makeWorld()) {
  const verifier = new Verifier({ mode: "strict", replay: w.scheduler });
  verifier.attach(w.host);
  return {
    w,
    found: () => verifier.violations().map((v) => `${v.rule.id} ${v.rule.name}: ${v.message}`),
    drivers: () => verifier.violations().map((v) => v.driver),
  };
}

export const binding = (w: World) => w.client.bindings[0]!.handle as NdisHandle<"Binding">;
export const cmBinding = (w: World) => w.cm!.bindings[0]!.handle as NdisHandle<"Binding">;
