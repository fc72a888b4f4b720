/**
 * Two hosts, A and B, each with the UNI call manager (stand-alone over the reference miniport, or
 * the MCM) and the reference clients (a dialer and an echo server), joined by in-memory links to
 * the network control agent, which routes SETUPs and switches the data of active calls. SSCOP
 * polls for as long as its link is up, so the scheduler never becomes idle: the world runs for
 * spans of virtual time instead.
 */
import { type Agent, type AgentEvent, createAgent } from "../../src/agent/index.ts";
import {
  type ATM_BHLI_IE,
  type ATM_BLLI_IE,
  anyBhli,
  anyBlli,
  encodeAtmSap,
} from "../../src/drivers/atm-sap.ts";
import { Dialer } from "../../src/drivers/clients/dialer.ts";
import { EchoServer } from "../../src/drivers/clients/echo-server.ts";
import { type CoMiniportInit, coMiniport } from "../../src/drivers/co-miniport/index.ts";
import {
  type UniCalls,
  type UniCmBinding,
  type UniMcmAdapter,
  uniCallManager,
  uniMcm,
} from "../../src/drivers/uni-cm/index.ts";
import { type AtmFrame, createMemoryLink, type MediumPort, type MemoryLink } from "../../src/media/index.ts";
import { type CO_SAP, createHost, type Host, type NdisEvent } from "../../src/ndis/index.ts";
import { ControlledScheduler, type Nanoseconds, seconds, type TaskPicker } from "../../src/sched/index.ts";
import { AESA_LENGTH, endSystemOf } from "../../src/signaling/q2931/index.ts";
import { Verifier } from "../../src/verifier/index.ts";

/** The network prefix of the agent's port `i`. */
export function prefixOf(i: number): Uint8Array {
  return Uint8Array.from([0x47, 0x00, 0x05, 0x80, 0xff, 0xe1, 0x00, 0x00, 0x00, 0xf2, 0x1a, 0x00, i + 1]);
}

/** The end-system identifier of host `i`. */
export function esiOf(i: number): Uint8Array {
  return Uint8Array.from([0x00, 0x20, 0x48, 0x1a, 0x2b, 0x30 + i]);
}

/** One host of the world. */
export interface CallHost {
  readonly index: number;
  readonly host: Host;
  readonly dialer: Dialer;
  readonly echo: EchoServer;
  readonly link: MemoryLink;
  readonly cmDriver: string;
  /** The calls of the host's call manager (its one binding or adapter). */
  calls(): UniCalls;
  /** The stand-alone call manager's binding, or the MCM's adapter. */
  cm(): UniCmBinding | UniMcmAdapter;
  /** The full AESA the host's SAP on selector `sel` is reached at. */
  address(sel: number): Uint8Array;
  /** A SAP on this host's ESI and selector `sel` (prefix left zero: the CM registers the network's). */
  sap(sel: number, blli?: Partial<ATM_BLLI_IE>, bhli?: ATM_BHLI_IE): CO_SAP;
  /** A SAP with no address (listens on the whole UNI). */
  anySap(blli?: Partial<ATM_BLLI_IE>, bhli?: ATM_BHLI_IE): CO_SAP;
  /** Runs `fn` as the client `name`'s own thread. */
  as<T>(name: string, fn: () => T): T;
}

/** Options of a call world. */
export interface CallWorldInit {
  readonly kind: "cm" | "mcm";
  readonly seed?: number;
  /** Options of the reference miniport (stand-alone call manager only). */
  readonly miniport?: CoMiniportInit;
  /** Per-host options of the reference miniport (A, B), instead of `miniport`. */
  readonly miniports?: readonly (CoMiniportInit | undefined)[];
  /** The agent's peak cell rate limit on both ports (cells/s; default none). */
  readonly maxPeakCellRate?: number;
  /** The echo server's answer mode on each host. */
  readonly answer?: "accept" | "reject" | "pend";
  /** Fixed propagation delay of both links (default 0: the next scheduler step). */
  readonly delay?: Nanoseconds;
  /** Picks among the tasks due at once (default: seeded). */
  readonly pickTask?: TaskPicker;
}

/**
 * Decides whether a frame between host `host` (0 is A) and the agent gets through: `toward` says
 * which end it is going to. Frames it refuses are lost as on a broken wire.
 */
export type FrameFilter = (host: number, toward: "agent" | "host", frame: AtmFrame) => boolean;

/** The world. */
export interface CallWorld {
  readonly kind: "cm" | "mcm";
  readonly scheduler: ControlledScheduler;
  readonly agent: Agent;
  readonly a: CallHost;
  readonly b: CallHost;
  readonly verifier: Verifier;
  readonly events: NdisEvent[];
  readonly agentEvents: AgentEvent[];
  /** Runs `s` seconds of virtual time (default 3). */
  run(s?: number): void;
  /** Contract events of both hosts ("code: message"). */
  contracts(): string[];
  /** Loses the frames `filter` refuses from now on (undefined: lose none). */
  filter: FrameFilter | undefined;
}

