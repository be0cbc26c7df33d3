// The kinds of violence of config/risk.yaml in French; a kind an operator added stays as named.

/** A kind of violence (config/risk.yaml `violence`): as listed in a headline, and as the subject of the summary. */
export const KINDS_FR: Record<string, { word: string; noun: string }> = {
  massacre: { word: 'massacre', noun: 'Un massacre' },
  'mass-arson': { word: 'incendie massif', noun: 'Un incendie massif' },
  'identity-targeting': { word: 'violence ciblant une communauté', noun: 'Des violences ciblant une communauté' },
  attack: { word: 'attaque', noun: 'Une attaque' },
  killing: { word: 'meurtres', noun: 'Des meurtres' },
  arson: { word: 'incendie', noun: 'Un incendie' },
  looting: { word: 'pillage', noun: 'Des pillages' },
  abduction: { word: 'enlèvement', noun: 'Des enlèvements' },
  siege: { word: 'siège ou blocus', noun: 'Un siège ou un blocus' },
  threat: { word: 'menace d’attaque', noun: 'Une menace d’attaque' },
  displacement: { word: 'déplacement', noun: 'Des déplacements' },
};
