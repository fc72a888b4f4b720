import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sched/scheduler.ts";
import { addressSetRequest, getResponseTo } from "../../../src/signaling/ilmi/ilmi-message.ts";
import { AtmfStatus } from "../../../src/signaling/ilmi/ilmi-mib.ts";
import {
  emptyRequestTable,
  expireRequest,
  forgetAll,
  type IlmiTiming,
  issueRequest,
  matchResponse,
} from "../../../src/signaling/ilmi/ilmi-requests.ts";
import { ADDRESS } from "./fixtures.ts";

const timing: IlmiTiming = { responseTimeout: seconds(2), maxAttempts: 3 };
const build = (id: number) => addressSetRequest(id, ADDRESS, AtmfStatus.valid);

describe("ILMI request matcher", () => {
  it("allocates request-ids, sends and starts the response timer", () => {
    const first = issueRequest(emptyRequestTable<string>(7), build, "a", timing);
    expect(first.request.requestId).toBe(7);
    expect(first.effects).toEqual([
      { kind: "send", message: build(7) },
      { kind: "startTimer", timer: "ilmiResponse", requestId: 7, delay: seconds(2) },
    ]);
    const second = issueRequest(first.table, build, "b", timing);
    expect(second.request.requestId).toBe(8);
    expect([...second.table.pending.keys()]).toEqual([7, 8]);
  });

  it("wraps the request-id after 2^31-1 back to 1", () => {
    const step = issueRequest(emptyRequestTable<string>(0x7fff_ffff), build, "a", timing);
    expect(step.table.nextRequestId).toBe(1);
  });

  it("matches a GetResponse by request-id, stops its timer and forgets it", () => {
    const issued = issueRequest(emptyRequestTable<string>(), build, "ctx", timing);
    const request = issued.request.message.pdu;
    if (request.type === "trap") throw new Error("unexpected");
    const matched = matchResponse(issued.table, getResponseTo(request));
    expect(matched.request?.context).toBe("ctx");
    expect(matched.effects).toEqual([{ kind: "stopTimer", timer: "ilmiResponse", requestId: 1 }]);
    expect(matched.table.pending.size).toBe(0);
    // A duplicate answer then matches nothing.
    expect(matchResponse(matched.table, getResponseTo(request)).request).toBeUndefined();
  });

  it("ignores responses to unknown request-ids and non-responses", () => {
    const issued = issueRequest(emptyRequestTable<string>(), build, "ctx", timing);
    expect(matchResponse(issued.table, build(1)).request).toBeUndefined();
    const other = build(99).pdu;
    if (other.type === "trap") throw new Error("unexpected");
    const unmatched = matchResponse(issued.table, getResponseTo(other));
    expect(unmatched.request).toBeUndefined();
    expect(unmatched.table).toBe(issued.table);
  });

  it("retransmits with the same request-id until maxAttempts, then gives up", () => {
    let table = issueRequest(emptyRequestTable<string>(), build, "ctx", timing).table;
    for (let attempt = 2; attempt <= 3; attempt++) {
      const step = expireRequest(table, 1, timing);
      expect(step.gaveUp).toBe(false);
      expect(step.request?.attempts).toBe(attempt);
      expect(step.effects).toEqual([
        { kind: "send", message: build(1) },
        { kind: "startTimer", timer: "ilmiResponse", requestId: 1, delay: seconds(2) },
      ]);
      table = step.table;
    }
    const last = expireRequest(table, 1, timing);
    expect(last.gaveUp).toBe(true);
    expect(last.effects).toEqual([]);
    expect(last.table.pending.size).toBe(0);
    expect(expireRequest(last.table, 1, timing)).toMatchObject({ gaveUp: false, effects: [] });
  });

  it("forgets everything at once with one stopTimer per request", () => {
    let table = emptyRequestTable<string>();
    for (const ctx of ["a", "b", "c"]) table = issueRequest(table, build, ctx, timing).table;
    const step = forgetAll(table);
    expect(step.effects.map((e) => e.kind === "stopTimer" && e.requestId)).toEqual([1, 2, 3]);
    expect(step.table.pending.size).toBe(0);
    expect(step.table.nextRequestId).toBe(4);
  });
});
