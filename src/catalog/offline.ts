// The config's watchlists as the matcher takes them, without a database: ids are numbered in
// order (watchlists from 1, places and actors from 1 across all), the way a fresh sync would
// give them. For commands that check config against text (`feeds check`, `watchlists test`).
import type { WatchlistConfig } from '../config/index.js';
import type { CatalogWatchlist } from './load.js';

/** The watchlists of config with synthetic ids, ready for `compileMatcher`. */
export function offlineWatchlists(watchlists: readonly WatchlistConfig[]): CatalogWatchlist[] {
  let id = 0;
  return watchlists.map((w, i) => ({
    id: i + 1,
    slug: w.slug,
    name: w.name,
    places: w.places.map((p) => ({
      id: ++id,
      name: p.name,
      kind: p.kind,
      aliases: p.aliases,
      within: p.within,
      ambiguous: p.ambiguous,
      latitude: p.coordinates?.[0] ?? null,
      longitude: p.coordinates?.[1] ?? null,
    })),
    actors: w.actors.map((a) => ({ id: ++id, name: a.name, aliases: a.aliases, ambiguous: a.ambiguous })),
  }));
}
