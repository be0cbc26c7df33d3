// English: the notice as Vigil has always written it. The headline, the reasons and what changed
// are the English stored with the event (no `headline`, `reasons`, `changes` here).
import { LEVEL_INFO, type FigureReport } from '../../risk/index.js';
import type { NoticeStrings, SummaryFacts } from './types.js';

// The most severe kind, as the subject of the summary: "A massacre at Ogossagou …".
const KIND_NOUNS: Record<string, string> = {
  massacre: 'A massacre',
  'mass-arson': 'Mass arson',
  'identity-targeting': 'Identity-based killing',
  attack: 'An attack',
  killing: 'Killing',
  arson: 'Arson',
  looting: 'Looting',
  abduction: 'Abduction',
  siege: 'A siege or blockade',
  threat: 'A threat of attack',
  displacement: 'Displacement',
};

export const EN: NoticeStrings = {
  lang: 'en',
  levels: LEVEL_INFO,
  figures: { killed: 'Killed', injured: 'Injured', abducted: 'Abducted', homesBurned: 'Homes burned', displaced: 'Displaced' },
  victimGroups: { civilians: 'civilians', women: 'women', children: 'children', elderly: 'elderly people', people: 'people' },
  actorTypes: { 'armed-group': 'armed group', militia: 'militia', 'state-force': 'state force', other: 'other' },
  labels: {
    update: 'Update',
    revision: (n) => `revision ${n}`,
    previously: (level) => `previously ${level}`,
    eventDate: 'Event date',
    watchlist: 'Watchlist',
    where: 'Where',
    keyFigures: 'Key figures (reported)',
    accordingTo: 'according to',
    victims: 'Victims as reported',
    perpetrators: 'Named as perpetrator',
    alsoNamed: 'Also named',
    whyThisLevel: 'Why this level',
    recentHistory: (days) => `Recent history (${days} days)`,
    sources: 'Sources',
    alsoCarriedBy: 'also carried by',
    recommendedActions: 'Recommended actions',
    handling: 'Handling',
    seeAlert: 'See this alert in Vigil',
    historical: 'Reported as past violence: kept as history.',
    notVerified: 'Figures are reported figures, not independently verified.',
    whyYouReceive: (email, watchlist, minimum) => `You receive this because ${email} follows the Vigil watchlist “${watchlist}” for alerts at ${minimum} and above.`,
    manage: 'Manage your subscription',
    manageLong: 'Manage your subscription (level, cadence, language)',
    unsubscribe: 'Unsubscribe',
  },
  subject: (level, headline, risenFrom, update) => {
    if (risenFrom) return `[Vigil] ${level.toUpperCase()} (↑ from ${risenFrom}): ${headline}`;
    return `[Vigil] ${update ? 'UPDATE: ' : ''}${level.toUpperCase()}: ${headline}`;
  },
  summary,
  toll: (killed, reports) => `${range(killed)} killed reported by ${reports} source${reports === 1 ? '' : 's'}`,
  count,
  date: (value) => value.toISOString().slice(0, 10),
  confirm: {
    subject: (watchlist) => `[Vigil] Confirm your subscription to ${watchlist}`,
    title: 'Confirm your subscription',
    asked: (email, watchlist, level, cadence) => `Someone, probably you, asked Vigil to send ${email} risk alerts for the watchlist “${watchlist}” (${level} and above, ${cadence}).`,
    button: 'Confirm the subscription',
    openWithin: (hours) => `To confirm, open this link within ${hours} hours and press "Confirm":`,
    expires: (hours) => `The link works for ${hours} hours.`,
    ignore: 'If you did not ask for this, ignore this email: nothing more will be sent to you.',
    manage: 'Change what you receive',
    manageText: 'Change what you receive before or after confirming',
    cadences: { immediate: 'immediate', daily: 'daily digest' },
  },
};

// Made once: a formatter costs far more to make than to use (one per email of a fan-out).
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "A massacre at Ogossagou (Bankass cercle) on 23 November 2026, Dan Na Ambassagou named as perpetrator; 30–40 killed according to HRW and MINUSMA." */
function summary(facts: SummaryFacts): string {
  const what = facts.kind ? (KIND_NOUNS[facts.kind] ?? capitalise(facts.kind.replace(/-/g, ' '))) : 'Violence';
  const day = LONG_DATE.format(facts.eventDate);
  const by = facts.perpetrators.length > 0 ? `, ${list(facts.perpetrators)} named as perpetrator${facts.perpetrators.length > 1 ? 's' : ''}` : '';
  const toll = facts.toll ? `${range(facts.toll)} killed according to ${list(facts.toll.publishers)}` : 'no toll reported yet';
  return `${what} at ${facts.where} on ${day}${by}; ${toll}.`;
}

/** "at least 30", "about 30", "30–40", "35 (revised)", "12, for several places together" */
function count(report: FigureReport): string {
  const base = range(report);
  const qualified = { exact: base, 'at-least': `at least ${base}`, 'more-than': `more than ${base}`, 'up-to': `up to ${base}`, about: `about ${base}` }[report.qualifier];
  const approximate = report.approximate && report.qualifier !== 'about' ? `about ${qualified}` : qualified;
  return `${approximate}${report.revised ? ' (revised)' : ''}${report.shared ? ', for several places together' : ''}`;
}

function range(killed: { min: number; max: number }): string {
  return killed.min === killed.max ? `${killed.min}` : `${killed.min}–${killed.max}`;
}

function list(names: readonly string[]): string {
  if (names.length > 3) return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
