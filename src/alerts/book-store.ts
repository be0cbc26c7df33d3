// The event book read: once per batch and watchlist, under the watchlist's events lock, the open
// events the batch's incidents may join, with each one's state, places, perpetrators and which
// of the batch's items are already its reports; and how the incidents' places relate.
import type { RiskConfig } from '../config/index.js';
import type { Tx } from '../db/index.js';
import { EMPTY_ASSESSMENT, addReport, isLevel, type AlertLevel, type AssessmentState, type FigureReports } from '../risk/index.js';
import { NOTHING_TOLD, type BookEvent, type EventBook } from './book.js';
import type { Incident } from './incidents.js';
import type { EventState } from './revise.js';

const DAY_MS = 86_400_000;

/** The book of one watchlist for these incidents (all of that watchlist) of the batch's items. */
export async function loadEventBook(tx: Tx, risk: RiskConfig, watchlistId: number, incidents: readonly Incident[], itemIds: readonly number[]): Promise<EventBook> {
  const placeIds = [...new Set(incidents.flatMap((i) => i.places.map((p) => p.id)))];
  const { related, placeNames } = await loadRelatedPlaces(tx, placeIds);
  const actorIds = [...new Set(incidents.flatMap((i) => i.perpetrators.map((a) => a.id)))];
  const actorNames = await loadActorNames(tx, actorIds);
  const window = risk.eventWindowDays * DAY_MS;
  // Only an event an incident may join at first can change in the batch (a join moves an
  // event's date earlier and adds places): the others never become one's event.
  const wanted = incidents.flatMap((incident) => {
    const from = new Date(incident.eventDate.getTime() - window);
    const to = new Date(incident.eventDate.getTime() + window);
    const ids = new Set(incident.places.flatMap((p) => [...(related.get(p.id) ?? [])]));
    return [...ids].map((placeId) => ({ placeId, from, to }));
  });
  const rows = wanted.length === 0 ? [] : await loadEventRows(tx, watchlistId, wanted, itemIds);
  const legacy = await loadLegacySources(
    tx,
    rows.filter((r) => r.assessment === null).map((r) => r.id),
  );
  return { related, placeNames, actorNames, events: rows.map((row) => bookEvent(row, row.assessment ?? addUp(risk, legacy.get(row.id) ?? []))) };
}

// A place's related places: itself, the communes of its watchlist it lies in, and when it is a
// commune the places of its watchlist within it.
async function loadRelatedPlaces(tx: Tx, placeIds: number[]): Promise<Pick<EventBook, 'related' | 'placeNames'>> {
  const rows = await tx.$queryRaw<{ place_id: number; related_id: number; name: string }[]>`
    WITH own AS (SELECT q.* FROM place q WHERE q.id = ANY(${placeIds}::int[]))
    SELECT own.id AS place_id, own.id AS related_id, own.name FROM own
    UNION SELECT own.id, p.id, p.name FROM own JOIN place p ON p.watchlist_id = own.watchlist_id AND p.kind = 'commune' AND p.name = ANY(own.within)
    UNION SELECT own.id, p.id, p.name FROM own JOIN place p ON p.watchlist_id = own.watchlist_id AND own.name = ANY(p.within) WHERE own.kind = 'commune'`;
  const related = new Map<number, Set<number>>();
  const placeNames = new Map<number, string>();
  for (const row of rows) {
    related.set(row.place_id, (related.get(row.place_id) ?? new Set()).add(row.related_id));
    placeNames.set(row.related_id, row.name);
  }
  return { related, placeNames };
}

async function loadActorNames(tx: Tx, actorIds: number[]): Promise<Map<number, string>> {
  if (actorIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: number; name: string }[]>`SELECT id, name FROM actor WHERE id = ANY(${actorIds}::int[])`;
  return new Map(rows.map((r) => [r.id, r.name]));
}

interface EventRow {
  id: number;
  watchlist_id: number;
  level: string;
  killed_min: number | null;
  killed_max: number | null;
  revision: number;
  event_date: Date;
  escalation: string | null;
  historical: boolean;
  /** [id, name] pairs. */
  places: [number, string][];
  perpetrators: [number, string][];
  told: { level: string; killed_min: number | null; killed_max: number | null; sources: number } | null;
  source_count: number;
  items: number[];
  assessment: AssessmentState | null;
}

/**
 * The watchlist's open events with one of these places, dated in its [from, to]. The places'
 * events are found first (alert_place_place_id_idx), then each read by id and tested: behind
 * OFFSET 0 (which the planner neither flattens nor pushes conditions into) the id is the only
 * condition, so it cannot scan the watchlist's events by date instead, as it does while the
 * events table has no statistics (a re-match adds thousands of reports before any ANALYZE).
 * What each event has is read for all of them together, not event by event: a plan costed per
 * event over an unknown number of events grows past jit_above_cost, and compiling takes longer
 * than the query.
 */
