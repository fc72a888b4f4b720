/** Per-test hooks every test file gets (vitest.config.ts setupFiles). */
import { afterEach, beforeEach } from "vitest";
import { tsharkTestEnded, tsharkTestStarted } from "./tshark.ts";

beforeEach((context) => tsharkTestStarted(context));
afterEach(() => tsharkTestEnded());
