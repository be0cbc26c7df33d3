// The four risk levels of DESIGN.md, most severe first, with the one-sentence definition every
// notice shows beside its badge.

/** The levels an alert can have; `info` is a mention without violence and makes no alert. */
export const ALERT_LEVELS = ['current-crisis', 'imminent-risk', 'serious-concern'] as const;
export const LEVELS = [...ALERT_LEVELS, 'info'] as const;
export type Level = (typeof LEVELS)[number];
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** How a level is shown to readers. */
export interface LevelInfo {
  label: string;
  definition: string;
}

export const LEVEL_INFO: Readonly<Record<Level, LevelInfo>> = {
  'current-crisis': {
    label: 'Current crisis',
    definition: 'Mass atrocity crimes are occurring: a massacre, an attack with many deaths, mass arson of a village, or identity-based killing.',
  },
  'imminent-risk': {
    label: 'Imminent risk',
    definition: 'The situation has reached a critical threshold: a credible warning of attack, a siege or blockade, or escalating violence.',
  },
  'serious-concern': {
    label: 'Serious concern',
    definition: 'Violence against civilians without the marks of a mass atrocity: attacks, abductions, looting or displacement.',
  },
  info: {
    label: 'Information',
    definition: 'A watched place or actor is mentioned, without reported violence.',
  },
};

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

/** True when `level` is as severe as `minimum` or more. */
export function isAtLeast(level: Level, minimum: Level): boolean {
  return LEVELS.indexOf(level) <= LEVELS.indexOf(minimum);
}
