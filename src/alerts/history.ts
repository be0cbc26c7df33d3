// The alert history as the web reads it: events filtered by watchlist, level, dates, place,
// actor and free text, newest first, a page at a time behind a cursor that stays valid as new
// events arrive (keyset pagination on event date and id, never an offset). One statement per
// page, events and their places, actors and sources aggregated as JSON: the history is the
// web's busiest read (bench/web.ts).
import type { Db } from '../db/index.js';
import type { FigureReports } from '../risk/index.js';
import type { AlertView } from './store.js';

/** What the history can be narrowed by; every field is optional. */
export interface AlertFilter {
  watchlist?: string;
  levels?: readonly string[];
  /** Events dated on or after this instant. */
  from?: Date;
  /** Events dated before this instant. */
  before?: Date;
  /** A watched place: events there, or at a place inside it (a cercle's villages). */
  placeId?: number;
  actorId?: number;
  /** Words looked for in the title and in the sentences each match was found in. */
  text?: string;
  /** Leave out withdrawn events (feeds for machines); the pages show them, marked. */
  hideWithdrawn?: boolean;
  /** Only these events (one event's page). */
  ids?: readonly number[];
}

/** Where a page starts: after the event of this date and id. */
export interface HistoryCursor {
  eventDate: Date;
  id: number;
}

/** A watched place with what maps, charts and exports need. */
export interface PlaceDetail {
  id: number;
  name: string;
  kind: string;
  within: string[];
  latitude: number | null;
  longitude: number | null;
}

/** An event of the history: its JSON view, and its places in full. */
export type HistoryAlert = AlertView & { placeDetails: PlaceDetail[] };

export interface HistoryPage {
  alerts: HistoryAlert[];
  /** Where the next page starts, or null on the last page. */
  next: HistoryCursor | null;
}

export const PLACE_DETAIL_SELECT = { id: true, name: true, kind: true, within: true, latitude: true, longitude: true } as const;

interface HistoryRow {
  id: number;
  watchlist: string;
  level: string;
  title: string;
  event_date: Date;
  killed_min: number | null;
  killed_max: number | null;
  violence: string[];
  reasons: string[];
  escalation: string | null;
  historical: boolean;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
  revision: number;
  created_at: Date;
  updated_at: Date;
  places: PlaceDetail[];
  actors: { name: string; role: string }[];
  sources: { guid: string; link: string | null; title: string; publisher: string; published_at: string | null; figures: FigureReports; also: { publisher: string; link: string | null }[] }[];
}

// Each aggregate reads one event's rows through the primary keys and the *_alert_id indexes.
const SELECT = `
  SELECT a.id, w.slug AS watchlist, a.level, a.title, a.event_date, a.killed_min, a.killed_max, a.violence, a.reasons,
    a.escalation, a.historical, a.withdrawn_at, a.withdrawn_reason, a.revision, a.created_at, a.updated_at,
    (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'kind', p.kind, 'within', p.within,
        'latitude', p.latitude, 'longitude', p.longitude) ORDER BY p.id), '[]')
      FROM alert_place ap JOIN place p ON p.id = ap.place_id WHERE ap.alert_id = a.id) AS places,
    (SELECT coalesce(json_agg(json_build_object('name', ac.name, 'role', aa.role) ORDER BY ac.id), '[]')
      FROM alert_actor aa JOIN actor ac ON ac.id = aa.actor_id WHERE aa.alert_id = a.id) AS actors,
    (SELECT coalesce(json_agg(json_build_object('guid', i.guid, 'link', i.link, 'title', i.title, 'publisher', f.publisher,
        'published_at', i.published_at, 'figures', s.figures,
        'also', (SELECT coalesce(json_agg(json_build_object('publisher', sf.publisher, 'link', si.link) ORDER BY si.seen_at), '[]')
          FROM item_sighting si JOIN feed sf ON sf.id = si.feed_id WHERE si.item_id = i.id)) ORDER BY s.added_at, s.item_id), '[]')
      FROM alert_source s JOIN item i ON i.id = s.item_id JOIN feed f ON f.id = i.feed_id WHERE s.alert_id = a.id) AS sources
  FROM alert a JOIN watchlist w ON w.id = a.watchlist_id`;

