// The catalog read back: what every process compiles its matcher from, whoever synced it.
// Only active rows: a watchlist, place or actor retired from config is kept for history but
// no longer matched.
import type { Db } from '../db/index.js';
import type { MatchableActor, MatchablePlace } from '../matching/index.js';
import { TRANSACTION_LIMITS } from './store.js';

/** An active watchlist with its active places and actors, as the matcher compiles it. */
export interface CatalogWatchlist {
  id: number;
  slug: string;
  name: string;
  places: MatchablePlace[];
  actors: MatchableActor[];
}

/** The active watchlists with their active places and actors, oldest first. */
export async function loadCatalogWatchlists(db: Db): Promise<CatalogWatchlist[]> {
  const active = { retiredAt: null };
  // One snapshot for the three reads, so a sync committed meanwhile is seen whole or not at all.
  const [watchlists, places, actors] = await db.$transaction(
    [
      db.watchlist.findMany({ where: active, select: { id: true, slug: true, name: true }, orderBy: { id: 'asc' } }),
      db.place.findMany({
        where: { ...active, watchlist: active },
        select: { id: true, watchlistId: true, name: true, kind: true, aliases: true, within: true, ambiguous: true, latitude: true, longitude: true },
        orderBy: { id: 'asc' },
      }),
      db.actor.findMany({ where: { ...active, watchlist: active }, select: { id: true, watchlistId: true, name: true, aliases: true, ambiguous: true }, orderBy: { id: 'asc' } }),
    ],
    { ...TRANSACTION_LIMITS, isolationLevel: 'RepeatableRead' },
  );
  const byId = new Map(watchlists.map((w) => [w.id, { ...w, places: [] as MatchablePlace[], actors: [] as MatchableActor[] }]));
  for (const { watchlistId, ...place } of places) byId.get(watchlistId)?.places.push(place);
  for (const { watchlistId, ...actor } of actors) byId.get(watchlistId)?.actors.push(actor);
  return [...byId.values()];
}
