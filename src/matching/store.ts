// Matches in the database: where a watched place or actor (kept by src/catalog, so a match
// points at it by id) was found in an item, with its evidence.
import type { Tx } from '../db/index.js';
import type { EntityMatch } from './match.js';

/** Stores the matches of a newly stored item. */
export async function storeMatches(tx: Tx, itemId: number, matches: readonly EntityMatch[]): Promise<void> {
  if (matches.length === 0) return;
  await tx.match.createMany({
    data: matches.map((m) => ({
      itemId,
      placeId: m.kind === 'place' ? m.entityId : null,
      actorId: m.kind === 'actor' ? m.entityId : null,
      alias: m.alias,
      sentence: m.sentence,
      field: m.field,
      start: m.start,
      end: m.end,
    })),
  });
}