/** The WHERE clause of a filter and page start, with its parameters ($1, $2, …). */
export function whereOf(filter: AlertFilter, after: HistoryCursor | null): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const and: string[] = [];
  if (filter.watchlist) and.push(`w.slug = ${p(filter.watchlist)}`);
  if (filter.levels?.length) and.push(`a.level = ANY(${p([...filter.levels])}::text[])`);
  if (filter.from) and.push(`a.event_date >= ${p(filter.from)}`);
  if (filter.before) and.push(`a.event_date < ${p(filter.before)}`);
  if (filter.ids) and.push(`a.id = ANY(${p([...filter.ids])}::int[])`);
  if (filter.hideWithdrawn) and.push('a.withdrawn_at IS NULL');
  if (filter.actorId !== undefined) and.push(`EXISTS (SELECT 1 FROM alert_actor aa WHERE aa.alert_id = a.id AND aa.actor_id = ${p(filter.actorId)})`);
  if (filter.placeId !== undefined) {
    // A cercle, commune or region holds the places whose `within` names it, in the same watchlist.
    const id = p(filter.placeId);
    and.push(`EXISTS (SELECT 1 FROM alert_place ap JOIN place q ON q.id = ap.place_id WHERE ap.alert_id = a.id AND (q.id = ${id}
      OR EXISTS (SELECT 1 FROM place o WHERE o.id = ${id} AND o.watchlist_id = q.watchlist_id AND o.name = ANY(q.within))))`);
  }
  const text = filter.text?.trim();
  if (text) {
    const pattern = p(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    and.push(`(a.title ILIKE ${pattern} OR EXISTS (SELECT 1 FROM alert_source s JOIN match m ON m.item_id = s.item_id WHERE s.alert_id = a.id AND m.sentence ILIKE ${pattern}))`);
  }
  if (after) and.push(`(a.event_date, a.id) < (${p(after.eventDate)}, ${p(after.id)})`);
  return { sql: and.length ? `WHERE ${and.join(' AND ')}` : '', params };
}

/**
 * One page of events matching `filter`, newest first (event date, then id). The order is
 * served by alert_event_date_idx, or alert_level_event_date_idx when filtered by level.
 */
export async function searchAlerts(db: Db, filter: AlertFilter, page: { limit: number; after?: HistoryCursor | null }): Promise<HistoryPage> {
  const where = whereOf(filter, page.after ?? null);
  const sql = `${SELECT} ${where.sql} ORDER BY a.event_date DESC, a.id DESC LIMIT ${Math.max(1, Math.floor(page.limit)) + 1}`;
  const rows = await db.$queryRawUnsafe<HistoryRow[]>(sql, ...where.params);
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    alerts: shown.map(historyAlertOf),
    next: rows.length > page.limit && last ? { eventDate: last.event_date, id: last.id } : null,
  };
}

/** One event as the history shows it, or null. */
export async function findHistoryAlert(db: Db, id: number): Promise<HistoryAlert | null> {
  return (await searchAlerts(db, { ids: [id] }, { limit: 1 })).alerts[0] ?? null;
}

function historyAlertOf(r: HistoryRow): HistoryAlert {
  return {
    id: r.id,
    watchlist: r.watchlist,
    level: r.level,
    title: r.title,
    eventDate: r.event_date.toISOString(),
    places: r.places.map((p) => p.name),
    actors: r.actors.map((a) => a.name),
    perpetrators: r.actors.filter((a) => a.role === 'perpetrator').map((a) => a.name),
    killed: r.killed_min === null ? null : { min: r.killed_min, max: r.killed_max ?? r.killed_min },
    violence: r.violence,
    reasons: r.reasons,
    escalation: r.escalation,
    historical: r.historical,
    withdrawn: r.withdrawn_at ? { at: r.withdrawn_at.toISOString(), reason: r.withdrawn_reason ?? '' } : null,
    sources: r.sources.map((s) => ({
      guid: s.guid,
      link: s.link,
      title: s.title,
      publisher: s.publisher,
      publishedAt: s.published_at ? new Date(s.published_at).toISOString() : null,
      killed: s.figures.killed ? { min: s.figures.killed.min, max: s.figures.killed.max, approximate: s.figures.killed.approximate } : null,
      alsoCarriedBy: s.also,
    })),
    revision: r.revision,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    placeDetails: r.places,
  };
}
