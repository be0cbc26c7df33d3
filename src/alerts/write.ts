// Events written: a new event, or a further report of one, each in one statement — the event row,
// its places and actors, the report and the revision together. It runs for every report inside
// the ingest transaction, where each round trip counts (see the events row of `npm run bench`).
import type { Tx } from '../db/index.js';
import type { AlertLevel, AssessmentState } from '../risk/index.js';

/** An event's row as a report leaves it. */
export interface EventFields {
  level: AlertLevel;
  title: string;
  eventDate: Date;
  killed: { min: number; max: number } | null;
  violence: string[];
  reasons: string[];
  revision: number;
  /** What the reports add up to, kept for the next one. */
  state: AssessmentState;
  now: Date;
}

/** What one report adds: its item, what it said, the places and actors it named. */
export interface ReportRow {
  itemId: number;
  figures: object;
  violence: { kind: string; term: string }[];
  victims: string[];
  eventDate: Date;
  placeIds: number[];
  actors: { actorId: number; role: 'perpetrator' | 'mentioned' }[];
}

/** The revision row beside the event's own fields. */
export interface RevisionFields {
  previousLevel: AlertLevel | null;
  sources: number;
  changes: string[];
  notified: boolean;
}

/** Inserts a new event with its first report and first revision; returns its id. */
export async function insertEvent(
  tx: Tx,
  event: EventFields & { watchlistId: number; escalation: string | null; historical: boolean },
  report: ReportRow,
  revision: RevisionFields,
): Promise<number> {
  const now = event.now.toISOString();
  const rows = await tx.$queryRaw<{ id: number }[]>`
    WITH a AS (
      INSERT INTO alert (watchlist_id, level, title, event_date, killed_min, killed_max, violence, reasons, escalation, historical, assessment, revision, created_at, updated_at)
      VALUES (${event.watchlistId}, ${event.level}, ${event.title}, ${event.eventDate.toISOString()}::timestamptz, ${event.killed?.min ?? null}::int,
        ${event.killed?.max ?? null}::int, ${event.violence}::text[], ${event.reasons}::text[], ${event.escalation}, ${event.historical},
        ${JSON.stringify(event.state)}::jsonb, 1, ${now}::timestamptz, ${now}::timestamptz)
      RETURNING id),
    places AS (INSERT INTO alert_place (alert_id, place_id) SELECT a.id, unnest(${report.placeIds}::int[]) FROM a),
    actors AS (
      INSERT INTO alert_actor (alert_id, actor_id, role)
      SELECT a.id, x."actorId", x.role FROM a, jsonb_to_recordset(${JSON.stringify(report.actors)}::jsonb) AS x("actorId" int, role text)),
    source AS (
      INSERT INTO alert_source (alert_id, item_id, figures, violence, victims, event_date, revision, added_at)
      SELECT a.id, ${report.itemId}, ${JSON.stringify(report.figures)}::jsonb, ${JSON.stringify(report.violence)}::jsonb, ${report.victims}::text[],
        ${report.eventDate.toISOString()}::timestamptz, 1, ${now}::timestamptz FROM a),
    revision AS (
      INSERT INTO alert_revision (alert_id, revision, level, previous_level, killed_min, killed_max, sources, reasons, changes, notified, created_at)
      SELECT a.id, 1, ${event.level}, ${revision.previousLevel}, ${event.killed?.min ?? null}::int, ${event.killed?.max ?? null}::int, ${revision.sources},
        ${event.reasons}::text[], ${revision.changes}::text[], ${revision.notified}, ${now}::timestamptz FROM a)
    SELECT id FROM a`;
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('insertEvent: the insert returned no id');
  return id;
}

/**
 * Records a further report of event `id`: the event's new state, any new places, actors (a
 * perpetrator stays one; a mention never undoes it), the report, and the revision.
 */
export async function updateEvent(tx: Tx, id: number, event: EventFields, report: ReportRow, revision: RevisionFields): Promise<void> {
  const now = event.now.toISOString();
  await tx.$executeRaw`
    WITH updated AS (
      UPDATE alert SET level = ${event.level}, title = ${event.title}, event_date = ${event.eventDate.toISOString()}::timestamptz,
        killed_min = ${event.killed?.min ?? null}::int, killed_max = ${event.killed?.max ?? null}::int, violence = ${event.violence}::text[],
        reasons = ${event.reasons}::text[], assessment = ${JSON.stringify(event.state)}::jsonb, revision = ${event.revision}, updated_at = ${now}::timestamptz
      WHERE id = ${id}),
    places AS (INSERT INTO alert_place (alert_id, place_id) SELECT ${id}, unnest(${report.placeIds}::int[]) ON CONFLICT DO NOTHING),
    actors AS (
      INSERT INTO alert_actor (alert_id, actor_id, role)
      SELECT ${id}, x."actorId", x.role FROM jsonb_to_recordset(${JSON.stringify(report.actors)}::jsonb) AS x("actorId" int, role text)
      ON CONFLICT (alert_id, actor_id) DO UPDATE SET role = CASE WHEN EXCLUDED.role = 'perpetrator' THEN 'perpetrator' ELSE alert_actor.role END),
    source AS (
      INSERT INTO alert_source (alert_id, item_id, figures, violence, victims, event_date, revision, added_at)
      VALUES (${id}, ${report.itemId}, ${JSON.stringify(report.figures)}::jsonb, ${JSON.stringify(report.violence)}::jsonb, ${report.victims}::text[],
        ${report.eventDate.toISOString()}::timestamptz, ${event.revision}, ${now}::timestamptz))
    INSERT INTO alert_revision (alert_id, revision, level, previous_level, killed_min, killed_max, sources, reasons, changes, notified, created_at)
    VALUES (${id}, ${event.revision}, ${event.level}, ${revision.previousLevel}, ${event.killed?.min ?? null}::int, ${event.killed?.max ?? null}::int,
      ${revision.sources}, ${event.reasons}::text[], ${revision.changes}::text[], ${revision.notified}, ${now}::timestamptz)`;
}
