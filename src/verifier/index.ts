/** The run-time DDI rule verifier: rule catalogue, monitors over the event stream, reports. */
export { GENERAL_RULES, RULES, ruleById, SPECIFIC_RULES } from "./catalogue.ts";
export {
  type CatalogueEntry,
  catalogueEntries,
  printRules,
  registerRulesCommand,
  renderRules,
} from "./cli.ts";
export type { HostView, Site } from "./host-view.ts";
export type { NblProbe, OutstandingNbl } from "./object-states.ts";
export {
  type EventJson,
  REPORT_VERSION,
  type ReportJson,
  reportJson,
  type ViolationJson,
} from "./report-json.ts";
export { formatTextReport, formatViolation, type TextReportOptions } from "./report-text.ts";
export type {
  ContractEvent,
  Coverage,
  Finding,
  Monitor,
  Rule,
  RuleCategory,
  RuleLevel,
  Severity,
} from "./rule.ts";
export {
  type EventSource,
  type OutstandingNblReport,
  type OutstandingRequest,
  type QuiescenceResult,
  type ReplaySource,
  Verifier,
  type VerifierInit,
  type VerifierMode,
  type ViolationHandling,
} from "./verifier.ts";
export { type Replay, type TracePrefix, VerifierViolationError, type Violation } from "./violation.ts";
