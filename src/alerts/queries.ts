// The reads event assignment makes inside the ingest transaction: the open event an incident
// joins, an event's state and reports, and the area's recent events for escalation.
import type { Tx } from '../db/index.js';
import type { RiskConfig } from '../config/index.js';
import { EMPTY_ASSESSMENT, addReport, isLevel, type AlertLevel, type AssessmentState, type FigureReports } from '../risk/index.js';
import { normalizeKey } from '../text/index.js';
import type { AreaPlace } from './area.js';
import type { Incident } from './incidents.js';
import type { EventState } from './revise.js';

const DAY_MS = 86_400_000;

/** An event as a new report finds it, with every report it has had. */
export interface StoredEvent {
  id: number;
  state: EventState;
  /** What subscribers were last told (the latest notified revision). */
  lastNotified: EventState;
  revision: number;
  /** The item the query was asked about is already one of its reports. */
  hasItem: boolean;
  eventDate: Date;
  escalation: string | null;
  historical: boolean;
  placeNames: string[];
  perpetrators: string[];
  /** What its reports add up to; `state.sources` says how many there were. */
  assessment: AssessmentState;
}

interface StoredEventRow {
  id: number;
  level: string;
  killed_min: number | null;
  killed_max: number | null;
  revision: number;
  event_date: Date;
  escalation: string | null;
  historical: boolean;
  place_names: string[];
  perpetrators: string[];
  told: { level: string; killed_min: number | null; killed_max: number | null; sources: number } | null;
  source_count: number;
  has_item: boolean;
  assessment: AssessmentState | null;
  /** Only for an event stored before `assessment` existed: its reports, to add up once. */
  sources: { publisher: string; publishedAt: string | null; figures: FigureReports; violence: { kind: string; term: string }[]; victims: string[] | null }[] | null;
}

/**
 * The event of the incident's watchlist, dated within `windowDays` of it, that has one of its
 * places, or a commune holding one of them, or a place inside one of its communes; the nearest
 * in date first; with whether item `itemId` is already one of its reports. One query, starting
 * from the places (alert_place_place_id_idx): it runs for every report, inside the ingest
 * transaction.
 */
export async function findOpenEvent(tx: Tx, risk: RiskConfig, incident: Incident, itemId: number): Promise<StoredEvent | null> {
  const windowDays = risk.eventWindowDays;
  const ids = incident.places.map((p) => p.id);
  const date = incident.eventDate.toISOString();
  const from = new Date(incident.eventDate.getTime() - windowDays * DAY_MS).toISOString();
  const to = new Date(incident.eventDate.getTime() + windowDays * DAY_MS).toISOString();
  const rows = await tx.$queryRaw<StoredEventRow[]>`
    WITH own AS (SELECT q.* FROM place q WHERE q.id = ANY(${ids}::int[])),
    related AS (
      SELECT id FROM own
      UNION SELECT p.id FROM own JOIN place p ON p.watchlist_id = own.watchlist_id AND p.kind = 'commune' AND p.name = ANY(own.within)
      UNION SELECT p.id FROM own JOIN place p ON p.watchlist_id = own.watchlist_id AND own.name = ANY(p.within) WHERE own.kind = 'commune'),
    -- The places' events first, then each read by id and tested: behind OFFSET 0 (which the
    -- planner neither flattens nor pushes conditions into) the id is the only condition, so it
    -- cannot scan the watchlist's events by date instead, as it does while the events table
    -- has no statistics (a re-match adds thousands of reports before any ANALYZE) and each
    -- report then reads every event of the window.
    candidate AS (
      SELECT a.id FROM (SELECT DISTINCT ap.alert_id FROM alert_place ap WHERE ap.place_id IN (SELECT id FROM related)) ap
      CROSS JOIN LATERAL (SELECT a.id, a.watchlist_id, a.withdrawn_at, a.event_date FROM alert a WHERE a.id = ap.alert_id OFFSET 0) a
      WHERE a.watchlist_id = ${incident.watchlistId} AND a.withdrawn_at IS NULL
        AND a.event_date BETWEEN ${from}::timestamptz AND ${to}::timestamptz
      ORDER BY abs(extract(epoch FROM a.event_date - ${date}::timestamptz)), a.id
      LIMIT 1)
    SELECT a.id, a.level, a.killed_min, a.killed_max, a.revision, a.event_date, a.escalation, a.historical, a.assessment,
      (SELECT count(*)::int FROM alert_source s WHERE s.alert_id = a.id) AS source_count,
      EXISTS (SELECT 1 FROM alert_source s WHERE s.alert_id = a.id AND s.item_id = ${itemId}::int) AS has_item,
      (SELECT coalesce(json_agg(p.name ORDER BY p.id), '[]') FROM alert_place ap JOIN place p ON p.id = ap.place_id WHERE ap.alert_id = a.id) AS place_names,
      (SELECT coalesce(json_agg(ac.name ORDER BY ac.id), '[]') FROM alert_actor aa JOIN actor ac ON ac.id = aa.actor_id
        WHERE aa.alert_id = a.id AND aa.role = 'perpetrator') AS perpetrators,
      (SELECT row_to_json(r) FROM (SELECT level, killed_min, killed_max, sources FROM alert_revision
        WHERE alert_id = a.id AND notified ORDER BY revision DESC LIMIT 1) r) AS told,
      CASE WHEN a.assessment IS NULL THEN
        (SELECT coalesce(json_agg(json_build_object('publisher', f.publisher, 'publishedAt', i.published_at, 'figures', s.figures,
            'violence', s.violence, 'victims', s.victims) ORDER BY s.added_at, s.item_id), '[]')
          FROM alert_source s JOIN item i ON i.id = s.item_id JOIN feed f ON f.id = i.feed_id WHERE s.alert_id = a.id)
      END AS sources
    FROM alert a JOIN candidate c ON c.id = a.id`;
  const row = rows[0];
  return row ? storedEvent(risk, row) : null;
}

function storedEvent(risk: RiskConfig, row: StoredEventRow): StoredEvent {
  const { told } = row;
  return {
    id: row.id,
    state: { level: levelOf(row.level), killed: rangeOf(row.killed_min, row.killed_max), sources: row.source_count },
    // Nothing told yet (a historical event): measured from nothing.
    lastNotified: told ? { level: levelOf(told.level), killed: rangeOf(told.killed_min, told.killed_max), sources: told.sources } : { level: 'serious-concern', killed: null, sources: 0 },
    revision: row.revision,
    hasItem: row.has_item,
    eventDate: new Date(row.event_date),
    escalation: row.escalation,
    historical: row.historical,
    placeNames: row.place_names,
    perpetrators: row.perpetrators,
    assessment: row.assessment ?? addUp(risk, row.sources ?? []),
  };
}

// An event stored before its assessment was kept: its reports added up once, in their order.
function addUp(risk: RiskConfig, sources: NonNullable<StoredEventRow['sources']>): AssessmentState {
  return sources.reduce(
    (state, s) =>
      addReport(risk, state, { publisher: s.publisher, publishedAt: s.publishedAt ? new Date(s.publishedAt) : null, figures: s.figures, violence: s.violence, victims: s.victims ?? [] }),
    EMPTY_ASSESSMENT,
  );
}

function levelOf(level: string): AlertLevel {
  return isLevel(level) && level !== 'info' ? level : 'serious-concern';
}

function rangeOf(min: number | null, max: number | null): EventState['killed'] {
  return min === null ? null : { min, max: max ?? min };
}

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
