/** condis: the public surface. */
export * from "./sched/index.ts";
