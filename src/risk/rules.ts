// The word lists and thresholds of config/risk.yaml, compiled once per configuration for the
// signal readers (violence kinds, figures and victims, actors' roles).
import type { RiskConfig } from '../config/index.js';
import { compilePhrases, type PhraseIndex } from '../text/index.js';
import { compileActorRoleRules, type ActorRoleRules } from './actor-role.js';
import { compileFigureRules, type FigureRules } from './figures.js';

export interface SignalRules {
  violence: PhraseIndex<string>;
  figures: FigureRules;
  actorRoles: ActorRoleRules;
  figuresNeed: RiskConfig['figuresNeed'];
}

export function compileSignalRules(risk: RiskConfig): SignalRules {
  const violence = Object.entries(risk.violence).flatMap(([kind, terms]) => terms.map((phrase) => ({ phrase, value: kind })));
  return {
    violence: compilePhrases(violence),
    figures: compileFigureRules(risk),
    actorRoles: compileActorRoleRules(risk),
    figuresNeed: risk.figuresNeed,
  };
}
