// What an event is after a report: its headline, whether it changed, and whether subscribers are
// told again. They are told when the level rises or the toll changes materially (by default the
// highest figure grows by at least 20 % and at least 5); a further source alone is shown on the
// event, not mailed. Pure.
import type { RiskConfig } from '../config/index.js';
import { LEVEL_INFO, isAtLeast, type AlertLevel, type Assessment, type KilledRange } from '../risk/index.js';

/** An event's state, as a revision records it. */
export interface EventState {
  level: AlertLevel;
  killed: { min: number; max: number } | null;
  sources: number;
}

export interface RevisionDecision {
  /** What changed, in words; empty when nothing did. */
  changes: string[];
  notify: boolean;
}

/**
 * Compares an event's state before and after a report. `lastNotified` is the state subscribers
 * were last told; a material change is measured from it, so small steps add up.
 */
export function decideRevision(risk: RiskConfig, before: EventState, after: EventState, lastNotified: EventState, newSource: string | null): RevisionDecision {
  const changes: string[] = [];
  if (after.level !== before.level) changes.push(`level ${LEVEL_INFO[before.level].label} → ${LEVEL_INFO[after.level].label}`);
  if (!sameKilled(before.killed, after.killed)) changes.push(`killed ${describeRange(before.killed)} → ${describeRange(after.killed)}`);
  if (newSource) changes.push(`new source: ${newSource}`);
  const rose = !isAtLeast(lastNotified.level, after.level);
  return { changes, notify: rose || materialRise(risk, lastNotified.killed, after.killed) };
}

function materialRise(risk: RiskConfig, told: EventState['killed'], now: EventState['killed']): boolean {
  if (!now) return false;
  const before = told?.max ?? 0;
  const growth = now.max - before;
  return growth >= risk.materialChange.atLeast && growth >= before * risk.materialChange.ratio;
}

function sameKilled(a: EventState['killed'], b: EventState['killed']): boolean {
  return a?.min === b?.min && a?.max === b?.max;
}

/** "30", "30–40", "none" */
export function describeRange(killed: { min: number; max: number } | null): string {
  if (!killed) return 'none';
  return killed.min === killed.max ? `${killed.min}` : `${killed.min}–${killed.max}`;
}

/** "Ogossagou — massacre, attack: 30–40 killed (JNIM suspected)" */
export function eventHeadline(places: readonly string[], perpetrators: readonly string[], assessment: Pick<Assessment, 'violence' | 'killed'>): string {
  const kinds = assessment.violence
    .map((v) => v.replace(/-/g, ' '))
    .slice(0, 3)
    .join(', ');
  const killed = assessment.killed ? `: ${describeRange(assessment.killed)} killed` : '';
  const by = perpetrators.length > 0 ? ` (${listNames(perpetrators)} named as perpetrator)` : '';
  return `${listNames(places)} — ${kinds}${killed}${by}`;
}

export function listNames(names: readonly string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

export function killedOf(range: KilledRange | null): EventState['killed'] {
  return range ? { min: range.min, max: range.max } : null;
}
