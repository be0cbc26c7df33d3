// French: every label and sentence of the notice and the confirmation, the level names and
// definitions, the headline and what changed rebuilt from the event's data, and the reasons
// stored in English put into French (reasons-fr.ts). Names from watchlists and feeds stay as
// written. French typography: a no-break space before « : » and « ; ».
import type { FigureReport, Level, LevelInfo } from '../../risk/index.js';
import { KINDS_FR } from './kinds-fr.js';
import { reasonsInFrench } from './reasons-fr.js';
import type { ChangeFacts, NoticeStrings, SummaryFacts } from './types.js';

const NB = '\u00a0';
// Made once: a formatter costs far more to make than to use (one per email of a fan-out).
const SHORT_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const LEVELS: Record<Level, LevelInfo> = {
  'current-crisis': {
    label: 'Crise en cours',
    definition: `Des crimes d’atrocité de masse sont en cours${NB}: un massacre, une attaque faisant de nombreux morts, l’incendie massif d’un village ou des meurtres fondés sur l’identité.`,
  },
  'imminent-risk': {
    label: 'Risque imminent',
    definition: `La situation a atteint un seuil critique${NB}: une menace d’attaque crédible, un siège ou un blocus, ou une escalade de la violence.`,
  },
  'serious-concern': {
    label: 'Grave préoccupation',
    definition: `Des violences contre des civils sans les marques d’une atrocité de masse${NB}: attaques, enlèvements, pillages ou déplacements.`,
  },
  info: { label: 'Information', definition: 'Un lieu ou un acteur surveillé est mentionné, sans violence signalée.' },
};

export const FR: NoticeStrings = {
  lang: 'fr',
  levels: LEVELS,
  figures: { killed: 'Tués', injured: 'Blessés', abducted: 'Enlevés', homesBurned: 'Habitations incendiées', displaced: 'Déplacés' },
  victimGroups: { civilians: 'civils', women: 'femmes', children: 'enfants', elderly: 'personnes âgées', people: 'personnes' },
  actorTypes: { 'armed-group': 'groupe armé', militia: 'milice', 'state-force': 'force étatique', other: 'autre' },
  labels: {
    update: 'Mise à jour',
    revision: (n) => `révision ${n}`,
    previously: (level) => `auparavant ${level}`,
    eventDate: 'Date de l’événement',
    watchlist: 'Liste de veille',
    where: 'Lieu',
    keyFigures: 'Chiffres clés (signalés)',
    accordingTo: 'selon',
    victims: 'Victimes signalées',
    perpetrators: 'Désigné comme auteur',
    alsoNamed: 'Également cités',
    whyThisLevel: 'Pourquoi ce niveau',
    recentHistory: (days) => `Historique récent (${days} jours)`,
    sources: 'Sources',
    alsoCarriedBy: 'également repris par',
    recommendedActions: 'Actions recommandées',
    handling: 'Diffusion',
    seeAlert: 'Voir cette alerte dans Vigil',
    historical: `Signalé comme une violence passée${NB}: conservé comme historique.`,
    notVerified: 'Les chiffres sont ceux que rapportent les sources, non vérifiés de manière indépendante.',
    whyYouReceive: (email, watchlist, minimum) =>
      `Vous recevez ce message parce que ${email} suit la liste de veille Vigil «${NB}${watchlist}${NB}» pour les alertes de niveau ${minimum} et au-dessus.`,
    manage: 'Gérer votre abonnement',
    manageLong: 'Gérer votre abonnement (niveau, fréquence, langue)',
    unsubscribe: 'Se désabonner',
  },
  subject: (level, headline, risenFrom, update) => {
    const upper = level.toLocaleUpperCase('fr');
    if (risenFrom) return `[Vigil] ${upper} (↑ depuis ${risenFrom})${NB}: ${headline}`;
    return `[Vigil] ${update ? `MISE À JOUR${NB}: ` : ''}${upper}${NB}: ${headline}`;
  },
  headline: (places, kinds, killed, perpetrators) => {
    const words = kinds.slice(0, 3).map((k) => KINDS_FR[k]?.word ?? k.replace(/-/g, ' '));
    const toll = killed ? `${NB}: ${dash(killed)} tués` : '';
    const by = perpetrators.length > 0 ? ` (${authors(perpetrators)}${NB}: ${list(perpetrators)})` : '';
    return `${list(places)} — ${words.join(', ')}${toll}${by}`;
  },
  reasons: reasonsInFrench,
  summary,
  toll: (killed, reports) => `${words(killed)} tués signalés par ${reports} source${reports === 1 ? '' : 's'}`,
  count,
  changes,
  date: (value) => SHORT_DATE.format(value),
  confirm: {
    subject: (watchlist) => `[Vigil] Confirmez votre abonnement à ${watchlist}`,
    title: 'Confirmez votre abonnement',
    asked: (email, watchlist, level, cadence) =>
      `Quelqu’un, sans doute vous, a demandé à Vigil d’envoyer à ${email} les alertes de risque de la liste de veille «${NB}${watchlist}${NB}» (${level} et au-dessus, ${cadence}).`,
    button: 'Confirmer l’abonnement',
    openWithin: (hours) => `Pour confirmer, ouvrez ce lien dans les ${hours} heures et validez${NB}:`,
    expires: (hours) => `Le lien est valable ${hours} heures.`,
    ignore: `Si vous n’avez rien demandé, ignorez ce message${NB}: rien d’autre ne vous sera envoyé.`,
    manage: 'Modifier ce que vous recevez',
    manageText: 'Modifier ce que vous recevez, avant ou après la confirmation',
    cadences: { immediate: 'envoi immédiat', daily: 'résumé quotidien' },
  },
};