async function loadEventRows(tx: Tx, watchlistId: number, wanted: { placeId: number; from: Date; to: Date }[], itemIds: readonly number[]): Promise<EventRow[]> {
  return tx.$queryRaw<EventRow[]>`
    WITH candidate AS MATERIALIZED (
      SELECT DISTINCT a.id FROM jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS w("placeId" int, "from" timestamptz, "to" timestamptz)
      JOIN alert_place ap ON ap.place_id = w."placeId"
      CROSS JOIN LATERAL (SELECT a.id, a.watchlist_id, a.withdrawn_at, a.event_date FROM alert a WHERE a.id = ap.alert_id OFFSET 0) a
      WHERE a.watchlist_id = ${watchlistId} AND a.withdrawn_at IS NULL AND a.event_date BETWEEN w."from" AND w."to"),
    sources AS (
      SELECT s.alert_id, count(*)::int AS source_count, coalesce(json_agg(s.item_id) FILTER (WHERE s.item_id = ANY(${itemIds}::int[])), '[]') AS items
      FROM alert_source s WHERE s.alert_id IN (SELECT id FROM candidate) GROUP BY s.alert_id),
    places AS (
      SELECT ap.alert_id, json_agg(json_build_array(p.id, p.name) ORDER BY p.id) AS places
      FROM alert_place ap JOIN place p ON p.id = ap.place_id WHERE ap.alert_id IN (SELECT id FROM candidate) GROUP BY ap.alert_id),
    perpetrators AS (
      SELECT aa.alert_id, json_agg(json_build_array(ac.id, ac.name) ORDER BY ac.id) AS perpetrators
      FROM alert_actor aa JOIN actor ac ON ac.id = aa.actor_id WHERE aa.alert_id IN (SELECT id FROM candidate) AND aa.role = 'perpetrator'
      GROUP BY aa.alert_id),
    told AS (
      SELECT DISTINCT ON (r.alert_id) r.alert_id, json_build_object('level', r.level, 'killed_min', r.killed_min, 'killed_max', r.killed_max, 'sources', r.sources) AS told
      FROM alert_revision r WHERE r.alert_id IN (SELECT id FROM candidate) AND r.notified ORDER BY r.alert_id, r.revision DESC)
    SELECT a.id, a.watchlist_id, a.level, a.killed_min, a.killed_max, a.revision, a.event_date, a.escalation, a.historical, a.assessment,
      coalesce(s.source_count, 0) AS source_count, coalesce(s.items, '[]') AS items, coalesce(p.places, '[]') AS places,
      coalesce(pp.perpetrators, '[]') AS perpetrators, t.told
    FROM candidate c JOIN alert a ON a.id = c.id
      LEFT JOIN sources s ON s.alert_id = a.id LEFT JOIN places p ON p.alert_id = a.id
      LEFT JOIN perpetrators pp ON pp.alert_id = a.id LEFT JOIN told t ON t.alert_id = a.id`;
}

type LegacySource = { publisher: string; publishedAt: string | null; figures: FigureReports; violence: { kind: string; term: string }[]; victims: string[] | null };

// Events stored before their assessment was kept: their reports, in order, to add up once.
async function loadLegacySources(tx: Tx, alertIds: number[]): Promise<Map<number, LegacySource[]>> {
  if (alertIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ alert_id: number; sources: LegacySource[] }[]>`
    SELECT s.alert_id, json_agg(json_build_object('publisher', f.publisher, 'publishedAt', i.published_at, 'figures', s.figures,
        'violence', s.violence, 'victims', s.victims) ORDER BY s.added_at, s.item_id) AS sources
    FROM alert_source s JOIN item i ON i.id = s.item_id JOIN feed f ON f.id = i.feed_id
    WHERE s.alert_id = ANY(${alertIds}::int[]) GROUP BY s.alert_id`;
  return new Map(rows.map((r) => [r.alert_id, r.sources]));
}

function bookEvent(row: EventRow, assessment: AssessmentState): BookEvent {
  const { told } = row;
  return {
    id: row.id,
    watchlistId: row.watchlist_id,
    state: { level: levelOf(row.level), killed: rangeOf(row.killed_min, row.killed_max), sources: row.source_count },
    lastNotified: told ? { level: levelOf(told.level), killed: rangeOf(told.killed_min, told.killed_max), sources: told.sources } : NOTHING_TOLD,
    revision: row.revision,
    eventDate: new Date(row.event_date),
    escalation: row.escalation,
    historical: row.historical,
    places: new Map(row.places),
    perpetrators: new Map(row.perpetrators),
    assessment,
    items: new Set(row.items),
  };
}

// An event stored before its assessment was kept: its reports added up once, in their order.
function addUp(risk: RiskConfig, sources: readonly LegacySource[]): AssessmentState {
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
