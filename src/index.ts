/**
 * condis: the NDIS DDI (functions, handler role types, structures, NDIS_STATUS values,
 * characteristics revisions) and the schedulers. Worlds, drivers, the verifier and traces have
 * their own entry points (`condis/world`, `condis/drivers`, …; see docs/api.md).
 */
export * from "./entry/revisions.ts";
export * from "./ndis/index.ts";
export * from "./sched/index.ts";
