// Watchlists and matches in the database. Watchlists are synced from config at start, so
// matches and alerts can point at a place or actor by id; an entry removed from config keeps
// its row (history refers to it) and is simply no longer matched.
import type { WatchlistConfig } from '../config/index.js';
import type { Db, Tx } from '../db/index.js';
import type { EntityMatch, MatchableWatchlist } from './match.js';

/** A watchlist synced to the database, ready to compile. */
export interface SyncedWatchlist extends MatchableWatchlist {
  slug: string;
  name: string;
}

/** Upserts every watchlist, place and actor of the config; returns them with their ids. */
export async function syncWatchlists(db: Db, watchlists: readonly WatchlistConfig[]): Promise<SyncedWatchlist[]> {
  return db.$transaction(async (tx) => {
    const synced: SyncedWatchlist[] = [];
    for (const w of watchlists) {
      const fields = { name: w.name, recommendedActions: w.recommendedActions ?? null };
      const row = await tx.watchlist.upsert({ where: { slug: w.slug }, create: { slug: w.slug, ...fields }, update: fields, select: { id: true } });
      const places = [];
      for (const p of w.places) {
        const data = { kind: p.kind, aliases: p.aliases, within: p.within, ambiguous: p.ambiguous, latitude: p.coordinates?.[0] ?? null, longitude: p.coordinates?.[1] ?? null };
        const key = { watchlistId_name: { watchlistId: row.id, name: p.name } };
        const place = await tx.place.upsert({ where: key, create: { watchlistId: row.id, name: p.name, ...data }, update: data, select: { id: true } });
        places.push({ id: place.id, name: p.name, aliases: p.aliases, within: p.within, ambiguous: p.ambiguous });
      }
      const actors = [];
      for (const a of w.actors) {
        const data = { type: a.type, aliases: a.aliases };
        const key = { watchlistId_name: { watchlistId: row.id, name: a.name } };
        const actor = await tx.actor.upsert({ where: key, create: { watchlistId: row.id, name: a.name, ...data }, update: data, select: { id: true } });
        actors.push({ id: actor.id, name: a.name, aliases: a.aliases });
      }
      synced.push({ id: row.id, slug: w.slug, name: w.name, places, actors });
    }
    return synced;
  });
}

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
