// Synthetic catalogs for the catalog tests and the bench: a gazetteer the size of Mali's at
// cercle level (20,000 places) with made-up but plausible names, and small hand-made ones.
import type { CatalogConfig } from '../../src/catalog/index.js';
import type { FeedConfig, WatchlistConfig } from '../../src/config/index.js';

const PREFIXES = ['Ogo', 'Dian', 'Sobane', 'Kou', 'Bandia', 'Dinan', 'Djim', 'Goua', 'Ména', 'Tene'];
const SUFFIXES = ['ssagou', 'wéli', 'kanda', 'gourou', 'dougou', 'bougou', 'ré', 'kou'];

/** One watchlist of `places` villages (each with two aliases and its enclosing areas) and `actors` actors, and three feeds. */
export function gazetteer(places: number, actors: number): CatalogConfig {
  const village = (i: number) => `${PREFIXES[i % PREFIXES.length] ?? ''}${SUFFIXES[Math.floor(i / PREFIXES.length) % SUFFIXES.length] ?? ''} ${i}`;
  return {
    feeds: [feed(1), feed(2), feed(3)],
    watchlists: [
      {
        slug: 'gazetteer',
        name: 'Mali gazetteer',
        recommendedActions: 'Alert the protection cluster.',
        file: '/config/watchlists/gazetteer.yaml',
        places: Array.from({ length: places }, (_, i) => ({
          name: village(i),
          kind: 'village' as const,
          aliases: [village(i).normalize('NFKD').replace(/\p{M}/gu, ''), `${village(i)}-Peul`],
          within: [`Commune ${i % 700}`, `Cercle ${i % 50}`, 'Mali'],
          ambiguous: i % 97 === 0,
          ...(i % 3 === 0 ? { coordinates: [10 + (i % 1000) / 100, -5 + (i % 700) / 100] as [number, number] } : {}),
        })),
        actors: Array.from({ length: actors }, (_, i) => ({ name: `Katiba ${i}`, aliases: [`Katiba no. ${i}`, `Brigade ${i}`], type: 'armed-group' as const, communities: [], ambiguous: false })),
      },
    ],
  };
}

/** Feed number n of a made-up publisher. */
export function feed(n: number): FeedConfig {
  return { name: `Feed ${n}`, url: `https://feeds.example.org/${n}/rss.xml`, publisher: `Publisher ${n}`, language: n % 2 === 0 ? 'fr' : 'en', enabled: true };
}

/** A small watchlist with these place and actor names. */
export function watchlist(slug: string, places: string[], actors: string[]): WatchlistConfig {
  return {
    slug,
    name: `Watchlist ${slug}`,
    file: `/config/watchlists/${slug}.yaml`,
    places: places.map((name) => ({ name, kind: 'village' as const, aliases: [], within: ['Mali'], ambiguous: false })),
    actors: actors.map((name) => ({ name, aliases: [], type: 'armed-group' as const, communities: [], ambiguous: false })),
  };
}
