// Watched places as the web shows them: one place with its enclosing areas, its events counted
// by month, the places of the map with the highest level of their recent events, and the
// choices the history's filter form offers.
import type { Db } from '../db/index.js';
import { PLACE_DETAIL_SELECT, type PlaceDetail } from './history.js';

/** A place page's heading. */
export type PlaceInfo = PlaceDetail & { watchlist: { slug: string; name: string }; aliases: string[]; retired: boolean };

export async function findPlace(db: Db, id: number): Promise<PlaceInfo | null> {
  const row = await db.place.findUnique({
    where: { id },
    select: { ...PLACE_DETAIL_SELECT, aliases: true, retiredAt: true, watchlist: { select: { slug: true, name: true } } },
  });
  if (!row) return null;
  const { retiredAt, ...place } = row;
  return { ...place, retired: retiredAt !== null };
}

/** Events and the lowest reported toll of one month ("2026-11"). */
export interface MonthCount {
  month: string;
  events: number;
  killed: number;
}

/**
 * Events at a place (or at places inside it) per month, withdrawn ones left out, oldest month
 * first; months without events are absent. The toll is each event's most conservative figure.
 */
export async function countByMonth(db: Db, place: { id: number; name: string }, watchlistSlug: string): Promise<MonthCount[]> {
  const rows = await db.$queryRaw<{ month: string; events: number; killed: number }[]>`
    SELECT to_char(date_trunc('month', a.event_date AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
      count(*)::int AS events, coalesce(sum(a.killed_min), 0)::int AS killed
    FROM alert a JOIN watchlist w ON w.id = a.watchlist_id
    WHERE w.slug = ${watchlistSlug} AND a.withdrawn_at IS NULL AND EXISTS (
      SELECT 1 FROM alert_place ap JOIN place p ON p.id = ap.place_id
      WHERE ap.alert_id = a.id AND (p.id = ${place.id} OR ${place.name} = ANY(p.within)))
    GROUP BY 1 ORDER BY 1`;
  return rows;
}

/** A place of the map and the most severe level of its events since the date asked. */
export type MapPlace = PlaceDetail & { latitude: number; longitude: number; level: string | null; events: number };

/** The current places with coordinates, each with the highest level of its events since `since`. */
export async function listMapPlaces(db: Db, since: Date): Promise<MapPlace[]> {
  const rows = await db.$queryRaw<(MapPlace & { levels: string[] })[]>`
    SELECT p.id, p.name, p.kind, p.within, p.latitude, p.longitude,
      coalesce(array_agg(DISTINCT a.level) FILTER (WHERE a.id IS NOT NULL), '{}') AS levels,
      count(a.id)::int AS events
    FROM place p
    LEFT JOIN alert_place ap ON ap.place_id = p.id
    LEFT JOIN alert a ON a.id = ap.alert_id AND a.event_date >= ${since} AND a.withdrawn_at IS NULL
    WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL AND p.retired_at IS NULL
    GROUP BY p.id ORDER BY p.name`;
  return rows.map(({ levels, ...p }) => ({ ...p, level: highestLevel(levels) }));
}

const SEVERITY_ORDER = ['current-crisis', 'imminent-risk', 'serious-concern', 'info'];

/** The most severe of the levels given, or null for none. */
export function highestLevel(levels: readonly string[]): string | null {
  return SEVERITY_ORDER.find((l) => levels.includes(l)) ?? null;
}

/** What the history's filter form offers: watchlists, places and actors, by name. */
export interface FilterChoices {
  watchlists: { slug: string; name: string }[];
  places: { id: number; name: string; kind: string }[];
  actors: { id: number; name: string }[];
}

export async function listFilterChoices(db: Db): Promise<FilterChoices> {
  const [watchlists, places, actors] = await Promise.all([
    db.watchlist.findMany({ where: { retiredAt: null }, select: { slug: true, name: true }, orderBy: { name: 'asc' } }),
    db.place.findMany({ where: { retiredAt: null }, select: { id: true, name: true, kind: true }, orderBy: { name: 'asc' } }),
    db.actor.findMany({ where: { retiredAt: null }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
  ]);
  return { watchlists, places, actors };
}

/** The evidence of an event: each sentence a watched name was found in, with the words found. */
export interface EvidenceSentence {
  publisher: string;
  sentence: string;
  aliases: string[];
}

/** The sentences of the event's sources that name its places and actors, each once. */
export async function listEvidence(db: Db, alertId: number): Promise<EvidenceSentence[]> {
  const rows = await db.$queryRaw<EvidenceSentence[]>`
    SELECT f.publisher, m.sentence, array_agg(DISTINCT m.alias) AS aliases
    FROM alert_source s JOIN item i ON i.id = s.item_id JOIN feed f ON f.id = i.feed_id JOIN match m ON m.item_id = s.item_id
    WHERE s.alert_id = ${alertId} AND (
      m.place_id IN (SELECT place_id FROM alert_place WHERE alert_id = ${alertId})
      OR m.actor_id IN (SELECT actor_id FROM alert_actor WHERE alert_id = ${alertId}))
    GROUP BY f.publisher, m.sentence, s.added_at, s.item_id
    ORDER BY s.added_at, s.item_id, min(m.start)`;
  return rows;
}

/** The operator's recommended actions of a watchlist, or null. */
export async function findRecommendedActions(db: Db, watchlistSlug: string): Promise<string | null> {
  const row = await db.watchlist.findUnique({ where: { slug: watchlistSlug }, select: { recommendedActions: true } });
  return row?.recommendedActions?.trim() || null;
}

/** The watched cercles and regions by name, to tell a place's admin 2 and admin 1 areas. */
export async function listAdminAreas(db: Db): Promise<Map<string, string>> {
  const rows = await db.place.findMany({ where: { kind: { in: ['cercle', 'region'] } }, select: { name: true, kind: true } });
  return new Map(rows.map((r) => [r.name, r.kind]));
}
