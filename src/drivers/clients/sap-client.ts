/**
 * A reference CoNDIS client of the ATM address family that only registers SAPs: an {@link AfClient}
 * with no call part. It opens the Q.2931 AF when a call manager offers it, registers and
 * deregisters SAPs on request, and tears everything down when it is unbound or the call manager
 * closes the AF. Incoming calls are refused with NDIS_STATUS_NOT_SUPPORTED.
 */
import type { CO_SAP, DRIVER_INITIALIZE, NDIS_STATUS } from "../../ndis/index.ts";
import { AfClient, type CallClientSap, type ClientReport } from "./af-client.ts";

export type { ClientReport } from "./af-client.ts";

/** The client's per-SAP area (its ProtocolSapContext). */
export type ClientSapState = CallClientSap;

/** The reference SAP client. */
export class SapClient {
  /** Its binding, AF and SAPs. */
  readonly af: AfClient;

  constructor(name = "ATMCLIENT") {
    this.af = new AfClient(name);
  }

  get name(): string {
    return this.af.name;
  }

  get DriverEntry(): DRIVER_INITIALIZE {
    return this.af.DriverEntry;
  }

  get saps(): readonly CallClientSap[] {
    return this.af.saps;
  }

  get reports(): readonly ClientReport[] {
    return this.af.reports;
  }

  /** True once the AF is open. */
  get afOpen(): boolean {
    return this.af.afOpen;
  }

  /** Runs once the AF is open, inside the completion that opened it. */
  get onAfOpen(): (() => void) | undefined {
    return this.af.onAfOpen;
  }

  set onAfOpen(fn: (() => void) | undefined) {
    this.af.onAfOpen = fn;
  }

  /** NdisClRegisterSap, from the client's own thread. */
  registerSap(name: string, sap: CO_SAP): CallClientSap {
    return this.af.registerSap(name, sap);
  }

  /** NdisClDeregisterSap, from the client's own thread. */
  deregisterSap(record: CallClientSap): NDIS_STATUS {
    return this.af.deregisterSap(record);
  }
}
