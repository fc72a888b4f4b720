export { ControlledScheduler } from "./controlled.ts";
export type { ChoicePicker, ControlledSchedulerInit, Decision, RunResult, TaskPicker } from "./controlled.ts";
export { RealTimeScheduler } from "./realtime.ts";
export type { RealTimeSchedulerInit } from "./realtime.ts";
export { SeededRandom } from "./random.ts";
export { ms, seconds } from "./scheduler.ts";
export type { EnabledTask, Nanoseconds, Scheduler, TaskHandle, TaskInit } from "./scheduler.ts";
