/**
 * The demo's timeline of one step. By default it tells the story: DDI calls, handlers, SAP and AF
 * state, and named signaling and ILMI frames. Routine traffic is hidden and counted: SSCOP
 * POLL/STAT keep-alives and ILMI polls together with the NBL send/receive/return lines that
 * carry them, the call's data frames (summed up in one line), and send completions. `verbose`
 * lists every event. Lines of the SAP's deregistration are marked with `»`.
 */
import type { NdisEvent } from "../ndis/index.ts";
import type { FrameNamer } from "../scenarios/frame-names.ts";
import { formatTime, timelineLine } from "../trace/timeline.ts";

/** The DDIs and handlers that move NBLs: shown with the frame they carry, hidden with a hidden one. */
const NBL_PLUMBING = new Set([
  "NdisCoSendNetBufferLists",
  "MiniportCoSendNetBufferLists",
  "NdisMCoSendNetBufferListsComplete",
  "ProtocolCoSendNetBufferListsComplete",
  "NdisMCoIndicateReceiveNetBufferLists",
  "ProtocolCoReceiveNetBufferLists",
  "NdisReturnNetBufferLists",
  "MiniportReturnNetBufferLists",
]);

type Frame = Extract<NdisEvent, { type: "frame" }>;

const plumbing = (e: NdisEvent) =>
  (e.type === "ddi-call" && NBL_PLUMBING.has(e.ddi)) ||
  (e.type === "handler-enter" && NBL_PLUMBING.has(e.handler));

/** Whether an event belongs to a SAP deregistration (marked in the timeline). */
export function isDeregistration(e: NdisEvent, frameText: string | undefined): boolean {
  if (e.type === "ddi-call") return e.ddi.includes("DeregisterSap");
  if (e.type === "handler-enter") return e.handler.includes("DeregisterSap");
  if (e.type === "state") return /^Sap /.test(e.object) && /Deregister/.test(`${e.from} ${e.to}`);
  return (frameText ?? "").includes("atmfAddressStatus") && (frameText ?? "").endsWith("invalid(2)");
}

/** One frame as a timeline line: host, direction, VC and what it carries. */
function frameLine(e: Frame, text: string): string {
  const indent = "  ".repeat(Math.max(0, e.depth - 1));
  const dir = e.direction === "tx" ? "sent" : "received";
  return `${formatTime(e.time).padStart(9)} ${indent}${e.host}: ${dir} on ${e.vpi}/${e.vci}: ${text}`;
}

/** Renders the events of one step; `namer` carries ILMI request/response pairs across steps. */
export function stepTimeline(
  events: readonly NdisEvent[],
  namer: FrameNamer,
  options: { readonly verbose: boolean; readonly mark: (line: string) => string },
): string[] {
  const lines: string[] = [];
  const hidden = { keepAlive: 0, ilmiPoll: 0, plumbing: 0 };
  const data = new Map<string, number>();
  let buffered: string[] = [];
  /** After a received frame: whether the NBL lines that follow belong to a shown frame. */
  let receiving: "shown" | "hidden" | undefined;
  const emit = (e: NdisEvent, line: string, frameText?: string) =>
    lines.push(isDeregistration(e, frameText) ? options.mark(`» ${line}`) : `  ${line}`);

  for (const e of events) {
    if (e.type === "frame") {
      const name = namer.name(e);
      if (options.verbose) {
        emit(e, frameLine(e, name.text), name.text);
        continue;
      }
      const shown = name.kind === "signaling" || name.kind === "ilmi";
      if (shown) {
        lines.push(...buffered);
        emit(e, frameLine(e, name.text), name.text);
      } else {
        hidden.plumbing += buffered.length;
        if (name.kind === "keep-alive") hidden.keepAlive++;
        else if (name.kind === "ilmi-poll") hidden.ilmiPoll++;
        else {
          const key = `${e.host} ${e.direction === "tx" ? "sent" : "received"} %n on ${e.vpi}/${e.vci}`;
          data.set(key, (data.get(key) ?? 0) + 1);
        }
      }
      buffered = [];
      receiving = e.direction === "rx" ? (shown ? "shown" : "hidden") : receiving;
      continue;
    }
    const line = timelineLine(e, options.verbose);
    if (options.verbose) {
      if (line !== undefined) emit(e, line);
      continue;
    }
    if (plumbing(e)) {
      if (line === undefined) continue;
      if (receiving === "shown") emit(e, line);
      else if (receiving === "hidden") hidden.plumbing++;
      else buffered.push(`  ${line}`);
      continue;
    }
    if (e.type === "ddi-call" || e.type === "handler-enter" || e.type === "task") {
      // Something else runs: NBL lines buffered so far carried no frame (send completions).
      receiving = undefined;
      hidden.plumbing += buffered.length;
      buffered = [];
    }
    if (line !== undefined) emit(e, line);
  }
  hidden.plumbing += buffered.length;
  if (data.size > 0)
    lines.push(
      `   data: ${[...data].map(([key, n]) => key.replace("%n", `${n} frame${n === 1 ? "" : "s"}`)).join(", ")}`,
    );
  const notShown = [
    hidden.keepAlive > 0 ? `${hidden.keepAlive} SSCOP POLL/STAT keep-alive frames` : "",
    hidden.ilmiPoll > 0 ? `${hidden.ilmiPoll} ILMI poll frames` : "",
    hidden.plumbing > 0 ? `${hidden.plumbing} NBL send/receive/return/complete lines` : "",
  ].filter((s) => s !== "");
  if (notShown.length > 0) lines.push(`   (not shown: ${notShown.join(", ")}; --verbose shows them)`);
  return lines;
}
