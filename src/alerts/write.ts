// Events written: a new event in one statement — the event row, its places and actors, the report
// and the revision together — and the further reports of a batch's events together in another.
// They run inside the ingest transaction, where each round trip counts (see the events row of
// `npm run bench`).
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

/** A further report of event `id`: the event's fields after it, the report and its revision. */
export interface Join {
  id: number;
  event: EventFields;
  report: ReportRow;
  revision: RevisionFields;
}

/**
 * Records further reports of events, in one statement: each event's fields as its last report
 * left them, any new places, actors (a perpetrator stays one; a mention never undoes it), every
 * report and every revision — what writing each report in turn would leave.
 */
export async function writeJoins(tx: Tx, joins: readonly Join[]): Promise<void> {
  if (joins.length === 0) return;
  const last = new Map(joins.map((j) => [j.id, j.event]));
  const events = [...last].map(([id, e]) => ({ id, level: e.level, title: e.title, eventDate: e.eventDate, killedMin: e.killed?.min ?? null, killedMax: e.killed?.max ?? null, violence: e.violence, reasons: e.reasons, assessment: e.state, revision: e.revision, now: e.now }));
  const places = [...new Set(joins.flatMap((j) => j.report.placeIds.map((placeId) => `${j.id}:${placeId}`)))].map((key) => key.split(':').map(Number));
  const sources = joins.map((j) => ({ alertId: j.id, itemId: j.report.itemId, figures: j.report.figures, violence: j.report.violence, victims: j.report.victims, eventDate: j.report.eventDate, revision: j.event.revision, now: j.event.now }));
  const revisions = joins.map(({ id, event, revision }) => ({ alertId: id, revision: event.revision, level: event.level, previousLevel: revision.previousLevel, killedMin: event.killed?.min ?? null, killedMax: event.killed?.max ?? null, sources: revision.sources, reasons: event.reasons, changes: revision.changes, notified: revision.notified, now: event.now }));
  await tx.$executeRaw`
    WITH updated AS (
      UPDATE alert a SET level = x.level, title = x.title, event_date = x."eventDate", killed_min = x."killedMin", killed_max = x."killedMax",
        violence = ARRAY(SELECT jsonb_array_elements_text(x.violence)), reasons = ARRAY(SELECT jsonb_array_elements_text(x.reasons)),
        assessment = x.assessment, revision = x.revision, updated_at = x.now
      FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
        AS x(id int, level text, title text, "eventDate" timestamptz, "killedMin" int, "killedMax" int, violence jsonb, reasons jsonb, assessment jsonb, revision int, now timestamptz)
      WHERE a.id = x.id),
    places AS (
      INSERT INTO alert_place (alert_id, place_id) SELECT (x->>0)::int, (x->>1)::int FROM jsonb_array_elements(${JSON.stringify(places)}::jsonb) x
      ON CONFLICT DO NOTHING),
    actors AS (
      INSERT INTO alert_actor (alert_id, actor_id, role)
      SELECT x."alertId", x."actorId", x.role FROM jsonb_to_recordset(${JSON.stringify(actorRoles(joins))}::jsonb) AS x("alertId" int, "actorId" int, role text)
      ON CONFLICT (alert_id, actor_id) DO UPDATE SET role = CASE WHEN EXCLUDED.role = 'perpetrator' THEN 'perpetrator' ELSE alert_actor.role END),
    source AS (
      INSERT INTO alert_source (alert_id, item_id, figures, violence, victims, event_date, revision, added_at)
      SELECT x."alertId", x."itemId", x.figures, x.violence, ARRAY(SELECT jsonb_array_elements_text(x.victims)), x."eventDate", x.revision, x.now
      FROM jsonb_to_recordset(${JSON.stringify(sources)}::jsonb)
        AS x("alertId" int, "itemId" int, figures jsonb, violence jsonb, victims jsonb, "eventDate" timestamptz, revision int, now timestamptz))
    INSERT INTO alert_revision (alert_id, revision, level, previous_level, killed_min, killed_max, sources, reasons, changes, notified, created_at)
    SELECT x."alertId", x.revision, x.level, x."previousLevel", x."killedMin", x."killedMax", x.sources,
      ARRAY(SELECT jsonb_array_elements_text(x.reasons)), ARRAY(SELECT jsonb_array_elements_text(x.changes)), x.notified, x.now
    FROM jsonb_to_recordset(${JSON.stringify(revisions)}::jsonb)
      AS x("alertId" int, revision int, level text, "previousLevel" text, "killedMin" int, "killedMax" int, sources int, reasons jsonb, changes jsonb, notified boolean, now timestamptz)`;
}

// One row per event and actor (a statement may not upsert a row twice): a perpetrator in any
// report stays one, as it would report by report.
function actorRoles(joins: readonly Join[]): { alertId: number; actorId: number; role: 'perpetrator' | 'mentioned' }[] {
  const roles = new Map<string, { alertId: number; actorId: number; role: 'perpetrator' | 'mentioned' }>();
  for (const { id, report } of joins) {
    for (const { actorId, role } of report.actors) {
      const seen = roles.get(`${id}:${actorId}`);
      if (!seen || role === 'perpetrator') roles.set(`${id}:${actorId}`, { alertId: id, actorId, role });
    }
  }
  return [...roles.values()];
}
