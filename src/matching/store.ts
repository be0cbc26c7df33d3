// Matches in the database: where a watched place or actor (kept by src/catalog, so a match
// points at it by id) was found in an item, with its evidence.
import type { Tx } from '../db/index.js';
import type { EntityMatch } from './types.js';

/** Stores the matches of newly stored items, all in one statement (one jsonb parameter): a row per entity and field, with its count of mentions and the reason an ambiguous name counted. */
export async function storeMatches(tx: Tx, items: readonly { itemId: number; matches: readonly EntityMatch[] }[]): Promise<void> {
  const rows = items.flatMap(({ itemId, matches }) =>
    matches.map((m) => ({
      itemId,
      placeId: m.kind === 'place' ? m.entityId : null,
      actorId: m.kind === 'actor' ? m.entityId : null,
      alias: m.alias,
      sentence: m.sentence,
      field: m.field,
      start: m.start,
      end: m.end,
      count: m.count,
      reason: m.reason,
    })),
  );
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO match (item_id, place_id, actor_id, alias, sentence, field, start, "end", count, reason)
    SELECT x."itemId", x."placeId", x."actorId", x.alias, x.sentence, x.field, x.start, x."end", x.count, x.reason
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS x("itemId" int, "placeId" int, "actorId" int, alias text, sentence text, field text, start int, "end" int, count int, reason text)`;
}
