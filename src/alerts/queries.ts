// The reads opening an event makes inside the ingest transaction: the places of its area and the
// area's recent events, for escalation. (The events a report may join are read in book-store.ts.)
import type { Tx } from '../db/index.js';
import { normalizeKey } from '../text/index.js';
import type { AreaPlace } from './area.js';

const AREA_SELECT = { id: true, name: true, kind: true, within: true, latitude: true, longitude: true } as const;

export async function loadAreaPlaces(tx: Tx, ids: number[]): Promise<AreaPlace[]> {
  return tx.place.findMany({ where: { id: { in: ids } }, select: AREA_SELECT });
}

/** The folded names of a watchlist's cercles. */
export async function watchlistCercles(tx: Tx, watchlistId: number): Promise<Set<string>> {
  const rows = await tx.place.findMany({ where: { watchlistId, kind: 'cercle' }, select: { name: true } });
  return new Set(rows.map((r) => normalizeKey(r.name)));
}

/** Where to look for an area's events: its places, its cercles' names, boxes around its coordinates. */
export interface AreaFilter {
  ids: number[];
  areas: string[];
  /** [south, north, west, east] */
  boxes: [number, number, number, number][];
}

/**
 * The watchlist's current (not historical) events dated in [from, to] that may be in the area,
 * oldest first, in one query. The filter only narrows: the caller decides what is one area.
 */
export async function recentViolentEvents(tx: Tx, watchlistId: number, from: Date, to: Date, near: AreaFilter): Promise<RecentEvent[]> {
  const rows = await tx.$queryRaw<{ id: number; event_date: Date; places: AreaPlace[]; perpetrators: RecentEvent['perpetrators'] }[]>`
    SELECT a.id, a.event_date,
      (SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'kind', p.kind, 'within', p.within, 'latitude', p.latitude, 'longitude', p.longitude))
        FROM alert_place ap JOIN place p ON p.id = ap.place_id WHERE ap.alert_id = a.id) AS places,
      (SELECT coalesce(json_agg(json_build_object('name', ac.name, 'communities', ac.communities)), '[]')
        FROM alert_actor aa JOIN actor ac ON ac.id = aa.actor_id WHERE aa.alert_id = a.id AND aa.role = 'perpetrator') AS perpetrators
    FROM alert a
    WHERE a.watchlist_id = ${watchlistId} AND NOT a.historical AND a.withdrawn_at IS NULL
      AND a.event_date BETWEEN ${from.toISOString()}::timestamptz AND ${to.toISOString()}::timestamptz
      AND EXISTS (
        SELECT 1 FROM alert_place ap JOIN place p ON p.id = ap.place_id
        WHERE ap.alert_id = a.id AND (
          p.id = ANY(${near.ids}::int[]) OR p.name = ANY(${near.areas}::text[]) OR p.within && ${near.areas}::text[]
          OR EXISTS (SELECT 1 FROM jsonb_array_elements(${JSON.stringify(near.boxes)}::jsonb) b
            WHERE p.latitude BETWEEN (b->>0)::float8 AND (b->>1)::float8 AND p.longitude BETWEEN (b->>2)::float8 AND (b->>3)::float8)))
    ORDER BY a.event_date, a.id`;
  return rows.map((r) => ({ id: r.id, eventDate: new Date(r.event_date), places: r.places, perpetrators: r.perpetrators }));
}

/** An event of the area, as escalation reads it. */
export interface RecentEvent {
  id: number;
  eventDate: Date;
  places: AreaPlace[];
  perpetrators: { name: string; communities: string[] }[];
}