/** « Un massacre à Ogossagou (Bankass cercle) le 23 novembre 2026, auteur désigné : Dan Na Ambassagou ; 30 à 40 tués selon HRW et la MINUSMA. » */
function summary(facts: SummaryFacts): string {
  const what = facts.kind ? (KINDS_FR[facts.kind]?.noun ?? facts.kind.replace(/-/g, ' ')) : 'Des violences';
  const day = LONG_DATE.format(facts.eventDate);
  const by = facts.perpetrators.length > 0 ? `, ${authors(facts.perpetrators)}${NB}: ${list(facts.perpetrators)}` : '';
  const toll = facts.toll ? `${words(facts.toll)} tués selon ${list(facts.toll.publishers)}` : 'aucun bilan signalé pour l’instant';
  return `${what} à ${facts.where} le ${day}${by}${NB}; ${toll}.`;
}

/** « au moins 30 », « environ 30 », « 30 à 40 », « 35 (révisé) » */
function count(report: FigureReport): string {
  const base = words(report);
  const qualified = { exact: base, 'at-least': `au moins ${base}`, 'more-than': `plus de ${base}`, 'up-to': `jusqu’à ${base}`, about: `environ ${base}` }[report.qualifier];
  const approximate = report.approximate && report.qualifier !== 'about' ? `environ ${qualified}` : qualified;
  return `${approximate}${report.revised ? ' (révisé)' : ''}${report.shared ? ', pour plusieurs lieux ensemble' : ''}`;
}

function changes(facts: ChangeFacts): string[] {
  const out: string[] = [];
  if (facts.level) out.push(`niveau ${LEVELS[facts.level.from].label} → ${LEVELS[facts.level.to].label}`);
  if (facts.killed) out.push(`tués ${facts.killed.from ? dash(facts.killed.from) : 'aucun'} → ${facts.killed.to ? dash(facts.killed.to) : 'aucun'}`);
  if (facts.newSources.length > 0) out.push(`${facts.newSources.length === 1 ? 'nouvelle source' : 'nouvelles sources'}${NB}: ${facts.newSources.join(', ')}`);
  return out;
}

function authors(names: readonly string[]): string {
  return names.length > 1 ? 'auteurs désignés' : 'auteur désigné';
}

function dash(killed: { min: number; max: number }): string {
  return killed.min === killed.max ? `${killed.min}` : `${killed.min}–${killed.max}`;
}

function words(killed: { min: number; max: number }): string {
  return killed.min === killed.max ? `${killed.min}` : `${killed.min} à ${killed.max}`;
}

function list(names: readonly string[]): string {
  if (names.length > 3) return `${names.slice(0, 3).join(', ')} et ${names.length - 3} autres`;
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} et ${names.at(-1)}`;
}
