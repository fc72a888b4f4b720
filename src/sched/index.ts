export type { ChoicePicker, ControlledSchedulerInit, Decision, RunResult, TaskPicker } from "./controlled.ts";
export { ControlledScheduler } from "./controlled.ts";
export type { DecisionLogLimits } from "./decision-log.ts";
export { SeededRandom } from "./random.ts";
export type { RealTimeSchedulerInit } from "./realtime.ts";
export { RealTimeScheduler } from "./realtime.ts";
export type { EnabledTask, Nanoseconds, Scheduler, TaskHandle, TaskInit } from "./scheduler.ts";
export { ms, seconds } from "./scheduler.ts";
