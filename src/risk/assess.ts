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

/** The level the rules give an event's reports, or null when none reports violence. */
export function assessEvent(risk: RiskConfig, sources: readonly SourceReport[]): Assessment | null {
  const found = violenceOf(risk, sources);
  if (found.length === 0) return null;
  const killed = killedRange(sources);
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

// Revised tolls replace what came before them ("the death toll rose to 35"): the lowest figure
// is taken from the latest revision on; the highest from every report.
export function killedRange(sources: readonly SourceReport[]): KilledRange | null {
  const reported = sources.flatMap((s) => (s.figures.killed ? [{ count: s.figures.killed, by: sourceLabel(s) }] : []));
  if (reported.length === 0) return null;
  const lastRevision = reported.findLastIndex((r) => r.count.revised);
  const current = reported.slice(Math.max(0, lastRevision));
  const low = current.reduce((a, b) => (b.count.min < a.count.min ? b : a));
  const high = reported.reduce((a, b) => (b.count.max > a.count.max ? b : a));
  return { min: low.count.min, max: Math.max(high.count.max, low.count.min), minBy: low.by, maxBy: high.by, reports: reported.length };
}

interface KindFound {
  kind: string;
  term: string;
  by: string;
}

// Each kind once, with the first report that showed it; a community named as the victims of a
// killing is identity-based targeting ("civils peuls", "Dogon villagers").
function violenceOf(risk: RiskConfig, sources: readonly SourceReport[]): KindFound[] {
  const found: KindFound[] = [];
  const add = (kind: string, term: string, by: string) => {
    if (!found.some((f) => f.kind === kind)) found.push({ kind, term, by });
  };
  for (const source of sources) {
    for (const v of source.violence) add(v.kind, v.term, sourceLabel(source));
    const community = source.victims.find((v) => !NOT_COMMUNITIES.has(v));
    const needs = risk.identityTargeting.communityVictimsWith;
    if (community && source.violence.some((v) => needs.includes(v.kind))) add('identity-targeting', `${community} named as victims`, sourceLabel(source));
  }
  return found;
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
