// The alert notice, modelled on the Global Centre for R2P's risk notices and Genocide Watch's
// alerts: level banner with its definition, headline, date, key figures with their source,
// actors, why this level, recent history, sources, the watchlist's recommended actions, and a
// footer to leave. Pure: takes what was loaded, returns subject, HTML and text.
import { describeRange, type AlertDetail } from '../alerts/index.js';
import { FIGURES, LEVEL_INFO, isLevel, sourceLabel, type Figure, type FigureReport, type FigureReports, type Level } from '../risk/index.js';
import type { Templates } from '../templates.js';

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
  recipient: { email: string; minLevel: string };
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

const FIGURE_LABELS: Record<Figure, string> = {
  killed: 'Killed',
  injured: 'Injured',
  abducted: 'Abducted',
  homesBurned: 'Homes burned',
  displaced: 'Displaced',
};

export const LEVEL_COLORS: Record<Level, string> = {
  'current-crisis': '#8b1a1a',
  'imminent-risk': '#b4461b',
  'serious-concern': '#8a6212',
  info: '#3f4b5b',
};

/**
 * The change leads: `[Vigil] CURRENT CRISIS (↑ from Imminent risk): …` when the level rose,
 * `[Vigil] UPDATE: CURRENT CRISIS: …` for a revised toll, `[Vigil] CURRENT CRISIS: …` first.
 */
function noticeSubject(level: string, title: string, update: Update | null): string {
  const label = levelInfo(level).label.toUpperCase();
  if (update?.previousLevel && update.previousLevel !== level) return `[Vigil] ${label} (↑ from ${levelInfo(update.previousLevel).label}): ${title}`;
  return `[Vigil] ${update ? 'UPDATE: ' : ''}${label}: ${title}`;
}

interface Update {
  revision: number;
  previousLevel: string | null;
  previousLabel: string | null;
  changes: string;
}

// A revision after the first tells what changed since the notice before it.
function updateOf(alert: AlertDetail, revision: number): Update | null {
  if (revision <= 1) return null;
  const row = alert.revisions.find((r) => r.revision === revision);
  const told = alert.revisions.filter((r) => r.notified && r.revision < revision).at(-1);
  const since = alert.revisions.filter((r) => r.revision > (told?.revision ?? 0) && r.revision <= revision);
  const toldLevel = told?.level ?? row?.previousLevel ?? null;
  // Said only when the level changed since the last notice.
  const previousLevel = toldLevel !== null && toldLevel !== (row?.level ?? alert.level) ? toldLevel : null;
  return {
    revision,
    previousLevel,
    previousLabel: previousLevel ? levelInfo(previousLevel).label : null,
    changes: since.flatMap((r) => r.changes).join('; '),
  };
}

export function renderNotice(templates: Templates, input: NoticeInput): RenderedNotice {
  const view = noticeView(input);
  return { subject: view.subject, html: templates.render('email/alert.html', view), text: templates.render('email/alert.txt', view) };
}

function noticeView(input: NoticeInput) {
  const { alert } = input;
  const level = levelInfo(alert.level);
  const minimum = levelInfo(input.recipient.minLevel);
  const update = updateOf(alert, input.revision);
  return {
    subject: noticeSubject(alert.level, alert.title, update),
    update,
    toll: tollOf(alert),
    level: { ...level, key: alert.level, upper: level.label.toUpperCase(), color: LEVEL_COLORS[isLevel(alert.level) ? alert.level : 'info'] },
    title: alert.title,
    eventDate: alert.eventDate,
    places: alert.places.map(({ place }) => ({ name: place.name, kind: place.kind, within: place.within.join(', ') })),
    perpetrators: actorsIn(alert, 'perpetrator'),
    actors: actorsIn(alert, 'mentioned'),
    figures: figuresBySource(alert),
    reasons: alert.reasons,
    history: input.history.map((h) => ({ ...h, label: levelInfo(h.level).label, url: alertUrl(input.baseUrl, h.id) })),
    eventDateNote: alert.historical ? 'Reported as past violence: kept as history.' : null,
    sources: alert.sources.map(({ item }) => ({
      publisher: item.feed.publisher,
      title: item.title,
      link: item.link,
      date: item.publishedAt ?? item.seenAt,
      alsoCarriedBy: item.sightings.length > 0 ? [...new Set(item.sightings.map((s) => s.feed.publisher))].join(', ') : null,
    })),
    recommendedActions: alert.watchlist.recommendedActions?.trim() || null,
    watchlist: alert.watchlist,
    alertUrl: alertUrl(input.baseUrl, alert.id),
    unsubscribeUrl: input.unsubscribeUrl,
    manageUrl: input.manageUrl,
    recipient: { email: input.recipient.email, minimum: minimum.label },
  };
}

function actorsIn(alert: AlertDetail, role: string): { name: string; type: string }[] {
  return alert.actors.filter((a) => a.role === role).map(({ actor }) => ({ name: actor.name, type: actor.type.replace(/-/g, ' ') }));
}

/** "30–40 killed reported by 3 sources" */
function tollOf(alert: AlertDetail): string | null {
  if (alert.killedMin === null) return null;
  const reports = alert.sources.filter((s) => (s.figures as FigureReports).killed).length;
  const range = describeRange({ min: alert.killedMin, max: alert.killedMax ?? alert.killedMin });
  return `${range} killed reported by ${reports} source${reports === 1 ? '' : 's'}`;
}

// Each source's own figures, side by side: reported figures are not merged or averaged.
function figuresBySource(alert: AlertDetail): { label: string; value: string; source: string }[] {
  return alert.sources.flatMap(({ item, figures }) =>
    FIGURES.flatMap((figure) => {
      const report = (figures as FigureReports)[figure];
      return report ? [{ label: FIGURE_LABELS[figure], value: describeCount(report), source: sourceLabel({ publisher: item.feed.publisher, publishedAt: item.publishedAt }) }] : [];
    }),
  );
}

/** "at least 30", "about 30", "30–40", "35 (revised)", "12, for several places together" */
function describeCount(report: FigureReport): string {
  const base = report.min === report.max ? `${report.min}` : `${report.min}–${report.max}`;
  const qualified = { exact: base, 'at-least': `at least ${base}`, 'more-than': `more than ${base}`, 'up-to': `up to ${base}`, about: `about ${base}` }[report.qualifier];
  const approximate = report.approximate && report.qualifier !== 'about' ? `about ${qualified}` : qualified;
  return `${approximate}${report.revised ? ' (revised)' : ''}${report.shared ? ', for several places together' : ''}`;
}

function levelInfo(level: string) {
  return LEVEL_INFO[isLevel(level) ? level : 'info'];
}

function alertUrl(baseUrl: string, id: number): string {
  return `${baseUrl}/alerts/${id}`;
}