/** The agent's end of a link, passing every frame through `pass` first. */
function filtered(
  port: MediumPort,
  pass: (toward: "agent" | "host", frame: AtmFrame) => boolean,
): MediumPort {
  return {
    name: port.name,
    send: (frame) => {
      if (pass("host", frame)) port.send(frame);
    },
    onReceive: (handler) =>
      port.onReceive((frame) => {
        if (pass("agent", frame)) handler(frame);
      }),
    onLinkState: (handler) => port.onLinkState(handler),
    get linkUp() {
      return port.linkUp;
    },
    connectInterrupts: (run) => port.connectInterrupts(run),
    observeFrames: (listener) => port.observeFrames(listener),
  };
}

function buildHost(
  index: number,
  init: CallWorldInit,
  scheduler: ControlledScheduler,
  link: MemoryLink,
  events: NdisEvent[],
  verifier: Verifier,
): CallHost {
  const host = createHost({ name: index === 0 ? "A" : "B", scheduler });
  host.events.subscribe((e) => events.push(e));
  verifier.attach(host);
  const dialer = new Dialer();
  const echo = new EchoServer(init.answer === undefined ? {} : { answer: init.answer });
  let cm: () => UniCmBinding | UniMcmAdapter;
  let cmDriver: string;
  if (init.kind === "cm") {
    const driver = uniCallManager();
    host.loadDriver("ATMMINI", coMiniport(init.miniports?.[index] ?? init.miniport ?? {}).DriverEntry);
    host.loadDriver("UNICM", driver.DriverEntry);
    host.addAdapter({ name: "ATM0", miniport: "ATMMINI", attachment: link.a });
    cm = () => driver.bindings[0] as UniCmBinding;
    cmDriver = "UNICM";
  } else {
    const driver = uniMcm();
    host.loadDriver("UNIMCM", driver.DriverEntry);
    host.addAdapter({ name: "ATM0", miniport: "UNIMCM", attachment: link.a });
    cm = () => driver.adapters[0] as UniMcmAdapter;
    cmDriver = "UNIMCM";
  }
  host.loadDriver(dialer.name, dialer.DriverEntry);
  host.loadDriver(echo.name, echo.DriverEntry);
  const esi = esiOf(index);
  const sapOf = (address: Uint8Array | undefined, blli?: Partial<ATM_BLLI_IE>, bhli?: ATM_BHLI_IE) =>
    encodeAtmSap({
      Blli: { ...anyBlli(), ...blli },
      Bhli: bhli ?? anyBhli(),
      Addresses: address === undefined ? [] : [{ AddressType: 0, NumberOfDigits: 20, Address: address }],
    });
  return {
    index,
    host,
    dialer,
    echo,
    link,
    cmDriver,
    cm,
    calls: () => cm().uni.calls,
    address: (sel) => Uint8Array.from([...prefixOf(index), ...esi, sel]),
    sap: (sel, blli, bhli) => {
      const address = new Uint8Array(AESA_LENGTH);
      endSystemOf(address).set([...esi, sel]);
      return sapOf(address, blli, bhli);
    },
    anySap: (blli, bhli) => sapOf(undefined, blli, bhli),
    as: (name, fn) => host.runAs(name, fn),
  };
}

/** Builds the world and runs it until both hosts have their AF open and signaling up. */
export function callWorld(init: CallWorldInit): CallWorld {
  const scheduler = new ControlledScheduler({
    seed: init.seed ?? 1,
    ...(init.pickTask === undefined ? {} : { pickTask: init.pickTask }),
  });
  const links = [0, 1].map((i) =>
    createMemoryLink({
      name: `uni${i}`,
      scheduler,
      ...(init.delay === undefined ? {} : { delay: init.delay }),
    }),
  );
  let filter: FrameFilter | undefined;
  const agent = createAgent({
    name: "switch",
    scheduler,
    ports: links.map((l, i) => ({
      port: filtered(l.b, (toward, frame) => filter === undefined || filter(i, toward, frame)),
      prefix: prefixOf(i),
      ...(init.maxPeakCellRate === undefined ? {} : { maxPeakCellRate: init.maxPeakCellRate }),
    })),
  });
  const agentEvents: AgentEvent[] = [];
  agent.onEvent((e) => agentEvents.push(e));
  const verifier = new Verifier({ mode: "strict", replay: scheduler });
  const events: NdisEvent[] = [];
  const [la, lb] = links as [MemoryLink, MemoryLink];
  const a = buildHost(0, init, scheduler, la, events, verifier);
  const b = buildHost(1, init, scheduler, lb, events, verifier);
  agent.start();
  const w: CallWorld = {
    kind: init.kind,
    scheduler,
    agent,
    a,
    b,
    verifier,
    events,
    agentEvents,
    run: (s = 3) => {
      scheduler.runUntil(scheduler.now() + seconds(s), 2_000_000);
    },
    contracts: () => events.flatMap((e) => (e.type === "contract" ? [`${e.code}: ${e.message}`] : [])),
    get filter() {
      return filter;
    },
    set filter(f) {
      filter = f;
    },
  };
  w.run(3);
  return w;
}
