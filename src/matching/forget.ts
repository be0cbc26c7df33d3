// Stored matches as re-matching reads and replaces them: which watched place or actor each
// item was found to name, and in which field, so a new match set can be compared with it.
import type { Db, Tx } from '../db/index.js';
import type { MatchField, MatchKind } from './types.js';

/** One stored match, as re-matching compares it. */
export interface StoredMatchKey {
  kind: MatchKind;
  entityId: number;
  field: MatchField;
}

/** The stored matches of these items, by item. */
export async function loadStoredMatches(db: Db | Tx, itemIds: readonly number[]): Promise<Map<number, StoredMatchKey[]>> {
  const byItem = new Map<number, StoredMatchKey[]>();
  if (itemIds.length === 0) return byItem;
  const rows = await db.$queryRaw<{ item_id: number; place_id: number | null; actor_id: number | null; field: string }[]>`
    SELECT item_id, place_id, actor_id, field FROM match WHERE item_id = ANY(${itemIds}::int[])`;
  for (const r of rows) {
    const key: StoredMatchKey = { kind: r.place_id !== null ? 'place' : 'actor', entityId: r.place_id ?? r.actor_id ?? 0, field: r.field === 'title' ? 'title' : 'text' };
    const list = byItem.get(r.item_id);
    if (list) list.push(key);
    else byItem.set(r.item_id, [key]);
  }
  return byItem;
}

/** Removes every match of these items (re-matching stores their new ones after). */
export async function deleteMatches(tx: Tx, itemIds: readonly number[]): Promise<void> {
  if (itemIds.length > 0) await tx.$executeRaw`DELETE FROM match WHERE item_id = ANY(${itemIds}::int[])`;
}
