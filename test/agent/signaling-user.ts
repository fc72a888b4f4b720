/**
 * Test harness: the user side of one UNI with signalling, as a call manager runs it. ILMI on 0/16 is
 * the {@link UserHost}; on 0/5 an SscopLink under the user-side Q.2931 runtime; frames on any other VC
 * are data, logged per VC. It follows its link like the agent does (a fresh SSCOP entity per link-up,
 * call control kept, so active calls ride out an outage under T309), keeps its signalling link up
 * (establishes on link-up and again after a release), and answers calls by a policy.
 */
import { followLinkState } from "../../src/media/link-state.ts";
import type { AtmFrame, MediumPort } from "../../src/media/medium.ts";
import type { Scheduler } from "../../src/sched/index.ts";
import {
  type Call,
  CallControlRuntime,
  type CallIndication,
  type CallKey,
  type CallRequest,
  callId,
  type RequestResult,
} from "../../src/signaling/call-control/index.ts";
import { type EndSystem, ILMI_VCI, ILMI_VPI } from "../../src/signaling/ilmi/index.ts";
import {
  BearerClass,
  encodeMessage,
  type SetupIes,
  SIGNALING_VCI,
  SIGNALING_VPI,
  UserPlaneConfiguration,
} from "../../src/signaling/q2931/index.ts";
import { SscopLink, type SscopLinkEvent } from "../../src/signaling/sscop/index.ts";
import { PortDemux } from "./port-demux.ts";
import { UserHost } from "./user-host.ts";

/** How the user answers an offered call. */
export type AnswerPolicy = "accept" | "alert" | "proceed" | "reject" | "ignore";

/** Options of a signalling user. */
export interface SignalingUserInit {
  readonly name: string;
  readonly scheduler: Scheduler;
  readonly port: MediumPort;
  readonly endSystems?: readonly EndSystem[];
  /** Default "accept": CONNECT at once. */
  readonly answer?: AnswerPolicy;
  /** ilmid-style ILMI recovery (see UserHost). */
  readonly recover?: boolean;
}

/** One indication the user's call control gave, with the call it concerns. */
export interface LoggedIndication {
  readonly call: string;
  readonly indication: CallIndication;
}

/** A point-to-point (or point-to-multipoint) UBR SETUP to an AESA. */
export function setupTo(address: Uint8Array, multipoint = false): SetupIes {
  return {
    trafficDescriptor: {
      forward: { peakCellRateClp01: 353_207 },
      backward: { peakCellRateClp01: multipoint ? 0 : 353_207 },
      bestEffort: true,
    },
    bearerCapability: {
      bearerClass: BearerClass.BCOB_X,
      clipping: 0,
      userPlane: multipoint ? UserPlaneConfiguration.POINT_TO_MULTIPOINT : 0,
    },
    calledPartyNumber: { plan: 0x2, typeOfNumber: 0, address },
    qos: { forwardClass: 0, backwardClass: 0 },
  };
}

const isIlmi = (f: AtmFrame) => f.vpi === ILMI_VPI && f.vci === ILMI_VCI;
const isSignaling = (f: AtmFrame) => f.vpi === SIGNALING_VPI && f.vci === SIGNALING_VCI;

/** The user side of one UNI: ILMI, SSCOP, Q.2931 and data. */
export class SignalingUser {
  readonly name: string;
  readonly ilmi: UserHost;
  readonly runtime: CallControlRuntime;
  /** Every call indication, in order. */
  readonly log: LoggedIndication[] = [];
  /** Interface indications (restart.indication, ...), by name. */
  readonly interfaceLog: string[] = [];
  /** Data frames received, by "vpi/vci". */
  readonly data = new Map<string, Uint8Array[]>();
  /** SAAL signals seen, by name. */
  readonly saalLog: string[] = [];
  answer: AnswerPolicy;
  private readonly scheduler: Scheduler;
  private readonly port: MediumPort;
  private sscop: SscopLink | undefined;
  private established = false;
  private up = false;

  constructor(init: SignalingUserInit) {
    this.name = init.name;
    this.scheduler = init.scheduler;
    this.answer = init.answer ?? "accept";
    const demux = new PortDemux(init.port);
    this.ilmi = new UserHost({
      name: `${init.name} ilmi`,
      scheduler: init.scheduler,
      port: demux.view(isIlmi),
      endSystems: init.endSystems ?? [],
      recover: init.recover ?? false,
    });
    this.port = demux.view(() => true);
    this.runtime = new CallControlRuntime({
      config: { side: "user" },
      scheduler: init.scheduler,
      owner: `${init.name} q2931`,
      send: (message) => {
        const encoded = encodeMessage(message);
        if (!encoded.ok)
          throw new Error(`${this.name}: unencodable ${message.type}: ${encoded.error.reason}`);
        this.sscop?.send(encoded.bytes);
      },
      onIndication: (event) => {
        if (event.call === undefined) {
          this.interfaceLog.push(event.indication.name);
          if (event.indication.name === "restart.indication") this.runtime.restartResponse();
          return;
        }
        this.log.push({ call: callId(event.call), indication: event.indication });
        this.react(event.call, event.indication);
      },
    });
    // No SSCOP yet: call control waits for the link.
    this.runtime.linkReleased();
  }

  /** Attaches to the port: ILMI starts, and SSCOP is established if the link is up. */
  start(): void {
    // ILMI's view first, so that it gets the 0/16 frames before the catch-all view below.
    this.ilmi.start();
    this.port.onReceive((frame) => this.received(frame));
    this.port.onLinkState((up) => this.sync(up));
    this.sync(undefined);
  }

