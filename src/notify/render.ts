// The alert notice, modelled on the Global Centre for R2P's risk notices and Genocide Watch's
// alerts: level banner with its definition, headline, date, key figures with their source,
// actors, why this level, recent history, sources, the watchlist's recommended actions, and a
// footer to leave. Pure: takes what was loaded, returns subject, HTML and text.
import type { AlertDetail } from '../alerts/index.js';
import { FIGURES, LEVEL_INFO, isLevel, type Figure, type Level } from '../risk/index.js';
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
  history: HistoryEntry[];
  recipient: { email: string; minLevel: string };
  baseUrl: string;
  unsubscribeUrl: string;
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

const LEVEL_COLORS: Record<Level, string> = {
  'current-crisis': '#8b1a1a',
  'imminent-risk': '#b4461b',
  'serious-concern': '#8a6212',
  info: '#3f4b5b',
};

/** `[Vigil] CURRENT CRISIS: Ogossagou — massacre: 32 killed` */
function noticeSubject(level: string, title: string): string {
  return `[Vigil] ${levelInfo(level).label.toUpperCase()}: ${title}`;
}

export function renderNotice(templates: Templates, input: NoticeInput): RenderedNotice {
  const view = noticeView(input);
  return { subject: view.subject, html: templates.render('email/alert.html', view), text: templates.render('email/alert.txt', view) };
}

function noticeView(input: NoticeInput) {
  const { alert } = input;
  const level = levelInfo(alert.level);
  const minimum = levelInfo(input.recipient.minLevel);
  return {
    subject: noticeSubject(alert.level, alert.title),
    level: { ...level, key: alert.level, upper: level.label.toUpperCase(), color: LEVEL_COLORS[isLevel(alert.level) ? alert.level : 'info'] },
    title: alert.title,
    eventDate: alert.eventDate,
    places: alert.places.map(({ place }) => ({ name: place.name, kind: place.kind, within: place.within.join(', ') })),
    actors: alert.actors.map(({ actor }) => ({ name: actor.name, type: actor.type.replace(/-/g, ' ') })),
    figures: figuresBySource(alert),
    reasons: alert.reasons,
    history: input.history.map((h) => ({ ...h, label: levelInfo(h.level).label, url: alertUrl(input.baseUrl, h.id) })),
    sources: alert.sources.map(({ item }) => ({
      publisher: item.feed.publisher,
      title: item.title,
      link: item.link,
      date: item.publishedAt ?? item.seenAt,
    })),
    recommendedActions: alert.watchlist.recommendedActions?.trim() || null,
    watchlist: alert.watchlist,
    alertUrl: alertUrl(input.baseUrl, alert.id),
    unsubscribeUrl: input.unsubscribeUrl,
    recipient: { email: input.recipient.email, minimum: minimum.label },
  };
}

// Each source's own figures, side by side: reported figures are not merged or averaged.
function figuresBySource(alert: AlertDetail): { label: string; value: number; source: string }[] {
  return alert.sources.flatMap(({ item }) =>
    FIGURES.flatMap((figure) => {
      const value = item.signal?.[figure];
      return typeof value === 'number' ? [{ label: FIGURE_LABELS[figure], value, source: item.feed.publisher }] : [];
    }),
  );
}

function levelInfo(level: string) {
  return LEVEL_INFO[isLevel(level) ? level : 'info'];
}

function alertUrl(baseUrl: string, id: number): string {
  return `${baseUrl}/alerts#alert-${id}`;
}
