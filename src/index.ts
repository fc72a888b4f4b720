/** condis: the public surface (the scheduler and the NDIS DDI). */
export * from "./ndis/index.ts";
export * from "./sched/index.ts";
