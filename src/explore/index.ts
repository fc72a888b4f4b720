/** The explorer: scenarios, strategies, schedules, replays and their minimisation. */
export { findScenario, SCENARIOS } from "./catalogue.ts";
export { DelayBoundedSearch, prefixPickers } from "./dfs.ts";
export {
  type ExploreInit,
  type ExploreSummary,
  explore,
  type FoundViolation,
  parseShard,
  type Shard,
  shardSchedules,
} from "./explore.ts";
export {
  DEFAULT_REORDER,
  type FaultPlan,
  faultBounds,
  formatFaultPlan,
  isNoFaults,
  linkSettings,
  NO_FAULTS,
  parseFaultPlan,
} from "./faults.ts";
export {
  type MinimiseOutcome,
  minimise,
  parseReplay,
  REPLAY_FORMAT_VERSION,
  type ReplayFile,
  type ReplayOutcome,
  replayPickers,
  runReplay,
} from "./replay.ts";
export {
  type Finding,
  type Pickers,
  type RunLimits,
  type RunOptions,
  runSchedule,
  type ScheduleResult,
} from "./runner.ts";
export {
  CM_FORMS,
  type CmForm,
  type InvariantFailure,
  type Scenario,
  type ScenarioAction,
  type ScenarioInstance,
} from "./scenario.ts";
export {
  pctPickers,
  randomPickers,
  type SeededStrategy,
  STRATEGIES,
  type StrategyName,
  type StrategyOptions,
  strategyPickers,
} from "./strategies.ts";
export { type ExploreHost, type ExploreWorld, exploreWorld, type HostCallManager } from "./world.ts";
