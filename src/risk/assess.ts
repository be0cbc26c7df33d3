// The risk level of an event from all its reports, with the reasons that set it. Rules come
// from config/risk.yaml and are checked from the most severe level down; the first that fires
// wins. No violence, no level: a mere mention does not make an alert. Every reason names its
// evidence and who reported it: "13 killed (HRW, 2026-11-20)". Pure.
import type { RiskConfig } from '../config/index.js';
import { ALERT_LEVELS, type AlertLevel } from './levels.js';
import type { FigureReports } from './place-signals.js';

/** What one report (one item) said of an event. */
export interface SourceReport {
  publisher: string;
  publishedAt: Date | null;
  figures: FigureReports;
  violence: readonly { kind: string; term: string }[];
  victims: readonly string[];
}

/** The reported toll over all reports: the most conservative figure and the highest. */
export interface KilledRange {
  min: number;
  max: number;
  /** Who reported the lowest and the highest figure. */
  minBy: string;
  maxBy: string;
  /** How many reports gave a toll. */
  reports: number;
}

export interface Assessment {
  level: AlertLevel;
  /** Short, checkable sentences: what fired, what was reported and by whom. */
  reasons: string[];
  killed: KilledRange | null;
  /** Every kind of violence reported, in the order first reported. */
  violence: string[];
}

// Victims named by what they are, not by a community: these alone are not identity-based targeting.
const NOT_COMMUNITIES = new Set(['civilians', 'women', 'children', 'elderly', 'people']);

/**
 * What an event's reports add up to so far. It is kept on the event, so a further report is
 * assessed from it and itself alone, however many reports came before.
 */
export interface AssessmentState {
  /** The lowest toll since the latest revision, the highest of all, and who reported each. */
  killed: { low: number; lowBy: string; high: number; highBy: string; reports: number } | null;
  /** Each kind of violence once, with the first report that showed it. */
  violence: KindFound[];
}

export const EMPTY_ASSESSMENT: AssessmentState = { killed: null, violence: [] };

/** The state after one more report (pure; `state` is left as it was). */
export function addReport(risk: RiskConfig, state: AssessmentState, source: SourceReport): AssessmentState {
  return { killed: addKilled(state.killed, source), violence: addViolence(risk, state.violence, source) };
}

/** The level the rules give an event's reports, or null when none reports violence. */
export function assessEvent(risk: RiskConfig, sources: readonly SourceReport[]): Assessment | null {
  return assessState(
    risk,
    sources.reduce((state, source) => addReport(risk, state, source), EMPTY_ASSESSMENT),
  );
}

/** The level the rules give what the reports add up to, or null when none reports violence. */
export function assessState(risk: RiskConfig, state: AssessmentState): Assessment | null {
  const found = state.violence;
  if (found.length === 0) return null;
  const killed = rangeOf(state.killed);
  for (const level of ALERT_LEVELS) {
    const rule = risk.levels[level];
    const reasons = found.filter((v) => rule.kinds.includes(v.kind)).map((v) => `${describeKind(v.kind)}: “${v.term}” (${v.by})`);
    if (rule.killedAtLeast !== undefined && killed && killed.min >= rule.killedAtLeast) {
      reasons.unshift(`${describeKilled(killed)}, at least ${rule.killedAtLeast} in a single attack`);
    }
    if (reasons.length > 0) return { level, reasons, killed, violence: bySeverity(risk, unique(found.map((v) => v.kind))) };
  }
  return null;
}

/** `serious-concern` → `imminent-risk` → `current-crisis`, which stays. */
export function raiseLevel(level: AlertLevel): AlertLevel {
  return ALERT_LEVELS[Math.max(0, ALERT_LEVELS.indexOf(level) - 1)] as AlertLevel;
}

/** "HRW, 2026-11-20" */
export function sourceLabel(source: { publisher: string; publishedAt: Date | null }): string {
  return `${source.publisher}${source.publishedAt ? `, ${source.publishedAt.toISOString().slice(0, 10)}` : ''}`;
}

/** The reported toll over `sources`, as an event shows it. */
export function killedRange(sources: readonly SourceReport[]): KilledRange | null {
  return rangeOf(sources.reduce<AssessmentState['killed']>((killed, source) => addKilled(killed, source), null));
}

// Revised tolls replace what came before them ("the death toll rose to 35"): the lowest figure
// is taken from the latest revision on; the highest from every report. Ties keep the first.
function addKilled(killed: AssessmentState['killed'], source: SourceReport): AssessmentState['killed'] {
  const count = source.figures.killed;
  if (!count) return killed;
  const by = sourceLabel(source);
  if (!killed) return { low: count.min, lowBy: by, high: count.max, highBy: by, reports: 1 };
  const lower = count.revised || count.min < killed.low;
  const higher = count.max > killed.high;
  return {
    low: lower ? count.min : killed.low,
    lowBy: lower ? by : killed.lowBy,
    high: higher ? count.max : killed.high,
    highBy: higher ? by : killed.highBy,
    reports: killed.reports + 1,
  };
}

function rangeOf(killed: AssessmentState['killed']): KilledRange | null {
  if (!killed) return null;
  return { min: killed.low, max: Math.max(killed.high, killed.low), minBy: killed.lowBy, maxBy: killed.highBy, reports: killed.reports };
}

export interface KindFound {
  kind: string;
  term: string;
  by: string;
}

// Each kind once, with the first report that showed it; a community named as the victims of a
// killing is identity-based targeting ("civils peuls", "Dogon villagers").
function addViolence(risk: RiskConfig, found: readonly KindFound[], source: SourceReport): KindFound[] {
  const next = [...found];
  const add = (kind: string, term: string) => {
    if (!next.some((f) => f.kind === kind)) next.push({ kind, term, by: sourceLabel(source) });
  };
  for (const v of source.violence) add(v.kind, v.term);
  const community = source.victims.find((v) => !NOT_COMMUNITIES.has(v));
  if (community && source.violence.some((v) => risk.identityTargeting.communityVictimsWith.includes(v.kind))) add('identity-targeting', `${community} named as victims`);
  return next;
}

function describeKilled(killed: KilledRange): string {
  if (killed.min === killed.max) return `${killed.min} killed reported (${killed.minBy})`;
  return `${killed.min}–${killed.max} killed reported (${killed.min}: ${killed.minBy}; ${killed.max}: ${killed.maxBy})`;
}

function describeKind(kind: string): string {
  const words = kind.replace(/-/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} reported`;
}

// The kinds that set the highest levels first: "massacre, killing, attack".
function bySeverity(risk: RiskConfig, kinds: string[]): string[] {
  const rank = (kind: string) => {
    const i = ALERT_LEVELS.findIndex((level) => risk.levels[level].kinds.includes(kind));
    return i < 0 ? ALERT_LEVELS.length : i;
  };
  return [...kinds].sort((a, b) => rank(a) - rank(b));
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
