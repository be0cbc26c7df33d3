// Events a watchlist change took the ground from. When re-matching removes matches, an event
// none of whose reports still names one of its places stands on nothing: it is marked
// withdrawn with the reason (kept, shown as withdrawn, never deleted), and its emails not yet
// sent are cancelled. An event some report still supports stays as it is.
import type { Tx } from '../db/index.js';

/**
 * Withdraws the events of these items' reports that none of their reports supports any more,
 * giving as reason the change (`because`, e.g. "After a watchlist change on 2026-11-27") and
 * the event's places; returns their ids.
 */
export async function withdrawUnsupportedEvents(tx: Tx, itemIds: readonly number[], now: Date, because: string): Promise<number[]> {
  if (itemIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: number }[]>`
    WITH touched AS (
      SELECT DISTINCT s.alert_id AS id FROM alert_source s JOIN alert a ON a.id = s.alert_id
      WHERE s.item_id = ANY(${itemIds}::int[]) AND a.withdrawn_at IS NULL),
    unsupported AS (
      SELECT t.id FROM touched t
      WHERE NOT EXISTS (
        SELECT 1 FROM alert_source s JOIN alert_place ap ON ap.alert_id = s.alert_id
          JOIN match m ON m.item_id = s.item_id AND m.place_id = ap.place_id
        WHERE s.alert_id = t.id))
    UPDATE alert a SET withdrawn_at = ${now},
      withdrawn_reason = ${because} || ', no report of this event names '
        || (SELECT string_agg(p.name, ', ' ORDER BY p.name) FROM alert_place ap JOIN place p ON p.id = ap.place_id WHERE ap.alert_id = a.id)
        || ' any more.'
    FROM unsupported u WHERE a.id = u.id
    RETURNING a.id`;
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) {
    await tx.$executeRaw`
      UPDATE delivery SET status = 'cancelled', last_error = 'event withdrawn'
      WHERE alert_id = ANY(${ids}::int[]) AND status = 'pending'`;
  }
  return ids.sort((a, b) => a - b);
}

/** The watchlists of the events these items are reports of. */
export async function watchlistsOfItemEvents(tx: Tx, itemIds: readonly number[]): Promise<number[]> {
  if (itemIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: number }[]>`
    SELECT DISTINCT a.watchlist_id AS id FROM alert_source s JOIN alert a ON a.id = s.alert_id WHERE s.item_id = ANY(${itemIds}::int[])`;
  return rows.map((r) => r.id);
}
