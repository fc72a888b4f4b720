/**
 * Test fixture for calls: an agent with N ports, each joined by an in-memory link to a signalling
 * user (ILMI + SSCOP + user-side Q.2931) that registers one end system. SSCOP polls for as long as a
 * link is up, so the scheduler is never idle: the world runs for spans of virtual time instead.
 */
import { expect } from "vitest";
import { type Agent, type AgentEvent, createAgent, type SignalingTiming } from "../../src/agent/index.ts";
import { createMemoryLink, type MemoryLink } from "../../src/media/index.ts";
import { ControlledScheduler, seconds } from "../../src/sched/index.ts";
import type { CallKey } from "../../src/signaling/call-control/index.ts";
import { formAddress } from "../../src/signaling/ilmi/index.ts";
import { decodeMessage } from "../../src/signaling/q2931/index.ts";
import { decodePdu } from "../../src/signaling/sscop/index.ts";
import { type AnswerPolicy, SignalingUser } from "./signaling-user.ts";
import { endSystem, prefix } from "./switch-world.ts";

/** Options of a call world. */
export interface CallWorldInit {
  readonly ports: number;
  readonly seed?: number;
  /** How each user answers calls (default "accept"). */
  readonly answer?: readonly AnswerPolicy[];
  /** ilmid-style ILMI recovery in every user (needed when frames may be lost). */
  readonly recover?: boolean;
  /** The agent's SSCOP and Q.2931 timers. */
  readonly signalingTiming?: SignalingTiming;
  /** Each port's peak cell rate limit (cells/s; absent or undefined: none). */
  readonly maxPeakCellRate?: readonly (number | undefined)[];
}

/** An agent, its links and the signalling users on their far ends. */
export interface CallWorld {
  readonly scheduler: ControlledScheduler;
  readonly agent: Agent;
  readonly links: readonly MemoryLink[];
  readonly users: readonly SignalingUser[];
  readonly events: AgentEvent[];
  /** The address user `i` registers: port i's prefix, end system i. */
  address(i: number): Uint8Array;
  /** Runs `s` seconds of virtual time. */
  run(s?: number): void;
  /** The user on port `i` (throws if there is none). */
  user(i: number): SignalingUser;
}

/** Builds and starts a call world, and runs it until every user is registered and signalling. */
export function callWorld(init: CallWorldInit): CallWorld {
  const scheduler = new ControlledScheduler({ seed: init.seed ?? 1 });
  const links = Array.from({ length: init.ports }, (_, i) =>
    createMemoryLink({ name: `uni${i}`, scheduler }),
  );
  const agent = createAgent({
    name: "switch",
    scheduler,
    ports: links.map((link, i) => {
      const limit = init.maxPeakCellRate?.[i];
      return {
        port: link.a,
        prefix: prefix(i + 1),
        ...(limit === undefined ? {} : { maxPeakCellRate: limit }),
      };
    }),
    ...(init.signalingTiming === undefined ? {} : { signalingTiming: init.signalingTiming }),
  });
  const events: AgentEvent[] = [];
  agent.onEvent((e) => events.push(e));
  const users = links.map(
    (link, i) =>
      new SignalingUser({
        name: `user${i}`,
        scheduler,
        port: link.b,
        endSystems: [endSystem(i)],
        answer: init.answer?.[i] ?? "accept",
        recover: init.recover ?? false,
      }),
  );
  agent.start();
  for (const user of users) user.start();
  const w: CallWorld = {
    scheduler,
    agent,
    links,
    users,
    events,
    address: (i) => {
      const es = endSystem(i);
      return formAddress(prefix(i + 1), es.esi, es.sel);
    },
    run: (s = 5) => {
      scheduler.runUntil(scheduler.now() + seconds(s), 2_000_000);
    },
    user: (i) => {
      const user = users[i];
      if (user === undefined) throw new Error(`no user ${i}`);
      return user;
    },
  };
  w.run(5);
  const view = agent.view();
  expect(view.addresses).toHaveLength(init.ports);
  expect(view.ports.every((p) => p.signaling === "DataTransferReady")).toBe(true);
  expect(users.every((u) => u.signalingUp)).toBe(true);
  return w;
}

/** The only call key of a user's log whose first indication is `name` (throws otherwise). */
export function onlyCall(user: SignalingUser): string {
  const ids = [...new Set(user.log.map((l) => l.call))];
  if (ids.length !== 1) throw new Error(`${user.name}: expected one call, saw ${ids.join(", ") || "none"}`);
  return ids[0] as string;
}

/** True for the clearing call states (U11/U12, N11/N12), in which release.request is refused. */
export function isClearingState(state: number): boolean {
  return state === 11 || state === 12;
}

/** The agent events of one kind. */
export function ofKind<K extends AgentEvent["kind"]>(events: readonly AgentEvent[], kind: K) {
  return events.filter((e): e is Extract<AgentEvent, { kind: K }> => e.kind === kind);
}

/** The Q.2931 messages the agent sent (out) or received (in) on a port, by name. */
export function q2931(events: readonly AgentEvent[], port: number, direction: "in" | "out"): string[] {
  return ofKind(events, "frame").flatMap((f) => {
    if (f.port !== port || f.direction !== direction || f.vpi !== 0 || f.vci !== 5) return [];
    const pdu = decodePdu(f.payload);
    if (!pdu.ok || pdu.value.type !== "SD") return [];
    const m = decodeMessage(pdu.value.data);
    return m.ok ? [m.message.type] : ["?"];
  });
}

/** Places a call from user `from` to the address of user `to`; returns the caller's call key. */
export function dial(w: CallWorld, from: number, to: number): CallKey {
  const made = w.user(from).call(w.address(to));
  if (!made.ok || made.call === undefined) throw new Error(`setup refused: ${made.ok ? "" : made.reason}`);
  return made.call;
}

/** Sets up an active call from port 0 to port 1; returns both users' keys. */
export function activeCall(w: CallWorld): { caller: CallKey; called: CallKey } {
  const caller = dial(w, 0, 1);
  w.run(1);
  const called = w.user(1).calls()[0]?.key;
  if (called === undefined) throw new Error("the called user has no call");
  expect(w.user(0).callOf(caller)?.state).toBe(10);
  expect(w.user(1).callOf(called)?.state).toBe(10);
  return { caller, called };
}
