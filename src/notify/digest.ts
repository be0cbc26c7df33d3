// The emails that gather several notices: the daily digest (cadence daily) and the flood guard's
// summary (what went beyond mail.maxImmediatePerHour). One entry per event, at the level of its
// latest revision in the email, grouped by level, highest first, each with a link to its page.
// Pure: takes what was loaded, returns subject, HTML and text (the HTML template escapes feed text).
import { describeRange } from '../alerts/index.js';
import { LEVELS, LEVEL_INFO, isLevel, type Level } from '../risk/index.js';
import type { Templates } from '../templates.js';
import type { Batch } from './bundle.js';
import { LEVEL_COLORS } from './render.js';

/** An event with the revisions of it one digest or summary tells of. */
export interface BundleEvent {
  alertId: number;
  title: string;
  eventDate: Date;
  killedMin: number | null;
  killedMax: number | null;
  /** The revisions in this email, oldest first, with the level and changes each recorded. */
  revisions: { revision: number; level: string; changes: string[] }[];
}

export interface BundleInput {
  batch: Batch;
  /** When the digest or summary was due. */
  at: Date;
  timezone: string;
  watchlist: { name: string };
  events: BundleEvent[];
  recipient: { email: string; minLevel: string };
  baseUrl: string;
  unsubscribeUrl: string;
  manageUrl: string;
}

export function renderBundle(templates: Templates, input: BundleInput): { subject: string; html: string; text: string } {
  const view = bundleView(input);
  const name = input.batch === 'digest' ? 'digest' : 'summary';
  return { subject: view.subject, html: templates.render(`email/${name}.html`, view), text: templates.render(`email/${name}.txt`, view) };
}

function bundleView(input: BundleInput) {
  const entries = input.events.map((e) => entryOf(e, input.baseUrl));
  const groups = LEVELS.map((level) => ({ level, entries: entries.filter((e) => e.level === level) }))
    .filter((g) => g.entries.length > 0)
    .map(({ level, entries: list }) => ({ ...levelView(level), count: list.length, entries: list }));
  const count = entries.length;
  const events = `${count.toLocaleString('en')} event${count === 1 ? '' : 's'}`;
  const day = localDate(input.at, input.timezone);
  const subject =
    input.batch === 'digest'
      ? `[Vigil] Daily digest, ${day}: ${events} — ${input.watchlist.name}`
      : `[Vigil] Summary: ${events} beyond your hourly limit — ${input.watchlist.name}`;
  return {
    subject,
    day,
    count,
    events,
    notices: input.events.reduce((n, e) => n + e.revisions.length, 0),
    groups,
    watchlist: input.watchlist,
    recipient: { email: input.recipient.email, minimum: levelView(input.recipient.minLevel).label },
    unsubscribeUrl: input.unsubscribeUrl,
    manageUrl: input.manageUrl,
  };
}

function entryOf(event: BundleEvent, baseUrl: string) {
  const latest = event.revisions.at(-1);
  const level: Level = latest && isLevel(latest.level) ? latest.level : 'info';
  const updates = event.revisions.filter((r) => r.revision > 1 && r.changes.length > 0).map((r) => r.changes.join('; '));
  return {
    level,
    title: event.title,
    eventDate: event.eventDate,
    toll: event.killedMin === null ? null : `${describeRange({ min: event.killedMin, max: event.killedMax ?? event.killedMin })} killed`,
    isNew: event.revisions.some((r) => r.revision === 1),
    updates: updates.join('; ') || null,
    url: `${baseUrl}/alerts/${event.alertId}`,
  };
}

function levelView(level: string) {
  const key: Level = isLevel(level) ? level : 'info';
  const info = LEVEL_INFO[key];
  return { key, label: info.label, upper: info.label.toUpperCase(), definition: info.definition, color: LEVEL_COLORS[key] };
}

/** 2026-11-28: the day of `at` where the digest is read. */
function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
