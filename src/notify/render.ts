// The alert notice, modelled on the Global Centre for R2P's risk notices and Genocide Watch's
// alerts: level banner with its definition, the watchlist's handling line, headline, a
// one-sentence summary, date, key figures with their source, victims as reported, perpetrators
// apart from other actors, why this level, recent history, sources, the watchlist's recommended
// actions, and a footer to leave. One template per part (HTML, text), in the subscription's
// language (strings/). Pure: takes what was loaded, returns subject, HTML and text.
import type { AlertDetail } from '../alerts/index.js';
import { FIGURES, isAtLeast, isLevel, type FigureReports, type Level } from '../risk/index.js';
import type { Templates } from '../templates.js';
import { changeFacts, revisionsOf, summaryFacts, victimsReported } from './notice-facts.js';
import { stringsFor, type NoticeStrings } from './strings/index.js';

/** An earlier alert about the same places, for the history section. */
export interface HistoryEntry {
  id: number;
  level: string;
  title: string;
  eventDate: Date;
}

export interface NoticeInput {
  alert: AlertDetail;
  /** The revision this notice tells of: the first report, or an update. */
  revision: number;
  history: HistoryEntry[];
  /** How far back the history looks (risk.historyDays). */
  historyDays?: number;
  recipient: { email: string; minLevel: string; language?: string };
  baseUrl: string;
  unsubscribeUrl: string;
  /** The preferences page of this subscription. */
  manageUrl: string;
}

export interface RenderedNotice {
  subject: string;
  html: string;
  text: string;
}

export const LEVEL_COLORS: Record<Level, string> = {
  'current-crisis': '#8b1a1a',
  'imminent-risk': '#b4461b',
  'serious-concern': '#8a6212',
  info: '#3f4b5b',
};

export function renderNotice(templates: Templates, input: NoticeInput): RenderedNotice {
  const view = noticeView(input, stringsFor(input.recipient.language ?? 'en'));
  return { subject: view.subject, html: templates.render('email/alert.html', view), text: templates.render('email/alert.txt', view) };
}

function noticeView(input: NoticeInput, s: NoticeStrings) {
  const { alert } = input;
  const level = levelOf(s, alert.level);
  const update = updateOf(alert, input.revision, s);
  const headline = s.headline?.(alert.places.map((p) => p.place.name), alert.violence, killedOf(alert), alert.actors.filter((a) => a.role === 'perpetrator').map((a) => a.actor.name)) ?? alert.title;
  const t = { ...s.labels, recentHistory: s.labels.recentHistory(input.historyDays ?? 90) };
  return {
    lang: s.lang,
    colon: colonOf(s),
    semi: semicolonOf(s),
    t,
    heads: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, typeof v === 'string' ? v.toLocaleUpperCase(s.lang) : ''])),
    subject: s.subject(level.label, headline, update?.risenFrom ?? null, update !== null),
    update,
    handling: alert.watchlist.handling?.trim() || null,
    summary: s.summary(summaryFacts(alert)),
    toll: tollOf(alert, s),
    level: { ...level, key: alert.level, upper: level.label.toLocaleUpperCase(s.lang), color: LEVEL_COLORS[isLevel(alert.level) ? alert.level : 'info'] },
    title: headline,
    eventDate: s.date(alert.eventDate),
    places: alert.places.map(({ place }) => ({ name: place.name, kind: place.kind, within: place.within.join(', ') })),
    perpetrators: actorsIn(alert, 'perpetrator', s),
    actors: actorsIn(alert, 'mentioned', s),
    victims: victimsReported(alert).map((v) => ({ group: s.victimGroups[v.group] ?? v.group, publishers: v.publishers.join(', ') })),
    figures: figuresBySource(alert, s),
    reasons: s.reasons?.(alert.reasons) ?? alert.reasons,
    history: input.history.map((h) => ({ ...h, day: s.date(h.eventDate), label: levelOf(s, h.level).label, url: alertUrl(input.baseUrl, h.id) })),
    eventDateNote: alert.historical ? s.labels.historical : null,
    sources: alert.sources.map(({ item }) => ({
      publisher: item.feed.publisher,
      title: item.title,
      link: webLink(item.link),
      day: s.date(item.publishedAt ?? item.seenAt),
      alsoCarriedBy: item.sightings.length > 0 ? [...new Set(item.sightings.map((x) => x.feed.publisher))].join(', ') : null,
    })),
    recommendedActions: alert.watchlist.recommendedActions?.trim() || null,
    watchlist: alert.watchlist,
    alertUrl: alertUrl(input.baseUrl, alert.id),
    unsubscribeUrl: input.unsubscribeUrl,
    manageUrl: input.manageUrl,
    whyYouReceive: s.labels.whyYouReceive(input.recipient.email, alert.watchlist.name, levelOf(s, input.recipient.minLevel).label),
  };
}

