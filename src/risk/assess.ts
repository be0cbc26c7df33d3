// The risk level of an item's signals, with the reasons that set it. Rules come from
// config/risk.yaml and are checked from the most severe level down; the first that fires wins.
// No violence, no level: a mere mention does not make an alert.
import type { RiskConfig } from '../config/index.js';
import { ALERT_LEVELS, type AlertLevel } from './levels.js';
import type { Signals } from './signals.js';

/** Who reported the signals, for the reasons' wording. */
export interface SignalSource {
  publisher: string;
  publishedAt: Date | null;
}

export interface Assessment {
  level: AlertLevel;
  /** Short, checkable sentences: what fired, what was reported and by whom. */
  reasons: string[];
}

/** The level the rules give these signals, or null when no violence was reported. */
export function assessRisk(risk: RiskConfig, signals: Signals, source: SignalSource): Assessment | null {
  // A toll without a word of violence is a health or disaster report, not an atrocity.
  if (signals.violence.length === 0) return null;
  const by = `${source.publisher}${source.publishedAt ? `, ${source.publishedAt.toISOString().slice(0, 10)}` : ''}`;
  for (const level of ALERT_LEVELS) {
    const rule = risk.levels[level];
    const reasons = signals.violence.filter((v) => rule.kinds.includes(v.kind)).map((v) => `${describeKind(v.kind)}: “${v.term}” (${by})`);
    const killed = signals.figures.killed;
    if (rule.killedAtLeast !== undefined && killed !== null && killed >= rule.killedAtLeast) {
      reasons.unshift(`${killed} killed reported, at least ${rule.killedAtLeast} in a single attack (${by})`);
    }
    if (reasons.length > 0) return { level, reasons };
  }
  return null;
}

function describeKind(kind: string): string {
  const words = kind.replace(/-/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} reported`;
}
