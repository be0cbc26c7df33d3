// The alert history as the web reads it: events filtered by watchlist, level, dates, place,
// actor and free text, newest first, a page at a time behind a cursor that stays valid as new
// events arrive (keyset pagination on event date and id, never an offset).
import type { Db, Prisma } from '../db/index.js';
import { ALERT_VIEW_INCLUDE, alertViewOf, type AlertView } from './store.js';

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

const HISTORY_INCLUDE = {
  ...ALERT_VIEW_INCLUDE,
  places: { include: { place: { select: PLACE_DETAIL_SELECT } } },
} satisfies Prisma.AlertInclude;

/**
 * One page of events matching `filter`, newest first (event date, then id). Served by
 * alert_event_date_idx, or alert_level_event_date_idx when filtered by level.
 */
export async function searchAlerts(db: Db, filter: AlertFilter, page: { limit: number; after?: HistoryCursor | null }): Promise<HistoryPage> {
  const where = await whereOf(db, filter);
  const after = page.after;
  const rows = await db.alert.findMany({
    where: after ? { AND: [where, { OR: [{ eventDate: { lt: after.eventDate } }, { eventDate: after.eventDate, id: { lt: after.id } }] }] } : where,
    orderBy: [{ eventDate: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    include: HISTORY_INCLUDE,
  });
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    alerts: shown.map((r) => ({ ...alertViewOf(r), placeDetails: r.places.map((p) => p.place) })),
    next: rows.length > page.limit && last ? { eventDate: last.eventDate, id: last.id } : null,
  };
}

/** One event as the history shows it, or null. */
export async function findHistoryAlert(db: Db, id: number): Promise<HistoryAlert | null> {
  const row = await db.alert.findUnique({ where: { id }, include: HISTORY_INCLUDE });
  return row ? { ...alertViewOf(row), placeDetails: row.places.map((p) => p.place) } : null;
}

async function whereOf(db: Db, filter: AlertFilter): Promise<Prisma.AlertWhereInput> {
  const and: Prisma.AlertWhereInput[] = [];
  if (filter.watchlist) and.push({ watchlist: { slug: filter.watchlist } });
  if (filter.levels?.length) and.push({ level: { in: [...filter.levels] } });
  if (filter.from) and.push({ eventDate: { gte: filter.from } });
  if (filter.before) and.push({ eventDate: { lt: filter.before } });
  if (filter.actorId !== undefined) and.push({ actors: { some: { actorId: filter.actorId } } });
  if (filter.hideWithdrawn) and.push({ withdrawnAt: null });
  if (filter.placeId !== undefined) and.push(await placeWhere(db, filter.placeId));
  const text = filter.text?.trim();
  if (text) {
    const contains = { contains: text, mode: 'insensitive' } as const;
    and.push({ OR: [{ title: contains }, { sources: { some: { item: { matches: { some: { sentence: contains } } } } } }] });
  }
  return { AND: and };
}

// A cercle, commune or region holds the places whose `within` names it, in the same watchlist.
async function placeWhere(db: Db, placeId: number): Promise<Prisma.AlertWhereInput> {
  const place = await db.place.findUnique({ where: { id: placeId }, select: { name: true, watchlistId: true } });
  if (!place) return { places: { some: { placeId } } };
  return { places: { some: { OR: [{ placeId }, { place: { watchlistId: place.watchlistId, within: { has: place.name } } }] } } };
}
