// The catalog of config as the rows the sync statements take (pure). Places and actors name
// their watchlist by slug, so the database joins them to it and no id travels back and forth.
import type { FeedConfig, WatchlistConfig } from '../config/index.js';
import { ERROR_CODES, VigilError } from '../errors.js';

/** The feeds and watchlists of config: what the catalog keeps in the database. */
export interface CatalogConfig {
  readonly feeds: readonly FeedConfig[];
  readonly watchlists: readonly WatchlistConfig[];
}

export interface FeedRow {
  url: string;
  name: string;
  publisher: string;
  language: string | null;
  enabled: boolean;
  interval_minutes: number | null;
}

export interface WatchlistRow {
  slug: string;
  name: string;
  recommended_actions: string | null;
  handling: string | null;
}

export interface PlaceRow {
  slug: string;
  name: string;
  kind: string;
  aliases: readonly string[];
  within: readonly string[];
  ambiguous: boolean;
  latitude: number | null;
  longitude: number | null;
  ref: string | null;
}

export interface ActorRow {
  slug: string;
  name: string;
  type: string;
  aliases: readonly string[];
  communities: readonly string[];
  ambiguous: boolean;
}

/** One array per table; each becomes the jsonb parameter of that table's statement. */
export interface CatalogRows {
  feeds: FeedRow[];
  watchlists: WatchlistRow[];
  places: PlaceRow[];
  actors: ActorRow[];
}

/** The rows of a catalog; throws VIGIL_CONFIG_INVALID when a watchlist names a place or actor twice. */
export function catalogRows(catalog: CatalogConfig): CatalogRows {
  const rows: CatalogRows = { feeds: [], watchlists: [], places: [], actors: [] };
  for (const f of catalog.feeds) {
    rows.feeds.push({ url: f.url, name: f.name, publisher: f.publisher, language: f.language ?? null, enabled: f.enabled, interval_minutes: f.intervalMinutes ?? null });
  }
  for (const w of catalog.watchlists) {
    // (watchlist, name) is the key of a place and of an actor: one statement cannot write a key twice.
    assertUnique(w, 'place', w.places.map((p) => p.name));
    assertUnique(w, 'actor', w.actors.map((a) => a.name));
    rows.watchlists.push({ slug: w.slug, name: w.name, recommended_actions: w.recommendedActions ?? null, handling: w.handling ?? null });
    for (const p of w.places) {
      const [latitude, longitude] = p.coordinates ?? [null, null];
      rows.places.push({ slug: w.slug, name: p.name, kind: p.kind, aliases: p.aliases, within: p.within, ambiguous: p.ambiguous, latitude, longitude, ref: p.ref ?? null });
    }
    for (const a of w.actors) rows.actors.push({ slug: w.slug, name: a.name, type: a.type, aliases: a.aliases, communities: a.communities, ambiguous: a.ambiguous });
  }
  return rows;
}

function assertUnique(watchlist: WatchlistConfig, what: 'place' | 'actor', names: readonly string[]): void {
  const seen = new Set<string>();
  const twice = [...new Set(names.filter((name) => seen.size === seen.add(name).size))];
  if (twice.length === 0) return;
  throw new VigilError(
    ERROR_CODES.CONFIG_INVALID,
    `Watchlist "${watchlist.slug}" (${watchlist.file}) lists the ${what} ${twice.map((n) => `"${n}"`).join(', ')} more than once; each ${what} name may appear once per watchlist.`,
  );
}
