// Risk: reads what an item reports happened at each watched place (kinds of violence, reported
// figures, victims, perpetrators, the event's date) and gives an event's reports a level with
// its reasons, following the rules in config/risk.yaml. Pure, but for storing signals.
export { actorRole, compileActorRoleRules } from './actor-role.js';
export type { ActorRole, ActorRoleRules, TextSpan } from './actor-role.js';
export { EMPTY_ASSESSMENT, addReport, assessEvent, assessState, killedRange, raiseLevel, sourceLabel } from './assess.js';
export type { Assessment, AssessmentState, KilledRange, SourceReport } from './assess.js';
export { eventDateOf, findEventDate } from './event-date.js';
export type { EventDate } from './event-date.js';
export { FIGURES } from './figures.js';
export type { Count, Figure } from './figures.js';
export { ALERT_LEVELS, LEVELS, LEVEL_INFO, isAtLeast, isLevel } from './levels.js';
export type { AlertLevel, Level, LevelInfo } from './levels.js';
export { extractPlaceSignals } from './place-signals.js';
export type { ActorNamed, CombatantReports, FigureReport, FigureReports, PlaceSignals, ReportedSignals, SignalItem, ViolenceFound } from './place-signals.js';
export { compileSignalRules } from './rules.js';
export type { SignalRules } from './rules.js';
export { extractSignals, summarizeSignals } from './signals.js';
export type { Signals } from './signals.js';
export { deleteSignals, storeSignals } from './store.js';
