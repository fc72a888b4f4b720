import { describe, expect, it } from "vitest";
import { NDIS_STATUS_FAILURE, NDIS_STATUS_SUCCESS } from "../../src/ndis/index.ts";
import { encodePdu } from "../../src/signaling/sscop/index.ts";
import { atmSap, registeredAddress, type UniWorld, uniWorld } from "../support/uni-world.ts";

const SECOND = 1_000_000_000n;
const run = (w: UniWorld, seconds: number) =>
  w.scheduler.runUntil(w.scheduler.now() + BigInt(seconds) * SECOND);
const completions = (w: UniWorld, name: string) =>
  w.client.reports.filter((r) => r.sap === name && (r.what === "sap-registered" || r.what === "sap-failed"));

describe.each(["cm", "mcm"] as const)(
  "UNI call manager (%s): a SAP registered at any moment completes",
  (kind) => {
    it("a client that registers its SAP as soon as the AF opens (before ILMI is up) gets it registered", () => {
      const w = uniWorld({ kind, seed: 1, onAfOpen: (c) => c.registerSap("early", atmSap(1)) });
      const sap = w.client.saps[0];
      expect(sap?.name).toBe("early");
      expect(sap?.state).toBe("registered");
      expect(completions(w, "early").map((r) => r.status)).toEqual([NDIS_STATUS_SUCCESS]);
      expect(w.agent.view().addresses).toEqual([{ address: registeredAddress(1), port: 0 }]);
      expect(w.verifier.violations()).toEqual([]);
    });

    it("during an SSCOP reset (the network ends the signaling link): registered once, SSCOP comes back", () => {
      const w = uniWorld({ kind });
      const before = w.uni()?.calls.signaling?.counters.releases ?? 0;
      // END from the network on 0/5: the call manager's SSCOP is released and established again later.
      w.link.b.send({
        vpi: 0,
        vci: 5,
        payload: encodePdu({ type: "END", source: "sscop", uu: new Uint8Array() }),
      });
      const sap = w.asClient(() => w.client.registerSap("s", atmSap(2)));
      w.settle();
      expect(w.uni()?.calls.signaling?.counters.releases).toBe(before + 1);
      expect(w.uni()?.calls.signaling?.phase).toBe("DataTransferReady");
      expect(sap.state).toBe("registered");
      expect(completions(w, "s").map((r) => r.status)).toEqual([NDIS_STATUS_SUCCESS]);
      expect(w.agent.view().addresses).toEqual([{ address: registeredAddress(2), port: 0 }]);
    });

    it("while the link is down: pended; registered once the link is back and the prefix learnt", () => {
      const w = uniWorld({ kind });
      w.link.down();
      run(w, 1);
      const sap = w.asClient(() => w.client.registerSap("s", atmSap(3)));
      run(w, 20);
      expect(sap.state).toBe("registering");
      w.link.up();
      w.settle();
      expect(sap.state).toBe("registered");
      expect(completions(w, "s").map((r) => r.status)).toEqual([NDIS_STATUS_SUCCESS]);
      expect(w.agent.view().addresses).toEqual([{ address: registeredAddress(3), port: 0 }]);
    });

    it("the link down past the registration deadline (30 s): FAILURE once, and nothing registered later", () => {
      const w = uniWorld({ kind });
      w.link.down();
      run(w, 1);
      const sap = w.asClient(() => w.client.registerSap("s", atmSap(3)));
      run(w, 29);
      expect(sap.state).toBe("registering");
      run(w, 2);
      expect(sap.state).toBe("failed");
      expect(sap.lastStatus).toBe(NDIS_STATUS_FAILURE);
      w.link.up();
      w.settle();
      expect(completions(w, "s").map((r) => r.status)).toEqual([NDIS_STATUS_FAILURE]);
      expect(w.agent.view().addresses).toEqual([]);
      expect(w.host.snapshot().saps).toEqual([]);
    });

    it.each([0, 2, 4, 8])(
      "during an agent restart (%i steps after the registration): registered once",
      (steps) => {
        const w = uniWorld({ kind });
        const sap = w.asClient(() => w.client.registerSap("s", atmSap(4)));
        for (let i = 0; i < steps; i++) w.scheduler.step();
        w.agent.restart();
        w.settle();
        expect(sap.state).toBe("registered");
        expect(completions(w, "s").map((r) => r.status)).toEqual([NDIS_STATUS_SUCCESS]);
        expect(w.agent.view().addresses).toEqual([{ address: registeredAddress(4), port: 0 }]);
        expect(w.verifier.violations()).toEqual([]);
      },
    );

    it("the agent silent: FAILURE once after the ILMI retry budget (4 × 2 s); nothing left registered", () => {
      const w = uniWorld({ kind });
      w.link.setFaults({ drop: 1000 });
      const sap = w.asClient(() => w.client.registerSap("s", atmSap(5)));
      run(w, 7);
      expect(sap.state).toBe("registering");
      run(w, 2);
      expect(sap.state).toBe("failed");
      expect(sap.lastStatus).toBe(NDIS_STATUS_FAILURE);
      w.link.setFaults({});
      w.settle();
      expect(completions(w, "s")).toHaveLength(1);
      expect(w.agent.view().addresses).toEqual([]);
    });
  },
);

describe.each(["cm", "mcm"] as const)("UNI call manager (%s): link reports overtaking each other", (kind) => {
  it.each(Array.from({ length: 16 }, (_, i) => i + 1))(
    "seed %i: down then up at once (the down report may arrive last): registered again, agent agrees",
    (seed) => {
      const w = uniWorld({ kind, seed });
      const sap = w.asClient(() => w.client.registerSap("s", atmSap(6)));
      w.settle();
      w.link.down();
      w.link.up();
      w.settle();
      expect(sap.state).toBe("registered");
      expect(w.agent.view().addresses).toEqual([{ address: registeredAddress(6), port: 0 }]);
    },
  );
});
