// Risk: reads signals (kinds of violence, reported figures) from an item's matched sentences
// and gives them a level with its reasons, following the rules in config/risk.yaml. Pure.
export { assessRisk } from './assess.js';
export type { Assessment, SignalSource } from './assess.js';
export { ALERT_LEVELS, LEVELS, LEVEL_INFO, isAtLeast, isLevel } from './levels.js';
export type { AlertLevel, Level, LevelInfo } from './levels.js';
export { FIGURES, compileSignalRules, extractSignals } from './signals.js';
export type { Figure, SignalRules, Signals, ViolenceFound } from './signals.js';
export { storeSignals } from './store.js';