  /** True while SSCOP is established. */
  get signalingUp(): boolean {
    return this.established;
  }

  /** Sends raw bytes as one SD payload on the signalling link (a hand-made Q.2931 message). */
  sendSignaling(bytes: Uint8Array): boolean {
    return this.sscop?.send(bytes) ?? false;
  }

  /** Sends any frame on the port (bypassing every protocol). */
  sendRaw(frame: AtmFrame): void {
    this.port.send(frame);
  }

  /** Releases the signalling link (AAL-RELEASE.request); the harness re-establishes it at once. */
  releaseSignaling(): boolean {
    return this.sscop?.release() ?? false;
  }

  /** Calls this user's call control holds (any state but Null). */
  calls(): Call[] {
    return [...this.runtime.state.calls.values()];
  }

  /** The call with this key, if it is not in the Null state. */
  callOf(key: CallKey): Call | undefined {
    return this.runtime.state.calls.get(callId(key));
  }

  /** Indication names logged for one call. */
  indications(key: CallKey | string): string[] {
    const id = typeof key === "string" ? key : callId(key);
    return this.log.filter((l) => l.call === id).map((l) => l.indication.name);
  }

  /** The causes of the release indications of one call. */
  releaseCauses(key: CallKey | string): number[] {
    const id = typeof key === "string" ? key : callId(key);
    return this.log.flatMap((l) =>
      l.call === id && l.indication.name === "release.indication"
        ? l.indication.cause.map((c) => c.value)
        : [],
    );
  }

  /** Places a call: SETUP to the address. */
  call(address: Uint8Array, multipoint = false): RequestResult {
    return this.runtime.setup(setupTo(address, multipoint));
  }

  /** A request on one of our calls. */
  request(key: CallKey, request: CallRequest): RequestResult {
    return this.runtime.callRequest(key, request);
  }

  /** Clears a call with RELEASE. */
  release(key: CallKey, cause = 16): RequestResult {
    return this.runtime.callRequest(key, { name: "release.request", cause });
  }

  /** The VC the network assigned to a call, "vpi/vci". */
  vcOf(key: CallKey): { vpi: number; vci: number } | undefined {
    const id = this.callOf(key)?.connectionIdentifier;
    return id === undefined ? undefined : { vpi: id.vpci, vci: id.vci };
  }

  /** Sends a data frame on a call's VC; false when the call has none. */
  sendData(key: CallKey, payload: Uint8Array): boolean {
    const vc = this.vcOf(key);
    if (vc === undefined) return false;
    this.port.send({ ...vc, payload });
    return true;
  }

  /** Data frames received on a VC. */
  dataOn(vc: { vpi: number; vci: number } | undefined): Uint8Array[] {
    return vc === undefined ? [] : (this.data.get(`${vc.vpi}/${vc.vci}`) ?? []);
  }

  private react(key: CallKey, indication: CallIndication): void {
    switch (indication.name) {
      case "setup.indication":
        this.answerCall(key);
        return;
      case "add-party.indication":
        this.runtime.callRequest(key, { name: "add-party.response", party: indication.party });
        return;
      default:
        return;
    }
  }

  private answerCall(key: CallKey): void {
    switch (this.answer) {
      case "accept":
        this.runtime.callRequest(key, { name: "setup.response" });
        return;
      case "alert":
        this.runtime.callRequest(key, { name: "alerting.request" });
        this.runtime.callRequest(key, { name: "setup.response" });
        return;
      case "proceed":
        this.runtime.callRequest(key, { name: "proceeding.request" });
        return;
      case "reject":
        this.runtime.callRequest(key, { name: "reject.request", cause: 21 });
        return;
      case "ignore":
        return;
    }
  }

  private received(frame: AtmFrame): void {
    if (!this.up) this.sync(undefined);
    if (isSignaling(frame)) {
      this.sscop?.receive(frame.payload);
      return;
    }
    const key = `${frame.vpi}/${frame.vci}`;
    const list = this.data.get(key) ?? [];
    list.push(frame.payload);
    this.data.set(key, list);
  }

  private sync(notified: boolean | undefined): void {
    followLinkState(this.port.linkUp, this.up, notified, {
      up: () => this.goUp(),
      down: () => this.goDown(),
    });
  }

  private goUp(): void {
    this.up = true;
    const link: SscopLink = new SscopLink({
      scheduler: this.scheduler,
      owner: `${this.name} sscop`,
      send: (bytes) => this.port.send({ vpi: SIGNALING_VPI, vci: SIGNALING_VCI, payload: bytes }),
      onEvent: (event) => {
        if (this.sscop === link) this.saal(link, event);
      },
    });
    this.sscop = link;
    link.establish();
  }

  private goDown(): void {
    this.up = false;
    this.sscop?.close();
    this.sscop = undefined;
    if (this.established) {
      this.established = false;
      this.runtime.linkReleased();
    }
  }

  private saal(link: SscopLink, event: SscopLinkEvent): void {
    this.saalLog.push(event.name);
    switch (event.name) {
      case "AAL-ESTABLISH.indication":
      case "AAL-ESTABLISH.confirm":
        this.established = true;
        this.runtime.linkEstablished();
        return;
      case "AAL-RELEASE.indication":
      case "AAL-RELEASE.confirm":
        this.established = false;
        this.runtime.linkReleased();
        // A call manager keeps its signalling link up.
        if (this.up) link.establish();
        return;
      case "AAL-DATA.indication":
        this.runtime.receive(event.data);
        return;
      default:
        return;
    }
  }
}