// A revision after the first tells what changed since the notice before it: the English stored
// with each revision since then, or the same facts said again in the subscriber's language.
function updateOf(alert: AlertDetail, revision: number, s: NoticeStrings) {
  if (revision <= 1) return null;
  const { row, told } = revisionsOf(alert, revision);
  const since = alert.revisions.filter((r) => r.revision > (told?.revision ?? 0) && r.revision <= revision);
  const toldLevel = told?.level ?? row?.previousLevel ?? null;
  // Said only when the level changed since the last notice; a fall is said, but only a rise leads the subject.
  const previousLevel = toldLevel !== null && toldLevel !== (row?.level ?? alert.level) ? toldLevel : null;
  const rose = previousLevel !== null && isLevel(previousLevel) && isLevel(alert.level) && !isAtLeast(previousLevel, alert.level);
  const changes = s.changes?.(changeFacts(alert, revision)) ?? since.flatMap((r) => r.changes);
  return {
    revision: s.labels.revision(revision),
    previously: previousLevel ? s.labels.previously(levelOf(s, previousLevel).label) : null,
    risenFrom: rose && previousLevel ? levelOf(s, previousLevel).label : null,
    changes: changes.join(semicolonOf(s)),
  };
}

function killedOf(alert: AlertDetail): { min: number; max: number } | null {
  return alert.killedMin === null ? null : { min: alert.killedMin, max: alert.killedMax ?? alert.killedMin };
}

function actorsIn(alert: AlertDetail, role: string, s: NoticeStrings): { name: string; type: string }[] {
  return alert.actors.filter((a) => a.role === role).map(({ actor }) => ({ name: actor.name, type: s.actorTypes[actor.type] ?? actor.type.replace(/-/g, ' ') }));
}

/** "30–40 killed reported by 3 sources" */
function tollOf(alert: AlertDetail, s: NoticeStrings): string | null {
  const killed = killedOf(alert);
  if (!killed) return null;
  return s.toll(killed, alert.sources.filter((x) => (x.figures as FigureReports).killed).length);
}

// Each source's own figures, side by side: reported figures are not merged or averaged.
function figuresBySource(alert: AlertDetail, s: NoticeStrings): { label: string; value: string; source: string }[] {
  return alert.sources.flatMap(({ item, figures }) =>
    FIGURES.flatMap((figure) => {
      const report = (figures as FigureReports)[figure];
      const source = item.publishedAt ? `${item.feed.publisher}, ${s.date(item.publishedAt)}` : item.feed.publisher;
      return report ? [{ label: s.figures[figure], value: s.count(report), source }] : [];
    }),
  );
}

// French sets a no-break space before a colon.
function colonOf(s: NoticeStrings): string {
  return s.lang === 'fr' ? '\u00a0:' : ':';
}

function semicolonOf(s: NoticeStrings): string {
  return s.lang === 'fr' ? '\u00a0; ' : '; ';
}

function levelOf(s: NoticeStrings, level: string) {
  return s.levels[isLevel(level) ? level : 'info'];
}

// A feed's link becomes an href only when it is http(s): a `javascript:` or `data:` link is
// shown as text, never made clickable.
function webLink(link: string | null): string | null {
  return link !== null && /^https?:\/\//i.test(link) ? link : null;
}

function alertUrl(baseUrl: string, id: number): string {
  return `${baseUrl}/alerts/${id}`;
}

/** What a confirmation email needs. */
export interface ConfirmationInput {
  email: string;
  watchlist: string;
  minLevel: string;
  cadence: string;
  language: string;
  confirmUrl: string;
  manageUrl: string;
  /** How long the link works. */
  hours: number;
}

/** The double opt-in email, in the language the subscriber chose. */
export function renderConfirmation(templates: Templates, input: ConfirmationInput): RenderedNotice {
  const s = stringsFor(input.language);
  const view = {
    lang: s.lang,
    colon: colonOf(s),
    t: { ...s.confirm, expires: s.confirm.expires(input.hours), openWithin: s.confirm.openWithin(input.hours) },
    asked: s.confirm.asked(input.email, input.watchlist, levelOf(s, input.minLevel).label, s.confirm.cadences[input.cadence] ?? input.cadence),
    confirmUrl: input.confirmUrl,
    manageUrl: input.manageUrl,
  };
  return { subject: s.confirm.subject(input.watchlist), html: templates.render('email/confirm.html', view), text: templates.render('email/confirm.txt', view) };
}
